import { UploadOutlined } from '@ant-design/icons';
import { BALANCE_STATUSES } from '@civdef/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { STATUS_COLORS } from './PlanningMap.tsx';

const fmt = (n: number | null, d = 0) => (n === null ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: d, minimumFractionDigits: d }));

/**
 * 防护片区: the balance over an imported set of polygons (a plan's protection zones) instead of the jurisdictions.
 * A planner imports a GeoJSON FeatureCollection of named polygons as a set; choosing the set shows its balance here
 * and colours its polygons on the map.
 */
export function AreaSetCard({ onAreas }: { onAreas: (fc: FeatureCollection | null) => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const { message } = App.useApp();
  const can = useCan();
  const qc = useQueryClient();
  const sets = useQuery({ queryKey: ['planning', 'area-sets'], queryFn: () => call('get', '/api/planning/area-sets') });
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState('');
  const balance = useQuery({
    queryKey: ['planning', 'area-set', chosen],
    queryFn: () => call('get', '/api/planning/area-sets/{set}/balance', { params: { set: chosen! } }),
    enabled: chosen !== null,
  });
  useEffect(() => onAreas(chosen && balance.data ? (balance.data as unknown as FeatureCollection) : null), [chosen, balance.data, onAreas]);
  const upload = useMutation({
    mutationFn: async ({ file, set }: { file: File; set: string }) => {
      let doc: unknown;
      try {
        doc = JSON.parse(await file.text());
      } catch {
        throw new Error(t('planx.areas.notJson'));
      }
      return call('put', '/api/planning/area-sets/{set}', { params: { set }, body: doc as never });
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['planning', 'area-sets'] });
      void qc.invalidateQueries({ queryKey: ['planning', 'area-set', s.setName] });
      setChosen(s.setName);
      message.success(t('planx.areas.imported', { name: s.setName, count: s.areas }));
    },
  });
  const remove = useMutation({
    mutationFn: (set: string) => call('delete', '/api/planning/area-sets/{set}', { params: { set } }),
    onSuccess: () => {
      setChosen(null);
      void qc.invalidateQueries({ queryKey: ['planning', 'area-sets'] });
    },
  });
  const status = (c: string) => {
    const s = BALANCE_STATUSES.find((x) => x.code === c);
    return s ? (zh ? s.zh : s.en) : c;
  };
  const rows = (balance.data?.features ?? []).map((f) => f.properties);
  const failure = upload.error ?? remove.error ?? balance.error;
  return (
    <Card title={t('planx.areas.title')} variant="borderless" data-testid="area-set-card">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('planx.areas.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          style={{ width: 220 }}
          value={chosen ?? ''}
          onChange={(v: string) => setChosen(v === '' ? null : v)}
          options={[{ value: '', label: t('planx.areas.jurisdictions') }, ...(sets.data?.items ?? []).map((s) => ({ value: s.setName, label: `${s.setName}（${s.areas}）` }))]}
          data-testid="area-set-select"
        />
        {can('planning:write') && (
          <>
            <Input style={{ width: 160 }} placeholder={t('planx.areas.setName')} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />
            <Upload accept=".geojson,.json" showUploadList={false} beforeUpload={(file) => {
              const set = name.trim() || file.name.replace(/\.[^.]+$/, '');
              upload.mutate({ file, set });
              return false;
            }}>
              <Button icon={<UploadOutlined />} loading={upload.isPending}>{t('planx.areas.import')}</Button>
            </Upload>
            {chosen && (
              <Popconfirm title={t('planx.areas.deleteConfirm', { name: chosen })} onConfirm={() => remove.mutate(chosen)}>
                <Button danger>{t('planx.areas.delete')}</Button>
              </Popconfirm>
            )}
          </>
        )}
      </Space>
      {failure && <Alert type="error" showIcon title={failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure)}
        description={failure instanceof ApiError && failure.details.length > 0 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{failure.details.slice(0, 10).map((d) => <li key={d.field + d.message}>{d.message}</li>)}</ul> : undefined} />}
      {chosen && (
        <Table
          size="small"
          rowKey="id"
          loading={balance.isLoading}
          dataSource={rows}
          pagination={false}
          data-testid="area-set-table"
          columns={[
            { title: t('planning.col.area'), dataIndex: 'name' },
            { title: t('planning.col.people'), dataIndex: 'people', align: 'right', render: (v: number) => fmt(v) },
            { title: t('planning.col.peopleStaying'), dataIndex: 'peopleStaying', align: 'right', render: (v: number) => fmt(v) },
            { title: t('planning.col.places'), dataIndex: 'places', align: 'right', render: (v: number) => fmt(v) },
            { title: t('planning.col.placesPerPerson'), dataIndex: 'placesPerPerson', align: 'right', render: (v: number | null) => fmt(v, 2) },
            { title: t('planning.col.placesSurplus'), dataIndex: 'placesSurplus', align: 'right', sorter: (a, b) => a.placesSurplus - b.placesSurplus, render: (v: number) => <span style={{ color: v < 0 ? '#cf1322' : undefined }}>{v > 0 ? `+${fmt(v)}` : fmt(v)}</span> },
            { title: t('planning.col.status'), dataIndex: 'status', render: (v: string) => <Tag color={STATUS_COLORS[v]}>{status(v)}</Tag> },
          ]}
        />
      )}
    </Card>
  );
}
