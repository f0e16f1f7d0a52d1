import { Typography } from 'antd';
import type { GeoJSONSource } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { useBoundaries } from '../map/useMapData.ts';
import { createMap, debugMapEnabled, maplibregl } from './mapBase.ts';
import { round7 } from './workForm.ts';

/**
 * A small map with a draggable marker: drag it, or click the map, to correct a work's point. The
 * marker follows the longitude/latitude inputs too, so typing and dragging stay in step.
 */
export function LocationPicker({ value, onChange }: { value: [number, number] | null; onChange: (v: [number, number]) => void }) {
  const { t } = useTranslation();
  const config = usePublicConfig();
  const boundaries = useBoundaries();
  const ref = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const markerRef = useRef<maplibregl.Marker | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial = useRef(value);

  useEffect(() => {
    if (!ref.current || !config.data) return;
    const start = initial.current ?? config.data.city.center;
    const map = createMap(ref.current, config.data.basemap, { center: start, zoom: initial.current ? 15 : 9 });
    if (typeof map === 'string') {
      setError(map);
      return;
    }
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const marker = new maplibregl.Marker({ draggable: true, color: '#c8102e' }).setLngLat(start).addTo(map);
    marker.getElement().dataset.testid = 'location-marker';
    marker.on('dragend', () => {
      const p = marker.getLngLat();
      onChangeRef.current([round7(p.lng), round7(p.lat)]);
    });
    map.on('click', (e) => {
      marker.setLngLat(e.lngLat);
      onChangeRef.current([round7(e.lngLat.lng), round7(e.lngLat.lat)]);
    });
    markerRef.current = marker;
    map.on('load', () => setReady(true));
    if (debugMapEnabled()) window.__civdefMap = map;
    return () => {
      if (window.__civdefMap === map) delete window.__civdefMap;
      map.remove();
      mapRef.current = null;
      markerRef.current = null;
      setReady(false);
    };
  }, [config.data]);

  useEffect(() => {
    if (ready && boundaries.data) (mapRef.current?.getSource('boundaries') as GeoJSONSource | undefined)?.setData(boundaries.data);
  }, [ready, boundaries.data]);

  // Typed coordinates move the marker (and the view, if the point left it).
  useEffect(() => {
    const marker = markerRef.current;
    const map = mapRef.current;
    if (!marker || !map || !value || !Number.isFinite(value[0]) || !Number.isFinite(value[1])) return;
    const cur = marker.getLngLat();
    if (Math.abs(cur.lng - value[0]) < 1e-7 && Math.abs(cur.lat - value[1]) < 1e-7) return;
    marker.setLngLat(value);
    if (!map.getBounds().contains(value)) map.easeTo({ center: value, duration: 0 });
  }, [value, ready]);

  if (error) return <Typography.Text type="warning">{t('map.webglFailed')}</Typography.Text>;
  return (
    <div>
      <div className="works-form-map">
        <div ref={ref} className="works-form-map-canvas" data-testid="location-map" data-ready={ready ? 'true' : 'false'} />
      </div>
      <Typography.Text type="secondary">{t('works.form.mapHelp')}</Typography.Text>
    </div>
  );
}
