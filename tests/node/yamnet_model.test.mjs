// models/yamnet.hsm (committed: Google's YAMNet backbone + our head, models/NOTICE-YAMNet.md) must be exactly
// what `heartsound convert-yamnet` makes from Google's TFLite file and the committed head, so a retrained
// head (or a converter change) cannot leave the site with a stale YAMNet model. Needs the TFLite file
// ($HEARTSOUND_WEIGHTS or ../shared/weights) and the native CLI; without them it is skipped, or fails when
// HS_REQUIRE_WEIGHTS=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeCli, root, tempDir } from './util.mjs';

const weights = process.env.HEARTSOUND_WEIGHTS ?? join(root, '..', 'shared', 'weights');
const tflite = join(weights, 'yamnet', 'yamnet-int8-fixed15600.tflite');
const committed = join(root, 'models', 'yamnet.hsm');
const missing = !existsSync(tflite) ? `${tflite} missing` : !existsSync(nativeCli) ? `${nativeCli} missing` : null;

test('models/yamnet.hsm = convert-yamnet(Google\'s TFLite, --head models/yamnet-head.hsm), byte for byte',
  { skip: missing && process.env.HS_REQUIRE_WEIGHTS !== '1' ? missing : false }, () => {
    assert.equal(missing, null, `HS_REQUIRE_WEIGHTS=1 but ${missing}`);
    assert.ok(existsSync(committed), 'models/yamnet.hsm is committed');
    const tmp = tempDir();
    try {
      const out = join(tmp.dir, 'yamnet.hsm');
      execFileSync(nativeCli, ['convert-yamnet', tflite, out, '--head', join(root, 'models', 'yamnet-head.hsm')],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      const made = readFileSync(out);
      const have = readFileSync(committed);
      assert.equal(made.length, have.length, `sizes: made ${made.length}, committed ${have.length}`);
      assert.ok(made.equals(have), 'models/yamnet.hsm differs from a fresh conversion: re-run the command in models/NOTICE-YAMNet.md');
    } finally {
      tmp.cleanup();
    }
  });
