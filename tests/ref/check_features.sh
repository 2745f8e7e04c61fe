#!/bin/bash
# Compares `heartsound features` with the independent numpy/scipy reference (tests/ref/melspec_ref.py)
# on real recordings from every subset:
#   - log-mel of the samples as decoded (--raw), for five parameter sets (HTK/Slaney scales, norms,
#     windows, centring, power 1/2, dB / ln / linear output, triangles in Hz or in mel);
#   - the default front end: band-pass + normalisation against scipy sosfiltfilt, then the log-mel;
#   - resampling: recordings upsampled to 44.1 / 48 kHz by scipy, which the CLI brings back to 2 kHz.
# The CLI runs first (outputs in a temporary directory), then one Python process compares everything.
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
  "--mel-scale htk --mel-norm none --power 1 --log ln_offset --log-floor 0.001 --triangles-on-mel 1 --center 0 --n-fft 512 --win-length 400 --hop-length 160 --n-mels 64 --fmin 125 --fmax 1000"
)
manifest=$tmp/manifest.tsv
fail=0
n=0

# run NAME WAV-FOR-REFERENCE RESAMPLED(0/1) CLI-ARGS...: runs the CLI, adds a manifest line
run() {
  local name=$1 refwav=$2 resampled=$3; shift 3
  n=$((n + 1))
  local json
  if ! json=$("$bin" features "$@" --out "$tmp/f$n.npy" --samples-out "$tmp/s$n.npy"); then
    echo "FAIL $name: heartsound features exited non-zero"; fail=$((fail + 1)); return
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$tmp/f$n.npy" "$tmp/s$n.npy" "$refwav" "$resampled" "$json" >> "$manifest"
}

for r in $recs; do
  wav=$wavdir/$r.wav
  [ -f "$wav" ] || { echo "FAIL: missing $wav"; fail=$((fail + 1)); continue; }
  for i in "${!sets[@]}"; do
    # shellcheck disable=SC2086
    run "$(basename "$r") raw set$i" - 0 "$wav" --raw ${sets[$i]}
  done
  run "$(basename "$r") preprocessed default" - 0 "$wav"
done

up_recs="training-a/a0001 training-e/e00005"
for rate in 44100 48000; do
  # shellcheck disable=SC2046
  $py "$ref" upsample "$tmp" $rate $(for r in $up_recs; do echo "$wavdir/$r.wav"; done) ||
    { echo "FAIL: upsampling to $rate Hz"; fail=$((fail + 1)); continue; }
  for r in $up_recs; do
    b=$(basename "$r")
    run "$b from $rate Hz" "$wavdir/$r.wav" 1 "$tmp/${b}_$rate.wav"
  done
done

$py "$ref" batch "$manifest" || fail=$((fail + 1))
echo "check_features: $n CLI runs, $fail failures"
[ $fail -eq 0 ]
