import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { LAYER_IDS, SIREN_HIT_TOLERANCE_PX, SIREN_ICON_SIZE, baseStyle, basemapTileUrl, bboxOf, buildStyle, sirenIcon } from './mapStyle.ts';

describe('offline map style', () => {
  it('needs no glyphs, sprites or remote sources without a basemap', () => {
    const style = buildStyle(null);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(Object.values(style.sources).every((s) => s.type === 'geojson')).toBe(true);
    expect(style.layers.map((l) => l.id)).toEqual(['background', 'boundaries-fill', 'boundaries-line', 'works', 'sirens']);
    for (const l of style.layers) expect(JSON.stringify(l.layout ?? {})).not.toContain('text-field');
  });

  it('is a valid style (a zoom curve nested in a case is refused by MapLibre, and the map never loads)', () => {
    expect(validateStyleMin(buildStyle(null) as never).map((e) => e.message)).toEqual([]);
  });

  it('gives the smaller maps the boundaries and basemap without the one-map page\'s works and sirens', () => {
    const style = baseStyle({ type: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: '© example' });
    expect(style.layers.map((l) => l.id)).toEqual(['background', LAYER_IDS.basemap, 'boundaries-fill', 'boundaries-line']);
    expect(Object.keys(style.sources).sort()).toEqual(['basemap', 'boundaries']);
    expect(validateStyleMin(style as never).map((e) => e.message)).toEqual([]);
  });

  it('puts a configured basemap under our layers', () => {
    const style = buildStyle({ type: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: '© example' });
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf(LAYER_IDS.basemap)).toBe(1);
    expect(ids.indexOf(LAYER_IDS.basemap)).toBeLessThan(ids.indexOf(LAYER_IDS.boundaryFill));
    expect(style.sources.basemap).toMatchObject({ type: 'raster', tiles: ['https://tiles.example/{z}/{x}/{y}.png'] });
  });

  it('turns a WMTS KVP URL (天地图) into a tile template', () => {
    const url = basemapTileUrl({
      type: 'wmts',
      url: 'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&tk=KEY',
    });
    expect(url).toBe(
      'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&tk=KEY&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    );
    const templated = 'https://wmts.example/wmts?layer=a&TileMatrix={z}&TileRow={y}&TileCol={x}';
    expect(basemapTileUrl({ type: 'wmts', url: templated })).toBe(templated);
    expect(basemapTileUrl({ type: 'wmts', url: 'https://w.example/wmts?LAYER=x' })).toContain('REQUEST=GetTile');
  });

  it('computes the bbox of features', () => {
    expect(
      bboxOf({
        features: [
          { geometry: { type: 'Point', coordinates: [120.9, 32.0] } },
          { geometry: { type: 'Polygon', coordinates: [[[120.5, 31.7], [121.9, 31.7], [121.9, 32.7], [120.5, 31.7]]] } },
        ],
      }),
    ).toEqual([120.5, 31.7, 121.9, 32.7]);
    expect(bboxOf({ features: [] })).toBeNull();
  });

  it('draws an opaque triangle icon', () => {
    const icon = sirenIcon(20);
    const alpha = (x: number, y: number) => icon.data[(y * 20 + x) * 4 + 3];
    expect(alpha(10, 17)).toBe(255);
    expect(alpha(1, 3)).toBe(0);
  });
});

describe('siren symbols', () => {
  it('are drawn at 9 px or more over the city and at most 26 px in a street, with a hit tolerance around them', () => {
    const stops = SIREN_ICON_SIZE.slice(3) as unknown as number[];
    const sizes = stops.filter((_v, i) => i % 2 === 1).map((scale) => scale * 32);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(26);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(SIREN_HIT_TOLERANCE_PX).toBeGreaterThanOrEqual(6);
  });
});
