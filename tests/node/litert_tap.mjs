// Diagnostic (not a test): run Google's YAMNet .tflite under LiteRT.js with intermediate tensors as outputs.
// LiteRT returns only a graph's outputs, so this makes an in-memory copy of the flatbuffer whose subgraph
// output list is [the requested tensors]: a new int32 vector is appended at the end of the file and
// subgraph.outputs repointed to it (flatbuffer offsets point forward, so nothing else moves; the copy is never
// written to the repository). Used to find where our "tflite" arithmetic first differs from LiteRT's
// (docs/YAMNET.md, "Agreement with LiteRT").
//   node tests/node/litert_tap.mjs MODEL.tflite --list
//   node tests/node/litert_tap.mjs MODEL.tflite IN.f32 OUTDIR TENSOR...   -> OUTDIR/t<TENSOR>.f32 each
import fs from 'node:fs'; import path from 'node:path'; import vm from 'node:vm'; import { createRequire } from 'node:module';

/** The few flatbuffer reads needed: root table, field positions, vectors, strings (tflite schema.fbs). */
function reader(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u32 = (o) => dv.getUint32(o, true), i32 = (o) => dv.getInt32(o, true);
  const table = (o) => {
    const vt = o - i32(o), vlen = dv.getUint16(vt, true);
    return (i) => { const off = 4 + 2 * i < vlen ? dv.getUint16(vt + 4 + 2 * i, true) : 0; return off ? o + off : 0; };
  };
  const ref = (p) => p + u32(p);
  const vec = (p) => { const v = ref(p); return { n: u32(v), at: v + 4 }; };
  const ints = (p) => { if (!p) return []; const v = vec(p), r = []; for (let k = 0; k < v.n; k++) r.push(i32(v.at + 4 * k)); return r; };
  const str = (p) => { if (!p) return ''; const v = ref(p); return buf.toString('utf8', v + 4, v + 4 + u32(v)); };
  return { dv, u32, i32, table, ref, vec, ints, str };
}

/** Subgraph 0: its table accessor, tensors (name, type, shape) and the position of its `outputs` field. */
export function graph(buf) {
  const r = reader(buf);
  const model = r.table(r.u32(0)), sgs = r.vec(model(2));
  const sg = r.table(r.ref(sgs.at)), tv = r.vec(sg(0)), tensors = [];
  for (let i = 0; i < tv.n; i++) {
    const t = r.table(r.ref(tv.at + 4 * i));
    tensors.push({ index: i, name: r.str(t(3)).split(';')[0], type: t(1) ? r.dv.getInt8(t(1)) : 0, shape: r.ints(t(0)) });
  }
  const ops = [], ov = r.vec(sg(3));
  for (let i = 0; i < ov.n; i++) { const o = r.table(r.ref(ov.at + 4 * i)); ops.push({ inputs: r.ints(o(1)), outputs: r.ints(o(2)) }); }
  return { tensors, ops, outputsField: sg(2), outputs: r.ints(sg(2)) };
}

/** A copy of the model whose graph outputs are `indices` (float32 tensors). */
export function withOutputs(buf, indices) {
  const g = graph(buf);
  for (const k of indices) {
    if (!(k >= 0 && k < g.tensors.length)) throw new Error(`tensor ${k}: no such tensor`);
    if (g.tensors[k].type !== 0) throw new Error(`tensor ${k} (${g.tensors[k].name}): not float32`);
  }
  const at = (buf.length + 3) & ~3, out = Buffer.alloc(at + 4 + 4 * indices.length);
  buf.copy(out);
  out.writeUInt32LE(indices.length, at);
  indices.forEach((k, i) => out.writeInt32LE(k, at + 4 + 4 * i));
  out.writeUInt32LE(at - g.outputsField, g.outputsField); // uoffset from the field to the new vector
  return out;
}

/** LiteRT.js in Node (see ../shared/NOTES.md): returns run(modelBytes, Float32Array) -> [Float32Array]. */
export async function liteRt() {
  const require = createRequire(import.meta.url);
  const wasmDir = path.join(path.dirname(require.resolve('@litertjs/core/package.json')), 'wasm') + '/';
  globalThis.self = globalThis; globalThis.require = require;
  globalThis.__dirname = wasmDir.slice(0, -1); globalThis.__filename = wasmDir + 'x.js';
  globalThis.importScripts = (url) => { const p = url.toString().replace(/^file:\/\//, ''); vm.runInThisContext(fs.readFileSync(p, 'utf8'), { filename: p }); };
  const { loadLiteRt, loadAndCompile, Tensor } = await import('@litertjs/core');
  const quiet = console.log; console.log = () => {}; console.warn = () => {}; console.error = () => {};
  await loadLiteRt(wasmDir);
  console.log = quiet;
  return async (bytes, x) => {
    const model = await loadAndCompile(new Uint8Array(bytes), { accelerator: 'wasm' });
    let out = await model.run([new Tensor(new Float32Array(x), [x.length])]);
    if (!Array.isArray(out)) out = Object.values(out);
    return out.map((t) => t.toTypedArray().slice());
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [modelPath, inPath, outDir, ...rest] = process.argv.slice(2);
  const buf = fs.readFileSync(modelPath);
  if (inPath === '--list') {
    const g = graph(buf);
    g.ops.forEach((o, i) => console.log(`op ${i}: ${o.inputs.join(',')} -> ${o.outputs.map((k) => `${k} ${g.tensors[k].name} [${g.tensors[k].shape}]`).join(' ')}`));
  } else {
    const idx = rest.map(Number), run = await liteRt();
    const b = fs.readFileSync(inPath), x = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
    const outs = await run(withOutputs(buf, idx), x);
    fs.mkdirSync(outDir, { recursive: true });
    idx.forEach((k, i) => fs.writeFileSync(path.join(outDir, `t${k}.f32`), Buffer.from(outs[i].buffer)));
    process.stdout.write(`${JSON.stringify(idx.map((k, i) => ({ tensor: k, values: outs[i].length })))}\n`);
  }
}
