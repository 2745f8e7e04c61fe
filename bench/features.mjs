// Features benchmark (prints figures, asserts nothing): log-mel of 60 s of PCG audio at 2 kHz.
//   native  bench/bench_features.c (C, gcc -O2): preprocess + log-mel as `features` does, and log-mel alone
//   wasm    dist/heartsound.js features() in this Node process (preprocess + log-mel + marshalling)
//   meyda   npm meyda melBands per frame (pure JS) on our preprocessed signal
//   essentia.js  npm essentia.js Windowing + Spectrum + MelBands per frame (Essentia C++ in WASM)
// Same frame grid for all: n_fft 256, hop 40 (20 ms), 32 mel bands, centred frames; meyda windows the
// whole 256-sample buffer (no 128-sample window inside it) and spans 0..1 kHz (no fmin/fmax option).
//   node bench/features.mjs [--runs N] [--write]   (--write updates the features section of docs/BENCHMARKS.md)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 20;
const write = args.includes('--write');
const SECONDS = 60, RATE = 2000, N_FFT = 256, HOP = 40, MELS = 32;

// HEARTSOUND_JS / HEARTSOUND_BENCH_FEATURES: time another build than dist/ and build/native
const api = await import(process.env.HEARTSOUND_JS ?? join(root, 'dist', 'heartsound.js'));

// 60 s of real PCG: the first training-a recording repeated (synthetic bursts if the data is absent).
async function signal() {
  const wav = join(process.env.HEARTSOUND_WAV_DIR ?? join(root, 'build', 'data-wav'), 'training-a', 'a0001.wav');
  const x = new Float32Array(SECONDS * RATE);
  if (existsSync(wav)) {
    const { samples, sampleRate } = await api.decodeWav(readFileSync(wav));
    if (sampleRate !== RATE) throw new Error(`${wav}: ${sampleRate} Hz`);
    for (let i = 0; i < x.length; i++) x[i] = samples[i % samples.length];
    return { x, source: 'training-a/a0001 repeated to 60 s' };
  }
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(2 * Math.PI * 60 * i / RATE) * Math.exp(-((i % 1666) / 100));
  return { x, source: 'synthetic bursts (no data in build/data-wav)' };
}

// ms per call of fn, after `warm` untimed calls.
async function time(fn, n = runs, warm = 2) {
  for (let i = 0; i < warm; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - t0) / n;
}

// Centred frames of n_fft samples every hop (zero padding at both ends), as our front end frames them.
function frames(x, fn) {
  const n = 1 + Math.floor(x.length / HOP);
  const buf = new Float32Array(N_FFT);
  for (let k = 0; k < n; k++) {
    const start = k * HOP - N_FFT / 2;
    buf.fill(0);
    for (let i = Math.max(0, -start); i < N_FFT && start + i < x.length; i++) buf[i] = x[start + i];
    fn(buf, k);
  }
  return n;
}

