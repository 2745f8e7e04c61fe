// The page's example recordings (web/examples/): 4-6 files of <= 100 KB, 2 kHz 16-bit mono WAV that the
// JS API decodes, normal and abnormal from several subsets, listed in examples.json; and, where the decoded
// PhysioNet data is available, exactly what scripts/examples.mjs's rule makes from it (so their labels are the
// challenge's and their samples the originals'). Without the data that part is skipped, or fails when
// HS_REQUIRE_DATA=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeExamples } from '../../scripts/examples.mjs';
import { loadApi, root, wavDir } from './util.mjs';

const dir = join(root, 'web', 'examples');
const list = JSON.parse(readFileSync(join(dir, 'examples.json'), 'utf8')).examples;

test('examples: 4-6 small WAVs, normal and abnormal, several subsets, as examples.json says', async () => {
  assert.ok(list.length >= 4 && list.length <= 6, `${list.length} examples`);
  const wavs = readdirSync(dir).filter((f) => f.endsWith('.wav')).sort();
  assert.deepEqual(list.map((e) => e.file).sort(), wavs, 'examples.json lists exactly the WAV files');
  assert.deepEqual([...new Set(list.map((e) => e.label))].sort(), ['abnormal', 'normal']);
  assert.ok(new Set(list.map((e) => e.subset)).size >= 4, 'from several subsets');
  assert.equal(new Set(list.map((e) => e.name)).size, list.length, 'names are unique (data-name)');
  const api = await loadApi();
  for (const ex of list) {
    const path = join(dir, ex.file);
    assert.ok(statSync(path).size <= 100000, `${ex.file}: ${statSync(path).size} bytes`);
    const d = await api.decodeWav(readFileSync(path));
    assert.deepEqual([d.info.sample_rate, d.info.channels, d.info.bits], [2000, 1, 16], ex.file);
    assert.ok(Math.abs(d.samples.length / 2000 - ex.seconds) < 1e-9, `${ex.file}: ${d.samples.length} samples`);
  }
});

const haveData = existsSync(join(wavDir, 'training-a', 'REFERENCE.csv'));
test('examples are what the rule in scripts/examples.mjs makes from the PhysioNet data, byte for byte',
  { skip: !haveData && process.env.HS_REQUIRE_DATA !== '1' ? `no decoded recordings in ${wavDir}` : false }, () => {
    assert.ok(haveData, `HS_REQUIRE_DATA=1 but no decoded recordings in ${wavDir}`);
    for (const f of makeExamples(wavDir)) {
      assert.ok(readFileSync(join(dir, f.file)).equals(f.bytes), `${f.file} differs from the rule's output`);
    }
  });
