// scripts/serve.mjs: MIME types the page needs (.wasm must be application/wasm for streaming compile),
// index.html for folders, no caching surprises, and no way out of the served folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { root, tempDir } from './util.mjs';

// Raw GET/HEAD (no URL normalisation, unlike fetch) -> {status, headers, body}.
function get(port, path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('static server: types, folders, traversal', async (t) => {
  const tmp = tempDir();
  const site = join(tmp.dir, 'site');
  mkdirSync(join(site, 'models'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(site, 'a.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  writeFileSync(join(site, 'heartsound.js'), 'export {}');
  writeFileSync(join(site, 'models', 'cnn.hsm'), 'model');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'SECRET');
  const server = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), site], {
    env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => { server.kill(); tmp.cleanup(); });
  const port = await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => { const m = /:(\d+)\//.exec(String(d)); if (m) resolve(Number(m[1])); });
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });

  const wasm = await get(port, '/a.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.match((await get(port, '/heartsound.js')).headers['content-type'], /^text\/javascript/);
  assert.equal((await get(port, '/models/cnn.hsm')).headers['content-type'], 'application/octet-stream');
  const index = await get(port, '/');
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.match(index.body, /<title>x<\/title>/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  const head = await get(port, '/a.wasm', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '4');
  assert.equal((await get(port, '/missing.js')).status, 404);
  assert.equal((await get(port, '/a.wasm', 'POST')).status, 405);
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/models/..%2f..%2fsecret.txt', '/%00', '/%zz']) {
    const r = await get(port, p);
    assert.ok(r.status === 403 || r.status === 404 || r.status === 400, `${p}: ${r.status}`);
    assert.doesNotMatch(r.body, /SECRET/, p);
  }
});

// Revalidation: the page's service worker re-fetches what the page just loaded with `cache: 'no-cache'`;
// an unchanged file must cost a 304, a changed one a 200. HS_SERVE_LOG=1 lists each response.
test('static server: ETag / Last-Modified revalidation and the request log', async (t) => {
  const tmp = tempDir();
  const site = join(tmp.dir, 'site');
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, 'a.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  const lines = [];
  const server = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), site], {
    env: { ...process.env, PORT: '0', HS_SERVE_LOG: '1' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => { server.kill(); tmp.cleanup(); });
  const port = await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => {
      for (const l of String(d).split('\n')) {
        if (l.startsWith('request ')) lines.push(JSON.parse(l.slice(8)));
        const m = /:(\d+)\//.exec(l);
        if (m && l.includes('serving')) resolve(Number(m[1]));
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const first = await get(port, '/a.wasm');
  assert.equal(first.status, 200);
  const { etag } = first.headers;
  assert.match(etag, /^W\/"/);
  const cond = (headers) => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/a.wasm', headers }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve({ status: res.statusCode, bytes: n }));
    });
    req.on('error', reject);
    req.end();
  });
  assert.deepEqual(await cond({ 'If-None-Match': etag }), { status: 304, bytes: 0 });
  assert.deepEqual(await cond({ 'If-Modified-Since': first.headers['last-modified'] }), { status: 304, bytes: 0 });
  assert.deepEqual(await cond({ 'If-None-Match': 'W/"other"' }), { status: 200, bytes: 4 });
  // A new build of the file (other size): the old validators no longer match.
  writeFileSync(join(site, 'a.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1]));
  assert.deepEqual(await cond({ 'If-None-Match': etag }), { status: 200, bytes: 5 });
  await new Promise((r) => setTimeout(r, 100)); // the log line follows the response
  assert.deepEqual(lines.map((l) => [l.path, l.status, l.bytes]),
    [['/a.wasm', 200, 4], ['/a.wasm', 304, 0], ['/a.wasm', 304, 0], ['/a.wasm', 200, 4], ['/a.wasm', 200, 5]]);
});
