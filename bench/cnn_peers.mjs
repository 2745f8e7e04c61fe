// CNN benchmark in one Node process on the same input (prints figures, asserts nothing):
//   ours   heartsound's WASM module, int8 CNN on XNNPACK wasm SIMD (per window, and end to end for a 30 s
//          recording: preprocessing + log-mel + windows + network)
//   tfjs   the same trained network in @tensorflow/tfjs-core + tfjs-backend-wasm (SIMD), float32, built
//          here from our model file's float weights, batch norm folded and ReLU fused (its fastest form)
//   ort    the same network exported to ONNX (cnn_onnx.mjs) in onnxruntime-web (wasm SIMD, 1 thread), float32
// Input: the normalised log-mel windows of a real recording. Also reports max |p_tfjs - p_ours| (float vs
// int8: a sanity check that both run the same network).
//   node bench/cnn_peers.mjs [--model models/cnn.hsm] [--wav build/data-wav/training-a/a0001.wav] [--core X.js]
//                            [--rounds 6] [--batch 8] [--json]
// --batch N: N consecutive windows per call for all three (ours still runs them through XNNPACK 8 at a time).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floatNet, netMacs, readHsm } from './cnn_hsm.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const modelPath = arg('--model', join(root, 'models', 'cnn.hsm'));
const wavPath = arg('--wav', join(root, 'build', 'data-wav', 'training-a', 'a0001.wav'));
const coreJs = resolve(arg('--core', process.env.HEARTSOUND_CORE_JS ?? join(root, 'build', 'wasm', 'heartsound-core-test.js')));
const BATCH = Number(arg('--batch', 8)); // windows per timed call, the same for every runtime

const now = () => performance.now();
// Best (minimum) of reps runs: the machine is shared, the minimum is least disturbed by other processes.
function bestMs(reps, fn) {
  let best = Infinity;
  for (let r = 0; r < reps; r++) { const t0 = now(); fn(); best = Math.min(best, now() - t0); }
  return best;
}

// ---------------------------------------------------------------- ours (WASM)
const { default: createCore } = await import(coreJs);
const M = await createCore({ wasmBinary: readFileSync(coreJs.replace(/\.js$/, '.wasm')) });
const modelBytes = readFileSync(modelPath);
const hsm = readHsm(modelBytes);
const net = floatNet(hsm);
if (net.kind !== 'cnn-int8') throw new Error(`${modelPath}: model.kind ${net.kind}, want cnn-int8 (heartsound quantize)`);

const heap = (bytes) => { const p = M._malloc(bytes.byteLength); M.HEAPU8.set(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), p); return p; };
const slot = M._malloc(64);
{
  const mp = heap(modelBytes);
  const st = M._hsw_q8_create(mp, modelBytes.length, 0, slot);
  M._free(mp);
  if (st) throw new Error(`hsw_q8_create: ${st}`);
}
const handle = M.HEAPU32[slot >>> 2];
M._hsw_q8_info(handle, slot);
const info = Array.from(M.HEAPF64.subarray(slot >>> 3, (slot >>> 3) + 8));
const [inH, inW, , hop] = info;
const pOut = M._malloc(4 * 4096), nOut = M._malloc(8), recOut = M._malloc(8);

// a real recording, decoded in WASM, repeated to 30 s
const wavBytes = readFileSync(wavPath);
const wp = heap(wavBytes), sp = M._malloc(8), np = M._malloc(8), wi = M._malloc(64), fp = M._malloc(8);
if (M._hsw_wav_decode(wp, wavBytes.length, sp, np, wi, fp)) throw new Error(`${wavPath}: decode failed`);
const rate = M.HEAPF64[wi >>> 3];
const raw = M.HEAPF32.slice(M.HEAPU32[sp >>> 2] >>> 2, (M.HEAPU32[sp >>> 2] >>> 2) + M.HEAPU32[np >>> 2]);
const rec30 = new Float32Array(30 * rate);
for (let i = 0; i < rec30.length; i++) rec30[i] = raw[i % raw.length];
const recPtr = heap(rec30);
const classify30 = () => M._hsw_q8_classify(handle, recPtr, rec30.length, rate, pOut, 4096, nOut, recOut);
if (classify30()) throw new Error('hsw_q8_classify failed');
const windows30 = M.HEAPU32[nOut >>> 2];

