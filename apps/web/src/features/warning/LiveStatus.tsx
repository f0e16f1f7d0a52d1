/** One command's per-siren answers, live: counts per delivery state, the sirens on a map and in a table; used by alerts and test days. */
import { inLanguage } from '@civdef/domain';
import { App, Button, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { EChartsCoreOption } from 'echarts/core';
import type { Polygon } from 'geojson';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../dashboard/EChart.tsx';
import { DELIVERY_COLOR, DELIVERY_ORDER, programLabel } from './labels.ts';
import { countsByDistrict, type DistrictCounts } from './liveCounts.ts';
import { isUnreachable, LiveMap } from './LiveMap.tsx';
import { useLiveCommand, type LiveDelivery } from './liveCommand.ts';
import { useRegions, warningApi } from './warningApi.ts';

/** Each siren's answer to one command, with counts per state; pushed by the server until nothing is still owed. */
export function LiveStatus({ commandId, reveal = false, area = null }: { commandId: string; reveal?: boolean; area?: Polygon | null }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const live = useLiveCommand(commandId);
  // `reveal`: scrolled into sight once, when its first answers are drawn (before that it has no height to show).
  const root = useRef<HTMLDivElement>(null);
  const revealed = useRef(false);
  const drawn = live.deliveries.length > 0;
  useEffect(() => {
    if (!reveal || !drawn || revealed.current) return;
    revealed.current = true;
    root.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [reveal, drawn]);
  // Counted again only when a delta came (at most a few times a second), not on every render.
  const unreachable = useMemo(() => live.deliveries.filter(isUnreachable).length, [live.deliveries]);
  // Per district (a siren's region, town or district, cut to its district's six digits): where a city-wide command
  // has got to, and where someone must go on site.
  const regions = useRegions();
  const districts = useMemo(
    () => countsByDistrict(live.deliveries, new Map((regions.data?.items ?? []).map((r) => [r.code, r.name]))),
    [live.deliveries, regions.data]);
  // The timeline: how many sirens had answered (started) and finished by each second since the command was issued,
  // from each delivery's own times, so a page opened late or reloaded draws the whole of it; the dashed line is the
  // sirens that can answer (those with a remote terminal).
  const timeline = useMemo<EChartsCoreOption>(() => {
    const sent = live.deliveries.flatMap((d) => (d.sentAt ? [Date.parse(d.sentAt)] : []));
    const t0 = live.command ? Date.parse(live.command.issuedAt) : sent.length > 0 ? Math.min(...sent) : 0;
    const rising = (times: number[]) => times.sort((x, y) => x - y).map((x, i) => [Math.max(0, (x - t0) / 1000), i + 1]);
    const timesOf = (pick: (d: LiveDelivery) => string | null) => live.deliveries.flatMap((d) => { const at = pick(d); return at ? [Date.parse(at)] : []; });
    const remote = live.deliveries.filter((d) => d.state !== 'skipped').length;
    const series = [
      { name: t('warning.alerts.timeline.answered'), color: '#fa541c', data: rising(timesOf((d) => d.acceptedAt)) },
      { name: t('warning.alerts.timeline.finished'), color: '#52c41a', data: rising(timesOf((d) => d.finishedAt)) },
    ];
    return {
      grid: { left: 48, right: 16, top: 28, bottom: 28 }, legend: { top: 0 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 's', min: 0 }, yAxis: { type: 'value', minInterval: 1, max: Math.max(1, remote) },
      series: series.map((x, i) => ({
        name: x.name, type: 'line', step: 'end', showSymbol: false, sampling: 'lttb', color: x.color, data: [[0, 0], ...x.data],
        ...(i === 0 && remote > 0 ? { markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#8c8c8c' }, label: { formatter: t('warning.alerts.timeline.remote', { n: remote }) }, data: [{ yAxis: remote }] } } : {}),
      })),
    };
  }, [live.deliveries, live.command, t]);
  if (live.mode === 'connecting' && live.deliveries.length === 0) return null;
  const states = [...DELIVERY_ORDER, ...Object.keys(live.counts).filter((s) => !(DELIVERY_ORDER as readonly string[]).includes(s))]
    .filter((s) => (live.counts[s] ?? 0) > 0);
  const total = Object.values(live.counts).reduce((n, c) => n + c, 0);
  return (
    <div ref={root} style={{ marginTop: 12, scrollMarginTop: 64 }} data-testid="live-status" data-mode={live.mode} data-cursor={live.cursor}>
      <Space wrap>
        <Typography.Text strong>{`${t('warning.alerts.live')} · ${programLabel(live.command?.program ?? '', i18n.language)}`}</Typography.Text>
        <Tag color={live.complete ? 'default' : live.mode === 'stream' ? 'green' : 'gold'} data-testid="live-mode">
          {t(live.complete ? 'warning.alerts.liveMode.complete' : `warning.alerts.liveMode.${live.mode}`)}
        </Tag>
        {/* For the office's record of the alert or drill: as it stands now, final once the command is complete. */}
        <Button size="small" icon={<DownloadOutlined />} data-testid="live-report"
          onClick={() => warningApi.commandReport(commandId).catch((e: Error) => message.error(e.message))}>
          {t('warning.alerts.report')}
        </Button>
      </Space>
      {/* The counts in a fixed order, each in the colour its sirens have on the map and in the table. */}
      <Space wrap size={[4, 4]} style={{ margin: '8px 0', display: 'flex' }} data-testid="live-counts">
        <Tag data-testid="live-count-total">{t('warning.alerts.total')} <b>{total}</b></Tag>
        {states.map((state) => (
          <Tag key={state} color={DELIVERY_COLOR[state]} data-testid={`live-count-${state}`}>
            {t(`warning.alerts.delivery.${state}`)} <b>{live.counts[state]}</b>
          </Tag>
        ))}
        {unreachable > 0 && <Tag color="purple" data-testid="live-unreachable">{t('warning.alerts.unreachable')} <b>{unreachable}</b></Tag>}
      </Space>
      <LiveMap deliveries={live.deliveries} area={area} />
      {districts.length > 1 && (
        <Table
          rowKey="code" size="small" pagination={false} style={{ margin: '8px 0' }} data-testid="live-districts" dataSource={districts}
          columns={[
            { title: t('warning.alerts.district'), dataIndex: 'name' },
            { title: t('warning.alerts.total'), dataIndex: 'total', align: 'right' },
            ...states.map((s) => ({
              title: <Tag color={DELIVERY_COLOR[s]} style={{ marginInlineEnd: 0 }}>{t(`warning.alerts.delivery.${s}`)}</Tag>, key: s, align: 'right' as const,
              render: (_: unknown, r: DistrictCounts) => r.counts[s] ?? 0,
            })),
          ]}
        />
      )}
      <EChart option={timeline} height={160} testId="live-timeline" />
      {/* Paginated: ten rows are drawn whatever the command's size (10,000 sirens included). */}
      <Table<LiveDelivery>
        rowKey="sirenId" size="small" pagination={{ pageSize: 10, showSizeChanger: false }} dataSource={live.deliveries}
        columns={[
          { title: t('warning.sirens.code'), dataIndex: 'sirenCode' },
          { title: t('warning.sirens.name'), dataIndex: 'sirenName', ellipsis: true },
          {
            title: t('warning.sirens.status'), dataIndex: 'state',
            // To find the sirens that need someone on site, or that failed, among thousands.
            filters: [
              ...states.map((s) => ({ text: t(`warning.alerts.delivery.${s}`), value: s })),
              ...(unreachable > 0 ? [{ text: t('warning.alerts.unreachable'), value: 'unreachable' }] : []),
            ],
            onFilter: (v, d) => (v === 'unreachable' ? isUnreachable(d) : d.state === v),
            render: (s: string, d) => (
              <>
                <Tag color={DELIVERY_COLOR[s]}>{t(`warning.alerts.delivery.${s}`)}</Tag>
                {isUnreachable(d) && <Tag color="purple">{t('warning.alerts.unreachable')}</Tag>}
              </>
            ),
          },
          { title: t('warning.alerts.attempts'), dataIndex: 'attempts', width: 80 },
          { title: t('warning.sirens.reason'), dataIndex: 'reason', ellipsis: true, render: (r: string | null) => (r === null ? null : inLanguage(r, i18n.language)) },
        ]}
      />
    </div>
  );
}
