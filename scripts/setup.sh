#!/usr/bin/env bash
# Install what the build and tests need and is missing. As root on Debian/Ubuntu it apt-get installs the
# missing packages; otherwise it only lists them. Then `npm ci` (or `npm install`) if node_modules is absent.
#   scripts/setup.sh            everything (build + tests + browser tests)
#   HS_SETUP_MINIMAL=1          only what the native and WebAssembly builds need (no test tools)
#   HS_SETUP_SITE=1             only what the site needs (`npm start`, `npm run build`): cmake, make,
#                               Emscripten (its clang is the compiler), xz and dpkg-dev for the sources
#   HS_SETUP_NPM=0              skip the npm step (.ci/run runs npm ci itself)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "setup: $*" >&2; }

# package:command pairs; an empty command means "check with dpkg -s only".
# libcpuinfo-dev: native XNNPACK dispatches kernels by CPU; g++: XNNPACK has a few C++ files;
# dpkg-dev: `apt-get source` (scripts/deps.sh) fetches from the Debian source archive.
# libopenblas-dev: the trainer's conv GEMMs (CMake falls back to C loops without it).
build_pkgs=(cmake:cmake gcc:gcc g++:g++ make:make emscripten:emcc xz-utils:xz libcpuinfo-dev: dpkg-dev:dpkg-source libopenblas-dev:)
site_pkgs=(cmake:cmake make:make emscripten:emcc xz-utils:xz dpkg-dev:dpkg-source)
test_pkgs=(flac:flac python3-numpy: python3-scipy: clang:clang libclang-rt-14-dev: chromium:chromium sox:sox)

have() {
  local pkg="${1%%:*}" cmd="${1#*:}"
  if [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1; then return 0; fi
  command -v dpkg >/dev/null 2>&1 && dpkg -s "$pkg" >/dev/null 2>&1 && \
    [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ]
}

if [ -n "${HS_SETUP_SITE:-}" ]; then
  wanted=("${site_pkgs[@]}")
else
  wanted=("${build_pkgs[@]}")
  [ -n "${HS_SETUP_MINIMAL:-}" ] || wanted+=("${test_pkgs[@]}")
fi
missing=()
for p in "${wanted[@]}"; do have "$p" || missing+=("${p%%:*}"); done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    log "missing packages (install them, e.g. sudo apt-get install ${missing[*]}): continuing"
  fi
else
  log "system packages present"
fi

if [ "${HS_SETUP_NPM:-1}" != 0 ] && [ ! -d node_modules ] && [ -f package.json ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
