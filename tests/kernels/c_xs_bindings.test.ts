/*
 * The XS kernel bindings are a trust boundary: wrong argument counts, wrong types, short, misaligned or
 * detached buffers and impossible params throw JS errors — under the ASan + UBSan build of the XS host,
 * so an out-of-bounds access would abort the process instead of passing unseen.
 */
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { OP_BY_CODE } from '../../runtime/src/format/ops.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { ensureXsHost } from '../../packer/src/run_xs.js';
import { repoRoot } from '../helpers/shared_data.js';
import { BINDING_CASES } from './fixtures/bindings_ops_cases.js';

/** Runs a fixture against the ASan XS host; returns its `name: result` lines by name. */
function runFixture(t: ExecutionContext, fixture: string): Record<string, string> {
  const r = spawnSync(
    ensureXsHost('asan'),
    ['--alias', `mflow-native=${join(repoRoot, 'runtime', 'src', 'kernels', 'native', 'mflow_native.js')}`, fixture],
    { encoding: 'utf8' },
  );
  t.is(r.status, 0, r.stderr);
  return Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
  );
}

test('bad arguments to the bindings give JS errors, never a crash', (t) => {
  const lines = runFixture(t, join(repoRoot, 'tests', 'xs', 'fixtures', 'bindings_errors.js'));
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

test('the bindings refuse what the C kernels cannot compute exactly', (t) => {
  const lines = runFixture(t, join(repoRoot, 'tests', 'kernels', 'fixtures', 'bindings_limits.js'));
  t.is(lines.addCorrect, 'ok 7,-128,127');
  // ADD's scalings are TFLM's MultiplyByQuantizedMultiplierSmallerThanOneExp: shifts <= 0.
  t.is(lines.addPositiveShift, 'RangeError: addS8: shift[2] = 1 is outside [-31, 0]');
  // int32 accumulators: 2^31 / 32640 per conv tap, 2^31 / 2^14 per FC term.
  t.is(lines.convTaps, 'RangeError: conv2dS8: k_h * k_w * in_c = 65536 exceeds 65535 (int32 accumulator)');
  t.is(lines.dwTaps, 'RangeError: depthwiseConv2dS8: k_h * k_w = 65792 exceeds 65535 (int32 accumulator)');
  t.is(lines.fcAccum, 'RangeError: fullyConnectedS8: accum_depth = 131072 exceeds 131071 (int32 accumulator)');
  // COPY sees bytes only: its element size, pad value, index entries and every offset scaled to bytes.
  t.is(lines.copyFloatPad, 'ok 0,0,192,191,0,0,192,191');
  t.is(lines.copyElemSize, 'RangeError: copy: elem_size = 3 is not 1, 2 or 4');
  t.is(lines.copyPadRange, 'RangeError: copy: pad_value = 40000 is outside [-32768, 32767]');
  t.is(lines.copyIndexBelow, 'RangeError: copy: index[0] = -2 is below -1');
  t.is(lines.copyStrideBytes, 'RangeError: copy: out_stride0 = 536870912 is out of range');
  t.is(lines.copyHugeRun, 'RangeError: copy: output: the copy writes beyond 2^31 bytes');
});

test('every binding: exact output, then each argument missing, short or of the wrong type is a JS error', (t) => {
  const lines = runFixture(t, join(repoRoot, 'tests', 'kernels', 'fixtures', 'bindings_ops.js'));
  for (const [name, [opcode, params, operands]] of Object.entries(BINDING_CASES)) {
    const spec = OP_BY_CODE[opcode]!;
    const views = operands();
    refKernels[opcode]!.prepare(Int32Array.from(params), views)();
    const out = views[views.length - 1]!;
    t.is(
      lines[`${name}.correct`],
      `ok ${Array.from(new Uint8Array(out.buffer, out.byteOffset, out.byteLength)).join(',')}`,
      `${name}: C != TS`,
    );
    t.is(lines[`${name}.argMissing`], `TypeError: ${name}: takes ${views.length + 1} arguments, got ${views.length}`);
    t.is(lines[`${name}.paramsShort`], `RangeError: ${name}: params: ${4 * params.length - 4} bytes, expected ${4 * params.length}`);
    views.forEach((v, i) => {
      const operand = spec.operands[i]!.name;
      t.is(lines[`${name}.short${i + 1}`], `RangeError: ${name}: ${operand}: ${v.byteLength - 1} bytes, needs ${v.byteLength}`);
      t.is(lines[`${name}.int16Array${i + 1}`], `TypeError: ${name}: this is no buffer`);
    });
  }
  // Wraps the int32 sum of exponentials to 0: the C shift must stay defined (UBSan would abort the host).
  t.is(lines['softmaxS8.depth8192'], 'ok -128,-128');
});
