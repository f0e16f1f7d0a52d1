/**
 * 维护管理基金: the fund's income and spending entries (whole 分, entered as 元 text and converted exactly), the totals by
 * year and county that finance reconciles, and the XLSX export. The category decides whether an entry is income or
 * spending (packages/domain FUND_CATEGORIES), so the form cannot book a repair as income.
 */
import { FUND_CATEGORIES, FUND_CATEGORY_CODES, fenToYuan, yuanToFen, type FundCategory } from '@civdef/domain';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan, useMe } from '../auth/useSession.ts';
import { downloadFund, useBookFund, useFund, type FundEntryInput } from './regulationApi.ts';

// 分 → 元 text exactly (as the fees ledger shows it): no float ever holds the amount.
const money = (fen: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fenToYuan(fen)}</span>;

type FundForm = Omit<FundEntryInput, 'onDate' | 'amountFen'> & { onDate: Dayjs; amountYuan: string };

export function FundTab() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const { message } = App.useApp();
  const [year, setYear] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FundForm>();
  const fund = useFund(year);
  const book = useBookFund();
  const onError = (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
  const thisYear = dayjs().year();
  const years = [thisYear, thisYear - 1, thisYear - 2];

  const submit = ({ amountYuan, onDate, ...v }: FundForm) => book.mutate(
    { ...v, amountFen: yuanToFen(amountYuan)!, onDate: onDate.format('YYYY-MM-DD'), reference: v.reference || null },
    { onSuccess: () => { message.success(t('regulation.fund.booked')); setOpen(false); form.resetFields(); }, onError },
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select value={year ?? 0} onChange={(v) => setYear(v === 0 ? null : v)} style={{ width: 120 }} aria-label={t('regulation.fund.year')}
          options={[{ value: 0, label: t('regulation.fund.allYears') }, ...years.map((y) => ({ value: y, label: String(y) }))]} />
        {can('enforcement:write') && <Button type="primary" onClick={() => setOpen(true)}>{t('regulation.fund.book')}</Button>}
        <Button icon={<DownloadOutlined />} onClick={() => void downloadFund(year).catch(onError)}>{t('regulation.fund.export')}</Button>
      </Space>
      <Table
        rowKey={(r) => `${r.year}-${r.countyCode}`} size="small" pagination={false} dataSource={fund.data?.totals ?? []} data-testid="fund-totals"
        title={() => <Typography.Text strong>{t('regulation.fund.totals')}</Typography.Text>}
        columns={[
          { title: t('regulation.fund.year'), dataIndex: 'year' },
          { title: t('regulation.fund.county'), dataIndex: 'countyCode' },
          { title: t('regulation.fund.entries'), dataIndex: 'entries', align: 'right' },
          { title: t('regulation.fund.income'), dataIndex: 'incomeFen', align: 'right', render: money },
          { title: t('regulation.fund.spending'), dataIndex: 'spendingFen', align: 'right', render: money },
          { title: t('regulation.fund.balance'), dataIndex: 'balanceFen', align: 'right', render: money },
        ]}
      />
      <Table
        rowKey="id" size="middle" loading={fund.isLoading} dataSource={fund.data?.items ?? []} pagination={{ pageSize: 20, showSizeChanger: false }} scroll={{ x: 900 }}
        locale={{ emptyText: t('regulation.fund.empty') }}
        columns={[
          { title: t('regulation.fund.onDate'), dataIndex: 'onDate', width: 110 },
          { title: t('regulation.fund.direction'), dataIndex: 'direction', width: 80, render: (d: string) => <Tag color={d === 'income' ? 'green' : 'orange'}>{t(`regulation.fund.directions.${d}`)}</Tag> },
          { title: t('regulation.fund.category'), dataIndex: 'category', render: (c: string) => t(`regulation.fund.categories.${c}`) },
          { title: t('regulation.fund.amountYuan'), dataIndex: 'amountFen', align: 'right', render: money },
          { title: t('regulation.fund.counterparty'), dataIndex: 'counterparty' },
          { title: t('regulation.fund.basis'), dataIndex: 'basis' },
          { title: t('regulation.fund.reference'), dataIndex: 'reference' },
        ]}
      />
      <Modal open={open} title={t('regulation.fund.book')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={book.isPending} destroyOnHidden>
        <Form form={form} name="fund-book" layout="vertical" onFinish={submit} initialValues={{ category: 'maintenance', regionCode: me.regionCode, onDate: dayjs() }}>
          <Form.Item name="category" label={t('regulation.fund.category')} rules={[{ required: true }]}>
            <Select options={FUND_CATEGORY_CODES.map((c: FundCategory) => ({ value: c, label: `${t(`regulation.fund.directions.${FUND_CATEGORIES[c].direction}`)} · ${t(`regulation.fund.categories.${c}`)}` }))} />
          </Form.Item>
          <Form.Item name="amountYuan" label={t('regulation.fund.amountYuan')} rules={[{ required: true, pattern: /^\d{1,11}(\.\d{1,2})?$/ }]}><Input inputMode="decimal" style={{ width: 220 }} /></Form.Item>
          <Form.Item name="onDate" label={t('regulation.fund.onDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="regionCode" label={t('regulation.fund.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}><Input /></Form.Item>
          <Form.Item name="counterparty" label={t('regulation.fund.counterparty')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="basis" label={t('regulation.fund.basis')} rules={[{ required: true, whitespace: true }]}><Input maxLength={500} /></Form.Item>
          <Form.Item name="reference" label={t('regulation.fund.reference')}><Input maxLength={100} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
