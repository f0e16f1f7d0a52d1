import { Alert } from 'antd';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useMaplibreMap } from '../map/useMaplibreMap.ts';
import type { ParcelProps } from './zoningApi.ts';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

interface Props {
  parcels: FeatureCollection<MultiPolygon, ParcelProps> | null;
  selected: number | null;
  onSelect: (id: number) => void;
}

/**
 * The 控规 parcels on the map: blue where the 控规 allows pooling (darker as more of the requirement is pooled), grey
 * where the parcel builds on site; the selected parcel outlined and brought into view.
 */
export function ParcelMap({ parcels, selected, onSelect }: Props) {
  const latest = useRef(onSelect);
  latest.current = onSelect;

  const { containerRef: ref, mapRef, ready, error } = useMaplibreMap({
    scale: true,
    onLoad: (map) => {
      map.addSource('parcels', { type: 'geojson', data: EMPTY, promoteId: 'id' });
      const pooledShare = ['/', ['get', 'pooledM2'], ['max', ['get', 'requiredM2'], 1]] as never;
      map.addLayer({
        id: 'parcels-fill', type: 'fill', source: 'parcels',
        paint: {
          'fill-color': ['case', ['get', 'poolingAllowed'], ['interpolate', ['linear'], pooledShare, 0, '#91caff', 1, '#0958d9'], '#bfbfbf'] as never,
          'fill-opacity': 0.6,
        },
      });
      map.addLayer({ id: 'parcels-line', type: 'line', source: 'parcels', paint: { 'line-color': '#1f1f1f', 'line-width': 0.6 } });
      map.addLayer({ id: 'parcels-selected', type: 'line', source: 'parcels', filter: ['==', ['get', 'id'], -1], paint: { 'line-color': '#cf1322', 'line-width': 3 } });
      map.on('click', 'parcels-fill', (e: MapLayerMouseEvent) => {
        const id = e.features?.[0]?.properties?.id as number | undefined;
        if (id !== undefined) latest.current(id);
      });
      map.on('mouseenter', 'parcels-fill', () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', 'parcels-fill', () => { map.getCanvas().style.cursor = ''; });
    },
  });

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('parcels') as GeoJSONSource).setData(parcels ?? EMPTY);
  }, [parcels, ready, mapRef]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.setFilter('parcels-selected', ['==', ['get', 'id'], selected ?? -1]);
    const f = parcels?.features.find((x) => x.properties.id === selected);
    if (!f) return;
    const coords = f.geometry.coordinates.flat(2);
    const lngs = coords.map((c) => c[0]!);
    const lats = coords.map((c) => c[1]!);
    map.fitBounds([[Math.min(...lngs), Math.min(...lats)], [Math.max(...lngs), Math.max(...lats)]], { maxZoom: 15, padding: 60, duration: 400 });
  }, [selected, parcels, ready, mapRef]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  return <div ref={ref} style={{ height: 560 }} data-testid="parcel-map" />;
}
