import { App, InputNumber, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Page } from '../../layout/Page.tsx';
import { useLabels } from './labels.ts';
import type { MaintenanceSchedule } from './types.ts';
import { upkeepApi } from './upkeepApi.ts';

const schedulesKey = ['works', 'maintenance-schedules'] as const;

/**
 * 维护周期: the city-wide schedules maintenance plans are generated from (GET/PATCH
 * /api/works/maintenance-schedules, changing one needs system:config). Interval and active are edited in the row.
 */
export default function MaintenanceSchedulesPage() {
  const { t } = useTranslation();
  const { lbl, language } = useLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const schedules = useQuery({ queryKey: schedulesKey, queryFn: upkeepApi.schedules });
  const update = useMutation({
    mutationFn: ({ code, patch }: { code: string; patch: Parameters<typeof upkeepApi.updateSchedule>[1] }) => upkeepApi.updateSchedule(code, patch),
    onSuccess: (saved) => {
      qc.setQueryData<{ items: MaintenanceSchedule[] }>(schedulesKey, (old) => old && { items: old.items.map((s) => (s.code === saved.code ? saved : s)) });
      message.success(t('schedules.saved', { name: language === 'en' ? saved.nameEn : saved.name }));
    },
    onError: (e) => message.error(e instanceof ApiError ? e.message : t('common.unknownError')),
  });

  return (
    <Page title={t('schedules.title')}>
      <Typography.Paragraph type="secondary">{t('schedules.help')}</Typography.Paragraph>
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
                {language === 'en' ? s.nameEn : s.name} <Typography.Text type="secondary">({s.code})</Typography.Text>
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
