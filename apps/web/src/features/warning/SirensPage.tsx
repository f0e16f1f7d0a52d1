/** 警报器: the registry list with filters, and a drawer with one siren's detail, state history and the fault report. */
import { SIREN_FAULT_CATEGORIES, SIREN_KINDS, SIREN_STATUSES, inLanguage } from '@civdef/domain';
import { App, Button, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import { faultCategoryLabel, kindLabel, STATUS_COLOR, statusLabel } from './labels.ts';
import { useSiren, useSirens, useWarningMutation, warningApi, type SirenItem, type SirenListQuery } from './warningApi.ts';

export default function SirensPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [query, setQuery] = useState<SirenListQuery>({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useSirens(query);

  return (
    <div className="page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={3}>{t('warning.sirens.title')}</Typography.Title>
        <RegistryFiles />
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('warning.sirens.search')} style={{ width: 280 }} onSearch={(q) => setQuery({ ...query, q: q || undefined, page: 1 })} />
        <Select allowClear placeholder={t('warning.sirens.status')} style={{ width: 140 }} options={SIREN_STATUSES.map((s) => ({ value: s.code, label: statusLabel(s.code, lang) }))}
          onChange={(status?: SirenListQuery['status']) => setQuery({ ...query, status, page: 1 })} />
        <Select allowClear placeholder={t('warning.sirens.kind')} style={{ width: 160 }} options={SIREN_KINDS.map((k) => ({ value: k.code, label: kindLabel(k.code, lang) }))}
          onChange={(kind?: SirenListQuery['kind']) => setQuery({ ...query, kind, page: 1 })} />
        <Typography.Text type="secondary">{t('warning.sirens.count', { count: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      <Table<SirenItem>
        rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }) }}
        columns={[
          { title: t('warning.sirens.code'), dataIndex: 'code' },
          { title: t('warning.sirens.name'), dataIndex: 'name', ellipsis: true },
          { title: t('warning.sirens.region'), dataIndex: 'regionName' },
          { title: t('warning.sirens.kind'), dataIndex: 'kind', render: (k: string) => kindLabel(k, lang) },
          { title: t('warning.sirens.rating'), render: (_, r) => `${r.rating.powerW ?? '—'} W / ${r.rating.levelDb ?? '—'} dB@${r.rating.referenceDistanceM ?? '—'} m${r.rating.fromDefaults ? ' *' : ''}` },
          { title: t('warning.sirens.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]}>{statusLabel(s, lang)}</Tag> },
          { title: t('warning.sirens.terminal'), dataIndex: 'terminalId', render: (v: string | null) => v ?? <Tag>{t('warning.sirens.manual')}</Tag> },
          { title: t('warning.sirens.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string | null, r) => (r.terminalId ? <LastSeen at={v} /> : '—') },
          { title: t('warning.sirens.contact'), render: (_, r) => [r.contactName, r.contactPhone].filter(Boolean).join(' ') },
          { title: t('warning.sirens.faults'), render: (_, r) => (r.openFaults ? <Tag color={r.overdueFaults ? 'red' : 'orange'}>{r.openFaults}{r.overdueFaults ? ` · ${t('warning.sirens.overdue', { count: r.overdueFaults })}` : ''}</Tag> : null) },
        ]}
      />
      <SirenDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

/** Export and import of the registry (XLSX or CSV): for who may edit sirens, since the files carry phones in full. */
function RegistryFiles() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const can = useCan();
  const importFile = useWarningMutation(warningApi.importSirens);
  if (!can('sirens:write')) return null;
  return (
    <Space wrap>
      <Button onClick={() => void warningApi.exportSirens('xlsx')} data-testid="sirens-export">{t('warning.sirens.exportXlsx')}</Button>
      <Button onClick={() => void warningApi.exportSirens('csv')}>{t('warning.sirens.exportCsv')}</Button>
      <Button type="link" onClick={() => void warningApi.sirenTemplate()}>{t('warning.sirens.template')}</Button>
      <Upload accept=".xlsx,.csv" showUploadList={false} customRequest={async ({ file }) => {
        try {
          message.success(t('warning.sirens.imported', await importFile.mutateAsync(file as File)));
        } catch (err) {
          // Every problem of every row, as the server listed them (row, column and rule) in the console's language.
          const details = err instanceof ApiError ? err.details : [];
          modal.error({
            title: (err as Error).message, width: 720,
            content: <ul style={{ maxHeight: 400, overflow: 'auto', paddingInlineStart: 20 }} lang={i18n.language}>{details.map((d, i) => <li key={i}>{d.message}</li>)}</ul>,
          });
        }
      }}>
        <Button type="primary" loading={importFile.isPending} data-testid="sirens-import">{t('warning.sirens.importFile')}</Button>
      </Upload>
    </Space>
  );
}

function SirenDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const can = useCan();
  const detail = useSiren(id);
  const report = useWarningMutation(warningApi.reportFault);
  const [form] = Form.useForm<{ category: string; description: string }>();
  const s = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={s ? `${s.code} ${s.name}` : ''}>
      {s && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('warning.sirens.status')}><Tag color={STATUS_COLOR[s.status]}>{statusLabel(s.status, lang)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('warning.sirens.kind')}>{kindLabel(s.kind, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('warning.sirens.rating')}>
              {`${s.rating.powerW ?? '—'} W / ${s.rating.levelDb ?? '—'} dB @ ${s.rating.referenceDistanceM ?? '—'} m`}
              {s.rating.fromDefaults && <div><Typography.Text type="secondary">{t('warning.sirens.defaults', { source: s.rating.source })}</Typography.Text></div>}
            </Descriptions.Item>
            <Descriptions.Item label={t('warning.sirens.region')}>{s.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('warning.sirens.host')}>{s.hostUnit}</Descriptions.Item>
            <Descriptions.Item label={t('warning.sirens.contact')}>{[s.contactName, s.contactPhone].filter(Boolean).join(' ')}</Descriptions.Item>
            <Descriptions.Item label={t('warning.sirens.terminal')}>{s.terminalId ?? t('warning.sirens.manual')}</Descriptions.Item>
            {s.terminalId && (
              <Descriptions.Item label={t('warning.sirens.lastSeen')}>
                <LastSeen at={s.lastSeenAt} />{s.terminalState && ` · ${t(`warning.sirens.terminalState.${s.terminalState}`)}`}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('warning.sirens.installed')}>{s.installedYear}</Descriptions.Item>
            <Descriptions.Item label={t('warning.sirens.groups')}>{s.groups.map((g) => g.name).join('、') || t('warning.sirens.none')}</Descriptions.Item>
          </Descriptions>
          {can('sirens:control') && (
            <Form form={form} layout="inline" style={{ marginTop: 16 }} onFinish={async (v) => {
              try {
                await report.mutateAsync({ sirenId: s.id, category: v.category as 'other', description: v.description });
              } catch (err) {
                message.error(err instanceof ApiError ? err.message : String(err));
                return;
              }
              form.resetFields();
              message.success(t('warning.faults.reported'));
            }}>
              <Form.Item name="category" rules={[{ required: true }]}>
                <Select placeholder={t('warning.faults.category')} style={{ width: 130 }} options={SIREN_FAULT_CATEGORIES.map((c) => ({ value: c.code, label: faultCategoryLabel(c.code, lang) }))} />
              </Form.Item>
              <Form.Item name="description" rules={[{ required: true }]}><Input placeholder={t('warning.faults.description')} /></Form.Item>
              <Button htmlType="submit" loading={report.isPending}>{t('warning.sirens.reportFault')}</Button>
            </Form>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('warning.sirens.history')}</Typography.Title>
          <Timeline items={s.history.map((h) => ({
            color: STATUS_COLOR[h.toStatus] === 'default' ? 'gray' : STATUS_COLOR[h.toStatus],
            content: `${new Date(h.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} ${h.fromStatus ? `${statusLabel(h.fromStatus, lang)} → ` : ''}${statusLabel(h.toStatus, lang)} · ${inLanguage(h.reason ?? '', lang)} (${h.actor ?? ''})`,
          }))} />
        </>
      )}
    </Drawer>
  );
}

/** When the siren's terminal was last heard: a time, or that it never was (never connected, or before heartbeats). */
function LastSeen({ at }: { at: string | null }) {
  const { t } = useTranslation();
  return at ? <span title={at}>{formatTime(at)}</span> : <Typography.Text type="secondary">{t('warning.sirens.neverSeen')}</Typography.Text>;
}
