// C unit tests built for WebAssembly SIMD (cmake/wasm.cmake: the tests whose code has a wasm SIMD path of its
// own, e.g. the int8 max-pool of src/nn/q8_maxpool.c). The native ctest runs the portable C path of the same
// code; here the same test file checks the wasm path, bit for bit against the same plain-C reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, skipIfMissing } from './util.mjs';

const wasmDir = process.env.HS_WASM_DIR ?? join(root, 'build', 'wasm');

for (const name of ['test_q8_kernels']) {
  const js = join(wasmDir, `${name}_wasm.cjs`);
  test(`${name} in WASM SIMD`, { skip: skipIfMissing(!existsSync(js) && `${js} (npm run build)`) }, () => {
    const r = spawnSync(process.execPath, [js], { cwd: root, encoding: 'utf8' });
    console.log(r.stdout.trim());
    assert.equal(r.status, 0, `${name}: exit ${r.status}\n${r.stderr}`);
    const m = r.stdout.match(/(\d+) passed, (\d+) failed/);
    assert.ok(m && Number(m[1]) > 0 && Number(m[2]) === 0, `${name}: ${r.stdout}`);
  });
}
