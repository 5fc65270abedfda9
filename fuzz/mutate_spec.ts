/*
 * Structure-aware .tflite mutations: the model is read into a writer spec, one semantic field is made
 * hostile — a zero, huge or overflowing dimension, a NaN/zero/negative scale, an extreme zero point,
 * an index out of range, a cycle or a read-before-write, a dangling tensor, a wrong opcode version,
 * impossible options, a swapped operator order — and the model is written again as a valid flatbuffer,
 * so the mutation reaches the packer's semantic checks instead of the reader's.
 */
import { readTflite, type TfliteOptions } from '../packer/src/tflite/index.js';
import { writeTflite, type OperatorSpec, type TensorSpec, type TfliteModelSpec } from '../packer/src/tflite/writer.js';
import { INTERESTING_I32, type Rng } from './rng.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

type MutableTensor = Omit<Mutable<TensorSpec>, 'quantization'> & {
  quantization?: { scale: number[]; zeroPoint: number[]; quantizedDimension: number };
};

interface Spec {
  tensors: MutableTensor[];
  operators: Mutable<OperatorSpec>[];
  inputs: number[];
  outputs: number[];
}

function toSpec(bytes: Uint8Array): Spec | null {
  const sg = readTflite(bytes).subgraphs[0];
  if (!sg) return null;
  return {
    tensors: sg.tensors.map((t) => ({
      name: t.name,
      dtype: t.dtype,
      shape: [...t.shape],
      ...(t.data ? { data: t.data } : {}),
      ...(t.quantization
        ? {
            quantization: {
              scale: [...t.quantization.scale],
              zeroPoint: [...t.quantization.zeroPoint],
              quantizedDimension: t.quantization.quantizedDimension,
            },
          }
        : {}),
    })),
    operators: sg.operators.map((o) => ({
      op: o.opName,
      inputs: [...o.inputs],
      outputs: [...o.outputs],
      ...(o.options ? { options: o.options } : {}),
      version: o.version,
    })),
    inputs: [...sg.inputs],
    outputs: [...sg.outputs],
  };
}

const HOSTILE_DIMS = [0, 1, 65535, 65536, 0x7fffffff, 3];
const HOSTILE_SCALES = [NaN, 0, -1, Infinity, 1e-45, 1e38];
const HOSTILE_ZPS = [-0x80000000, 0x7fffffff, 128, -129, 255];

type Mutation = (s: Spec, rng: Rng) => void;

const MUTATIONS: readonly Mutation[] = [
  (s, rng) => {
    const t = rng.pick(s.tensors);
    if (t.shape.length) t.shape[rng.below(t.shape.length)] = rng.pick(HOSTILE_DIMS);
    else t.shape = [rng.pick(HOSTILE_DIMS)];
  },
  (s, rng) => {
    const t = rng.pick(s.tensors);
    t.shape = t.shape.length < 6 ? [...t.shape, rng.pick([65535, 2])] : t.shape.slice(1);
  },
  (s, rng) => {
    const t = rng.pick(s.tensors);
    if (t.quantization)
      t.quantization.scale = t.quantization.scale.map((v, i) => (i === 0 || rng.chance(0.2) ? rng.pick(HOSTILE_SCALES) : v));
  },
  (s, rng) => {
    const t = rng.pick(s.tensors);
    if (t.quantization) t.quantization.zeroPoint = t.quantization.zeroPoint.map(() => rng.pick(HOSTILE_ZPS));
  },
  (s, rng) => {
    const t = rng.pick(s.tensors);
    if (t.quantization) t.quantization.quantizedDimension = rng.pick([-1, 1, 3, 7]);
  },
  (s, rng) => {
    const o = rng.pick(s.operators);
    if (o.inputs.length) o.inputs[rng.below(o.inputs.length)] = rng.pick([-1, s.tensors.length, ...o.outputs, rng.below(s.tensors.length)]);
  },
  (s, rng) => {
    // A cycle: an op reads what a later op writes.
    const i = rng.below(s.operators.length);
    const later = s.operators[Math.min(s.operators.length - 1, i + 1 + rng.below(3))];
    const o = s.operators[i];
    if (o && later && o.inputs.length) o.inputs[0] = later.outputs[0] ?? 0;
  },
  (s, rng) => {
    // A dangling tensor, and a graph output nobody writes.
    s.tensors.push({ name: 'dangling', dtype: 'int8', shape: [1, rng.pick([1, 4])] });
    if (rng.chance(0.5)) s.outputs = [s.tensors.length - 1];
  },
  (s, rng) => {
    rng.pick(s.operators).version = rng.pick([0, 2, 99]);
  },
  (s, rng) => {
    const o = rng.pick(s.operators);
    o.op = rng.pick(['FULLY_CONNECTED', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'ADD', 'SOFTMAX', 'RESHAPE', 'AVERAGE_POOL_2D', 'MAX_POOL_2D']);
  },
  (s, rng) => {
    const i = rng.below(s.operators.length);
    const j = rng.below(s.operators.length);
    const tmp = s.operators[i] as Mutable<OperatorSpec>;
    s.operators[i] = s.operators[j] as Mutable<OperatorSpec>;
    s.operators[j] = tmp;
  },
  (s, rng) => {
    const o = rng.pick(s.operators);
    const opts = o.options as (TfliteOptions & Record<string, unknown>) | undefined;
    if (!opts) return;
    const keys = Object.keys(opts).filter((k) => typeof opts[k] === 'number');
    if (keys.length) o.options = { ...opts, [rng.pick(keys)]: rng.pick(INTERESTING_I32) } as TfliteOptions;
    else if ('fusedActivation' in opts) o.options = { ...opts, fusedActivation: rng.pick(['TANH', 'SIGN_BIT', 'RELU6']) } as TfliteOptions;
  },
  (s, rng) => {
    const t = rng.pick(s.tensors.filter((x) => x.data));
    if (t) t.data = (t.data as Uint8Array).subarray(0, rng.below((t.data as Uint8Array).length));
  },
];

/** A structure-aware mutant of a .tflite, or null when the model cannot be rewritten. */
export function mutateSpec(bytes: Uint8Array, rng: Rng): Uint8Array | null {
  let spec: Spec | null;
  try {
    spec = toSpec(bytes);
  } catch {
    return null;
  }
  if (!spec || spec.operators.length === 0 || spec.tensors.length === 0) return null;
  for (let k = 1 + rng.below(2); k > 0; k--) rng.pick(MUTATIONS)(spec, rng);
  try {
    return writeTflite(spec as TfliteModelSpec);
  } catch {
    return null; // options the writer does not write, or a value flatbuffers cannot hold
  }
}
