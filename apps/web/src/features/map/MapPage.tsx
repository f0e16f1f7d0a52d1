import { AimOutlined, CompressOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Divider, Result, Select, Space, Spin, Tooltip, Typography } from 'antd';
import { LIFECYCLE_STATES, SIREN_STATUSES, VEHICLE_STATES, WORK_CLASSES, type LifecycleState, type WorkClass } from '@civdef/domain';
import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSource, MapGeoJSONFeature, MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { PublicConfig } from '../../api/types.ts';
import { useLanguage } from '../../i18n/LocaleProvider.tsx';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { useCan, useMe } from '../auth/useSession.ts';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { useWorkStats } from '../works/worksApi.ts';
import {
  LAYER_IDS,
  SIREN_HIT_TOLERANCE_PX,
  SIREN_ICON,
  SIREN_STATUS_COLORS,
  SOURCE_IDS,
  WORK_CLASS_COLORS,
  bboxOf,
  sirenIcon,
} from './mapStyle.ts';
import { popupContent, sirenRows, workRows } from './popup.ts';
import { useBoundaries, useRegions, useSirensGeoJson, useVehiclesGeoJson, useWorksGeoJson } from './useMapData.ts';
import {
  STALE_COLOR,
  VEHICLE_LAYER,
  VEHICLE_SOURCE,
  VEHICLE_STATE_COLORS,
  fixOf,
  vehicleFeatures,
  vehicleLayerPaint,
  vehicleRows,
  type VehicleProps,
} from './vehicleLayer.ts';
import { MapSearch, type FoundWork } from './MapSearch.tsx';
import { maplibregl, useMaplibreMap } from './useMaplibreMap.ts';
import './map.css';

type LayerKey = 'basemap' | 'boundaries' | 'works' | 'sirens' | 'vehicles';
const LAYER_GROUPS: Record<LayerKey, string[]> = {
  basemap: [LAYER_IDS.basemap],
  boundaries: [LAYER_IDS.boundaryFill, LAYER_IDS.boundaryLine],
  works: [LAYER_IDS.works],
  sirens: [LAYER_IDS.sirens],
  vehicles: [VEHICLE_LAYER],
};

/** Keeps fitted extents clear of the floating stats panel on the left. */
const FIT_PADDING = { top: 24, bottom: 24, left: 280, right: 64 };

export default function MapPage() {
  const config = usePublicConfig();
  if (config.isPending) return <PageLoading />;
  if (config.isError) return <Result status="error" title={config.error.message} />;
  return <MapView config={config.data} />;
}

