/*
 * Which C kernel (host/kernels, declared in host/include/mf_kernels.h) runs each op in generated C,
 * and how an op's int32 params become that kernel's params struct initializer.
 */
import { OPS, type OpSpec } from '../../../runtime/src/format/ops.js';

export interface CKernel {
  /** Function name in mf_kernels.h. */
  readonly fn: string;
  /** Params struct type; its fields mirror the op's params in ops.ts, all int32_t. */
  readonly paramsType: string;
  /** Source file under host/kernels that defines fn (the AVR cost model is measured per file). */
  readonly file: string;
}

const KERNELS: Readonly<Record<string, CKernel>> = Object.freeze({
  [OPS.FULLY_CONNECTED_S8.name]: { fn: 'mf_fully_connected_s8', paramsType: 'mf_fc_params', file: 'mf_fully_connected_s8.c' },
  [OPS.CONV_2D_S8.name]: { fn: 'mf_conv_2d_s8', paramsType: 'mf_conv_params', file: 'mf_conv_2d_s8.c' },
  [OPS.DEPTHWISE_CONV_2D_S8.name]: {
    fn: 'mf_depthwise_conv_2d_s8',
    paramsType: 'mf_dw_conv_params',
    file: 'mf_depthwise_conv_2d_s8.c',
  },
  [OPS.AVERAGE_POOL_2D_S8.name]: { fn: 'mf_average_pool_2d_s8', paramsType: 'mf_pool_params', file: 'mf_pooling_s8.c' },
  [OPS.MAX_POOL_2D_S8.name]: { fn: 'mf_max_pool_2d_s8', paramsType: 'mf_pool_params', file: 'mf_pooling_s8.c' },
  [OPS.ADD_S8.name]: { fn: 'mf_add_s8', paramsType: 'mf_add_params', file: 'mf_add_s8.c' },
  [OPS.SOFTMAX_S8.name]: { fn: 'mf_softmax_s8', paramsType: 'mf_softmax_params', file: 'mf_softmax_s8.c' },
  [OPS.COPY.name]: { fn: 'mf_copy', paramsType: 'mf_copy_params', file: 'mf_copy.c' },
  [OPS.LUT_S8.name]: { fn: 'mf_lut_s8', paramsType: 'mf_lut_params', file: 'mf_lut_s8.c' },
  [OPS.MINIMUM_S8.name]: { fn: 'mf_minimum_s8', paramsType: 'mf_min_max_params', file: 'mf_min_max_s8.c' },
  [OPS.MAXIMUM_S8.name]: { fn: 'mf_maximum_s8', paramsType: 'mf_min_max_params', file: 'mf_min_max_s8.c' },
});

/** Op names gen-c can emit, in ops.ts order (listed in "unsupported op" errors). */
export const GEN_C_OPS: readonly string[] = Object.freeze(Object.keys(KERNELS));

export function cKernel(spec: OpSpec): CKernel | undefined {
  return KERNELS[spec.name];
}

/** ops.ts spells the elements of a C array field as name0..nameN (ADD's out_d, in1_stride, in2_stride; COPY's dim, out_stride). */
const ARRAY_ELEMENT = /^(out_d|in1_stride|in2_stride|dim|out_stride)([0-5])$/;

function designator(param: string): string {
  const m = ARRAY_ELEMENT.exec(param);
  return m ? `.${m[1]}[${m[2]}]` : `.${param}`;
}

/**
 * Designated initializer of an op's params struct, wrapped at about 100 columns. Designators (not
 * positions) make a field renamed in either ops.ts or mf_kernels.h a compile error instead of a
 * silently shifted parameter; the emitted _Static_assert on the struct size catches added fields.
 */
export function paramsInitializer(spec: OpSpec, params: readonly number[], indent: string): string {
  const fields = spec.params.map((name, i) => `${designator(name)} = ${params[i]}`);
  const lines: string[] = [];
  let line = '';
  for (const f of fields) {
    if (line && line.length + f.length > 96) {
      lines.push(`${line},`);
      line = '';
    }
    line = line ? `${line}, ${f}` : f;
  }
  if (line) lines.push(line);
  return `{\n${lines.map((l) => `${indent}${l}`).join('\n')}\n}`;
}
