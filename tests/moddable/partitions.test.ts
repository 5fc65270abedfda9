/*
 * boards/esp32/partitions.csv: a table ESP-IDF accepts for a 4 MB chip (after the partition table at
 * 0x8000, no overlaps, apps 64 KB aligned, otadata for two OTA apps), with the two model slots the
 * store and mflow-ota.json's config name: data partitions, 4096-aligned (64 KB here), equal sizes.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared_data.js';

interface Row {
  name: string;
  type: string;
  subtype: string;
  offset: number;
  size: number;
}

const FLASH = 4 * 1024 * 1024;
const rows: Row[] = readFileSync(join(repoRoot, 'boards', 'esp32', 'partitions.csv'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [name, type, subtype, offset, size] = l.split(',').map((c) => c.trim());
    return { name: name as string, type: type as string, subtype: subtype as string, offset: Number(offset), size: Number(size) };
  });
const slots = (
  JSON.parse(readFileSync(join(repoRoot, 'manifests', 'mflow-ota.json'), 'utf8')) as { config: { mflow: { slots: string[] } } }
).config.mflow.slots;

test('the table fits a 4 MB chip: ordered, no overlaps, after the partition table, names ESP-IDF accepts', (t) => {
  let end = 0x9000;
  for (const r of rows) {
    t.true(r.offset >= end, `${r.name} overlaps the partition before it`);
    t.true(r.size > 0 && r.offset % 0x1000 === 0 && r.size % 0x1000 === 0, `${r.name} is not 4096-aligned`);
    t.true(r.name.length <= 16, `${r.name}: labels have at most 16 characters`);
    end = r.offset + r.size;
  }
  t.true(end <= FLASH);
  t.is(new Set(rows.map((r) => r.name)).size, rows.length);
});

test('two OTA app slots of equal size, 64 KB aligned, with otadata', (t) => {
  const apps = rows.filter((r) => r.type === 'app');
  t.deepEqual(
    apps.map((r) => r.subtype),
    ['ota_0', 'ota_1'],
  );
  t.is(apps[0]?.size, apps[1]?.size);
  for (const a of apps) t.is(a.offset % 0x10000, 0, a.name);
  t.is(rows.find((r) => r.subtype === 'ota')?.size, 0x2000);
});

test('the model slots named in mflow-ota.json: equal data partitions, 64 KB aligned, room for the shared models', (t) => {
  t.deepEqual(slots, ['mflow_a', 'mflow_b']);
  const found = slots.map((name) => rows.find((r) => r.name === name));
  for (const r of found) {
    t.truthy(r);
    t.is(r?.type, 'data');
    t.is(Number(r?.subtype), 0x40);
    t.is((r?.offset ?? 1) % 0x10000, 0);
  }
  t.is(found[0]?.size, found[1]?.size);
  // the largest model in the benchmark set packs to 274 KB; one sector holds the slot's records
  t.true((found[0]?.size ?? 0) >= 274 * 1024 + 2 * 4096);
});
