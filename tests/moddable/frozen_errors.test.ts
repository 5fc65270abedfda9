/*
 * Moddable freezes the built-in prototypes after preload; the runtime's errors must still be raised
 * as themselves (their `name` is a class field, so no assignment touches the frozen Error.prototype).
 * Runs the built Moddable bundles in the Linux XS host.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureXsHost } from '../../packer/src/run_xs.js';
import { repoRoot } from '../helpers/shared_data.js';

test('with frozen Error prototypes every runtime error keeps its name and code', (t) => {
  const bundle = (f: string) => join(repoRoot, 'dist', 'moddable', f);
  const r = spawnSync(
    ensureXsHost('release'),
    [
      '--alias',
      `mflow=${bundle('mflow.js')}`,
      '--alias',
      `mflow/flash=${bundle('mflow-flash.js')}`,
      '--alias',
      `mflow/store=${bundle('mflow-store.js')}`,
      join(repoRoot, 'tests', 'moddable', 'fixtures', 'frozen_errors.js'),
    ],
    { encoding: 'utf8' },
  );
  t.is(r.status, 0, r.stderr);
  t.deepEqual(r.stdout.trim().split('\n'), [
    'mfb: MfbError MfbError MFB_TRUNCATED',
    'runtime: MflowRuntimeError MflowRuntimeError BAD_INDEX',
    'flash: FlashError FlashError FLASH_RANGE',
    'powercut: PowerCut PowerCut ',
    'update: UpdateError UpdateError TRUNCATED',
    'classes: MfbError,MflowRuntimeError,FlashError,PowerCut,UpdateError',
  ]);
});
