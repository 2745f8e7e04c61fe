// Files into the page: real recordings give the same verdict and probability as the native CLI; a FLAC
// (browser-decoded) agrees with its WAV; corrupt and too-short inputs give their messages; nothing
// leaves localhost; the layout works on a phone-sized screen and from the keyboard.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  cliClassify, isLocal, launch, openPage, pickRecordings, recordRequests, requireFiles, shot, startServer,
  tempDir, waitForOutcome, DIST, REQUIRE_INPUTS, SHARED_DATA,
} from './harness.mjs';
import { P_FROM_WAV_TOL, P_YAMNET_FLOAT_TOL } from '../node/util.mjs';

// The page decodes and classifies the WAV in WASM: the same C as the CLI, bit-identical (tests/node/util.mjs).
const P_TOLERANCE = P_FROM_WAV_TOL;

let server, browser, page, requests, methods, loadedAt, tmp;

before(async () => {
  requireFiles();
  tmp = tempDir('files');
  server = await startServer();
  browser = await launch();
  requests = recordRequests(browser.context);
  methods = [];
  browser.context.on('request', (r) => methods.push(r.method()));
  page = await openPage(browser.context, server.url);
  // "Loaded" includes the service worker caching the site, which it does by itself after the page is up.
  await page.evaluate(() => navigator.serviceWorker.ready);
  loadedAt = requests.length;
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function pick(file) {
  await page.getByTestId('file-input').setInputFiles(file);
  return waitForOutcome(page);
}

test('the page loads with no error and the default model', async () => {
  const err = await page.getByTestId('error');
  assert.equal(await err.isHidden(), true, `error shown on load: ${await err.textContent()}\n${page.logs.join('\n')}`);
  const status = await page.getByTestId('model-status').textContent();
  assert.match(status, /ready/, 'the committed CNN (models/cnn.hsm) is loaded');
  assert.equal(await page.locator('#take').isVisible(), false, 'no recorded take to play yet');
  assert.equal(await page.getByTestId('verdict').getAttribute('data-label'), null);
  await shot(page, '01-start');
});

test('real recordings: verdict and P(abnormal) equal the native CLI', async () => {
  const recs = pickRecordings();
  assert.ok(recs.length >= 8, `expected >= 8 recordings under ${recs.length ? '' : 'build/data-wav'}`);
  const ref = cliClassify(recs.map((r) => r.file));
  let maxDiff = 0;
  let agree = 0;
  let compared = 0;
  for (const [i, rec] of recs.entries()) {
    const shown = await pick(rec.file);
    const cli = ref[i];
    const name = basename(rec.file);
    assert.equal(cli.error, undefined, `${name}: the CLI could not classify it: ${cli.error}`);
    assert.equal(shown.error, null, `${name}: page error ${shown.error}`);
    assert.equal(shown.label, cli.label, `${name}: page ${shown.label}, CLI ${cli.label}`);
    const diff = Math.abs(shown.pAbnormal - cli.p_abnormal);
    maxDiff = Math.max(maxDiff, diff);
    assert.ok(diff <= P_TOLERANCE, `${name}: page p=${shown.pAbnormal}, CLI p=${cli.p_abnormal}`);
    // The timeline tells the same windows as the CLI's per-window scores.
    const words = await page.locator('#timeline-text').textContent();
    const m = words.match(/^(\d+) of (\d+) windows/) ?? words.match(/^None of the (\d+) windows/);
    assert.ok(m, `${name}: timeline text "${words}"`);
    const cliBad = cli.windows.filter((w) => w.p >= cli.threshold).length;
    const [pageBad, pageAll] = m.length === 3 ? [Number(m[1]), Number(m[2])] : [0, Number(m[1])];
    assert.deepEqual([pageBad, pageAll], [cliBad, cli.windows.length], `${name}: abnormal windows / windows`);
    compared++;
    if (shown.label === rec.truth) agree++;
    if (i === 0 || shown.label === 'abnormal') await shot(page, `02-verdict-${shown.label}`);
  }
  assert.equal(compared, recs.length, 'every recording was compared');
  console.log(`# ${recs.length} recordings, ${compared} with a CLI verdict: max |p_page - p_cli| = `
    + `${maxDiff.toExponential(2)}; ${agree} of ${compared} verdicts match the PhysioNet label`);
});

test('a dropped file is analysed like a picked one', async () => {
  const file = pickRecordings()[0].file;
  const picked = await pick(file);
  const b64 = readFileSync(file).toString('base64');
  await page.evaluate(async ({ b64, name }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: 'audio/wav' }));
    // Clear the previous verdict first, so we wait for the new one.
    document.querySelector('[data-testid=verdict]').removeAttribute('data-label');
    document.querySelector('[data-testid=drop]').dispatchEvent(
      new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { b64, name: basename(file) });
  const dropped = await waitForOutcome(page);
  assert.deepEqual({ label: dropped.label, p: dropped.pAbnormal, e: dropped.error },
    { label: picked.label, p: picked.pAbnormal, e: picked.error });
});

test('FLAC goes through the browser decoder; a 2 kHz FLAC (which browsers refuse) says to use WAV',
  async (t) => {
    const wav = pickRecordings().find((r) => r.truth === 'abnormal').file;
    const subset = basename(dirname(wav));
    const original = join(SHARED_DATA, 'physionet2016', subset, basename(wav).replace(/\.wav$/, '.flac'));
    if (!existsSync(original)) {
      // a missing input: skipped on a developer's machine, a failure in CI (HS_REQUIRE_INPUTS=1)
      assert.ok(!REQUIRE_INPUTS, `${original} not found (HEARTSOUND_DATA)`);
      t.skip(`${original} not found (HEARTSOUND_DATA)`);
      return;
    }
    // The shared data's own FLAC is at 2 kHz, below the 3 kHz Web Audio minimum.
    const refused = await pick(original);
    assert.equal(refused.label, null);
    assert.match(refused.error, /not an audio file this browser can decode.*save such recordings as WAV/s);

    // The same recording as a 44.1 kHz FLAC: browser decode, then our C resampler back to 2 kHz.
    const flac = join(tmp, basename(original));
    execFileSync('sox', [original, '-D', '-r', '44100', flac]); // -D: no dither, the same file every run
    const fromWav = await pick(wav);
    const fromFlac = await pick(flac);
    assert.equal(fromFlac.error, null, `FLAC: ${fromFlac.error}`);
    assert.equal(fromFlac.label, fromWav.label);
    if (fromWav.pAbnormal !== null) {
      // Two resamplers in a row change the signal slightly inside the heart-sound band, not the verdict.
      const diff = Math.abs(fromFlac.pAbnormal - fromWav.pAbnormal);
      console.log(`# 44.1 kHz FLAC vs 2 kHz WAV: |dp| = ${diff.toExponential(2)}`);
      assert.ok(diff < 0.02, `FLAC p=${fromFlac.pAbnormal}, WAV p=${fromWav.pAbnormal}`);
    }
    await shot(page, '10-flac');
  });

test('a corrupt WAV shows the decoder\'s message and the page stays usable', async () => {
  const bad = join(tmp, 'corrupt.wav');
  const good = readFileSync(pickRecordings()[0].file);
  // A RIFF/WAVE header whose fmt chunk claims 0 channels, then the real data.
  const bytes = Buffer.from(good);
  bytes.writeUInt16LE(0, 22);
  writeFileSync(bad, bytes);
  const shown = await pick(bad);
  assert.equal(shown.label, null);
  assert.match(shown.error, /corrupt\.wav.*could not be read as a WAV file.*HS_ERR_WAV_/s);
  await shot(page, '05-error-corrupt-file');

  const junk = join(tmp, 'notes.mp3');
  writeFileSync(junk, 'this is not audio at all');
  const shownJunk = await pick(junk);
  assert.match(shownJunk.error, /notes\.mp3.*not an audio file this browser can decode/);

  const ok = await pick(pickRecordings()[0].file);
  assert.equal(ok.error, null, 'the next good file is analysed after errors');
});

test('a recording shorter than the model minimum says what the minimum is', async () => {
  const status = await page.getByTestId('model-status').textContent();
  const min = status.match(/needs ≥ ([\d.]+) s/);
  assert.ok(min, `the model status names the minimum duration: "${status}"`);
  const short = join(tmp, 'short.wav');
  execFileSync('sox', [pickRecordings()[0].file, short, 'trim', '0', String(Number(min[1]) / 2)]);
  const shown = await pick(short);
  assert.equal(shown.label, null);
  assert.match(shown.error, new RegExp(`too short.*at least ${min[1].replace('.', '\\.')} s`));
  // Still shows the signal: the waveform is drawn.
  assert.equal(await page.locator('#waveform-figure').isVisible(), true);
  await shot(page, '06-error-too-short');
});

test('the YAMNet choice loads lazily with progress and matches the CLI (a site without it says so)',
  async () => {
    // scripts/build.sh puts models/yamnet.hsm into the site when the backbone is available; a site built
    // without it must say so clearly. In CI (HS_REQUIRE_INPUTS=1) the site must have it.
    const onSite = existsSync(join(DIST, 'models', 'yamnet.hsm'));
    assert.ok(onSite || !REQUIRE_INPUTS, `${join(DIST, 'models', 'yamnet.hsm')} missing from the site`);
    const file = pickRecordings()[1].file;
    await pick(file);
    // Watch the progress bar while the weights load.
    await page.evaluate(() => {
      const bar = document.querySelector('[data-testid=model-progress]');
      window.progressSeen = [];
      new MutationObserver(() => { if (!bar.hidden) window.progressSeen.push(bar.value); })
        .observe(bar, { attributes: true });
    });
    const before = requests.length;
    await page.getByTestId('model').selectOption('yamnet');
    await waitForOutcome(page);
    assert.equal(requests.slice(0, loadedAt).some((u) => u.includes('yamnet')), false,
      'YAMNet weights are not fetched at page load');
    assert.ok(requests.slice(before).some((u) => u.includes('yamnet')), 'choosing YAMNet fetches its weights');
    const err = page.getByTestId('error');
    if (!onSite) {
      assert.match(await err.textContent(), /YAMNet head model is not available on this site/);
      assert.equal(await page.getByTestId('model').inputValue(), 'cnn', 'falls back to the CNN');
      assert.match(await page.getByTestId('model-status').textContent(), /ready/);
      await shot(page, '11-yamnet-unavailable');
      return;
    }
    assert.equal(await err.isVisible(), false, `YAMNet on the site failed to load: ${await err.textContent()}`);
    const progress = await page.evaluate(() => window.progressSeen);
    assert.ok(progress.length >= 1, 'a progress bar was shown while the YAMNet weights loaded');
    assert.match(await page.getByTestId('model-status').textContent(), /ready/);
    const shown = await waitForOutcome(page);
    const cli = cliClassify([file], ['--model', join(DIST, 'models', 'yamnet.hsm')])[0];
    assert.equal(cli.error, undefined, `CLI: ${cli.error}`);
    assert.equal(shown.label, cli.label);
    const diff = Math.abs(shown.pAbnormal - cli.p_abnormal);
    console.log(`# YAMNet head: page p=${shown.pAbnormal}, CLI p=${cli.p_abnormal}, `
      + `progress updates ${progress.length}`);
    assert.ok(diff <= P_YAMNET_FLOAT_TOL, `YAMNet: page p=${shown.pAbnormal}, CLI p=${cli.p_abnormal}`);
    await shot(page, '11-yamnet-verdict');
    await page.getByTestId('model').selectOption('cnn');
    await waitForOutcome(page);
  });

test('no request leaves localhost, and analysing files sends nothing anywhere', async () => {
  const foreign = requests.filter((u) => !isLocal(u));
  assert.deepEqual(foreign, []);
  // After load only the site's own files are fetched: YAMNet when chosen, and the example recordings, which
  // the service worker keeps for offline use once a first result is shown (GETs, nothing sent).
  const during = requests.slice(loadedAt).filter((u) => !u.includes('yamnet') && !/\/examples\/[\w-]+\.wav$/.test(u));
  assert.deepEqual(during, [], 'requests after load (audio must stay on the device)');
  assert.deepEqual(methods.slice(loadedAt).filter((m) => m !== 'GET'), [], 'only GET requests after load');
  // Every failure above was handled: nothing escaped as an uncaught exception.
  assert.deepEqual(page.logs.filter((l) => l.startsWith('pageerror')), []);
});

test('phone-sized screen: no horizontal scrolling, controls reachable by keyboard', async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  await pick(pickRecordings()[0].file);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
  await shot(page, '07-phone');
  await page.setViewportSize({ width: 1100, height: 900 });

  // Tab through the page: the file input, record button and model selector all take focus.
  await page.evaluate(() => document.activeElement?.blur());
  await page.locator('body').focus();
  const reached = new Set();
  for (let i = 0; i < 40; i++) { // more than the page's controls: Tab wraps around
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.dataset?.testid ?? '');
    if (id) reached.add(id);
  }
  for (const id of ['example', 'file-input', 'record', 'model', 'save', 'play', 'zoom-in', 'playhead']) { // pan: only when zoomed
    assert.ok(reached.has(id), `Tab never reaches ${id}`);
  }
});
