/**
 * The static export: the alert files (the recent history, public whitelist only, and the alert standing now), the
 * tiles beside their gzip, the district outlines, and an export kept current by syncing only what changed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tileOf } from '@civdef/domain';
import type { PublicDirectoryRow } from '../works/index.ts';
import { createPublicService } from './public.service.ts';
import { STATIC_ALERT_HISTORY, StaticExporter, writePublicStatic } from './public.static.ts';

const summary = (n: number, msgType: string) => ({
  identifier: `civdef-320600-${n}`, sent: new Date(Date.UTC(2026, 8, 18, 2, n)).toISOString(), status: 'Exercise', msgType, references: null, event: '空袭警报',
  headline: `演习 ${n}`, description: '这是一次演习。', descriptionEn: null, instruction: null, areaDesc: '南通市', regionCodes: ['320600'],
  capUrl: `/api/public/alerts/civdef-320600-${n}/cap.xml`, draftedBy: 'someone internal',
});
const read = (dir: string, f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

describe('static export: alert files', () => {
  it('writes the recent history and the active alert beside the tiles, listed in the manifest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    const now = new Date('2026-12-05T04:00:00Z');
    const items = Array.from({ length: STATIC_ALERT_HISTORY + 5 }, (_, i) => summary(100 - i, i === 0 ? 'Alert' : 'Update'));
    await writePublicStatic(dir, [], '12-05', now, items);
    const recent = read(dir, 'alerts/recent.json');
    expect(recent.generatedAt).toBe(now.toISOString());
    expect(recent.items).toHaveLength(STATIC_ALERT_HISTORY);
    expect(recent.items[0].identifier).toBe('civdef-320600-100');
    expect(JSON.stringify(recent)).not.toContain('someone internal');
    expect(read(dir, 'alerts/active.json').active.identifier).toBe('civdef-320600-100');
    expect(read(dir, 'manifest.json').alerts).toEqual({ recent: 'alerts/recent.json', active: 'alerts/active.json', count: STATIC_ALERT_HISTORY });
  });

  it('has no active alert once the newest message is an all-clear, and empty files when nothing was published', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    await writePublicStatic(dir, [], '12-05', new Date(), [summary(2, 'Update'), summary(1, 'Alert')]);
    expect(read(dir, 'alerts/active.json').active).toBeNull();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    await writePublicStatic(empty, [], '12-05', new Date());
    expect(read(empty, 'alerts/recent.json').items).toEqual([]);
    expect(read(empty, 'alerts/active.json').active).toBeNull();
  });
});

describe('static export: tiles', () => {
  it('writes each tile beside its gzip, the same JSON', async () => {
    const works = Array.from({ length: 40 }, (_, i) => ({
      id: i + 1, name: `工程 ${i + 1}`, address: null, district: null, lng: 120.80 + (i % 8) * 0.02, lat: 31.95 + Math.floor(i / 8) * 0.02,
      workClass: 'personnel', shelterPlaces: 100, lifecycleState: 'in_service', peacetimeUse: null, entrances: [],
    }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    const r = await writePublicStatic(dir, works as never, '12-05', new Date('2026-12-05T04:00:00Z'));
    const files = fs.readdirSync(path.join(dir, 'tiles'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(r.tiles);
    for (const f of files) {
      const file = path.join(dir, 'tiles', f);
      expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString('utf8')).toBe(fs.readFileSync(file, 'utf8'));
    }
    expect(r.gzipBytes).toBeGreaterThan(0);
    expect(r.gzipBytes).toBeLessThan(r.bytes);
  });
});

describe('static export: district outlines', () => {
  it('writes the outlines as the API gives them, beside their gzip, named in the manifest; none without outlines', async () => {
    const districts = [
      { code: '320612', name: '通州区', geometry: '{"type":"Polygon","coordinates":[[[121,32],[121.1,32],[121.1,32.1],[121,32]]]}', labelAt: [121.07, 32.03] as [number, number] },
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    await writePublicStatic(dir, [], '12-05', new Date(), [], districts);
    const file = read(dir, 'districts.json');
    expect(file).toEqual({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: '320612', geometry: JSON.parse(districts[0]!.geometry), properties: { code: '320612', name: '通州区', labelAt: [121.07, 32.03] } }],
    });
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'districts.json.gz'))).toString('utf8')).toBe(fs.readFileSync(path.join(dir, 'districts.json'), 'utf8'));
    expect(read(dir, 'manifest.json').districts).toBe('districts.json');
    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    await writePublicStatic(none, [], '12-05', new Date());
    expect(fs.existsSync(path.join(none, 'districts.json'))).toBe(false);
    expect(read(none, 'manifest.json').districts).toBeNull();
  });
});

describe('static export kept current (StaticExporter)', () => {
  const work = (id: number, lng: number, lat: number, name = `工程 ${id}`) => ({
    id, name, address: null, district: null, lng, lat, workClass: 'personnel', shelterPlaces: 100, lifecycleState: 'in_service', peacetimeUse: null, entrances: [],
  }) as never as PublicDirectoryRow;
  const tileFiles = (dir: string) => fs.readdirSync(path.join(dir, 'tiles'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
  // Two clusters about 30 km apart: an edit in one leaves the other's tiles alone.
  const city = () => [
    ...Array.from({ length: 12 }, (_, i) => work(i + 1, 120.80 + (i % 4) * 0.01, 31.95 + Math.floor(i / 4) * 0.01)),
    ...Array.from({ length: 12 }, (_, i) => work(i + 101, 121.10 + (i % 4) * 0.01, 32.10 + Math.floor(i / 4) * 0.01)),
  ];
  const content = (works: PublicDirectoryRow[], now = new Date('2026-12-05T04:00:00Z')) => ({ works, today: '12-05', now });

  it('rewrites only the tiles around a changed work, removes tiles left empty, and equals a fresh export', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    const exporter = new StaticExporter(dir);
    let works = city();
    const first = await exporter.sync(content(works));
    expect(first.written).toBe(first.tiles);
    expect(tileFiles(dir)).toHaveLength(first.tiles);
    const manifest = read(dir, 'manifest.json');

    // Nothing changed: nothing written, the manifest's version the same — also when every row is a new object with
    // the same content, as after the index's full reload.
    const again = await exporter.sync(content(works));
    expect(again).toMatchObject({ written: 0, removed: 0, tiles: first.tiles });
    works = works.map((w) => ({ ...w }));
    expect(await exporter.sync(content(works))).toMatchObject({ written: 0, removed: 0 });
    expect(read(dir, 'manifest.json').version).toBe(manifest.version);

    // One work renamed: the tiles holding it — the nine around it and the sparse
    // ones that list it among their nearest — and no others.
    const renamed = work(5, works[4]!.lng, works[4]!.lat, '改名的工程');
    works = works.map((w) => (w.id === 5 ? renamed : w));
    const edit = await exporter.sync(content(works));
    const holding = tileFiles(dir).filter((f) => read(dir, `tiles/${f}`).shelters.some((s: { id: number }) => s.id === 5));
    expect(edit.written).toBeGreaterThanOrEqual(9);
    expect(edit.written).toBe(holding.length);
    expect(edit.written).toBeLessThan(first.tiles);
    expect(read(dir, 'manifest.json').version).not.toBe(manifest.version);
    const { x, y } = tileOf(renamed.lng, renamed.lat);
    expect(read(dir, `tiles/13/${x}/${y}.json`).shelters.find((s: { id: number }) => s.id === 5).name).toBe('改名的工程');

    // The second cluster retired: its tiles go, files and all.
    works = works.filter((w) => w.id < 100);
    const retired = await exporter.sync(content(works));
    expect(retired.removed).toBeGreaterThan(0);
    expect(retired.tiles).toBe(first.tiles - retired.removed);
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    await writePublicStatic(fresh, works, '12-05', new Date('2026-12-05T04:00:00Z'));
    expect(tileFiles(dir)).toEqual(tileFiles(fresh));
    for (const f of tileFiles(dir)) {
      const { generatedAt: _a, ...kept } = read(dir, `tiles/${f}`);
      const { generatedAt: _b, ...made } = read(fresh, `tiles/${f}`);
      expect(kept).toEqual(made);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'tiles', `${f}.gz`))).toString('utf8')).toBe(fs.readFileSync(path.join(dir, 'tiles', f), 'utf8'));
    }
    const { generatedAt: _c, ...keptManifest } = read(dir, 'manifest.json');
    const { generatedAt: _d, ...freshManifest } = read(fresh, 'manifest.json');
    expect(keptManifest).toEqual(freshManifest);
  });

  it('removes, on its first sync, tile files and half-written files an earlier run left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    await writePublicStatic(dir, city(), '12-05');
    const stray = path.join(dir, 'tiles', '13', '1', '2.json');
    fs.mkdirSync(path.dirname(stray), { recursive: true });
    fs.writeFileSync(stray, '{}');
    fs.writeFileSync(`${stray}.gz`, '');
    fs.writeFileSync(`${stray}.123.tmp`, '{"half');
    const r = await new StaticExporter(dir).sync(content(city().filter((w) => w.id < 100)));
    expect(r.removed).toBeGreaterThan(1);
    expect(fs.existsSync(stray)).toBe(false);
    expect(fs.existsSync(`${stray}.gz`)).toBe(false);
    expect(fs.existsSync(`${stray}.123.tmp`)).toBe(false);
    expect(tileFiles(dir)).toHaveLength(r.tiles);
  });
});

describe('static export kept by the public service', () => {
  it('tries a failed sync again once the directory can be written, and counts the failure', async () => {
    const works = Array.from({ length: 12 }, (_, i) => ({
      id: i + 1, name: `工程 ${i + 1}`, address: null, district: null, lng: 120.80 + (i % 4) * 0.02, lat: 31.95 + Math.floor(i / 4) * 0.02,
      workClass: 'personnel', shelterPlaces: 100, lifecycleState: 'in_service', peacetimeUse: null, entrances: [],
    }));
    // The directory's parent is a file: every write fails (ENOTDIR), as on a disk gone read-only, even for root.
    const parent = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-')), 'not-a-directory');
    fs.writeFileSync(parent, '');
    const dir = path.join(parent, 'public-static');
    const warnings: string[] = [];
    const service = createPublicService({
      db: { writeEpoch: () => 0 } as never,
      works: { publicDirectory: async () => works, publicNearestKnn: async () => [] } as never,
      staticDir: dir, staticDelayMs: 10, staticCheckMs: 100, log: { warn: (_obj, msg) => warnings.push(msg) },
    });
    try {
      await service.ready();
      await expect.poll(() => service.staticCounts().failed, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(service.staticCounts().syncs).toBe(0);
      expect(warnings).toContain('public static export: sync failed');
      // The disk is put right; nothing in the index changed, yet the next check writes the whole export.
      fs.rmSync(parent);
      fs.mkdirSync(parent);
      await expect.poll(() => service.staticCounts().syncs, { timeout: 5_000 }).toBe(1);
      const manifest = read(dir, 'manifest.json');
      expect(manifest.works).toBe(works.length);
      expect(service.staticCounts().written).toBe(manifest.tiles);
    } finally {
      service.close();
    }
  });
});