// the recording's own normalised log-mel (the model's front end in WASM), its first BATCH windows
const lmOut = M._malloc(8), lmFrames = M._malloc(8);
if (M._hsw_q8_logmel(handle, recPtr, rec30.length, rate, lmOut, lmFrames)) throw new Error('hsw_q8_logmel failed');
const frames = inH + (BATCH - 1) * hop;
const logmel = M.HEAPF32.slice(M.HEAPU32[lmOut >>> 2] >>> 2, (M.HEAPU32[lmOut >>> 2] >>> 2) + frames * inW);
M._free(M.HEAPU32[lmOut >>> 2]);
const lmPtr = heap(logmel);
const scoreBatch = () => M._hsw_q8_score_features(handle, lmPtr, frames, pOut, 4096, nOut, recOut);
scoreBatch();
const oursP = M.HEAPF32.slice(pOut >>> 2, (pOut >>> 2) + BATCH);
for (let i = 0; i < 5; i++) { scoreBatch(); classify30(); }

// ---------------------------------------------------------------- tfjs-backend-wasm, float32
const tf = await import('@tensorflow/tfjs-core');
const wasmBackend = await import('@tensorflow/tfjs-backend-wasm');
wasmBackend.setWasmPaths(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
await tf.setBackend('wasm');
await tf.ready();

// Fold batch norm into the preceding conv and fuse the following ReLU, as a model converter would.
function tfjsLayers() {
  const out = [];
  const L = net.layers;
  for (let i = 0; i < L.length; i++) {
    const l = L[i];
    if (l.kind === 'conv2d') {
      const [K, KH, KW, C] = l.wDims;
      const w = new Float32Array(KH * KW * C * K), b = Float32Array.from(l.b);
      let g = new Float32Array(K).fill(1);
      let j = i + 1;
      if (L[j]?.kind === 'batchnorm') {
        const bn = L[j++];
        g = g.map((_, k) => bn.gamma[k] / Math.sqrt(bn.var[k] + bn.eps));
        for (let k = 0; k < K; k++) b[k] = (b[k] - bn.mean[k]) * g[k] + bn.beta[k];
      }
      for (let k = 0; k < K; k++) for (let r = 0; r < KH * KW * C; r++) w[r * K + k] = l.w[k * KH * KW * C + r] * g[k];
      const relu = L[j]?.kind === 'relu';
      if (relu) j++;
      const same = l.sh === 1 && l.sw === 1 && l.ph === (KH - 1) / 2 && l.pw === (KW - 1) / 2;
      out.push({ op: 'conv', w: tf.tensor4d(w, [KH, KW, C, K]), b: tf.tensor1d(b), relu, same,
                 pad: [[0, 0], [l.ph, l.ph], [l.pw, l.pw], [0, 0]], strides: [l.sh, l.sw] });
      i = j - 1;
    } else if (l.kind === 'maxpool') out.push({ op: 'maxpool', k: [l.kh, l.kw], s: [l.sh, l.sw] });
    else if (l.kind === 'global_avgpool') out.push({ op: 'gap' });
    else if (l.kind === 'dense') {
      const [K, C] = l.wDims;
      const relu = L[i + 1]?.kind === 'relu';
      out.push({ op: 'dense', w: tf.tensor2d(l.w, [K, C]), b: tf.tensor1d(l.b), relu });
      if (relu) i++;
    } else if (l.kind === 'relu') out.push({ op: 'relu' });
    else if (l.kind === 'sigmoid') out.push({ op: 'sigmoid' });
    else if (l.kind === 'batchnorm') out.push({ op: 'bn', mean: tf.tensor1d(l.mean), variance: tf.tensor1d(l.var), beta: tf.tensor1d(l.beta), gamma: tf.tensor1d(l.gamma), eps: l.eps });
    // dropout: identity at inference
  }
  return out;
}
const layers = tfjsLayers();
function tfjsForward(x) {
  return tf.tidy(() => {
    let y = x;
    for (const l of layers) {
      if (l.op === 'conv') {
        const inp = l.same ? y : tf.pad(y, l.pad);
        y = tf.fused.conv2d({ x: inp, filter: l.w, strides: l.strides, pad: l.same ? 'same' : 'valid', bias: l.b,
                              activation: l.relu ? 'relu' : 'linear' });
      } else if (l.op === 'maxpool') y = tf.maxPool(y, l.k, l.s, 'valid');
      else if (l.op === 'gap') y = tf.mean(y, [1, 2]);
      else if (l.op === 'dense') y = tf.fused.matMul({ a: tf.reshape(y, [y.shape[0], -1]), b: l.w, transposeB: true, bias: l.b,
                                                       activation: l.relu ? 'relu' : 'linear' });
      else if (l.op === 'relu') y = tf.relu(y);
      else if (l.op === 'sigmoid') y = tf.sigmoid(y);
      else if (l.op === 'bn') y = tf.batchNorm(y, l.mean, l.variance, l.beta, l.gamma, l.eps);
    }
    return y;
  });
}
// the same BATCH windows ours scored (window k starts at frame k * hop)
const xs = new Float32Array(BATCH * inH * inW);
for (let k = 0; k < BATCH; k++) xs.set(logmel.subarray(k * hop * inW, (k * hop + inH) * inW), k * inH * inW);
const x = tf.tensor4d(xs, [BATCH, inH, inW, 1]);
const tfjsP = tfjsForward(x).dataSync();
const tfjsRun = () => { const y = tfjsForward(x); y.dataSync(); y.dispose(); };
for (let i = 0; i < 5; i++) tfjsRun();

// ---------------------------------------------------------------- onnxruntime-web (wasm, SIMD, 1 thread), float32
const ort = await import('onnxruntime-web');
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = join(root, 'node_modules', 'onnxruntime-web', 'dist') + '/';
const { onnxModel } = await import('./cnn_onnx.mjs');
const session = await ort.InferenceSession.create(onnxModel(net), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
const feeds = { x: new ort.Tensor('float32', xs, [BATCH, 1, inH, inW]) }; // NCHW with 1 channel = our bytes
const ortP = (await session.run(feeds)).p.data;
for (let i = 0; i < 5; i++) await session.run(feeds);
async function ortBestMs(reps) {
  let best = Infinity;
  for (let r = 0; r < reps; r++) { const t0 = now(); await session.run(feeds); best = Math.min(best, now() - t0); }
  return best;
}

// Timing in interleaved rounds (ours, tfjs, ort, ours, ...), best of each over all rounds: a burst of load
// from other processes then hits every runtime alike instead of whichever happened to run at that moment.
const ROUNDS = Number(arg('--rounds', 6));
let oursBest = Infinity, e2eBest = Infinity, tfjsBest = Infinity, ortBest = Infinity;
for (let r = 0; r < ROUNDS; r++) {
  oursBest = Math.min(oursBest, bestMs(21, scoreBatch));
  e2eBest = Math.min(e2eBest, bestMs(11, classify30));
  tfjsBest = Math.min(tfjsBest, bestMs(21, tfjsRun));
  ortBest = Math.min(ortBest, await ortBestMs(21));
}
const oursWindowMs = oursBest / BATCH, oursE2eMs = e2eBest, tfjsWindowMs = tfjsBest / BATCH, ortWindowMs = ortBest / BATCH;

let maxDp = 0, maxDpOrt = 0;
for (let k = 0; k < BATCH; k++) maxDpOrt = Math.max(maxDpOrt, Math.abs(ortP[k] - tfjsP[k]));
for (let k = 0; k < BATCH; k++) maxDp = Math.max(maxDp, Math.abs(tfjsP[k] - oursP[k]));
const macs = netMacs(net);
const result = {
  model: hsm.meta.get('model.name'), macs_per_window: macs, batch: BATCH, rounds: ROUNDS,
  load_average_1min: loadavg()[0],
  ours_wasm_int8: { backend: info[7] === 1 ? 'xnnpack-wasmsimd' : 'reference-c', ms_per_window: oursWindowMs,
                    gops: (2 * macs) / (oursWindowMs * 1e6), e2e_30s_ms: oursE2eMs, windows_30s: windows30 },
  tfjs_wasm_f32: { backend: `tfjs-backend-wasm ${tf.version_core}`, ms_per_window: tfjsWindowMs,
                   gops: (2 * macs) / (tfjsWindowMs * 1e6) },
  ort_wasm_f32: { backend: `onnxruntime-web ${ort.env.versions?.web ?? ''} wasm`, ms_per_window: ortWindowMs,
                  gops: (2 * macs) / (ortWindowMs * 1e6) },
  speedup_vs_tfjs: tfjsWindowMs / oursWindowMs,
  speedup_vs_ort: ortWindowMs / oursWindowMs,
  max_abs_dp_ort_vs_tfjs_float: maxDpOrt,
  max_abs_dp_tfjs_float_vs_ours_int8: maxDp,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else console.log(JSON.stringify(result, null, 2));
