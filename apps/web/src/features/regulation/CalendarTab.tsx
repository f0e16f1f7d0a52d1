/**
 * 工作日历: the years whose holidays and 调休 the statutory clocks count with, and — for the system administrator —
 * loading a year from the State Council's notice. A clock that ran through a year not loaded yet was counted
 * Monday–Friday and carries a provisional tag; loading the year re-computes the open ones, and the page says how many.
 */
import { App, Alert, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { parseDates } from './calendarDates.ts';
import { useCalendarYears, useLoadCalendarYear, type CalendarLoadResult } from './regulationApi.ts';

/**
 * The tag beside a date counted Monday–Friday through `years`, whose holidays are not loaded yet. Only an open clock
 * is re-computed when a year is loaded, so a closed one (decided, answered) keeps its years and shows no tag.
 */
export function ProvisionalTag({ years, open }: { years: readonly number[]; open: boolean }) {
  const { t } = useTranslation();
  if (years.length === 0 || !open) return null;
  return (
    <Tooltip title={t('regulation.calendar.provisionalHint', { years: years.join('、') })}>
      <Tag color="warning" data-testid="calendar-provisional">{t('regulation.calendar.provisional', { years: years.join('、') })}</Tag>
    </Tooltip>
  );
}

interface FormValues { year: number; basis: string; holidays: string; workingWeekends?: string }

export function CalendarTab() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const years = useCalendarYears();
  const load = useLoadCalendarYear();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<CalendarLoadResult | null>(null);
  const [form] = Form.useForm<FormValues>();

  const submit = (v: FormValues) => {
    setProblem(null);
    load.mutate({ year: v.year, body: { basis: v.basis, holidays: parseDates(v.holidays), workingWeekends: parseDates(v.workingWeekends ?? '') } }, {
      onSuccess: (r) => {
        setResult(r);
        setOpen(false);
        form.resetFields();
        message.success(t('regulation.calendar.loaded', { year: r.year.year, count: r.recomputed }));
      },
      onError: (err) => setProblem(err instanceof ApiError ? err.message : t('common.unknownError')),
    });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('regulation.calendar.note')} />
      {result && (
        <Alert type="success" showIcon closable onClose={() => setResult(null)} data-testid="calendar-recomputed"
          title={t('regulation.calendar.loaded', { year: result.year.year, count: result.recomputed })}
          description={result.moved.length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {result.moved.map((m) => (
                <li key={`${m.kind}-${m.id}`}>
                  <Typography.Text code>{m.caseNo}</Typography.Text> {t(`regulation.calendar.kinds.${m.kind}`)}：{m.before} → {m.after}
                </li>
              ))}
            </ul>
          )} />
      )}
      {can('system:config') && <Button type="primary" onClick={() => { setProblem(null); setOpen(true); }}>{t('regulation.calendar.load')}</Button>}
      <Table
        rowKey="year" size="middle" loading={years.isLoading} dataSource={years.data?.items ?? []} pagination={false}
        columns={[
          { title: t('regulation.calendar.year'), dataIndex: 'year' },
          {
            title: t('regulation.calendar.source'), dataIndex: 'source',
            render: (s: string) => <Tag color={s === 'loaded' ? 'blue' : 'default'}>{t(`regulation.calendar.sources.${s}`)}</Tag>,
          },
          { title: t('regulation.calendar.basis'), dataIndex: 'basis' },
          { title: t('regulation.calendar.holidays'), dataIndex: 'holidays', align: 'right', render: (d: string[]) => d.length },
          { title: t('regulation.calendar.workingWeekends'), dataIndex: 'workingWeekends', render: (d: string[]) => d.join('、') || '—' },
          {
            title: t('regulation.calendar.loadedBy'), key: 'loadedBy',
            render: (_: unknown, y) => (y.loadedAt ? `${y.loadedBy ?? '—'} ${dayjs(y.loadedAt).format('YYYY-MM-DD HH:mm')}` : '—'),
          },
        ]}
      />
      <Modal open={open} title={t('regulation.calendar.load')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={load.isPending} destroyOnHidden width={640}>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="calendar-problem" />}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ year: dayjs().year() + 1 }}>
          <Form.Item name="year" label={t('regulation.calendar.year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} precision={0} /></Form.Item>
          <Form.Item name="basis" label={t('regulation.calendar.basis')} rules={[{ required: true, whitespace: true }]} extra={t('regulation.calendar.basisHint')}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="holidays" label={t('regulation.calendar.holidays')} rules={[{ required: true, whitespace: true }]} extra={t('regulation.calendar.datesHint')}>
            <Input.TextArea rows={4} placeholder="2027-01-01~2027-01-03" />
          </Form.Item>
          <Form.Item name="workingWeekends" label={t('regulation.calendar.workingWeekends')} extra={t('regulation.calendar.weekendsHint')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
