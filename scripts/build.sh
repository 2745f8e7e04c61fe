#!/usr/bin/env bash
# Build everything: native (build/native: CLI, trainer, tests) and WebAssembly (build/wasm), then assemble
# the static site in dist/ (web/* + heartsound-core.js/.wasm + models/*.hsm). Incremental and out-of-tree.
#   scripts/build.sh [native|wasm|dist ...]   (default: all three)
#   HS_JOBS       parallel build jobs (default 2: the build machines have 2 cores)
#   HS_WASM_DIR   the wasm build dir that dist/ takes its core from (default build/wasm)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${HS_JOBS:-2}"
log() { echo "build: $*" >&2; }

# Debian's emscripten 3.1.6 finds its node modules (acorn) only through NODE_PATH; harmless elsewhere.
if [ -z "${NODE_PATH:-}" ] && [ -d /usr/share/nodejs ]; then export NODE_PATH=/usr/share/nodejs; fi

# Third-party sources: fetched when one is missing. XNNPACK is optional (CMake builds without it when its
# sources are absent), so only KissFFT's absence is fatal.
deps() {
  if [ ! -f third_party/kissfft-131.1.0/kiss_fftr.c ] || [ ! -f third_party/xnnpack/CMakeLists.txt ]; then
    bash scripts/deps.sh all || log "scripts/deps.sh all failed: building with what is there"
  fi
  [ -f third_party/kissfft-131.1.0/kiss_fftr.c ] || { log "KissFFT missing (scripts/deps.sh kissfft)"; exit 1; }
}

# configure DIR CMD...: configure once (cmake re-runs itself when CMakeLists/globs change); again if an
# earlier configure stopped before generating the build files.
configure() {
  local dir="$1"; shift
  [ -f "$dir/CMakeCache.txt" ] && { [ -f "$dir/Makefile" ] || [ -f "$dir/build.ninja" ]; } || "$@"
}

build_native() {
  log "native -> build/native"
  configure build/native cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release
  cmake --build build/native -j"$jobs"
}

build_wasm() {
  bash scripts/deps.sh emscripten || return 1
  log "wasm -> build/wasm ($(emcc --version 2>/dev/null | head -1))"
  configure build/wasm emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release
  cmake --build build/wasm -j"$jobs"
}

# Assemble dist/ in a fresh folder and swap it in, so a running server never sees a half-written site.
build_dist() {
  local new="dist.new.$$"
  rm -rf "$new"
  mkdir -p "$new/models"
  cp -R web/. "$new/"
  local wasm="${HS_WASM_DIR:-build/wasm}"
  cp "$wasm/heartsound-core.js" "$wasm/heartsound-core.wasm" "$new/"
  local m
  for m in models/*.hsm; do [ -f "$m" ] && cp "$m" "$new/models/"; done
  # YAMNet for the page: Google's backbone (never committed; docs/YAMNET.md) + our head -> one file that
  # createClassifier({model: 'yamnet'}) fetches only when asked. Skipped when the weights are absent.
  local yt="${HEARTSOUND_WEIGHTS:-../shared/weights}/yamnet/yamnet-int8-fixed15600.tflite"
  if [ -f "$yt" ] && [ -f models/yamnet-head.hsm ] && [ -x build/native/heartsound ]; then
    build/native/heartsound convert-yamnet "$yt" "$new/models/yamnet.hsm" --head models/yamnet-head.hsm >/dev/null
  else
    log "no dist/models/yamnet.hsm (needs $yt, models/yamnet-head.hsm and build/native/heartsound)"
  fi
  rm -rf dist.old && { [ ! -e dist ] || mv dist dist.old; } && mv "$new" dist && rm -rf dist.old
  log "dist/ ready: $(cd dist && find . -type f | wc -l) files ($(du -sh dist | cut -f1))"
}

[ $# -gt 0 ] || set -- native wasm dist
deps
for step in "$@"; do
  case "$step" in
    native) build_native ;;
    wasm) build_wasm ;;
    dist) build_dist ;;
    *) log "unknown step '$step' (native|wasm|dist)"; exit 2 ;;
  esac
done
