/**
 * The sirens of one command on the map, coloured by their delivery state; redrawn with each pushed change. An alert
 * for a drawn area shows that area's outline beneath them.
 */
import { Alert } from 'antd';
import type { FeatureCollection, Polygon } from 'geojson';
import type { GeoJSONSource } from 'maplibre-gl';
import { useEffect, useMemo, useRef } from 'react';
import { useMaplibreMap } from '../map/useMaplibreMap.ts';
import type { LiveDelivery } from './liveCommand.ts';

/** Unanswered and past the time a terminal has to report (the server flags it: `unreachableAt`). */
export const isUnreachable = (d: LiveDelivery) => d.unreachableAt !== null && (d.state === 'pending' || d.state === 'sent');

/** Delivery states as map colours (the table's tag colours as hex); unreachable drawn apart. */
const COLORS: Record<string, string> = {
  pending: '#bfbfbf', sent: '#1677ff', accepted: '#fa541c', finished: '#52c41a', rejected: '#cf1322', failed: '#cf1322', skipped: '#faad14', unreachable: '#722ed1',
};
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function LiveMap({ deliveries, area = null, height = 260 }: { deliveries: readonly LiveDelivery[]; area?: Polygon | null; height?: number }) {
  const { containerRef, mapRef, ready, error } = useMaplibreMap({
    onLoad: (map) => {
      map.addSource('area', { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'area-fill', type: 'fill', source: 'area', paint: { 'fill-color': '#c8102e', 'fill-opacity': 0.08 } });
      map.addLayer({ id: 'area-line', type: 'line', source: 'area', paint: { 'line-color': '#c8102e', 'line-width': 2, 'line-dasharray': [2, 1] } });
      map.addSource('live', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'live-point', type: 'circle', source: 'live',
        paint: {
          'circle-color': ['match', ['get', 'state'], ...Object.entries(COLORS).flat(), '#595959'] as never,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 14, 7], 'circle-stroke-color': '#fff', 'circle-stroke-width': 0.8,
        },
      });
    },
  });
  const data = useMemo<FeatureCollection>(() => ({
    type: 'FeatureCollection',
    features: deliveries.map((d) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
      properties: { id: d.sirenId, state: isUnreachable(d) ? 'unreachable' : d.state },
    })),
  }), [deliveries]);
  useEffect(() => {
    if (!ready) return;
    (mapRef.current?.getSource('area') as GeoJSONSource | undefined)?.setData(area ? { type: 'Feature', geometry: area, properties: {} } : EMPTY);
  }, [ready, area, mapRef]);
  // The view goes to the command's sirens once, when they first come; later changes only recolour them.
  const fitted = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('live') as GeoJSONSource | undefined)?.setData(data);
    if (!fitted.current && deliveries.length > 0) {
      fitted.current = true;
      const lons = deliveries.map((d) => d.lon);
      const lats = deliveries.map((d) => d.lat);
      map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 40, maxZoom: 13, duration: 0 });
    }
  }, [ready, data, deliveries, mapRef]);
  if (error) return <Alert type="warning" showIcon title={error} />;
  return <div ref={containerRef} style={{ height, marginBottom: 8 }} data-testid="live-map" data-ready={ready ? 'true' : 'false'} />;
}
