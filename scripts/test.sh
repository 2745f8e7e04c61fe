#!/usr/bin/env bash
# npm test: build, then every test runner of the project, one stage each. Every stage is required: a
# runner script that is missing fails its stage. Prints each runner's own summary and ends with the line
# "N passed, N failed" counting stages; exits non-zero if any stage failed.
#   HS_FUZZ_SECONDS     seconds per fuzz target (default 60)
#   HS_REQUIRE_INPUTS   1: a missing input (recordings, YAMNet weights, XNNPACK) fails the tests that need it
#                       instead of skipping them (.ci/run sets it)
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


stage build bash scripts/build.sh
stage data bash -c 'scripts/data.sh >/dev/null'
# --no-tests=error: a build that lost its tests fails instead of passing with zero
stage ctest ctest --test-dir build/native --output-on-failure --no-tests=error -j2
stage features-ref bash tests/ref/check_features.sh build/native/heartsound
stage cli bash tests/cli/test_cli.sh build/native
stage node node --test tests/node/
stage fuzz bash scripts/fuzz.sh "${HS_FUZZ_SECONDS:-60}"
stage train-smoke bash tests/train_smoke.sh build/native
stage e2e bash tests/e2e/run.sh

echo
[ "$failed" -eq 0 ] || echo "failed stages: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
