/**
 * The map of the nearest-shelter page, loaded on first use (MapLibre is most of the app's weight): the shelters
 * found, the person's point, and a tap to set the point by hand when there is no GPS. With a configured basemap
 * (the same one as the console) it is drawn under them; without one the city's district outlines and names are, so
 * that a person can still tell where to tap. The first view is the city's own (its bounds from the server's config).
 */
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { Basemap } from '../api/types.ts';
import { basemapTileUrl } from '../features/map/mapStyle.ts';
import { getJson } from './data.ts';
import { staticDistrictsUrl } from './static.ts';
import type { Shelter } from './types.ts';

export interface MapHandle {
  focus(s: Shelter): void;
}

interface MapInput {
  origin: [number, number] | null;
  shelters: Shelter[];
  /** The drawn area of the alert in force (its closed ring), outlined under the shelters. */
  alertArea: Array<[number, number]> | null;
  onPick(p: [number, number]): void;
}

interface PublicConfig {
  basemap?: Basemap | null;
  city?: { center: [number, number]; bbox: [number, number, number, number] };
}
interface Districts {
  features: Array<{ properties: { code: string; name: string; labelAt: [number, number] } }>;
}

let map: MlMap | null = null;
let loading: Promise<MlMap> | null = null;
let pick: MapInput['onPick'] = () => undefined;

const fc = (features: object[]) => ({ type: 'FeatureCollection', features }) as never;

async function create(container: HTMLElement): Promise<MlMap> {
  const [maplibregl, config, worker] = await Promise.all([
    import('maplibre-gl'),
    getJson<PublicConfig>('/api/config/public').catch(() => null),
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
    import('maplibre-gl/dist/maplibre-gl.css'),
  ]);
  // The bundler moves MapLibre's worker; tell it where it went (same origin, so the strict CSP holds).
  maplibregl.setWorkerUrl(worker.default);
  const basemap = config?.data.basemap ?? null;
  const city = config?.data.city;
  const m = new maplibregl.Map({
    container,
    // No config at all (a first visit with no network): the demo city's view, until an answer moves it.
    ...(city ? { bounds: city.bbox, fitBoundsOptions: { padding: 8 } } : { center: [120.87, 32.0] as [number, number], zoom: 9 }),
    attributionControl: basemap?.attribution ? { compact: true } : false,
    style: {
      version: 8,
      sources: {
        ...(basemap ? { basemap: { type: 'raster', tiles: [basemapTileUrl(basemap)], tileSize: 256, attribution: basemap.attribution ?? undefined, maxzoom: 18 } } : {}),
        shelters: { type: 'geojson', data: fc([]) },
        me: { type: 'geojson', data: fc([]) },
        'alert-area': { type: 'geojson', data: fc([]) },
      },
      layers: [
        { id: 'bg', type: 'background', paint: { 'background-color': '#eef2f7' } },
        ...(basemap ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
        { id: 'alert-area-fill', type: 'fill', source: 'alert-area', paint: { 'fill-color': '#b3261e', 'fill-opacity': 0.12 } },
        { id: 'alert-area-line', type: 'line', source: 'alert-area', paint: { 'line-color': '#b3261e', 'line-width': 2.5, 'line-dasharray': [2, 1] } },
        { id: 'shelters', type: 'circle', source: 'shelters', paint: { 'circle-radius': 9, 'circle-color': '#b3261e', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
        { id: 'me', type: 'circle', source: 'me', paint: { 'circle-radius': 8, 'circle-color': '#1a56db', 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 } },
      ],
    },
  });
  m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  m.on('click', (e: { lngLat: { lng: number; lat: number } }) => pick([e.lngLat.lng, e.lngLat.lat]));
  await new Promise<void>((resolve) => m.once('load', () => resolve()));
  // Without a basemap, the outlines are all there is to find one's way by: a map of nothing cannot be tapped on.
  // Added when they arrive (a kept copy offline; with neither, the plain background), so the map never waits for them;
  // from the static export when one is served, like the tiles (150 KB a phone should not ask the server for).
  if (!basemap) {
    void staticDistrictsUrl().then((url) => getJson<Districts>(url ?? '/api/public/districts')).then(({ data }) => {
      m.addSource('districts', { type: 'geojson', data: data as never });
      m.addLayer({ id: 'districts-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.7 } }, 'shelters');
      m.addLayer({ id: 'districts-line', type: 'line', source: 'districts', paint: { 'line-color': '#8a97a8', 'line-width': 1.2 } }, 'shelters');
      // Names as page text (no glyph server needed, and read by screen readers); taps go through them to the map.
      for (const f of data.features) {
        const label = document.createElement('span');
        label.className = 'district-label';
        label.textContent = f.properties.name;
        new maplibregl.Marker({ element: label }).setLngLat(f.properties.labelAt).addTo(m);
      }
    }).catch(() => undefined);
  }
  return m;
}

/** Shows the map in `container` (creating it once) with the given point and shelters. */
export async function showMap(container: HTMLElement, input: MapInput): Promise<MapHandle> {
  pick = input.onPick;
  loading ??= create(container);
  map = await loading;
  if (map.getContainer() !== container) throw new Error('one map per page');
  map.resize();
  (map.getSource('me') as GeoJSONSource).setData(fc(input.origin ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: input.origin }, properties: {} }] : []));
  (map.getSource('shelters') as GeoJSONSource).setData(fc(input.shelters.map((s) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: s.entrance?.location ?? s.location }, properties: { id: s.id, name: s.name },
  }))));
  (map.getSource('alert-area') as GeoJSONSource).setData(fc(input.alertArea ? [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [input.alertArea] }, properties: {} }] : []));
  // For people reading the page with a screen reader, and for tests: what the map now shows.
  container.dataset.shelters = String(input.shelters.length);
  container.dataset.origin = input.origin ? input.origin.map((n) => n.toFixed(4)).join(',') : '';
  container.dataset.alertArea = input.alertArea ? 'shown' : '';
  // The view holds the person, the shelters and the alert's area: one sees at a glance whether one is in it.
  const points = [...(input.origin ? [input.origin] : []), ...input.shelters.map((s) => s.entrance?.location ?? s.location), ...(input.alertArea ?? [])];
  if (points.length > 1) {
    const lngs = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    map.fitBounds([[Math.min(...lngs), Math.min(...lats)], [Math.max(...lngs), Math.max(...lats)]], { padding: 40, maxZoom: 16, duration: 0 });
  } else if (points.length === 1) map.jumpTo({ center: points[0]!, zoom: 15 });
  const m = map;
  return { focus: (s) => m.flyTo({ center: s.entrance?.location ?? s.location, zoom: 17 }) };
}
