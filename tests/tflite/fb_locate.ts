/*
 * Finds the bytes of one field in a finished flatbuffer, so a test can corrupt exactly that field of
 * a valid file (an index, a version, a vector length) and see which error the reader reports.
 * Unchecked on purpose: it is only used on files the writer has just made.
 */

export class FbLocator {
  private readonly dv: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The root table (the Model). */
  root(): number {
    return this.dv.getUint32(0, true);
  }

  /** Absolute offset of field `id` of the table at `table`; throws when the field was left out. */
  field(table: number, id: number): number {
    const vtable = table - this.dv.getInt32(table, true);
    const slot = 4 + 2 * id;
    const rel = slot < this.dv.getUint16(vtable, true) ? this.dv.getUint16(vtable + slot, true) : 0;
    if (rel === 0) throw new Error(`field ${id} of the table at ${table} is absent`);
    return table + rel;
  }

  /** Where the length word of the vector (or string) in field `id` is. */
  vector(table: number, id: number): number {
    const at = this.field(table, id);
    return at + this.dv.getUint32(at, true);
  }

  /** The table in field `id`, or element `index` of the vector of tables in field `id`. */
  child(table: number, id: number, index?: number): number {
    if (index === undefined) {
      const at = this.field(table, id);
      return at + this.dv.getUint32(at, true);
    }
    const elem = this.vector(table, id) + 4 + 4 * index;
    return elem + this.dv.getUint32(elem, true);
  }

  u32(at: number): number {
    return this.dv.getUint32(at, true);
  }

  setU32(at: number, value: number): void {
    this.dv.setUint32(at, value >>> 0, true);
  }

  setI32(at: number, value: number): void {
    this.dv.setInt32(at, value, true);
  }

  setU16(at: number, value: number): void {
    this.dv.setUint16(at, value, true);
  }

  setBigI64(at: number, value: bigint): void {
    this.dv.setBigInt64(at, value, true);
  }
}
