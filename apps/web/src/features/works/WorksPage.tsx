import {
  DownloadOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  ReloadOutlined,
  SettingOutlined,
  TableOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { App, Button, Checkbox, Dropdown, Popover, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { formatTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import { useRegions } from '../map/useMapData.ts';
import { scrollWidth, useColumnSettings } from './columnSettings.ts';
import { SIGN_COLORS, STATE_COLORS, useLabels } from './labels.ts';
import type { ExchangeFormat, SortField, WorkSummary } from './types.ts';
import { useWorksView } from './useWorkFilter.ts';
import { WorkFilters } from './WorkFilters.tsx';
import { useWorkList, worksApi } from './worksApi.ts';
import './works.css';

// The map view pulls in MapLibre (~1 MB): only when asked for.
const WorksMap = lazy(() => import('./WorksMap.tsx'));

/** The columns of the list, by key; the code and the name identify a row and cannot be hidden. */
const ALL_COLUMN_KEYS = ['code', 'name', 'regionName', 'workClass', 'protectionGrade', 'lifecycleState', 'grossAreaM2', 'shelterPlaces', 'parkingSpaces', 'yearBuilt', 'upkeep', 'updatedAt'];
const FIXED_COLUMNS = ['code', 'name'];

/** 人防工程 registry: filters in the URL, a sortable paged list or a clustered map, export of the selection. */
export default function WorksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const { lbl, fmt } = useLabels();
  // 所属区划 reads "district · town": a town name alone does not say where it is.
  const regions = useRegions();
  const regionNames = useMemo(() => new Map((regions.data?.items ?? []).map((r) => [r.code, r.name])), [regions.data]);
  const regionPath = (code: string, name: string | null) => {
    const county = code.length > 6 ? regionNames.get(code.slice(0, 6)) : undefined;
    const own = name ?? regionNames.get(code) ?? code;
    return county ? `${county} · ${own}` : own;
  };
  const [view, update] = useWorksView();
  const { filter, page, pageSize, sort, order } = view;
  const list = useWorkList({ ...filter, page, pageSize, sort, order });
  const [exporting, setExporting] = useState<ExchangeFormat | null>(null);

  const exportAs = async (format: ExchangeFormat) => {
    setExporting(format);
    try {
      const { fileName } = await worksApi.exportFile(filter, format);
      message.success(t('works.exported', { fileName }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
    } finally {
      setExporting(null);
    }
  };

  const settings = useColumnSettings(ALL_COLUMN_KEYS, FIXED_COLUMNS);
  const sortOrder = (field: SortField) => (sort === field ? (order === 'desc' ? 'descend' : 'ascend') : null);
  const allColumns: TableColumnsType<WorkSummary> = [
    {
      title: t('works.field.code'),
      dataIndex: 'code',
      width: 150,
      sorter: true,
      sortOrder: sortOrder('code') ?? (sort ? null : 'ascend'),
      render: (v: string, w) => (
        <Link to={`/works/${w.id}`} data-testid={`work-link-${w.code}`}>
          {v}
        </Link>
      ),
    },
    { title: t('works.field.name'), dataIndex: 'name', width: 220, ellipsis: true, sorter: true, sortOrder: sortOrder('name') },
    {
      title: t('works.field.region'),
      dataIndex: 'regionName',
      width: 150,
      ellipsis: { showTitle: false },
      sorter: true,
      sortOrder: sortOrder('regionCode'),
      render: (v: string | null, w) => <Tooltip title={`${regionPath(w.regionCode, v)}（${w.regionCode}）`}>{regionPath(w.regionCode, v)}</Tooltip>,
    },
    { title: t('works.field.workClass'), dataIndex: 'workClass', width: 130, render: (v: string) => lbl('workClass', v) },
    { title: t('works.field.protectionGrade'), dataIndex: 'protectionGrade', width: 100, render: (v: string | null) => lbl('protectionGrade', v) },
    {
      title: t('works.field.lifecycleState'),
      dataIndex: 'lifecycleState',
      width: 120,
      sorter: true,
      sortOrder: sortOrder('lifecycleState'),
      render: (v: string) => <Tag color={STATE_COLORS[v]}>{lbl('lifecycleState', v)}</Tag>,
    },
    {
      title: t('works.field.grossAreaM2'),
      dataIndex: 'grossAreaM2',
      width: 120,
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('grossAreaM2'),
      render: (v: number) => fmt(v),
    },
    {
      title: t('works.field.shelterPlaces'),
      dataIndex: 'shelterPlaces',
      width: 110,
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('shelterPlaces'),
      render: (v: number) => fmt(v),
    },
    { title: t('works.field.parkingSpaces'), dataIndex: 'parkingSpaces', width: 90, align: 'right', render: (v: number) => fmt(v) },
    { title: t('works.field.yearBuilt'), dataIndex: 'yearBuilt', width: 90, sorter: true, sortOrder: sortOrder('yearBuilt'), render: (v: number | null, w) => (
      <Space size={4}>
        {v ?? '—'}
        {w.early && <Tag color="purple">{t('works.early')}</Tag>}
      </Space>
    ) },
    {
      // What the column shows: overdue upkeep and the sign's state (标识标牌), not upkeep in general.
      title: t('works.field.overdueAndSign'),
      key: 'upkeep',
      width: 130,
      render: (_v, w) => (
        <Space size={4} wrap>
          {w.overdue && <Tag color="error">{t('works.overdue')}</Tag>}
          <Tag color={SIGN_COLORS[w.signStatus]}>{lbl('signStatus', w.signStatus)}</Tag>
        </Space>
      ),
    },
    {
      title: t('works.field.updatedAt'),
      dataIndex: 'updatedAt',
      width: 140,
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      render: (v: string) => formatTime(v, false),
    },
  ];
  for (const c of allColumns) c.key ??= String((c as { dataIndex?: string }).dataIndex);
  const columns = allColumns.filter((c) => !settings.hidden.includes(String(c.key)));
  const columnMenu = (
    <div className="works-column-settings" data-testid="works-columns-menu">
      {allColumns.map((c) => {
        const key = String(c.key);
        const fixed = FIXED_COLUMNS.includes(key);
        return (
          <div key={key}>
            <Checkbox checked={!settings.hidden.includes(key)} disabled={fixed} onChange={(e) => settings.setShown(key, e.target.checked)} data-testid={`works-column-${key}`}>
              {c.title as string}
            </Checkbox>
          </div>
        );
      })}
      <Button type="link" size="small" onClick={settings.reset} style={{ paddingInline: 0 }}>
        {t('works.columnsReset')}
      </Button>
    </div>
  );

  const onTableChange = (p: TablePaginationConfig, _f: unknown, sorter: SorterResult<WorkSummary> | SorterResult<WorkSummary>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const fieldOf: Record<string, SortField> = { regionName: 'regionCode' };
    const field = s?.order ? (fieldOf[String(s.field)] ?? (String(s.field) as SortField)) : undefined;
    const nextSize = p.pageSize ?? pageSize;
    update({
      page: nextSize !== pageSize ? 1 : (p.current ?? 1),
      pageSize: nextSize,
      sort: field,
      order: s?.order === 'descend' ? 'desc' : s?.order === 'ascend' ? 'asc' : undefined,
    });
  };

  return (
    <div className="page works-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('works.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            value={view.view}
            onChange={(v) => update({ view: v as 'list' | 'map' })}
            options={[
              { value: 'list', icon: <TableOutlined />, label: t('works.viewList') },
              { value: 'map', icon: <EnvironmentOutlined />, label: t('works.viewMap') },
            ]}
            data-testid="works-view"
          />
          <Dropdown
            trigger={['click']}
            menu={{
              items: (['xlsx', 'csv', 'geojson'] as const).map((f) => ({ key: f, label: t(`works.exportAs.${f}`), 'data-testid': `export-${f}` })),
              onClick: ({ key }) => void exportAs(key as ExchangeFormat),
            }}
          >
            <Button icon={<DownloadOutlined />} loading={exporting !== null} data-testid="works-export">
              {t('works.export')}
            </Button>
          </Dropdown>
          {can('works:import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/works/import')} data-testid="works-import">
              {t('works.import')}
            </Button>
          )}
          {can('works:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/works/new')} data-testid="works-create">
              {t('works.create')}
            </Button>
          )}
        </Space>
      </div>
      <div className="works-toolbar">
        <WorkFilters filter={filter} onChange={(f) => update({ filter: f })} />
        <Space>
          <Typography.Text type="secondary" data-testid="works-total" data-total={list.data?.total ?? ''}>
            {list.data ? t('works.matched', { count: list.data.total, formatted: fmt(list.data.total) }) : ''}
          </Typography.Text>
          {view.view === 'list' && (
            <Popover trigger="click" placement="bottomRight" title={t('works.columns')} content={columnMenu}>
              <Button icon={<SettingOutlined />} data-testid="works-columns">
                {t('works.columns')}
              </Button>
            </Popover>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        </Space>
      </div>
      {view.view === 'map' ? (
        <div className="works-map-frame">
          <Suspense fallback={<PageLoading />}>
            <WorksMap filter={filter} />
          </Suspense>
        </div>
      ) : (
        <div className="page-card works-table">
          <Table<WorkSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            // Sideways scrolling only when the shown columns do not fit (the code and name columns stay put).
            scroll={{ x: scrollWidth(columns.map((c) => Number(c.width ?? 120))) }}
            onChange={onTableChange}
            onRow={(w) => ({ onDoubleClick: () => navigate(`/works/${w.id}`) })}
            locale={
              list.isError
                ? { emptyText: <Typography.Text type="danger">{list.error.message}</Typography.Text> }
                : { emptyText: t('works.noMatch') }
            }
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { count: total }),
            }}
            data-testid="works-table"
          />
        </div>
      )}
    </div>
  );
}
