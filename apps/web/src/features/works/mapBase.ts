/**
 * The offline base map shared by the works pages (clustered registry map, location picker, inspection
 * picker): background, optional configured raster basemap and county boundaries from the console's style,
 * without the one-map page's works and sirens layers.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Basemap } from '../../api/types.ts';
import { LAYER_IDS, buildStyle, type StyleSpecification } from '../map/mapStyle.ts';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };

export function baseStyle(basemap: Basemap | null): StyleSpecification {
  const style = buildStyle(basemap);
  const drop = new Set<string>([LAYER_IDS.works, LAYER_IDS.sirens]);
  const layers = style.layers.filter((l) => !drop.has(l.id));
  const { works: _w, sirens: _s, ...sources } = style.sources;
  return { ...style, sources, layers };
}

export function debugMapEnabled(): boolean {
  return import.meta.env.MODE !== 'production' || new URLSearchParams(window.location.search).has('debug');
}

/** A map on `container` over the city's extent, or the WebGL error message. */
export function createMap(
  container: HTMLElement,
  basemap: Basemap | null,
  options: Partial<maplibregl.MapOptions> = {},
): maplibregl.Map | string {
  try {
    const map = new maplibregl.Map({
      container,
      style: baseStyle(basemap),
      maxZoom: 18,
      attributionControl: basemap?.attribution ? { compact: true } : false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
      ...options,
    });
    map.on('error', () => undefined);
    return map;
  } catch (err) {
    return (err as Error).message;
  }
}
