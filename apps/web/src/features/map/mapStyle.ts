/**
 * The console's map style, drawn entirely from our own data so the map works with no network: a plain
 * background, county boundaries, works as circles coloured by class, sirens as triangles coloured by status.
 * No layer uses text (text needs glyph PBFs from a server); names appear in popups and the legend instead.
 * A raster basemap (天地图 or any XYZ/WMTS) is inserted under our layers only when the server configures one.
 */
import type { MapOptions } from 'maplibre-gl';
import { WORK_CLASSES, SIREN_STATUSES, type SirenStatus, type WorkClass } from '@civdef/domain';
import type { Basemap } from '../../api/types.ts';

export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
type Layer = StyleSpecification['layers'][number];

export const WORK_CLASS_COLORS: Record<WorkClass, string> = {
  command: '#c8102e',
  medical: '#13a8a8',
  team: '#fa8c16',
  personnel: '#1f6fd1',
  support: '#7cb305',
};

export const SIREN_STATUS_COLORS: Record<SirenStatus, string> = {
  online: '#722ed1',
  offline: '#8c8c8c',
  sounding: '#fa541c',
  fault: '#f5222d',
  maintenance: '#d48806',
};

export const LAYER_IDS = {
  basemap: 'basemap',
  boundaryFill: 'boundaries-fill',
  boundaryLine: 'boundaries-line',
  works: 'works',
  sirens: 'sirens',
} as const;

export const SOURCE_IDS = { boundaries: 'boundaries', works: 'works', sirens: 'sirens', basemap: 'basemap' } as const;

/** Name of the siren icon registered with map.addImage (an SDF, so icon-color can tint it). */
export const SIREN_ICON = 'siren-triangle';

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

/** ['match', ['get', prop], k1, v1, …, fallback] from a record. */
function matchExpression(prop: string, colors: Record<string, string>, fallback: string): unknown[] {
  return ['match', ['get', prop], ...Object.entries(colors).flat(), fallback];
}

/**
 * A tile URL template MapLibre understands ({z}/{x}/{y}) from a configured basemap. XYZ URLs pass
 * through; a WMTS KVP GetTile URL gets its TileMatrix/TileRow/TileCol filled with the placeholders (a
 * Web-Mercator tile matrix set such as 天地图's `w` is assumed, since MapLibre draws in EPSG:3857).
 */
export function basemapTileUrl(basemap: Basemap): string {
  if (basemap.type === 'xyz') return basemap.url;
  const url = basemap.url;
  if (/\{z\}/.test(url) && /\{x\}/.test(url) && /\{y\}/.test(url)) return url;
  const [base, query = ''] = url.split('?', 2) as [string, string?];
  const params = query
    .split('&')
    .filter(Boolean)
    .filter((p) => !/^(tilematrix|tilerow|tilecol)=/i.test(p));
  const has = (name: string) => params.some((p) => p.toLowerCase().startsWith(`${name.toLowerCase()}=`));
  if (!has('service')) params.push('SERVICE=WMTS');
  if (!has('request')) params.push('REQUEST=GetTile');
  if (!has('version')) params.push('VERSION=1.0.0');
  params.push('TILEMATRIX={z}', 'TILEROW={y}', 'TILECOL={x}');
  return `${base}?${params.join('&')}`;
}

