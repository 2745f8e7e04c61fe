// Makes the page's example recordings (web/examples/*.wav + examples.json) from the decoded PhysioNet/CinC
// 2016 training data, by a fixed rule (web/examples/README.md), so the choice can be checked and repeated:
//   for each (subset, reference label) below: the first record in name order that is at least MIN_SECONDS
//   long; the whole recording when it fits in MAX_BYTES as 2 kHz 16-bit mono WAV, else its first
//   CLIP_SECONDS. Samples are copied as they are (no filtering, no gain): a clip is the original's prefix.
//   node scripts/examples.mjs [WAV_DIR] [OUT_DIR]   (defaults build/data-wav, web/examples)
//   --check   write nothing; exit 1 if OUT_DIR differs from what the rule gives
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const check = args.includes('--check');
const [wavDir = join(root, 'build', 'data-wav'), outDir = join(root, 'web', 'examples')] =
  args.filter((a) => !a.startsWith('--'));

// Normal and abnormal, every subset (a..e come from different hospitals and stethoscopes).
export const PICKS = [
  { subset: 'a', label: 'abnormal' },
  { subset: 'b', label: 'normal' },
  { subset: 'c', label: 'abnormal' },
  { subset: 'd', label: 'normal' },
  { subset: 'e', label: 'normal' },
  { subset: 'e', label: 'abnormal' },
];
const MIN_SECONDS = 8;     // several of the CNN's 6 s windows, and enough beats to zoom into
const MAX_BYTES = 100000;  // per file: the page fetches an example only when it is chosen
const CLIP_SECONDS = 20;
const RATE = 2000;

// The PCM16 mono samples of a PhysioNet WAV (2 kHz, 16-bit, mono): walks the RIFF chunks.
function readPcm16(path) {
  const b = readFileSync(path);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${path}: not RIFF/WAVE`);
  let fmt = null;
  for (let off = 12; off + 8 <= b.length;) {
    const id = b.toString('latin1', off, off + 4);
    const len = b.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      fmt = { format: b.readUInt16LE(off + 8), channels: b.readUInt16LE(off + 10), rate: b.readUInt32LE(off + 12),
              bits: b.readUInt16LE(off + 22) };
    } else if (id === 'data') {
      if (!fmt || fmt.format !== 1 || fmt.channels !== 1 || fmt.rate !== RATE || fmt.bits !== 16) {
        throw new Error(`${path}: expected 16-bit mono PCM at ${RATE} Hz, got ${JSON.stringify(fmt)}`);
      }
      const n = Math.floor(Math.min(len, b.length - off - 8) / 2);
      return b.subarray(off + 8, off + 8 + 2 * n);
    }
    off += 8 + len + (len & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

function wav16(pcm) {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);          // PCM
  h.writeUInt16LE(1, 22);          // mono
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

const LABELS = { 1: 'abnormal', '-1': 'normal' };

export function makeExamples(dir) {
  const files = [];
  const list = [];
  for (const [i, pick] of PICKS.entries()) {
    const sub = join(dir, `training-${pick.subset}`);
    const rows = readFileSync(join(sub, 'REFERENCE.csv'), 'utf8').trim().split(/\r?\n/)
      .map((l) => l.split(',').map((x) => x.trim())).sort((x, y) => x[0].localeCompare(y[0]));
    let chosen = null;
    for (const [record, code] of rows) {
      if (LABELS[code] !== pick.label) continue;
      const pcm = readPcm16(join(sub, `${record}.wav`));
      if (pcm.length / 2 / RATE >= MIN_SECONDS) { chosen = { record, pcm }; break; }
    }
    if (!chosen) throw new Error(`training-${pick.subset}: no ${pick.label} record of >= ${MIN_SECONDS} s`);
    const seconds = chosen.pcm.length / 2 / RATE;
    const whole = 44 + chosen.pcm.length <= MAX_BYTES;
    const pcm = whole ? chosen.pcm : chosen.pcm.subarray(0, CLIP_SECONDS * RATE * 2);
    const file = `${chosen.record}.wav`;
    files.push({ file, bytes: wav16(pcm) });
    list.push({
      name: chosen.record,
      title: `Example ${i + 1}`,
      file,
      subset: `training-${pick.subset}`,
      record: chosen.record,
      label: pick.label,
      seconds: pcm.length / 2 / RATE,
      clip: whole ? null : { start: 0, end: CLIP_SECONDS, of: seconds },
    });
  }
  const json = JSON.stringify({
    source: 'PhysioNet/CinC Challenge 2016, training set (https://physionet.org/content/challenge-2016/)',
    licence: 'Open Data Commons Attribution License v1.0 (ODC-By)',
    citation: 'Liu C, Springer D, Li Q, et al. An open access database for the evaluation of heart sound '
      + 'algorithms. Physiol Meas 2016;37(12):2181-2213.',
    rule: `first record in name order of each subset and reference label with >= ${MIN_SECONDS} s; whole `
      + `if <= ${MAX_BYTES} bytes as 2 kHz 16-bit WAV, else its first ${CLIP_SECONDS} s`,
    examples: list,
  }, null, 2) + '\n';
  files.push({ file: 'examples.json', bytes: Buffer.from(json) });
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(wavDir, 'training-a', 'REFERENCE.csv'))) {
    console.error(`examples: no decoded recordings in ${wavDir} (scripts/data.sh makes them)`);
    process.exit(2);
  }
  const files = makeExamples(wavDir);
  if (check) {
    const differ = files.filter((f) => !existsSync(join(outDir, f.file))
      || !readFileSync(join(outDir, f.file)).equals(f.bytes)).map((f) => f.file);
    if (differ.length) { console.error(`examples: differ from the rule: ${differ.join(', ')}`); process.exit(1); }
    console.log(`examples: ${files.length - 1} files in ${outDir} are what the rule makes`);
  } else {
    mkdirSync(outDir, { recursive: true });
    for (const f of files) writeFileSync(join(outDir, f.file), f.bytes);
    for (const f of files) console.log(`${f.file}\t${f.bytes.length} bytes`);
  }
}
