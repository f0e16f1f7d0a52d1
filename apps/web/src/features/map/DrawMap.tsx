/**
 * The one drawing map of the console's forms: a point (click to place it), a line (click vertex after vertex: an
 * evacuation route) or a polygon (click its corners: a key target's footprint, an alert's area), with undo and clear. Other things
 * already on the map (places, routes) can be shown beneath as context. The value is plain coordinates; the form
 * sends them as they are, so the server's checks (a valid polygon, a point in China) answer on the field.
 */
import { Alert, Button, Space, Typography } from 'antd';
import type { Feature, FeatureCollection } from 'geojson';
import type { GeoJSONSource } from 'maplibre-gl';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicConfig } from '../../api/types.ts';
import { maplibregl, useMaplibreMap } from './useMaplibreMap.ts';

export type LngLat = [number, number];
export type DrawMode = 'point' | 'line' | 'polygon';

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The drawn shape as GeoJSON for the map: vertices as points, and the line or the (closed) ring. */
export function drawnFeatures(mode: DrawMode, points: readonly LngLat[]): FeatureCollection {
  const features: Feature[] = points.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [...p] } }));
  if (mode === 'line' && points.length >= 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points.map((p) => [...p]) } });
  if (mode === 'polygon' && points.length >= 3) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...points.map((p) => [...p]), [...points[0]!]]] } });
  return { type: 'FeatureCollection', features };
}

interface Props {
  mode: DrawMode;
  /** The vertices drawn so far (one for a point); inside a Form.Item the form hands these two in. */
  value?: LngLat[];
  onChange?: (points: LngLat[]) => void;
  /** Features shown beneath the drawing (grey), for orientation. */
  context?: FeatureCollection | null;
  height?: number;
  testId?: string;
  /** A point to centre on, close up, when it changes (the target's point, for drawing its footprint around it). */
  focus?: LngLat | null;
  /** How close `focus` shows (16: a building; 14: a district's streets). */
  focusZoom?: number;
}

const NONE: LngLat[] = [];
const ignore = () => undefined;

export function DrawMap({ mode, value = NONE, onChange = ignore, context = null, height = 300, testId = 'draw-map', focus = null, focusZoom = 16 }: Props) {
  const { t } = useTranslation();
  // The click handler is bound once; it reads the newest value and callback through this ref.
  const latest = useRef({ value, onChange, mode });
  latest.current = { value, onChange, mode };

  const view = (config: PublicConfig) => {
    const first = latest.current.value[0];
    return first ? { center: first, zoom: 14 } : { bounds: config.city.bbox, fitBoundsOptions: { padding: 20 } };
  };
  const setup = (map: maplibregl.Map) => {
    map.getCanvas().style.cursor = 'crosshair';
    map.on('load', () => {
      map.addSource('context', { type: 'geojson', data: EMPTY });
      map.addSource('drawn', { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'context-fill', type: 'fill', source: 'context', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#8c8c8c', 'fill-opacity': 0.2 } });
      map.addLayer({ id: 'context-line', type: 'line', source: 'context', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#8c8c8c', 'line-width': 2 } });
      // Small at a city's scale: a few places or a fleet of sirens alike stay points the drawing shows above.
      map.addLayer({ id: 'context-pt', type: 'circle', source: 'context', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': '#8c8c8c', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 14, 4] } });
      map.addLayer({ id: 'drawn-fill', type: 'fill', source: 'drawn', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#c8102e', 'fill-opacity': 0.25 } });
      map.addLayer({ id: 'drawn-line', type: 'line', source: 'drawn', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#c8102e', 'line-width': 3 } });
      map.addLayer({ id: 'drawn-pt', type: 'circle', source: 'drawn', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': '#c8102e', 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
    });
    map.on('click', (e) => {
      const p: LngLat = [round7(e.lngLat.lng), round7(e.lngLat.lat)];
      const { value: cur, onChange: change, mode: m } = latest.current;
      change(m === 'point' ? [p] : [...cur, p]);
    });
  };
  // The county outlines of the base style come with it: without them a clerk draws on a blank canvas.
  const { containerRef: ref, mapRef, ready, error } = useMaplibreMap({ view, setup });
  const [fx, fy] = focus ?? [null, null];
  useEffect(() => {
    if (ready && fx !== null && fy !== null) mapRef.current?.jumpTo({ center: [fx, fy], zoom: focusZoom });
  }, [ready, fx, fy, focusZoom]);
  const drawn = useMemo(() => drawnFeatures(mode, value), [mode, value]);
  useEffect(() => {
    if (!ready) return;
    (mapRef.current?.getSource('drawn') as GeoJSONSource | undefined)?.setData(drawn);
  }, [ready, drawn]);
  useEffect(() => {
    if (!ready) return;
    (mapRef.current?.getSource('context') as GeoJSONSource | undefined)?.setData(context ?? EMPTY);
  }, [ready, context]);

  if (error) return <Alert type="warning" showIcon title={t('map.webglFailed')} />;
  const help = t(`map.draw.${mode}`);
  return (
    <div>
      <div ref={ref} style={{ height, width: '100%', borderRadius: 6, overflow: 'hidden' }} data-testid={testId} data-ready={ready ? 'true' : 'false'} />
      <Space style={{ marginTop: 4 }} wrap>
        <Typography.Text type="secondary">{help}</Typography.Text>
        {mode !== 'point' && <Typography.Text type="secondary">{t('map.draw.vertices', { n: value.length })}</Typography.Text>}
        {mode !== 'point' && <Button size="small" disabled={value.length === 0} onClick={() => onChange(value.slice(0, -1))}>{t('map.draw.undo')}</Button>}
        <Button size="small" disabled={value.length === 0} onClick={() => onChange([])}>{t('map.draw.clear')}</Button>
      </Space>
    </div>
  );
}
