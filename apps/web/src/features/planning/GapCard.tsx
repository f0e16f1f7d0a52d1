import { Button, Card, InputNumber, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GapPoint } from './PlanningMap.tsx';
import { reportsApi, useGaps } from './populationApi.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('zh-CN', { maximumFractionDigits: d, minimumFractionDigits: d });

/** 补缺选址: where a new work of a chosen size covers the most people still without a place in the shown run. */
export function GapCard({ runId, regionName, onSites }: { runId: number | null; regionName: (code: string) => string; onSites: (sites: GapPoint[] | null) => void }) {
  const { t } = useTranslation();
  const [sizeM2, setSize] = useState(1000);
  const [count, setCount] = useState(10);
  const [show, setShow] = useState(true);
  const gaps = useGaps(runId, { sizeM2, count });
  const sites = gaps.data?.sites ?? null;
  useEffect(() => onSites(show ? sites : null), [show, sites, onSites]);
  return (
    <Card
      title={t('planx.gaps.title')}
      variant="borderless"
      data-testid="gap-card"
      extra={runId !== null && <Button size="small" onClick={() => void reportsApi.gapsXlsx(runId, { sizeM2, count })}>{t('planx.exportXlsx')}</Button>}
    >
      {runId === null ? (
        <Typography.Text type="secondary">{t('planx.gaps.noRun')}</Typography.Text>
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <span>{t('planx.gaps.size')}</span>
            <InputNumber min={50} max={100000} step={500} value={sizeM2} onChange={(v) => v !== null && setSize(v)} data-testid="gap-size" />
            <span>{t('planx.gaps.count')}</span>
            <InputNumber min={1} max={50} value={count} onChange={(v) => v !== null && setCount(v)} />
            <Switch checked={show} onChange={setShow} /> <span>{t('planx.gaps.show')}</span>
          </Space>
          {gaps.data && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('planx.gaps.hint', { size: fmt(sizeM2), places: fmt(gaps.data.places), radius: fmt(gaps.data.radiusM) })}
            </Typography.Paragraph>
          )}
          {gaps.data && gaps.data.sites.length === 0 ? (
            <Typography.Text>{t('planx.gaps.none')}</Typography.Text>
          ) : (
            <Table
              size="small"
              rowKey="rank"
              loading={gaps.isLoading}
              dataSource={gaps.data?.sites ?? []}
              pagination={false}
              data-testid="gap-table"
              columns={[
                { title: t('planx.gaps.rank'), dataIndex: 'rank', width: 56, render: (v: number, g) => <span title={`${g.lng.toFixed(5)}, ${g.lat.toFixed(5)}`}>{v}</span> },
                { title: t('planx.gaps.region'), dataIndex: 'regionCode', render: (c: string) => regionName(c) },
                { title: t('planx.gaps.inReach'), dataIndex: 'peopleInReach', align: 'right', render: (v: number) => fmt(v) },
                { title: t('planx.gaps.covered'), dataIndex: 'newlyCovered', align: 'right', render: (v: number) => fmt(v) },
                { title: t('planx.gaps.perM2'), dataIndex: 'perM2', align: 'right', render: (v: number) => fmt(v, 3) },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
