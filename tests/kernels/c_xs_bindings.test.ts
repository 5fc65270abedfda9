/*
 * The XS kernel bindings are a trust boundary: wrong argument counts, wrong types, short, misaligned or
 * detached buffers and impossible params throw JS errors — under the ASan + UBSan build of the XS host,
 * so an out-of-bounds access would abort the process instead of passing unseen.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureXsHost } from '../../packer/src/run_xs.js';
import { repoRoot } from '../helpers/shared_data.js';

test('bad arguments to the bindings give JS errors, never a crash', (t) => {
  const bin = ensureXsHost('asan');
  const r = spawnSync(
    bin,
    [
      '--alias',
      `mflow-native=${join(repoRoot, 'runtime', 'src', 'kernels', 'native', 'mflow_native.js')}`,
      join(repoRoot, 'tests', 'xs', 'fixtures', 'bindings_errors.js'),
    ],
    { encoding: 'utf8' },
  );
  t.is(r.status, 0, r.stderr);
  const lines = Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
  );
  // 1*1+2*1+3*1+4*1 = 10 (+0 bias), 1*2+2*2+3*2+4*2 = 20 (+100): with multiplier 2^30, shift 0, halved.
  t.is(lines.correct, 'ok 5,60');
  const fc = 'fullyConnectedS8: ';
  t.is(lines.noArgs, `TypeError: ${fc}takes 7 arguments, got 0`);
  t.is(lines.tooMany, `TypeError: ${fc}takes 7 arguments, got 8`);
  t.is(lines.paramsShort, `RangeError: ${fc}params: 24 bytes, expected 28`);
  t.is(lines.inputShort, `RangeError: ${fc}input: 3 bytes, needs 4`);
  t.is(lines.weightsShort, `RangeError: ${fc}weights: 7 bytes, needs 8`);
  t.is(lines.outputShort, `RangeError: ${fc}output: 1 bytes, needs 2`);
  t.is(lines.numberArg, `TypeError: ${fc}this is no buffer`);
  t.is(lines.int16Array, `TypeError: ${fc}this is no buffer`);
  t.is(lines.detached, `TypeError: ${fc}detached buffer`);
  t.is(lines.zeroDim, `RangeError: ${fc}input: dimension 0 is 0`);
  t.is(lines.hugeDims, `RangeError: ${fc}input: size overflows int32`);
  t.is(lines.badShift, `RangeError: ${fc}shift[0] = 40 is outside [-31, 30]`);
  t.is(lines.badAct, `RangeError: ${fc}act_max = 4 is outside [5, 127]`);
  t.is(lines.misaligned, `RangeError: ${fc}multiplier is not 4-byte aligned`);
  t.is(lines.dwMismatch, 'RangeError: depthwiseConv2dS8: out_c must be in_c * depth_multiplier');
  t.is(lines.convCorrect, 'ok');
  t.is(lines.addStrideReach, 'RangeError: addS8: input2: 6 bytes, needs 7');
  // The whole-model runner trusts its program no more than the single kernels trust their arguments.
  t.is(lines.graphOk, 'ok');
  t.is(lines.graphOutputInModel, 'RangeError: invokeGraph: op 0: operand 2 [0, +4) is outside its buffer');
  t.is(lines.graphOutside, 'RangeError: invokeGraph: op 0: operand 2 [100, +4) is outside its buffer');
  t.is(lines.graphShort, 'RangeError: invokeGraph: program ends early at word 2');
  t.is(lines.graphOpcode, 'RangeError: invokeGraph: op 0: opcode 99 has no native kernel');
});
