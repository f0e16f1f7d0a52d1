import { ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { LIFECYCLE_STATES, WORK_CLASSES } from '@civdef/domain';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { useMe } from '../auth/useSession.ts';
import { WORK_CLASS_COLORS } from '../map/mapStyle.ts';
import { labelOf, useLabels } from '../works/labels.ts';
import type { WorkStats } from '../works/types.ts';
import { useWorkStats } from '../works/worksApi.ts';
import { QuizResultsCard } from '../quiz/QuizResultsCard.tsx';
import { EChart } from './EChart.tsx';
import { BalanceDashboardCard } from '../planning/BalanceDashboardCard.tsx';
import { useCan } from '../auth/useSession.ts';
import './dashboard.css';

const NO_FILTER = {};
const wan = (n: number) => Math.round(n / 100) / 100;

/** 概览: the registry in numbers for the user's jurisdiction (the server scopes /api/works/stats). */
export default function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const stats = useWorkStats(NO_FILTER);
  if (stats.isPending) return <PageLoading />;
  if (stats.isError)
    return (
      <div className="page">
        <Alert
          type="error"
          showIcon
          title={t('dashboard.loadFailed', { message: stats.error.message })}
          action={<Button onClick={() => void stats.refetch()}>{t('common.retry')}</Button>}
        />
      </div>
    );
  return <Dashboard stats={stats.data} region={me.regionName ?? me.regionCode} refetch={() => void stats.refetch()} fetching={stats.isFetching} />;
}

