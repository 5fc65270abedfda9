/*
 * Which backend runs what: derived from the code (the lowering table, the TS reference kernels, the
 * ops bound to C in XS, the ops gen-c emits), never written by hand. Feeds docs/ops.md and the
 * per-op backend marks of `mflow inspect`.
 */
import { OPS, type OpName } from '../../../runtime/src/format/ops.js';
import { refKernels } from '../../../runtime/src/kernels/ref/index.js';
import { NATIVE_OPS } from '../../../runtime/src/kernels/native/native_ops.js';
import { GEN_C_OPS } from '../gen_c/kernels.js';
import { OP_SUPPORT, type OpVariant } from './index.js';

/** node: TS kernels under Node; xs: 'C' (C kernel) or 'JS' (TS kernel in XS); genc: static C (gen-c, AVR). */
export interface Backends {
  readonly node: boolean;
  readonly xs: 'C' | 'JS' | null;
  readonly genc: boolean;
}

const native = new Set<string>(NATIVE_OPS);
const genc = new Set<string>(GEN_C_OPS);

/** The backends of one mflow op. */
export function opBackends(name: OpName): Backends {
  const node = refKernels[OPS[name].code] !== undefined;
  return { node, xs: native.has(name) ? 'C' : node ? 'JS' : null, genc: genc.has(name) };
}

/**
 * A variant runs on a backend when every op it lowers to does (an alias runs everywhere). gen-c also
 * needs int8 data (its models read and write int8 only), which matters for dtype-agnostic ops (COPY).
 */
export function variantBackends(v: OpVariant): Backends {
  const all = v.ops.map(opBackends);
  return {
    node: all.every((b) => b.node),
    xs: all.some((b) => b.xs === null) ? null : all.some((b) => b.xs === 'JS') ? 'JS' : 'C',
    genc: all.every((b) => b.genc) && (v.ops.length === 0 || /^int8\b/.test(v.dtype)),
  };
}

const yes = (b: boolean): string => (b ? 'yes' : '—');

/** docs/ops.md: the op x dtype x backend table. */
export function renderOpsMarkdown(): string {
  const rows = Object.entries(OP_SUPPORT)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([tflite, s]) =>
      s.variants.map((v) => {
        const b = variantBackends(v);
        const xs = v.ops.length === 0 ? 'yes' : (b.xs ?? '—');
        return `| ${tflite} | ${v.dtype} | ${yes(b.node)} | ${xs} | ${yes(b.genc)} | ${v.ops.join(', ') || 'alias'} | ${v.handles} |`;
      }),
    );
  return [
    '# Supported operators',
    '',
    "Generated from the code by `npm run docs:ops` (a test regenerates it and compares): the packer's",
    'lowering table (`packer/src/ops/index.ts`), the TS reference kernels, the ops bound to C kernels in XS',
    '(`runtime/src/kernels/native/native_ops.ts`) and the ops `gen-c` emits (`packer/src/gen_c/kernels.ts`).',
    '',
    '- **Node**: the TS reference kernels (`mflow run`, host checks).',
    '- **XS**: `C` runs the C kernel through its XS host function; `JS` runs the TS kernel inside XS.',
    '- **static C / AVR**: `mflow gen-c` emits a call to the C kernel.',
    '',
    'Anything else, and any parameter a row does not cover, is refused by `mflow pack` and `mflow inspect`',
    'with the op index, what it is, and what is supported.',
    '',
    '| TFLite operator | dtype | Node | XS | static C / AVR | mflow ops | handles |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
