/**
 * 人口数算 (phone): staff at an assembly point or base submit head counts during a running drill; totals against the
 * plan (the latest assignment run) refresh every few seconds. Each submission carries an id made here, so a retry
 * after a lost answer is counted once. The form shows once the running drills are known: shown before, it took a
 * place and a number while its drill was still empty and its button stayed greyed for as long as the drill list took
 * (long, on a busy server). A phone opened before the drill starts asks again every few seconds until it runs.
 */
import { App, Button, Card, Empty, InputNumber, Progress, Select, Space, Spin, Statistic, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from './PlansPage.tsx';
import { useCountBoard, useDrills, usePlaces, useSubmitCount } from './responseApi.ts';

const DEVICE_KEY = 'civdef.countDevice';
function deviceName(): string {
  try {
    let d = localStorage.getItem(DEVICE_KEY);
    if (!d) { d = `phone-${crypto.randomUUID().slice(0, 8)}`; localStorage.setItem(DEVICE_KEY, d); }
    return d;
  } catch {
    return 'phone';
  }
}

export default function CountPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const drills = useDrills({ untilRunning: true });
  const places = usePlaces();
  const running = (drills.data?.items ?? []).filter((d) => d.state === 'running');
  const [drillId, setDrillId] = useState<number | null>(null);
  const [placeId, setPlaceId] = useState<number | null>(null);
  const [people, setPeople] = useState<number | null>(null);
  useEffect(() => { if (drillId === null && running[0]) setDrillId(running[0].id); }, [running, drillId]);
  const board = useCountBoard(drillId);
  const submit = useSubmitCount();
  const send = () => {
    if (drillId === null || placeId === null || !people) return;
    submit.mutate({ clientId: crypto.randomUUID(), drillId, placeId, people, device: deviceName() }, {
      onSuccess: (r) => { void message.success(r.duplicate ? t('response.count.duplicate') : t('response.count.sent', { n: people })); setPeople(null); }, onError,
    });
  };
  if (drills.isPending) return <Card data-testid="count-loading"><Spin /></Card>;
  if (running.length === 0) return <Card><Empty description={t('response.count.noDrill')} /></Card>;
  const totals = board.data?.totals;
  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 560 }}>
      <Card size="small" title={t('response.count.title')} data-testid="count-form">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select style={{ width: '100%' }} value={drillId} onChange={setDrillId} placeholder={t('response.count.drill')} options={running.map((d) => ({ value: d.id, label: d.title }))} aria-label={t('response.count.drill')} />
          <Select showSearch optionFilterProp="label" style={{ width: '100%' }} value={placeId} onChange={setPlaceId} placeholder={t('response.count.place')} aria-label={t('response.count.place')}
            options={(places.data?.items ?? []).filter((p) => p.kind !== 'area').map((p) => ({ value: p.id, label: p.name }))} />
          <InputNumber style={{ width: '100%' }} size="large" min={1} max={100000} value={people} onChange={(v) => setPeople(v)} placeholder={t('response.count.people')} aria-label={t('response.count.people')} inputMode="numeric" />
          <Button type="primary" size="large" block disabled={!drillId || !placeId || !people} loading={submit.isPending} onClick={send} data-testid="count-submit">{t('response.count.submit')}</Button>
        </Space>
      </Card>
      {totals && (
        <Card size="small" data-testid="count-totals">
          <Space size="large">
            <Statistic title={t('response.count.counted')} value={totals.counted} />
            <Statistic title={t('response.count.planned')} value={board.data?.runId ? totals.planned : '—'} suffix={board.data?.runId ? undefined : t('response.count.noPlan')} />
          </Space>
          {board.data?.runId && totals.planned > 0 && <Progress percent={Math.min(100, Math.round((totals.counted / totals.planned) * 100))} />}
          <Table size="small" rowKey="placeId" pagination={false} style={{ marginTop: 8 }} scroll={{ x: true }}
            dataSource={(board.data?.places ?? []).filter((p) => p.counted > 0 || p.placeId === placeId)} columns={[
              { title: t('response.count.place'), dataIndex: 'name' },
              { title: t('response.count.counted'), dataIndex: 'counted' },
              { title: t('response.count.planned'), dataIndex: 'planned', render: (v: number | null) => v ?? '—' },
              { title: t('response.count.devices'), dataIndex: 'devices' },
            ]} />
        </Card>
      )}
    </Space>
  );
}
