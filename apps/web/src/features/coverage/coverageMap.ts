/**
 * Helpers of the siren map: audible-radius circles as polygons, the sirens inside a drawn box, and the sound-level
 * raster layer (each cell's loudest siren, in bands around the run's threshold, drawn as one image on the map).
 */
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';

const M_PER_DEG_LAT = 110_900;

/** A circle of `radiusM` metres round [lng, lat] as a polygon of `steps` sides (equirectangular: fine at city scale). */
export function circle(centre: [number, number], radiusM: number, steps = 48): Polygon {
  const [lng, lat] = centre;
  const kx = M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const a = (2 * Math.PI * (i % steps)) / steps;
    ring.push([lng + (radiusM * Math.cos(a)) / kx, lat + (radiusM * Math.sin(a)) / M_PER_DEG_LAT]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

/** Each point with a radius as its audible circle (points of radius 0 are left out). */
export function circles<P extends { radiusM: number }>(fc: FeatureCollection<Point, P> | null): FeatureCollection<Polygon, P> {
  return {
    type: 'FeatureCollection',
    features: (fc?.features ?? []).filter((f) => f.properties.radiusM > 0)
      .map((f): Feature<Polygon, P> => ({ type: 'Feature', properties: f.properties, geometry: circle(f.geometry.coordinates as [number, number], f.properties.radiusM) })),
  };
}

/** The ids of the points inside the box spanned by two corners (any order). */
export function idsInBox<P extends { id: number }>(fc: FeatureCollection<Point, P> | null, a: [number, number], b: [number, number]): number[] {
  const [w, e] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
  const [s, n] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  return (fc?.features ?? []).filter((f) => {
    const [x, y] = f.geometry.coordinates as [number, number];
    return x >= w && x <= e && y >= s && y <= n;
  }).map((f) => f.properties.id);
}

/** The box spanned by two corners as a polygon, for drawing it. */
export function box(a: [number, number], b: [number, number]): Polygon {
  return { type: 'Polygon', coordinates: [[[a[0], a[1]], [b[0], a[1]], [b[0], b[1]], [a[0], b[1]], [a[0], a[1]]]] };
}

// ---- the sound-level raster -------------------------------------------------------------------------------

/** Level bands relative to the run's threshold T, loudest first: the legend and the image use the same list. */
export const LEVEL_BANDS = [
  { key: 'loud', from: 20, rgba: [0, 80, 179, 170] },
  { key: 'clear', from: 10, rgba: [22, 119, 255, 140] },
  { key: 'covered', from: 0, rgba: [105, 177, 255, 120] },
  { key: 'weak', from: -10, rgba: [250, 140, 22, 120] },
] as const;
export type LevelBand = (typeof LEVEL_BANDS)[number]['key'];

/** The band of a level (dB) against threshold `t`; null when more than 10 dB below it (drawn transparent). */
export function bandOf(levelDb: number, t: number): LevelBand | null {
  for (const b of LEVEL_BANDS) if (levelDb >= t + b.from) return b.key;
  return null;
}

export interface LevelGrid {
  /** West, south, east, north (degrees). */
  bbox: [number, number, number, number];
  cols: number;
  rows: number;
  /** Loudest level per cell (dB), row 0 at the north; -Infinity where no siren reaches T − 10. */
  levels: Float32Array;
}

const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const latOfMercY = (y: number) => (360 / Math.PI) * Math.atan(Math.exp(y)) - 90;

/**
 * The loudest siren's level over a grid of about `cellM` metres, from each run siren's audible radius r (where its
 * level equals the threshold T) and the run's fall-off model: L(d) = T − (20·log₁₀2 + e)·log₂(d / r) — spherical
 * spreading plus the model's excess attenuation e per doubling, the same law the run used. Rows are spaced evenly
 * in Web-Mercator y, so the image lies on the map without distortion. Cells are capped at `maxCells` (the cell grows).
 */
export function levelGrid(
  sirens: ReadonlyArray<{ lng: number; lat: number; radiusM: number }>,
  model: { thresholdDb: number; excessDbPerDoubling: number },
  cellM: number,
  maxCells = 400_000,
): LevelGrid | null {
  const live = sirens.filter((s) => s.radiusM > 0);
  if (live.length === 0) return null;
  const perDoubling = 20 * Math.log10(2) + model.excessDbPerDoubling;
  // Beyond this multiple of its radius a siren is more than 10 dB below the threshold: not drawn.
  const reach = 2 ** (10 / perDoubling);
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const x of live) {
    const dLat = (x.radiusM * reach) / M_PER_DEG_LAT;
    const dLng = dLat / Math.cos((x.lat * Math.PI) / 180);
    w = Math.min(w, x.lng - dLng); e = Math.max(e, x.lng + dLng); s = Math.min(s, x.lat - dLat); n = Math.max(n, x.lat + dLat);
  }
  const midLat = (s + n) / 2;
  const kx = M_PER_DEG_LAT * Math.cos((midLat * Math.PI) / 180);
  let cell = cellM;
  const size = () => [Math.max(1, Math.ceil(((e - w) * kx) / cell)), Math.max(1, Math.ceil(((n - s) * M_PER_DEG_LAT) / cell))] as const;
  while (size()[0] * size()[1] > maxCells) cell *= 1.25;
  const [cols, rows] = size();
  const levels = new Float32Array(cols * rows).fill(-Infinity);
  const yN = mercY(n), yS = mercY(s);
  const rowLat = Float64Array.from({ length: rows }, (_v, r) => latOfMercY(yN - ((r + 0.5) / rows) * (yN - yS)));
  const colLng = Float64Array.from({ length: cols }, (_v, c) => w + ((c + 0.5) / cols) * (e - w));
  for (const x of live) {
    const maxD = x.radiusM * reach;
    const kxs = M_PER_DEG_LAT * Math.cos((x.lat * Math.PI) / 180);
    const c0 = Math.max(0, Math.floor(((x.lng - maxD / kxs - w) / (e - w)) * cols));
    const c1 = Math.min(cols - 1, Math.ceil(((x.lng + maxD / kxs - w) / (e - w)) * cols));
    for (let r = 0; r < rows; r++) {
      const dy = (rowLat[r]! - x.lat) * M_PER_DEG_LAT;
      if (Math.abs(dy) > maxD) continue;
      for (let c = c0; c <= c1; c++) {
        const dx = (colLng[c]! - x.lng) * kxs;
        const d = Math.max(1, Math.hypot(dx, dy));
        if (d > maxD) continue;
        const level = model.thresholdDb - perDoubling * Math.log2(d / x.radiusM);
        const i = r * cols + c;
        if (level > levels[i]!) levels[i] = level;
      }
    }
  }
  return { bbox: [w, s, e, n], cols, rows, levels };
}

/** RGBA pixels of a level grid (row 0 at the north), each cell coloured by its band. */
export function levelPixels(grid: LevelGrid, thresholdDb: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(grid.cols * grid.rows * 4);
  const colour = new Map<LevelBand, readonly number[]>(LEVEL_BANDS.map((b) => [b.key, b.rgba]));
  for (let i = 0; i < grid.levels.length; i++) {
    const band = bandOf(grid.levels[i]!, thresholdDb);
    if (band) px.set(colour.get(band)!, i * 4);
  }
  return px;
}

export interface RasterImage {
  /** The cells drawn one pixel each; handed to the map as a canvas source (no URL to fetch: the CSP allows none). */
  canvas: HTMLCanvasElement;
  /** Top-left, top-right, bottom-right, bottom-left [lng, lat]: MapLibre's order for image and canvas sources. */
  coordinates: [[number, number], [number, number], [number, number], [number, number]];
}

/** The grid drawn on a canvas placed by its corners; null where no canvas is available. */
export function rasterImage(grid: LevelGrid, thresholdDb: number): RasterImage | null {
  if (typeof document === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = grid.cols;
  canvas.height = grid.rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.putImageData(new ImageData(levelPixels(grid, thresholdDb) as Uint8ClampedArray<ArrayBuffer>, grid.cols, grid.rows), 0, 0);
  const [w, s, e, n] = grid.bbox;
  return { canvas, coordinates: [[w, n], [e, n], [e, s], [w, s]] };
}

const RASTER = 'level-raster';
const shownOn = new WeakMap<MapLibreMap, RasterImage | null>();

/**
 * Shows `image` on the map as a raster under the vector layers (below `beforeLayer`), or removes it when null; the
 * same image again changes nothing. The map draws the cells crisp (nearest resampling): a cell is one computed
 * value, not a smooth field. A canvas source, not an image URL: the console's CSP lets the map fetch nothing else.
 */
export function syncRasterLayer(map: MapLibreMap, image: RasterImage | null, beforeLayer?: string): void {
  if ((shownOn.get(map) ?? null) === image) return;
  shownOn.set(map, image);
  if (map.getLayer(RASTER)) map.removeLayer(RASTER);
  if (map.getSource(RASTER)) map.removeSource(RASTER);
  if (!image) return;
  map.addSource(RASTER, { type: 'canvas', canvas: image.canvas, coordinates: image.coordinates, animate: false });
  map.addLayer({ id: RASTER, type: 'raster', source: RASTER, paint: { 'raster-opacity': 0.85, 'raster-resampling': 'nearest', 'raster-fade-duration': 0 } },
    beforeLayer && map.getLayer(beforeLayer) ? beforeLayer : undefined);
}
