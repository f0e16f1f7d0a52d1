/** 故障工单: tickets from report to repair, open first by deadline, overdue ones marked. */
import { App, Button, Checkbox, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { faultCategoryLabel, faultStateLabel } from './labels.ts';
import { useFaults, useWarningMutation, warningApi, type FaultItem } from './warningApi.ts';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });

export default function FaultsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const can = useCan();
  const [open, setOpen] = useState(true);
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [resolution, setResolution] = useState('');
  const list = useFaults({ page, pageSize: 20, ...(open ? { open: true } : {}), ...(overdue ? { overdue: true } : {}) });
  const move = useWarningMutation((a: { id: number; to: 'repairing' | 'repaired' | 'cancelled'; version: number }) =>
    warningApi.moveFault(a.id, { to: a.to, version: a.version, ...(a.to === 'repairing' ? {} : { resolution }) }));
  // A refusal (someone else moved the ticket first: a version conflict) is said, not swallowed.
  const act = (a: Parameters<typeof move.mutateAsync>[0]) => move.mutateAsync(a).then(
    () => message.success(t('warning.sirens.saved')),
    (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e)),
  );
  return (
    <div className="page">
      <Typography.Title level={3}>{t('warning.faults.title')}</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <Checkbox checked={open} onChange={(e) => setOpen(e.target.checked)}>{t('warning.faults.openOnly')}</Checkbox>
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>{t('warning.faults.overdueOnly')}</Checkbox>
      </Space>
      <Table<FaultItem>
        rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          { title: t('warning.faults.siren'), render: (_, f) => `${f.sirenCode} ${f.sirenName}` },
          { title: t('warning.faults.category'), dataIndex: 'category', render: (c: string) => faultCategoryLabel(c, lang) },
          { title: t('warning.faults.description'), dataIndex: 'description', ellipsis: true },
          { title: t('warning.faults.state'), render: (_, f) => <Space><Tag>{faultStateLabel(f.state, lang)}</Tag>{f.overdue && <Tag color="red">{t('warning.faults.overdue')}</Tag>}</Space> },
          { title: t('warning.faults.deadline'), dataIndex: 'deadline', render: when },
          { title: t('warning.faults.reportedBy'), dataIndex: 'reportedBy' },
          { title: t('warning.faults.assignee'), dataIndex: 'assignee' },
          {
            title: '', render: (_, f) => can('sirens:write') && (f.state === 'reported' || f.state === 'repairing') && (
              <Space>
                {f.state === 'reported' && <Button size="small" onClick={() => act({ id: f.id, to: 'repairing', version: f.version })}>{t('warning.faults.toRepairing')}</Button>}
                {(['repaired', 'cancelled'] as const).map((to) => (
                  <Popconfirm key={to} title={t('warning.faults.resolution')} description={<Input onChange={(e) => setResolution(e.target.value)} />}
                    onConfirm={() => act({ id: f.id, to, version: f.version })}>
                    <Button size="small" type={to === 'repaired' ? 'primary' : 'default'}>{t(to === 'repaired' ? 'warning.faults.toRepaired' : 'warning.faults.toCancelled')}</Button>
                  </Popconfirm>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
