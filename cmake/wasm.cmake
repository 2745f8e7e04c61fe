# WebAssembly build (Emscripten): heartsound-core.js + heartsound-core.wasm, an ES module factory that
# web/heartsound.js imports. Included from CMakeLists.txt when EMSCRIPTEN is set
# (scripts/build.sh: emcmake cmake -S . -B build/wasm).

set(HS_WASM_FLAGS -msimd128 -O3)
# The core library is defined before this file is included: give it SIMD and -O3 here (later -O wins).
target_compile_options(heartsound_core PRIVATE ${HS_WASM_FLAGS})

# hs_wasm_module(TARGET SOURCES...): an ES module factory (createHeartsoundCore) over the C core, exporting
# malloc/free plus every EMSCRIPTEN_KEEPALIVE hsw_* of SOURCES (kept alive by the attribute; listed here too
# so older and newer emcc agree on the exported names).
function(hs_wasm_module target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE heartsound_core)
  target_compile_options(${target} PRIVATE ${HS_WASM_FLAGS})
  set_target_properties(${target} PROPERTIES SUFFIX ".js")
  set(exports _malloc _free)
  foreach(src ${ARGN})
    file(STRINGS ${src} _hsw_lines REGEX "^HSW_API [^(]*[ *]hsw_[a-z0-9_]+\\(")
    foreach(l ${_hsw_lines})
      string(REGEX MATCH "hsw_[a-z0-9_]+" fn "${l}")
      list(APPEND exports "_${fn}")
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES exports)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ARGN}) # new hsw_* -> re-export
  string(REPLACE ";" "," exports_csv "${exports}")
  target_link_options(${target} PRIVATE
    ${HS_WASM_FLAGS}
    -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createHeartsoundCore
    -sENVIRONMENT=web,worker,node
    -sFILESYSTEM=0
    -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB
    -sEXPORTED_FUNCTIONS=${exports_csv}
    -sEXPORTED_RUNTIME_METHODS=HEAPU8,HEAPU32,HEAPF32,HEAPF64,UTF8ToString)
  # Emscripten < 3.1.26 emits `__dirname` and `require` in ES6 output under Node (fixed upstream by
  # emscripten PR 17915); define both at module scope, only for those versions and only when run by Node.
  if(EMSCRIPTEN_VERSION VERSION_LESS 3.1.26)
    set(_pre "${CMAKE_CURRENT_SOURCE_DIR}/cmake/wasm-node-es6-shim.js")
    target_link_options(${target} PRIVATE "SHELL:--extern-pre-js ${_pre}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${_pre}")
  endif()
  message(STATUS "${target}: emscripten ${EMSCRIPTEN_VERSION}, exports ${exports_csv}")
endfunction()

# The shipped core (dist/heartsound-core.*): the binding of heartsound.h and nothing else.
hs_wasm_module(heartsound-core src/wasm/binding.c)
# The same plus test and benchmark hooks below the public API (the int8 CNN runtime itself): Node tests and
# benchmarks only, never copied into dist/.
hs_wasm_module(heartsound-core-test src/wasm/binding.c tests/wasm/cnn_q8_binding.c)
target_include_directories(heartsound-core-test PRIVATE src)

# bench/bench_yamnet.c in WASM, run by Node with the host file system (node build/wasm/bench_yamnet_wasm.cjs
# TFLITE REPS): the YAMNet backbone per engine in WASM SIMD, for docs/BENCHMARKS.md.
add_executable(bench_yamnet_wasm bench/bench_yamnet.c)
target_link_libraries(bench_yamnet_wasm PRIVATE heartsound_convert)
target_compile_options(bench_yamnet_wasm PRIVATE ${HS_WASM_FLAGS})
target_link_options(bench_yamnet_wasm PRIVATE ${HS_WASM_FLAGS} -sENVIRONMENT=node -sNODERAWFS=1
  -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0)
set_target_properties(bench_yamnet_wasm PROPERTIES SUFFIX ".cjs") # CommonJS: package.json says "type": "module"

# C unit tests whose code has a wasm SIMD path of its own (src/nn/q8_maxpool.c), built for Node and run by
# tests/node/wasm_c_tests.test.mjs: the native ctest only ever exercises the portable C path.
foreach(t test_q8_kernels)
  add_executable(${t}_wasm tests/c/${t}.c tests/c/testutil.c)
  target_include_directories(${t}_wasm PRIVATE tests/c)
  target_compile_definitions(${t}_wasm PRIVATE HS_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  target_link_libraries(${t}_wasm PRIVATE heartsound_core)
  target_compile_options(${t}_wasm PRIVATE ${HS_WASM_FLAGS})
  target_link_options(${t}_wasm PRIVATE ${HS_WASM_FLAGS} -sENVIRONMENT=node -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1
    -sWASM_ASYNC_COMPILATION=0 -sEXIT_RUNTIME=1)
  set_target_properties(${t}_wasm PROPERTIES SUFFIX ".cjs")
endforeach()
