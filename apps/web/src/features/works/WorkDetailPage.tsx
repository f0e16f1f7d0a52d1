import { ArrowLeftOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Result, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { ENTRANCE_KINDS, TRANSITIONS_NEEDING_APPROVAL, type LifecycleState } from '@civdef/domain';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { formatTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import { ArchivesTab } from './ArchivesTab.tsx';
import { SIGN_COLORS, STATE_COLORS, useLabels } from './labels.ts';
import { TransitionModal } from './TransitionModal.tsx';
import type { ProtectionUnit, WorkDetail } from './types.ts';
import { UpkeepTab } from './UpkeepTab.tsx';
import { useLifecycle, useWork } from './worksApi.ts';
import './works.css';

const TABS = ['basic', 'units', 'entrances', 'lifecycle', 'use', 'upkeep', 'archives'] as const;
type TabKey = (typeof TABS)[number];

export default function WorkDetailPage() {
  const { id } = useParams();
  const workId = Number(id);
  const work = useWork(workId);
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!Number.isInteger(workId)) return <Result status="404" title="404" subTitle={t('errors.notFound')} />;
  if (work.isPending) return <PageLoading />;
  if (work.isError)
    return (
      <Result
        status={work.error instanceof Error && 'status' in work.error && work.error.status === 404 ? '404' : 'error'}
        title={work.error.message}
        extra={<Button onClick={() => navigate('/works')}>{t('works.backToList')}</Button>}
      />
    );
  return <WorkDetailView work={work.data} refetch={() => void work.refetch()} fetching={work.isFetching} />;
}

function WorkDetailView({ work, refetch, fetching }: { work: WorkDetail; refetch: () => void; fetching: boolean }) {
  const { t } = useTranslation();
  const { lbl, fmt } = useLabels();
  const navigate = useNavigate();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'basic';
  const [step, setStep] = useState<LifecycleState | null>(null);

  const items: { key: TabKey; label: string; children: ReactNode }[] = [
    { key: 'basic', label: t('works.tabs.basic'), children: <BasicTab work={work} /> },
    { key: 'units', label: t('works.tabs.units', { count: work.units.length }), children: <UnitsTab work={work} /> },
    { key: 'entrances', label: t('works.tabs.entrances', { count: work.entrances.length }), children: <EntrancesTab work={work} /> },
    {
      key: 'lifecycle',
      label: t('works.tabs.lifecycle'),
      children: <LifecycleTab work={work} onStep={can('works:lifecycle') ? setStep : undefined} />,
    },
    { key: 'use', label: t('works.tabs.use'), children: <UseTab work={work} /> },
    { key: 'upkeep', label: t('works.tabs.upkeep'), children: <UpkeepTab work={work} /> },
    { key: 'archives', label: t('works.tabs.archives'), children: <ArchivesTab work={work} /> },
  ];

  return (
    <div className="page works-detail" data-testid="work-detail" data-version={work.version} data-state={work.lifecycleState}>
      <div className="page-head">
        <Space align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('works.backToList')} />
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="work-title">
            {work.name}
          </Typography.Title>
          <Typography.Text type="secondary" copyable>
            {work.code}
          </Typography.Text>
          <Tag color={STATE_COLORS[work.lifecycleState]} data-testid="work-state">
            {lbl('lifecycleState', work.lifecycleState)}
          </Tag>
          {work.overdue && <Tag color="error">{t('works.overdue')}</Tag>}
          {work.early && <Tag color="purple">{t('works.early')}</Tag>}
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} loading={fetching} onClick={refetch} aria-label={t('common.refresh')} />
          {can('works:write') && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/works/${work.id}/edit`)} data-testid="work-edit">
              {t('common.edit')}
            </Button>
          )}
        </Space>
      </div>
      <div className="works-kpis">
        <Kpi label={t('works.field.grossAreaM2')} value={fmt(work.grossAreaM2)} />
        <Kpi label={t('works.field.protectedAreaM2')} value={fmt(work.protectedAreaM2)} />
        <Kpi label={t('works.field.shelterAreaM2')} value={fmt(work.shelterAreaM2)} />
        <Kpi label={t('works.field.shelterPlaces')} value={fmt(work.shelterPlaces)} />
        <Kpi label={t('works.field.parkingSpaces')} value={fmt(work.parkingSpaces)} />
      </div>
      <Card variant="borderless" className="page-card">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'basic' ? {} : { tab: k }, { replace: true })}
          items={items}
          destroyOnHidden
        />
      </Card>
      <TransitionModal
        work={work}
        to={step}
        onClose={() => {
          setStep(null);
        }}
      />
    </div>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="works-kpi">
      <div className="works-kpi-label">{label}</div>
      <div className="works-kpi-value">{value}</div>
    </div>
  );
}

function BasicTab({ work }: { work: WorkDetail }) {
  const { t } = useTranslation();
  const { lbl } = useLabels();
  const d = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="work-basic">
      <Descriptions.Item label={t('works.field.code')}>{work.code}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.name')}>{work.name}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.region')}>
        {work.regionName ?? '—'} <Typography.Text type="secondary">({work.regionCode})</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('works.field.address')} span={2}>
        {d(work.address)}
      </Descriptions.Item>
      <Descriptions.Item label={t('works.field.location')}>
        <span data-testid="work-location">
          {work.location[0].toFixed(6)}, {work.location[1].toFixed(6)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('works.field.constructionForm')}>{lbl('constructionForm', work.constructionForm)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.workClass')}>{lbl('workClass', work.workClass)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.subtype')}>{lbl('subtype', work.subtype)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.protectionGrade')}>{lbl('protectionGrade', work.protectionGrade)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.chemicalGrade')}>{lbl('chemicalGrade', work.chemicalGrade)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.yearBuilt')}>{d(work.yearBuilt)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.parentProject')}>{d(work.parentProject)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.owner')}>{d(work.owner)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.managementUnit')}>{d(work.managementUnit)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.contact')}>
        {d([work.contactName, work.contactPhone].filter(Boolean).join(' '))}
      </Descriptions.Item>
      <Descriptions.Item label={t('works.field.isPublic')}>{work.isPublic ? t('common.yes') : t('common.no')}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.signStatus')}>
        <Tag color={SIGN_COLORS[work.signStatus]}>{lbl('signStatus', work.signStatus)}</Tag>
        {work.signNote && <Typography.Text type="secondary">{work.signNote} </Typography.Text>}
        {work.signCheckedAt && <Typography.Text type="secondary">{formatTime(work.signCheckedAt, false)}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label={t('works.field.version')}>{work.version}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.createdAt')}>{formatTime(work.createdAt, false)}</Descriptions.Item>
      <Descriptions.Item label={t('works.field.updatedAt')}>{formatTime(work.updatedAt, false)}</Descriptions.Item>
    </Descriptions>
  );
}

function UnitsTab({ work }: { work: WorkDetail }) {
  const { t } = useTranslation();
  const { lbl, fmt } = useLabels();
  const num = (v: number) => fmt(v);
  return (
    <Table<ProtectionUnit>
      rowKey={(u) => String(u.id ?? u.name)}
      size="small"
      pagination={false}
      dataSource={work.units}
      scroll={{ x: 1100 }}
      data-testid="units-table"
      columns={[
        { title: t('works.unit.name'), dataIndex: 'name', width: 140 },
        { title: t('works.field.grossAreaM2'), dataIndex: 'grossAreaM2', align: 'right', render: num },
        { title: t('works.field.protectedAreaM2'), dataIndex: 'protectedAreaM2', align: 'right', render: num },
        { title: t('works.field.shelterAreaM2'), dataIndex: 'shelterAreaM2', align: 'right', render: num },
        { title: t('works.field.shelterPlaces'), dataIndex: 'shelterPlaces', align: 'right', render: num },
        { title: t('works.unit.wartimeFunction'), dataIndex: 'wartimeFunction', render: (v: string | null) => lbl('subtype', v) },
        { title: t('works.field.protectionGrade'), dataIndex: 'protectionGrade', render: (v: string | null) => lbl('protectionGrade', v) },
        { title: t('works.field.chemicalGrade'), dataIndex: 'chemicalGrade', render: (v: string | null) => lbl('chemicalGrade', v) },
        { title: t('works.unit.blastUnits'), dataIndex: 'blastUnits', align: 'right' },
        { title: t('works.unit.peacetimeFunction'), dataIndex: 'peacetimeFunction', render: (v: string | null) => v ?? '—' },
        { title: t('works.field.parkingSpaces'), dataIndex: 'parkingSpaces', align: 'right', render: num },
      ]}
      summary={(rows) => {
        const sum = (k: 'grossAreaM2' | 'protectedAreaM2' | 'shelterAreaM2' | 'parkingSpaces') => rows.reduce((s, r) => s + r[k], 0);
        return (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <b>{t('works.unit.total')}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">{fmt(sum('grossAreaM2'))}</Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">{fmt(sum('protectedAreaM2'))}</Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">{fmt(sum('shelterAreaM2'))}</Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">{fmt(work.shelterPlaces)}</Table.Summary.Cell>
            <Table.Summary.Cell index={5} colSpan={3} />
            <Table.Summary.Cell index={8} align="right">{fmt(rows.reduce((s, r) => s + r.blastUnits, 0))}</Table.Summary.Cell>
            <Table.Summary.Cell index={9} />
            <Table.Summary.Cell index={10} align="right">{fmt(sum('parkingSpaces'))}</Table.Summary.Cell>
          </Table.Summary.Row>
        );
      }}
    />
  );
}

function EntrancesTab({ work }: { work: WorkDetail }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const kinds = new Map(options(ENTRANCE_KINDS).map((o) => [o.value, o.label]));
  if (!work.entrances.length) return <Empty description={t('works.noEntrances')} />;
  const wartime = work.entrances.filter((e) => e.kind !== 'vehicle').length;
  return (
    <>
      {work.units.length > 0 && wartime < 2 * work.units.length && (
        <Alert type="info" showIcon title={t('works.entranceHint', { count: work.units.length })} style={{ marginBottom: 12 }} />
      )}
      <Table
        rowKey={(e) => String(e.id)}
        size="small"
        pagination={false}
        dataSource={work.entrances}
        data-testid="entrances-table"
        columns={[
          { title: '#', key: 'n', width: 50, render: (_v, _e, i) => i + 1 },
          { title: t('works.entrance.kind'), dataIndex: 'kind', render: (v: string) => kinds.get(v) ?? v },
          { title: t('works.entrance.widthM'), dataIndex: 'widthM', align: 'right', render: (v: number | null) => (v === null ? '—' : `${v} m`) },
          {
            title: t('works.field.location'),
            dataIndex: 'location',
            render: (v: [number, number]) => `${v[0].toFixed(6)}, ${v[1].toFixed(6)}`,
          },
        ]}
      />
    </>
  );
}

function LifecycleTab({ work, onStep }: { work: WorkDetail; onStep?: (to: LifecycleState) => void }) {
  const { t } = useTranslation();
  const { lbl } = useLabels();
  const history = useLifecycle(work.id);
  return (
    <div className="works-lifecycle">
      <div className="works-lifecycle-steps" data-testid="lifecycle-steps">
        <Typography.Text strong>{t('works.lifecycle.current')}</Typography.Text>
        <Tag color={STATE_COLORS[work.lifecycleState]}>{lbl('lifecycleState', work.lifecycleState)}</Tag>
        <Typography.Text type="secondary">{t('works.lifecycle.next')}</Typography.Text>
        {work.allowedTransitions.length === 0 && <Typography.Text type="secondary">{t('works.lifecycle.terminal')}</Typography.Text>}
        {work.allowedTransitions.map((to) => (
          <Button
            key={to}
            size="small"
            danger={TRANSITIONS_NEEDING_APPROVAL.includes(to)}
            disabled={!onStep}
            onClick={() => onStep?.(to)}
            data-testid={`transition-${to}`}
          >
            {lbl('lifecycleState', to)}
          </Button>
        ))}
        {!onStep && work.allowedTransitions.length > 0 && <Typography.Text type="secondary">{t('works.lifecycle.noPermission')}</Typography.Text>}
      </div>
      {history.isPending ? (
        <PageLoading />
      ) : history.isError ? (
        <Alert type="error" showIcon title={history.error.message} />
      ) : history.data.items.length === 0 ? (
        <Empty description={t('works.lifecycle.noHistory')} />
      ) : (
        <Timeline
          data-testid="lifecycle-history"
          items={[...history.data.items].reverse().map((e) => ({
            color: TRANSITIONS_NEEDING_APPROVAL.includes(e.toState) ? 'red' : 'blue',
            content: (
              <div className="works-lifecycle-event">
                <div>
                  <b>
                    {e.fromState ? `${lbl('lifecycleState', e.fromState)} → ` : ''}
                    {lbl('lifecycleState', e.toState)}
                  </b>
                  <Typography.Text type="secondary">
                    {' '}
                    {formatTime(e.at, false)} · {e.actor ?? '—'}
                  </Typography.Text>
                </div>
                {e.reasonCode ? (
                  <div>
                    {t('works.lifecycle.reason')}：{t(`works.lifecycle.reasonCode.${e.reasonCode}`, { file: e.reason ?? '' })}
                  </div>
                ) : (
                  e.reason && <div>{t('works.lifecycle.reason')}：{e.reason}</div>
                )}
                {e.approvalRef && <div>{t('works.lifecycle.approvalRef')}：{e.approvalRef}</div>}
                {e.conversionKind && <div>{t('works.lifecycle.conversionKind')}：{t(`works.lifecycle.kind.${e.conversionKind}`, { defaultValue: e.conversionKind })}</div>}
              </div>
            ),
          }))}
        />
      )}
    </div>
  );
}

function UseTab({ work }: { work: WorkDetail }) {
  const { t } = useTranslation();
  const { fmt } = useLabels();
  const u = work.peacetimeUse ?? {};
  if (!u.parking && !u.coolingSpot && !u.evChargers && !u.other?.length) return <Empty description={t('works.use.none')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16} data-testid="use-tab">
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} title={t('works.use.parking')}>
        <Descriptions.Item label={t('works.use.parkingTotal')}>{u.parking ? fmt(u.parking.total) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('works.use.publicSpaces')}>{u.parking ? fmt(u.parking.publicSpaces) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('works.use.feePerHour')}>{u.parking ? `${fmt(u.parking.feePerHourYuan)} ${t('works.use.yuanPerHour')}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('works.use.evChargers')}>{fmt(u.evChargers ?? 0)}</Descriptions.Item>
      </Descriptions>
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} title={t('works.use.cooling')}>
        {u.coolingSpot ? (
          <>
            <Descriptions.Item label={t('works.use.season')}>
              {u.coolingSpot.seasonStart} ~ {u.coolingSpot.seasonEnd}
            </Descriptions.Item>
            <Descriptions.Item label={t('works.use.hours')}>{u.coolingSpot.hours}</Descriptions.Item>
            <Descriptions.Item label={t('works.use.capacity')}>{fmt(u.coolingSpot.capacity)}</Descriptions.Item>
            <Descriptions.Item label={t('works.use.facilities')} span={3}>
              {u.coolingSpot.facilities.map((f) => <Tag key={f}>{f}</Tag>)}
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label={t('works.use.cooling')}>{t('works.use.notCooling')}</Descriptions.Item>
        )}
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('works.use.other')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.use}-${r.party}-${r.contractStart}`}
          dataSource={u.other ?? []}
          columns={[
            { title: t('works.use.useKind'), dataIndex: 'use' },
            { title: t('works.use.party'), dataIndex: 'party' },
            { title: t('works.use.contract'), key: 'c', render: (_v, r) => `${r.contractStart} ~ ${r.contractEnd}` },
          ]}
        />
      </div>
    </Space>
  );
}
