/* docs/ops.md is generated from the code; regenerating it must give the committed file. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OP_SUPPORT } from '../../packer/src/ops/index.js';
import { opBackends, renderOpsMarkdown } from '../../packer/src/ops/support.js';
import { repoRoot } from '../helpers/shared_data.js';

test('docs/ops.md matches the code (npm run docs:ops regenerates it)', (t) => {
  t.is(readFileSync(join(repoRoot, 'docs', 'ops.md'), 'utf8'), renderOpsMarkdown());
});

test('every mflow op a lowering emits runs on Node, and every op of an int8-only variant has a C kernel in XS and gen-c', (t) => {
  for (const [tflite, s] of Object.entries(OP_SUPPORT)) {
    for (const v of s.variants) {
      for (const op of v.ops) {
        const b = opBackends(op);
        t.true(b.node, `${tflite} ${v.dtype}: ${op} has no TS kernel`);
        // int8 in and out; float32 <-> int8 conversions may stay in TS (docs/ops.md says which).
        if (v.dtype === 'int8' || v.dtype === 'int8 -> int8') {
          t.is(b.xs, 'C', `${tflite}: ${op} has no C kernel in XS`);
          t.true(b.genc, `${tflite}: ${op} is not emitted by gen-c`);
        }
      }
    }
  }
});
