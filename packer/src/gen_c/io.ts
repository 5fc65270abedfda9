/*
 * The generated model's input/output surface: header macros (sizes, quantization) and the accessor
 * functions that hand out pointers into the static arena.
 */
import { PackError } from '../errors.js';
import { elementCount, resolveAlias, type IrGraph, type IrTensor } from '../ir.js';
import { commentText } from './c_text.js';

export interface IoBuffer {
  readonly tensor: IrTensor;
  readonly offset: number;
  readonly bytes: number;
}

/** Arena offset and size of each graph input or output; throws for what int8 accessors cannot expose. */
export function ioBuffers(g: IrGraph, ids: readonly number[], arenaAt: ReadonlyMap<number, number>, what: string): IoBuffer[] {
  return ids.map((id) => {
    const t = g.tensors[id] as IrTensor;
    const root = resolveAlias(g.tensors, id);
    const offset = arenaAt.get(root);
    if (t.dtype !== 'int8')
      throw new PackError('UNSUPPORTED_DTYPE', `gen-c needs int8 model ${what}s, ${what} "${t.name}" is ${t.dtype}`, {
        tensor: t.name,
        supported: ['int8'],
      });
    if (offset === undefined) throw new PackError('UNSUPPORTED_PARAMS', `gen-c cannot expose a constant model ${what}`, { tensor: t.name });
    return { tensor: t, offset, bytes: elementCount(t.shape) };
  });
}

/** A float macro value that C reads back as the same float32 (9 significant digits). */
function floatLiteral(v: number): string {
  const s = v.toPrecision(9);
  return `${s.includes('.') || s.includes('e') ? s : `${s}.0`}f`;
}

export function ioMacros(upper: string, list: readonly IoBuffer[], what: 'INPUT' | 'OUTPUT'): string {
  return list
    .map((b, i) =>
      [
        `/* ${what.toLowerCase()} ${i}: "${commentText(b.tensor.name)}" [${b.tensor.shape.join(', ')}] */`,
        `#define ${upper}_${what}${i}_BYTES ${b.bytes}`,
        `#define ${upper}_${what}${i}_SCALE ${floatLiteral(b.tensor.scale)}`,
        `#define ${upper}_${what}${i}_ZERO_POINT (${b.tensor.zeroPoint})`,
      ].join('\n'),
    )
    .join('\n');
}

export function ioAccessors(name: string, list: readonly IoBuffer[], what: 'input' | 'output'): string {
  const pointers = list.map((b, i) => `\tcase ${i}: return ${b.offset ? `${name}_arena + ${b.offset}` : `${name}_arena`};`);
  const sizes = list.map((b, i) => `\tcase ${i}: return ${b.bytes};`);
  return [
    `int8_t *${name}_${what}(uint8_t index)\n{\n\tswitch (index) {\n${pointers.join('\n')}\n\tdefault: return NULL;\n\t}\n}`,
    `size_t ${name}_${what}_size(uint8_t index)\n{\n\tswitch (index) {\n${sizes.join('\n')}\n\tdefault: return 0;\n\t}\n}`,
  ].join('\n\n');
}
