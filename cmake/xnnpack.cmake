# XNNPACK for the int8 CNN runtime (src/nn/xnn_runtime.c), native or WASM SIMD.
# Sources come from scripts/deps.sh xnnpack into third_party/; cmake/xnnpack-wrapper builds them as a
# separate project inside this build directory (once: ~90 s on 2 cores) into static libraries.
# Provides hs_use_xnnpack(target): links XNNPACK and defines HS_HAVE_XNNPACK=1 (no-op when HS_XNNPACK=OFF).
include(ExternalProject)

set(_hs_xnn_present OFF)
if(EXISTS "${HS_THIRD_PARTY}/xnnpack/CMakeLists.txt" AND EXISTS "${HS_THIRD_PARTY}/pthreadpool/CMakeLists.txt"
   AND EXISTS "${HS_THIRD_PARTY}/fxdiv/include/fxdiv.h")
  set(_hs_xnn_present ON)
endif()
option(HS_XNNPACK "int8 inference on XNNPACK (sources via scripts/deps.sh xnnpack)" ${_hs_xnn_present})

if(HS_XNNPACK AND NOT _hs_xnn_present)
  message(STATUS "XNNPACK sources missing: running scripts/deps.sh xnnpack")
  execute_process(COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/scripts/deps.sh" xnnpack RESULT_VARIABLE _deps_rc)
  if(NOT _deps_rc EQUAL 0)
    message(FATAL_ERROR "scripts/deps.sh xnnpack failed; configure with -DHS_XNNPACK=OFF to build without it")
  endif()
endif()

# HS_XNNPACK_PREBUILT: the xnnpack/ folder of another build directory of the same kind (native or wasm)
# whose lib/ already holds the three libraries: they are linked instead of building XNNPACK again.
set(HS_XNNPACK_PREBUILT "" CACHE PATH "reuse XNNPACK libraries built by another build directory (its xnnpack/ folder)")

# XNNPACK for WebAssembly: ~700 source files, ~530 of them microkernels built at -O2. emcc is a Python program
# that starts for every file and then runs clang; for the microkernels the wrapper calls that clang with the
# flags emcc would give it (`emcc --cflags -O2`), which makes the same objects (compared byte for byte) in
# half the CPU time. OUT is set to the arguments that make the inner project do so, or left empty (emcc
# compiles everything) when emcc's clang cannot be found or HS_XNNPACK_DIRECT_CLANG is OFF.
option(HS_XNNPACK_DIRECT_CLANG "WASM: compile XNNPACK's microkernels with emcc's clang and flags directly" ON)
function(hs_xnnpack_wasm_compiler out)
  set(${out} "" PARENT_SCOPE)
  if(NOT HS_XNNPACK_DIRECT_CLANG)
    return()
  endif()
  get_filename_component(_emdir "${CMAKE_C_COMPILER}" DIRECTORY)
  find_program(_hs_emconfig NAMES em-config em-config.py HINTS "${_emdir}" NO_DEFAULT_PATH)
  if(NOT _hs_emconfig)
    return()
  endif()
  execute_process(COMMAND "${CMAKE_C_COMPILER}" --cflags -O2 OUTPUT_VARIABLE _cflags RESULT_VARIABLE _rc1
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  execute_process(COMMAND "${_hs_emconfig}" LLVM_ROOT OUTPUT_VARIABLE _llvm RESULT_VARIABLE _rc2
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT _rc1 EQUAL 0 OR NOT _rc2 EQUAL 0 OR NOT _cflags MATCHES "wasm32" OR NOT EXISTS "${_llvm}/clang")
    return()
  endif()
  message(STATUS "XNNPACK microkernels for WASM: compiled by ${_llvm}/clang with emcc's flags")
  set(${out} "-DHS_WASM_CLANG=${_llvm}/clang" "-DHS_EM_CFLAGS=${_cflags}" PARENT_SCOPE)
endfunction()

if(HS_XNNPACK)
  set(_hs_xnn_bin "${CMAKE_BINARY_DIR}/xnnpack")
  if(HS_XNNPACK_PREBUILT)
    set(_hs_xnn_bin "${HS_XNNPACK_PREBUILT}")
  endif()
  set(_hs_xnn_libs "${_hs_xnn_bin}/lib/libXNNPACK.a" "${_hs_xnn_bin}/lib/libmicrokernels-prod.a"
                   "${_hs_xnn_bin}/lib/libpthreadpool.a")
  set(_hs_xnn_args -DCMAKE_BUILD_TYPE=Release -DHS_THIRD_PARTY=${HS_THIRD_PARTY})
  if(EMSCRIPTEN)
    hs_xnnpack_wasm_compiler(_hs_xnn_direct)
  endif()
  list(APPEND _hs_xnn_args -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER} ${_hs_xnn_direct})
  if(CMAKE_TOOLCHAIN_FILE)
    list(APPEND _hs_xnn_args -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE})
  endif()
  add_library(hs_xnnpack INTERFACE)
  if(HS_XNNPACK_PREBUILT)
    foreach(_lib ${_hs_xnn_libs})
      if(NOT EXISTS "${_lib}")
        message(FATAL_ERROR "HS_XNNPACK_PREBUILT=${HS_XNNPACK_PREBUILT}: ${_lib} missing")
      endif()
    endforeach()
    message(STATUS "XNNPACK: prebuilt libraries from ${HS_XNNPACK_PREBUILT}")
  else()
    ExternalProject_Add(xnnpack_build
      SOURCE_DIR "${CMAKE_CURRENT_SOURCE_DIR}/cmake/xnnpack-wrapper"
      BINARY_DIR "${_hs_xnn_bin}"
      CMAKE_ARGS ${_hs_xnn_args}
      INSTALL_COMMAND ""
      BUILD_BYPRODUCTS ${_hs_xnn_libs})
    add_dependencies(hs_xnnpack xnnpack_build)
  endif()
  target_include_directories(hs_xnnpack INTERFACE "${HS_THIRD_PARTY}/xnnpack/include"
                                                   "${HS_THIRD_PARTY}/pthreadpool/include")
  target_link_libraries(hs_xnnpack INTERFACE ${_hs_xnn_libs})
  if(NOT EMSCRIPTEN)
    # XNNPACK has a few C++ files (weight packing) and dispatches kernels by cpuinfo at run time.
    find_library(HS_CPUINFO_LIBRARY cpuinfo REQUIRED)
    find_package(Threads REQUIRED)
    target_link_libraries(hs_xnnpack INTERFACE ${HS_CPUINFO_LIBRARY} Threads::Threads stdc++ m)
  endif()
endif()

function(hs_use_xnnpack target)
  if(HS_XNNPACK)
    target_link_libraries(${target} PUBLIC hs_xnnpack)
    target_compile_definitions(${target} PUBLIC HS_HAVE_XNNPACK=1)
  endif()
endfunction()
