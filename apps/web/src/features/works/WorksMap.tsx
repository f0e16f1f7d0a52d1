import { Alert, Result, Spin } from 'antd';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import type { Point } from 'geojson';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { WORK_CLASS_COLORS } from '../map/mapStyle.ts';
import { popupContent } from '../map/popup.ts';
import { maplibregl, useMaplibreMap } from '../map/useMaplibreMap.ts';
import { useLabels } from './labels.ts';
import type { WorkFilter, WorkPointProps } from './types.ts';
import { useWorkPoints } from './worksApi.ts';

const SOURCE = 'works-clustered';
const CLUSTERS = 'works-clusters';
const POINTS = 'works-points';

type Props = WorkPointProps;

/** The clustered source and its two layers, added when the style has loaded. */
function addLayers(map: maplibregl.Map) {
  map.addSource(SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterRadius: 48,
    clusterMaxZoom: 13,
  });
  map.addLayer({
    id: CLUSTERS,
    type: 'circle',
    source: SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': ['step', ['get', 'point_count'], '#5b8ff9', 20, '#1f6fd1', 100, '#12356b'],
      'circle-radius': ['step', ['get', 'point_count'], 14, 20, 18, 100, 24, 400, 30],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
      'circle-opacity': 0.9,
    },
  });
  map.addLayer({
    id: POINTS,
    type: 'circle',
    source: SOURCE,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': ['match', ['get', 'workClass'], ...Object.entries(WORK_CLASS_COLORS).flat(), '#595959'] as never,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 4, 13, 6, 16, 9],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
}

/**
 * The registry on a map: MapLibre's GeoJSON clustering at city scale (counts as HTML markers, since text
 * layers would need glyphs from the network), single works coloured by class with a popup linking to detail.
 */
export default function WorksMap({ filter }: { filter: WorkFilter }) {
  const { t } = useTranslation();
  const { lbl, fmt } = useLabels();
  const navigate = useNavigate();
  const points = useWorkPoints(filter, true);
  const latest = useRef({ t, lbl, fmt, navigate });
  latest.current = { t, lbl, fmt, navigate };
  const data = points.data ?? null;

  const { containerRef: ref, mapRef, ready, error, config } = useMaplibreMap({ scale: true, expose: true, onLoad: addLayers, setup });

  function setup(map: maplibregl.Map) {
    const markers = new Map<number, maplibregl.Marker>();
    // Count labels for the clusters on screen.
    const syncMarkers = () => {
      if (!map.getSource(SOURCE)) return;
      const seen = new Set<number>();
      for (const f of map.querySourceFeatures(SOURCE, { filter: ['has', 'point_count'] })) {
        const p = f.properties as { cluster_id: number; point_count: number };
        if (seen.has(p.cluster_id)) continue;
        seen.add(p.cluster_id);
        let m = markers.get(p.cluster_id);
        if (!m) {
          const el = document.createElement('div');
          el.className = 'works-cluster-label';
          el.textContent = latest.current.fmt(p.point_count);
          m = new maplibregl.Marker({ element: el }).setLngLat((f.geometry as Point).coordinates as [number, number]);
          markers.set(p.cluster_id, m);
        }
        if (!m.getElement().isConnected) m.addTo(map);
      }
      for (const [id, m] of markers)
        if (!seen.has(id)) {
          m.remove();
          markers.delete(id);
        }
    };
    map.on('render', () => {
      if (map.isSourceLoaded(SOURCE)) syncMarkers();
    });

    map.on('click', CLUSTERS, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f) return;
      const src = map.getSource(SOURCE) as GeoJSONSource;
      void src.getClusterExpansionZoom(Number(f.properties.cluster_id)).then((zoom) =>
        map.easeTo({ center: (f.geometry as Point).coordinates as [number, number], zoom }),
      );
    });
    const popup = new maplibregl.Popup({ closeButton: true, maxWidth: '320px', className: 'civdef-popup' });
    map.on('click', POINTS, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f) return;
      const { t: tt, lbl: l, fmt: n, navigate: go } = latest.current;
      const p = f.properties as unknown as Props;
      const content = popupContent(p.name, [
        [tt('works.field.code'), p.code],
        [tt('works.field.workClass'), l('workClass', p.workClass)],
        [tt('works.field.lifecycleState'), l('lifecycleState', p.lifecycleState)],
        [tt('works.field.region'), p.regionName ?? '—'],
        [tt('works.field.address'), p.address ?? '—'],
        [tt('works.field.shelterPlaces'), n(p.shelterPlaces)],
      ], 'work');
      const a = document.createElement('a');
      a.href = `/works/${p.id}`;
      a.className = 'works-popup-link';
      a.textContent = tt('works.openDetail');
      a.dataset.testid = 'popup-open-detail';
      a.onclick = (ev) => {
        ev.preventDefault();
        go(`/works/${p.id}`);
      };
      content.appendChild(a);
      popup.setLngLat((f.geometry as Point).coordinates as [number, number]).setDOMContent(content).addTo(map);
    });
    for (const layer of [CLUSTERS, POINTS]) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
    return () => {
      for (const m of markers.values()) m.remove();
      popup.remove();
    };
  }

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !data) return;
    (map.getSource(SOURCE) as GeoJSONSource).setData(data);
    // Frame the selection (a filtered county, a search hit) rather than the whole city.
    if (data.features.length) {
      const b = new maplibregl.LngLatBounds();
      for (const f of data.features) b.extend(f.geometry.coordinates as [number, number]);
      map.fitBounds(b, { padding: 60, maxZoom: 15, duration: 0 });
    }
  }, [ready, data, mapRef]);

  if (config.isPending) return <PageLoading />;
  if (error) return <Result status="warning" title={t('map.webglFailed')} subTitle={error} />;
  return (
    <div className="works-map">
      <div
        ref={ref}
        className="works-map-canvas"
        data-testid="works-map"
        data-ready={ready && !!data ? 'true' : 'false'}
        data-count={data?.features.length ?? ''}
      />
      {points.isFetching && (
        <div className="works-map-status">
          <Spin size="small" /> {t('common.loading')}
        </div>
      )}
      {points.isError && <Alert className="works-map-status" type="error" showIcon title={points.error.message} />}
      {data && !data.features.length && <Alert className="works-map-status" type="info" showIcon title={t('works.noMatch')} />}
    </div>
  );
}
