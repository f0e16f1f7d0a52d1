/** One command's per-siren answers, live: counts per delivery state, the sirens on a map and in a table; used by alerts and test days. */
import { Badge, Space, Table, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../dashboard/EChart.tsx';
import { DELIVERY_COLOR, programLabel } from './labels.ts';
import { isUnreachable, LiveMap } from './LiveMap.tsx';
import { useLiveCommand, type LiveDelivery } from './liveCommand.ts';

const BADGE_COLOR = (state: string) => (DELIVERY_COLOR[state] === 'red' ? '#f5222d' : DELIVERY_COLOR[state] === 'green' ? '#52c41a' : '#1677ff');

/** Each siren's answer to one command, with counts per state; pushed by the server until nothing is still owed. */
export function LiveStatus({ commandId }: { commandId: string }) {
  const { t, i18n } = useTranslation();
  const live = useLiveCommand(commandId);
  // Counted again only when a delta came (at most a few times a second), not on every render.
  const unreachable = useMemo(() => live.deliveries.filter(isUnreachable).length, [live.deliveries]);
  // The timeline: answered, still owed and failed over the seconds since the command was issued, one point per
  // update this page received (a page opened later starts at its snapshot).
  const timeline = useMemo<EChartsCoreOption>(() => {
    const t0 = live.command ? Date.parse(live.command.issuedAt) : live.timeline[0]?.at ?? 0;
    const sum = (c: Record<string, number>, states: string[]) => states.reduce((n, s) => n + (c[s] ?? 0), 0);
    const series = [
      { name: t('warning.alerts.timeline.answered'), states: ['accepted', 'finished'], color: '#52c41a' },
      { name: t('warning.alerts.timeline.owed'), states: ['pending', 'sent'], color: '#1677ff' },
      { name: t('warning.alerts.timeline.failed'), states: ['failed', 'rejected'], color: '#f5222d' },
    ];
    return {
      grid: { left: 48, right: 16, top: 28, bottom: 28 }, legend: { top: 0 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 's', min: 0 }, yAxis: { type: 'value', minInterval: 1 },
      series: series.map((x) => ({
        name: x.name, type: 'line', step: 'end', showSymbol: false, color: x.color,
        data: live.timeline.map((p) => [Math.max(0, (p.at - t0) / 1000), sum(p.counts, x.states)]),
      })),
    };
  }, [live.timeline, live.command, t]);
  if (live.mode === 'connecting' && live.deliveries.length === 0) return null;
  return (
    <div style={{ marginTop: 12 }} data-testid="live-status" data-mode={live.mode} data-cursor={live.cursor}>
      <Space wrap>
        <Typography.Text strong>{`${t('warning.alerts.live')} · ${programLabel(live.command?.program ?? '', i18n.language)}`}</Typography.Text>
        <Tag color={live.complete ? 'default' : live.mode === 'stream' ? 'green' : 'gold'} data-testid="live-mode">
          {t(live.complete ? 'warning.alerts.liveMode.complete' : `warning.alerts.liveMode.${live.mode}`)}
        </Tag>
      </Space>
      <Space wrap style={{ margin: '8px 0', display: 'flex' }}>
        {Object.entries(live.counts).map(([state, n]) => (
          <Badge key={state} count={n} showZero color={BADGE_COLOR(state)} overflowCount={99999}>
            <Tag style={{ marginRight: 8 }}>{t(`warning.alerts.delivery.${state}`)}</Tag>
          </Badge>
        ))}
        {unreachable > 0 && (
          <Badge count={unreachable} color="#722ed1" overflowCount={99999} data-testid="live-unreachable">
            <Tag style={{ marginRight: 8 }}>{t('warning.alerts.unreachable')}</Tag>
          </Badge>
        )}
      </Space>
      <LiveMap deliveries={live.deliveries} />
      <EChart option={timeline} height={160} testId="live-timeline" />
      {/* Paginated: ten rows are drawn whatever the command's size (10,000 sirens included). */}
      <Table<LiveDelivery>
        rowKey="sirenId" size="small" pagination={{ pageSize: 10, showSizeChanger: false }} dataSource={live.deliveries}
        columns={[
          { title: t('warning.sirens.code'), dataIndex: 'sirenCode' },
          { title: t('warning.sirens.name'), dataIndex: 'sirenName', ellipsis: true },
          {
            title: t('warning.sirens.status'), dataIndex: 'state',
            render: (s: string, d) => (
              <>
                <Tag color={DELIVERY_COLOR[s]}>{t(`warning.alerts.delivery.${s}`)}</Tag>
                {isUnreachable(d) && <Tag color="purple">{t('warning.alerts.unreachable')}</Tag>}
              </>
            ),
          },
          { title: '↻', dataIndex: 'attempts', width: 50 },
          { title: t('warning.sirens.reason'), dataIndex: 'reason', ellipsis: true },
        ]}
      />
    </div>
  );
}
