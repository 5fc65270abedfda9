/*
 * The constant arrays of generated C. Constants the kernels read through `const MF_FLASH` pointers
 * (weights, bias, multipliers, shifts) go to program memory; the few they read through plain
 * pointers (a constant ADD operand: mf_add_s8 takes both inputs from RAM) are plain `const`, which
 * on AVR means .data, i.e. RAM. Arrays with identical contents are emitted once: per-tensor
 * multiplier and shift arrays repeat across layers, and flash is scarce.
 */
import type { IrTensor } from '../ir.js';
import { arrayBody, commentText, elements } from './c_text.js';

export type ConstStorage = 'flash' | 'ram';

interface ConstArray {
  readonly cName: string;
  readonly ctype: 'int8_t' | 'int32_t';
  readonly storage: ConstStorage;
  readonly values: readonly number[];
  readonly bytes: number;
  readonly tensors: string[];
  readonly shape: readonly number[];
}

export class ConstTable {
  private readonly byKey = new Map<string, ConstArray>();
  private readonly arrays: ConstArray[] = [];

  constructor(private readonly prefix: string) {}

  /** C name of the array holding tensor t's data as `dtype`, emitting it on first use. */
  use(t: IrTensor, dtype: 'int8' | 'int32', storage: ConstStorage): string {
    const data = t.data as Uint8Array;
    const key = `${storage}:${dtype}:${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex')}`;
    const found = this.byKey.get(key);
    if (found) {
      if (!found.tensors.includes(t.name)) found.tensors.push(t.name);
      return found.cName;
    }
    const a: ConstArray = {
      cName: `${this.prefix}_c${this.arrays.length}`,
      ctype: dtype === 'int32' ? 'int32_t' : 'int8_t',
      storage,
      values: elements(data, dtype),
      bytes: data.byteLength,
      tensors: [t.name],
      shape: t.shape,
    };
    this.byKey.set(key, a);
    this.arrays.push(a);
    return a.cName;
  }

  bytes(storage: ConstStorage): number {
    return this.arrays.filter((a) => a.storage === storage).reduce((s, a) => s + a.bytes, 0);
  }

  largest(): { bytes: number; tensor: string } | null {
    const a = this.arrays.reduce<ConstArray | null>((m, x) => (!m || x.bytes > m.bytes ? x : m), null);
    return a ? { bytes: a.bytes, tensor: a.tensors[0] as string } : null;
  }

  /** Declarations in first-use order. */
  declarations(): string {
    return this.arrays
      .map((a) => {
        const more = a.tensors.length > 2 ? ` and ${a.tensors.length - 2} more` : '';
        const names = `${a.tensors
          .slice(0, 2)
          .map((n) => `"${commentText(n)}"`)
          .join(', ')}${more}`;
        const where = a.storage === 'ram' ? ' (in RAM: the kernel reads it through a plain pointer)' : '';
        const qual = a.storage === 'flash' ? 'const MF_FLASH' : 'const';
        // C has no empty arrays; a zero-element tensor gets one unused element.
        const body = a.values.length ? arrayBody(a.values) : '\t0,';
        return `/* ${names} [${a.shape.join(', ')}]${where} */\nstatic ${qual} ${a.ctype} ${a.cName}[${Math.max(a.values.length, 1)}] = {\n${body}\n};`;
      })
      .join('\n\n');
  }
}
