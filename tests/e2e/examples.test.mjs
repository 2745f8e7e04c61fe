// A first visit with no recording of one's own: what it transfers before the CNN's first verdict (examples are
// fetched only when chosen), every example's verdict against the native CLI on the same file, the
// cardiologists' label shown with the result, and an accessibility scan (axe-core) of the main states.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  cliClassify, launch, openPage, pickRecordings, requireFiles, shot, siteExamples, startServer, tempDir,
  waitForOutcome, DIST, SUBPATH,
} from './harness.mjs';

const P_TOLERANCE = 1e-4; // as file.test.mjs: WASM SIMD vs native kernels round differently in the last bits
const FIRST_VISIT_BUDGET = 400 * 1024; // bytes, gzip, up to the first CNN verdict (issue 19)
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server, tmp;

before(() => {
  requireFiles();
  tmp = tempDir('examples');
});

after(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// The file a served path came from, and its gzip size (what a static host such as GitHub Pages sends).
function gzipBytes(path) {
  let rel = decodeURIComponent(path.split('?')[0]).slice(SUBPATH.length);
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  return gzipSync(readFileSync(join(DIST, rel)), { level: 6 }).length;
}

async function clickExample(page, name) {
  await page.locator(`[data-testid=example][data-name="${name}"]`).click();
  return waitForOutcome(page);
}

// Serious and critical violations only (the issue's bar); the rest is printed.
async function axeScan(page, state) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })));
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
  console.log(`# axe, ${state}: ${violations.length} violation(s)${minor.length ? `: ${minor.join(', ')}` : ''}`);
  assert.deepEqual(bad, [], `${state}: serious or critical accessibility violations`);
}

test('first visit: <= 400 KB gzip up to the first verdict of an example; examples fetched only when chosen', async () => {
  server = await startServer();
  const browser = await launch();
  try {
    const page = await openPage(browser.context, server.url);
    const atReady = server.served.length;
    assert.equal(server.served.some((r) => /\/examples\/.*\.wav$/.test(r.path)), false,
      'no example recording is fetched before one is chosen');
    const examples = siteExamples();
    const first = examples[0];
    const shown = await clickExample(page, first.name);
    assert.match(shown.label ?? '', /^(normal|abnormal|unsure)$/, `no verdict: ${shown.error}`);
    // Once the first result is on screen the page asks the service worker to keep every example for offline
    // use; wait for that, then split the log: those other examples are after the verdict by construction
    // (the page asks only after showing the result), everything else is the first visit proper.
    await page.waitForFunction(async (n) => {
      let count = 0;
      for (const k of await caches.keys()) {
        count += (await (await caches.open(k)).keys()).filter((r) => r.url.endsWith('.wav')).length;
      }
      return count >= n;
    }, examples.length, { timeout: 60000, polling: 500 });
    // The server's log lines reach this process a moment after the responses.
    const others = examples.slice(1).map((e) => e.file);
    for (let i = 0; i < 100 && !others.every((f) => server.served.some((r) => r.path.endsWith(`/${f}`))); i++) {
      await new Promise((ok) => setTimeout(ok, 100));
    }
    const isOther = (r) => /\/examples\/.*\.wav$/.test(r.path) && !r.path.endsWith(`/${first.file}`);
    const sent = server.served.filter((r) => r.status === 200 && !isOther(r));
    const later = server.served.filter((r) => r.status === 200 && isOther(r));
    assert.deepEqual(later.map((r) => r.path.split('/').pop()).sort(), examples.slice(1).map((e) => e.file).sort(),
      'each other example is fetched once, for the offline cache');
    assert.equal(sent.filter((r) => r.path.endsWith('.wav')).length, 1, 'the chosen example, once');
    const total = sent.reduce((sum, r) => sum + gzipBytes(r.path), 0);
    const raw = sent.reduce((sum, r) => sum + r.bytes, 0);
    const revalidated = server.served.filter((r) => r.status === 304).length;
    const biggest = sent.map((r) => [r.path.slice(SUBPATH.length), gzipBytes(r.path)]).sort((a, b) => b[1] - a[1])
      .slice(0, 4).map(([p, b]) => `${p} ${(b / 1024).toFixed(0)} KB`).join(', ');
    console.log(`# first visit up to the first verdict: ${sent.length} files, ${(total / 1024).toFixed(1)} KB gzip `
      + `(${(raw / 1024).toFixed(1)} KB as served), ${revalidated} revalidated by the service worker (304); `
      + `${atReady} responses before the page was ready; largest: ${biggest}`);
    console.log(`# then cached for offline use: ${later.length} examples, `
      + `${(later.reduce((s, r) => s + gzipBytes(r.path), 0) / 1024).toFixed(1)} KB gzip`);
    assert.ok(total <= FIRST_VISIT_BUDGET, `first visit transferred ${(total / 1024).toFixed(1)} KB gzip`);
  } finally {
    await browser.close();
    await server.close();
    server = null;
  }
});