function MapView({ config }: { config: PublicConfig }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const me = useMe();
  const works = useWorksGeoJson();
  const sirens = useSirensGeoJson();
  const vehicles = useVehiclesGeoJson();
  const can = useCan();
  const canVehicles = can('command:read');
  const boundaries = useBoundaries();
  const regions = useRegions();
  // The one definition of usable shelter (the configured states), as the dashboard states it.
  const usableStates = useWorkStats({}).data?.usableStates;
  const navigate = useNavigate();

  const [visible, setVisible] = useState<Record<LayerKey, boolean>>({ basemap: true, boundaries: true, works: true, sirens: true, vehicles: true });
  const [classes, setClasses] = useState<WorkClass[]>(WORK_CLASSES.map((c) => c.code));
  /** Life-cycle states shown; empty = all. */
  const [states, setStates] = useState<LifecycleState[]>([]);
  const labelMarkers = useRef<maplibregl.Marker[]>([]);

  // Popups read the latest language and region names without re-binding map handlers.
  const regionNames = useMemo(() => new Map((regions.data?.items ?? []).map((r) => [r.code, r.name])), [regions.data]);
  const latest = useRef({ t, language, regionNames, navigate });
  latest.current = { t, language, regionNames, navigate };

  const scopeBbox = useMemo(() => (boundaries.data ? bboxOf(boundaries.data) : null), [boundaries.data]);

  const setup = (map: maplibregl.Map) => {
    const container = map.getContainer();
    const zoomClass = () => container.classList.toggle('map-zoomed-in', map.getZoom() >= 11);
    map.on('zoom', zoomClass);
    map.on('load', () => {
      zoomClass();
      const icon = sirenIcon(32);
      if (!map.hasImage(SIREN_ICON)) map.addImage(SIREN_ICON, icon, { sdf: true, pixelRatio: 1 });
      // Above the sirens: few, and the one thing on the map that moves.
      map.addSource(VEHICLE_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' });
      map.addLayer({ id: VEHICLE_LAYER, type: 'circle', source: VEHICLE_SOURCE, paint: vehicleLayerPaint() as never });
    });

    const popup = new maplibregl.Popup({ closeButton: true, maxWidth: '320px', className: 'civdef-popup' });
    const regionName = (code: string) => latest.current.regionNames.get(code) ?? code;
    const onClick = (e: MapLayerMouseEvent) => {
      const f: MapGeoJSONFeature | undefined = e.features?.[0];
      if (!f || f.geometry.type !== 'Point') return;
      const { t: tt, language: lang } = latest.current;
      const p = f.properties as Record<string, unknown>;
      const isWork = f.layer.id === LAYER_IDS.works;
      const rows = isWork ? workRows(p, tt, lang, regionName) : sirenRows(p, tt, lang, regionName);
      // A work's popup leads on to its page: the map is where people find a work, the page where they act on it.
      const link = isWork ? { text: tt('map.openWork'), onOpen: () => latest.current.navigate(`/works/${String(p.id)}`) } : undefined;
      popup
        .setLngLat(f.geometry.coordinates as [number, number])
        .setDOMContent(popupContent(String(p.name ?? p.code ?? ''), rows, isWork ? 'work' : 'siren', link))
        .addTo(map);
    };
    map.on('click', VEHICLE_LAYER, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f || f.geometry.type !== 'Point') return;
      const { t: tt, language: lang } = latest.current;
      const p = f.properties as unknown as VehicleProps;
      popup
        .setLngLat(f.geometry.coordinates as [number, number])
        .setDOMContent(popupContent(p.name, vehicleRows(p, tt, lang, Date.now()), 'vehicle'))
        .addTo(map);
    });
    // A click just beside a siren's small triangle still opens it (nothing else was hit there).
    map.on('click', (e) => {
      const hitLayers = [LAYER_IDS.works, LAYER_IDS.sirens, ...(map.getLayer(VEHICLE_LAYER) ? [VEHICLE_LAYER] : [])];
      if (map.queryRenderedFeatures(e.point, { layers: hitLayers }).length) return;
      const r = SIREN_HIT_TOLERANCE_PX;
      const near = map.queryRenderedFeatures([[e.point.x - r, e.point.y - r], [e.point.x + r, e.point.y + r]], { layers: [LAYER_IDS.sirens] });
      if (near[0]) onClick({ ...e, features: [near[0]] } as unknown as MapLayerMouseEvent);
    });
    for (const layer of [LAYER_IDS.works, LAYER_IDS.sirens]) map.on('click', layer, onClick);
    for (const layer of [LAYER_IDS.works, LAYER_IDS.sirens, VEHICLE_LAYER]) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
    let hovered: string | number | undefined;
    map.on('mousemove', LAYER_IDS.boundaryFill, (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.id;
      if (id === hovered) return;
      if (hovered !== undefined) map.setFeatureState({ source: SOURCE_IDS.boundaries, id: hovered }, { hover: false });
      hovered = id;
      if (id !== undefined) map.setFeatureState({ source: SOURCE_IDS.boundaries, id }, { hover: true });
    });
    map.on('mouseleave', LAYER_IDS.boundaryFill, () => {
      if (hovered !== undefined) map.setFeatureState({ source: SOURCE_IDS.boundaries, id: hovered }, { hover: false });
      hovered = undefined;
    });

    return () => {
      popup.remove();
    };
  };
  // The full style: works and sirens are layers of it, filled below as their queries land.
  const { containerRef, mapRef, ready, error: webglError } = useMaplibreMap({
    style: 'full',
    view: (c) => ({ bounds: c.city.bbox, fitBoundsOptions: { padding: FIT_PADDING } }),
    scale: true,
    expose: true,
    setup,
  });

  // Feed data into the style's sources as each query lands.
  useEffect(() => {
    if (ready && works.data) (mapRef.current?.getSource(SOURCE_IDS.works) as GeoJSONSource | undefined)?.setData(works.data);
  }, [ready, works.data]);
  useEffect(() => {
    if (ready && sirens.data) (mapRef.current?.getSource(SOURCE_IDS.sirens) as GeoJSONSource | undefined)?.setData(sirens.data);
  }, [ready, sirens.data]);
  const vehicleData = useMemo(() => (vehicles.data ? vehicleFeatures(vehicles.data as FeatureCollection<Point, VehicleProps>) : null), [vehicles.data]);
  useEffect(() => {
    if (ready && vehicleData) (mapRef.current?.getSource(VEHICLE_SOURCE) as GeoJSONSource | undefined)?.setData(vehicleData);
  }, [ready, vehicleData, mapRef]);
  const vehicleCounts = useMemo(() => {
    const byState = new Map<string, number>();
    let live = 0;
    for (const f of vehicleData?.features ?? []) {
      byState.set(f.properties.state, (byState.get(f.properties.state) ?? 0) + 1);
      if (fixOf(f.properties) === 'live') live += 1;
    }
    return { total: vehicleData?.features.length ?? 0, live, byState };
  }, [vehicleData]);

  // A county or town user starts on their own jurisdiction, not the whole city.
  useEffect(() => {
    if (ready && scopeBbox && me.regionCode !== config.city.code) mapRef.current?.fitBounds(scopeBbox, { padding: FIT_PADDING, duration: 0 });
  }, [ready, scopeBbox, me.regionCode, config.city.code]);

  // County names as HTML markers: text layers would need glyphs from the network.
  useEffect(() => {
    const map = mapRef.current;
    for (const m of labelMarkers.current) m.remove();
    labelMarkers.current = [];
    if (!ready || !map || !visible.boundaries) return;
    for (const r of regions.data?.items ?? []) {
      if ((r.level !== 'county' && r.level !== 'town') || !r.centroid) continue;
      const el = document.createElement('div');
      // Town names show from zoom 11 on (map.css, by the container's zoom class): where a user is without a basemap.
      el.className = r.level === 'county' ? 'county-label' : 'town-label';
      el.textContent = r.name;
      labelMarkers.current.push(new maplibregl.Marker({ element: el }).setLngLat(r.centroid).addTo(map));
    }
  }, [ready, regions.data, visible.boundaries]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    for (const [key, ids] of Object.entries(LAYER_GROUPS) as [LayerKey, string[]][])
      for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible[key] ? 'visible' : 'none');
  }, [ready, visible]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const filters: unknown[] = [];
    if (classes.length !== WORK_CLASSES.length) filters.push(['in', ['get', 'workClass'], ['literal', classes]]);
    if (states.length) filters.push(['in', ['get', 'lifecycleState'], ['literal', states]]);
    map.setFilter(LAYER_IDS.works, (filters.length ? ['all', ...filters] : null) as never);
  }, [ready, classes, states]);

  const stats = useMemo(() => {
    const byClass = new Map<string, number>();
    // Usable places only: the same definition as the dashboard (a demolished or unbuilt work shelters nobody).
    let places = 0;
    let usable = 0;
    const shown = (works.data?.features ?? []).filter((f) => !states.length || states.includes(f.properties.lifecycleState as LifecycleState));
    for (const f of shown) {
      byClass.set(f.properties.workClass, (byClass.get(f.properties.workClass) ?? 0) + 1);
      if (f.properties.usable) {
        usable += 1;
        places += Number(f.properties.shelterPlaces) || 0;
      }
    }
    const byStatus = new Map<string, number>();
    for (const f of sirens.data?.features ?? []) byStatus.set(f.properties.status, (byStatus.get(f.properties.status) ?? 0) + 1);
    return { works: shown.length, usable, sirens: sirens.data?.features.length ?? 0, places, byClass, byStatus };
  }, [works.data, sirens.data, states]);

  // The work found by the search box: the map flies to it and marks it (one pin at a time).
  const searchPin = useRef<maplibregl.Marker | null>(null);
  const showFound = (w: FoundWork) => {
    const map = mapRef.current;
    if (!map) return;
    searchPin.current?.remove();
    const el = document.createElement('div');
    el.className = 'map-search-pin';
    el.dataset.testid = 'map-search-pin';
    el.dataset.code = w.code;
    searchPin.current = new maplibregl.Marker({ element: el, anchor: 'bottom' }).setLngLat(w.location).addTo(map);
    map.flyTo({ center: w.location, zoom: Math.max(map.getZoom(), 15), duration: 800 });
  };
  useEffect(() => () => void searchPin.current?.remove(), []);

  const fmt = (n: number) => n.toLocaleString(language === 'en' ? 'en-US' : 'zh-CN');
  const loading = works.isPending || sirens.isPending || boundaries.isPending;
  const loadError = works.error ?? sirens.error ?? boundaries.error;
  const lbl = (x: { zh: string; en: string }) => (language === 'en' ? x.en : x.zh);

  if (webglError) return <Result status="warning" title={t('map.webglFailed')} subTitle={webglError} />;

  return (
    <div className="map-page">
      <div ref={containerRef} className="map-canvas" data-testid="map" data-ready={ready && !loading ? 'true' : 'false'} />

      <div className="map-panel map-panel-left">
        <Card size="small" title={t('map.stats')} className="map-card" extra={loading ? <Spin size="small" /> : null}>
          <MapSearch onFound={showFound} />
          <div className="map-counts" data-testid="map-counts" data-works={stats.works} data-sirens={stats.sirens}>
            {t('map.countsLine', { works: fmt(stats.works), sirens: fmt(stats.sirens) })}
          </div>
          <div className="map-stat-row">
            <span>{t('map.usableWorks')}</span>
            <b data-testid="map-usable-works">{fmt(stats.usable)}</b>
          </div>
          <div className="map-stat-row">
            <span>{t('map.shelterPlaces')}</span>
            <b data-testid="map-places">{fmt(stats.places)}</b>
          </div>
          {usableStates && (
            <Typography.Text type="secondary" className="map-note" data-testid="map-usable-note">
              {t('map.usableNote', { states: usableStates.map((s) => lbl(LIFECYCLE_STATES.find((x) => x.code === s) ?? { zh: s, en: s })).join(language === 'en' ? ', ' : '、') })}
            </Typography.Text>
          )}
          <div className="map-stat-row">
            <span>{t('header.jurisdiction')}</span>
            <b>{me.regionName ?? me.regionCode}</b>
          </div>
          {canVehicles && vehicleData && (
            <div className="map-stat-row" data-testid="map-vehicles" data-total={vehicleCounts.total} data-live={vehicleCounts.live}>
              <span>{t('mapx.vehicles.count', { total: fmt(vehicleCounts.total), live: fmt(vehicleCounts.live) })}</span>
            </div>
          )}
          {loadError && <Alert type="error" showIcon title={t('map.loadFailed', { message: loadError.message })} style={{ marginTop: 8 }} />}
          {vehicles.error && <Alert type="error" showIcon title={t('mapx.vehicles.loadFailed', { message: vehicles.error.message })} style={{ marginTop: 8 }} />}
          <Divider style={{ margin: '10px 0' }} />
          <Typography.Text strong>{t('map.layers')}</Typography.Text>
          <div className="map-layer-list">
            {config.basemap && (
              <Checkbox checked={visible.basemap} onChange={(e) => setVisible((v) => ({ ...v, basemap: e.target.checked }))}>
                {t('map.basemap')}
              </Checkbox>
            )}
            {(['boundaries', 'works', 'sirens'] as const).map((k) => (
              <Checkbox
                key={k}
                checked={visible[k]}
                data-testid={`layer-${k}`}
                onChange={(e) => setVisible((v) => ({ ...v, [k]: e.target.checked }))}
              >
                {t(`map.${k}`)}
              </Checkbox>
            ))}
            {canVehicles && (
              <Checkbox checked={visible.vehicles} data-testid="layer-vehicles" onChange={(e) => setVisible((v) => ({ ...v, vehicles: e.target.checked }))}>
                {t('mapx.vehicles.layer')}
              </Checkbox>
            )}
          </div>
          {!config.basemap && (
            <Typography.Text type="secondary" className="map-note">
              {t('map.offlineNote')}
            </Typography.Text>
          )}
          <Space style={{ marginTop: 8 }} wrap>
            <Tooltip title={t('map.fitCity')}>
              <Button size="small" icon={<CompressOutlined />} onClick={() => mapRef.current?.fitBounds(config.city.bbox, { padding: FIT_PADDING })}>
                {t('map.fitCity')}
              </Button>
            </Tooltip>
            {scopeBbox && me.regionCode !== config.city.code && (
              <Button size="small" icon={<AimOutlined />} onClick={() => mapRef.current?.fitBounds(scopeBbox, { padding: FIT_PADDING })}>
                {t('map.fitScope')}
              </Button>
            )}
          </Space>
        </Card>
        <Card size="small" title={t('map.legend')} className="map-card" data-testid="map-legend">
          <Typography.Text type="secondary" className="legend-heading">
            {t('map.workClasses')}
          </Typography.Text>
          <Checkbox.Group value={classes} onChange={(v) => setClasses(v as WorkClass[])} className="legend-list">
            {WORK_CLASSES.map((c) => (
              <Checkbox key={c.code} value={c.code} disabled={!visible.works}>
                <span className="legend-dot" style={{ background: WORK_CLASS_COLORS[c.code] }} />
                {lbl(c)}
                <span className="legend-count">{fmt(stats.byClass.get(c.code) ?? 0)}</span>
              </Checkbox>
            ))}
          </Checkbox.Group>
          <Typography.Text type="secondary" className="legend-heading">
            {t('map.lifecycleStates')}
          </Typography.Text>
          <Select
            mode="multiple"
            size="small"
            allowClear
            maxTagCount="responsive"
            className="legend-states"
            data-testid="map-state-filter"
            placeholder={t('map.allStates')}
            value={states}
            onChange={(v) => setStates(v)}
            disabled={!visible.works}
            options={LIFECYCLE_STATES.map((s) => ({ value: s.code, label: lbl(s) }))}
          />
          <div className="legend-static legend-unusable">
            <span className="legend-ring" />
            {t('map.notUsableLegend')}
          </div>
          <Typography.Text type="secondary" className="legend-heading">
            {t('map.sirens')}
          </Typography.Text>
          <div className="legend-list">
            {SIREN_STATUSES.map((s) => (
              <div key={s.code} className="legend-static">
                <span className="legend-triangle" style={{ borderBottomColor: SIREN_STATUS_COLORS[s.code] }} />
                {lbl(s)}
                <span className="legend-count">{fmt(stats.byStatus.get(s.code) ?? 0)}</span>
              </div>
            ))}
          </div>
          {canVehicles && (
            <>
              <Typography.Text type="secondary" className="legend-heading">
                {t('mapx.vehicles.legend')}
              </Typography.Text>
              <div className="legend-list" data-testid="map-vehicle-legend">
                {VEHICLE_STATES.map((s) => (
                  <div key={s.code} className="legend-static">
                    <span className="legend-dot legend-vehicle" style={{ background: VEHICLE_STATE_COLORS[s.code] }} />
                    {lbl(s)}
                    <span className="legend-count">{fmt(vehicleCounts.byState.get(s.code) ?? 0)}</span>
                  </div>
                ))}
                <div className="legend-static">
                  <span className="legend-dot legend-vehicle" style={{ background: STALE_COLOR }} />
                  {t('mapx.vehicles.staleLegend')}
                </div>
                <div className="legend-static">
                  <span className="legend-dot legend-vehicle legend-vehicle-home" />
                  {t('mapx.vehicles.homeLegend')}
                </div>
              </div>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
