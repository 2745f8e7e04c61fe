// Checks a built site before it is published (the Pages workflow runs it): every file the service worker
// caches exists, and the site's own JS API (DIR/heartsound.js, its WebAssembly core and models) classifies
// every example with the CNN, and one with YAMNet. Prints one line per example; exits 1 on any failure.
//   node scripts/check-site.mjs [DIR]   (default dist)
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? 'dist');
const fail = (msg) => { console.error(`check-site: ${msg}`); process.exit(1); };

for (const f of ['index.html', 'sw.js', 'precache.js', 'heartsound.js', 'heartsound-core.js', 'heartsound-core.wasm',
  'models/cnn.hsm', 'models/yamnet.hsm', 'examples/examples.json']) {
  if (!existsSync(join(dir, f))) fail(`${f} missing in ${dir}`);
}
const self = {};
new Function('self', readFileSync(join(dir, 'precache.js'), 'utf8'))(self);
const pre = self.HS_PRECACHE;
if (!pre?.version || !pre.shell?.length) fail('precache.js lists nothing');
for (const f of [...pre.shell, ...pre.extra]) if (f !== './' && !existsSync(join(dir, f))) fail(`precache.js lists ${f}, not in ${dir}`);

const hs = await import(pathToFileURL(join(dir, 'heartsound.js')).href);
const { examples } = JSON.parse(readFileSync(join(dir, 'examples', 'examples.json'), 'utf8'));
if (!examples.length) fail('no examples');
const cnn = await hs.createClassifier({ model: 'cnn' });
for (const ex of examples) {
  if (!pre.extra.includes(`examples/${ex.file}`)) fail(`${ex.file} is not cached for offline use`);
  const { samples, sampleRate } = await hs.decodeWav(readFileSync(join(dir, 'examples', ex.file)));
  const r = cnn.classify(samples, sampleRate);
  console.log(`${ex.name}\treference ${ex.label}\t${cnn.name}: ${r.label} p=${r.pAbnormal.toFixed(4)}`);
}
const yamnet = await hs.createClassifier({ model: 'yamnet' });
const first = await hs.decodeWav(readFileSync(join(dir, 'examples', examples[0].file)));
const y = yamnet.classify(first.samples, first.sampleRate);
console.log(`${examples[0].name}\t${yamnet.name}: ${y.label} p=${y.pAbnormal.toFixed(4)}`);
console.log(`check-site: ${dir} ok (${pre.shell.length} files cached at install, ${pre.extra.length} after the first result)`);
