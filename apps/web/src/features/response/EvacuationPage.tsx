/**
 * 疏散: places and routes on the map, the evacuation plan of each area, and the assignment run — solved exactly by
 * the engine on the server (progress over Server-Sent Events as a progress bar), its result per area and as lines.
 */
import { App, Button, Card, Col, Popconfirm, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useCan } from '../auth/useSession.ts';
import { useErrorMessage } from './PlansPage.tsx';
import { ResponseMap } from './ResponseMap.tsx';
import { PlaceForm, RouteForm } from './forms/PlaceRouteForms.tsx';
import {
  evacApi, useAreaPlans, useEvacMap, useEvacMutation, useEvacRuns, usePlaces, useRoutes, useRunAreas, useRunDestinations, useRunMap, useStartRun, type Destination, type Place, type Route,
} from './responseApi.ts';

/** Follows a run's progress over SSE until it is done (the first event is its current state). */
function useRunProgress(id: number | null) {
  const qc = useQueryClient();
  const [p, setP] = useState<{ percent: number; phase: string; status: string } | null>(null);
  useEffect(() => {
    if (id === null || typeof EventSource === 'undefined') return;
    const es = new EventSource(`/api/evacuation/runs/${id}/events`);
    const on = (e: MessageEvent<string>) => setP(JSON.parse(e.data) as { percent: number; phase: string; status: string });
    es.addEventListener('progress', on);
    es.addEventListener('done', (e) => { on(e); es.close(); void qc.invalidateQueries({ queryKey: ['evacuation'] }); });
    es.onerror = () => es.close();
    return () => es.close();
  }, [id, qc]);
  return p;
}

