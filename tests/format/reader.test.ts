/*
 * openModel is the trust boundary: truncations, wrong magic, unknown versions, out-of-range offsets
 * and indices, CRC and digest mismatches, and every single-byte corruption give an MfbError — never
 * another exception, a crash or a hang.
 */
import test, { type ExecutionContext } from 'ava';
import { H, HEADER_SIZE, O, OP_RECORD_SIZE, PAGE_TABLE_OFFSET, T, TENSOR_RECORD_SIZE } from '../../runtime/src/format/constants.js';
import { crc32, headerCrc } from '../../runtime/src/crc32.js';
import { MfbError, type MfbErrorCode } from '../../runtime/src/errors.js';
import { createInterpreter } from '../../runtime/src/interpreter.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { openModel } from '../../runtime/src/model.js';
import { sha256 } from '../../runtime/src/sha256.js';
import { packTflite } from '../../packer/src/pack.js';
import { makeSineModel } from '../../packer/src/demo/sine_model.js';

const small = packTflite(makeSineModel(), { pageSize: 256 }).mfb;

/** Re-seals a modified file (digest, page CRCs, header CRC) so structural checks are what trips. */
function reseal(b: Uint8Array): Uint8Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const po = dv.getUint32(H.PAYLOAD_OFFSET, true);
  const end = dv.getUint32(H.PAYLOAD_END, true);
  const ps = dv.getUint32(H.PAGE_SIZE, true);
  const pc = dv.getUint32(H.PAGE_COUNT, true);
  for (let p = 0; p < pc; p++) dv.setUint32(PAGE_TABLE_OFFSET + 4 * p, crc32(b, po + p * ps, Math.min(po + (p + 1) * ps, end)), true);
  b.set(sha256(b.subarray(po, end)), H.DIGEST);
  dv.setUint32(H.HEADER_CRC, headerCrc(b, po), true);
  return b;
}

function patched(edit: (dv: DataView, b: Uint8Array) => void, seal = true): Uint8Array {
  const b = small.slice();
  edit(new DataView(b.buffer), b);
  return seal ? reseal(b) : b;
}

function code(t: ExecutionContext, bytes: Uint8Array, want: MfbErrorCode): void {
  const e = t.throws(() => openModel(bytes), { instanceOf: MfbError });
  t.is(e?.code, want);
}

test('the small model opens and is what was packed', (t) => {
  const m = openModel(small);
  t.is(m.fileSize, small.length);
  t.is(m.pageSize, 256);
  t.is(m.ops.length, 3);
  t.deepEqual(
    m.inputs.map((i) => i.shape),
    [[1, 1]],
  );
});

test('truncation at every length is MFB_TRUNCATED', (t) => {
  for (let n = 0; n < small.length; n++) code(t, small.subarray(0, n), 'MFB_TRUNCATED');
});

