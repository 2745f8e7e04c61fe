// Zero-dependency static server for dist/ (npm start): correct MIME types for .wasm/.js/.hsm, no stale
// copies (Cache-Control: no-cache with an ETag and Last-Modified: every use revalidates, an unchanged file
// costs a 304, as on a static host such as GitHub Pages), and no path may escape the served folder.
//   node scripts/serve.mjs [DIR]     PORT (default 8080), HOST (default 127.0.0.1)
//   HS_SERVE_LOG=1   one line per request on stdout: `request {"path","status","bytes"}` (the browser tests
//                    count what a visit transfers)
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(process.argv[2] ?? join(here, '..', 'dist'));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.hsm': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};
const LOG = process.env.HS_SERVE_LOG === '1';

// Maps a URL path to a file under root, or null when it would leave root (../, encoded or not).
function resolvePath(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const file = resolve(root, '.' + (p.startsWith('/') ? p : '/' + p));
  return file === root || file.startsWith(root + sep) ? file : null;
}

const server = createServer(async (req, res) => {
  const log = (status, bytes) => {
    if (LOG) console.log(`request ${JSON.stringify({ path: req.url, status, bytes })}`);
  };
  const send = (code, text) => {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text + '\n');
    log(code, req.method === 'HEAD' ? 0 : Buffer.byteLength(text) + 1);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
  let file = resolvePath(req.url ?? '/');
  if (!file) return send(403, 'forbidden');
  try {
    let st = await stat(file);
    if (st.isDirectory()) {
      file = join(file, 'index.html');
      st = await stat(file);
    }
    if (!st.isFile()) return send(404, 'not found');
    const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const modified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
    const headers = {
      'Cache-Control': 'no-cache',
      ETag: etag,
      'Last-Modified': modified.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    };
    const inm = req.headers['if-none-match'];
    const ims = Date.parse(req.headers['if-modified-since'] ?? '');
    if (inm ? inm.split(',').some((t) => t.trim() === etag) : ims >= modified.getTime()) {
      res.writeHead(304, headers);
      res.end();
      return log(304, 0);
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
    });
    if (req.method === 'HEAD') { res.end(); return log(200, 0); }
    // Exactly the bytes Content-Length announced, even if the file changes meanwhile (a rebuild in place).
    if (st.size === 0) res.end();
    else createReadStream(file, { start: 0, end: st.size - 1 }).on('error', () => res.destroy()).pipe(res);
    log(200, st.size);
  } catch {
    send(404, 'not found');
  }
});

server.listen(port, host, () => {
  const shown = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
  console.log(`heartsound: serving ${root} on http://${shown}:${server.address().port}/`);
});
