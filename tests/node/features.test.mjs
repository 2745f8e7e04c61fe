// WASM features (decodeWav + features in dist/heartsound.js) must equal the native CLI's
// (`heartsound features FILE --out X.npy`) on real PhysioNet recordings and on a 44.1 kHz input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApi, maxAbsDiff, nativeFeatures, recordings, syntheticPcg, tempDir } from './util.mjs';

// The same C in both builds: measured bit-identical (0); 1e-4 dB leaves room for a libm other than
// glibc's / musl's shared float implementations without hiding a real difference (a wrong filter is > 0.1 dB).
const TOL = 1e-4;
const api = await loadApi();

// Compares both paths on one WAV file; returns the WASM result and the difference.
async function compare(wavPath, npyPath) {
  const native = nativeFeatures(wavPath, npyPath);
  const { samples, sampleRate } = await api.decodeWav(readFileSync(wavPath));
  const f = await api.features(samples, sampleRate);
  assert.deepEqual(native.shape, [f.frames, f.mels], `${wavPath}: shape native ${native.shape} vs wasm ${f.frames}x${f.mels}`);
  assert.equal(f.data.length, f.frames * f.mels);
  assert.ok(f.data.every(Number.isFinite), `${wavPath}: non-finite WASM feature`);
  return { f, diff: maxAbsDiff(native.data, f.data) };
}

test('WASM log-mel equals native on real recordings from every subset', async (t) => {
  const recs = recordings(2); // two per subset: 10 recordings from training-a..e
  const subsets = new Set(recs.map((r) => r.subset));
  assert.ok(recs.length >= 5 && subsets.size >= 5, `need >= 5 recordings from 5 subsets in build/data-wav (scripts/data.sh); found ${recs.length}`);
  const tmp = tempDir();
  try {
    let worst = 0;
    for (const r of recs) {
      const { f, diff } = await compare(r.path, join(tmp.dir, `${r.record}.npy`));
      t.diagnostic(`${r.subset}/${r.record}: ${f.frames} frames x ${f.mels} mels, max |wasm - native| = ${diff.toExponential(2)}`);
      console.log(`${r.subset}/${r.record}: max abs diff ${diff.toExponential(2)}`);
      assert.ok(diff <= TOL, `${r.record}: max abs diff ${diff} > ${TOL}`);
      worst = Math.max(worst, diff);
    }
    console.log(`features: ${recs.length} recordings, worst max abs diff ${worst.toExponential(2)} (tolerance ${TOL})`);
  } finally {
    tmp.cleanup();
  }
});

test('features describe themselves: frame count follows duration and hop, params match the shape', async () => {
  const [r] = recordings(1);
  assert.ok(r, 'no recordings in build/data-wav');
  const { samples, sampleRate } = await api.decodeWav(readFileSync(r.path));
  const f = await api.features(samples, sampleRate);
  assert.equal(f.sampleRate, 2000);
  assert.equal(f.mels, f.params.n_mels);
  assert.equal(f.hopSeconds, f.params.hop_length / f.params.sample_rate);
  const seconds = samples.length / sampleRate;
  // centred frames: one per hop plus at most one more; uncentred: fewer, never more
  assert.ok(Math.abs(f.frames - seconds / f.hopSeconds) <= 2 || f.params.center === 0,
    `${f.frames} frames for ${seconds} s at hop ${f.hopSeconds} s`);
  assert.ok(f.frames <= seconds / f.hopSeconds + 2);
});

test('a 44.1 kHz input gives the same features through WASM and native', async (t) => {
  const rate = 44100;
  const x = syntheticPcg(rate, 8, 7);
  const bytes = await api.encodeWav(x, rate);
  const tmp = tempDir();
  try {
    const wav = join(tmp.dir, 'synthetic-44k.wav');
    writeFileSync(wav, bytes);
    const { f, diff } = await compare(wav, join(tmp.dir, 'synthetic-44k.npy'));
    t.diagnostic(`44.1 kHz synthetic: ${f.frames} frames, max |wasm - native| = ${diff.toExponential(2)}`);
    console.log(`44.1 kHz synthetic: max abs diff ${diff.toExponential(2)}`);
    assert.ok(diff <= TOL, `max abs diff ${diff} > ${TOL}`);
    // resampled to 2 kHz: 8 s of audio -> about 8 / hop frames
    assert.ok(Math.abs(f.frames - 8 / f.hopSeconds) <= 2, `${f.frames} frames for 8 s`);
  } finally {
    tmp.cleanup();
  }
});

test('features reject bad input with HeartsoundError codes', async () => {
  await assert.rejects(api.features(new Float32Array(4000), 2000), { name: 'HeartsoundError', code: 'HS_ERR_SILENT' });
  await assert.rejects(api.features(new Float32Array(0), 2000), { name: 'HeartsoundError', code: 'HS_ERR_EMPTY' });
  const nan = syntheticPcg(2000, 2);
  nan[100] = NaN;
  await assert.rejects(api.features(nan, 2000), { name: 'HeartsoundError', code: 'HS_ERR_ARG' });
  await assert.rejects(api.features(syntheticPcg(2000, 2), 500), { name: 'HeartsoundError', code: 'HS_ERR_WAV_RATE' });
});
