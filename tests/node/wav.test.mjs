// decodeWav / encodeWav / preprocess through the WASM module: values on real files, round trips, and
// malformed bytes mapped to HeartsoundError codes (never a crash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fmtBody, loadApi, recordings, rng, syntheticPcg, wavBytes } from './util.mjs';

const api = await loadApi();

// The int16 samples of a canonical PCM file, read here independently of the C decoder.
function pcm16Samples(bytes) {
  const b = Buffer.from(bytes);
  for (let off = 12; off + 8 <= b.length;) {
    const id = b.toString('latin1', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'data') {
      const n = Math.floor(Math.min(size, b.length - off - 8) / 2);
      return Int16Array.from({ length: n }, (_, i) => b.readInt16LE(off + 8 + 2 * i));
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

test('decodeWav reads real recordings sample for sample', async () => {
  for (const r of recordings(1)) {
    const bytes = readFileSync(r.path);
    const { samples, sampleRate, info } = await api.decodeWav(bytes);
    const ref = pcm16Samples(bytes);
    assert.equal(sampleRate, 2000);
    assert.equal(info.sample_rate, 2000);
    assert.equal(info.channels, 1);
    assert.equal(info.bits, 16);
    assert.equal(info.format, 'pcm');
    assert.equal(info.truncated, false);
    assert.equal(samples.length, ref.length);
    assert.equal(info.frames, ref.length);
    assert.ok(Math.abs(info.duration_s - ref.length / 2000) < 1e-9);
    for (let i = 0; i < ref.length; i++) {
      if (samples[i] !== ref[i] / 32768) assert.fail(`${r.record}[${i}]: ${samples[i]} != ${ref[i]}/32768`);
    }
  }
});

test('decodeWav accepts an ArrayBuffer as well as a Uint8Array', async () => {
  const [r] = recordings(1);
  const bytes = readFileSync(r.path);
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const a = await api.decodeWav(ab);
  const b = await api.decodeWav(new Uint8Array(bytes));
  assert.deepEqual(a.samples, b.samples);
});

test('encodeWav -> decodeWav round trip is exact for 16-bit values and clips out-of-range samples', async () => {
  for (const rate of [2000, 8000, 44100]) {
    const r = rng(rate);
    const q = Float32Array.from({ length: 3001 }, () => Math.round((r() * 2 - 1) * 32767) / 32768);
    const bytes = await api.encodeWav(q, rate);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(bytes.length, 44 + 2 * q.length);
    const d = await api.decodeWav(bytes);
    assert.equal(d.sampleRate, rate);
    assert.equal(d.info.bits, 16);
    assert.equal(d.info.channels, 1);
    assert.deepEqual(d.samples, q);
  }
  const d = await api.decodeWav(await api.encodeWav(Float32Array.of(1.5, -1.5, 0.25), 2000));
  assert.deepEqual(Array.from(d.samples), [32767 / 32768, -1, 0.25]);
});

test('malformed WAV bytes map to HeartsoundError codes', async () => {
  const data = ['data', new Uint8Array(200)];
  const cases = [
    ['text file', new TextEncoder().encode('this is not a wav file, just text'), 'HS_ERR_WAV_NOT_RIFF'],
    ['AVI', wavBytes({ wave: 'AVI ', chunks: [data] }), 'HS_ERR_WAV_NOT_WAVE'],
    ['no fmt', wavBytes({ chunks: [data] }), 'HS_ERR_WAV_NO_FMT'],
    ['no data', wavBytes({ chunks: [['fmt ', fmtBody()]] }), 'HS_ERR_WAV_NO_DATA'],
    ['ADPCM', wavBytes({ chunks: [['fmt ', fmtBody({ format: 2, bits: 4 })], data] }), 'HS_ERR_WAV_CODEC'],
    ['0 channels', wavBytes({ chunks: [['fmt ', fmtBody({ channels: 0 })], data] }), 'HS_ERR_WAV_CHANNELS'],
    ['500 Hz', wavBytes({ chunks: [['fmt ', fmtBody({ rate: 500 })], data] }), 'HS_ERR_WAV_RATE'],
    ['48-bit PCM', wavBytes({ chunks: [['fmt ', fmtBody({ bits: 48 })], data] }), 'HS_ERR_WAV_BITS'],
    ['16-bit float', wavBytes({ chunks: [['fmt ', fmtBody({ format: 3, bits: 16 })], data] }), 'HS_ERR_WAV_BITS'],
  ];
  for (const [what, bytes, code] of cases) {
    await assert.rejects(api.decodeWav(bytes), (e) => {
      assert.ok(e instanceof api.HeartsoundError, `${what}: ${e}`);
      assert.equal(e.code, code, `${what}: got ${e.code} (${e.message})`);
      assert.ok(e.message.length > 0 && e.message !== e.code, `${what}: message from hs_status_string`);
      return true;
    }, `${what}: expected ${code}`);
  }
});

test('truncated and random bytes never crash the module', async () => {
  const [r] = recordings(1);
  const real = new Uint8Array(readFileSync(r.path));
  const rand = rng(42);
  for (let i = 0; i < 300; i++) {
    let bytes;
    if (i < 100) bytes = real.slice(0, Math.floor(rand() * 200)); // cut inside headers
    else {
      bytes = real.slice(0, 64 + Math.floor(rand() * 512));
      for (let k = 0; k < 1 + i % 8; k++) bytes[Math.floor(rand() * 44)] = Math.floor(rand() * 256);
    }
    try {
      const d = await api.decodeWav(bytes);
      assert.ok(d.samples.every(Number.isFinite));
    } catch (e) {
      assert.ok(e instanceof api.HeartsoundError && /^HS_ERR_/.test(e.code), `case ${i}: ${e}`);
    }
  }
  // the module is still healthy afterwards
  const d = await api.decodeWav(real);
  assert.ok(d.samples.length > 0);
});

test('preprocess resamples to 2 kHz and normalises to unit RMS', async () => {
  for (const rate of [2000, 4000, 44100]) {
    const x = syntheticPcg(rate, 5, 3);
    const p = await api.preprocess(x, rate);
    assert.equal(p.sampleRate, 2000);
    assert.ok(Math.abs(p.samples.length - 5 * 2000) <= 2, `${rate} Hz: ${p.samples.length} samples`);
    let s = 0, s2 = 0;
    for (const v of p.samples) { s += v; s2 += v * v; }
    const mean = s / p.samples.length;
    const rms = Math.sqrt(s2 / p.samples.length - mean * mean);
    assert.ok(Math.abs(mean) < 1e-3, `${rate} Hz: mean ${mean}`);
    assert.ok(Math.abs(rms - 1) < 1e-3, `${rate} Hz: rms ${rms}`);
  }
  await assert.rejects(api.preprocess(new Float32Array(1000), 2000), { code: 'HS_ERR_SILENT' });
  await assert.rejects(api.preprocess(syntheticPcg(2000, 1), 0), { code: 'HS_ERR_ARG' });
});
