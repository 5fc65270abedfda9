/* The flash layer: NOR rules of the simulator, partitions, the fault injector's cuts, the ESP32 adapter over a fake. */
import test from 'ava';
import { FlashError } from '../../runtime/src/flash/flash.js';
import { SimFlash } from '../../runtime/src/flash/sim_flash.js';
import { partition } from '../../runtime/src/flash/partition.js';
import { FaultFlash, PowerCut } from '../../runtime/src/flash/fault_flash.js';
import { Esp32Flash } from '../../runtime/src/flash/esp32_flash.js';
import type ModdableFlash from 'flash';

test('sim flash: erase sets 0xFF, writes only clear bits, strict mode refuses 0 -> 1', (t) => {
  const changes: [number, number][] = [];
  const f = SimFlash.blank(8192, { persist: (_s, o, n) => changes.push([o, n]) });
  f.write(10, Uint8Array.of(0xf0, 0x0f));
  f.write(10, Uint8Array.of(0x3c, 0xff));
  t.deepEqual([...f.read(10, 2)], [0x30, 0x0f]);
  f.erase(0);
  t.true(f.read(0, 4096).every((b) => b === 0xff));
  t.deepEqual(changes, [
    [10, 2],
    [10, 2],
    [0, 4096],
  ]);
  const strict = SimFlash.blank(4096, { strict: true });
  strict.write(0, Uint8Array.of(0x0f));
  t.is(t.throws(() => strict.write(0, Uint8Array.of(0xf0)), { instanceOf: FlashError })?.code, 'FLASH_NOT_ERASED');
  t.is(t.throws(() => f.write(8190, new Uint8Array(4)), { instanceOf: FlashError })?.code, 'FLASH_RANGE');
  t.is(t.throws(() => f.erase(2), { instanceOf: FlashError })?.code, 'FLASH_RANGE');
});

test('partitions: offsets and sectors are relative, ranges are enforced', (t) => {
  const chip = SimFlash.blank(4 * 4096);
  const p = partition(chip, 8192, 8192);
  p.write(5, Uint8Array.of(1));
  t.is(chip.storage[8192 + 5], 1);
  p.erase(0);
  t.is(chip.storage[8192 + 5], 0xff);
  t.is(p.map()?.length, 8192);
  t.throws(() => p.write(8192, Uint8Array.of(0)), { instanceOf: FlashError });
  t.throws(() => partition(chip, 100, 4096), { instanceOf: FlashError });
});

test('fault injector: complete, prefix and bit-torn cuts, then nothing gets through', (t) => {
  const data = new Uint8Array(256).fill(0x00);
  for (const mode of ['complete', 'prefix', 'bits'] as const) {
    const chip = SimFlash.blank(8192);
    const f = new FaultFlash(chip, { cutAt: 2, mode, seed: 3 });
    f.write(0, Uint8Array.of(0));
    t.throws(() => f.write(100, data), { instanceOf: PowerCut });
    const written = chip.storage.subarray(100, 356);
    const zeros = written.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
    if (mode === 'complete') t.is(zeros, 256);
    else t.true(zeros < 256, `${mode}: a torn write must not complete`);
    if (mode === 'prefix') t.true(written.subarray(zeros).every((b) => b === 0xff));
    if (mode === 'bits')
      t.true(
        written.some((b) => b !== 0 && b !== 0xff),
        'some bytes are half-programmed',
      );
    t.throws(() => f.read(0, 1), { instanceOf: PowerCut });
    t.throws(() => f.erase(0), { instanceOf: PowerCut });
    t.is(f.operations, 2);
  }
  // A torn erase leaves some programmed bits behind.
  const chip = SimFlash.blank(8192);
  chip.write(0, new Uint8Array(4096));
  t.throws(() => new FaultFlash(chip, { cutAt: 1, mode: 'bits', seed: 5 }).erase(0), { instanceOf: PowerCut });
  const after = chip.storage.subarray(0, 4096);
  t.true(after.some((b) => b !== 0xff) && after.some((b) => b !== 0));
});

test('the ESP32 adapter maps the Flash interface onto the Moddable flash module', (t) => {
  const backing = SimFlash.blank(8192);
  const calls: string[] = [];
  const fake: ModdableFlash = {
    byteLength: 8192,
    blockSize: 4096,
    erase: (s: number) => (calls.push(`erase ${s}`), backing.erase(s)),
    write: (o: number, n: number, b: Uint8Array) => (calls.push(`write ${o} ${n}`), backing.write(o, b.subarray(0, n))),
    read: (o: number, n: number) => backing.read(o, n).buffer as ArrayBuffer,
    map: () => backing.storage.buffer as ArrayBuffer,
  };
  const f = new Esp32Flash(fake);
  t.is(f.size, 8192);
  t.is(f.sectorSize, 4096);
  f.erase(1);
  f.write(4100, Uint8Array.of(1, 2));
  t.deepEqual([...f.read(4100, 2)], [1, 2]);
  t.is(f.map()[4101], 2);
  t.deepEqual(calls, ['erase 1', 'write 4100 2']);
  t.throws(() => f.write(8191, Uint8Array.of(1, 2)), { instanceOf: FlashError });
});
