import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { validated } from '../../lib/form.ts';
import { useCan } from '../auth/useSession.ts';
import { Page } from '../../layout/Page.tsx';
import { useLabels } from './labels.ts';
import type { MaintenanceSchedule, MaintenanceScheduleCreate } from './types.ts';
import { upkeepApi } from './upkeepApi.ts';

const schedulesKey = ['works', 'maintenance-schedules'] as const;

/**
 * 维护周期: the city-wide schedules maintenance plans are generated from (GET/PATCH/POST
 * /api/works/maintenance-schedules, changing one needs system:config). Interval and active are edited in the row;
 * a new maintenance item is added in a dialog. Items are shown by name and interval in words, not by code.
 */
export default function MaintenanceSchedulesPage() {
  const { t } = useTranslation();
  const { lbl, language } = useLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const schedules = useQuery({ queryKey: schedulesKey, queryFn: upkeepApi.schedules });
  const can = useCan();
  const [adding, setAdding] = useState(false);
  const update = useMutation({
    mutationFn: ({ code, patch }: { code: string; patch: Parameters<typeof upkeepApi.updateSchedule>[1] }) => upkeepApi.updateSchedule(code, patch),
    onSuccess: (saved) => {
      qc.setQueryData<{ items: MaintenanceSchedule[] }>(schedulesKey, (old) => old && { items: old.items.map((s) => (s.code === saved.code ? saved : s)) });
      message.success(t('schedules.saved', { name: language === 'en' ? saved.nameEn : saved.name }));
    },
    onError: (e) => message.error(e instanceof ApiError ? e.message : t('common.unknownError')),
  });

  return (
    <Page
      title={t('schedules.title')}
      extra={
        can('system:config') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="schedule-add">
            {t('schedules.add')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('schedules.help')}</Typography.Paragraph>
      {adding && <AddScheduleModal onClose={() => setAdding(false)} />}
      <Table<MaintenanceSchedule>
        size="small"
        rowKey="code"
        pagination={false}
        loading={schedules.isPending}
        dataSource={schedules.data?.items ?? []}
        locale={schedules.isError ? { emptyText: <Typography.Text type="danger">{schedules.error.message}</Typography.Text> } : undefined}
        data-testid="schedules-table"
        columns={[
          { title: t('works.upkeep.discipline'), dataIndex: 'discipline', width: 160, render: (v: string) => lbl('discipline', v) },
          {
            title: t('schedules.name'),
            key: 'name',
            render: (_v, s) => (
              <>
                {language === 'en' ? s.nameEn : s.name}{' '}
                <Typography.Text type="secondary" data-testid={`schedule-every-${s.code}`}>
                  · {t('schedules.every', { count: s.intervalMonths })}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('schedules.interval'),
            dataIndex: 'intervalMonths',
            width: 200,
            render: (_v, s) => <IntervalCell schedule={s} saving={update.isPending} onSave={(n) => update.mutateAsync({ code: s.code, patch: { intervalMonths: n } })} />,
          },
          {
            title: t('schedules.active'),
            dataIndex: 'active',
            width: 120,
            render: (_v, s) => (
              <Switch
                checked={s.active}
                loading={update.isPending && update.variables?.code === s.code && update.variables.patch.active !== undefined}
                onChange={(active) => update.mutate({ code: s.code, patch: { active } })}
                data-testid={`schedule-active-${s.code}`}
              />
            ),
          },
          {
            title: t('works.upkeep.status'),
            key: 'state',
            width: 100,
            render: (_v, s) => (s.active ? <Tag color="green">{t('schedules.inUse')}</Tag> : <Tag>{t('schedules.notInUse')}</Tag>),
          },
        ]}
      />
    </Page>
  );
}

/** The interval in months (1–120), saved on Enter or when the field loses focus, only when changed. */
function IntervalCell({ schedule, saving, onSave }: { schedule: MaintenanceSchedule; saving: boolean; onSave: (months: number) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | null>(schedule.intervalMonths);
  const [seen, setSeen] = useState(schedule.intervalMonths);
  // What was last sent: Enter then blur (or a second Enter) must not save the same value twice.
  const [sent, setSent] = useState<number | null>(null);
  // A saved (or refetched) interval replaces what was typed.
  if (seen !== schedule.intervalMonths) {
    setSeen(schedule.intervalMonths);
    setValue(schedule.intervalMonths);
    setSent(null);
  }
  const commit = () => {
    if (value === null) return setValue(schedule.intervalMonths);
    if (value === schedule.intervalMonths || value === sent) return;
    setSent(value);
    // A refused save (shown by the mutation) may be tried again.
    onSave(value).catch(() => setSent(null));
  };
  return (
    <InputNumber
      size="small"
      min={1}
      max={120}
      precision={0}
      value={value}
      readOnly={saving}
      onChange={(v) => setValue(v)}
      onBlur={commit}
      onPressEnter={commit}
      suffix={t('schedules.months')}
      style={{ width: 130 }}
      data-testid={`schedule-interval-${schedule.code}`}
    />
  );
}

/** A new maintenance item: active at once, so every work that needs upkeep gets its plan (the server says how many). */
function AddScheduleModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { options, language } = useLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<MaintenanceScheduleCreate>();
  const create = useMutation({
    mutationFn: upkeepApi.createSchedule,
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: schedulesKey });
      void qc.invalidateQueries({ queryKey: ['works', 'upkeep'] });
      message.success(t('schedules.created', { name: language === 'en' ? r.schedule.nameEn : r.schedule.name, count: r.plansCreated }));
      onClose();
    },
  });
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    create.mutate({ ...v, code: v.code.trim(), name: v.name.trim(), nameEn: v.nameEn.trim() });
  };
  return (
    <Modal open title={t('schedules.add')} onCancel={onClose} onOk={() => void submit()} confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'schedule-add-submit' } as never} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('schedules.addHelp')}</Typography.Paragraph>
      {create.isError && (
        <Alert type="error" showIcon title={create.error instanceof ApiError ? create.error.message : t('common.unknownError')} style={{ marginBottom: 12 }} data-testid="schedule-add-error" />
      )}
      <Form form={form} layout="vertical" name="schedule" initialValues={{ intervalMonths: 12 }}>
        <Form.Item
          name="code"
          label={t('schedules.code')}
          extra={t('schedules.codeHelp')}
          rules={[{ required: true, whitespace: true, message: t('schedules.codeRequired') }, { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('schedules.codePattern') }]}
        >
          <Input maxLength={64} placeholder="sumps_yearly" />
        </Form.Item>
        <Form.Item name="name" label={t('schedules.nameZh')} rules={[{ required: true, whitespace: true, message: t('schedules.nameZhRequired') }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('schedules.nameEn')} rules={[{ required: true, whitespace: true, message: t('schedules.nameEnRequired') }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="discipline" label={t('works.upkeep.discipline')} rules={[{ required: true, message: t('schedules.disciplineRequired') }]}>
          <Select options={options('discipline')} data-testid="schedule-add-discipline" />
        </Form.Item>
        <Form.Item name="intervalMonths" label={t('schedules.interval')} rules={[{ required: true, message: t('schedules.intervalRequired') }]}>
          <InputNumber min={1} max={120} precision={0} suffix={t('schedules.months')} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
