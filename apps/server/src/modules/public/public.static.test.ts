/** The alert files of the static export: the recent history (public whitelist only) and the alert standing now. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { STATIC_ALERT_HISTORY, writePublicStatic } from './public.static.ts';

const summary = (n: number, msgType: string) => ({
  identifier: `civdef-320600-${n}`, sent: new Date(Date.UTC(2026, 8, 18, 2, n)).toISOString(), status: 'Exercise', msgType, references: null, event: '空袭警报',
  headline: `演习 ${n}`, description: '这是一次演习。', descriptionEn: null, instruction: null, areaDesc: '南通市', regionCodes: ['320600'],
  capUrl: `/api/public/alerts/civdef-320600-${n}/cap.xml`, draftedBy: 'someone internal',
});
const read = (dir: string, f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

describe('static export: alert files', () => {
  it('writes the recent history and the active alert beside the tiles, listed in the manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    const now = new Date('2026-12-05T04:00:00Z');
    const items = Array.from({ length: STATIC_ALERT_HISTORY + 5 }, (_, i) => summary(100 - i, i === 0 ? 'Alert' : 'Update'));
    writePublicStatic(dir, [], '12-05', now, items);
    const recent = read(dir, 'alerts/recent.json');
    expect(recent.generatedAt).toBe(now.toISOString());
    expect(recent.items).toHaveLength(STATIC_ALERT_HISTORY);
    expect(recent.items[0].identifier).toBe('civdef-320600-100');
    expect(JSON.stringify(recent)).not.toContain('someone internal');
    expect(read(dir, 'alerts/active.json').active.identifier).toBe('civdef-320600-100');
    expect(read(dir, 'manifest.json').alerts).toEqual({ recent: 'alerts/recent.json', active: 'alerts/active.json', count: STATIC_ALERT_HISTORY });
  });

  it('has no active alert once the newest message is an all-clear, and empty files when nothing was published', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    writePublicStatic(dir, [], '12-05', new Date(), [summary(2, 'Update'), summary(1, 'Alert')]);
    expect(read(dir, 'alerts/active.json').active).toBeNull();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    writePublicStatic(empty, [], '12-05', new Date());
    expect(read(empty, 'alerts/recent.json').items).toEqual([]);
    expect(read(empty, 'alerts/active.json').active).toBeNull();
  });
});

describe('static export: tiles', () => {
  it('writes each tile beside its gzip, the same JSON', () => {
    const works = Array.from({ length: 40 }, (_, i) => ({
      id: i + 1, name: `工程 ${i + 1}`, address: null, district: null, lng: 120.80 + (i % 8) * 0.02, lat: 31.95 + Math.floor(i / 8) * 0.02,
      workClass: 'personnel', shelterPlaces: 100, lifecycleState: 'in_service', peacetimeUse: null, entrances: [],
    }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    const r = writePublicStatic(dir, works as never, '12-05', new Date('2026-12-05T04:00:00Z'));
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
  it('writes the outlines as the API gives them, beside their gzip, named in the manifest; none without outlines', () => {
    const districts = [
      { code: '320612', name: '通州区', geometry: '{"type":"Polygon","coordinates":[[[121,32],[121.1,32],[121.1,32.1],[121,32]]]}', labelAt: [121.07, 32.03] as [number, number] },
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    writePublicStatic(dir, [], '12-05', new Date(), [], districts);
    const file = read(dir, 'districts.json');
    expect(file).toEqual({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: '320612', geometry: JSON.parse(districts[0]!.geometry), properties: { code: '320612', name: '通州区', labelAt: [121.07, 32.03] } }],
    });
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'districts.json.gz'))).toString('utf8')).toBe(fs.readFileSync(path.join(dir, 'districts.json'), 'utf8'));
    expect(read(dir, 'manifest.json').districts).toBe('districts.json');
    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'public-static-'));
    writePublicStatic(none, [], '12-05', new Date());
    expect(fs.existsSync(path.join(none, 'districts.json'))).toBe(false);
    expect(read(none, 'manifest.json').districts).toBeNull();
  });
});
