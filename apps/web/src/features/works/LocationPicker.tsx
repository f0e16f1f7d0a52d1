import { Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { maplibregl, useMaplibreMap } from '../map/useMaplibreMap.ts';
import { round7 } from './workForm.ts';

/**
 * A small map with a draggable marker: drag it, or click the map, to correct a work's point. The
 * marker follows the longitude/latitude inputs too, so typing and dragging stay in step. With no point
 * (a new record, or a form just reset) there is no marker: one standing at the city's centre would look
 * like a point already picked while the form still says the field is required.
 */
export function LocationPicker({ value, onChange }: { value: [number, number] | null; onChange: (v: [number, number]) => void }) {
  const { t } = useTranslation();
  const markerRef = useRef<maplibregl.Marker | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const initial = useRef(value);

  const { containerRef: ref, mapRef, ready, error } = useMaplibreMap({
    expose: true,
    view: (config) => ({ center: initial.current ?? config.city.center, zoom: initial.current ? 15 : 9 }),
    setup: (map) => {
      // The marker starts on the stored point; without one it is added by the first click.
      const marker = new maplibregl.Marker({ draggable: true, color: '#c8102e' }).setLngLat(map.getCenter());
      if (initial.current) marker.addTo(map);
      marker.getElement().dataset.testid = 'location-marker';
      marker.on('dragend', () => {
        const p = marker.getLngLat();
        onChangeRef.current([round7(p.lng), round7(p.lat)]);
      });
      map.on('click', (e) => {
        marker.setLngLat(e.lngLat).addTo(map);
        onChangeRef.current([round7(e.lngLat.lng), round7(e.lngLat.lat)]);
      });
      markerRef.current = marker;
      return () => {
        markerRef.current = null;
      };
    },
  });

  // Typed coordinates move the marker (and the view, if the point left it); no point, no marker.
  useEffect(() => {
    const marker = markerRef.current;
    const map = mapRef.current;
    if (!marker || !map) return;
    if (!value || !Number.isFinite(value[0]) || !Number.isFinite(value[1])) {
      marker.remove();
      return;
    }
    const onMap = marker.getElement().isConnected;
    const cur = marker.getLngLat();
    if (onMap && Math.abs(cur.lng - value[0]) < 1e-7 && Math.abs(cur.lat - value[1]) < 1e-7) return;
    marker.setLngLat(value).addTo(map);
    if (!map.getBounds().contains(value)) map.easeTo({ center: value, duration: 0 });
  }, [value, ready, mapRef]);

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
