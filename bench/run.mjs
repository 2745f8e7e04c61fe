// npm run bench: runs every benchmark script in bench/ one after the other, each in its own Node process.
// A benchmark is any bench/*.mjs that exports nothing (modules that export are helpers of the others).
//   node bench/run.mjs [NAME ...]    only the scripts whose file name contains one of the NAMEs
// Benchmarks print figures only; nothing here asserts a speed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => !/^export\s/m.test(readFileSync(join(dir, f), 'utf8')))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();

let failed = 0;
for (const f of scripts) {
  console.log(`\n### bench/${f}`);
  const r = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`### bench/${f} failed (exit ${r.status})`); }
}
console.log(`\n${scripts.length - failed} benchmarks ran, ${failed} failed`);
process.exit(failed ? 1 : 0);
