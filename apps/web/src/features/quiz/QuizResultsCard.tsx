import { Card, Empty } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/useSession.ts';
import { EChart } from '../dashboard/EChart.tsx';
import { useQuizSummary } from './quizApi.ts';

/**
 * The dashboard's quiz chart: average score and tests taken per school or community of the jurisdiction. The server
 * groups a listed organisation by its id, so its bar is one whatever the spelling; the tooltip names its district.
 */
export function QuizResultsCard() {
  const { t } = useTranslation();
  const allowed = useCan()('quiz:read');
  const summary = useQuizSummary(allowed);
  const items = useMemo(() => (summary.data?.items ?? []).slice(0, 12), [summary.data]);
  const option = useMemo<EChartsCoreOption>(() => ({
    tooltip: {
      trigger: 'axis',
      formatter: (params: Array<{ dataIndex: number; marker: string; seriesName: string; value: number }>) => {
        const item = items[params[0]?.dataIndex ?? 0];
        const head = item ? `${item.orgName}${item.districtName ? `（${item.districtName}）` : ''}` : '';
        return [head, ...params.map((p) => `${p.marker}${p.seriesName}：${p.value}`)].join('<br/>');
      },
    },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 56 },
    xAxis: { type: 'category', data: items.map((i) => i.orgName), axisLabel: { interval: 0, rotate: items.length > 5 ? 30 : 0 } },
    yAxis: [{ type: 'value', name: t('quiz.averageScore'), max: 100 }, { type: 'value', name: t('quiz.tests'), splitLine: { show: false }, minInterval: 1 }],
    series: [
      { name: t('quiz.averageScore'), type: 'bar', data: items.map((i) => i.averageScore), itemStyle: { color: '#389e0d' }, barMaxWidth: 28 },
      { name: t('quiz.tests'), type: 'line', yAxisIndex: 1, data: items.map((i) => i.tests), itemStyle: { color: '#1f6fd1' } },
    ],
  }), [items, t]);
  if (!allowed) return null;
  return (
    <Card size="small" title={t('quiz.results')}>
      {items.length ? <EChart option={option} height={300} testId="chart-quiz" /> : <Empty description={t('quiz.resultsEmpty')} />}
    </Card>
  );
}