test('every example: the verdict equals the native CLI on the same file; the label is shown with it', async () => {
  const examples = siteExamples();
  assert.ok(examples.length >= 4 && examples.length <= 6, `${examples.length} examples`);
  const ref = cliClassify(examples.map((e) => e.path));
  server = await startServer();
  const browser = await launch();
  try {
    const page = await openPage(browser.context, server.url);
    await axeScan(page, 'start');
    const rows = [];
    for (const [i, ex] of examples.entries()) {
      const button = page.locator(`[data-testid=example][data-name="${ex.name}"]`);
      assert.doesNotMatch(await button.textContent(), /normal|abnormal/, 'the button does not give the label away');
      const shown = await clickExample(page, ex.name);
      const cli = ref[i];
      assert.equal(cli.error, undefined, `${ex.file}: CLI ${cli.error}`);
      assert.equal(shown.error, null, `${ex.file}: page error ${shown.error}`);
      assert.equal(shown.label, cli.label, `${ex.file}: page ${shown.label}, CLI ${cli.label}`);
      assert.ok(Math.abs(shown.pAbnormal - cli.p_abnormal) <= P_TOLERANCE, `${ex.file}: page p=${shown.pAbnormal}, CLI p=${cli.p_abnormal}`);
      const refText = page.getByTestId('reference');
      assert.equal(await refText.textContent(), `The cardiologists' label: ${ex.label}`);
      assert.equal(await refText.getAttribute('data-label'), ex.label);
      assert.match(await page.locator('#source-info').textContent(), new RegExp(ex.record));
      rows.push(`${ex.name} (${ex.label}): ${shown.label} p=${shown.pAbnormal.toFixed(3)}`);
      if (i === 0) {
        await shot(page, '12-example-verdict');
        await axeScan(page, `example ${ex.name} (${shown.label})`);
      }
    }
    console.log(`# examples, page = CLI: ${rows.join('; ')}`);
    // An abnormal verdict's state, zoomed in, and a phone-sized screen.
    const abnormal = examples.find((e, i) => ref[i].label === 'abnormal') ?? examples[0];
    await clickExample(page, abnormal.name);
    await axeScan(page, `example ${abnormal.name} (${ref[examples.indexOf(abnormal)].label})`);
    await page.getByTestId('zoom-beats').click();
    await axeScan(page, 'zoomed to beats');
    await page.setViewportSize({ width: 375, height: 740 });
    await axeScan(page, 'phone');
    await page.setViewportSize({ width: 1100, height: 900 });
    // The error state: a corrupt file.
    const bad = join(tmp, 'corrupt.wav');
    const bytes = Buffer.from(readFileSync(pickRecordings()[0].file));
    bytes.writeUInt16LE(0, 22);
    writeFileSync(bad, bytes);
    await page.getByTestId('file-input').setInputFiles(bad);
    const err = await waitForOutcome(page);
    assert.ok(err.error, 'the corrupt file shows an error');
    assert.equal(await page.getByTestId('reference').isHidden(), true, 'no reference label for a file of ones own');
    await axeScan(page, 'error');
  } finally {
    await browser.close();
    await server.close();
    server = null;
  }
});
