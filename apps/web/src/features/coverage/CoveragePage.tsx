/**
 * 警报覆盖: the siren map (sirens by state, the audible circles of a run, uncovered areas, suggested sites) beside the
 * coverage of each district and town against the target (red below it); a run button with its progress bar (SSE);
 * and what-if: click the map to add a siren, click a siren to leave it out, re-run, compare with the base run.
 */
import { App, Button, Card, Checkbox, Empty, InputNumber, Progress, Radio, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import {
  useCancelRun, useComparison, useCoverageRuns, useCoverageSettings, useMapSirens, useRunProgress, useRunResults, useStartRun,
  type CoverageArea, type CoverageRun, type SiteProps,
} from './coverageApi.ts';
import { circles, LEVEL_BANDS, levelGrid, rasterImage } from './coverageMap.ts';
import { SIREN_STATE_COLORS, SirenMap } from './SirenMap.tsx';
import { TownOutlinesImport } from './TownOutlinesImport.tsx';
import './coverage.css';

type AreaNode = CoverageArea & { children?: AreaNode[] };

/** Districts with their towns under them; the jurisdiction's own row first. */
function areaTree(rows: readonly CoverageArea[]): AreaNode[] {
  const counties = rows.filter((r) => r.level === 'county').map((c): AreaNode => ({ ...c, children: rows.filter((r) => r.level === 'town' && r.code.startsWith(c.code)) }));
  const placed = new Set(counties.flatMap((c) => [c.code, ...(c.children ?? []).map((t) => t.code)]));
  const rest: AreaNode[] = rows.filter((r) => !placed.has(r.code));
  return [...rest, ...counties].map((n) => (n.children && n.children.length === 0 ? { ...n, children: undefined } : n));
}

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} %`);

function PercentCell({ value, target }: { value: number | null; target: number | null }) {
  const below = target !== null && value !== null && value < target;
  return <Typography.Text type={below ? 'danger' : undefined} strong={below}>{pct(value)}</Typography.Text>;
}

export default function CoveragePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const settings = useCoverageSettings();
  const runs = useCoverageRuns();
  const sirens = useMapSirens();
  const start = useStartRun();
  const cancel = useCancelRun();
  const [chosen, setChosen] = useState<number | null>(null);
  const [started, setStarted] = useState<number | null>(null);
  const [threshold, setThreshold] = useState<number | null>(null);
  const [cellM, setCellM] = useState<number | null>(null);
  const [layers, setLayers] = useState<string[]>(['coverage', 'uncovered', 'sites']);
  const [mode, setMode] = useState<'view' | 'add' | 'remove'>('view');
  const [added, setAdded] = useState<Array<[number, number]>>([]);
  const [removed, setRemoved] = useState<number[]>([]);
  const [compareWith, setCompareWith] = useState<{ base: number; whatIf: number } | null>(null);

  const items = runs.data?.items ?? [];
  const succeeded = items.filter((r) => r.status === 'succeeded');
  const shownId = chosen ?? succeeded[0]?.id ?? null;
  const shown = items.find((r) => r.id === shownId);
  const results = useRunResults(shown);
  const progress = useRunProgress(started);
  const running = items.find((r) => r.id === started && (r.status === 'queued' || r.status === 'running'));
  const comparison = useComparison(compareWith?.base ?? null, compareWith && items.find((r) => r.id === compareWith.whatIf)?.status === 'succeeded' ? compareWith.whatIf : null);

  const onError = (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
  const run = (extra: { removeSirenIds?: number[]; addSirens?: Array<{ location: [number, number] }>; baseRunId?: number; label?: string } = {}) =>
    start.mutateAsync({ ...(threshold !== null ? { thresholdDb: threshold } : {}), ...(cellM !== null ? { cellM } : {}), ...extra }).then((r) => {
      setStarted(r.id);
      setChosen(r.id);
      if (extra.baseRunId) setCompareWith({ base: extra.baseRunId, whatIf: r.id });
      return r;
    }, onError);

  const coverage = useMemo(() => (layers.includes('coverage') ? circles(results.sirens) : null), [layers, results.sirens]);
  const rasterOn = layers.includes('raster');
  const raster = useMemo(() => {
    if (!rasterOn || !results.sirens || !shown) return null;
    const grid = levelGrid(results.sirens.features.map((f) => ({ lng: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]!, radiusM: f.properties.radiusM })),
      shown.params, Math.max(50, shown.params.cellM));
    return grid ? rasterImage(grid, shown.params.thresholdDb) : null;
  }, [rasterOn, results.sirens, shown]);
  const addedFc = useMemo((): FeatureCollection => ({
    type: 'FeatureCollection', features: added.map((p, i) => ({ type: 'Feature', properties: { n: i + 1 }, geometry: { type: 'Point', coordinates: p } })),
  }), [added]);
  const tree = useMemo(() => areaTree(results.areas ?? []), [results.areas]);
  const target = settings.data?.targetPercent ?? 100;
  const belowTarget = (results.areas ?? []).filter((a) => a.belowTarget).length;

  const onMapClick = (p: [number, number]) => { if (mode === 'add') setAdded((a) => [...a, p]); };
  const onSirenClick = (id: number) => {
    if (mode === 'remove') setRemoved((r) => (r.includes(id) ? r.filter((x) => x !== id) : [...r, id]));
  };
  const sirenName = (id: number) => sirens.data?.features.find((f) => f.properties.id === id)?.properties;
  const runLabel = (r: CoverageRun) => `#${r.id} ${r.params.label ?? ''} ${formatTime(r.createdAt)}${r.params.baseRunId ? ` · ${t('coverage.whatIfOf', { id: r.params.baseRunId })}` : ''}`;

  return (
    <div className="page coverage-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
        <div>
          <Typography.Title level={3} style={{ marginBottom: 4 }}>{t('coverage.title')}</Typography.Title>
          <Typography.Text type="secondary">
            {settings.data ? t('coverage.model', { threshold: settings.data.thresholdDb, excess: settings.data.excessDbPerDoubling.toFixed(2), source: settings.data.modelSource }) : null}
          </Typography.Text>
        </div>
        <Space wrap>
          <Select
            style={{ width: 340 }} placeholder={t('coverage.pickRun')} value={shownId ?? undefined} onChange={(v: number) => setChosen(v)}
            options={items.map((r) => ({ value: r.id, label: `${runLabel(r)} · ${t(`coverage.status.${r.status}`)}`, disabled: r.status !== 'succeeded' }))}
            data-testid="coverage-run-select"
          />
        </Space>
      </Space>

      <Card size="small" className="coverage-controls">
        <Space wrap align="center">
          <span>{t('coverage.threshold')}</span>
          <InputNumber min={30} max={130} step={1} value={threshold ?? settings.data?.thresholdDb} onChange={(v) => setThreshold(v)} suffix="dB" style={{ width: 110 }} />
          <span>{t('coverage.cell')}</span>
          <Select style={{ width: 110 }} value={cellM ?? settings.data?.cellM} onChange={(v: number) => setCellM(v)} options={[50, 100, 200, 500].map((v) => ({ value: v, label: `${v} m` }))} />
          {can('sirens:write') ? (
            <Button type="primary" loading={start.isPending} disabled={!!running} onClick={() => void run()} data-testid="coverage-run">{t('coverage.run')}</Button>
          ) : null}
          {running ? (
            <Space style={{ minWidth: 320 }}>
              <Progress percent={progress?.percent ?? running.percent} status="active" style={{ width: 220, margin: 0 }} size="small" data-testid="coverage-progress" />
              <Typography.Text type="secondary">{t(`coverage.phase.${progress?.phase ?? running.phase}`, { defaultValue: progress?.phase ?? running.phase })}</Typography.Text>
              <Button size="small" onClick={() => cancel.mutate(running.id, { onError })}>{t('coverage.cancel')}</Button>
            </Space>
          ) : null}
          {shown?.status === 'succeeded' && shown.summary ? (
            <Space size="large" className="coverage-summary">
              <span>{t('coverage.areaCovered')} <strong>{pct(shown.summary.areaPercent)}</strong></span>
              <span>{t('coverage.peopleCovered')} <strong>{pct(shown.summary.peoplePercent)}</strong></span>
              <span>{t('coverage.sirensCounted')} <strong>{shown.inputs?.sirens ?? 0}</strong></span>
              <Tooltip title={shown.inputs?.sha256}><Tag>{t('coverage.inputs')} {shown.inputs?.sha256.slice(0, 10)}</Tag></Tooltip>
            </Space>
          ) : null}
        </Space>
      </Card>

      <div className="coverage-grid">
        <div className="coverage-map-col">
          <Space wrap className="coverage-map-tools">
            <Checkbox.Group value={layers} onChange={(v) => setLayers(v as string[])} options={[
              { value: 'coverage', label: t('coverage.layer.coverage') },
              { value: 'raster', label: t('coverage.layer.raster') },
              { value: 'uncovered', label: t('coverage.layer.uncovered') },
              { value: 'sites', label: t('coverage.layer.sites') },
            ]} />
            {rasterOn && shown ? (
              <div className="coverage-legend" data-testid="coverage-raster-legend">
                <span>{t('coverage.raster.title')}</span>
                {LEVEL_BANDS.map((b) => (
                  <span key={b.key}>
                    <i className="sq" style={{ background: `rgba(${b.rgba[0]},${b.rgba[1]},${b.rgba[2]},${(b.rgba[3] / 255).toFixed(2)})` }} />
                    {t(`coverage.raster.${b.key}`, { db: shown.params.thresholdDb + b.from, to: shown.params.thresholdDb + b.from + 10 })}
                  </span>
                ))}
              </div>
            ) : null}
          </Space>
          <SirenMap
            sirens={sirens.data ?? null} coverage={coverage} raster={raster} uncovered={layers.includes('uncovered') ? results.uncovered : null}
            sites={layers.includes('sites') ? results.sites : null} added={addedFc} marked={removed} markColor="#cf1322"
            // A siren takes the click only while removing: in the dense city the points cover most of the map, and adding
            // a siren beside one must still work.
            onMapClick={onMapClick} onSirenClick={mode === 'remove' ? onSirenClick : undefined} testId="coverage-map"
          />
          <div className="coverage-legend">
            {Object.entries(SIREN_STATE_COLORS).map(([s, c]) => <span key={s}><i style={{ background: c }} />{t(`coverage.state.${s}`)}</span>)}
            <span><i className="sq" style={{ background: 'rgba(22,119,255,0.35)' }} />{t('coverage.layer.coverage')}</span>
            <span><i className="sq" style={{ background: 'rgba(207,19,34,0.35)' }} />{t('coverage.layer.uncovered')}</span>
            <span><i style={{ background: '#722ed1' }} />{t('coverage.goal.target')}</span>
            <span><i style={{ background: '#eb2f96' }} />{t('coverage.goal.best_k')}</span>
          </div>
        </div>
        <Card size="small" className="coverage-side">
          <Tabs items={[
            {
              key: 'areas', label: t('coverage.tab.areas'),
              children: results.areas ? (
                <>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('coverage.targetNote', { target })} {belowTarget > 0 ? <Typography.Text type="danger">{t('coverage.belowCount', { count: belowTarget })}</Typography.Text> : null}
                  </Typography.Paragraph>
                  <Table<AreaNode>
                    rowKey="code" size="small" pagination={false} dataSource={tree} scroll={{ y: 520 }} data-testid="coverage-areas"
                    expandable={{ defaultExpandedRowKeys: [] }}
                    columns={[
                      { title: t('coverage.col.area'), dataIndex: 'name', render: (n: string, r) => <span>{n}{r.targetPercent !== null ? <Tag color="blue" style={{ marginInlineStart: 6 }}>{t('coverage.targetTag')}</Tag> : null}</span> },
                      { title: t('coverage.col.areaPercent'), dataIndex: 'areaPercent', width: 70, align: 'right', render: (v: number | null, r) => <PercentCell value={v} target={r.targetPercent} /> },
                      { title: t('coverage.col.peoplePercent'), dataIndex: 'peoplePercent', width: 70, align: 'right', render: (v: number | null, r) => <PercentCell value={v} target={r.targetPercent} /> },
                      { title: t('coverage.col.people'), dataIndex: 'people', width: 88, align: 'right', render: (v: number) => v.toLocaleString() },
                      { title: t('coverage.col.status'), width: 70, render: (_, r) => (r.targetPercent === null ? '—' : r.belowTarget ? <Tag color="red">{t('coverage.below')}</Tag> : <Tag color="green">{t('coverage.met')}</Tag>) },
                    ]}
                  />
                </>
              ) : <Empty description={t(shown ? 'coverage.waiting' : 'coverage.noRun')} />,
            },
            {
              key: 'uncovered', label: t('coverage.tab.uncovered'),
              children: (
                <Table
                  rowKey={(r) => r.properties.seq} size="small" pagination={{ pageSize: 12, size: 'small' }} dataSource={results.uncovered?.features ?? []}
                  columns={[
                    { title: '#', width: 50, render: (_, r) => r.properties.seq },
                    { title: t('coverage.col.region'), render: (_, r) => (results.areas ?? []).find((a) => a.code === r.properties.regionCode)?.name ?? r.properties.regionCode },
                    { title: t('coverage.col.areaKm2'), align: 'right', render: (_, r) => r.properties.areaKm2.toFixed(2) },
                    { title: t('coverage.col.people'), align: 'right', render: (_, r) => r.properties.people.toLocaleString() },
                  ]}
                  footer={() => (shown?.summary ? t('coverage.uncoveredNote', { shown: results.uncovered?.features.length ?? 0, total: shown.summary.uncoveredAreas }) : null)}
                />
              ),
            },
            {
              key: 'sites', label: t('coverage.tab.sites'),
              children: <Sites sites={results.sites} run={shown} regionName={(code) => (results.areas ?? []).find((a) => a.code === code)?.name ?? code} />,
            },
            {
              key: 'whatif', label: t('coverage.tab.whatIf'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} optionType="button" data-testid="coverage-mode" options={[
                    { value: 'view', label: t('coverage.mode.view') },
                    { value: 'add', label: t('coverage.mode.add') },
                    { value: 'remove', label: t('coverage.mode.remove') },
                  ]} />
                  <Typography.Text type="secondary">{t(`coverage.modeHint.${mode}`)}</Typography.Text>
                  <div>
                    <Typography.Text strong>{t('coverage.added', { count: added.length })}</Typography.Text>{' '}
                    {added.map((p, i) => <Tag key={`${p[0]},${p[1]}`} closable onClose={() => setAdded((a) => a.filter((_, k) => k !== i))}>{`${p[0].toFixed(4)}, ${p[1].toFixed(4)}`}</Tag>)}
                  </div>
                  <div>
                    <Typography.Text strong>{t('coverage.removed', { count: removed.length })}</Typography.Text>{' '}
                    {removed.map((id) => <Tag key={id} color="red" closable onClose={() => setRemoved((r) => r.filter((x) => x !== id))}>{sirenName(id)?.code ?? id}</Tag>)}
                  </div>
                  {can('sirens:write') ? (
                    <Button type="primary" disabled={!shown || shown.status !== 'succeeded' || (added.length === 0 && removed.length === 0) || !!running} loading={start.isPending}
                      data-testid="coverage-whatif-run"
                      onClick={() => void run({ baseRunId: shown!.id, removeSirenIds: removed, addSirens: added.map((location) => ({ location })), label: t('coverage.whatIfLabel') })}>
                      {t('coverage.runWhatIf')}
                    </Button>
                  ) : null}
                  {comparison.data ? <CompareTable data={comparison.data} /> : compareWith ? <Typography.Text type="secondary">{t('coverage.waiting')}</Typography.Text> : null}
                </Space>
              ),
            },
            ...(can('sirens:write') ? [{ key: 'outlines', label: t('coverage.outlines.tab'), children: <TownOutlinesImport /> }] : []),
          ]} />
        </Card>
      </div>
    </div>
  );
}

