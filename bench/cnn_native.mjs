// npm run bench: the native int8 CNN figures (build/native/bench_cnn, a C program: XNNPACK and the plain-C
// reference, per window and 30 s end to end), printed as the program's JSON.
//   node bench/cnn_native.mjs [MODEL.hsm]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const exe = process.env.HEARTSOUND_BENCH_CNN ?? join(root, 'build', 'native', 'bench_cnn');
const model = process.argv[2] ?? join(root, 'models', 'cnn.hsm');
const r = spawnSync(exe, [model, join(root, 'build', 'data-wav', 'training-a', 'a0001.wav')], { cwd: root, encoding: 'utf8' });
if (r.error || r.status !== 0) {
  console.error(`${exe}: ${r.error?.message ?? r.stderr.trim()} (build it with npm run build)`);
  process.exit(1);
}
console.log(JSON.stringify(JSON.parse(r.stdout), null, 2));
