#!/usr/bin/env bash
# CLI contract tests: runs heartsound as a user would and checks exit codes, JSON fields (parsed with
# python's json module) and error lines. Usage: tests/cli/test_cli.sh BUILD_DIR
#   Model: $HEARTSOUND_MODEL_DIR/cnn.hsm if set, else the shipped models/cnn.hsm.
#   Data:  $HEARTSOUND_WAV_DIR (default build/data-wav, made by scripts/data.sh).
# Ends with "N passed, N failed"; exit status 1 if any check failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:?usage: test_cli.sh BUILD_DIR}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
hs="$build/heartsound"
wav="${HEARTSOUND_WAV_DIR:-$root/build/data-wav}"
py=/usr/bin/python3 # Debian's python (json, wave, numpy); the pyenv one on PATH lacks numpy
export HEARTSOUND_MODEL_DIR="${HEARTSOUND_MODEL_DIR:-$root/models}"
model="$HEARTSOUND_MODEL_DIR/cnn.hsm"

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# check NAME COMMAND...: the command must succeed.
check() { local n="$1"; shift; if "$@"; then ok; else bad "$n"; fi; }

for f in "$hs" "$wav/training-a/REFERENCE.csv" "$model"; do
  [ -e "$f" ] || { echo "test_cli: missing $f (build, scripts/data.sh, shipped model)" >&2; echo "0 passed, 1 failed"; exit 1; }
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hs_test_cli.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
out="$tmp/out" err="$tmp/err"

# run ARGS...: runs heartsound, stdout -> $out, stderr -> $err, status -> $rc.
run() { "$hs" "$@" >"$out" 2>"$err"; rc=$?; }
# pyjson EXPR: evaluates a python expression over L (the stdout lines, parsed) and J (the last one);
# succeeds if it is true, prints it otherwise.
pyjson() {
  "$py" - "$out" "$1" <<'PY'
import json, math, sys
lines = [l for l in open(sys.argv[1]).read().splitlines() if l.strip()]
L = [json.loads(l) for l in lines]
J = L[-1] if L else None
r = eval(sys.argv[2])
if not r:
    print("  expression false:", sys.argv[2], "\n  on:", (lines[-1] if lines else "<no output>")[:400], file=sys.stderr)
sys.exit(0 if r else 1)
PY
}
lines_in() { grep -c '' "$1"; }
# One stderr line that names FILE.
err_names() { [ "$(lines_in "$err")" -eq 1 ] && grep -qF -- "$1" "$err"; }

a1="$wav/training-a/a0001.wav"   # abnormal (REFERENCE.csv)
b1="$wav/training-b/b0001.wav"
c_dir="$wav/training-c"

# Generated inputs: not a WAV, a 1 s WAV (too short for any model), a WAV cut inside its header.
printf 'hello, not audio\n' >"$tmp/text.wav"
"$py" - "$tmp" <<'PY'
import math, struct, sys, wave
d = sys.argv[1]
with wave.open(d + "/short.wav", "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(2000)
    w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 7))) for i in range(2000)))
open(d + "/cut.wav", "wb").write(open(d + "/short.wav", "rb").read()[:30])
PY

echo "== info"
run info "$a1"
check "info exit 0" [ "$rc" -eq 0 ]
check "info fields" pyjson 'len(L) == 1 and J["sample_rate"] == 2000 and J["channels"] == 1 and J["frames"] > 0 and abs(J["duration_s"] - J["frames"] / 2000) < 1e-3 and J["file"].endswith("a0001.wav")'
run info "$tmp/text.wav"
check "info not-a-wav: exit 2, one stderr line naming the file, no stdout" bash -c "[ $rc -eq 2 ] && [ ! -s '$out' ]"
check "info not-a-wav stderr" err_names "$tmp/text.wav"
run info
check "info without file: usage error 1" [ "$rc" -eq 1 ]