function Sites({ sites, run, regionName }: { sites: FeatureCollection<GeoJSON.Point, SiteProps> | null; run: CoverageRun | undefined; regionName: (code: string) => string }) {
  const { t } = useTranslation();
  if (!sites || !run?.summary) return <Empty description={t('coverage.noRun')} />;
  const of = (goal: SiteProps['goal']) => sites.features.filter((f) => f.properties.goal === goal);
  const table = (goal: SiteProps['goal']) => (
    <Table
      rowKey={(r) => r.properties.rank} size="small" pagination={{ pageSize: 8, size: 'small' }} dataSource={of(goal)}
      columns={[
        { title: '#', width: 44, render: (_, r) => r.properties.rank },
        { title: t('coverage.col.region'), render: (_, r) => regionName(r.properties.regionCode) },
        { title: t('coverage.col.location'), render: (_, r) => (r.geometry.coordinates as number[]).map((v) => v.toFixed(4)).join(', ') },
        { title: t('coverage.col.peopleNew'), align: 'right', render: (_, r) => r.properties.peopleNew.toLocaleString() },
      ]}
    />
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('coverage.goal.target')}</Typography.Text>
      <Typography.Text type="secondary">
        {t(run.summary.reachedTarget ? 'coverage.reached' : 'coverage.notReached', { count: run.summary.targetSites, coverage: (run.summary.targetCoverage * 100).toFixed(1), candidates: run.summary.candidates })}
      </Typography.Text>
      {table('target')}
      <Typography.Text strong>{t('coverage.goal.best_k')}（k = {run.params.k}）</Typography.Text>
      {table('best_k')}
    </Space>
  );
}

function CompareTable({ data }: { data: NonNullable<ReturnType<typeof useComparison>['data']> }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="code" size="small" pagination={{ pageSize: 10, size: 'small' }} dataSource={data.areas} data-testid="coverage-compare"
      title={() => t('coverage.compareTitle', { a: data.a.id, b: data.b.id })}
      columns={[
        { title: t('coverage.col.area'), dataIndex: 'name' },
        { title: t('coverage.col.peoplePercentA'), align: 'right', render: (_, r) => <PercentCell value={r.peoplePercentA} target={r.targetPercent} /> },
        { title: t('coverage.col.peoplePercentB'), align: 'right', render: (_, r) => <PercentCell value={r.peoplePercentB} target={r.targetPercent} /> },
        {
          title: t('coverage.col.difference'), align: 'right', dataIndex: 'peopleDifference',
          render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : v > 0 ? 'success' : undefined}>{v > 0 ? `+${v.toLocaleString()}` : v.toLocaleString()}</Typography.Text>,
        },
      ]}
    />
  );
}
