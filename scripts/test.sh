#!/usr/bin/env bash
# npm test: build, then every test runner of the project, one stage each. A stage whose script is not in
# the tree yet is skipped (and not counted). Prints each runner's own summary and ends with the line
# "N passed, N failed" counting stages; exits non-zero if any stage failed.
#   HS_FUZZ_SECONDS   seconds per fuzz target (default 60)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${NODE_PATH:-}" ] && [ -d /usr/share/nodejs ]; then export NODE_PATH=/usr/share/nodejs; fi

passed=0 failed=0 failed_names=()

# stage NAME CMD...: run one stage, record its outcome; later stages still run after a failure.
stage() {
  local name="$1"; shift
  local t0=$SECONDS
  echo
  echo "=== $name: $*"
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: PASS ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1)); failed_names+=("$name"); echo "=== $name: FAIL ($((SECONDS - t0)) s)"
  fi
}

# optional NAME SCRIPT ARGS...: a stage other engineers own; run only when the script exists.
optional() {
  local name="$1" script="$2"; shift 2
  if [ -f "$script" ]; then stage "$name" bash "$script" "$@"; else echo; echo "=== $name: skipped ($script not present)"; fi
}

stage build bash scripts/build.sh
stage data bash -c 'scripts/data.sh >/dev/null'
stage ctest ctest --test-dir build/native --output-on-failure -j2
optional features-ref tests/ref/check_features.sh build/native/heartsound
optional cli tests/cli/test_cli.sh build/native
stage node node --test tests/node/
optional fuzz scripts/fuzz.sh "${HS_FUZZ_SECONDS:-60}"
optional train-smoke tests/train_smoke.sh build/native
optional e2e tests/e2e/run.sh

echo
[ "$failed" -eq 0 ] || echo "failed stages: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