const rows = [];
const { x, source } = await signal();
const tmp = mkdtempSync(join(tmpdir(), 'hs-bench-'));
try {
  const wavPath = join(tmp, 'pcg60.wav');
  writeFileSync(wavPath, await api.encodeWav(x, RATE));
  const nativeBin = process.env.HEARTSOUND_BENCH_FEATURES ?? join(root, 'build', 'native', 'bench_features');
  if (existsSync(nativeBin)) {
    const r = JSON.parse(execFileSync(nativeBin, [wavPath, String(runs)], { encoding: 'utf8' }));
    rows.push(['native C', 'preprocess + log-mel', r.features_ms]);
    rows.push(['native C', 'log-mel (plan reused)', r.logmel_ms]);
  } else {
    console.log(`(${nativeBin} missing: npm run build)`);
  }
  // the WASM module reads the same 16-bit file the native program timed
  const { samples } = await api.decodeWav(readFileSync(wavPath));
  rows.push(['heartsound WASM (Node)', 'preprocess + log-mel', await time(() => api.features(samples, RATE))]);
  const pre = (await api.preprocess(samples, RATE)).samples;

  const require = createRequire(import.meta.url);
  try {
    const Meyda = require('meyda');
    Object.assign(Meyda, { bufferSize: N_FFT, sampleRate: RATE, melBands: MELS, windowingFunction: 'hanning' });
    const out = new Float32Array(Math.ceil(pre.length / HOP + 1) * MELS);
    const meyda = () => frames(pre, (b, k) => out.set(Meyda.extract('melBands', b), k * MELS));
    rows.push(['meyda (JS)', 'log-mel', await time(meyda, Math.min(runs, 3), 1)]);
  } catch (e) {
    console.log(`meyda unavailable: ${e.message}`);
  }
  try {
    // the CommonJS build: essentia.js's ES build needs __dirname under Node
    const { EssentiaWASM, Essentia } = require('essentia.js');
    const es = new Essentia(EssentiaWASM.EssentiaWASM ?? EssentiaWASM);
    const out = new Float32Array(Math.ceil(pre.length / HOP + 1) * MELS);
    const one = (b, k) => {
      const v = es.arrayToVector(b);
      const w = es.Windowing(v, true, N_FFT, 'hann');
      const s = es.Spectrum(w.frame, N_FFT);
      const m = es.MelBands(s.spectrum, 600, N_FFT / 2 + 1, true, 25, 'unit_sum', MELS, RATE, 'power', 'slaneyMel');
      out.set(es.vectorToArray(m.bands), k * MELS);
      for (const o of [v, w.frame, s.spectrum, m.bands]) o.delete?.();
    };
    // essentia.js builds and configures an algorithm object per call (about 5-20 ms a frame here), so it
    // is timed on the first 6 s (300 frames) and scaled to 60 s
    const part = pre.subarray(0, 6 * RATE);
    const ms = await time(() => frames(part, one), 1, 1);
    rows.push(['essentia.js (WASM)', 'log-mel (timed on 6 s, x10)', ms * (pre.length / part.length)]);
  } catch (e) {
    console.log(`essentia.js unavailable: ${e.message}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const emcc = (() => { try { return `emcc ${/\d+\.\d+\.\d+/.exec(execFileSync('emcc', ['--version'], { encoding: 'utf8' }))[0]}`; } catch { return 'emcc ?'; } })();
const gcc = (() => { try { return execFileSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).trim(); } catch { return '?'; } })();
const machine = `${cpus()[0]?.model ?? 'cpu'} (${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB), ` +
  `Node ${process.version}, gcc ${gcc}, ${emcc}, load average ${loadavg()[0].toFixed(1)} (1 min) when the run ended`;
const table = [
  `| implementation | what | ms per 60 s | x real time |`,
  `| --- | --- | ---: | ---: |`,
  ...rows.map(([impl, what, ms]) => `| ${impl} | ${what} | ${ms.toFixed(2)} | ${Math.round(SECONDS * 1000 / ms)} |`),
].join('\n');
console.log(`features benchmark: ${SECONDS} s at ${RATE} Hz (${source}), n_fft ${N_FFT}, hop ${HOP}, ${MELS} mels, mean of ${runs} runs`);
console.log(machine);
console.log(table);

if (write) {
  const doc = join(root, 'docs', 'BENCHMARKS.md');
  const section = [
    '<!-- features:begin (written by `node bench/features.mjs --write`) -->',
    '## Features: log-mel of 60 s of PCG',
    '',
    `Command: \`node bench/features.mjs --write\` (also part of \`npm run bench\`). Input: ${SECONDS} s at ${RATE} Hz`,
    `(${source}); n_fft ${N_FFT}, hop ${HOP} (20 ms), ${MELS} mel bands, centred frames. Mean of ${runs} runs after`,
    '2 warm-up calls (meyda: 3 runs after 1; essentia.js: 1 run on the first 6 s, scaled to 60 s), all in one',
    'Node process except the native program. "preprocess + log-mel" is what `heartsound features` and the JS',
    '`features()` compute (band-pass, normalisation, plan, log-mel); the JS libraries get our preprocessed',
    'signal and compute log-mel only. meyda windows the whole 256-sample buffer and spans 0-1 kHz; essentia.js',
    'uses 25-600 Hz Slaney bands like ours but creates its algorithm objects on every call.',
    '',
    `Machine: ${machine}. The machine was shared with other builds: treat small differences as noise.` +
      (process.env.HEARTSOUND_JS || process.env.HEARTSOUND_BENCH_FEATURES ? ` Builds timed: ${[process.env.HEARTSOUND_JS, process.env.HEARTSOUND_BENCH_FEATURES].filter(Boolean).map((f) => f.replace(root, '')).join(', ')}.` : ''),
    '',
    table,
    '<!-- features:end -->',
  ].join('\n');
  let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n\nFigures printed by `npm run bench`; no test asserts a speed.\n';
  const re = /<!-- features:begin[\s\S]*?<!-- features:end -->/;
  text = re.test(text) ? text.replace(re, section) : text.replace(/\n*$/, '\n\n') + section + '\n';
  writeFileSync(doc, text);
  console.log(`wrote the features section of ${doc}`);
}
