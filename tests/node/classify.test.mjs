// int8 CNN: WASM (XNNPACK wasm SIMD kernels) vs native (XNNPACK x86 kernels) window probabilities on real
// PhysioNet recordings from every subset.
//  1. Same network input: the native program bench/bench_cnn_windows dumps the normalised log-mel it scored;
//     the WASM runtime scores those very floats -> the probabilities must be bit-identical (int8 trunk
//     arithmetic is exact integer + one float32 requantisation per value, identical in both builds; the float
//     head is the same C code).
//  2. Whole record path from the WAV: the front end is the same C in both builds, so the probabilities agree
//     to P_FROM_WAV_TOL (tests/node/util.mjs says why; measured: bit-identical).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { P_FROM_WAV_TOL, recordings, root, skipIfMissing, tempDir } from './util.mjs';

const modelPath = process.env.HEARTSOUND_MODEL ?? join(root, 'models', 'cnn.hsm');
const nativeTool = process.env.HEARTSOUND_CNN_WINDOWS ?? join(root, 'build', 'native', 'bench_cnn_windows');
// the core with the int8-runtime hooks (tests/wasm/cnn_q8_binding.c): a test build, never shipped
const coreJs = process.env.HEARTSOUND_CORE_JS ?? join(root, 'build', 'wasm', 'heartsound-core-test.js');

function isInt8Model(path) {
  return existsSync(path) && readFileSync(path).includes(Buffer.from('cnn-int8'));
}

async function loadCore() {
  const { default: create } = await import(coreJs);
  return create({ wasmBinary: readFileSync(coreJs.replace(/\.js$/, '.wasm')) });
}

// Heap helpers for the hsw_q8_* functions (src/wasm/cnn_q8_binding.c).
function q8(M, modelBytes) {
  const slot = M._malloc(8 * 8), mp = M._malloc(modelBytes.length);
  M.HEAPU8.set(modelBytes, mp);
  const st = M._hsw_q8_create(mp, modelBytes.length, 0, slot);
  M._free(mp);
  assert.equal(st, 0, `hsw_q8_create: status ${st}`);
  const h = M.HEAPU32[slot >>> 2];
  assert.equal(M._hsw_q8_info(h, slot), 0);
  const info = Array.from(M.HEAPF64.subarray(slot >>> 3, (slot >>> 3) + 8));
  const run = (fn, ptr, n, extra) => {
    const cap = 4096, p = M._malloc(4 * cap), nw = M._malloc(8), rec = M._malloc(8);
    const s = extra === undefined ? fn(h, ptr, n, p, cap, nw, rec) : fn(h, ptr, n, extra, p, cap, nw, rec);
    assert.equal(s, 0, `status ${s}`);
    const count = M.HEAPU32[nw >>> 2];
    const out = { windows: Float32Array.from(M.HEAPF32.subarray(p >>> 2, (p >>> 2) + count)), p: M.HEAPF64[rec >>> 3] };
    M._free(p); M._free(nw); M._free(rec);
    return out;
  };
  const copyIn = (arr) => { const p = M._malloc(arr.byteLength); M.HEAPU8.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), p); return p; };
  return {
    xnnpack: info[7] === 1,
    scoreFeatures(logmel, frames) {
      const p = copyIn(logmel);
      try { return run(M._hsw_q8_score_features, p, frames); } finally { M._free(p); }
    },
    classifyWav(bytes) {
      const b = copyIn(bytes), sp = M._malloc(8), np = M._malloc(8), info8 = M._malloc(64), fmt = M._malloc(8);
      try {
        assert.equal(M._hsw_wav_decode(b, bytes.length, sp, np, info8, fmt), 0);
        const samples = M.HEAPU32[sp >>> 2], n = M.HEAPU32[np >>> 2], rate = M.HEAPF64[info8 >>> 3];
        const r = run(M._hsw_q8_classify, samples, n, rate);
        M._free(samples);
        return r;
      } finally { [b, sp, np, info8, fmt].forEach((p) => M._free(p)); }
    },
    destroy() { M._hsw_q8_destroy(h); M._free(slot); },
  };
}

const skip = skipIfMissing([nativeTool, coreJs].filter((f) => !existsSync(f)).join(', ') || false);

test('int8 CNN: WASM and native give bit-identical window probabilities on the same log-mel', { skip }, async (t) => {
  assert.ok(isInt8Model(modelPath), `${modelPath} is not an int8 CNN`);
  const recs = recordings(2);
  assert.ok(recs.length >= 5, 'need recordings from build/data-wav (scripts/data.sh)');
  const tmp = tempDir();
  const M = await loadCore();
  const net = q8(M, new Uint8Array(readFileSync(modelPath)));
  try {
    assert.ok(net.xnnpack, 'the WASM build must run the int8 CNN on XNNPACK');
    const out = execFileSync(nativeTool, [modelPath, '--logmel-dir', tmp.dir, ...recs.map((r) => r.path)], { encoding: 'utf8' });
    const native = out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(native.length, recs.length);
    let windows = 0, worstRecord = 0, sameFromWav = 0;
    for (let i = 0; i < recs.length; i++) {
      const nat = native[i];
      assert.equal(nat.backend, 'xnnpack', 'the native build must run the int8 CNN on XNNPACK');
      const lm = new Float32Array(readFileSync(join(tmp.dir, `${recs[i].record}.wav.f32`)).buffer.slice(0));
      const w = net.scoreFeatures(lm, nat.frames);
      assert.equal(w.windows.length, nat.windows.length);
      for (let k = 0; k < w.windows.length; k++)
        assert.equal(w.windows[k], Math.fround(nat.windows[k]), `${recs[i].record} window ${k}: wasm ${w.windows[k]} native ${nat.windows[k]}`);
      windows += w.windows.length;
      // the whole path from the WAV bytes, inside WASM
      const full = net.classifyWav(new Uint8Array(readFileSync(recs[i].path)));
      assert.equal(full.windows.length, nat.windows.length);
      let d = Math.abs(full.p - Math.fround(nat.p_abnormal)), same = 0;
      for (let k = 0; k < full.windows.length; k++) {
        const dk = Math.abs(full.windows[k] - Math.fround(nat.windows[k]));
        if (dk === 0) same++;
        d = Math.max(d, dk);
      }
      worstRecord = Math.max(worstRecord, d);
      sameFromWav += same;
      assert.ok(d <= P_FROM_WAV_TOL, `${recs[i].record}: from the WAV, |p_wasm - p_native| = ${d} > ${P_FROM_WAV_TOL}`);
      t.diagnostic(`${recs[i].subset}/${recs[i].record}: ${w.windows.length} windows identical on the same log-mel; ` +
                   `from the WAV ${same} identical, max |dp| = ${d.toExponential(2)}`);
    }
    console.log(`int8 CNN: ${windows} windows of ${recs.length} recordings bit-identical (WASM vs native) on the same log-mel; ` +
                `from the WAV ${sameFromWav}/${windows} identical, max |dp| = ${worstRecord.toExponential(2)} (tolerance ${P_FROM_WAV_TOL})`);
  } finally {
    net.destroy();
    tmp.cleanup();
  }
});
