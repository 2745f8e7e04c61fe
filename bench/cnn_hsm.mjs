// Minimal .hsm reader for the benchmarks (layout: src/model/hsm_layout.h, docs/MODEL_FORMAT.md): metadata
// strings and typed tensors, plus the float CNN's layer list ("cnn.layer.NN" + "layer.NN.w|b|...").
// No checksum verification: benchmarks only read models the C code has already validated.

const DTYPES = { 1: Float32Array, 2: Int8Array, 3: Int32Array, 4: Uint8Array };

/** Parses a .hsm buffer into {meta: Map, tensors: Map(name -> {dtype, dims, data})}. */
export function readHsm(buf) {
  const b = Buffer.from(buf.buffer ?? buf, buf.byteOffset ?? 0, buf.byteLength);
  if (b[0] !== 0x89 || b.toString('latin1', 1, 4) !== 'HSM') throw new Error('not an .hsm file');
  const u64 = (o) => Number(b.readBigUInt64LE(o));
  const nMeta = b.readUInt32LE(24), nTensors = b.readUInt32LE(28);
  const metaOff = u64(32), tableOff = u64(40), dataOff = u64(48);
  const meta = new Map();
  let p = metaOff;
  const str = () => { const n = b.readUInt32LE(p); const s = b.toString('utf8', p + 4, p + 4 + n); p += 5 + n; return s; };
  for (let i = 0; i < nMeta; i++) { const k = str(); meta.set(k, str()); }
  const tensors = new Map();
  for (let i = 0; i < nTensors; i++) {
    const e = tableOff + 104 * i;
    const name = b.toString('latin1', e, e + 64).replace(/\0.*$/s, '');
    const dtype = b.readUInt32LE(e + 64), rank = b.readUInt32LE(e + 68);
    const dims = [0, 1, 2, 3].slice(0, rank).map((d) => b.readUInt32LE(e + 72 + 4 * d));
    const off = dataOff + u64(e + 88), nbytes = u64(e + 96);
    const T = DTYPES[dtype];
    const data = new T(b.buffer.slice(b.byteOffset + off, b.byteOffset + off + nbytes)); // copy: aligned
    tensors.set(name, { dtype, dims, data });
  }
  return { meta, tensors };
}

/** The float network: {inH, inW, inC, layers: [{kind, kh, kw, sh, sw, ph, pw, units, eps, w, b, gamma, ...}]}. */
export function floatNet(hsm) {
  const m = hsm.meta;
  const n = Number(m.get('cnn.n_layers'));
  const layers = [];
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(2, '0');
    const [kind, ...fields] = m.get(`cnn.layer.${id}`).split(' ');
    const L = { kind };
    for (const f of fields) { const [k, v] = f.split('='); L[k] = Number(v); }
    for (const s of ['w', 'b', 'gamma', 'beta', 'mean', 'var']) {
      const t = hsm.tensors.get(`layer.${id}.${s}`);
      if (t) { L[s] = t.data; L[`${s}Dims`] = t.dims; }
    }
    layers.push(L);
  }
  return {
    inH: Number(m.get('cnn.in_h')), inW: Number(m.get('cnn.in_w')), inC: Number(m.get('cnn.in_c')),
    windowFrames: Number(m.get('cnn.window_frames')), hopFrames: Number(m.get('cnn.hop_frames')),
    kind: m.get('model.kind'), layers,
  };
}

/** Multiply-accumulates of one window of the float network (conv + dense). */
export function netMacs(net) {
  let h = net.inH, w = net.inW, c = net.inC, macs = 0;
  for (const L of net.layers) {
    if (L.kind === 'conv2d') {
      h = Math.floor((h + 2 * L.ph - L.kh) / L.sh) + 1; w = Math.floor((w + 2 * L.pw - L.kw) / L.sw) + 1;
      macs += h * w * L.units * L.kh * L.kw * c; c = L.units;
    } else if (L.kind === 'maxpool' || L.kind === 'avgpool') {
      h = Math.floor((h - L.kh) / L.sh) + 1; w = Math.floor((w - L.kw) / L.sw) + 1;
    } else if (L.kind === 'global_avgpool') { h = 1; w = 1; }
    else if (L.kind === 'dense') { macs += h * w * c * L.units; h = 1; w = 1; c = L.units; }
  }
  return macs;
}
