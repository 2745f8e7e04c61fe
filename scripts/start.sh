#!/usr/bin/env bash
# npm start: serve the page as fast as a fresh machine allows. Installs only what serving needs (cmake, make,
# Emscripten; scripts/setup.sh HS_SETUP_SITE=1), builds only the WebAssembly site (scripts/build.sh site: no
# native CLI, no test tools; XNNPACK is compiled once into build/wasm and reused by every later build), then
# runs scripts/serve.mjs. Prints each step with the time so far; a build's output goes to build/start.log,
# with a progress line every 15 s. Already built: seconds.
#   PORT, HOST   passed to scripts/serve.mjs      HS_START_BUILD=0   serve dist/ as it is
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${NODE_PATH:-}" ] && [ -d /usr/share/nodejs ]; then export NODE_PATH=/usr/share/nodejs; fi

t0=$SECONDS
clock() { local s=$((SECONDS - t0)); printf '%d:%02d' $((s / 60)) $((s % 60)); }
say() { echo "start [$(clock)] $*" >&2; }
mkdir -p build
logf=build/start.log
: > "$logf"

# step N NAME CMD...: runs CMD with its output in the log, a progress line every 15 s (make's last [NN%]),
# and the log's tail if it fails.
step() {
  local n="$1" name="$2"; shift 2
  local s0=$SECONDS
  say "step $n/4: $name"
  echo "=== $name: $*" >> "$logf"
  "$@" >> "$logf" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    local i=0
    while [ $i -lt 15 ] && kill -0 "$pid" 2>/dev/null; do sleep 1; i=$((i + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      local pct
      pct=$(grep -ao '^\[ *[0-9]*%\]' "$logf" | tail -1 | tr -d '[] ' || true)
      say "  … $name${pct:+ ($pct of the current target)}"
    fi
  done
  if ! wait "$pid"; then
    say "step $n/4 failed: $name. Last lines of $logf:"
    tail -25 "$logf" >&2
    exit 1
  fi
  say "  done in $((SECONDS - s0)) s"
}

if [ "${HS_START_BUILD:-1}" != 0 ]; then
  step 1 "system packages for serving (cmake, make, Emscripten)" env HS_SETUP_SITE=1 HS_SETUP_NPM=0 bash scripts/setup.sh
  step 2 "third-party sources (KissFFT, XNNPACK; pinned by sha256)" bash scripts/deps.sh all
  step 3 "WebAssembly build (XNNPACK once, then the core)" bash scripts/build.sh wasm
  step 4 "site in dist/ (page, examples, models)" bash scripts/build.sh dist
fi
[ -f dist/index.html ] && [ -f dist/heartsound-core.wasm ] || { say "dist/ is not built (run without HS_START_BUILD=0)"; exit 1; }
say "ready: serving dist/ (Ctrl-C stops)"
exec node scripts/serve.mjs
