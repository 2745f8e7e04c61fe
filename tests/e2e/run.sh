#!/usr/bin/env bash
# Browser tests of the web page (npm test runs this): Debian's chromium driven by npm playwright-core.
# Installs what is missing (as root: chromium, sox via apt; never a downloaded browser), builds the site
# and the native CLI when absent, then runs tests/e2e/*.test.mjs one file at a time.
#   HS_E2E_DIST   site folder to test (default dist/)      HS_CLI   native CLI (default build/native/heartsound)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
log() { echo "e2e: $*" >&2; }

need_apt() { # need_apt COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing $2 (apt)"
    apt-get install -y --no-install-recommends "$2" >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null 2>&1 || { log "$1 missing: install the Debian package $2"; exit 1; }
}
need_apt chromium chromium
need_apt sox sox

# playwright-core only (it never downloads a browser); npm ci when node_modules is missing.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund

dist="${HS_E2E_DIST:-dist}"
# (Re)build when the site or CLI is missing, or the page or a model changed since the site was assembled.
stale=$(find web models -newer "$dist/index.html" -type f 2>/dev/null | head -1 || true)
if [ ! -f "$dist/index.html" ] || [ ! -f "$dist/heartsound-core.wasm" ] || [ ! -x "${HS_CLI:-build/native/heartsound}" ] \
   || { [ -z "${HS_E2E_DIST:-}" ] && [ -n "$stale" ]; }; then
  log "building (site or CLI missing or older than ${stale:-its sources})"
  bash scripts/build.sh
fi
[ -f build/data-wav/training-a/REFERENCE.csv ] || bash scripts/data.sh >/dev/null

mkdir -p tests/e2e/screenshots
node --test --test-concurrency=1 tests/e2e/
log "screenshots in tests/e2e/screenshots/"
