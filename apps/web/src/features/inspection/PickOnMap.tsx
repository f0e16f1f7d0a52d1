import { Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { maplibregl, useMaplibreMap } from '../map/useMaplibreMap.ts';

/** Tap the map to say where you are, when the phone cannot (no GPS, permission refused, indoors). */
export default function PickOnMap({ onPick }: { onPick: (p: [number, number]) => void }) {
  const { t } = useTranslation();
  const pick = useRef(onPick);
  pick.current = onPick;
  const { containerRef: ref, ready, error } = useMaplibreMap({
    view: (config) => ({ bounds: config.city.bbox }),
    setup: (map) => {
      const marker = new maplibregl.Marker({ color: '#c8102e' });
      map.on('click', (e) => {
        marker.setLngLat(e.lngLat).addTo(map);
        pick.current([e.lngLat.lng, e.lngLat.lat]);
      });
    },
  });

  // Said, not an empty box: the user then knows to close this and use the phone's position instead.
  if (error) return <Typography.Text type="warning">{t('map.webglFailed')}</Typography.Text>;
  return (
    <div>
      <div className="inspect-pick-map" ref={ref} data-testid="pick-map" data-ready={ready ? 'true' : 'false'} />
      <div className="inspect-hint">{t('inspect.pickHelp')}</div>
    </div>
  );
}
