// Listen and look: playback moves the playhead (and pause stops it), the keyboard seeks and zooms, a click
// seeks and a drag pans, the page works by touch on a phone-sized screen, and the saved PNG is a valid image
// of the page size.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  launch, openPage, requireFiles, shot, siteExamples, startServer, waitForOutcome, SHOTS,
} from './harness.mjs';

let server, browser, page;

before(async () => {
  requireFiles();
  server = await startServer();
  browser = await launch();
  page = await openPage(browser.context, server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const playheadT = () => page.evaluate(() => Number(document.querySelector('[data-testid=playhead]').dataset.t));
const viewOf = () => page.evaluate(() => {
  const d = document.querySelector('[data-testid=viewer]').dataset;
  return { t0: Number(d.t0), t1: Number(d.t1), duration: Number(d.duration) };
});

async function loadExample(name) {
  await page.locator(`[data-testid=example][data-name="${name}"]`).click();
  const shown = await waitForOutcome(page);
  assert.equal(shown.error, null, shown.error);
  return shown;
}

test('playback moves the playhead over all three tracks; pause stops it', async () => {
  const ex = siteExamples()[0];
  await loadExample(ex.name);
  assert.equal(await playheadT(), 0);
  const play = page.getByTestId('play');
  await play.click();
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=playhead]').dataset.t) > 0.5,
    null, { timeout: 30000 });
  // One playhead spans the waveform, spectrogram and timeline.
  const box = await page.getByTestId('playhead').boundingBox();
  for (const id of ['waveform', 'spectrogram', 'timeline']) {
    const c = await page.getByTestId(id).boundingBox();
    assert.ok(box.y <= c.y + 1 && box.y + box.height >= c.y + c.height - 1, `the playhead does not cover the ${id}`);
  }
  await shot(page, '13-playing');
  await play.click();
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  const stopped = await playheadT();
  await page.waitForTimeout(400);
  assert.equal(await playheadT(), stopped, 'the playhead stays put after pause');
  assert.ok(stopped > 0.5 && stopped < ex.seconds);
});

test('keyboard: the playhead is a slider -- seek with arrows, Home/End; zoom with + / - / 0; view follows', async () => {
  const ex = siteExamples()[0];
  await loadExample(ex.name);
  // Reachable with Tab from the zoom buttons.
  await page.getByTestId('zoom-beats').focus(); // then zoom-fit, disabled at the whole view
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'playhead');
  const head = page.getByTestId('playhead');
  await page.keyboard.press('End');
  assert.ok(Math.abs(await playheadT() - ex.seconds) < 1e-3, 'End goes to the end');
  await page.keyboard.press('Home');
  assert.equal(await playheadT(), 0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const t = await playheadT();
  assert.ok(t > 0, 'ArrowRight moves forward');
  assert.equal(await head.getAttribute('aria-valuenow'), t.toFixed(1));

  // Zoom in until a few seconds are shown: single beats.
  let v = await viewOf();
  assert.deepEqual([v.t0, v.t1], [0, ex.seconds]);
  for (let i = 0; i < 3; i++) await page.keyboard.press('+');
  v = await viewOf();
  assert.ok(Math.abs((v.t1 - v.t0) - ex.seconds / 8) < 1e-2, `span ${v.t1 - v.t0} after 3 zoom steps`);
  assert.ok(v.t0 <= t && t <= v.t1, 'the zoom keeps the playhead in view');
  await shot(page, '14-zoomed');
  // Seeking past the right edge turns the page.
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
  const t2 = await playheadT();
  v = await viewOf();
  assert.ok(t2 > t && v.t0 <= t2 && t2 <= v.t1, `playhead ${t2} outside the view ${v.t0}-${v.t1}`);
  await page.keyboard.press('-');
  const wider = await viewOf();
  assert.ok(wider.t1 - wider.t0 > v.t1 - v.t0, '- zooms out');
  await page.keyboard.press('0');
  v = await viewOf();
  assert.deepEqual([v.t0, v.t1], [0, ex.seconds], '0 shows the whole recording');
  // Space plays and pauses from the playhead.
  await page.keyboard.press(' ');
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'true');
  await page.keyboard.press(' ');
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'false');
});