test('wrong magic and unknown major version', (t) => {
  code(
    t,
    patched((dv) => dv.setUint32(H.MAGIC, 0x12345678, true)),
    'MFB_BAD_MAGIC',
  );
  const v2 = patched((dv) => dv.setUint16(H.VERSION_MAJOR, 2, true));
  const e = t.throws(() => openModel(v2), { instanceOf: MfbError });
  t.is(e?.code, 'MFB_VERSION');
  t.regex(e?.message ?? '', /format version 2\.0 is not readable by this runtime \(reads 1\.x/);
  t.is(e?.offset, H.VERSION_MAJOR);
});

test('CRC and digest mismatches', (t) => {
  code(
    t,
    patched((_, b) => (b[H.ARENA_SIZE] ^= 4), false),
    'MFB_HEADER_CRC',
  );
  code(
    t,
    patched((_, b) => (b[PAGE_TABLE_OFFSET] ^= 1), false),
    'MFB_HEADER_CRC',
  );
  const dv0 = new DataView(small.buffer, small.byteOffset);
  const lastByte = dv0.getUint32(H.PAYLOAD_END, true) - 1;
  const e = t.throws(() => openModel(patched((_, b) => (b[lastByte] ^= 0x10), false)), { instanceOf: MfbError });
  t.is(e?.code, 'MFB_PAGE_CRC');
  t.is(e?.offset, dv0.getUint32(H.PAYLOAD_OFFSET, true) + (dv0.getUint32(H.PAGE_COUNT, true) - 1) * 256);
  // Consistent page CRCs but a stale digest.
  code(
    t,
    patched((dv, b) => {
      b[lastByte] ^= 0x10;
      const po = dv.getUint32(H.PAYLOAD_OFFSET, true);
      const pc = dv.getUint32(H.PAGE_COUNT, true);
      const p = pc - 1;
      dv.setUint32(PAGE_TABLE_OFFSET + 4 * p, crc32(b, po + p * 256, dv.getUint32(H.PAYLOAD_END, true)), true);
      dv.setUint32(H.HEADER_CRC, headerCrc(b, po), true);
    }, false),
    'MFB_DIGEST',
  );
});

test('out-of-range offsets and indices in resealed files', (t) => {
  const tables = new DataView(small.buffer, small.byteOffset).getUint32(H.TABLES_OFFSET, true);
  const tensorCount = new DataView(small.buffer, small.byteOffset).getUint16(H.TENSOR_COUNT, true);
  const op0 = tables + tensorCount * TENSOR_RECORD_SIZE;
  code(
    t,
    patched((dv) => dv.setUint32(tables + T.OFFSET, 1 << 20, true)),
    'MFB_BAD_TENSOR',
  );
  code(
    t,
    patched((dv) => dv.setUint16(tables + T.DIMS, 7, true)),
    'MFB_BAD_TENSOR',
  );
  code(
    t,
    patched((_, b) => (b[tables + T.DTYPE] = 99)),
    'MFB_BAD_TENSOR',
  );
  code(
    t,
    patched((_, b) => (b[op0 + O.OPCODE] = 200)),
    'MFB_UNSUPPORTED_OP',
  );
  code(
    t,
    patched((dv) => dv.setUint32(op0 + O.PARAMS_OFFSET, 0xfffffff0, true)),
    'MFB_BAD_OP',
  );
  code(
    t,
    patched((dv) => {
      const operands = dv.getUint32(op0 + O.OPERANDS_OFFSET, true);
      dv.setUint16(operands, 0xffff, true);
    }),
    'MFB_BAD_OP',
  );
  code(
    t,
    patched((dv) => {
      const params = dv.getUint32(op0 + O.PARAMS_OFFSET, true);
      dv.setInt32(params, 1000, true); // batches no longer matches the input size
    }),
    'MFB_BAD_PARAMS',
  );
  code(
    t,
    patched((dv) => dv.setUint32(H.ARENA_SIZE, 4, true)),
    'MFB_BAD_TENSOR',
  );
  code(
    t,
    patched((dv) => dv.setUint32(H.PAGE_SIZE, 100, true)),
    'MFB_BAD_HEADER',
  );
  code(
    t,
    patched((dv) => dv.setUint32(H.TABLES_SIZE, 8, true)),
    'MFB_BAD_HEADER',
  );
  t.is(op0 + OP_RECORD_SIZE > HEADER_SIZE, true);
});

test('every single-byte corruption is an MfbError (with verification)', (t) => {
  for (let i = 0; i < small.length; i++) {
    for (const x of [0x01, 0x80, 0xff]) {
      const b = small.slice();
      b[i] ^= x;
      try {
        openModel(b);
        t.fail(`byte ${i} ^ ${x} was accepted`);
        return;
      } catch (e) {
        if (!(e instanceof MfbError)) {
          t.fail(`byte ${i} ^ ${x}: ${String(e)}`);
          return;
        }
      }
    }
  }
  t.pass();
});

test('every single-byte corruption of a resealed file is rejected or runs safely', (t) => {
  let accepted = 0;
  for (let i = HEADER_SIZE; i < small.length; i++) {
    for (const x of [0x01, 0x80, 0xff]) {
      const b = small.slice();
      b[i] ^= x;
      reseal(b);
      try {
        const m = openModel(b);
        const interp = createInterpreter(m, { kernels: [refKernels] });
        interp.invoke();
        accepted++;
      } catch (e) {
        if (!(e instanceof MfbError)) {
          t.fail(`byte ${i} ^ ${x}: ${String(e)}`);
          return;
        }
      }
    }
  }
  t.true(accepted > 0, 'some corruptions (weights, scales) are valid models');
});
