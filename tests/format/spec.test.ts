/* docs/format.md and the format module agree: field offsets, record sizes, opcodes and param orders. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as F from '../../runtime/src/format/constants.js';
import { OPS, type OpSpec } from '../../runtime/src/format/ops.js';
import { OP_CHECKS } from '../../runtime/src/format/op_checks.js';
import { repoRoot } from '../helpers/shared_data.js';

const doc = readFileSync(join(repoRoot, 'docs', 'format.md'), 'utf8');

/** Rows `| NAME | offset | type | ... |` of the table under a heading. */
function fieldRows(heading: string): Map<string, number> {
  const section = doc.split(/^#+ /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`no section "${heading}"`);
  const rows = new Map<string, number>();
  for (const line of section.split('\n')) {
    const m = /^\| ([A-Z_0-9]+) \| (\d+) \|/.exec(line);
    if (m) rows.set(m[1] as string, Number(m[2]));
  }
  return rows;
}

function sameFields(
  t: { deepEqual: (a: unknown, b: unknown, m?: string) => void },
  heading: string,
  code: Readonly<Record<string, number>>,
): void {
  t.deepEqual(Object.fromEntries(fieldRows(heading)), { ...code }, heading);
}

test('header fields', (t) => {
  sameFields(t, 'Header', F.H);
  t.true(doc.includes(`\`0x${F.MAGIC.toString(16).toUpperCase()}\``));
  t.true(doc.includes(`# The \`.mfb\` format, version ${F.VERSION_MAJOR}.${F.VERSION_MINOR}`));
});

test('record fields and sizes', (t) => {
  sameFields(t, 'Tensor record', F.T);
  sameFields(t, 'Op record', F.O);
  sameFields(t, 'I/O record', F.IO);
  t.true(doc.includes(`### Tensor record (${F.TENSOR_RECORD_SIZE} bytes)`));
  t.true(doc.includes(`### Op record (${F.OP_RECORD_SIZE} bytes)`));
  t.true(doc.includes(`### I/O record (${F.IO_RECORD_SIZE} bytes)`));
  t.true(doc.includes(`## Header (${F.HEADER_SIZE} bytes)`));
});

test('operator table: codes, names and param order', (t) => {
  const rows = new Map<number, { name: string; params: string[]; since: string }>();
  for (const line of doc.split('\n')) {
    const m = /^\| (\d+) \| ([A-Z_0-9]+) \| ([^|]+) \|[^|]+\| (\d+\.\d+) \|$/.exec(line);
    if (m) rows.set(Number(m[1]), { name: m[2] as string, params: (m[3] as string).split(',').map((s) => s.trim()), since: m[4] as string });
  }
  const specs = Object.values(OPS) as OpSpec[];
  t.is(rows.size, specs.length);
  for (const s of specs) {
    t.deepEqual(rows.get(s.code), { name: s.name, params: [...s.params], since: `${F.VERSION_MAJOR}.${s.since ?? 0}` }, s.name);
  }
});

test('every opcode has a semantic check', (t) => {
  for (const s of Object.values(OPS) as OpSpec[]) t.is(typeof OP_CHECKS[s.code], 'function', s.name);
});