echo "== features"
run features "$a1" --out "$tmp/f.npy"
check "features exit 0" [ "$rc" -eq 0 ]
check "features JSON" pyjson 'J["frames"] > 0 and J["mels"] > 0 and J["melspec"]["sample_rate"] > 0'
check "features .npy shape matches the JSON" "$py" -c "
import json, numpy, sys
j = json.loads(open('$out').read().splitlines()[-1]); x = numpy.load('$tmp/f.npy')
sys.exit(0 if x.shape == (j['frames'], j['mels']) and x.dtype == numpy.float32 and numpy.isfinite(x).all() else 1)"
run features "$tmp/cut.wav" --out "$tmp/g.npy"
check "features truncated WAV: exit 2 + one line naming it" bash -c "[ $rc -eq 2 ]"
check "features truncated WAV stderr" err_names "$tmp/cut.wav"

echo "== classify"
run classify "$a1" "$b1"
check "classify exit 0" [ "$rc" -eq 0 ]
check "classify: one line per file, all fields" pyjson 'len(L) == 2 and all(set(["file","label","p_abnormal","threshold","windows","model","duration_s","ms"]) <= set(o) for o in L)'
check "classify: label agrees with p >= threshold, p in [0,1]" pyjson 'all(0 <= o["p_abnormal"] <= 1 and o["label"] == ("abnormal" if o["p_abnormal"] >= o["threshold"] else "normal") for o in L)'
check "classify: windows inside the recording, p in [0,1], record p within window range" pyjson 'all(len(o["windows"]) >= 1 and all(0 <= w["t0"] < w["t1"] <= o["duration_s"] + 1e-3 and 0 <= w["p"] <= 1 for w in o["windows"]) and min(w["p"] for w in o["windows"]) - 1e-6 <= o["p_abnormal"] <= max(w["p"] for w in o["windows"]) + 1e-6 for o in L)'
p_a1="$("$py" -c "import json; print(json.loads(open('$out').readline())['p_abnormal'])")"
dur_info="$("$hs" info "$a1" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["duration_s"])')"
check "classify duration_s = info duration_s" pyjson "abs(L[0]['duration_s'] - $dur_info) < 2e-3"
run classify --threshold 0 "$a1" "$b1"
check "classify --threshold 0: everything abnormal, threshold echoed" pyjson 'all(o["label"] == "abnormal" and o["threshold"] == 0 for o in L)'
run classify --threshold 1 "$a1"
check "classify --threshold 1: normal unless p is exactly 1" pyjson 'J["label"] == ("abnormal" if J["p_abnormal"] >= 1 else "normal")'
run classify "$a1" "$tmp/text.wav" "$tmp/missing.wav" "$tmp/short.wav" "$b1"
check "classify with bad files: exit 2" [ "$rc" -eq 2 ]
check "classify with bad files: 5 lines, good ones classified, bad ones {file,error}" pyjson 'len(L) == 5 and "label" in L[0] and "label" in L[4] and all(set(L[i]) == {"file","error"} for i in (1,2,3)) and L[2]["file"].endswith("missing.wav")'
check "classify: too-short recording says so" pyjson '"short" in L[3]["error"]'
check "classify with bad files: 3 stderr lines naming them" bash -c "[ \$(grep -c '' '$err') -eq 3 ] && grep -q text.wav '$err' && grep -q missing.wav '$err' && grep -q short.wav '$err'"
run classify --model yamnet "$a1"
# --model yamnet: the committed combined file (Google's backbone + our head, models/yamnet.hsm)
check "classify --model yamnet: exit 0" [ "$rc" -eq 0 ]
check "classify --model yamnet: a verdict from the yamnet model" pyjson 'J["label"] in ("normal","abnormal") and "yamnet" in J["model"]'
p_yamnet="$("$py" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["p_abnormal"])' "$out")"
# The head alone needs a backbone from HEARTSOUND_YAMNET / HEARTSOUND_WEIGHTS: with Google's file the same p as
# the combined file; a backbone path that does not exist is a clear error (exit 2) naming it.
yamnet_tflite="${HEARTSOUND_WEIGHTS:-$root/../shared/weights}/yamnet/yamnet-int8-fixed15600.tflite"
if [ -f "$yamnet_tflite" ]; then
  run classify --model "$root/models/yamnet-head.hsm" "$a1"
  check "classify --model yamnet-head.hsm with Google's backbone = the combined file" pyjson "J['p_abnormal'] == $p_yamnet"