function Dashboard({ stats, region, refetch, fetching }: { stats: WorkStats; region: string; refetch: () => void; fetching: boolean }) {
  const { t } = useTranslation();
  const { fmt, language } = useLabels();
  const navigate = useNavigate();
  const can = useCan();
  const s = stats.totals;
  const u = stats.upkeep;

  const regionOption = useMemo<EChartsCoreOption>(() => {
    const rows = [...stats.byRegion].sort((a, b) => b.works - a.works);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: rows.map((r) => r.name ?? r.key) },
      // One unit per axis: works (count) on the left, usable places (10,000 people) on the right. Areas (m²) are
      // in the cards; they never share an axis with people.
      yAxis: [
        { type: 'value', name: t('dashboard.count') },
        { type: 'value', name: t('dashboard.placesWan'), splitLine: { show: false } },
      ],
      series: [
        { name: t('dashboard.count'), type: 'bar', data: rows.map((r) => r.works), itemStyle: { color: '#1f6fd1' }, barMaxWidth: 28 },
        { name: t('dashboard.placesWan'), type: 'bar', yAxisIndex: 1, data: rows.map((r) => wan(r.shelterPlaces)), itemStyle: { color: '#fa8c16' }, barMaxWidth: 28 },
      ],
    };
  }, [stats.byRegion, t]);

  const classOption = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      // Every class in the legend (a scrolling legend hid some behind arrows).
      legend: { bottom: 0, type: 'plain', itemGap: 8, textStyle: { fontSize: 11 } },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{c}' },
          data: stats.byClass.map((c) => ({
            name: labelOf(WORK_CLASSES, c.key, language),
            value: c.works,
            itemStyle: { color: WORK_CLASS_COLORS[c.key as keyof typeof WORK_CLASS_COLORS] },
          })),
        },
      ],
    }),
    [stats.byClass, language],
  );

  const stateOption = useMemo<EChartsCoreOption>(() => {
    const order = LIFECYCLE_STATES.map((x) => x.code as string);
    const rows = [...stats.byState].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: language === 'en' ? 130 : 100, right: 40, top: 10, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => labelOf(LIFECYCLE_STATES, r.key, language)) },
      series: [{ type: 'bar', data: rows.map((r) => r.works), itemStyle: { color: '#12356b' }, barMaxWidth: 18, label: { show: true, position: 'right' } }],
    };
  }, [stats.byState, language]);

  const card = (title: string, value: number, suffix?: string, extra?: string, testId?: string) => (
    <Card size="small" className="dash-stat" data-testid={testId}>
      <Statistic title={title} value={value} formatter={(v) => fmt(Number(v))} suffix={suffix} />
      {extra && <Typography.Text type="secondary">{extra}</Typography.Text>}
    </Card>
  );

  return (
    <div className="page dashboard" data-testid="dashboard">
      <div className="page-head">
        <Space align="baseline">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('dashboard.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('dashboard.scope', { region })}</Typography.Text>
        </Space>
        <Button icon={<ReloadOutlined />} loading={fetching} onClick={refetch} aria-label={t('common.refresh')} />
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8} xl={4}>
          {card(t('dashboard.works'), s.works, undefined, t('dashboard.usableWorks', { count: fmt(s.usableWorks) }), 'stat-works')}
        </Col>
        <Col xs={12} md={8} xl={4}>
          {card(t('dashboard.grossArea'), Math.round(s.grossAreaM2), t('dashboard.sqm'))}
        </Col>
        <Col xs={12} md={8} xl={4}>
          {card(t('dashboard.shelterArea'), Math.round(s.shelterAreaM2), t('dashboard.sqm'))}
        </Col>
        <Col xs={12} md={8} xl={4}>
          {card(
            t('dashboard.shelterPlaces'),
            s.shelterPlaces,
            t('dashboard.people'),
            t('dashboard.usableNote', { states: stats.usableStates.map((x) => labelOf(LIFECYCLE_STATES, x, language)).join(language === 'en' ? ', ' : '、') }),
            'stat-places',
          )}
        </Col>
        <Col xs={12} md={8} xl={4}>
          {card(t('dashboard.parking'), s.parkingSpaces, t('dashboard.spaces'), t('dashboard.publicParking', { count: fmt(s.publicParkingSpaces) }))}
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small" className="dash-stat">
            <Space size={24}>
              <Statistic title={t('dashboard.cooling')} value={s.coolingSpots} />
              <Statistic title={t('dashboard.evChargers')} value={s.evChargers} formatter={(v) => fmt(Number(v))} />
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" className="dash-upkeep" data-testid="dash-upkeep">
        <Row gutter={[12, 12]} align="middle">
          <Col xs={12} md={5}>
            <Statistic
              title={t('dashboard.overdueWorks')}
              value={s.overdueWorks}
              styles={{ content: { color: s.overdueWorks ? '#cf1322' : undefined } }}
              prefix={s.overdueWorks ? <WarningOutlined /> : undefined}
            />
          </Col>
          <Col xs={12} md={5}>
            <Link to="/upkeep?due=0" className="dash-link" data-testid="dash-overdue-plans">
              <Statistic title={t('dashboard.overduePlans')} value={u.overduePlans} styles={{ content: { color: u.overduePlans ? '#cf1322' : undefined } }} />
            </Link>
          </Col>
          <Col xs={12} md={5}>
            <Link to="/upkeep" className="dash-link" data-testid="dash-open-rect">
              <Statistic title={t('dashboard.openRect')} value={u.openRectifications} />
            </Link>
          </Col>
          <Col xs={12} md={5}>
            <Link to="/upkeep?rect=overdue" className="dash-link" data-testid="dash-overdue-rect">
              <Statistic title={t('dashboard.overdueRect')} value={u.overdueRectifications} styles={{ content: { color: u.overdueRectifications ? '#cf1322' : undefined } }} />
            </Link>
          </Col>
          <Col xs={24} md={4}>
            <Button onClick={() => navigate('/works?overdue=true')} disabled={!s.overdueWorks}>
              {t('dashboard.showOverdue')}
            </Button>
          </Col>
        </Row>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('dashboard.byRegion')}>
            <EChart option={regionOption} height={320} testId="chart-region" />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={10}>
          <Card size="small" title={t('dashboard.byClass')}>
            <EChart option={classOption} height={320} testId="chart-class" />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={24}>
          <Card size="small" title={t('dashboard.byState')}>
            <EChart option={stateOption} height={300} testId="chart-state" />
          </Card>
        </Col>
        {can('planning:read') && (
          <Col xs={24}>
            <BalanceDashboardCard />
          </Col>
        )}
        <Col xs={24}>
          <QuizResultsCard />
        </Col>
      </Row>
    </div>
  );
}
