/**
 * 收费台账: assessments with what is due, reduced, paid, refunded and owed (all integer 分 from the server, shown in
 * 元), totals by year and county, the XLSX export for finance, and per assessment the entries booked against it —
 * a payment, a reduction with its basis (or one of the rule's 下浮/减免), a refund, an arrears notice with a deadline.
 */
import { FEE_ENTRY_KINDS, fenToYuan, ruleInForce, yuanToFen, type FeeEntryKind } from '@civdef/domain';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan, useMe } from '../auth/useSession.ts';
import { downloadFees, useApprovals, useAssessFee, useBookFeeEntry, useFee, useFees, type AssessInput, type FeeDetail } from './regulationApi.ts';

const yuan = (fen: number) => fenToYuan(fen);
const money = (fen: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{yuan(fen)}</span>;

function useOnError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
}

/** 元 typed as text → 分, exactly; undefined when empty or not money (the form rule then refuses it). */
const toFen = (v: string | undefined) => (v ? yuanToFen(v) ?? undefined : undefined);
const moneyRule = { pattern: /^\d{1,13}(\.\d{1,2})?$/ };

function EntryForm({ fee }: { fee: FeeDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useOnError();
  const book = useBookFeeEntry(fee.id);
  const [form] = Form.useForm();
  const kind = (Form.useWatch('kind', form) ?? 'payment') as FeeEntryKind;
  const reductionCode = Form.useWatch('reductionCode', form) as string | undefined;
  const reductions = ruleInForce(fee.regionCode, fee.assessedOn)?.reductions ?? [];

  const submit = (v: { kind: FeeEntryKind; onDate: Dayjs; amountYuan?: string; reductionCode?: string; basis?: string; reference?: string; deadline?: Dayjs }) => book.mutate({
    kind: v.kind, onDate: v.onDate.format('YYYY-MM-DD'), amountFen: v.reductionCode || (v.kind === 'arrears_notice' && !v.amountYuan) ? null : toFen(v.amountYuan) ?? null,
    reductionCode: v.kind === 'reduction' ? v.reductionCode || null : null, basis: v.basis || null, reference: v.reference || null,
    deadline: v.kind === 'arrears_notice' ? v.deadline?.format('YYYY-MM-DD') ?? null : null,
  }, { onSuccess: () => { message.success(t('regulation.fee.booked')); form.resetFields(); }, onError });

  return (
    <Form form={form} name="fee-entry" layout="vertical" onFinish={submit} initialValues={{ kind: 'payment', onDate: dayjs() }} data-testid="fee-entry-form">
      <Space wrap align="start">
        <Form.Item name="kind" label={t('regulation.fee.entryKind')}>
          <Radio.Group optionType="button" options={FEE_ENTRY_KINDS.map((k) => ({ value: k, label: t(`regulation.fee.entryKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="onDate" label={t('regulation.fee.onDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        {kind === 'reduction' && reductions.length > 0 && (
          <Form.Item name="reductionCode" label={t('regulation.fee.reductionCode')}>
            <Select allowClear style={{ width: 200 }} options={reductions.map((r) => ({ value: r.code, label: `${r.zh}（${Math.round(r.share * 100)}%）` }))} />
          </Form.Item>
        )}
        {!(kind === 'reduction' && reductionCode) && (
          <Form.Item name="amountYuan" label={t('regulation.fee.amountYuan')} rules={[{ required: kind !== 'arrears_notice' }, moneyRule]}
            extra={kind === 'arrears_notice' ? t('regulation.fee.noticeHint') : undefined}>
            <Input style={{ width: 160 }} inputMode="decimal" />
          </Form.Item>
        )}
        {kind === 'arrears_notice' && <Form.Item name="deadline" label={t('regulation.fee.deadline')} rules={[{ required: true }]}><DatePicker /></Form.Item>}
      </Space>
      {(kind === 'reduction' || kind === 'refund') && !reductionCode && (
        <Form.Item name="basis" label={t('regulation.fee.basis')} rules={[{ required: true }]}><Input maxLength={500} /></Form.Item>
      )}
      <Form.Item name="reference" label={t('regulation.fee.reference')}><Input maxLength={100} style={{ width: 260 }} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={book.isPending}>{t('regulation.fee.book')}</Button>
    </Form>
  );
}

function FeeDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const fee = useFee(id);
  const f = fee.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={Math.min(760, window.innerWidth)} title={f?.title ?? t('regulation.fee.tab')} destroyOnHidden>
      {f && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('regulation.fee.payer')}>{f.payerName}</Descriptions.Item>
            <Descriptions.Item label={t('regulation.fee.basis')}>{f.basis}</Descriptions.Item>
            {f.computation && (
              <Descriptions.Item label={t('regulation.fee.computation')}>
                {t('regulation.fee.computed', { m2: f.computation.shortfallM2, rate: f.computation.rateYuanPerM2, rule: f.computation.ruleId })}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('regulation.fee.dueOn')}>{f.dueOn} {f.inArrears && <Tag color="red">{t('regulation.fee.arrears')}</Tag>}</Descriptions.Item>
            <Descriptions.Item label={t('regulation.fee.balance')}>
              <span data-testid="fee-balance">
                {t('regulation.fee.balanceLine', { due: yuan(f.balance.dueFen), reduced: yuan(f.balance.reducedFen), paid: yuan(f.balance.paidFen), refunded: yuan(f.balance.refundedFen), outstanding: yuan(f.balance.outstandingFen) })}
              </span>
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="id" size="small" pagination={false} dataSource={f.entries} locale={{ emptyText: t('regulation.fee.noEntries') }}
            columns={[
              { title: t('regulation.fee.onDate'), dataIndex: 'onDate', width: 110 },
              { title: t('regulation.fee.entryKind'), dataIndex: 'kind', width: 90, render: (k: string) => t(`regulation.fee.entryKinds.${k}`) },
              { title: t('regulation.fee.amountYuan'), dataIndex: 'amountFen', align: 'right', width: 130, render: money },
              { title: t('regulation.fee.basis'), key: 'basis', render: (_: unknown, e) => [e.basis, e.reference, e.deadline && t('regulation.fee.deadlineOn', { date: e.deadline })].filter(Boolean).join('；') },
            ]}
          />
          {can('enforcement:write') && <EntryForm fee={f} />}
        </Space>
      )}
    </Drawer>
  );
}

type AssessValues = Omit<AssessInput, 'assessedOn' | 'dueOn' | 'dueFen'> & { assessedOn: Dayjs; dueOn: Dayjs; dueYuan?: string; mode: 'compute' | 'manual' };

export function FeesTab() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const { message } = App.useApp();
  const onError = useOnError();
  const [year, setYear] = useState<number | null>(dayjs().year());
  const fees = useFees(year);
  const approvals = useApprovals('all');
  const assess = useAssessFee();
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const [form] = Form.useForm<AssessValues>();
  const mode = Form.useWatch('mode', form) ?? 'compute';

  const submit = (v: AssessValues) => assess.mutate({
    kind: v.mode === 'compute' ? 'relocation_fee' : v.kind, title: v.title, regionCode: v.regionCode, payerName: v.payerName, approvalCaseId: v.approvalCaseId ?? null,
    assessedOn: v.assessedOn.format('YYYY-MM-DD'), dueOn: v.dueOn.format('YYYY-MM-DD'),
    ...(v.mode === 'compute' ? { shortfallM2: v.shortfallM2 } : { dueFen: toFen(v.dueYuan) ?? null, basis: v.basis }),
  }, { onSuccess: (f) => { message.success(t('regulation.fee.assessed', { amount: yuan(f.balance.dueFen) })); setOpen(false); form.resetFields(); setShown(f.id); }, onError });

  const years = Array.from({ length: 6 }, (_, i) => dayjs().year() - i);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select value={year ?? 0} onChange={(v) => setYear(v === 0 ? null : v)} style={{ width: 120 }}
          options={[{ value: 0, label: t('regulation.fee.allYears') }, ...years.map((y) => ({ value: y, label: String(y) }))]} />
        {can('enforcement:write') && <Button type="primary" onClick={() => setOpen(true)}>{t('regulation.fee.assess')}</Button>}
        <Button icon={<DownloadOutlined />} onClick={() => void downloadFees(year).catch(onError)}>{t('regulation.fee.export')}</Button>
      </Space>
      <Table
        rowKey={(r) => `${r.year}-${r.countyCode}`} size="small" pagination={false} dataSource={fees.data?.totals ?? []} data-testid="fee-totals"
        title={() => <Typography.Text strong>{t('regulation.fee.totals')}</Typography.Text>} scroll={{ x: 800 }}
        columns={[
          { title: t('regulation.fee.year'), dataIndex: 'year' },
          { title: t('regulation.fee.county'), dataIndex: 'countyCode' },
          { title: t('regulation.fee.count'), dataIndex: 'assessments', align: 'right' },
          { title: t('regulation.fee.reductions'), dataIndex: 'reductions', align: 'right' },
          ...(['dueFen', 'reducedFen', 'paidFen', 'refundedFen', 'outstandingFen'] as const).map((k) => ({ title: t(`regulation.fee.columns.${k}`), dataIndex: k, align: 'right' as const, render: money })),
          { title: t('regulation.fee.inArrears'), dataIndex: 'inArrears', align: 'right' },
        ]}
      />
      <Table
        rowKey="id" size="middle" loading={fees.isLoading} dataSource={fees.data?.items ?? []} pagination={{ pageSize: 20, showSizeChanger: false }} scroll={{ x: 1000 }}
        onRow={(f) => ({ onClick: () => setShown(f.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('regulation.fee.title'), dataIndex: 'title', render: (v: string, f) => <>{v} {f.inArrears && <Tag color="red">{t('regulation.fee.arrears')}</Tag>}</> },
          { title: t('regulation.fee.payer'), dataIndex: 'payerName' },
          { title: t('regulation.fee.assessedOn'), dataIndex: 'assessedOn', width: 110 },
          ...(['dueFen', 'reducedFen', 'paidFen', 'outstandingFen'] as const).map((k) => ({
            title: t(`regulation.fee.columns.${k}`), key: k, align: 'right' as const, render: (_: unknown, f: { balance: Record<typeof k, number> }) => money(f.balance[k]),
          })),
        ]}
      />
      <Modal open={open} title={t('regulation.fee.assess')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={assess.isPending} destroyOnHidden>
        <Form form={form} name="fee-assess" layout="vertical" onFinish={submit} initialValues={{ mode: 'compute', kind: 'relocation_fee', regionCode: me.regionCode, assessedOn: dayjs(), dueOn: dayjs().add(30, 'day') }}>
          <Form.Item name="mode" label={t('regulation.fee.mode')}>
            <Select options={(['compute', 'manual'] as const).map((m) => ({ value: m, label: t(`regulation.fee.modes.${m}`) }))} />
          </Form.Item>
          {mode === 'manual' && (
            <Form.Item name="kind" label={t('regulation.fee.kind')}>
              <Select options={(['relocation_fee', 'other'] as const).map((k) => ({ value: k, label: t(`regulation.fee.kinds.${k}`) }))} />
            </Form.Item>
          )}
          <Form.Item name="title" label={t('regulation.fee.title')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="payerName" label={t('regulation.fee.payer')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="approvalCaseId" label={t('regulation.more.approvalLink')}>
            <Select allowClear showSearch optionFilterProp="label" options={(approvals.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.caseNo} ${a.title}` }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('regulation.approval.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}><Input /></Form.Item>
          <Space wrap>
            <Form.Item name="assessedOn" label={t('regulation.fee.assessedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="dueOn" label={t('regulation.fee.dueOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          </Space>
          {mode === 'compute' ? (
            <Form.Item name="shortfallM2" label={t('regulation.fee.shortfall')} rules={[{ required: true }]} extra={t('regulation.fee.computeHint')}>
              <InputNumber min={0} precision={2} style={{ width: 200 }} />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="dueYuan" label={t('regulation.fee.amountYuan')} rules={[{ required: true }, moneyRule]}><Input inputMode="decimal" style={{ width: 200 }} /></Form.Item>
              <Form.Item name="basis" label={t('regulation.fee.basis')} rules={[{ required: true }]}><Input maxLength={500} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
      <FeeDrawer id={shown} onClose={() => setShown(null)} />
    </Space>
  );
}