export function buildStyle(basemap: Basemap | null): StyleSpecification {
  const sources: StyleSpecification['sources'] = {
    [SOURCE_IDS.boundaries]: { type: 'geojson', data: EMPTY as never, promoteId: 'code' },
    [SOURCE_IDS.works]: { type: 'geojson', data: EMPTY as never, promoteId: 'id' },
    [SOURCE_IDS.sirens]: { type: 'geojson', data: EMPTY as never, promoteId: 'id' },
  };
  const layers: Layer[] = [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f7' } }];

  if (basemap) {
    sources[SOURCE_IDS.basemap] = {
      type: 'raster',
      tiles: [basemapTileUrl(basemap)],
      tileSize: 256,
      attribution: basemap.attribution,
      maxzoom: 18,
    };
    layers.push({ id: LAYER_IDS.basemap, type: 'raster', source: SOURCE_IDS.basemap });
  }

  layers.push(
    {
      id: LAYER_IDS.boundaryFill,
      type: 'fill',
      source: SOURCE_IDS.boundaries,
      paint: {
        'fill-color': ['case', ['boolean', ['feature-state', 'hover'], false], '#bcd3f0', '#dde8f6'],
        // With a basemap the fill only tints; without one it is the land.
        'fill-opacity': basemap ? 0.25 : 0.9,
      },
    },
    {
      id: LAYER_IDS.boundaryLine,
      type: 'line',
      source: SOURCE_IDS.boundaries,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#3a5f9e', 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1, 12, 2.5], 'line-dasharray': [4, 2] },
    },
    {
      id: LAYER_IDS.works,
      type: 'circle',
      source: SOURCE_IDS.works,
      paint: {
        // A work that cannot shelter anyone yet or any more (approved, under construction, demolished, scrapped) is a
        // hollow ring in its class colour: it is on the map, but it does not look like shelter one can go to.
        'circle-color': ['case', ['get', 'usable'], matchExpression('workClass', WORK_CLASS_COLORS, '#595959'), '#ffffff'] as never,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 2.5, 10, 3.5, 13, 6, 16, 9],
        'circle-stroke-color': ['case', ['get', 'usable'], '#ffffff', matchExpression('workClass', WORK_CLASS_COLORS, '#595959')] as never,
        // A zoom curve must be the outermost expression: the usable/unusable choice goes inside its stops.
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, ['case', ['get', 'usable'], 0.5, 1], 12, ['case', ['get', 'usable'], 1.5, 2]] as never,
        'circle-opacity': ['case', ['get', 'usable'], 0.9, 0.7] as never,
      },
    },
    {
      id: LAYER_IDS.sirens,
      type: 'symbol',
      source: SOURCE_IDS.sirens,
      layout: {
        'icon-image': SIREN_ICON,
        // The 32-px triangle drawn at 10 px over the city, 13 px over a county and 20-26 px in a street: big enough
        // to see and hit (clicks also take the nearest siren within a few pixels), small enough not to cover the
        // works around it. Place names are page elements above the map, so no symbol hides them.
        'icon-size': SIREN_ICON_SIZE as never,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: {
        'icon-color': matchExpression('status', SIREN_STATUS_COLORS, '#722ed1') as never,
        'icon-halo-color': '#ffffff',
        'icon-halo-width': 1.5,
      },
    },
  );

  return { version: 8, sources, layers };
}

/**
 * The offline base map of the console's smaller maps (registry map, pickers, planning, coverage, response): the
 * background, a configured raster basemap and county boundaries of `buildStyle`, without the one-map page's works
 * and sirens layers (each of those maps draws its own data).
 */
export function baseStyle(basemap: Basemap | null): StyleSpecification {
  const style = buildStyle(basemap);
  const drop = new Set<string>([LAYER_IDS.works, LAYER_IDS.sirens]);
  const layers = style.layers.filter((l) => !drop.has(l.id));
  const { [SOURCE_IDS.works]: _w, [SOURCE_IDS.sirens]: _s, ...sources } = style.sources;
  return { ...style, sources, layers };
}

/** Scale of the 32-px siren icon by zoom (see the sirens layer). */
export const SIREN_ICON_SIZE = ['interpolate', ['linear'], ['zoom'], 7, 0.3, 10, 0.42, 13, 0.62, 16, 0.8] as const;

/** How far (px) from a click a siren still counts as hit: a small triangle is hard to touch exactly. */
export const SIREN_HIT_TOLERANCE_PX = 8;

/** An upward triangle as an SDF-ready alpha mask (white on transparent), `size` px square. */
export function sirenIcon(size = 28): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const pad = 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Triangle apex at the top centre, base at the bottom.
      const t = (y - pad) / (size - 2 * pad);
      const half = (t * (size - 2 * pad)) / 2;
      const inside = t >= 0 && t <= 1 && Math.abs(x + 0.5 - size / 2) <= half;
      const i = (y * size + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = 255;
      data[i + 3] = inside ? 255 : 0;
    }
  }
  return { width: size, height: size, data };
}

export const WORK_CLASS_CODES = WORK_CLASSES.map((c) => c.code);
export const SIREN_STATUS_CODES = SIREN_STATUSES.map((s) => s.code);

/** [w, s, e, n] of every coordinate in a GeoJSON FeatureCollection, or null when empty. */
export function bboxOf(fc: { features: { geometry: { type: string; coordinates: unknown } | null }[] }): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
      return;
    }
    for (const x of c) visit(x);
  };
  for (const f of fc.features) if (f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