else
  check "YAMNet weights present (HS_REQUIRE_INPUTS): $yamnet_tflite" [ "${HS_REQUIRE_INPUTS:-0}" = 0 ]
fi
HEARTSOUND_YAMNET="$tmp/no-backbone.tflite" run classify --model "$root/models/yamnet-head.hsm" "$a1"
check "a YAMNet head with a missing backbone: exit 2, clear error naming it" bash -c "[ $rc -eq 2 ] && [ ! -s '$out' ] && grep -q no-backbone.tflite '$err'"
run classify --model "$tmp/nope.hsm" "$a1"
check "classify missing model: exit 2, names it" bash -c "[ $rc -eq 2 ] && [ ! -s '$out' ]"
check "classify missing model stderr" err_names "$tmp/nope.hsm"
run classify --model "$tmp/text.wav" "$a1"
check "classify non-model file: exit 2, names it" bash -c "[ $rc -eq 2 ] && grep -q text.wav '$err'"
run classify --model "$model" "$a1"
check "classify --model FILE = default model" pyjson "J['p_abnormal'] == $p_a1"
run classify
check "classify without file: usage error 1" [ "$rc" -eq 1 ]
run classify --threshold abc "$a1"
check "classify bad --threshold: usage error 1" [ "$rc" -eq 1 ]
run classify --help
check "classify --help" bash -c "[ $rc -eq 0 ] && grep -q usage '$out'"

echo "== eval"
# A small labelled folder: 6 normal + 6 abnormal recordings of training-a (links to the real files).
mkdir -p "$tmp/ds/small"
"$py" - "$wav/training-a" "$tmp/ds/small" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
rows = [l.strip().split(",") for l in open(src + "/REFERENCE.csv") if l.strip()]
pick = [r for r in rows if r[1] == "-1"][:6] + [r for r in rows if r[1] == "1"][:6]
with open(dst + "/REFERENCE.csv", "w") as f:
    for name, label in pick:
        os.symlink(f"{src}/{name}.wav", f"{dst}/{name}.wav")
        f.write(f"{name},{label}\r\n")
