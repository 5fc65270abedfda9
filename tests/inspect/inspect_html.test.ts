/*
 * `mflow inspect --html`: the page has one <rect> per arena tensor (at its offset, over its live range),
 * the numbers of the report (arena, lower bound, MACs per op, file sizes), nothing external; and headless
 * Chromium renders it to a PNG (Debian package `chromium`; with CI=true a missing browser fails the test).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeSineModel } from '../../packer/src/demo/sine_model.js';
import { inspectModel, type InspectReport } from '../../packer/src/inspect.js';
import { renderInspectHtml } from '../../packer/src/inspect_html.js';
import { packTflite } from '../../packer/src/pack.js';
import { openModel } from '../../runtime/src/model.js';
import { mflow } from '../cli/cli_helpers.js';
import { modelGoldens } from '../helpers/shared_data.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-inspect-html-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const sineMfb = join(dir, 'sine.mfb');
writeFileSync(sineMfb, packTflite(makeSineModel()).mfb);
const num = (n: number): string => n.toLocaleString('en-US');

function report(file: string): InspectReport {
  return inspectModel(openModel(new Uint8Array(readFileSync(file))), file);
}

function checkPage(t: import('ava').ExecutionContext, r: InspectReport, html: string): void {
  const arena = r.tensors.filter((x) => x.location === 'arena');
  const rects = [...html.matchAll(/<rect\b[^>]*>/g)].map((m) => m[0]);
  t.is(rects.length, arena.length, 'one rect per arena tensor, and no other rect');
  for (const tensor of arena) {
    const rect = rects.find((x) => x.includes(`data-tensor="${tensor.index}"`));
    t.truthy(rect, `t${tensor.index} has no rect`);
  }
  for (const n of [r.arena_bytes, r.arena_lower_bound, r.macs, r.weights_bytes, r.mfb_bytes, ...Object.values(r.sizes)])
    t.true(html.includes(num(n)), `${num(n)} missing`);
  for (const op of r.ops) t.true(html.includes(`<td class="n">${num(op.macs)}</td>`), `op ${op.index}: MACs`);
  t.regex(html, new RegExp(`lower bound ${num(r.arena_lower_bound)} B`));
  t.notRegex(html, /<script|\bsrc=|href=|@import|url\(/i, 'self-contained');
}

test('sine: rects, numbers and the lower bound', (t) => {
  const r = report(sineMfb);
  checkPage(t, r, renderInspectHtml(r));
});

test('rect geometry: y from the arena offset, x from the live range', (t) => {
  const r = report(sineMfb);
  const html = renderInspectHtml(r);
  const attr = (rect: string, name: string): number => Number(new RegExp(`\\b${name}="([\\d.]+)"`).exec(rect)?.[1]);
  const rects = new Map([...html.matchAll(/<rect\b[^>]*data-tensor="(\d+)"[^>]*>/g)].map((m) => [Number(m[1]), m[0]]));
  const arena = r.tensors.filter((x) => x.location === 'arena');
  for (const a of arena) {
    for (const b of arena) {
      const [ra, rb] = [rects.get(a.index) as string, rects.get(b.index) as string];
      if (a.offset < b.offset) t.true(attr(ra, 'y') < attr(rb, 'y'));
      if (a.live && b.live && a.live[0] < b.live[0]) t.true(attr(ra, 'x') < attr(rb, 'x'));
    }
  }
});

test('every shared model: one rect per arena tensor, its numbers present', (t) => {
  const sets = modelGoldens();
  if (!sets.length) return t.pass('no shared models here');
  for (const set of sets) {
    const loaded = packTflite(new Uint8Array(readFileSync(set.modelPath)));
    const r = inspectModel(openModel(loaded.mfb), set.id);
    checkPage(t, r, renderInspectHtml(r));
  }
});

test('mflow inspect --html writes the page; headless Chromium renders it to a PNG', async (t) => {
  const html = join(dir, 'report.html');
  const res = await mflow('inspect', sineMfb, '--html', html);
  t.is(res.code, 0, res.stderr);
  t.true(existsSync(html));
  checkPage(t, report(sineMfb), readFileSync(html, 'utf8'));

  const chromium = ['chromium', 'chromium-browser'].find((c) => !spawnSync(c, ['--version']).error);
  if (!chromium) {
    if (process.env.CI === 'true') return t.fail('chromium is not installed (apt-get install chromium)');
    return t.pass('chromium not installed here');
  }
  const png = join(dir, 'report.png');
  const profile = mkdtempSync(join(dir, 'profile-'));
  const r = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--window-size=1200,1400',
      `--screenshot=${png}`,
      pathToFileURL(html).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  t.is(r.status, 0, r.stderr);
  t.true(existsSync(png), r.stderr);
  const bytes = readFileSync(png);
  t.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  t.is(bytes.readUInt32BE(16), 1200, 'width');
  t.is(bytes.readUInt32BE(20), 1400, 'height');
  // a blank 1200x1400 page compresses to a few KB; the plan, table and bars give far more
  t.true(statSync(png).size > 30_000, `${statSync(png).size} bytes`);
});
