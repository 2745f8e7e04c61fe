// Exports the float CNN read by cnn_hsm.mjs as an ONNX model (bytes), for the onnxruntime-web peer in
// cnn_peers.mjs. A minimal protobuf writer for the few ONNX messages needed (onnx.proto3 field numbers);
// batch norm is folded into the convolutions and the layout is NCHW (with 1 input channel the NHWC window
// bytes are the same).

// ---- protobuf wire format
const varint = (n) => { const b = []; let v = BigInt(n); do { let x = Number(v & 0x7fn); v >>= 7n; if (v) x |= 0x80; b.push(x); } while (v); return b; };
const key = (field, wire) => varint((field << 3) | wire);
const bytes = (field, data) => [...key(field, 2), ...varint(data.length), ...data];
const str = (field, s) => bytes(field, [...Buffer.from(s, 'utf8')]);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const msg = (field, parts) => bytes(field, parts.flat());

const ATTR_INT = 2, ATTR_INTS = 7, FLOAT = 1;
const attrInts = (name, v) => msg(5, [str(1, name), ...v.map((x) => int(8, x)), int(20, ATTR_INTS)]);
const attrInt = (name, v) => msg(5, [str(1, name), int(3, v), int(20, ATTR_INT)]);
const node = (op, inputs, outputs, attrs = []) =>
  msg(1, [...inputs.map((s) => str(1, s)), ...outputs.map((s) => str(2, s)), str(4, op), ...attrs]);
const tensor = (name, dims, data) =>
  msg(5, [...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name),
          bytes(9, [...new Uint8Array(Float32Array.from(data).buffer)])]);
const valueInfo = (field, name, dims) =>
  msg(field, [str(1, name), msg(2, [msg(1, [int(1, FLOAT), msg(2, dims.map((d) => (typeof d === 'string'
    ? msg(1, [str(2, d)]) : msg(1, [int(1, d)]))))])])]);

/** ONNX bytes of net (floatNet()): input "x" (N, 1, H, W), output "p" (N, 1). */
export function onnxModel(net) {
  const nodes = [], inits = [];
  const L = net.layers;
  let cur = 'x', id = 0;
  const next = () => `t${id++}`;
  for (let i = 0; i < L.length; i++) {
    const l = L[i];
    if (l.kind === 'conv2d') {
      const [K, KH, KW, C] = l.wDims;
      const g = new Float32Array(K).fill(1), b = Float32Array.from(l.b);
      if (L[i + 1]?.kind === 'batchnorm') {
        const bn = L[++i];
        for (let k = 0; k < K; k++) { g[k] = bn.gamma[k] / Math.sqrt(bn.var[k] + bn.eps); b[k] = (b[k] - bn.mean[k]) * g[k] + bn.beta[k]; }
      }
      const w = new Float32Array(K * C * KH * KW); // (K, C, KH, KW) from (K, KH, KW, C)
      for (let k = 0; k < K; k++) for (let y = 0; y < KH; y++) for (let x = 0; x < KW; x++) for (let c = 0; c < C; c++)
        w[((k * C + c) * KH + y) * KW + x] = l.w[((k * KH + y) * KW + x) * C + c] * g[k];
      const wn = `w${i}`, bn = `b${i}`, out = next();
      inits.push(tensor(wn, [K, C, KH, KW], w), tensor(bn, [K], b));
      nodes.push(node('Conv', [cur, wn, bn], [out], [attrInts('kernel_shape', [KH, KW]),
        attrInts('pads', [l.ph, l.pw, l.ph, l.pw]), attrInts('strides', [l.sh, l.sw])]));
      cur = out;
    } else if (l.kind === 'relu') { const out = next(); nodes.push(node('Relu', [cur], [out])); cur = out; }
    else if (l.kind === 'maxpool') {
      const out = next();
      nodes.push(node('MaxPool', [cur], [out], [attrInts('kernel_shape', [l.kh, l.kw]), attrInts('strides', [l.sh, l.sw])]));
      cur = out;
    } else if (l.kind === 'global_avgpool') {
      const g = next(), f = next();
      nodes.push(node('GlobalAveragePool', [cur], [g]), node('Flatten', [g], [f], [attrInt('axis', 1)]));
      cur = f;
    } else if (l.kind === 'dense') {
      const [K, C] = l.wDims, out = next();
      inits.push(tensor(`w${i}`, [K, C], l.w), tensor(`b${i}`, [K], l.b));
      nodes.push(node('Gemm', [cur, `w${i}`, `b${i}`], [out], [attrInt('transB', 1)]));
      cur = out;
    } else if (l.kind === 'sigmoid') { nodes.push(node('Sigmoid', [cur], ['p'])); cur = 'p'; }
    else if (l.kind !== 'dropout') throw new Error(`onnx export: layer ${l.kind} not supported`);
  }
  if (cur !== 'p') throw new Error('onnx export: the net must end in a sigmoid');
  const graph = msg(7, [...nodes, str(2, 'heartsound_cnn'), ...inits,
    valueInfo(11, 'x', ['N', 1, net.inH, net.inW]), valueInfo(12, 'p', ['N', 1])]);
  return new Uint8Array([...int(1, 8), ...str(2, 'heartsound bench'), ...graph, ...msg(8, [str(1, ''), int(2, 13)])]);
}
