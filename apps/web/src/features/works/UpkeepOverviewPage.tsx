import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { FINDING_CATEGORIES, MAINTENANCE_DISCIPLINES, type MaintenanceDiscipline } from '@civdef/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useRegions } from '../map/useMapData.ts';
import { ApiError } from '../../api/client.ts';
import { currentSearchParams } from '../../lib/url.ts';
import { useCan } from '../auth/useSession.ts';
import { labelOf, useLabels } from './labels.ts';
import type { MaintenancePlan, Rectification } from './types.ts';
import { upkeepApi } from './upkeepApi.ts';
import { RecordModal, planTitle } from './UpkeepTab.tsx';
import './works.css';

type RectStatus = 'open' | 'overdue';
const DUE_WINDOWS = [0, 30, 90] as const;
const PAGE_SIZE = 20;

const pageOf = (raw: string | null) => Math.max(1, Math.floor(Number(raw)) || 1);

interface UpkeepView {
  rect: RectStatus;
  page: number;
  due: number;
  duePage: number;
  /** A district (county) of the jurisdiction, or all. */
  region: string | null;
  discipline: string | null;
}

/** The state of the page in the URL (`/upkeep?rect=overdue&due=0&region=320612&discipline=ventilation`): the dashboard links to it. */
function parseUpkeepView(params: URLSearchParams): UpkeepView {
  const rect = params.get('rect') === 'overdue' ? 'overdue' : 'open';
  const dueRaw = Number(params.get('due'));
  const due = (DUE_WINDOWS as readonly number[]).includes(dueRaw) && params.get('due') !== null ? dueRaw : 30;
  const region = /^\d{6}$/.test(params.get('region') ?? '') ? params.get('region') : null;
  const discipline = MAINTENANCE_DISCIPLINES.some((d) => d.code === params.get('discipline')) ? params.get('discipline') : null;
  return { rect, page: pageOf(params.get('page')), due, duePage: pageOf(params.get('duePage')), region, discipline };
}

const workLink = (r: { workId: number; workCode: string; workName: string }) => (
  <Link to={`/works/${r.workId}?tab=upkeep`} data-testid={`upkeep-work-${r.workId}`}>
    {r.workName} <Typography.Text type="secondary">{r.workCode}</Typography.Text>
  </Link>
);

/**
 * 整改与到期维护: open (or only overdue) rectification tasks and maintenance plans overdue or due soon,
 * across the user's jurisdiction (the server filters by scope); each row opens the work's upkeep tab.
 */
