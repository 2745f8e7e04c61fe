#!/usr/bin/env bash
# C_COMPILER_LAUNCHER of XNNPACK's microkernels for WebAssembly (cmake/xnnpack.cmake):
#   wasm-clang.sh CLANG EMCC_FLAGS... -- EMCC ARGS...   runs   CLANG EMCC_FLAGS... ARGS...
# which is what emcc itself would run for these files, without starting emcc (a Python program) for each.
set -e
clang=$1
shift
flags=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done
shift 2 # "--" and the emcc that CMake would have run
exec "$clang" "${flags[@]}" "$@"
