/*
 * mflow's own example model, made here with no download: a 1 -> 16 -> 16 -> 1 MLP (RELU) fitted to
 * sin(x) on [0, 2*pi] with full-batch Adam from a fixed seed, then quantized the way TFLite's
 * converter quantizes the hello_world model (int8 activations with per-tensor scale and zero point
 * from the observed ranges, int8 symmetric per-channel weights, int32 biases at input x weight scale).
 * Deterministic: the same bytes on every run.
 */
import { writeTflite, type TensorSpec } from '../tflite/writer.js';

const LAYERS = [1, 16, 16, 1];
const SAMPLES = 128;
const EPOCHS = 4000;
const TWO_PI = 2 * Math.PI;

interface Dense {
  w: number[][]; // [out][in]
  b: number[];
}

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function forward(net: Dense[], x: number): number[][] {
  const acts = [[x]];
  net.forEach((layer, l) => {
    const a = acts[l] as number[];
    acts.push(
      layer.w.map((row, o) => {
        const z = row.reduce((s, w, i) => s + w * (a[i] as number), layer.b[o] as number);
        return l < net.length - 1 ? Math.max(0, z) : z;
      }),
    );
  });
  return acts;
}

function train(): Dense[] {
  const rand = mulberry32(20261122);
  const net: Dense[] = LAYERS.slice(1).map((n, l) => {
    const fanIn = LAYERS[l] as number;
    const limit = Math.sqrt(6 / fanIn);
    return {
      w: Array.from({ length: n }, () => Array.from({ length: fanIn }, () => (2 * rand() - 1) * limit)),
      b: Array.from({ length: n }, () => 0.5 * rand()),
    };
  });
  const xs = Array.from({ length: SAMPLES }, (_, i) => (TWO_PI * (i + 0.5)) / SAMPLES);
  const m = net.map((d) => ({ w: d.w.map((r) => r.map(() => 0)), b: d.b.map(() => 0) }));
  const v = net.map((d) => ({ w: d.w.map((r) => r.map(() => 0)), b: d.b.map(() => 0) }));
  const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const g = net.map((d) => ({ w: d.w.map((r) => r.map(() => 0)), b: d.b.map(() => 0) }));
    for (const x of xs) {
      const acts = forward(net, x);
      let delta = [(2 * ((acts[net.length] as number[])[0]! - Math.sin(x))) / SAMPLES];
      for (let l = net.length - 1; l >= 0; l--) {
        const a = acts[l] as number[];
        const layer = net[l] as Dense;
        delta.forEach((d, o) => {
          g[l]!.b[o]! += d;
          a.forEach((ai, i) => (g[l]!.w[o]![i]! += d * ai));
        });
        if (l > 0) delta = a.map((ai, i) => (ai > 0 ? delta.reduce((s, d, o) => s + d * layer.w[o]![i]!, 0) : 0));
      }
    }
    const c1 = 1 - b1 ** epoch;
    const c2 = 1 - b2 ** epoch;
    const step = (p: number[], gp: number[], mp: number[], vp: number[]): void => {
      for (let i = 0; i < p.length; i++) {
        mp[i] = b1 * mp[i]! + (1 - b1) * gp[i]!;
        vp[i] = b2 * vp[i]! + (1 - b2) * gp[i]! ** 2;
        p[i]! -= (lr * (mp[i]! / c1)) / (Math.sqrt(vp[i]! / c2) + eps);
      }
    };
    net.forEach((d, l) => {
      d.w.forEach((row, o) => step(row, g[l]!.w[o]!, m[l]!.w[o]!, v[l]!.w[o]!));
      step(d.b, g[l]!.b, m[l]!.b, v[l]!.b);
    });
  }
  return net;
}

let trained: Dense[] | null = null;
const network = (): Dense[] => (trained ??= train());

/** The trained float network's prediction (for checking the quantized model). */
export function predictFloat(x: number): number {
  const net = network();
  return (forward(net, x)[net.length] as number[])[0] as number;
}

const roundAway = (x: number): number => Math.sign(x) * Math.floor(Math.abs(x) + 0.5);

/** TFLite's asymmetric int8 parameters for a real range (widened to include 0). */
function activationQuant(lo: number, hi: number): { scale: number; zeroPoint: number } {
  const min = Math.min(lo, 0);
  const max = Math.max(hi, 0);
  const scale = Math.fround((max - min) / 255 || 1);
  return { scale, zeroPoint: Math.max(-128, Math.min(127, roundAway(-128 - min / scale))) };
}

function int8Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Int8Array(values).buffer);
}

function int32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(values).buffer);
}

export function makeSineModel(): Uint8Array {
  const net = network();
  // Observed activation ranges over the training interval (the converter's calibration).
  const ranges = LAYERS.map(() => [Infinity, -Infinity] as [number, number]);
  for (let i = 0; i <= 1000; i++) {
    forward(net, (TWO_PI * i) / 1000).forEach((a, l) =>
      a.forEach((v) => {
        const r = ranges[l] as [number, number];
        r[0] = Math.min(r[0], v);
        r[1] = Math.max(r[1], v);
      }),
    );
  }
  const actQ = ranges.map(([lo, hi]) => activationQuant(lo, hi));
  const tensors: TensorSpec[] = [];
  const act = (name: string, l: number): number => {
    const q = actQ[l] as { scale: number; zeroPoint: number };
    tensors.push({ name, dtype: 'int8', shape: [1, LAYERS[l] as number], quantization: { scale: [q.scale], zeroPoint: [q.zeroPoint] } });
    return tensors.length - 1;
  };
  const input = act('x', 0);
  let prev = input;
  const operators = net.map((layer, l) => {
    const inScale = (actQ[l] as { scale: number }).scale;
    const wScales = layer.w.map((row) => Math.fround(Math.max(...row.map(Math.abs)) / 127 || 1));
    const wq = layer.w.flatMap((row, o) => row.map((w) => Math.max(-127, Math.min(127, roundAway(w / (wScales[o] as number))))));
    const bScales = wScales.map((s) => Math.fround(inScale * s));
    const bq = layer.b.map((b, o) => roundAway(b / (bScales[o] as number)));
    const name = `dense_${l + 1}`;
    tensors.push({
      name: `${name}/weights`,
      dtype: 'int8',
      shape: [layer.w.length, LAYERS[l] as number],
      data: int8Bytes(wq),
      quantization: { scale: wScales, zeroPoint: wScales.map(() => 0), quantizedDimension: 0 },
    });
    const w = tensors.length - 1;
    tensors.push({
      name: `${name}/bias`,
      dtype: 'int32',
      shape: [layer.b.length],
      data: int32Bytes(bq),
      quantization: { scale: bScales, zeroPoint: bScales.map(() => 0), quantizedDimension: 0 },
    });
    const b = tensors.length - 1;
    const out = act(l === net.length - 1 ? 'y' : `${name}/relu`, l + 1);
    const op = {
      op: 'FULLY_CONNECTED',
      inputs: [prev, w, b],
      outputs: [out],
      options: {
        type: 'FullyConnectedOptions' as const,
        fusedActivation: l < net.length - 1 ? ('RELU' as const) : ('NONE' as const),
        weightsFormat: 'DEFAULT' as const,
        keepNumDims: false,
        asymmetricQuantizeInputs: false,
      },
    };
    prev = out;
    return op;
  });
  return writeTflite({
    description: 'mflow sine demo: int8 MLP 1-16-16-1 fitted to sin(x) on [0, 2pi]',
    tensors,
    operators,
    inputs: [input],
    outputs: [prev],
  });
}
