import { CheckOutlined, EditOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { FINDING_CATEGORIES, INSPECTION_CHECKLIST, SIGN_STATUSES, type MaintenanceDiscipline, type SignStatus } from '@civdef/domain';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { dayjs, formatTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import { SIGN_COLORS, labelOf, useLabels } from './labels.ts';
import type { Inspection, MaintenancePlan, MaintenanceRecord, Rectification, WorkDetail } from './types.ts';
import { upkeepApi, useInspections, usePlans, useRecords, useRectifications, useUpkeepMutation } from './upkeepApi.ts';
import { validated } from '../../lib/form.ts';

function Section({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="works-section">
      <div className="works-section-head">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </div>
      {children}
    </div>
  );
}

const errText = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

/** 维护管理: plans with due dates, records, inspections, rectification tasks and the sign status of one work. */
export function UpkeepTab({ work }: { work: WorkDetail }) {
  const { t } = useTranslation();
  const { lbl, fmt, language } = useLabels();
  const { message } = App.useApp();
  const can = useCan();
  const plans = usePlans(work.id);
  const records = useRecords(work.id);
  const inspections = useInspections(work.id);
  const rects = useRectifications(work.id);
  const generate = useUpkeepMutation(work.id, () => upkeepApi.generatePlans(work.id));
  const [recordFor, setRecordFor] = useState<MaintenancePlan | 'free' | null>(null);
  const [closing, setClosing] = useState<Rectification | null>(null);
  const [signOpen, setSignOpen] = useState(false);
  const u = work.upkeep;
  const tableErr = (q: { isError: boolean; error: Error | null }) =>
    q.isError ? { emptyText: <Typography.Text type="danger">{q.error?.message}</Typography.Text> } : undefined;

  return (
    <div data-testid="upkeep-tab">
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('works.upkeep.overduePlans')}>
          {u.overduePlans > 0 ? <Tag color="error">{u.overduePlans}</Tag> : 0}
        </Descriptions.Item>
        <Descriptions.Item label={t('works.upkeep.nextDueOn')}>{u.nextDueOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('works.upkeep.lastInspectedAt')}>{u.lastInspectedAt ? formatTime(u.lastInspectedAt, false) : t('common.never')}</Descriptions.Item>
        <Descriptions.Item label={t('works.upkeep.openRectifications')}>{u.openRectifications}</Descriptions.Item>
        <Descriptions.Item label={t('works.upkeep.overdueRectifications')}>
          {u.overdueRectifications > 0 ? <Tag color="error">{u.overdueRectifications}</Tag> : 0}
        </Descriptions.Item>
        <Descriptions.Item label={t('works.field.signStatus')}>
          <Space size={4} wrap data-testid="sign-status">
            <Tag color={SIGN_COLORS[work.signStatus]}>{lbl('signStatus', work.signStatus)}</Tag>
            {work.signNote && (
              <Typography.Text type="secondary" data-testid="sign-note">
                {work.signNote}
              </Typography.Text>
            )}
            {work.signCheckedAt && <Typography.Text type="secondary">({formatTime(work.signCheckedAt, false)})</Typography.Text>}
            {can('works:inspect') && (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setSignOpen(true)} data-testid="sign-change">
                {t('works.upkeep.signChange')}
              </Button>
            )}
          </Space>
        </Descriptions.Item>
      </Descriptions>

      <Section
        title={t('works.upkeep.plans')}
        extra={
          <Space>
            {can('works:inspect') && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setRecordFor('free')}>
                {t('works.upkeep.addRecord')}
              </Button>
            )}
            {can('works:write') && (
              <Button
                size="small"
                icon={<ThunderboltOutlined />}
                loading={generate.isPending}
                onClick={() =>
                  generate.mutate(undefined, {
                    onSuccess: () => message.success(t('works.upkeep.generated')),
                    onError: (e) => message.error(errText(e, t('common.unknownError'))),
                  })
                }
                data-testid="plans-generate"
              >
                {t('works.upkeep.generate')}
              </Button>
            )}
          </Space>
        }
      >
        <Table<MaintenancePlan>
          size="small"
          rowKey="id"
          pagination={false}
          loading={plans.isPending}
          dataSource={plans.data?.items ?? []}
          locale={tableErr(plans) ?? { emptyText: t('works.upkeep.noPlans') }}
          columns={[
            { title: t('works.upkeep.planTitle'), key: 'title', render: (_v: unknown, p: MaintenancePlan) => planTitle(p, language) },
            { title: t('works.upkeep.discipline'), dataIndex: 'discipline', render: (v: string) => lbl('discipline', v) },
            { title: t('works.upkeep.interval'), dataIndex: 'intervalMonths', render: (v: number) => t('works.upkeep.months', { count: v }) },
            {
              title: t('works.upkeep.nextDueOn'),
              dataIndex: 'nextDueOn',
              render: (v: string, p) => (
                <Space size={4}>
                  {v}
                  {p.overdue && <Tag color="error">{t('works.overdue')}</Tag>}
                </Space>
              ),
            },
            { title: t('works.upkeep.lastDoneOn'), dataIndex: 'lastDoneOn', render: (v: string | null) => v ?? '—' },
            ...(can('works:inspect')
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    width: 110,
                    render: (_v: unknown, p: MaintenancePlan) => (
                      <Button type="link" size="small" onClick={() => setRecordFor(p)}>
                        {t('works.upkeep.markDone')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Section>

      <Section title={t('works.upkeep.records')}>
        <Table<MaintenanceRecord>
          size="small"
          rowKey="id"
          loading={records.isPending}
          dataSource={records.data?.items ?? []}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          locale={tableErr(records)}
          columns={[
            { title: t('works.upkeep.doneOn'), dataIndex: 'doneOn', width: 110 },
            { title: t('works.upkeep.discipline'), dataIndex: 'discipline', width: 110, render: (v: string) => lbl('discipline', v) },
            { title: t('works.upkeep.description'), dataIndex: 'description' },
            { title: t('works.upkeep.performedBy'), dataIndex: 'performedBy', width: 140, render: (v: string | null) => v ?? '—' },
            { title: t('works.upkeep.cost'), dataIndex: 'costYuan', width: 110, align: 'right', render: (v: number | null) => (v === null ? '—' : fmt(v)) },
          ]}
        />
      </Section>

      <Section title={t('works.upkeep.inspections')}>
        <Table<Inspection>
          size="small"
          rowKey="id"
          loading={inspections.isPending}
          dataSource={inspections.data?.items ?? []}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          locale={tableErr(inspections)}
          data-testid="inspections-table"
          expandable={{
            expandedRowRender: (i) => (
              <Space orientation="vertical" size={2}>
                {i.checklist.map((c) => (
                  <div key={c.item}>
                    <Tag color={c.result === 'ok' ? 'green' : c.result === 'problem' ? 'red' : 'default'}>{t(`inspect.result.${c.result}`)}</Tag>
                    {labelOf(INSPECTION_CHECKLIST, c.item, language)}
                    {c.note && <Typography.Text type="secondary"> — {c.note}</Typography.Text>}
                  </div>
                ))}
                {i.notes && <div>{i.notes}</div>}
              </Space>
            ),
          }}
          columns={[
            { title: t('works.upkeep.inspectedAt'), dataIndex: 'inspectedAt', width: 150, render: (v: string) => formatTime(v, false) },
            { title: t('works.upkeep.inspector'), dataIndex: 'inspector', width: 120, render: (v: string | null) => v ?? '—' },
            {
              title: t('works.upkeep.problems'),
              key: 'p',
              render: (_v, i) => {
                const n = i.checklist.filter((c) => c.result === 'problem').length;
                return n ? <Tag color="red">{t('works.upkeep.problemCount', { count: n })}</Tag> : <Tag color="green">{t('inspect.result.ok')}</Tag>;
              },
            },
            {
              title: t('works.upkeep.gpsDistance'),
              dataIndex: 'distanceM',
              width: 120,
              render: (v: number | null) => (v === null ? '—' : <Tag color={v > 300 ? 'orange' : 'default'}>{fmt(v)} m</Tag>),
            },
            {
              title: t('works.upkeep.photos'),
              dataIndex: 'photoIds',
              render: (ids: number[]) => (
                <Space size={4} wrap>
                  {ids.map((pid) => (
                    <a key={pid} href={upkeepApi.documentUrl(pid)} target="_blank" rel="noreferrer">
                      <img src={upkeepApi.documentUrl(pid)} alt="" className="works-thumb" />
                    </a>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Section>

      <Section title={t('works.upkeep.rectifications')}>
        <Table<Rectification>
          size="small"
          rowKey="id"
          loading={rects.isPending}
          dataSource={rects.data?.items ?? []}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          locale={tableErr(rects)}
          columns={[
            { title: t('works.upkeep.category'), dataIndex: 'category', width: 150, render: (v: string) => labelOf(FINDING_CATEGORIES, v, language) },
            { title: t('works.upkeep.description'), dataIndex: 'description' },
            { title: t('works.upkeep.deadline'), dataIndex: 'deadline', width: 110 },
            {
              title: t('works.upkeep.status'),
              key: 's',
              width: 110,
              render: (_v, r) =>
                r.status === 'closed' ? (
                  <Tag color="green">{t('works.upkeep.closed')}</Tag>
                ) : r.overdue ? (
                  <Tag color="error">{t('works.overdue')}</Tag>
                ) : (
                  <Tag color="gold">{t('works.upkeep.open')}</Tag>
                ),
            },
            {
              title: t('works.upkeep.closingNote'),
              key: 'c',
              render: (_v, r) =>
                r.status === 'closed' ? (
                  <Typography.Text type="secondary">
                    {r.closingNote} ({r.closedBy}, {formatTime(r.closedAt, false)})
                  </Typography.Text>
                ) : can('works:inspect') ? (
                  <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => setClosing(r)}>
                    {t('works.upkeep.close')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Section>

      <RecordModal workId={work.id} plan={recordFor} onClose={() => setRecordFor(null)} />
      <CloseRectificationModal work={work} rect={closing} onClose={() => setClosing(null)} />
      <SignModal work={work} open={signOpen} onClose={() => setSignOpen(false)} />
    </div>
  );
}

/** A plan's name in the console's language (its schedule's English name in English). */
export const planTitle = (p: Pick<MaintenancePlan, 'title' | 'titleEn'>, language: string) => (language === 'en' ? p.titleEn : p.title);

/** Records maintenance done, against a plan (its next due date moves on) or free; also opened from the due list. */
export function RecordModal({ workId, plan, onClose }: { workId: number; plan: MaintenancePlan | 'free' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { options, language } = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const add = useUpkeepMutation(workId, (body: Parameters<typeof upkeepApi.addRecord>[1]) => upkeepApi.addRecord(workId, body));
  const p = plan === 'free' ? null : plan;
  const submit = async () => {
    const v = (await validated(form)) as { discipline: MaintenanceDiscipline; doneOn: dayjs.Dayjs; performedBy?: string; description: string; costYuan?: number } | null;
    if (!v) return;
    add.mutate(
      {
        planId: p?.id,
        discipline: v.discipline,
        doneOn: v.doneOn.format('YYYY-MM-DD'),
        performedBy: v.performedBy?.trim() || undefined,
        description: v.description.trim(),
        costYuan: v.costYuan ?? undefined,
      },
      {
        onSuccess: () => {
          message.success(t('works.upkeep.recorded'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={plan !== null}
      title={p ? t('works.upkeep.recordFor', { title: planTitle(p, language) }) : t('works.upkeep.addRecord')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      {add.isError && <Alert type="error" showIcon title={errText(add.error, t('common.unknownError'))} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ discipline: p?.discipline ?? 'civil', doneOn: dayjs() }} preserve={false}>
        <Form.Item name="discipline" label={t('works.upkeep.discipline')} rules={[{ required: true }]}>
          <Select options={options('discipline')} disabled={!!p} />
        </Form.Item>
        <Form.Item name="doneOn" label={t('works.upkeep.doneOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="description" label={t('works.upkeep.description')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space>
          <Form.Item name="performedBy" label={t('works.upkeep.performedBy')} rules={[{ max: 128 }]}>
            <Input maxLength={128} />
          </Form.Item>
          <Form.Item name="costYuan" label={t('works.upkeep.cost')}>
            <InputNumber min={0} max={1e10} precision={2} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function CloseRectificationModal({ work, rect, onClose }: { work: WorkDetail; rect: Rectification | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const close = useUpkeepMutation(work.id, ({ rid, n }: { rid: number; n: string }) => upkeepApi.closeRectification(rid, n));
  return (
    <Modal
      open={rect !== null}
      title={t('works.upkeep.closeTitle')}
      onCancel={onClose}
      okButtonProps={{ disabled: !note.trim() }}
      confirmLoading={close.isPending}
      onOk={() => rect && close.mutate({ rid: rect.id, n: note.trim() }, { onSuccess: () => (setNote(''), onClose()) })}
      destroyOnHidden
    >
      {close.isError && <Alert type="error" showIcon title={errText(close.error, t('common.unknownError'))} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>{rect?.description}</Typography.Paragraph>
      <Input.TextArea rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('works.upkeep.closingNote')} />
    </Modal>
  );
}

/** 标识标牌: a new status with an optional note (what is missing or damaged, where). */
function SignModal({ work, open, onClose }: { work: WorkDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ status: SignStatus; note?: string }>();
  const setSign = useUpkeepMutation(work.id, ({ status, note }: { status: SignStatus; note?: string }) => upkeepApi.setSign(work.id, status, note));
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSign.mutate(
      { status: v.status, note: v.note?.trim() || undefined },
      {
        onSuccess: () => {
          message.success(t('works.upkeep.signSaved'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t('works.upkeep.signTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={setSign.isPending}
      okButtonProps={{ 'data-testid': 'sign-save' } as never}
      destroyOnHidden
    >
      {setSign.isError && <Alert type="error" showIcon title={errText(setSign.error, t('common.unknownError'))} style={{ marginBottom: 12 }} />}
      <Form form={form} name="sign" layout="vertical" initialValues={{ status: work.signStatus, note: work.signNote ?? '' }} preserve={false}>
        <Form.Item name="status" label={t('works.field.signStatus')} rules={[{ required: true }]}>
          <Select options={options(SIGN_STATUSES)} data-testid="sign-select" />
        </Form.Item>
        <Form.Item name="note" label={t('works.upkeep.signNote')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('works.upkeep.signNotePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