export default function UpkeepOverviewPage() {
  const { t } = useTranslation();
  const { lbl, language } = useLabels();
  const [params, setParams] = useSearchParams();
  const regions = useRegions();
  const regionNames = useMemo(() => new Map((regions.data?.items ?? []).map((r) => [r.code, r.name])), [regions.data]);
  const region = (code: string) => regionNames.get(code) ?? code;
  const { message } = App.useApp();
  const can = useCan();
  const [recordFor, setRecordFor] = useState<MaintenancePlan | null>(null);
  const districts = useMemo(() => (regions.data?.items ?? []).filter((r) => r.level === 'county'), [regions.data]);
  const view = parseUpkeepView(params);
  const set = (patch: Partial<UpkeepView>) => {
    const next = { ...parseUpkeepView(currentSearchParams()), ...patch };
    const p = new URLSearchParams();
    if (next.rect !== 'open') p.set('rect', next.rect);
    if (next.page > 1) p.set('page', String(next.page));
    if (next.due !== 30) p.set('due', String(next.due));
    if (next.duePage > 1) p.set('duePage', String(next.duePage));
    if (next.region) p.set('region', next.region);
    if (next.discipline) p.set('discipline', next.discipline);
    setParams(p, { replace: true });
  };
  const dueFilter = {
    withinDays: view.due,
    ...(view.region ? { regionCode: view.region } : {}),
    ...(view.discipline ? { discipline: view.discipline as MaintenanceDiscipline } : {}),
  };
  const [exporting, setExporting] = useState(false);
  const exportDue = () => {
    setExporting(true);
    upkeepApi
      .exportDue(dueFilter)
      .catch((err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError')))
      .finally(() => setExporting(false));
  };

  const rects = useQuery({
    queryKey: ['works', 'upkeep', 'all', 'rectifications', view.rect, view.page],
    queryFn: () => upkeepApi.rectifications({ status: view.rect, page: view.page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const due = useQuery({
    queryKey: ['works', 'upkeep', 'all', 'due', view.due, view.region, view.discipline, view.duePage],
    queryFn: () => upkeepApi.duePlans({ ...dueFilter, limit: PAGE_SIZE, offset: (view.duePage - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const errText = (q: { isError: boolean; error: Error | null }) =>
    q.isError ? { emptyText: <Typography.Text type="danger">{q.error?.message}</Typography.Text> } : undefined;

  return (
    <div className="page" data-testid="upkeep-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('upkeepAll.title')}
        </Typography.Title>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card
          size="small"
          title={t('works.upkeep.rectifications')}
          extra={
            <Space>
              <Typography.Text type="secondary" data-testid="rect-total" data-total={rects.data?.total ?? ''}>
                {rects.data ? t('common.total', { count: rects.data.total }) : ''}
              </Typography.Text>
              <Segmented<RectStatus>
                value={view.rect}
                options={[
                  { value: 'open', label: t('upkeepAll.rectOpen') },
                  { value: 'overdue', label: t('upkeepAll.rectOverdue') },
                ]}
                onChange={(v) => set({ rect: v, page: 1 })}
                data-testid="rect-status"
              />
            </Space>
          }
        >
          <Table<Rectification>
            size="small"
            rowKey="id"
            loading={rects.isFetching}
            dataSource={rects.data?.items ?? []}
            locale={errText(rects)}
            data-testid="rect-table"
            pagination={{
              current: view.page,
              pageSize: PAGE_SIZE,
              total: rects.data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (page) => set({ page }),
            }}
            columns={[
              { title: t('upkeepAll.work'), key: 'work', render: (_v, r) => workLink(r) },
              { title: t('works.field.region'), dataIndex: 'regionCode', width: 130, render: (v: string) => region(v) },
              { title: t('works.upkeep.category'), dataIndex: 'category', width: 160, render: (v: string) => labelOf(FINDING_CATEGORIES, v, language) },
              { title: t('works.upkeep.description'), dataIndex: 'description' },
              { title: t('works.upkeep.deadline'), dataIndex: 'deadline', width: 110 },
              {
                title: t('works.upkeep.status'),
                key: 's',
                width: 90,
                render: (_v, r) => (r.overdue ? <Tag color="error">{t('upkeepAll.overdue')}</Tag> : <Tag color="gold">{t('works.upkeep.open')}</Tag>),
              },
            ]}
          />
        </Card>

        <Card
          size="small"
          title={t('upkeepAll.duePlans')}
          extra={
            <Space>
              <Typography.Text type="secondary" data-testid="due-total" data-total={due.data?.total ?? ''} data-overdue={due.data?.overdue ?? ''}>
                {due.data ? t('upkeepAll.dueCount', { count: due.data.total, overdue: due.data.overdue }) : ''}
              </Typography.Text>
              <Select<string>
                size="small"
                allowClear
                placeholder={t('upkeepAll.allDistricts')}
                value={view.region ?? undefined}
                style={{ width: 130 }}
                options={districts.map((r) => ({ value: r.code, label: r.name }))}
                onChange={(v) => set({ region: v ?? null, duePage: 1 })}
                data-testid="due-region"
              />
              <Select<string>
                size="small"
                allowClear
                placeholder={t('upkeepAll.allDisciplines')}
                value={view.discipline ?? undefined}
                style={{ width: 130 }}
                options={MAINTENANCE_DISCIPLINES.map((d) => ({ value: d.code, label: language === 'en' ? d.en : d.zh }))}
                onChange={(v) => set({ discipline: v ?? null, duePage: 1 })}
                data-testid="due-discipline"
              />
              <Select<number>
                size="small"
                value={view.due}
                style={{ width: 170 }}
                options={DUE_WINDOWS.map((d) => ({ value: d, label: d === 0 ? t('upkeepAll.overdueOnly') : t('upkeepAll.within', { days: d }) }))}
                onChange={(d) => set({ due: d, duePage: 1 })}
                data-testid="due-window"
              />
              <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={exportDue} data-testid="due-export">
                {t('upkeepAll.export')}
              </Button>
            </Space>
          }
        >
          <Table<MaintenancePlan>
            size="small"
            rowKey="id"
            loading={due.isFetching}
            dataSource={due.data?.items ?? []}
            locale={errText(due)}
            data-testid="due-table"
            pagination={{
              current: view.duePage,
              pageSize: PAGE_SIZE,
              total: due.data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (duePage) => set({ duePage }),
            }}
            columns={[
              { title: t('upkeepAll.work'), key: 'work', render: (_v, p) => workLink(p) },
              { title: t('works.field.region'), dataIndex: 'regionCode', width: 130, render: (v: string) => region(v) },
              { title: t('works.upkeep.planTitle'), key: 'title', render: (_v, p) => planTitle(p, language) },
              { title: t('works.upkeep.discipline'), dataIndex: 'discipline', width: 110, render: (v: string) => lbl('discipline', v) },
              { title: t('works.upkeep.nextDueOn'), dataIndex: 'nextDueOn', width: 110 },
              {
                title: t('upkeepAll.daysOverdue'),
                dataIndex: 'daysOverdue',
                width: 100,
                align: 'right',
                render: (d: number, p) =>
                  p.overdue ? (
                    <Typography.Text type="danger" data-testid={`days-overdue-${p.id}`}>
                      {t('upkeepAll.days', { count: d })}
                    </Typography.Text>
                  ) : (
                    <Tag color="blue">{t('upkeepAll.dueSoon')}</Tag>
                  ),
              },
              { title: t('works.upkeep.lastDoneOn'), dataIndex: 'lastDoneOn', width: 110, render: (v: string | null) => v ?? '—' },
              ...(can('works:inspect')
                ? [
                    {
                      title: t('common.actions'),
                      key: 'a',
                      width: 100,
                      render: (_v: unknown, p: MaintenancePlan) => (
                        <Button type="link" size="small" onClick={() => setRecordFor(p)} data-testid={`due-done-${p.id}`}>
                          {t('works.upkeep.markDone')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Space>
      {/* Its success refreshes every upkeep query, this list's included. */}
      {recordFor && <RecordModal workId={recordFor.workId} plan={recordFor} onClose={() => setRecordFor(null)} />}
    </div>
  );
}
