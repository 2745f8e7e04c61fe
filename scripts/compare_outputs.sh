#!/usr/bin/env bash
# Records what the product computes -- `heartsound eval --records --per-subset` (CNN, every development
# recording), `classify` JSON (CNN and YAMNet head, 10 recordings) and the WASM classifier's output for the
# same 10 -- into a folder, or compares the current build against such a folder: a refactoring that must keep
# behaviour bit for bit is checked with
#   scripts/compare_outputs.sh record DIR    (before the change; build first)
#   scripts/compare_outputs.sh check DIR     (after it: exit 1 and the first differences if anything moved)
# The timing fields ("seconds", "ms") are dropped before comparing. Needs build/native, dist/ and build/data-wav.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:?usage: compare_outputs.sh record|check DIR}" dir="${2:?usage: compare_outputs.sh record|check DIR}"
hs=build/native/heartsound wavs="${HEARTSOUND_WAV_DIR:-build/data-wav}"
py=/usr/bin/python3
out="$dir"
[ "$mode" = check ] && out="$(mktemp -d "${TMPDIR:-/tmp}/hs_compare.XXXXXX")"
mkdir -p "$out"
strip() { "$py" -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    o.pop("seconds", None); o.pop("ms", None)
    print(json.dumps(o, sort_keys=True))'; }
recs=()
for s in a b c d e; do
  while IFS=, read -r r _; do recs+=("$wavs/training-$s/$r.wav"); done < <(head -2 "$wavs/training-$s/REFERENCE.csv")
done
"$hs" eval --records --per-subset --jobs 2 "$wavs" 2>/dev/null | strip > "$out/eval-cnn.jsonl"
"$hs" classify "${recs[@]}" | strip > "$out/classify-cnn.jsonl"
"$hs" classify --model yamnet "${recs[@]}" | strip > "$out/classify-yamnet.jsonl"
node --input-type=module - "$root/dist/heartsound.js" "${recs[@]}" <<'JS' > "$out/wasm-cnn.jsonl"
import { readFileSync } from 'node:fs';
const [mod, ...files] = process.argv.slice(2);
const api = await import(mod);
const clf = await api.createClassifier();
for (const f of files) {
  const { samples, sampleRate } = await api.decodeWav(readFileSync(f));
  const r = clf.classify(samples, sampleRate);
  console.log(JSON.stringify({ file: f, label: r.label, p: r.pAbnormal, windows: r.windows.map((w) => w.p) }));
}
clf.destroy();
JS
[ "$mode" = record ] && { echo "recorded $(cat "$out"/*.jsonl | wc -l) lines in $out"; exit 0; }
bad=0
for f in "$dir"/*.jsonl; do
  if ! cmp -s "$f" "$out/$(basename "$f")"; then
    echo "DIFFERENT: $(basename "$f")"; diff "$f" "$out/$(basename "$f")" | head -6; bad=1
  else
    echo "same: $(basename "$f") ($(wc -l < "$f") lines)"
  fi
done
rm -rf "$out"
exit "$bad"
