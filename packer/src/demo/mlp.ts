/*
 * A small float MLP (ReLU hidden layers, linear output) trained with full-batch Adam on mean squared
 * error. Only correctly rounded IEEE operations (+, -, *, /, sqrt) in a fixed order, so training is
 * bit-identical on every platform; flat, preallocated Float64Arrays keep it fast enough for tests.
 */

export interface Dense {
  readonly inputs: number;
  readonly outputs: number;
  /** Row-major [outputs][inputs], the layout of a TFLite FULLY_CONNECTED weight tensor. */
  readonly w: Float64Array;
  readonly b: Float64Array;
}

export interface AdamConfig {
  readonly epochs: number;
  /** Learning rate at epoch 1; decays linearly to `finalLr` so the fit settles. */
  readonly lr: number;
  readonly finalLr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

/**
 * He-uniform weights (suit ReLU) and small positive biases. With a single input, the first layer's
 * biases instead put each unit's kink at a random point of the input range, so every unit is live
 * somewhere on it: with an all-positive input such as [0, 2*pi], zero biases leave the units with
 * negative weights dead, and training often collapses to a constant.
 */
export function initMlp(widths: readonly number[], rand: () => number, inputRange: readonly [number, number]): Dense[] {
  const net: Dense[] = [];
  for (let l = 1; l < widths.length; l++) {
    const inputs = widths[l - 1] as number;
    const outputs = widths[l] as number;
    const limit = Math.sqrt(6 / inputs);
    const w = new Float64Array(outputs * inputs);
    for (let i = 0; i < w.length; i++) w[i] = (2 * rand() - 1) * limit;
    const b = new Float64Array(outputs);
    const firstOfOne = l === 1 && inputs === 1;
    for (let o = 0; o < outputs; o++) {
      if (!firstOfOne) b[o] = 0.1 * rand();
      else b[o] = -(w[o] as number) * (inputRange[0] + rand() * (inputRange[1] - inputRange[0]));
    }
    net.push({ inputs, outputs, w, b });
  }
  return net;
}

/** The network's output for one sample. */
export function predict(net: readonly Dense[], x: Float64Array): Float64Array {
  const acts = [x, ...net.map((d) => new Float64Array(d.outputs))];
  forwardInto(net, acts);
  return acts[net.length] as Float64Array;
}

/** Fills acts[1..] from acts[0] (preallocated so training does not allocate per sample). */
export function forwardInto(net: readonly Dense[], acts: readonly Float64Array[]): void {
  for (let l = 0; l < net.length; l++) {
    const { inputs, outputs, w, b } = net[l] as Dense;
    const a = acts[l] as Float64Array;
    const z = acts[l + 1] as Float64Array;
    const relu = l < net.length - 1;
    for (let o = 0; o < outputs; o++) {
      let s = b[o] as number;
      for (let i = 0; i < inputs; i++) s += (w[o * inputs + i] as number) * (a[i] as number);
      z[o] = relu && s < 0 ? 0 : s;
    }
  }
}

/** Adds one sample's MSE gradient (already divided by the batch size n) into gw/gb. */
function backward(
  net: readonly Dense[],
  acts: readonly Float64Array[],
  deltas: readonly Float64Array[],
  y: Float64Array,
  n: number,
  gw: readonly Float64Array[],
  gb: readonly Float64Array[],
): void {
  const out = acts[net.length] as Float64Array;
  const top = deltas[net.length] as Float64Array;
  for (let o = 0; o < out.length; o++) top[o] = (2 * ((out[o] as number) - (y[o] as number))) / n;
  for (let l = net.length - 1; l >= 0; l--) {
    const { inputs, outputs, w } = net[l] as Dense;
    const a = acts[l] as Float64Array;
    const delta = deltas[l + 1] as Float64Array;
    const below = deltas[l] as Float64Array;
    const gwl = gw[l] as Float64Array;
    const gbl = gb[l] as Float64Array;
    below.fill(0);
    for (let o = 0; o < outputs; o++) {
      const d = delta[o] as number;
      gbl[o] = (gbl[o] as number) + d;
      for (let i = 0; i < inputs; i++) {
        const k = o * inputs + i;
        gwl[k] = (gwl[k] as number) + d * (a[i] as number);
        below[i] = (below[i] as number) + d * (w[k] as number);
      }
    }
    // ReLU derivative of the layer below (the network input has none).
    if (l > 0) for (let i = 0; i < inputs; i++) if (!((a[i] as number) > 0)) below[i] = 0;
  }
}

/** Full-batch Adam on mean squared error; updates `net` in place. */
export function trainAdam(net: readonly Dense[], xs: readonly Float64Array[], ys: readonly Float64Array[], cfg: AdamConfig): void {
  const params = net.flatMap((d) => [d.w, d.b]);
  const grads = params.map((p) => new Float64Array(p.length));
  const m = params.map((p) => new Float64Array(p.length));
  const v = params.map((p) => new Float64Array(p.length));
  const gw = grads.filter((_, i) => i % 2 === 0);
  const gb = grads.filter((_, i) => i % 2 === 1);
  const acts: Float64Array[] = [new Float64Array(net[0]?.inputs ?? 0), ...net.map((d) => new Float64Array(d.outputs))];
  const deltas = acts.map((a) => new Float64Array(a.length));
  // beta^t by repeated multiplication, not Math.pow, whose last bit may differ between engines.
  let b1t = 1;
  let b2t = 1;
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    for (const g of grads) g.fill(0);
    xs.forEach((x, s) => {
      acts[0] = x;
      forwardInto(net, acts);
      backward(net, acts, deltas, ys[s] as Float64Array, xs.length, gw, gb);
    });
    b1t *= cfg.beta1;
    b2t *= cfg.beta2;
    const lr = cfg.lr + ((cfg.finalLr - cfg.lr) * (epoch - 1)) / Math.max(1, cfg.epochs - 1);
    params.forEach((p, j) => {
      const g = grads[j] as Float64Array;
      const mj = m[j] as Float64Array;
      const vj = v[j] as Float64Array;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i] as number;
        mj[i] = cfg.beta1 * (mj[i] as number) + (1 - cfg.beta1) * gi;
        vj[i] = cfg.beta2 * (vj[i] as number) + (1 - cfg.beta2) * gi * gi;
        p[i] = (p[i] as number) - (lr * ((mj[i] as number) / (1 - b1t))) / (Math.sqrt((vj[i] as number) / (1 - b2t)) + cfg.eps);
      }
    });
  }
}
