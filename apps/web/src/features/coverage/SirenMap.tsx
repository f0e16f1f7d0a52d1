import { Alert } from 'antd';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { maplibregl, useMaplibreMap } from '../map/useMaplibreMap.ts';
import { syncRasterLayer, type RasterImage } from './coverageMap.ts';

/** Siren state colours on the map (the registry's tag colours as hex). */
export const SIREN_STATE_COLORS: Record<string, string> = { online: '#52c41a', offline: '#8c8c8c', sounding: '#fa541c', fault: '#cf1322', maintenance: '#faad14' };

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const SOURCES = ['coverage', 'uncovered', 'box', 'sirens', 'sites', 'added'] as const;
type SourceId = (typeof SOURCES)[number];

export interface SirenMapProps {
  sirens: FeatureCollection | null;
  /** Audible circles of a run's sirens. */
  coverage?: FeatureCollection | null;
  uncovered?: FeatureCollection | null;
  sites?: FeatureCollection | null;
  /** What-if sirens added, or any other points to draw in blue. */
  added?: FeatureCollection | null;
  /** The sound-level raster of a run (coverageMap.ts), drawn under the circles. */
  raster?: RasterImage | null;
  /** A drawn selection box. */
  box?: FeatureCollection | null;
  /** Siren ids drawn ringed (removed in a what-if, or selected for a group). */
  marked?: readonly number[];
  markColor?: string;
  onMapClick?: (lngLat: [number, number]) => void;
  onSirenClick?: (id: number) => void;
  height?: number;
  testId?: string;
}

/**
 * The siren map: sirens coloured by state, and on demand a run's audible circles, its uncovered areas, suggested
 * sites, what-if additions and a drawn box. Clicks on a siren and on the map go to the page (add, remove, draw).
 */
export function SirenMap(props: SirenMapProps) {
  const latest = useRef(props);
  latest.current = props;

  const setup = (map: maplibregl.Map) => {
    map.on('load', () => {
      for (const id of SOURCES) map.addSource(id, { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'coverage-fill', type: 'fill', source: 'coverage', paint: { 'fill-color': '#1677ff', 'fill-opacity': 0.18 } });
      map.addLayer({ id: 'coverage-line', type: 'line', source: 'coverage', paint: { 'line-color': '#1677ff', 'line-width': 0.6, 'line-opacity': 0.6 } });
      map.addLayer({ id: 'uncovered-fill', type: 'fill', source: 'uncovered', paint: { 'fill-color': '#cf1322', 'fill-opacity': 0.22 } });
      map.addLayer({ id: 'uncovered-line', type: 'line', source: 'uncovered', paint: { 'line-color': '#cf1322', 'line-width': 0.8 } });
      map.addLayer({ id: 'box-line', type: 'line', source: 'box', paint: { 'line-color': '#722ed1', 'line-width': 2, 'line-dasharray': [2, 1] } });
      map.addLayer({
        id: 'sirens-mark', type: 'circle', source: 'sirens', filter: ['in', ['get', 'id'], ['literal', []]],
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 6, 14, 11], 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#722ed1', 'circle-stroke-width': 2.5 },
      });
      map.addLayer({
        id: 'sirens-point', type: 'circle', source: 'sirens',
        paint: {
          'circle-color': ['match', ['get', 'status'], ...Object.entries(SIREN_STATE_COLORS).flat(), '#595959'] as never,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 14, 6], 'circle-stroke-color': '#fff', 'circle-stroke-width': 0.8,
        },
      });
      map.addLayer({
        id: 'sites-point', type: 'circle', source: 'sites',
        // The best k drawn larger than the (often many) fewest-to-target sites, and on top of them.
        layout: { 'circle-sort-key': ['match', ['get', 'goal'], 'best_k', 1, 0] as never },
        paint: {
          'circle-color': ['match', ['get', 'goal'], 'target', '#722ed1', '#eb2f96'] as never,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'goal'], 'best_k', 5, 2.5], 14, ['match', ['get', 'goal'], 'best_k', 9, 6]] as never,
          'circle-stroke-color': '#fff', 'circle-stroke-width': 1,
        },
      });
      map.addLayer({ id: 'added-point', type: 'circle', source: 'added', paint: { 'circle-color': '#1677ff', 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    });
    map.on('click', 'sirens-point', (e: MapLayerMouseEvent) => {
      const id = Number(e.features?.[0]?.properties?.id);
      if (latest.current.onSirenClick && Number.isInteger(id)) {
        latest.current.onSirenClick(id);
        e.preventDefault();
      }
    });
    map.on('click', (e: MapMouseEvent) => {
      if (e.defaultPrevented) return;
      latest.current.onMapClick?.([Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6]);
    });
    for (const layer of ['sirens-point', 'sites-point']) {
      map.on('mouseenter', layer, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', layer, () => { map.getCanvas().style.cursor = ''; });
    }
  };
  const { containerRef: ref, mapRef, ready, error } = useMaplibreMap({ scale: true, setup });

  const { sirens, coverage, uncovered, sites, added, box, marked, markColor, raster } = props;
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const set = (id: SourceId, data: FeatureCollection | null | undefined) => (map.getSource(id) as GeoJSONSource).setData(data ?? EMPTY);
    set('sirens', sirens);
    set('coverage', coverage);
    set('uncovered', uncovered);
    set('sites', sites);
    set('added', added);
    set('box', box);
    map.setFilter('sirens-mark', ['in', ['get', 'id'], ['literal', [...(marked ?? [])]]]);
    map.setPaintProperty('sirens-mark', 'circle-stroke-color', markColor ?? '#722ed1');
    syncRasterLayer(map, raster ?? null, 'coverage-fill');
  }, [ready, sirens, coverage, uncovered, sites, added, box, marked, markColor, raster]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  return <div ref={ref} className="coverage-map" style={{ height: props.height ?? 600 }} data-testid={props.testId ?? 'siren-map'} />;
}
