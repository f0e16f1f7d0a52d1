import { Alert } from 'antd';
import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { createMap, maplibregl } from '../works/mapBase.ts';
import { planningApi, type ShelterProps, type UnassignedProps } from './planningApi.ts';

/** Colours of the balance statuses on the choropleth: red short of places, amber below target, green met. */
export const STATUS_COLORS: Record<string, string> = {
  places_short: '#cf1322',
  below_target: '#fa8c16',
  meets_target: '#52c41a',
  above_target: '#237804',
  no_population: '#bfbfbf',
};

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const LINES_MIN_ZOOM = 14;

interface Props {
  areas: FeatureCollection | null;
  shelters: FeatureCollection<Point, ShelterProps> | null;
  unassigned: FeatureCollection<Point, UnassignedProps> | null;
  runId: number | null;
  onArea: (code: string) => void;
}

/**
 * The planning map: sub-areas coloured by balance status (county outlines; towns as circles at their centre), a run's
 * people without a place as a heat map, its shelters coloured by utilisation, and at high zoom the demand → shelter
 * lines of the optimum (fetched for the view only).
 */
export function PlanningMap({ areas, shelters, unassigned, runId, onArea }: Props) {
  const config = usePublicConfig();
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef({ onArea, runId, t });
  latest.current = { onArea, runId, t };

  useEffect(() => {
    if (!ref.current || !config.data) return;
    const map = createMap(ref.current, config.data.basemap, { bounds: config.data.city.bbox, fitBoundsOptions: { padding: 30 } });
    if (typeof map === 'string') {
      setError(map);
      return;
    }
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.on('load', () => {
      for (const id of ['areas', 'unassigned', 'shelters', 'flows']) map.addSource(id, { type: 'geojson', data: EMPTY });
      const statusColor = ['match', ['get', 'status'], ...Object.entries(STATUS_COLORS).flat(), '#8c8c8c'] as never;
      map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'fill-color': statusColor, 'fill-opacity': 0.35 } });
      map.addLayer({ id: 'areas-line', type: 'line', source: 'areas', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#595959', 'line-width': 1 } });
      map.addLayer({
        id: 'areas-point', type: 'circle', source: 'areas', filter: ['==', ['geometry-type'], 'Point'],
        paint: { 'circle-color': statusColor, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 6, 12, 14], 'circle-opacity': 0.7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
      });
      map.addLayer({
        id: 'unassigned-heat', type: 'heatmap', source: 'unassigned',
        paint: {
          'heatmap-weight': ['interpolate', ['linear'], ['get', 'unassigned'], 0, 0, 2000, 1],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 8, 14, 30],
          'heatmap-opacity': 0.75,
        },
      });
      map.addLayer({ id: 'flows-line', type: 'line', source: 'flows', minzoom: LINES_MIN_ZOOM, paint: { 'line-color': '#1d39c4', 'line-width': 1, 'line-opacity': 0.6 } });
      map.addLayer({
        id: 'shelters-point', type: 'circle', source: 'shelters',
        paint: {
          'circle-color': ['interpolate', ['linear'], ['coalesce', ['get', 'utilisation'], 0], 0, '#91d5ff', 0.5, '#1890ff', 0.9, '#fa8c16', 1, '#cf1322'],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 13, 5, 16, 8],
          'circle-stroke-color': '#fff', 'circle-stroke-width': 0.8,
        },
      });
      setReady(true);
    });
    const clickArea = (e: MapLayerMouseEvent) => {
      const code = e.features?.[0]?.properties?.code as string | undefined;
      if (code) latest.current.onArea(code);
    };
    map.on('click', 'areas-fill', clickArea);
    map.on('click', 'areas-point', clickArea);
    map.on('click', 'shelters-point', (e: MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties as ShelterProps | undefined;
      if (!p) return;
      const tt = latest.current.t;
      const el = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = `${p.code} ${p.name}`;
      const line = document.createElement('div');
      line.textContent = `${tt('planning.map.assigned', { assigned: p.assigned, capacity: p.capacity })} · ${tt('planning.map.utilisation', { value: p.utilisation === null ? '—' : `${Math.round(Number(p.utilisation) * 100)}%` })}`;
      el.append(title, line);
      new maplibregl.Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(el).addTo(map);
      e.preventDefault();
    });
    const loadFlows = () => {
      const id = latest.current.runId;
      const src = map.getSource('flows') as GeoJSONSource | undefined;
      if (!src) return;
      if (id === null || map.getZoom() < LINES_MIN_ZOOM) return src.setData(EMPTY);
      const b = map.getBounds();
      planningApi.flows(id, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(','))
        .then((fc) => src.setData(fc)).catch(() => src.setData(EMPTY));
    };
    map.on('moveend', loadFlows);
    (map as unknown as { reloadFlows?: () => void }).reloadFlows = loadFlows;
    return () => {
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [config.data]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('areas') as GeoJSONSource).setData(areas ?? EMPTY);
    (map.getSource('shelters') as GeoJSONSource).setData(shelters ?? EMPTY);
    (map.getSource('unassigned') as GeoJSONSource).setData(unassigned ?? EMPTY);
    (map as unknown as { reloadFlows?: () => void }).reloadFlows?.();
  }, [ready, areas, shelters, unassigned, runId]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  return (
    <div className="planning-map-wrap">
      <div ref={ref} className="planning-map" data-testid="planning-map" />
      <div className="planning-legend">
        <div>{t('planning.map.shelters')}</div>
        <div>{t('planning.map.unassigned')}</div>
        <div>{t('planning.map.lines')}</div>
      </div>
    </div>
  );
}