test('mouse: a click seeks to the time under it; a drag pans a zoomed view', async () => {
  const ex = siteExamples()[0];
  await loadExample(ex.name);
  const wave = await page.getByTestId('waveform').boundingBox();
  await page.mouse.click(wave.x + wave.width * 0.25, wave.y + wave.height / 2);
  const t = await playheadT();
  assert.ok(Math.abs(t - ex.seconds * 0.25) < ex.seconds * 0.01, `clicked at 25 %, playhead at ${t} s`);
  await page.getByTestId('zoom-beats').click();
  const before = await viewOf();
  assert.ok(before.t1 - before.t0 <= 4.001, 'the beats zoom shows at most 4 s');
  await page.mouse.move(wave.x + wave.width * 0.7, wave.y + wave.height / 2);
  await page.mouse.down();
  await page.mouse.move(wave.x + wave.width * 0.45, wave.y + wave.height / 2, { steps: 5 });
  await page.mouse.up();
  const afterDrag = await viewOf();
  assert.ok(afterDrag.t0 > before.t0 + 0.5, `dragging left moves the view later (${before.t0} -> ${afterDrag.t0})`);
  assert.equal(await playheadT(), t, 'a drag does not seek');
});

test('the result saves as a PNG of the page size, made in the browser', async () => {
  const ex = siteExamples()[0];
  await loadExample(ex.name);
  await page.getByTestId('zoom-beats').click();
  const before = server.served.length;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save').click()]);
  assert.match(download.suggestedFilename(), /^heartsound-result-\d{4}-\d{2}-\d{2}-\d{6}\.png$/);
  const png = readFileSync(await download.path());
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(await download.path(), join(SHOTS, '16-saved-result.png'));
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  const size = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.deepEqual(size, [1240, 1754]);
  // The browser decodes it (a valid image), and it is not blank.
  const decoded = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const px = g.getImageData(0, 0, bmp.width, bmp.height).data;
    let dark = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 300) dark++;
    return { w: bmp.width, h: bmp.height, dark: dark / (px.length / 4) };
  }, png.toString('base64'));
  assert.deepEqual([decoded.w, decoded.h], size);
  assert.ok(decoded.dark > 0.02, `the image is nearly blank (${decoded.dark})`);
  assert.equal(server.served.length, before, 'saving made no request');
  console.log(`# saved PNG: ${png.length} bytes, ${size.join(' x ')}, ${(decoded.dark * 100).toFixed(1)} % dark pixels`);
});

test('phone: touch works (example, play, zoom, swipe), nothing wider than the screen', async () => {
  const phone = await launch([], { viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
  try {
    const p = await openPage(phone.context, server.url);
    const ex = siteExamples()[1];
    await p.locator(`[data-testid=example][data-name="${ex.name}"]`).tap();
    const shown = await waitForOutcome(p);
    assert.equal(shown.error, null);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
    await p.getByTestId('zoom-in').tap();
    const v = await p.evaluate(() => ({ ...document.querySelector('[data-testid=viewer]').dataset }));
    assert.ok(Number(v.t1) - Number(v.t0) < Number(v.duration), 'zoomed in by touch');
    const wave = await p.getByTestId('waveform').boundingBox();
    await p.touchscreen.tap(wave.x + wave.width / 2, wave.y + wave.height / 2);
    const t = await p.evaluate(() => Number(document.querySelector('[data-testid=playhead]').dataset.t));
    assert.ok(Math.abs(t - (Number(v.t0) + Number(v.t1)) / 2) < 0.1 * (Number(v.t1) - Number(v.t0)), `tap seeks (${t})`);
    await p.getByTestId('play').tap();
    await p.waitForFunction((t0) => Number(document.querySelector('[data-testid=playhead]').dataset.t) > t0 + 0.3,
      t, { timeout: 30000 });
    await p.getByTestId('play').tap();
    await shot(p, '15-phone-listen');
  } finally {
    await phone.close();
  }
});
