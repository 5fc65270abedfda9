/*
 * `mflow inspect --html FILE`: the inspect report as one self-contained page (no scripts, no external
 * files, so it can be mailed or attached to CI): an SVG of the memory plan (x = op steps, y = arena
 * offset, one rectangle per arena tensor over its live range, the lower bound marked), the per-op table
 * and the size breakdown. The only <rect> elements are the tensors, one each.
 */
import type { InspectOp, InspectReport, InspectTensor } from './inspect.js';

const num = (n: number): string => n.toLocaleString('en-US');

function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A stable, readable fill per tensor: golden-angle hues. */
const fill = (index: number): string => `hsl(${(index * 137.508) % 360} 62% 72%)`;

const PLOT = { left: 78, top: 28, width: 760, right: 150, bottom: 150 };

function plotHeight(arenaTensors: number): number {
  return Math.max(240, Math.min(640, arenaTensors * 26));
}

/** The memory plan: rects for arena tensors, lines and text for everything else. */
export function memoryPlanSvg(r: InspectReport): string {
  const tensors = r.tensors.filter((t) => t.location === 'arena');
  const steps = Math.max(r.ops.length, 1);
  const height = plotHeight(tensors.length);
  const arena = Math.max(r.arena_bytes, 1);
  const sx = PLOT.width / steps;
  const sy = height / arena;
  const x = (step: number): number => PLOT.left + step * sx;
  const y = (offset: number): number => PLOT.top + offset * sy;
  const W = PLOT.left + PLOT.width + PLOT.right;
  const H = PLOT.top + height + PLOT.bottom;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="plan" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="arena memory plan">`,
  );
  // frame and grid
  out.push(`<path class="frame" d="M${x(0)} ${y(0)}H${x(steps)}V${y(arena)}H${x(0)}Z"/>`);
  for (let k = 0; k <= 4; k++) {
    const off = Math.round((arena * k) / 4);
    out.push(`<path class="grid" d="M${x(0)} ${y(off)}H${x(steps)}"/>`);
    out.push(`<text class="axis" x="${x(0) - 6}" y="${y(off) + 4}" text-anchor="end">${esc(num(off))}</text>`);
  }
  for (let s = 0; s < steps; s++) {
    const op = r.ops[s];
    out.push(`<path class="grid" d="M${x(s)} ${y(0)}V${y(arena)}"/>`);
    out.push(`<text class="axis" x="${x(s + 0.5)}" y="${y(arena) + 16}" text-anchor="middle">${s}</text>`);
    if (op && steps <= 24) {
      out.push(
        `<text class="opname" x="${x(s + 0.5)}" y="${y(arena) + 28}" text-anchor="end" transform="rotate(-60 ${x(s + 0.5)} ${y(arena) + 28})">${esc(op.op)}</text>`,
      );
    }
  }
  out.push(`<text class="axis" x="${x(steps / 2)}" y="${H - 6}" text-anchor="middle">op step</text>`);
  out.push(
    `<text class="axis" x="14" y="${y(arena / 2)}" transform="rotate(-90 14 ${y(arena / 2)})" text-anchor="middle">arena offset (bytes)</text>`,
  );
  // tensors
  for (const t of tensors) {
    const [first, last] = t.live ?? [0, steps - 1];
    const rx = x(first) + 1;
    const rw = Math.max((last - first + 1) * sx - 2, 1);
    const ry = y(t.offset);
    const rh = Math.max(t.bytes * sy, 1.5);
    const label = `t${t.index}${t.name ? ` ${t.name}` : ''}`;
    const title = `${label}: ${t.dtype}[${t.shape.join('x')}], ${num(t.bytes)} bytes at ${num(t.offset)}, live ${t.live ? `${first}-${last}` : 'never'}`;
    out.push(
      `<rect class="tensor${t.live ? '' : ' unused'}" data-tensor="${t.index}" x="${rx.toFixed(1)}" y="${ry.toFixed(1)}" width="${rw.toFixed(1)}" height="${rh.toFixed(1)}" fill="${fill(t.index)}"><title>${esc(title)}</title></rect>`,
    );
    if (rh >= 11 && rw >= 24) {
      out.push(`<text class="label" x="${(rx + 4).toFixed(1)}" y="${(ry + Math.min(rh, 24) / 2 + 4).toFixed(1)}">t${t.index}</text>`);
    }
  }
  // the lower bound and the plan's arena size
  const lb = y(r.arena_lower_bound);
  out.push(`<path class="bound" d="M${x(0)} ${lb}H${x(steps) + 8}"/>`);
  // the bound above its line, the arena size below the plot's bottom edge: readable when they coincide
  out.push(`<text class="bound-label" x="${x(steps) + 10}" y="${lb - 4}">lower bound ${esc(num(r.arena_lower_bound))} B</text>`);
  out.push(`<text class="axis" x="${x(steps) + 10}" y="${y(arena) + 14}">arena ${esc(num(r.arena_bytes))} B</text>`);
  out.push('</svg>');
  return out.join('\n');
}

function tensorRef(r: InspectReport, l: InspectOp['inputs']): string {
  return l
    .map((x) => {
      const t = r.tensors[x.tensor];
      const where = t?.location === 'const' ? ' const' : '';
      return `t${x.tensor} ${esc(x.dtype)}[${esc(x.shape.join('x'))}]${where}`;
    })
    .join('<br>');
}

function opBytes(r: InspectReport, op: InspectOp): { weights: number; activations: number } {
  let weights = 0;
  let activations = 0;
  for (const x of [...op.inputs, ...op.outputs]) {
    const t = r.tensors[x.tensor] as InspectTensor | undefined;
    if (!t) continue;
    if (t.location === 'const') weights += t.bytes;
    else activations += t.bytes;
  }
  return { weights, activations };
}

export function opTable(r: InspectReport): string {
  const rows = r.ops.map((op) => {
    const b = opBytes(r, op);
    return (
      `<tr><td class="n">${op.index}</td><td>${esc(op.op)}</td><td>${op.source_op}${op.source_name ? ` ${esc(op.source_name)}` : ''}</td>` +
      `<td>${tensorRef(r, op.inputs)}</td><td>${tensorRef(r, op.outputs)}</td>` +
      `<td class="n">${num(op.macs)}</td><td class="n">${num(b.weights)}</td><td class="n">${num(b.activations)}</td></tr>`
    );
  });
  return [
    '<table class="ops">',
    '<thead><tr><th>#</th><th>op</th><th>from (TFLite op)</th><th>inputs</th><th>outputs</th><th>MACs</th><th>weight bytes</th><th>activation bytes</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    `<tfoot><tr><td></td><td>total</td><td></td><td></td><td></td><td class="n">${num(r.macs)}</td><td class="n">${num(r.weights_bytes)}</td><td></td></tr></tfoot>`,
    '</table>',
  ].join('\n');
}

function bar(parts: readonly [string, number][]): string {
  const total = parts.reduce((s, [, v]) => s + v, 0) || 1;
  const cells = parts
    .filter(([, v]) => v > 0)
    .map(
      ([name, v], i) =>
        `<div class="seg" style="flex-grow:${v};background:${fill(i * 3 + 1)}" title="${esc(name)}: ${esc(num(v))} bytes (${((100 * v) / total).toFixed(1)}%)"></div>`,
    );
  const legend = parts.map(
    ([name, v], i) =>
      `<tr><td><span class="sw" style="background:${fill(i * 3 + 1)}"></span>${esc(name)}</td><td class="n">${num(v)}</td><td class="n">${((100 * v) / total).toFixed(1)}%</td></tr>`,
  );
  return `<div class="bar">${cells.join('')}</div>\n<table class="sizes"><tbody>${legend.join('')}</tbody></table>`;
}

export function sizeBreakdown(r: InspectReport): string {
  const s = r.sizes;
  return [
    `<h3>File: ${num(r.mfb_bytes)} bytes of .mfb (${r.page_count} page${r.page_count === 1 ? '' : 's'} of ${num(r.page_size)})${r.tflite_bytes !== null ? `, from ${num(r.tflite_bytes)} bytes of .tflite` : ''}</h3>`,
    bar([
      ['header', s.header],
      ['page table', s.page_table],
      ['tables', s.tables],
      ['constants (weights, biases, multipliers)', s.constants],
      ['trailer', s.trailer],
    ]),
    `<h3>RAM: ${num(r.arena_bytes + r.runtime_bytes)} bytes</h3>`,
    bar([
      ['arena (activations)', r.arena_bytes],
      ['runtime XS heap (estimate)', r.runtime_bytes],
    ]),
  ].join('\n');
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2327;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:16px 0 6px}
.summary{display:flex;flex-wrap:wrap;gap:8px 28px;margin:12px 0}.summary div b{display:block;font-size:18px}
svg.plan{max-width:100%;height:auto;border:1px solid #ddd;background:#fcfcfc}
svg .frame{fill:none;stroke:#555}svg .grid{stroke:#e3e3e3}svg .axis,svg .opname{font-size:11px;fill:#444}
svg rect.tensor{stroke:#333;stroke-width:.6}svg rect.unused{stroke-dasharray:3 2;fill-opacity:.4}
svg .label{font-size:11px;fill:#111}svg .bound{stroke:#c0392b;stroke-width:1.5;stroke-dasharray:6 4}
svg .bound-label{font-size:11px;fill:#c0392b}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;vertical-align:top;text-align:left}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}tfoot td{font-weight:600}
.sw{display:inline-block;width:10px;height:10px;margin-right:6px;border:1px solid #999}
.bar{display:flex;height:18px;max-width:900px;border:1px solid #bbb}.seg{min-width:2px}
`;

export function renderInspectHtml(r: InspectReport): string {
  const arenaTensors = r.tensors.filter((t) => t.location === 'arena').length;
  const summary = [
    ['arena', `${num(r.arena_bytes)} B`],
    ['lower bound', `${num(r.arena_lower_bound)} B`],
    ['weights', `${num(r.weights_bytes)} B`],
    ['MACs / inference', num(r.macs)],
    ['ops', String(r.ops.length)],
    ['arena tensors', String(arenaTensors)],
  ]
    .map(([k, v]) => `<div>${esc(k as string)}<b>${esc(v as string)}</b></div>`)
    .join('');
  const elided = r.elided_ops.length
    ? `<p>Elided (aliases, no code, no memory): ${r.elided_ops.map((e) => `${e.index}:${esc(e.name)}`).join(', ')}</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mflow inspect: ${esc(r.file)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>mflow inspect: ${esc(r.file)}</h1>
<div>${esc(r.format)}, packs to .mfb v${esc(r.format_version)}</div>
<div class="summary">${summary}</div>
<h2>Memory plan</h2>
<p>One rectangle per arena tensor: its bytes (vertical) during the op steps it is live (horizontal). The dashed line is the lower bound: the most bytes live at any one step.</p>
${memoryPlanSvg(r)}
<h2>Ops</h2>
${opTable(r)}
${elided}
<h2>Sizes</h2>
${sizeBreakdown(r)}
</body>
</html>
`;
}