export default function EvacuationPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const places = usePlaces();
  const plans = useAreaPlans();
  const mapData = useEvacMap();
  const runs = useEvacRuns();
  const start = useStartRun();
  const cancel = useEvacMutation(evacApi.cancelRun);
  const [runId, setRunId] = useState<number | null>(null);
  const [adding, setAdding] = useState<'place' | 'route' | null>(null);
  const routes = useRoutes();
  const [editPlace, setEditPlace] = useState<Place | null>(null);
  const [editRoute, setEditRoute] = useState<Route | null>(null);
  const removePlace = useEvacMutation(evacApi.removePlace);
  const removeRoute = useEvacMutation(evacApi.removeRoute);
  const write = can('response:write');
  /** Edit and delete of one row; a refusal (a place a run or a count still uses) comes back as the server words it. */
  const actions = <T extends { id: number; name: string }>(onEdit: (x: T) => void, onDelete: (id: number, opts: { onSuccess: () => void; onError: typeof onError }) => void, prefix: string) => ({
    title: t('response.forms.actions'), key: 'actions', width: 120, render: (_: unknown, x: T) => (
      <Space size={4}>
        <Button size="small" type="link" data-testid={`${prefix}-edit-${x.id}`} onClick={() => onEdit(x)}>{t('response.forms.edit')}</Button>
        <Popconfirm title={t('response.forms.confirmDelete', { name: x.name })} okText={t('response.forms.delete')}
          onConfirm={() => onDelete(x.id, { onSuccess: () => void message.success(t('response.forms.deleted')), onError })}>
          <Button size="small" type="link" danger data-testid={`${prefix}-delete-${x.id}`}>{t('response.forms.delete')}</Button>
        </Popconfirm>
      </Space>),
  });
  const latest = runs.data?.items.find((r) => r.status === 'succeeded');
  const shown = runId ?? latest?.id ?? null;
  const progress = useRunProgress(runId);
  const shownRun = runs.data?.items.find((r) => r.id === shown);
  const areas = useRunAreas(shownRun?.status === 'succeeded' ? shown : null);
  const flows = useRunMap(shownRun?.status === 'succeeded' ? shown : null);
  const destinations = useRunDestinations(shownRun?.status === 'succeeded' ? shown : null);
  const running = (runs.data?.items ?? []).filter((r) => r.status === 'queued' || r.status === 'running');
  const layers = useMemo(() => {
    const all = (mapData.data ?? { type: 'FeatureCollection', features: [] }) as FeatureCollection;
    const pick = (f: (p: Record<string, unknown>) => boolean): FeatureCollection => ({ type: 'FeatureCollection', features: all.features.filter((x) => f((x.properties ?? {}) as Record<string, unknown>)) });
    return [
      { id: 'flows', kind: 'line' as const, color: '#722ed1', width: 1.5, data: (flows.data ?? null) as FeatureCollection | null },
      { id: 'routes', kind: 'line' as const, color: '#fa8c16', width: 3, data: pick((p) => p.layer === 'route') },
      { id: 'bases', kind: 'circle' as const, color: '#cf1322', data: pick((p) => p.layer === 'place' && p.kind !== 'assembly') },
      { id: 'assembly', kind: 'circle' as const, color: '#1677ff', data: pick((p) => p.layer === 'place' && p.kind === 'assembly') },
    ];
  }, [mapData.data, flows.data]);
  const summary = shownRun?.summary as { evacuees?: number; assembly?: { assigned: number; optimal: boolean }; base?: { assigned: number; optimal: boolean } } | null | undefined;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('response.evacuation.map')} extra={can('response:write') && (
            <Space>
              <Button size="small" data-testid="new-place" onClick={() => setAdding('place')}>{t('response.forms.newPlace')}</Button>
              <Button size="small" data-testid="new-route" onClick={() => setAdding('route')}>{t('response.forms.newRoute')}</Button>
            </Space>
          )}><ResponseMap layers={layers} /></Card>
          <PlaceForm open={adding === 'place'} onClose={() => setAdding(null)} context={(mapData.data ?? null) as FeatureCollection | null}
            onSaved={() => { setAdding(null); void message.success(t('response.forms.placeSaved')); }} />
          <RouteForm open={adding === 'route'} onClose={() => setAdding(null)} context={(mapData.data ?? null) as FeatureCollection | null}
            onSaved={() => { setAdding(null); void message.success(t('response.forms.routeSaved')); }} />
          <PlaceForm open={editPlace !== null} editing={editPlace} onClose={() => setEditPlace(null)} context={(mapData.data ?? null) as FeatureCollection | null}
            onSaved={() => { setEditPlace(null); void message.success(t('response.forms.saved')); }} />
          <RouteForm open={editRoute !== null} editing={editRoute} onClose={() => setEditRoute(null)} context={(mapData.data ?? null) as FeatureCollection | null}
            onSaved={() => { setEditRoute(null); void message.success(t('response.forms.saved')); }} />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('response.evacuation.run')} extra={can('response:write') && (
            <Space>
              {running.map((r) => (
                <Button key={r.id} danger size="small" data-testid={`cancel-run-${r.id}`} loading={cancel.isPending}
                  onClick={() => cancel.mutate(r.id, { onSuccess: () => void message.success(t('response.forms.cancelled')), onError })}>{t('response.forms.cancelRun')} #{r.id}</Button>
              ))}
              <Button type="primary" loading={start.isPending} onClick={() => start.mutate(undefined, { onSuccess: (r) => { setRunId(r.id); void message.info(`#${r.id}`); }, onError })}>{t('response.evacuation.start')}</Button>
            </Space>
          )}>
            {runId !== null && progress && <Progress percent={progress.percent} status={progress.status === 'failed' ? 'exception' : progress.percent === 100 ? 'success' : 'active'} format={(p) => `${p}% ${t(`response.phases.${progress.phase}`)}`} data-testid="evac-progress" />}
            {shownRun?.status === 'failed' && <Typography.Text type="danger">{t('response.evacuation.failed', { error: shownRun.error ?? '' })}</Typography.Text>}
            {summary?.assembly && (
              <Space orientation="vertical" size={2} data-testid="evac-summary">
                <span>#{shownRun!.id} {t('response.evacuation.evacuees')}: <b>{summary.evacuees}</b></span>
                <span>{t('response.evacuation.toAssembly')}: {summary.assembly.assigned} · {t('response.evacuation.toBase')}: {summary.base?.assigned}</span>
                <span>{t('response.evacuation.optimal')}: {summary.assembly.optimal && summary.base?.optimal ? <Tag color="green">✓</Tag> : <Tag color="red">✗</Tag>}</span>
              </Space>
            )}
            <Table size="small" rowKey="id" pagination={false} dataSource={(runs.data?.items ?? []).slice(0, 5)} style={{ marginTop: 8 }}
              onRow={(r) => ({ onClick: () => setRunId(r.id), style: { cursor: 'pointer' } })}
              columns={[{ title: '#', dataIndex: 'id' }, { title: t('response.evacuation.state'), dataIndex: 'status', render: (v: string) => t(`response.runStates.${v}`) },
                { title: t('response.evacuation.phase'), dataIndex: 'phase', render: (v: string) => t(`response.phases.${v}`) }]} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('response.evacuation.result')}>
        <Table size="small" rowKey="regionCode" pagination={false} dataSource={areas.data?.items ?? []} data-testid="evac-areas" columns={[
          { title: t('response.evacuation.area'), dataIndex: 'regionName' },
          { title: t('response.evacuation.toAssembly'), dataIndex: 'toAssembly' },
          { title: t('response.evacuation.withoutAssembly'), dataIndex: 'withoutAssembly', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
          { title: t('response.evacuation.toBase'), dataIndex: 'toBase' },
          { title: t('response.evacuation.withoutBase'), dataIndex: 'withoutBase', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
          { title: t('response.evacuation.destination'), key: 'p', render: (_: unknown, a) => a.places.filter((p) => p.stage === 'base').map((p) => `${p.placeName} ${p.people}`).join('；') },
        ]} />
      </Card>
      <Card size="small" title={t('response.forms.destinations')}>
        <Table<Destination> size="small" rowKey="placeId" pagination={false} dataSource={destinations.data?.items ?? []} data-testid="evac-destinations" columns={[
          { title: t('response.evacuation.destination'), dataIndex: 'name', render: (v: string, d) => <>{v} <Tag>{t(`response.placeKinds.${d.kind}`)}</Tag></> },
          { title: t('response.evacuation.evacuees'), dataIndex: 'people' },
          { title: t('response.evacuation.capacity'), dataIndex: 'capacity', render: (v: number | null) => v ?? '—' },
          { title: t('response.forms.routes'), key: 'r', render: (_: unknown, d) => d.routes.length
            ? d.routes.map((r) => <Tag key={r.id} color={r.state === 'ready' ? 'blue' : r.state === 'limited' ? 'orange' : 'red'}>{r.name} {r.usablePerHour}/h</Tag>)
            : <Tag color="red">{t('response.forms.noRoute')}</Tag> },
          { title: t('response.forms.perHour'), dataIndex: 'perHour' },
          { title: t('response.forms.hours'), dataIndex: 'hours', render: (v: number | null) => (v === null ? <Tag color="red">{t('response.forms.noRoute')}</Tag> : v) },
        ]} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('response.evacuation.plans')}>
            <Table size="small" rowKey="regionCode" pagination={{ pageSize: 8 }} dataSource={plans.data?.items ?? []} columns={[
              { title: t('response.evacuation.area'), dataIndex: 'regionName' },
              { title: t('response.evacuation.share'), dataIndex: 'share', render: (v: number) => `${Math.round(v * 100)}%` },
              { title: t('response.evacuation.groups'), dataIndex: 'targetGroups', render: (g: string[]) => g.map((x) => t(`response.groups.${x}`)).join('、') },
              { title: t('response.evacuation.destination'), dataIndex: 'destinationName' },
              { title: t('response.evacuation.timing'), dataIndex: 'timing', render: (v: string) => t(`response.timings.${v}`) },
            ]} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('response.evacuation.places')}>
            <Table size="small" rowKey="id" pagination={{ pageSize: 8 }} dataSource={places.data?.items ?? []} columns={[
              { title: t('response.evacuation.places'), dataIndex: 'name' },
              { title: t('response.evacuation.kind'), dataIndex: 'kind', render: (v: string) => t(`response.placeKinds.${v}`) },
              { title: t('response.evacuation.capacity'), dataIndex: 'capacity' },
              { title: t('response.evacuation.state'), dataIndex: 'state', render: (v: string) => <Tag color={v === 'ready' ? 'green' : v === 'limited' ? 'orange' : 'red'}>{t(`response.evacStates.${v}`)}</Tag> },
              ...(write ? [actions<Place>(setEditPlace, (id, o) => removePlace.mutate(id, o), 'place')] : []),
            ]} />
          </Card>
          <Card size="small" title={t('response.forms.routeList')} style={{ marginTop: 16 }}>
            <Table<Route> size="small" rowKey="id" pagination={{ pageSize: 8 }} dataSource={routes.data?.items ?? []} data-testid="evac-routes" columns={[
              { title: t('response.forms.name'), dataIndex: 'name' },
              { title: t('response.forms.peoplePerHour'), dataIndex: 'peoplePerHour' },
              { title: t('response.evacuation.state'), dataIndex: 'state', render: (v: string) => <Tag color={v === 'ready' ? 'green' : v === 'limited' ? 'orange' : 'red'}>{t(`response.evacStates.${v}`)}</Tag> },
              ...(write ? [actions<Route>(setEditRoute, (id, o) => removeRoute.mutate(id, o), 'route')] : []),
            ]} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
