// YAMNet per 0.96 s patch: our C backbone in WASM (the JS API, same Node process) against LiteRT.js
// (@litertjs/core running Google's fixed15600 .tflite, wasm CPU), then the backbone alone per engine in WASM
// (bench_yamnet_wasm.cjs, own process) and natively (bench_yamnet).
// Prints one JSON line per engine; asserts nothing. Needs ../shared/weights (HEARTSOUND_WEIGHTS).
//   node bench/yamnet_peers.mjs [REPS]
// Env: HS_SITE (folder with heartsound.js + core, default dist/), HEARTSOUND_CLI (native CLI, to convert the
// backbone + head into one file), HS_YAMNET_HEAD (head, default models/yamnet-head.hsm), HS_BENCH_BIN (native bench_yamnet), HS_WASM_BENCH (bench_yamnet_wasm.cjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import vm from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const reps = Number(process.argv[2] ?? 20);
const tflite = join(process.env.HEARTSOUND_WEIGHTS ?? join(root, '..', 'shared', 'weights'), 'yamnet', 'yamnet-int8-fixed15600.tflite');
const site = process.env.HS_SITE ?? join(root, 'dist');
const cli = process.env.HEARTSOUND_CLI ?? join(root, 'build', 'native', 'heartsound');
const benchBin = process.env.HS_BENCH_BIN ?? join(root, 'build', 'native', 'bench_yamnet');
if (!existsSync(tflite)) { console.log(JSON.stringify({ bench: 'yamnet', skipped: `${tflite} missing` })); process.exit(0); }

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const input = new Float32Array(15600).map((_, i) => 0.3 * Math.sin(2 * Math.PI * 440 * i / 16000) + 0.05 * Math.sin(i * i));

// --- ours, WASM, through the public JS API: a 30.72 s recording = 63 patches, ms per patch end to end
async function ours() {
  if (!existsSync(join(site, 'heartsound.js')) || !existsSync(cli)) return { engine: 'heartsound wasm', skipped: `needs ${site}/heartsound.js and ${cli}` };
  const dir = mkdtempSync(join(tmpdir(), 'hs-yb-'));
  try {
    const model = join(dir, 'yamnet.hsm');
    execFileSync(cli, ['convert-yamnet', tflite, model, '--head', process.env.HS_YAMNET_HEAD ?? join(root, 'models', 'yamnet-head.hsm')], { stdio: 'ignore' });
    const api = await import(pathToFileURL(join(site, 'heartsound.js')).href);
    const c = await api.createClassifier({ model: new Uint8Array(readFileSync(model)) });
    const n = Math.round(30.72 * 2000), x = new Float32Array(n).map((_, i) => Math.sin(2 * Math.PI * 50 * i / 2000) * Math.exp(-((i % 1600) / 80)));
    c.classify(x, 2000); // warm-up
    const t = [];
    let patches = 0;
    for (let r = 0; r < Math.max(3, reps >> 2); r++) {
      const t0 = performance.now();
      const res = c.classify(x, 2000);
      t.push(performance.now() - t0);
      patches = res.windows.length;
    }
    c.destroy();
    return { engine: 'heartsound wasm (front end + backbone + head)', patches, ms_per_patch: +(median(t) / patches).toFixed(2), ms_per_30s: +median(t).toFixed(1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- LiteRT.js in this process (the shims of tests/node/litert_ref.mjs)
async function litert() {
  const require = createRequire(import.meta.url);
  let pkg;
  try { pkg = require.resolve('@litertjs/core/package.json'); } catch { return { engine: 'litert.js', skipped: '@litertjs/core not installed' }; }
  const wasmDir = path.join(path.dirname(pkg), 'wasm') + '/';
  Object.assign(globalThis, { self: globalThis, require, __dirname: wasmDir.slice(0, -1), __filename: wasmDir + 'x.js' });
  globalThis.importScripts = (url) => { const p = url.toString().replace(/^file:\/\//, ''); vm.runInThisContext(readFileSync(p, 'utf8'), { filename: p }); };
  const { loadLiteRt, loadAndCompile, Tensor } = await import('@litertjs/core');
  const quiet = [console.log, console.warn, console.error];
  console.log = console.warn = console.error = () => {};
  try {
    await loadLiteRt(wasmDir);
    const model = await loadAndCompile(new Uint8Array(readFileSync(tflite)), { accelerator: 'wasm' });
    await model.run([new Tensor(new Float32Array(input), [15600])]);
    const t = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      const out = await model.run([new Tensor(new Float32Array(input), [15600])]);
      (Array.isArray(out) ? out : Object.values(out))[0].toTypedArray();
      t.push(performance.now() - t0);
    }
    return { engine: 'litert.js 2.5.3 wasm (its front end + backbone, fixed15600)', ms_per_patch: +median(t).toFixed(2), min_ms: +Math.min(...t).toFixed(2) };
  } finally {
    [console.log, console.warn, console.error] = quiet;
  }
}

// the same C benchmark built for WASM SIMD (cmake/wasm.cmake), run by Node: backbone per engine, own process
const wasmBench = process.env.HS_WASM_BENCH ?? join(root, 'build', 'wasm', 'bench_yamnet_wasm.cjs');
function wasmEngines() {
  if (!existsSync(wasmBench)) return [{ engine: 'heartsound wasm backbone', skipped: `${wasmBench} missing` }];
  return execFileSync(process.execPath, [wasmBench, tflite, String(reps)], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
}

// one line per backbone engine the native build has (plain-c, xnnpack-f32, xnnpack-litert)
function native() {
  if (!existsSync(benchBin)) return [{ engine: 'heartsound native', skipped: `${benchBin} missing` }];
  return execFileSync(benchBin, [tflite, String(reps)], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
}

console.log(JSON.stringify({ bench: 'yamnet', reps, ...(await ours()) }));
console.log(JSON.stringify({ bench: 'yamnet', reps, ...(await litert()) }));
for (const n of wasmEngines()) console.log(JSON.stringify({ bench: 'yamnet', ...n }));
for (const n of native()) console.log(JSON.stringify({ bench: 'yamnet', ...n }));
