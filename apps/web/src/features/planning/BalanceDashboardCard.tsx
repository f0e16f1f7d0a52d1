import { Card, Col, Row, Statistic } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EChart } from '../dashboard/EChart.tsx';
import { useBalance } from './planningApi.ts';

/**
 * The dashboard's planning card: places per person staying and m² per person for the jurisdiction, and the surplus
 * or deficit of places per sub-area as a chart (deficits red), linking to the planning page.
 */
export function BalanceDashboardCard() {
  const { t } = useTranslation();
  const balance = useBalance();
  const b = balance.data;
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!b) return null;
    const rows = [...b.children].sort((x, y) => x.placesSurplus - y.placesSurplus);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 64, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: rows.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', name: t('planning.col.placesSurplus') },
      series: [{
        type: 'bar',
        data: rows.map((r) => ({ value: r.placesSurplus, itemStyle: { color: r.placesSurplus < 0 ? '#cf1322' : '#52c41a' } })),
      }],
    };
  }, [b, t]);
  if (!b || !option) return null;
  return (
    <Card size="small" title={<Link to="/planning">{t('planning.balanceTitle')}</Link>} data-testid="dash-balance">
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Statistic title={t('planning.col.placesPerPerson')} value={b.parent.placesPerPerson ?? 0} precision={2} />
          <Statistic title={t('planning.col.m2PerPerson')} value={b.parent.m2PerPerson ?? 0} precision={2} suffix={`/ ${b.target.min}–${b.target.max}`} />
          <Statistic title={t('planning.col.placesSurplus')} value={b.parent.placesSurplus} styles={{ content: { color: b.parent.placesSurplus < 0 ? '#cf1322' : undefined } }} />
        </Col>
        <Col xs={24} md={18}>
          <EChart option={option} height={260} testId="chart-deficit" />
        </Col>
      </Row>
    </Card>
  );
}
