// Shared helpers of the Node tests (not a test file itself): paths, the real recordings, running the
// native CLI, reading .npy files, building WAV byte arrays by hand.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const distModule = join(root, 'dist', 'heartsound.js');
export const nativeCli = process.env.HEARTSOUND_CLI ?? join(root, 'build', 'native', 'heartsound');
export const wavDir = process.env.HEARTSOUND_WAV_DIR ?? join(root, 'build', 'data-wav');

/** The JS API as shipped in dist/ (npm run build); fails with a clear message when it is missing. */
export async function loadApi() {
  if (!existsSync(distModule)) throw new Error(`${distModule} missing: run npm run build first`);
  return import(distModule);
}

/**
 * |p_wasm - p_native| allowed for a probability computed from the same WAV file by the WASM build and by the
 * native CLI. Both run the same C (no FMA contraction, -ffp-contract=off; libm's float functions are the same
 * implementations in glibc and musl) and the int8 network is exact integer arithmetic with the same float
 * requantisation, so the two are bit-identical (measured: 0 on 186 recordings, 3621 windows, and the log-mel
 * itself, tests/node/features.test.mjs); the CLI prints p with 6 significant digits (%.6g), so a value read
 * back from its JSON is within 5e-7 of the exact one.
 */
export const P_FROM_WAV_TOL = 1e-6;

/**
 * The same for the YAMNet head: its float backbone runs on XNNPACK's fp32 kernels, which natively differ by CPU
 * (FMA, summation order) and from the wasm SIMD ones, so the embeddings differ at float rounding (~1e-6
 * relative, tests/c/test_yamnet_xnn.c) and p by far less than 1e-3 (the float model is well conditioned);
 * a wrong layer or front end moves p by > 0.01.
 */
export const P_YAMNET_FLOAT_TOL = 1e-3;

// .ci/run sets HS_REQUIRE_INPUTS=1: there a missing input (weights, a build product) is a failure.
export const REQUIRE_INPUTS = !!process.env.HS_REQUIRE_INPUTS && process.env.HS_REQUIRE_INPUTS !== '0';

/**
 * The `skip` option of a test that needs an optional input. `missing` is false when everything is there,
 * else a sentence naming what is missing. On a developer's machine the test is skipped (and node:test
 * reports it as skipped); under HS_REQUIRE_INPUTS=1 a failing test naming the input is added instead.
 */
export function skipIfMissing(missing) {
  if (!missing) return false;
  if (REQUIRE_INPUTS) test(`required input: ${missing}`, () => assert.fail(`missing input: ${missing}`));
  return missing;
}

/**
 * First `perSubset` records of every training-x subset a..e: [{subset, record, label, path}]. Throws when a
 * subset is missing, so no test loops over zero recordings (scripts/data.sh decodes them).
 */
export function recordings(perSubset = 1) {
  const out = [];
  for (const s of ['a', 'b', 'c', 'd', 'e']) {
    const dir = join(wavDir, `training-${s}`);
    const ref = join(dir, 'REFERENCE.csv');
    if (!existsSync(ref)) throw new Error(`${ref} missing: decode the recordings first (bash scripts/data.sh)`);
    const lines = readFileSync(ref, 'utf8').split(/\r?\n/).filter(Boolean).slice(0, perSubset);
    for (const l of lines) {
      const [record, label] = l.split(',');
      out.push({ subset: `training-${s}`, record, label: Number(label), path: join(dir, `${record}.wav`) });
    }
  }
  assert.equal(out.length, 5 * perSubset, `recordings in ${wavDir}`);
  return out;
}

export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'hs-node-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Reads a little-endian float32 .npy: {shape, data: Float32Array}. */
export function readNpy(path) {
  const b = readFileSync(path);
  if (b.readUInt32BE(0) !== 0x934e554d || b.toString('latin1', 4, 6) !== 'PY') throw new Error(`${path}: not .npy`);
  const major = b[6];
  const hlen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString('latin1', start, start + hlen);
  if (!/'descr':\s*'<f4'/.test(header)) throw new Error(`${path}: not float32 little-endian: ${header}`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order`);
  const shape = header.match(/'shape':\s*\(([^)]*)\)/)[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const off = start + hlen;
  const n = shape.reduce((a, x) => a * x, 1);
  const data = new Float32Array(b.buffer.slice(b.byteOffset + off, b.byteOffset + off + 4 * n));
  return { shape, data };
}

/** Runs `heartsound features WAV --out NPY` and returns the features as {shape, data}. */
export function nativeFeatures(wavPath, npyPath) {
  execFileSync(nativeCli, ['features', wavPath, '--out', npyPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  return readNpy(npyPath);
}

export function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A WAV file built field by field, to make malformed inputs: chunks = [[id, Uint8Array body], ...]. */
export function wavBytes({ riff = 'RIFF', wave = 'WAVE', chunks }) {
  const parts = [];
  for (const [id, body] of chunks) {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    parts.push(h, Buffer.from(body));
    if (body.length % 2) parts.push(Buffer.alloc(1));
  }
  const payload = Buffer.concat(parts);
  const head = Buffer.alloc(12);
  head.write(riff, 0, 'latin1');
  head.writeUInt32LE(4 + payload.length, 4);
  head.write(wave, 8, 'latin1');
  return new Uint8Array(Buffer.concat([head, payload]));
}

/** A 16-byte fmt chunk body. */
export function fmtBody({ format = 1, channels = 1, rate = 2000, bits = 16 } = {}) {
  const b = Buffer.alloc(16);
  const align = channels * Math.ceil(bits / 8);
  b.writeUInt16LE(format, 0);
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE(rate * align, 8);
  b.writeUInt16LE(align, 12);
  b.writeUInt16LE(bits, 14);
  return b;
}

/** Deterministic PRNG (mulberry32) so synthetic signals are the same on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PCG-like test signal: S1/S2 bursts (decaying 60-150 Hz tones) at 72 bpm plus a little noise. */
export function syntheticPcg(rate, seconds, seed = 1) {
  const n = Math.round(rate * seconds);
  const x = new Float32Array(n);
  const r = rng(seed);
  const beat = 60 / 72;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const tb = t % beat;
    const s1 = tb < 0.1 ? Math.exp(-tb * 40) * Math.sin(2 * Math.PI * 60 * tb) : 0;
    const t2 = tb - 0.3;
    const s2 = t2 >= 0 && t2 < 0.08 ? 0.7 * Math.exp(-t2 * 50) * Math.sin(2 * Math.PI * 150 * t2) : 0;
    x[i] = 0.5 * (s1 + s2) + 0.01 * (r() - 0.5);
  }
  return x;
}
