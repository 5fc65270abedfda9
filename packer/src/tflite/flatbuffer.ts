/*
 * A bounds-checked flatbuffer reader. The npm flatbuffers runtime trusts its input (a bad offset
 * reads garbage or throws a RangeError); models come from users and over the air, so every offset,
 * vtable, vector and string here is checked against the buffer and reported as a TfliteFormatError.
 * Reads only walk down the schema tree, so a hostile file cannot make them loop.
 */
import { ByteBuffer } from 'flatbuffers';
import { TfliteFormatError } from './errors.js';

export interface Table {
  readonly pos: number;
  readonly vtable: number;
  readonly vtableSize: number;
  readonly tableSize: number;
}

export interface Vector {
  /** Absolute offset of element 0. */
  readonly start: number;
  readonly length: number;
}

export class CheckedBuffer {
  readonly bb: ByteBuffer;
  readonly size: number;
  /** Bytes of vectors decoded so far: tables may share one vector, so a small file could decode to gigabytes. */
  private decoded = 0;

  constructor(readonly bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
    this.size = bytes.length;
  }

  private need(at: number, n: number, what: string): void {
    if (!(at >= 0 && at + n <= this.size)) {
      throw new TfliteFormatError('TFLITE_BAD_OFFSET', at, `${what} at ${at} (+${n}) is outside the ${this.size}-byte file`);
    }
  }

  u8(at: number): number {
    this.need(at, 1, 'byte');
    return this.bb.readUint8(at);
  }
  u16(at: number): number {
    this.need(at, 2, 'u16');
    return this.bb.readUint16(at);
  }
  i32(at: number): number {
    this.need(at, 4, 'i32');
    return this.bb.readInt32(at);
  }
  u32(at: number): number {
    this.need(at, 4, 'u32');
    return this.bb.readUint32(at);
  }

  /** The table whose start is at `pos` (checked vtable). */
  table(pos: number, what: string): Table {
    this.need(pos, 4, what);
    const vtable = pos - this.bb.readInt32(pos);
    this.need(vtable, 4, `${what} vtable`);
    const vtableSize = this.bb.readUint16(vtable);
    const tableSize = this.bb.readUint16(vtable + 2);
    if (vtableSize < 4 || vtableSize % 2 !== 0)
      throw new TfliteFormatError('TFLITE_BAD_VTABLE', vtable, `${what} vtable size ${vtableSize} is invalid`);
    this.need(vtable, vtableSize, `${what} vtable`);
    this.need(pos, Math.max(tableSize, 4), what);
    return { pos, vtable, vtableSize, tableSize };
  }

  /** Absolute offset of field `id` of a table, or 0 when absent. */
  field(t: Table, id: number, size: number): number {
    const slot = 4 + 2 * id;
    if (slot + 2 > t.vtableSize) return 0;
    const rel = this.bb.readUint16(t.vtable + slot);
    if (rel === 0) return 0;
    if (rel + size > t.tableSize)
      throw new TfliteFormatError(
        'TFLITE_BAD_VTABLE',
        t.vtable + slot,
        `field ${id} at +${rel} lies outside its ${t.tableSize}-byte table`,
      );
    return t.pos + rel;
  }

  scalarI32(t: Table, id: number, dflt: number): number {
    const at = this.field(t, id, 4);
    return at ? this.bb.readInt32(at) : dflt;
  }
  scalarU32(t: Table, id: number, dflt: number): number {
    const at = this.field(t, id, 4);
    return at ? this.bb.readUint32(at) : dflt;
  }
  scalarI8(t: Table, id: number, dflt: number): number {
    const at = this.field(t, id, 1);
    return at ? this.bb.readInt8(at) : dflt;
  }
  scalarU8(t: Table, id: number, dflt: number): number {
    const at = this.field(t, id, 1);
    return at ? this.bb.readUint8(at) : dflt;
  }
  scalarBool(t: Table, id: number, dflt: boolean): boolean {
    const at = this.field(t, id, 1);
    return at ? this.bb.readUint8(at) !== 0 : dflt;
  }
  scalarF32(t: Table, id: number, dflt: number): number {
    const at = this.field(t, id, 4);
    return at ? this.bb.readFloat32(at) : dflt;
  }
  scalarU64(t: Table, id: number): number {
    const at = this.field(t, id, 8);
    if (!at) return 0;
    const v = this.bb.readUint64(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new TfliteFormatError('TFLITE_BAD_OFFSET', at, `64-bit value ${v} is too large`);
    return Number(v);
  }

  /** Follows the uoffset stored in field `id`; 0 when the field is absent. */
  private ref(t: Table, id: number, what: string): number {
    const at = this.field(t, id, 4);
    if (!at) return 0;
    const target = at + this.bb.readUint32(at);
    this.need(target, 4, what);
    return target;
  }

  subTable(t: Table, id: number, what: string): Table | null {
    const at = this.ref(t, id, what);
    return at ? this.table(at, what) : null;
  }

  vector(t: Table, id: number, elemSize: number, what: string): Vector | null {
    const at = this.ref(t, id, what);
    if (!at) return null;
    const length = this.bb.readUint32(at);
    this.need(at + 4, length * elemSize, `${what} (${length} elements)`);
    // A well-formed model decodes each vector once, so it never decodes more than it holds.
    this.decoded += length * elemSize;
    if (this.decoded > 2 * this.size + 4096) {
      throw new TfliteFormatError('TFLITE_BAD_DATA', at, `${what}: vectors shared between tables decode to more than the file holds`);
    }
    return { start: at + 4, length };
  }

  string(t: Table, id: number, what: string): string {
    const v = this.vector(t, id, 1, what);
    if (!v) return '';
    return new TextDecoder('utf-8', { fatal: false }).decode(this.bytes.subarray(v.start, v.start + v.length));
  }

  i32Vector(t: Table, id: number, what: string): number[] | null {
    const v = this.vector(t, id, 4, what);
    if (!v) return null;
    return Array.from({ length: v.length }, (_, i) => this.bb.readInt32(v.start + 4 * i));
  }

  f32Vector(t: Table, id: number, what: string): number[] | null {
    const v = this.vector(t, id, 4, what);
    if (!v) return null;
    return Array.from({ length: v.length }, (_, i) => this.bb.readFloat32(v.start + 4 * i));
  }

  i64Vector(t: Table, id: number, what: string): number[] | null {
    const v = this.vector(t, id, 8, what);
    if (!v) return null;
    return Array.from({ length: v.length }, (_, i) => {
      const x = this.bb.readInt64(v.start + 8 * i);
      if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new TfliteFormatError('TFLITE_BAD_DATA', v.start + 8 * i, `int64 value ${x} is not a safe integer`);
      }
      return Number(x);
    });
  }

  /** Tables referenced by a vector of uoffsets. */
  tables(t: Table, id: number, what: string): Table[] {
    const v = this.vector(t, id, 4, what);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => {
      const at = v.start + 4 * i;
      return this.table(at + this.bb.readUint32(at), `${what}[${i}]`);
    });
  }
}
