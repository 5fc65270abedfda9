/* Malformed TFLite files give a TfliteFormatError with a code — never another exception. */
import test from 'ava';
import { makeSineModel } from '../../packer/src/demo/sine_model.js';
import { readTflite, TfliteFormatError } from '../../packer/src/tflite/index.js';
import { writeTflite } from '../../packer/src/tflite/writer.js';
import { Rng } from '../../fuzz/rng.js';

const model = makeSineModel();

function outcome(bytes: Uint8Array): string {
  try {
    readTflite(bytes);
    return 'ok';
  } catch (e) {
    if (e instanceof TfliteFormatError) return e.code;
    throw e;
  }
}

test('truncation at every length', (t) => {
  for (let n = 0; n < model.length; n++) t.not(outcome(model.subarray(0, n)), 'ok', `length ${n}`);
});

test('5000 seeded random byte flips end in ok or a TfliteFormatError', (t) => {
  const rng = new Rng(42);
  const codes = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const b = model.slice();
    for (let k = 1 + rng.below(3); k > 0; k--) b[rng.below(b.length)] ^= 1 + rng.below(255);
    codes.add(outcome(b));
  }
  t.true(codes.size >= 4, [...codes].join(','));
});

test('wrong identifier and version', (t) => {
  const b = model.slice();
  b[4] = 0x58;
  t.is(outcome(b), 'TFLITE_BAD_IDENTIFIER');
  const spec = { tensors: [{ name: 'x', dtype: 'int8' as const, shape: [1] }], operators: [], inputs: [0], outputs: [0] };
  const v = writeTflite(spec);
  // Model.version is the first field of the root table: find it through the reader's own view.
  const dv = new DataView(v.buffer);
  const root = dv.getUint32(0, true);
  const vtable = root - dv.getInt32(root, true);
  dv.setUint32(root + dv.getUint16(vtable + 4, true), 2, true);
  t.is(outcome(v), 'TFLITE_UNSUPPORTED_VERSION');
});

test('out-of-range indices', (t) => {
  const base = {
    tensors: [
      { name: 'x', dtype: 'int8' as const, shape: [1, 4] },
      { name: 'y', dtype: 'int8' as const, shape: [1, 4] },
    ],
  };
  t.is(
    outcome(writeTflite({ ...base, operators: [{ op: 'RELU', inputs: [5], outputs: [1] }], inputs: [0], outputs: [1] })),
    'TFLITE_BAD_INDEX',
  );
  t.is(
    outcome(writeTflite({ ...base, operators: [{ op: 'RELU', inputs: [0], outputs: [-1] }], inputs: [0], outputs: [1] })),
    'TFLITE_BAD_INDEX',
  );
  t.is(outcome(writeTflite({ ...base, operators: [], inputs: [7], outputs: [1] })), 'TFLITE_BAD_INDEX');
  const wrongData = writeTflite({
    tensors: [{ name: 'w', dtype: 'int32', shape: [4], data: new Uint8Array(3) }],
    operators: [],
    inputs: [0],
    outputs: [0],
  });
  t.is(outcome(wrongData), 'TFLITE_BAD_DATA');
});

test('a huge vector length is caught, not allocated', (t) => {
  const b = model.slice();
  const dv = new DataView(b.buffer);
  let hits = 0;
  // Every 4-aligned word set to 0x7fffffff in turn: lengths and offsets blow up, the reader refuses.
  for (let at = 8; at + 4 <= b.length; at += 4) {
    const c = b.slice();
    new DataView(c.buffer).setUint32(at, 0x7fffffff, true);
    if (outcome(c) !== 'ok') hits++;
  }
  t.true(hits > 10);
  void dv;
});
