import { Alert } from 'antd';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource } from 'maplibre-gl';
import { useEffect } from 'react';
import { maplibregl, useMaplibreMap } from '../map/useMaplibreMap.ts';

export interface MapLayer { id: string; data: FeatureCollection | null; kind: 'circle' | 'line' | 'fill'; color: string; width?: number }

/**
 * A small map of the response pages: each layer a GeoJSON collection drawn as circles, lines or filled outlines, with
 * the feature's `name` as a tooltip. Layers are set once at load and then updated in place as their data changes.
 */
export function ResponseMap({ layers, height = 420 }: { layers: MapLayer[]; height?: number }) {
  const ids = layers.map((l) => `${l.id}:${l.kind}:${l.color}`).join('|');

  const setup = (map: maplibregl.Map) => {
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
    map.on('load', () => {
      for (const l of layers) {
        map.addSource(l.id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        if (l.kind === 'fill') {
          map.addLayer({ id: `${l.id}-fill`, type: 'fill', source: l.id, paint: { 'fill-color': l.color, 'fill-opacity': 0.35 }, filter: ['!=', ['geometry-type'], 'Point'] });
          map.addLayer({ id: `${l.id}-pt`, type: 'circle', source: l.id, paint: { 'circle-color': l.color, 'circle-radius': 6 }, filter: ['==', ['geometry-type'], 'Point'] });
        } else if (l.kind === 'line') {
          map.addLayer({ id: `${l.id}-line`, type: 'line', source: l.id, paint: { 'line-color': l.color, 'line-width': l.width ?? 2, 'line-opacity': 0.8 }, filter: ['!=', ['geometry-type'], 'Point'] });
        } else {
          map.addLayer({ id: `${l.id}-pt`, type: 'circle', source: l.id, paint: { 'circle-color': l.color, 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 }, filter: ['==', ['geometry-type'], 'Point'] });
        }
        for (const layerId of [`${l.id}-fill`, `${l.id}-pt`, `${l.id}-line`]) {
          if (!map.getLayer(layerId)) continue;
          map.on('mousemove', layerId, (e) => {
            const name = e.features?.[0]?.properties?.name ?? e.features?.[0]?.properties?.placeName;
            if (name) popup.setLngLat(e.lngLat).setText(String(name)).addTo(map);
          });
          map.on('mouseleave', layerId, () => popup.remove());
        }
      }
    });
    return () => { popup.remove(); };
  };
  // The layer set is fixed per page (the map is made again if it changes); data changes are applied below.
  const { containerRef: ref, mapRef, ready, error } = useMaplibreMap({ setup, recreateKey: ids });

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    for (const l of layers) (map.getSource(l.id) as GeoJSONSource | undefined)?.setData(l.data ?? { type: 'FeatureCollection', features: [] });
  }, [ready, layers]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  return <div ref={ref} style={{ height, width: '100%', borderRadius: 6, overflow: 'hidden' }} />;
}
