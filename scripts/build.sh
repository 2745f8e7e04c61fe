#!/usr/bin/env bash
# Build native (build/native: CLI, trainer, tests) and WebAssembly (build/wasm), and assemble the static
# site in dist/ (web/* with the examples + heartsound-core.js/.wasm + models/*.hsm + precache.js).
# Incremental and out-of-tree.
#   scripts/build.sh [native|wasm|dist|site ...]   (default: native wasm dist; site = wasm dist, what
#                                                   `npm run build`, `npm start` and GitHub Pages build)
#   HS_JOBS       parallel build jobs (default 2: the build machines have 2 cores)
#   HS_WASM_DIR   the wasm build dir that dist/ takes its core from (default build/wasm)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${HS_JOBS:-2}"
log() { echo "build: $*" >&2; }

# Debian's emscripten 3.1.6 finds its node modules (acorn) only through NODE_PATH; harmless elsewhere.
if [ -z "${NODE_PATH:-}" ] && [ -d /usr/share/nodejs ]; then export NODE_PATH=/usr/share/nodejs; fi
# Its emcc wrapper runs `python3` from PATH for every file it compiles (XNNPACK has ~600); a version-manager
# shim there (pyenv) costs several extra processes each time. The system python is what the package targets.
if [ -z "${EMSDK_PYTHON:-}" ] && [ -x /usr/bin/python3 ]; then export EMSDK_PYTHON=/usr/bin/python3; fi

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
  deps
  log "native -> build/native"
  configure build/native cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release
  cmake --build build/native -j"$jobs"
}

# build_wasm [TARGET]: every WASM target (the core, the test core, WASM tests and benchmarks), or one.
build_wasm() {
  deps
  bash scripts/deps.sh emscripten || return 1
  log "wasm -> build/wasm ($(emcc --version 2>/dev/null | head -1))${1:+, target $1}"
  configure build/wasm emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release
  cmake --build build/wasm -j"$jobs" ${1:+--target "$1"}
}

# precache.js for the service worker (web/sw.js): the build's version (a hash of every file, so a new build
# installs a new worker and drops the old cache), the files cached at install ("shell": the page, its code,
# the core and the default model) and those cached after the first result ("extra": the examples).
write_precache() {
  local d="$1" version shell extra
  version=$(cd "$d" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  shell=$(cd "$d" && { echo './'; find . -maxdepth 1 -type f ! -name sw.js ! -name precache.js -printf '%P\n'
                       [ -f models/cnn.hsm ] && echo models/cnn.hsm
                       [ -f examples/examples.json ] && echo examples/examples.json; } |
          LC_ALL=C sort | sed 's/.*/"&"/' | paste -sd, -)
  extra=$(cd "$d" && { [ -d examples ] && find examples -name '*.wav' -printf '%p\n'; } | LC_ALL=C sort |
          sed 's/.*/"&"/' | paste -sd, -)
  printf '// Written by scripts/build.sh: what sw.js caches.\nself.HS_PRECACHE = {"version":"%s","shell":[%s],"extra":[%s]};\n' \
    "$version" "$shell" "$extra" > "$d/precache.js"
}

# Assemble dist/ in a fresh folder and swap it in, so a running server never sees a half-written site.
# Models: the committed ones, YAMNet's combined file (Google's backbone + our head, models/NOTICE-YAMNet.md)
# included, with its licence; the page fetches models/yamnet.hsm only when YAMNet is chosen.
build_dist() {
  local new="dist.new.$$"
  rm -rf "$new"
  mkdir -p "$new/models"
  cp -R web/. "$new/"
  local wasm="${HS_WASM_DIR:-build/wasm}"
  cp "$wasm/heartsound-core.js" "$wasm/heartsound-core.wasm" "$new/"
  local m
  for m in models/*.hsm models/LICENSE-* models/NOTICE-*; do [ -f "$m" ] && cp "$m" "$new/models/"; done
  [ -f models/yamnet.hsm ] || log "no models/yamnet.hsm: the page will say YAMNet is unavailable"
  write_precache "$new"
  rm -rf dist.old && { [ ! -e dist ] || mv dist dist.old; } && mv "$new" dist && rm -rf dist.old
  log "dist/ ready: $(cd dist && find . -type f | wc -l) files ($(du -sh dist | cut -f1))"
}

[ $# -gt 0 ] || set -- native wasm dist
for step in "$@"; do
  case "$step" in
    native) build_native ;;
    wasm) build_wasm ;;
    dist) build_dist ;;
    site) build_wasm heartsound-core; build_dist ;; # the page needs only the shipped core
    *) log "unknown step '$step' (native|wasm|dist|site)"; exit 2 ;;
  esac
done
