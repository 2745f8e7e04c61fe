// Shared pieces of the browser tests: the site served by the project's own server under a sub-path,
// Debian's chromium driven by playwright-core (never a downloaded browser), real recordings, the native
// CLI as the reference, screenshots.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const DIST = resolve(ROOT, process.env.HS_E2E_DIST ?? 'dist');
export const SHARED_DATA = resolve(ROOT, process.env.HEARTSOUND_DATA ?? join('..', 'shared', 'data'));
export const DATA = process.env.HS_E2E_WAV_DIR ?? join(ROOT, 'build', 'data-wav');
export const CLI = process.env.HS_CLI ?? join(ROOT, 'build', 'native', 'heartsound');
// .ci/run sets HS_REQUIRE_INPUTS=1: a missing input (recordings, weights) fails instead of skipping.
export const REQUIRE_INPUTS = !!process.env.HS_REQUIRE_INPUTS && process.env.HS_REQUIRE_INPUTS !== '0';
export const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
export const CHROMIUM = process.env.HS_CHROMIUM ?? '/usr/bin/chromium';
// GitHub Pages project sites live under /<repo>/: serving there proves every URL is relative.
export const SUBPATH = '/heartsound/';

const BASE_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `hs-e2e-${prefix}-`));
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// Runs scripts/serve.mjs on a free port over a folder whose only entry is heartsound -> dist. `served`
// lists every response the server sent ({path, status, bytes}), in order: what a visit transferred.
export async function startServer() {
  const top = tempDir('site');
  symlinkSync(DIST, join(top, SUBPATH.replaceAll('/', '')));
  const port = await freePort();
  const proc = spawn(process.execPath, [join(ROOT, 'scripts', 'serve.mjs'), top], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HS_SERVE_LOG: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const served = [];
  let pending = '';
  await new Promise((ok, fail) => {
    proc.stdout.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const l of lines) {
        if (l.startsWith('request ')) served.push(JSON.parse(l.slice(8)));
        else if (l.includes('serving')) ok();
      }
    });
    proc.once('exit', (code) => fail(new Error(`serve.mjs exited with ${code}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + SUBPATH,
    served,
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((ok) => proc.once('exit', ok));
        proc.kill();
        await exited;
      }
      rmSync(top, { recursive: true, force: true });
    },
  };
}

// A fresh profile every time (--user-data-dir via a persistent context on a new temp folder).
export async function launch(extraArgs = [], options = {}) {
  const profile = tempDir('profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_FLAGS, ...extraArgs],
    viewport: { width: 1100, height: 900 },
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Every request the browser makes (pages, workers, service worker), to check none leaves localhost.
export function recordRequests(context) {
  const seen = [];
  context.on('request', (r) => seen.push(r.url()));
  return seen;
}

export function isLocal(url) {
  if (url.startsWith('blob:') || url.startsWith('data:')) return true;
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost';
}

// Opens the page and waits until the engine and default model are ready (or an error is shown).
export async function openPage(context, url) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  page.logs = logs;
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true'
    || !document.querySelector('[data-testid=error]').hidden, null, { timeout: 60000 });
  return page;
}

// Waits for the analysis of the current input to end: a verdict, a no-verdict note or an error.
export async function waitForOutcome(page) {
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid=verdict]');
    const err = document.querySelector('[data-testid=error]');
    return !document.body.classList.contains('busy') && !document.body.classList.contains('recording')
      && (v.dataset.label || v.classList.contains('none') || !err.hidden);
  }, null, { timeout: 120000 });
  return page.evaluate(() => {
    const v = document.querySelector('[data-testid=verdict]');
    const err = document.querySelector('[data-testid=error]');
    return {
      label: v.dataset.label ?? null,
      pAbnormal: v.dataset.pAbnormal === undefined ? null : Number(v.dataset.pAbnormal),
      verdictText: v.textContent,
      error: err.hidden ? null : err.textContent,
    };
  });
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// The first normal and the first abnormal record of every subset (REFERENCE.csv: 1 abnormal, -1 normal).
export function pickRecordings() {
  const picked = [];
  for (const subset of ['a', 'b', 'c', 'd', 'e']) {
    const dir = join(DATA, `training-${subset}`);
    const rows = readFileSync(join(dir, 'REFERENCE.csv'), 'utf8').trim().split(/\r?\n/)
      .map((l) => l.split(',')).sort((x, y) => x[0].localeCompare(y[0]));
    for (const label of ['-1', '1']) {
      const row = rows.find((r) => r[1].trim() === label);
      if (row) picked.push({ file: join(dir, `${row[0]}.wav`), truth: label === '1' ? 'abnormal' : 'normal' });
    }
  }
  return picked;
}

// The native CLI's verdicts: one JSON line per file ({"file", "label", "p_abnormal", ...} or {"file","error"}).
export function cliClassify(files, options = []) {
  let out;
  try {
    out = execFileSync(CLI, ['classify', ...options, ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stdout ?? ''; // exit status 2 when some file failed; its lines are still there
  }
  const byFile = new Map();
  for (const line of out.split('\n').filter((l) => l.trim().startsWith('{'))) {
    const j = JSON.parse(line);
    byFile.set(resolve(j.file), j);
  }
  return files.map((f) => byFile.get(resolve(f)) ?? { file: f, error: 'no output from the CLI' });
}

// A PhysioNet recording (2 kHz) resampled to 48 kHz: Chromium's fake microphone captures a 2 kHz file
// as silence.
export function micFile(src, dir) {
  const out = join(dir, 'fake-mic-48k.wav');
  execFileSync('sox', [src, '-D', '-r', '48000', '-b', '16', '-c', '1', out]);
  return out;
}

/** The examples the site offers (dist/examples/examples.json), with their files' paths. */
export function siteExamples() {
  const list = JSON.parse(readFileSync(join(DIST, 'examples', 'examples.json'), 'utf8')).examples;
  return list.map((ex) => ({ ...ex, path: join(DIST, 'examples', ex.file) }));
}

export function requireFiles() {
  for (const f of [join(DIST, 'index.html'), join(DIST, 'heartsound-core.wasm'), CHROMIUM]) {
    if (!existsSync(f)) throw new Error(`missing ${f}: run tests/e2e/run.sh (it builds and installs what is missing)`);
  }
}
