import { Alert } from 'antd';
import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { maplibregl, useMaplibreMap } from '../map/useMaplibreMap.ts';
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

/** What a planner asks from the map: run again without a work, or with a new one at a point. */
export type WhatIf = { removeWorkId: number; name: string } | { add: { lng: number; lat: number; places: number } };

/** A gap-closing site drawn on the map. */
export interface GapPoint { rank: number; lng: number; lat: number; newlyCovered: number }

interface Props {
  areas: FeatureCollection | null;
  shelters: FeatureCollection<Point, ShelterProps> | null;
  unassigned: FeatureCollection<Point, UnassignedProps> | null;
  runId: number | null;
  onArea: (code: string) => void;
  /** Colour the areas by this change in people without a place (a comparison of two runs) instead of their status. */
  diff?: Record<string, number> | null;
  gaps?: GapPoint[] | null;
  /** Offered from a shelter's popup and from the map's context menu (right click); absent for readers. */
  onWhatIf?: (w: WhatIf) => void;
}

/** Red where more people are without a place, green where fewer, white where nothing changed. */
const DIFF_COLOR = ['interpolate', ['linear'], ['coalesce', ['get', 'diff'], 0], -2000, '#237804', -1, '#95de64', 0, '#ffffff', 1, '#ff7875', 2000, '#a8071a'] as never;

/**
 * The planning map: sub-areas coloured by balance status (county outlines; towns as circles at their centre), a run's
 * people without a place as a heat map, its shelters coloured by utilisation, and at high zoom the demand → shelter
 * lines of the optimum (fetched for the view only).
 */
export function PlanningMap({ areas, shelters, unassigned, runId, onArea, diff = null, gaps = null, onWhatIf }: Props) {
  const { t } = useTranslation();
  const latest = useRef({ onArea, runId, t, onWhatIf });
  latest.current = { onArea, runId, t, onWhatIf };

  const setup = (map: maplibregl.Map) => {
    map.on('load', () => {
      for (const id of ['areas', 'unassigned', 'shelters', 'flows', 'gaps']) map.addSource(id, { type: 'geojson', data: EMPTY });
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
      map.addLayer({
        id: 'gaps-point', type: 'circle', source: 'gaps',
        paint: { 'circle-color': '#722ed1', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 14, 11], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2, 'circle-opacity': 0.9 },
      });
    });
    map.on('click', 'gaps-point', (e: MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties as { rank: number; newlyCovered: number } | undefined;
      if (!p) return;
      const el = document.createElement('div');
      el.textContent = `#${p.rank} · ${latest.current.t('planx.gaps.covered')} ${Number(p.newlyCovered).toLocaleString('zh-CN')}`;
      new maplibregl.Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(el).addTo(map);
      e.preventDefault();
    });
    // Right click anywhere: "build a work here" and run again (what-if), for planners.
    map.on('contextmenu', (e) => {
      const whatIf = latest.current.onWhatIf;
      if (!whatIf) return;
      const tt = latest.current.t;
      const el = document.createElement('div');
      el.className = 'planning-whatif';
      const title = document.createElement('strong');
      title.textContent = tt('planx.whatIf.add');
      const label = document.createElement('label');
      label.textContent = `${tt('planx.whatIf.places')} `;
      const input = document.createElement('input');
      input.type = 'number';
      input.min = '1';
      input.max = '100000';
      input.value = '1000';
      input.dataset.testid = 'whatif-places';
      label.append(input);
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = tt('planx.whatIf.addRun');
      button.dataset.testid = 'whatif-add';
      const popup = new maplibregl.Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(el);
      button.onclick = () => {
        const places = Math.round(Number(input.value));
        if (!Number.isFinite(places) || places < 1) return input.focus();
        latest.current.onWhatIf?.({ add: { lng: e.lngLat.lng, lat: e.lngLat.lat, places } });
        popup.remove();
      };
      el.append(title, label, button);
      popup.addTo(map);
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
      const popup = new maplibregl.Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(el);
      const workId = p.workId === null || p.workId === undefined || String(p.workId) === 'null' ? null : Number(p.workId);
      if (workId !== null && latest.current.onWhatIf) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = tt('planx.whatIf.remove');
        button.dataset.testid = 'whatif-remove';
        button.onclick = () => {
          latest.current.onWhatIf?.({ removeWorkId: workId, name: `${p.code} ${p.name}` });
          popup.remove();
        };
        el.append(button);
      }
      popup.addTo(map);
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
  };
  const { containerRef: ref, mapRef, ready, error } = useMaplibreMap({ scale: true, setup });

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('shelters') as GeoJSONSource).setData(shelters ?? EMPTY);
    (map.getSource('unassigned') as GeoJSONSource).setData(unassigned ?? EMPTY);
    (map as unknown as { reloadFlows?: () => void }).reloadFlows?.();
  }, [ready, shelters, unassigned, runId]);

  // The comparison colours the same areas by the change (a property added to each feature), else by status.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const statusColor = ['match', ['get', 'status'], ...Object.entries(STATUS_COLORS).flat(), '#8c8c8c'] as never;
    const withDiff: FeatureCollection | null = areas && diff
      ? { ...areas, features: areas.features.map((f) => ({ ...f, properties: { ...f.properties, diff: diff[String(f.properties?.code)] ?? 0 } })) }
      : areas;
    (map.getSource('areas') as GeoJSONSource).setData(withDiff ?? EMPTY);
    map.setPaintProperty('areas-fill', 'fill-color', diff ? DIFF_COLOR : statusColor);
    map.setPaintProperty('areas-fill', 'fill-opacity', diff ? 0.6 : 0.35);
    map.setPaintProperty('areas-point', 'circle-color', diff ? DIFF_COLOR : statusColor);
  }, [ready, areas, diff]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('gaps') as GeoJSONSource).setData(gaps
      ? { type: 'FeatureCollection', features: gaps.map((g) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [g.lng, g.lat] }, properties: { rank: g.rank, newlyCovered: g.newlyCovered } })) }
      : EMPTY);
  }, [ready, gaps]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  return (
    <div className="planning-map-wrap">
      <div ref={ref} className="planning-map" data-testid="planning-map" />
      <div className="planning-legend">
        <div>{t('planning.map.shelters')}</div>
        <div>{t('planning.map.unassigned')}</div>
        <div>{t('planning.map.lines')}</div>
        {diff && <div data-testid="map-diff-legend">{t('planx.compareLegend')}</div>}
        {gaps && gaps.length > 0 && <div style={{ color: '#722ed1' }}>● {t('planx.gaps.title')}</div>}
      </div>
    </div>
  );
}