PY
run eval --records --per-subset "$tmp/ds/small"
check "eval exit 0" [ "$rc" -eq 0 ]
check "eval: last line has every metric" pyjson 'set(["n","se","sp","macc","f1_abnormal","acc","auc","confusion"]) <= set(J) and set(J["confusion"]) == {"tp","fp","tn","fn"} and J["errors"] == 0'
check "eval: counts add up (n = 12, 6 positives)" pyjson 'J["n"] == 12 and sum(J["confusion"].values()) == 12 and J["confusion"]["tp"] + J["confusion"]["fn"] == 6'
check "eval: macc = (se+sp)/2, acc from confusion" pyjson 'abs(J["macc"] - (J["se"] + J["sp"]) / 2) < 1e-5 and abs(J["acc"] - (J["confusion"]["tp"] + J["confusion"]["tn"]) / 12) < 1e-5'
check "eval: 12 record lines, 1 subset line, then the result" pyjson 'len(L) == 14 and all("record" in o for o in L[:12]) and L[12]["subset"] == "small"'
check "eval: confusion recomputed from the record lines" pyjson 'J["confusion"] == {"tp": sum(o["truth"] == o["predicted"] == "abnormal" for o in L[:12]), "fp": sum(o["truth"] == "normal" and o["predicted"] == "abnormal" for o in L[:12]), "tn": sum(o["truth"] == o["predicted"] == "normal" for o in L[:12]), "fn": sum(o["truth"] == "abnormal" and o["predicted"] == "normal" for o in L[:12])}'
check "eval: AUC recomputed from the record lines (Mann-Whitney)" pyjson 'abs(J["auc"] - sum((p["p_abnormal"] > q["p_abnormal"]) + 0.5 * (p["p_abnormal"] == q["p_abnormal"]) for p in L[:12] if p["truth"] == "abnormal" for q in L[:12] if q["truth"] == "normal") / 36) < 1e-5'
check "eval: record p = classify p (a0001)" pyjson "[o['p_abnormal'] for o in L[:12] if o['record'] == 'a0001'] == [$p_a1]"
cp "$out" "$tmp/eval_j2"
run eval --jobs 1 "$tmp/ds/small"
check "eval --jobs 1 = --jobs 2" "$py" -c "
import json, sys
a = json.loads(open('$tmp/eval_j2').read().splitlines()[-1]); b = json.loads(open('$out').read().splitlines()[-1])
for k in ('seconds',): a.pop(k); b.pop(k)
sys.exit(0 if a == b else 1)"
# Two subsets, one with a broken recording: the broken one is reported, counted, left out.
mkdir -p "$tmp/ds/broken"
cp "$tmp/text.wav" "$tmp/ds/broken/x1.wav"
ln -s "$c_dir/c0001.wav" "$tmp/ds/broken/c0001.wav"
ln -s "$c_dir/c0002.wav" "$tmp/ds/broken/c0002.wav"
printf 'x1,1\nc0001,%s\nc0002,%s\n' "$(grep '^c0001,' "$c_dir/REFERENCE.csv" | cut -d, -f2)" "$(grep '^c0002,' "$c_dir/REFERENCE.csv" | cut -d, -f2)" >"$tmp/ds/broken/REFERENCE.csv"
run eval --per-subset "$tmp/ds"
check "eval with a broken recording: exit 2" [ "$rc" -eq 2 ]
check "eval with a broken recording: errors 1, n 14, per-subset lines" pyjson 'J["errors"] == 1 and J["n"] == 14 and [o["subset"] for o in L[:-1]] == ["broken", "small"] and L[0]["n"] == 2'
check "eval with a broken recording: overall confusion = sum of the subsets" pyjson 'all(J["confusion"][k] == L[0]["confusion"][k] + L[1]["confusion"][k] for k in "tp fp tn fn".split())'
check "eval with a broken recording: stderr names it" bash -c "grep -q 'broken/x1.wav' '$err'"
printf 'x1,1\nghost,-1\n' >"$tmp/ds/broken/REFERENCE.csv"
run eval "$tmp/ds/broken"
check "eval with a missing WAV: exit 2, no result, stderr names the file" bash -c "[ $rc -eq 2 ] && [ ! -s '$out' ] && grep -q 'broken/ghost.wav' '$err'"
check "eval with a missing WAV: one stderr line" [ "$(lines_in "$err")" -eq 1 ]
run eval "$tmp/nowhere"
check "eval missing dir: exit 2, names it" bash -c "[ $rc -eq 2 ] && grep -q nowhere '$err'"
run eval --plots "$tmp" "$tmp/ds/small"
check "eval --plots: well-formed SVG 1.1 files" "$py" -c "
import sys, xml.etree.ElementTree as E
for f in ('confusion', 'roc'):
    r = E.parse('$tmp/' + f + '.svg').getroot()
    assert r.tag == '{http://www.w3.org/2000/svg}svg' and r.get('version') == '1.1'
"
run eval
check "eval without dir: usage error 1" [ "$rc" -eq 1 ]
run eval --jobs 0 "$tmp/ds/small"
check "eval --jobs 0: usage error 1" [ "$rc" -eq 1 ]
run eval --help
check "eval --help" bash -c "[ $rc -eq 0 ] && grep -q usage '$out'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
