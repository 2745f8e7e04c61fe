// The JS classifier (createClassifier in dist/heartsound.js, the shipped dist/models/cnn.hsm) must give the
// same verdict, probabilities and windows as the native `heartsound classify` on real recordings.
// (tests/node/classify.test.mjs, another file, compares the int8 runtime window by window.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApi, nativeCli, P_FROM_WAV_TOL, recordings, root, skipIfMissing, syntheticPcg } from './util.mjs';

const api = await loadApi();
const model = join(root, 'dist', 'models', 'cnn.hsm');
const skip = skipIfMissing(!existsSync(model) && `${model} (npm run build copies models/cnn.hsm there)`);

// native CLI on the very model file the page ships
function nativeClassify(wav) {
  const out = execFileSync(nativeCli, ['classify', '--model', model, wav], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

test('WASM createClassifier equals native classify on recordings from every subset', { skip }, async (t) => {
  const clf = await api.createClassifier();
  try {
    const recs = recordings(1);
    assert.ok(recs.length >= 5, 'need recordings from 5 subsets in build/data-wav');
    let worst = 0;
    for (const r of recs) {
      const native = nativeClassify(r.path);
      const { samples, sampleRate } = await api.decodeWav(readFileSync(r.path));
      const res = clf.classify(samples, sampleRate);
      assert.equal(res.model, native.model);
      assert.equal(res.label, native.label, r.record);
      assert.ok(Math.abs(res.threshold - native.threshold) < 1e-6);
      assert.equal(res.windows.length, native.windows.length, `${r.record}: window count`);
      // the CLI prints p with 6 significant digits and times in ms (%.3f)
      let diff = Math.abs(res.pAbnormal - native.p_abnormal);
      res.windows.forEach((w, i) => {
        const n = native.windows[i];
        assert.ok(Math.abs(w.t0 - n.t0) <= 6e-4 && Math.abs(w.t1 - n.t1) <= 6e-4, `${r.record} window ${i}: ${w.t0}-${w.t1} vs ${n.t0}-${n.t1}`);
        diff = Math.max(diff, Math.abs(w.p - n.p));
      });
      assert.equal(res.label, res.pAbnormal >= res.threshold ? 'abnormal' : 'normal');
      t.diagnostic(`${r.subset}/${r.record}: ${res.label} p=${res.pAbnormal.toFixed(4)}, max |wasm - native| = ${diff.toExponential(2)}`);
      assert.ok(diff <= P_FROM_WAV_TOL, `${r.record}: probability diff ${diff}`);
      worst = Math.max(worst, diff);
    }
    console.log(`classifier: ${recs.length} recordings, worst |p_wasm - p_native| ${worst.toExponential(2)} (CLI prints 6 digits)`);
  } finally {
    clf.destroy();
  }
});

test('classifier describes itself and refuses bad input with HeartsoundError codes', { skip }, async () => {
  const clf = await api.createClassifier({ model: new Uint8Array(readFileSync(model)) });
  assert.ok(clf.name.length > 0);
  assert.ok(clf.threshold > 0 && clf.threshold < 1, `threshold ${clf.threshold}`);
  assert.ok(clf.minSeconds > 0);
  const short = syntheticPcg(2000, clf.minSeconds / 2);
  assert.throws(() => clf.classify(short, 2000), { name: 'HeartsoundError', code: 'HS_ERR_TOO_SHORT' });
  assert.throws(() => clf.classify(new Float32Array(2000 * 10), 2000), { code: 'HS_ERR_SILENT' });
  // a 44.1 kHz recording is resampled by the C core: same verdict shape, windows cover the duration
  const res = clf.classify(syntheticPcg(44100, 10, 5), 44100);
  assert.ok(res.windows.length >= 1 && res.windows.at(-1).t1 <= 10 + 0.05);
  clf.destroy();
  assert.throws(() => clf.classify(syntheticPcg(2000, 10), 2000), { code: 'HS_ERR_ARG' });
  await assert.rejects(api.createClassifier({ model: new Uint8Array(64) }), { code: 'HS_ERR_MODEL_FORMAT' });
  await assert.rejects(api.createClassifier({ model: 'models/missing.hsm' }), { code: 'HS_ERR_IO' });
  const corrupt = new Uint8Array(readFileSync(model));
  corrupt[corrupt.length - 10] ^= 0xff;
  await assert.rejects(api.createClassifier({ model: corrupt }), (e) => e instanceof api.HeartsoundError && /^HS_ERR_MODEL/.test(e.code));
});
