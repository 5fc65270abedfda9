/* The TS reference kernel table, indexed by opcode: the readable specification and the Node engine. */
import { OPS } from '../../format/ops.js';
import type { Kernel, KernelTable } from '../types.js';
import { addS8Kernel } from './add.js';
import { conv2dS8Kernel } from './conv_2d.js';
import { copyKernel } from './copy.js';
import { depthwiseConv2dS8Kernel } from './depthwise_conv_2d.js';
import { lutS8F32Kernel, lutS8Kernel } from './lut.js';
import { fullyConnectedF32Kernel, fullyConnectedS8Kernel } from './fully_connected.js';
import { averagePool2dS8Kernel, maxPool2dS8Kernel } from './pooling.js';
import { quantizeF32S8Kernel } from './quantize.js';
import { softmaxS8Kernel } from './softmax.js';

export const refKernels: KernelTable = (() => {
  const t: Kernel[] = [];
  t[OPS.FULLY_CONNECTED_S8.code] = fullyConnectedS8Kernel;
  t[OPS.FULLY_CONNECTED_F32.code] = fullyConnectedF32Kernel;
  t[OPS.CONV_2D_S8.code] = conv2dS8Kernel;
  t[OPS.DEPTHWISE_CONV_2D_S8.code] = depthwiseConv2dS8Kernel;
  t[OPS.AVERAGE_POOL_2D_S8.code] = averagePool2dS8Kernel;
  t[OPS.MAX_POOL_2D_S8.code] = maxPool2dS8Kernel;
  t[OPS.ADD_S8.code] = addS8Kernel;
  t[OPS.SOFTMAX_S8.code] = softmaxS8Kernel;
  t[OPS.COPY.code] = copyKernel;
  t[OPS.LUT_S8.code] = lutS8Kernel;
  t[OPS.LUT_S8_F32.code] = lutS8F32Kernel;
  t[OPS.QUANTIZE_F32_S8.code] = quantizeF32S8Kernel;
  return Object.freeze(t);
})();
