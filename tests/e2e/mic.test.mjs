// The microphone path end to end with Chromium's fake capture device playing a real recording, and a
// denied microphone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
  launch, micFile, openPage, pickRecordings, requireFiles, shot, startServer, tempDir, waitForOutcome,
} from './harness.mjs';

let server, tmp;

before(async () => {
  requireFiles();
  tmp = tempDir('mic');
  server = await startServer();
});

after(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('record a few seconds from the (fake) microphone, stop, get a verdict, play and download the take',
  async () => {
    const source = pickRecordings().find((r) => r.truth === 'normal').file;
    const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micFile(source, tmp)}`]);
    try {
      const page = await openPage(browser.context, server.url);
      const status = await page.getByTestId('model-status').textContent();
      const min = Number((status.match(/needs ≥ ([\d.]+) s/) ?? [0, 5])[1]);
      const target = min + 3;

      await page.getByTestId('record').click();
      // Wait (no timing assertion) until enough audio has arrived, noting the loudest level shown.
      await page.evaluate(() => {
        window.peakSeen = 0;
        const meter = document.querySelector('[data-testid=level]');
        setInterval(() => { window.peakSeen = Math.max(window.peakSeen, meter.value); }, 50);
      });
      await page.waitForFunction((s) => parseFloat(
        document.querySelector('[data-testid=elapsed]').textContent) >= s, target, { timeout: 120000 });
      assert.equal(await page.getByTestId('stop').isEnabled(), true);
      await shot(page, '03-recording');
      await page.getByTestId('stop').click();
      const shown = await waitForOutcome(page);

      const peak = await page.evaluate(() => window.peakSeen);
      assert.ok(peak > 0.01, `the level meter never moved (peak ${peak}): the microphone gave silence`);
      assert.equal(shown.error, null, `error after recording: ${shown.error}\n${page.logs.join('\n')}`);
      if (!/No verdicts/.test(status)) {
        assert.match(shown.label, /^(normal|abnormal)$/);
        assert.ok(shown.pAbnormal >= 0 && shown.pAbnormal <= 1);
      }
      const info = await page.locator('#source-info').textContent();
      const secs = Number(info.match(/([\d.]+) s/)[1]);
      assert.ok(secs >= target, `take is ${secs} s, recorded until ${target} s`);

      // The take: a WAV of the same length to download, and the same samples in the player.
      const take = await page.evaluate(async () => {
        const link = document.getElementById('take-download');
        const bytes = new Uint8Array(await (await fetch(link.href)).arrayBuffer());
        const tag = (o) => String.fromCharCode(...bytes.slice(o, o + 4));
        const dv = new DataView(bytes.buffer);
        return { riff: tag(0), wave: tag(8), rate: dv.getUint32(24, true), bytes: bytes.length,
                 download: link.download,
                 duration: Number(document.querySelector('[data-testid=viewer]').dataset.duration) };
      });
      assert.equal(take.riff, 'RIFF');
      assert.equal(take.wave, 'WAVE');
      assert.match(take.download, /\.wav$/);
      assert.ok(Math.abs(take.duration - secs) < 0.1, `the player holds ${take.duration} s, recorded ${secs} s`);
      assert.ok(Math.abs((take.bytes - 44) / 2 / take.rate - secs) < 0.1);
      // The take plays back: the playhead moves.
      await page.getByTestId('play').click();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=playhead]').dataset.t) > 0.3,
        null, { timeout: 30000 });
      await page.getByTestId('play').click();
      console.log(`# microphone: ${secs} s at ${take.rate} Hz captured, verdict ${shown.label} `
        + `p=${shown.pAbnormal}, level peak ${peak.toFixed(2)}`);
      await shot(page, '04-recorded-verdict');
    } finally {
      await browser.close();
    }
  });

test('a denied microphone shows its message and files still work', async () => {
  const browser = await launch(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
  try {
    const page = await openPage(browser.context, server.url);
    await page.getByTestId('record').click();
    const err = page.getByTestId('error');
    await err.waitFor({ state: 'visible' });
    assert.match(await err.textContent(), /Microphone access was denied/);
    assert.equal(await page.getByTestId('record').isEnabled(), true, 'record can be tried again');
    assert.equal(await page.getByTestId('stop').isEnabled(), false);
    await shot(page, '08-error-mic-denied');
    await page.getByTestId('file-input').setInputFiles(pickRecordings()[0].file);
    const shown = await waitForOutcome(page);
    assert.equal(shown.error, null);
  } finally {
    await browser.close();
  }
});

test('no microphone at all (a machine without audio devices) shows its message', async (t) => {
  const browser = await launch(['--use-fake-ui-for-media-stream']);
  try {
    const page = await openPage(browser.context, server.url);
    const devices = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices())
      .filter((d) => d.kind === 'audioinput').length);
    if (devices > 0) {
      t.skip(`this machine has ${devices} audio input(s)`);
      return;
    }
    await page.getByTestId('record').click();
    const err = page.getByTestId('error');
    await err.waitFor({ state: 'visible' });
    assert.match(await err.textContent(), /No microphone was found/);
    assert.equal(await page.getByTestId('record').isEnabled(), true);
  } finally {
    await browser.close();
  }
});

test('a take stops by itself at the maximum duration (?max=4) and is classified', async () => {
  const source = pickRecordings().find((r) => r.truth === 'abnormal').file;
  const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${micFile(source, tmp)}`]);
  try {
    const page = await openPage(browser.context, `${server.url}?max=4`);
    await page.getByTestId('record').click();
    assert.match(await page.locator('#max-duration').textContent(), /stops by itself at 4 s/);
    const shown = await waitForOutcome(page); // no click on stop
    // Counted in captured samples, not wall time: the take holds exactly 4 s of frames however late the
    // stop arrived on a busy machine (the context's rate is the fake device's, e.g. 44.1 or 48 kHz).
    const info = page.locator('#source-info');
    const secs = Number(await info.getAttribute('data-seconds'));
    const rate = Number((await info.textContent()).match(/(\d+) Hz/)[1]);
    assert.equal(Math.round(secs * rate), 4 * rate, `auto-stopped take is ${secs} s at ${rate} Hz`);
    assert.equal(await page.getByTestId('stop').isEnabled(), false);
    assert.equal(await page.getByTestId('record').isEnabled(), true);
    const status = await page.getByTestId('model-status').textContent();
    const min = Number((status.match(/needs ≥ ([\d.]+) s/) ?? [0, Infinity])[1]);
    if (min <= 4) assert.match(shown.label ?? '', /^(normal|abnormal)$/, `no verdict: ${shown.error}`);
    else if (min !== Infinity) assert.match(shown.error, /too short.*at least/);
  } finally {
    await browser.close();
  }
});
