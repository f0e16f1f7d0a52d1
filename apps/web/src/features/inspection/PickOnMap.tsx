import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoJSONSource } from 'maplibre-gl';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { useBoundaries } from '../map/useMapData.ts';
import { createMap, maplibregl } from '../works/mapBase.ts';

/** Tap the map to say where you are, when the phone cannot (no GPS, permission refused, indoors). */
export default function PickOnMap({ onPick }: { onPick: (p: [number, number]) => void }) {
  const { t } = useTranslation();
  const config = usePublicConfig();
  const boundaries = useBoundaries();
  const ref = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!ref.current || !config.data) return;
    const map = createMap(ref.current, config.data.basemap, { bounds: config.data.city.bbox });
    if (typeof map === 'string') return;
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const marker = new maplibregl.Marker({ color: '#c8102e' });
    map.on('click', (e) => {
      marker.setLngLat(e.lngLat).addTo(map);
      pick.current([e.lngLat.lng, e.lngLat.lat]);
    });
    map.on('load', () => setReady(true));
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, [config.data]);

  useEffect(() => {
    if (ready && boundaries.data) (mapRef.current?.getSource('boundaries') as GeoJSONSource | undefined)?.setData(boundaries.data);
  }, [ready, boundaries.data]);

  return (
    <div>
      <div className="inspect-pick-map" ref={ref} data-testid="pick-map" data-ready={ready ? 'true' : 'false'} />
      <div className="inspect-hint">{t('inspect.pickHelp')}</div>
    </div>
  );
}
