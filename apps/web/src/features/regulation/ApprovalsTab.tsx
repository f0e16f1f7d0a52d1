/** 审批时限: approval cases with their working-day clocks, and the due-soon and overdue lists. */
import { APPROVAL_DEFAULT_PARTIES, APPROVAL_KINDS, RUNNING_CLOCK_STATUS } from '@civdef/domain';
import { App, Alert, Button, DatePicker, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan, useMe } from '../auth/useSession.ts';
import { ApprovalDrawer } from './ApprovalDrawer.tsx';
import { ProvisionalTag } from './CalendarTab.tsx';
import { useApprovals, useCreateApproval, type ApprovalInput, type ApprovalListView } from './regulationApi.ts';

type FormValues = Omit<ApprovalInput, 'receivedOn' | 'parties'> & { receivedOn: Dayjs; parties?: string[] };
/** Departments that usually sit on a 人防 联审 (any other name can be typed). */
const JOINT_PARTY_SUGGESTIONS = ['自然资源和规划局', '住房和城乡建设局', '消防救援支队', '行政审批局'];

const CLOCK_COLORS: Record<string, string> = { on_time: 'green', due_soon: 'gold', past_promise: 'orange', past_legal_limit: 'red' };

export function ApprovalsTab() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const { message } = App.useApp();
  const [view, setView] = useState<ApprovalListView>('open');
  const list = useApprovals(view);
  const create = useCreateApproval();
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);

  const submit = (v: FormValues) => create.mutate({
    // None named: the server asks the kind's default 联审 parties (APPROVAL_DEFAULT_PARTIES), each with its own required flag.
    ...v, receivedOn: v.receivedOn.format('YYYY-MM-DD'), parties: v.parties?.length ? v.parties.map((name) => ({ name, required: true })) : undefined,
  }, {
    onSuccess: () => { message.success(t('regulation.approval.created')); setOpen(false); form.resetFields(); },
    onError: (err) => message.error(err instanceof ApiError ? err.message : t('common.unknownError')),
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('regulation.approval.note')} />
      <Space wrap>
        <Segmented value={view} onChange={(v) => setView(v as ApprovalListView)}
          options={(['open', 'due_soon', 'overdue', 'all'] as const).map((v) => ({ value: v, label: t(`regulation.approval.views.${v}`) }))} />
        {can('approvals:write') && <Button type="primary" onClick={() => setOpen(true)}>{t('regulation.approval.create')}</Button>}
      </Space>
      <Table
        rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 900 }}
        onRow={(a) => ({ onClick: () => setShown(a.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('regulation.joint.caseNo'), dataIndex: 'caseNo', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('regulation.approval.title'), dataIndex: 'title' },
          { title: t('regulation.approval.kind'), dataIndex: 'kind', render: (k: string) => t(`regulation.approvalKinds.${k}`) },
          { title: t('regulation.approval.receivedOn'), dataIndex: 'receivedOn' },
          { title: t('regulation.approval.promisedDueOn'), dataIndex: 'promisedDueOn' },
          { title: t('regulation.approval.legalDueOn'), dataIndex: 'legalDueOn', render: (d: string, a) => <>{d} <ProvisionalTag years={a.calendarProvisionalYears} open={a.status === RUNNING_CLOCK_STATUS.approval} /></> },
          { title: t('regulation.approval.left'), dataIndex: 'legalDaysLeft', align: 'right' },
          {
            title: t('regulation.approval.clock'), dataIndex: 'clock',
            render: (c: string | null, a) => (c ? <Tag color={CLOCK_COLORS[c]}>{t(`regulation.approval.clocks.${c}`)}</Tag> : t(`regulation.approval.statuses.${a.status}`)),
          },
        ]}
      />
      <Modal open={open} title={t('regulation.approval.create')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'demolition', regionCode: me.regionCode }}>
          <Form.Item name="title" label={t('regulation.approval.title')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="kind" label={t('regulation.approval.kind')} rules={[{ required: true }]}>
            <Select options={APPROVAL_KINDS.map((k) => ({ value: k, label: t(`regulation.approvalKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('regulation.approval.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}><Input /></Form.Item>
          <Form.Item name="receivedOn" label={t('regulation.approval.receivedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="parties" label={t('regulation.joint.parties')}
            extra={<>{t('regulation.joint.partiesHint')}<br />{t('regulation.more.defaultParties')}：{APPROVAL_DEFAULT_PARTIES[kind ?? 'demolition'].map((p) => p.name).join('、')}</>}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} options={JOINT_PARTY_SUGGESTIONS.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Form>
      </Modal>
      <ApprovalDrawer id={shown} onClose={() => setShown(null)} />
    </Space>
  );
}
