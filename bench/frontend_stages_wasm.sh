#!/usr/bin/env bash
# Times the front-end stages in WASM SIMD under Node: compiles bench/bench_frontend_stages.c with the audio
# and features sources by emcc alone (no XNNPACK needed, ~10 s), runs it on a recording repeated to 30 s.
#   bench/frontend_stages_wasm.sh [WAV] [RUNS]    (prints the program's JSON)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${NODE_PATH:-}" ] && [ -d /usr/share/nodejs ]; then export NODE_PATH=/usr/share/nodejs; fi
k=third_party/kissfft-131.1.0
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# the core's flags in WASM (cmake/wasm.cmake): -O3 -msimd128; node reads the file through NODERAWFS
emcc -O3 -msimd128 -std=c11 -Wall -Wextra -Isrc -I"$k" -Dkiss_fft_scalar=double \
  -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0 \
  bench/bench_frontend_stages.c src/audio/*.c src/features/*.c src/model/windowing.c src/status.c \
  "$k/kiss_fft.c" "$k/kiss_fftr.c" -o "$out/fe.js"
node "$out/fe.js" "${1:-build/data-wav/training-a/a0001.wav}" "${2:-31}"
