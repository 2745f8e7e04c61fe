// A second visit works with the server gone (service worker), examples included, and a browser without WASM
// SIMD is told so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cliClassify, launch, openPage, pickRecordings, requireFiles, shot, siteExamples, startServer, waitForOutcome,
} from './harness.mjs';

test('second visit works offline: the page loads and classifies, examples too, with the server stopped', async () => {
  requireFiles();
  const server = await startServer();
  const browser = await launch();
  try {
    const file = pickRecordings()[0].file;
    const page = await openPage(browser.context, server.url);
    // Wait until the service worker controls the page and has cached the site.
    await page.waitForFunction(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const keys = await caches.keys();
      for (const k of keys) {
        const c = await caches.open(k);
        if (await c.match('heartsound-core.wasm')) return true;
      }
      return false;
    }, null, { timeout: 60000, polling: 250 });
    await page.getByTestId('file-input').setInputFiles(file);
    const online = await waitForOutcome(page);
    // After a first result the examples are cached too (none of them was chosen in this visit).
    const examples = siteExamples();
    await page.waitForFunction(async (files) => {
      for (const k of await caches.keys()) {
        const c = await caches.open(k);
        if ((await Promise.all(files.map((f) => c.match(`examples/${f}`)))).every(Boolean)) return true;
      }
      return false;
    }, examples.map((e) => e.file), { timeout: 60000, polling: 250 });

    await server.close();
    // The server is really gone: only the service worker's cache can serve the reload.
    await assert.rejects(fetch(server.url));
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true'
      || !document.querySelector('[data-testid=error]').hidden, null, { timeout: 60000 });
    assert.equal(await page.getByTestId('error').isHidden(), true,
      `error offline: ${await page.getByTestId('error').textContent()}`);
    await page.getByTestId('file-input').setInputFiles(file);
    const offline = await waitForOutcome(page);
    assert.deepEqual(offline, online);
    const ex = examples[examples.length - 1];
    await page.locator(`[data-testid=example][data-name="${ex.name}"]`).click();
    const shown = await waitForOutcome(page);
    const cli = cliClassify([ex.path])[0];
    const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
    assert.equal(shown.error, null, `example offline (page controlled by the service worker: ${controlled}): ${shown.error}`);
    assert.equal(shown.label, cli.label);
    assert.ok(Math.abs(shown.pAbnormal - cli.p_abnormal) <= 1e-4);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a browser without WebAssembly SIMD gets a clear message instead of a broken page', async () => {
  requireFiles();
  const server = await startServer();
  const browser = await launch();
  try {
    // Pretend SIMD is missing: the page's feature probe goes through WebAssembly.validate.
    await browser.context.addInitScript(() => { WebAssembly.validate = () => false; });
    const page = await openPage(browser.context, server.url);
    const err = page.getByTestId('error');
    assert.match(await err.textContent(), /does not support WebAssembly SIMD/);
    assert.equal(await page.getByTestId('record').isDisabled(), true);
    assert.match(await page.locator('.disclaimer').textContent(), /Not a medical device/);
    await shot(page, '09-error-no-simd');
  } finally {
    await browser.close();
    await server.close();
  }
});
