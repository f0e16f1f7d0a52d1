import { App, Breadcrumb, Button, Card, Form, Input, InputNumber, Popover, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { BALANCE_STATUSES, DEFAULT_DETOUR_FACTOR, DEFAULT_SERVICE_RADIUS_M, LIFECYCLE_STATES } from '@civdef/domain';
import type { EChartsCoreOption } from 'echarts/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { EChart } from '../dashboard/EChart.tsx';
import { PlanningMap, STATUS_COLORS, type GapPoint, type WhatIf } from './PlanningMap.tsx';
import { GapCard } from './GapCard.tsx';
import { AreaSetCard } from './AreaSetCard.tsx';
import type { FeatureCollection } from 'geojson';
import { PopulationImportButton } from './PopulationImport.tsx';
import { reportsApi } from './populationApi.ts';
import { BuildingCheckCard, CompareCard } from './PlanningTools.tsx';
import { planningKeys, useBalance, useBalanceMap, useStayRatio, useCancelRun, useRun, useRunLayers, useRuns, useStartRun, type AreaBalance, type Run } from './planningApi.ts';
import './planning.css';

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/**
 * 人防规划: the balance of people staying against shelter places per area with drill-down (table and choropleth),
 * allocation runs started from here with a progress bar, and a finished run's results on the map and as the
 * walking-distance chart.
 */
export default function PlanningPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [path, setPath] = useState<Array<{ code: string; name: string }>>([]);
  const parent = path.at(-1)?.code;
  const balance = useBalance(parent);
  const map = useBalanceMap(parent);
  const runs = useRuns();
  const [runId, setRunId] = useState<number | null>(null);
  const shownRunId = runId ?? runs.data?.items.find((r) => r.status === 'succeeded')?.id ?? null;
  const run = useRun(shownRunId);
  const layers = useRunLayers(run.data);
  const start = useStartRun();
  const cancel = useCancelRun();
  const [form] = Form.useForm<{ radiusM: number; detourFactor: number; label?: string; removeWorkIds?: string }>();
  const zh = i18n.language !== 'en';

  const drill = (a: Pick<AreaBalance, 'code' | 'name' | 'hasChildren'>) => {
    if (a.hasChildren) setPath((p) => [...p, { code: a.code, name: a.name }]);
  };
  const statusLabel = (code: string) => {
    const s = BALANCE_STATUSES.find((x) => x.code === code);
    return s ? (zh ? s.zh : s.en) : code;
  };

  const columns: ColumnsType<AreaBalance> = [
    {
      title: t('planning.col.area'), dataIndex: 'name', key: 'name',
      render: (name: string, a) => (a.hasChildren ? <Typography.Link onClick={() => drill(a)}>{name}</Typography.Link> : name),
    },
    { title: t('planning.col.people'), dataIndex: 'people', align: 'right', render: (v: number) => fmt(v) },
    {
      title: t('planning.col.stayRatio'), dataIndex: 'stayRatio', align: 'right',
      render: (v: number, a) => (can('planning:write') ? <StayRatioEditor area={a} /> : <span title={t(`planning.ratioSource.${a.stayRatioSource}`)}>{pct(v)}</span>),
    },
    { title: t('planning.col.peopleStaying'), dataIndex: 'peopleStaying', align: 'right', render: (v: number) => fmt(v) },
    { title: t('planning.col.places'), dataIndex: 'places', align: 'right', render: (v: number) => fmt(v) },
    { title: t('planning.col.placesPerPerson'), dataIndex: 'placesPerPerson', align: 'right', render: (v: number | null) => fmt(v, 2) },
    { title: t('planning.col.m2PerPerson'), dataIndex: 'm2PerPerson', align: 'right', render: (v: number | null) => fmt(v, 2) },
    {
      title: t('planning.col.placesSurplus'), dataIndex: 'placesSurplus', align: 'right', sorter: (a, b) => a.placesSurplus - b.placesSurplus,
      render: (v: number) => <span style={{ color: v < 0 ? '#cf1322' : undefined }}>{v > 0 ? `+${fmt(v)}` : fmt(v)}</span>,
    },
    {
      title: t('planning.col.status'), dataIndex: 'status',
      render: (v: string) => <Tag color={STATUS_COLORS[v]} data-testid={`status-${v}`}>{statusLabel(v)}</Tag>,
    },
    { title: t('planning.col.works'), dataIndex: 'works', align: 'right', render: (v: number) => fmt(v) },
  ];

  const onStart = async () => {
    const v = await form.validateFields();
    const removeWorkIds = (v.removeWorkIds ?? '').split(/[,，\s]+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    try {
      const created = await start.mutateAsync({ radiusM: v.radiusM, detourFactor: v.detourFactor, label: v.label || undefined, removeWorkIds });
      setRunId(created.id);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  // What-ifs asked from the map (or the 300 m button): a new run with the form's parameters and the one change.
  const [diff, setDiff] = useState<Record<string, number> | null>(null);
  const [gapSites, setGapSites] = useState<GapPoint[] | null>(null);
  const whatIf = async (w: WhatIf | { radiusM: number }) => {
    const v = form.getFieldsValue();
    const body = 'radiusM' in w
      ? { radiusM: w.radiusM, detourFactor: v.detourFactor, label: `${w.radiusM} m` }
      : 'removeWorkId' in w
        ? { radiusM: v.radiusM, detourFactor: v.detourFactor, label: `− ${w.name}`.slice(0, 200), removeWorkIds: [w.removeWorkId] }
        : { radiusM: v.radiusM, detourFactor: v.detourFactor, label: `+ ${t('planx.whatIf.newWork')}`, addShelters: [{ name: t('planx.whatIf.newWork'), location: [w.add.lng, w.add.lat] as [number, number], places: w.add.places }] };
    try {
      const created = await start.mutateAsync(body);
      setRunId(created.id);
      message.success(t('planx.whatIf.started', { id: created.id }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const onGapSites = useCallback((s: GapPoint[] | null) => setGapSites(s), []);
  const onDiff = useCallback((d: Record<string, number> | null) => setDiff(d), []);
  // An imported set of assessment areas replaces the jurisdictions on the map while it is chosen.
  const [areaSet, setAreaSet] = useState<FeatureCollection | null>(null);
  const onAreaSet = useCallback((fc: FeatureCollection | null) => setAreaSet(fc), []);

  const current = run.data;
  const active = current && (current.status === 'queued' || current.status === 'running');
  const qc = useQueryClient();
  // A run that has just ended changes the list (its status, and the runs the comparison can choose from).
  useEffect(() => {
    if (current && !active) void qc.invalidateQueries({ queryKey: planningKeys.runs });
  }, [current, active, qc]);
  const histogram = useMemo(() => distanceOption(current, t('planning.run.people'), t('planning.run.metres')), [current, t]);
  const states = (balance.data?.defaults.countedStates ?? []).map((s) => {
    const l = LIFECYCLE_STATES.find((x) => x.code === s);
    return l ? (zh ? l.zh : l.en) : s;
  });

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>{t('planning.title')}</Typography.Title>
        <Space>
          {can('planning:write') && <PopulationImportButton />}
          <Link to={`/planning/report${parent ? `?parent=${parent}` : ''}`} data-testid="report-link">{t('planx.report')}</Link>
        </Space>
      </div>
      <div className="planning-stack">
        <Card
          title={t('planning.balanceTitle')}
          extra={balance.data && (
            <Space>
              <Tag>{t('planning.target', { min: balance.data.target.min, max: balance.data.target.max })}</Tag>
              <Button size="small" onClick={() => void reportsApi.balanceXlsx(parent)} data-testid="balance-export">{t('planx.exportXlsx')}</Button>
            </Space>
          )}
          variant="borderless"
        >
          <Breadcrumb
            style={{ marginBottom: 8 }}
            items={[
              { title: <Typography.Link onClick={() => setPath([])}>{balance.data && path.length === 0 ? balance.data.parent.name : t('planning.whole')}</Typography.Link> },
              ...path.map((p, k) => ({ title: <Typography.Link onClick={() => setPath((x) => x.slice(0, k + 1))}>{p.name}</Typography.Link> })),
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('planning.drillHint')}
            {balance.data && ` · ${t('planning.defaults', { ratio: pct(balance.data.defaults.stayRatio), states: states.join('、'), m2: balance.data.defaults.areaPerPersonM2 })}`}
          </Typography.Paragraph>
          <Table<AreaBalance>
            size="small"
            rowKey="code"
            loading={balance.isLoading}
            columns={columns}
            dataSource={balance.data?.children ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="balance-table"
            summary={() => balance.data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><strong>{t('planning.whole')}</strong></Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{fmt(balance.data.parent.people)}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{pct(balance.data.parent.stayRatio)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{fmt(balance.data.parent.peopleStaying)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{fmt(balance.data.parent.places)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">{fmt(balance.data.parent.placesPerPerson, 2)}</Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">{fmt(balance.data.parent.m2PerPerson, 2)}</Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">{fmt(balance.data.parent.placesSurplus)}</Table.Summary.Cell>
                <Table.Summary.Cell index={8}><Tag color={STATUS_COLORS[balance.data.parent.status]}>{statusLabel(balance.data.parent.status)}</Tag></Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right">{fmt(balance.data.parent.works)}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Card>
        <div className="planning-grid">
        <Card variant="borderless">
          <div>
            <PlanningMap
              areas={areaSet ?? (map.data?.map as never) ?? null}
              shelters={layers.shelters}
              unassigned={layers.unassigned}
              runId={current?.status === 'succeeded' ? current.id : null}
              diff={diff}
              gaps={gapSites}
              onWhatIf={can('planning:write') ? (w) => void whatIf(w) : undefined}
              onArea={(code) => {
                const a = balance.data?.children.find((c) => c.code === code);
                if (a) drill(a);
              }}
            />
          </div>
        </Card>
        <Card title={t('planning.run.title')} variant="borderless">
          <Form form={form} layout="vertical" initialValues={{ radiusM: DEFAULT_SERVICE_RADIUS_M, detourFactor: DEFAULT_DETOUR_FACTOR }} size="small">
            <Space wrap>
              <Form.Item name="radiusM" label={t('planning.run.radius')} rules={[{ required: true }]}>
                <InputNumber min={10} max={5000} step={50} data-testid="run-radius" />
              </Form.Item>
              <Form.Item name="detourFactor" label={t('planning.run.detour')} rules={[{ required: true }]}>
                <InputNumber min={1} max={10} step={0.1} />
              </Form.Item>
            </Space>
            <Form.Item name="label" label={t('planning.run.label')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="removeWorkIds" label={t('planning.run.removeWork')}>
              <Input placeholder="12, 34" />
            </Form.Item>
            <Space>
              <Button type="primary" onClick={() => void onStart()} loading={start.isPending} disabled={Boolean(active)} data-testid="run-start">
                {t('planning.run.start')}
              </Button>
              <Button onClick={() => void whatIf({ radiusM: 300 })} disabled={Boolean(active)} data-testid="run-300">{t('planx.whatIf.radius300')}</Button>
              {active && (
                <Button danger onClick={() => cancel.mutate(current.id, { onError: (err) => message.error(err instanceof ApiError ? err.message : String(err)) })} loading={cancel.isPending} data-testid="run-cancel">
                  {t('planning.run.cancel')}
                </Button>
              )}
            </Space>
          </Form>
          {current && <RunView run={current} histogram={histogram} />}
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('planning.run.history')}</Typography.Title>
          <Select
            style={{ width: '100%' }}
            value={shownRunId ?? undefined}
            onChange={(id: number) => setRunId(id)}
            options={(runs.data?.items ?? []).map((r) => ({
              value: r.id,
              label: `#${r.id} ${r.params.label ?? ''} · ${r.params.radiusM} m · ${t(`planning.run.status.${r.status}`)}${r.summary ? ` · ${pct(r.summary.coverage)}` : ''}`,
            }))}
          />
        </Card>
        </div>
        <div className="planning-grid">
          <CompareCard runs={runs.data?.items ?? []} onDiff={onDiff} />
          <GapCard runId={current?.status === 'succeeded' ? current.id : null} regionName={(c) => map.data ? regionNameOf(map.data, c) : c} onSites={onGapSites} />
        </div>
        <div className="planning-grid">
          <AreaSetCard onAreas={onAreaSet} />
          <BuildingCheckCard />
        </div>
      </div>
    </div>
  );
}

/** A region's name from the choropleth's features (the areas shown), else its code. */
function regionNameOf(map: { map: unknown }, code: string): string {
  const features = (map.map as { features?: Array<{ properties?: { code?: string; name?: string } }> }).features ?? [];
  const hit = features.find((f) => f.properties?.code && code.startsWith(String(f.properties.code).replace(/0+$/, '')));
  return hit?.properties?.name ? `${hit.properties.name} ${code.slice(6)}`.trim() : code;
}

/** The area's 留城比例 with an editor (planners): set its own value, or clear it to inherit again. */
function StayRatioEditor({ area }: { area: AreaBalance }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { set, clear } = useStayRatio();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<number | null>(Math.round(area.stayRatio * 1000) / 10);
  const fail = (err: unknown) => message.error(err instanceof ApiError ? err.message : String(err));
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={`${area.name} · ${t('planning.col.stayRatio')}`}
      content={
        <Space orientation="vertical">
          <InputNumber min={0} max={100} step={5} value={value} onChange={setValue} suffix="%" data-testid={`stay-ratio-input-${area.code}`} />
          <Space>
            <Button size="small" type="primary" loading={set.isPending} disabled={value === null} data-testid="stay-ratio-save"
              onClick={() => set.mutate({ code: area.code, stayRatio: (value ?? 0) / 100 }, { onSuccess: () => setOpen(false), onError: fail })}>
              {t('common.save')}
            </Button>
            {area.stayRatioSource === 'own' && (
              <Button size="small" loading={clear.isPending} onClick={() => clear.mutate(area.code, { onSuccess: () => setOpen(false), onError: fail })}>
                {t('planning.ratioClear')}
              </Button>
            )}
          </Space>
        </Space>
      }
    >
      <Typography.Link title={t(`planning.ratioSource.${area.stayRatioSource}`)} data-testid={`stay-ratio-${area.code}`}>
        {pct(area.stayRatio)}
        {area.stayRatioSource === 'own' ? ' *' : ''}
      </Typography.Link>
    </Popover>
  );
}

function RunView({ run, histogram }: { run: Run; histogram: object | null }) {
  const { t } = useTranslation();
  const active = run.status === 'queued' || run.status === 'running';
  return (
    <div style={{ marginTop: 16 }} data-testid="run-view">
      <Space>
        <Tag data-testid="run-status" data-status={run.status}>{t(`planning.run.status.${run.status}`)}</Tag>
        {active && <span>{t(`planning.run.phase.${run.phase}`, { defaultValue: run.phase })}</span>}
      </Space>
      {active && <Progress percent={run.percent} status="active" data-testid="run-progress" />}
      {run.status === 'failed' && <Typography.Paragraph type="danger">{t('planning.run.failed', { error: run.error ?? '' })}</Typography.Paragraph>}
      {run.summary && (
        <>
          <Typography.Paragraph style={{ marginTop: 8 }} data-testid="run-summary">
            {t('planning.run.summary', { people: fmt(run.summary.people), assigned: fmt(run.summary.assigned), unassigned: fmt(run.summary.unassigned), coverage: pct(run.summary.coverage) })}
          </Typography.Paragraph>
          {run.certificate && (
            <Typography.Paragraph type={run.certificate.optimal ? 'success' : 'danger'} data-testid="run-certificate">
              {run.certificate.optimal ? t('planning.run.certificateOk', { cost: fmt(run.certificate.primalCost) }) : t('planning.run.certificateBad')}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('planning.run.time', { solve: fmt(run.summary.solveMs), check: fmt(run.summary.checkMs), total: fmt(run.summary.totalMs) })}
          </Typography.Paragraph>
        </>
      )}
      {run.distance && histogram && (
        <>
          <Typography.Title level={5}>{t('planning.run.distanceTitle')}</Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('planning.run.distanceStats', { mean: fmt(run.distance.mean), p50: fmt(run.distance.p50), p90: fmt(run.distance.p90), max: fmt(run.distance.max) })}
          </Typography.Paragraph>
          <EChart option={histogram as EChartsCoreOption} height={220} testId="distance-chart" />
        </>
      )}
    </div>
  );
}

function distanceOption(run: Run | undefined, peopleLabel: string, metresLabel: string): object | null {
  const d = run?.distance;
  if (!d) return null;
  return {
    grid: { left: 50, right: 10, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', name: metresLabel, data: d.histogram.map((_, k) => `${k * d.binMetres}–${(k + 1) * d.binMetres}`) },
    yAxis: { type: 'value', name: peopleLabel },
    series: [{ type: 'bar', data: d.histogram, itemStyle: { color: '#1f6fd1' } }],
  };
}
