import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection, Point } from 'geojson';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../i18n/zh-CN.ts';
import { fixAge, fixOf, vehicleFeatures, vehicleLayerPaint, vehicleRows, type VehicleProps } from './vehicleLayer.ts';

// A t() over the Chinese resources, enough for these strings.
const t = ((key: string, vars: Record<string, unknown> = {}) => {
  const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN);
  return String(text).replace(/{{(\w+)}}/g, (_, v: string) => String(vars[v]));
}) as unknown as TFunction;

const base: VehicleProps = { id: 1, code: 'JDZHC-01', name: '一号指挥车', generation: '第三代', crew: 6, state: 'deployed', live: true, positionAt: '2026-09-18T02:00:00Z', speedKmh: 42.4 };
const now = Date.parse('2026-09-18T02:03:10Z');

describe('command vehicles on the map', () => {
  it('tells a live fix, a stale one and a vehicle that never reported apart', () => {
    expect(fixOf(base)).toBe('live');
    expect(fixOf({ ...base, live: false })).toBe('stale');
    expect(fixOf({ ...base, live: false, positionAt: null })).toBe('home');
    const fc: FeatureCollection<Point, VehicleProps> = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.9, 32] }, properties: { ...base, live: false } }] };
    expect(vehicleFeatures(fc).features[0]!.properties.fix).toBe('stale');
  });

  it('says the age of the fix, and that a stale one is stale', () => {
    expect(fixAge('2026-09-18T02:03:00Z', now, t)).toBe('10 秒前');
    expect(fixAge('2026-09-18T02:00:00Z', now, t)).toBe('3 分钟前');
    expect(fixAge('2026-09-17T23:00:00Z', now, t)).toBe('3 小时前');
    const rows = new Map(vehicleRows({ ...base, live: false }, t, 'zh-CN', now));
    expect(rows.get('定位')).toBe('3 分钟前 · 已过时');
    expect(rows.get('状态')).toBe('出动');
    expect(rows.get('代次')).toBe('第三代');
    expect(rows.get('乘员')).toBe('6');
    // Speed only for a live fix: an old speed is not how fast the vehicle goes now.
    expect(rows.has('速度')).toBe(false);
    expect(new Map(vehicleRows(base, t, 'zh-CN', now)).get('速度')).toBe('42 km/h');
    expect(new Map(vehicleRows({ ...base, positionAt: null, live: false }, t, 'zh-CN', now)).get('定位')).toBe('从未上报（显示驻地）');
  });

  it('paints with valid expressions', () => {
    const style = {
      version: 8,
      sources: { v: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
      layers: [{ id: 'v', type: 'circle', source: 'v', paint: vehicleLayerPaint() }],
    };
    expect(validateStyleMin(style as never).map((e) => e.message)).toEqual([]);
  });
});
