#!/bin/bash
# Compares `heartsound features` with the independent numpy/scipy reference (tests/ref/melspec_ref.py)
# on real recordings from every subset:
#   - log-mel of the samples as decoded (--raw), for four parameter sets (HTK/Slaney scales, norms,
#     windows, centring, power 1/2, dB / ln / linear output);
#   - the default front end: band-pass + normalisation against scipy sosfiltfilt, then the log-mel;
#   - resampling: recordings upsampled to 44.1 / 48 kHz by scipy, which the CLI brings back to 2 kHz.
# Usage: tests/ref/check_features.sh [path/to/heartsound]   (exit 0 = all within tolerance)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/native/heartsound}
py=/usr/bin/python3
ref=$here/melspec_ref.py
wavdir=${HEARTSOUND_WAV_DIR:-$root/build/data-wav}

[ -x "$bin" ] || { echo "check_features: no heartsound binary at $bin (pass its path)" >&2; exit 2; }
[ -d "$wavdir/training-a" ] || { echo "check_features: no decoded WAVs in $wavdir (run scripts/data.sh)" >&2; exit 2; }
$py -c 'import numpy, scipy' 2>/dev/null || { echo "check_features: $py lacks numpy/scipy" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
recs="training-a/a0001 training-b/b0002 training-c/c0003 training-d/d0004 training-e/e00005 training-e/e01234"
sets=(
  ""
  "--mel-scale htk --mel-norm none --n-fft 512 --win-length 400 --hop-length 160 --window hamming_periodic --power 1 --fmin 0 --fmax 1000 --log-floor 1e-5"
  "--window hann_symmetric --center 0 --log ln_offset --log-floor 0.001 --n-mels 40 --n-fft 128 --win-length 100 --hop-length 20 --fmax 900"
  "--mel-scale htk --mel-norm slaney --log none --n-mels 16 --fmin 20 --fmax 700 --win-length 256"
)
fail=0
cases=0

# run NAME CLI-ARGS... -- COMPARE-ARGS...: runs the CLI, then the reference comparison
run() {
  local name=$1; shift
  local cli=() cmp=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do cli+=("$1"); shift; done
  shift
  cmp=("$@")
  cases=$((cases + 1))
  local json
  if ! json=$("$bin" features "${cli[@]}" --out "$tmp/f.npy" --samples-out "$tmp/s.npy"); then
    echo "FAIL $name: heartsound features exited non-zero"; fail=$((fail + 1)); return
  fi
  local line
  line=$($py "$ref" compare --json "$json" --features "$tmp/f.npy" --samples "$tmp/s.npy" "${cmp[@]}")
  local rc=$?
  printf '%-34s %s\n' "$name" "$line"
  [ $rc -eq 0 ] || fail=$((fail + 1))
}

for r in $recs; do
  wav=$wavdir/$r.wav
  [ -f "$wav" ] || { echo "FAIL: missing $wav"; fail=$((fail + 1)); continue; }
  for i in "${!sets[@]}"; do
    # shellcheck disable=SC2086
    run "$(basename "$r") raw set$i" "$wav" --raw ${sets[$i]} -- --summary "$tmp/summary"
  done
  run "$(basename "$r") preprocessed default" "$wav" -- --summary "$tmp/summary"
done

for rate in 44100 48000; do
  for r in training-a/a0001 training-e/e00005; do
    up=$tmp/up_$rate.wav
    $py "$ref" upsample "$wavdir/$r.wav" "$up" $rate || { echo "FAIL: upsampling $r"; fail=$((fail + 1)); continue; }
    run "$(basename "$r") from $rate Hz" "$up" -- --wav "$wavdir/$r.wav" --resampled
  done
done

if [ -f "$tmp/summary" ]; then
  awk '{ if ($1 > n) n = $1; if ($2 > a) a = $2 } END {
         printf "worst log-mel error: %.2e dB within 60 dB of the loudest bin; every band within %.2f of its depth-scaled tolerance\n", n, a }' \
      "$tmp/summary"
fi
echo "check_features: $cases cases, $fail failed"
[ $fail -eq 0 ]
