import { BUILDING_RULES, PROJECT_USES } from '@civdef/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, DatePicker, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import { PlainList } from '../../lib/PlainList';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { planningChecks, type Run } from './planningApi.ts';
import { reportsApi } from './populationApi.ts';

const fmt = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

/** Two succeeded runs side by side: people without a place per sub-area and the change, largest increase first. */
export function CompareCard({ runs, onDiff }: { runs: Run[]; onDiff?: (diff: Record<string, number> | null) => void }) {
  const { t } = useTranslation();
  const done = runs.filter((r) => r.status === 'succeeded');
  // Until the planner picks, the two latest succeeded runs: the one before as the base, the latest as compared.
  const [pickedA, setA] = useState<number | undefined>();
  const [pickedB, setB] = useState<number | undefined>();
  const a = pickedA ?? done[1]?.id;
  const b = pickedB ?? done[0]?.id;
  const cmp = useQuery({ queryKey: ['planning', 'compare', a, b], queryFn: () => planningChecks.compare(a!, b!), enabled: a !== undefined && b !== undefined && a !== b });
  const options = done.map((r) => ({ value: r.id, label: `#${r.id} ${r.params.label ?? ''} · ${r.params.radiusM} m` }));
  const rows = [...(cmp.data?.areas ?? [])].sort((x, y) => y.difference - x.difference);
  const [onMap, setOnMap] = useState(false);
  const data = cmp.data;
  useEffect(() => onDiff?.(onMap && data ? Object.fromEntries(data.areas.map((x) => [x.code, x.difference])) : null), [onMap, data, onDiff]);
  const ready = a !== undefined && b !== undefined && a !== b;
  return (
    <Card
      title={t('planning.compare.title')}
      variant="borderless"
      data-testid="compare-card"
      extra={ready && (
        <Space>
          {onDiff && <Checkbox checked={onMap} onChange={(e) => setOnMap(e.target.checked)} data-testid="compare-on-map">{t('planx.compareOnMap')}</Checkbox>}
          <Button size="small" onClick={() => void reportsApi.compareXlsx(a, b)}>{t('planx.exportXlsx')}</Button>
        </Space>
      )}
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <Select style={{ width: 240 }} placeholder={t('planning.compare.a')} value={a} onChange={setA} options={options} data-testid="compare-a" />
        <Select style={{ width: 240 }} placeholder={t('planning.compare.b')} value={b} onChange={setB} options={options} data-testid="compare-b" />
      </Space>
      {a === undefined || b === undefined || a === b ? (
        <Typography.Paragraph type="secondary">{t('planning.compare.pick')}</Typography.Paragraph>
      ) : (
        <Table
          size="small"
          rowKey="code"
          loading={cmp.isLoading}
          pagination={false}
          dataSource={rows}
          data-testid="compare-table"
          columns={[
            { title: t('planning.compare.area'), dataIndex: 'name' },
            { title: t('planning.compare.unassignedA'), dataIndex: 'unassignedA', align: 'right', render: fmt },
            { title: t('planning.compare.unassignedB'), dataIndex: 'unassignedB', align: 'right', render: fmt },
            {
              title: t('planning.compare.difference'), dataIndex: 'difference', align: 'right',
              render: (v: number) => <span style={{ color: v > 0 ? '#cf1322' : v < 0 ? '#389e0d' : undefined }}>{v > 0 ? `+${fmt(v)}` : fmt(v)}</span>,
            },
          ]}
        />
      )}
    </Card>
  );
}

interface CheckForm {
  uses: string[];
  storeys: number;
  aboveGroundAreaM2: number;
  groundFloorAreaM2: number;
  foundationDepthM: number;
  plannedM2: number;
  date?: Dayjs;
  reductions: string[];
}

/** 结建核算: the required area of a building project, its shortfall and the 易地建设费, each with the rule that gave it. */
export function BuildingCheckCard() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const [form] = Form.useForm<CheckForm>();
  const check = useMutation({ mutationFn: planningChecks.building });
  const reductions = BUILDING_RULES.flatMap((r) => r.reductions).filter((r, k, all) => all.findIndex((x) => x.code === r.code) === k);
  const submit = async () => {
    const v = await form.validateFields();
    check.mutate({ ...v, date: v.date ? v.date.format('YYYY-MM-DD') : undefined, reductions: v.reductions ?? [] });
  };
  const r = check.data;
  return (
    <Card title={t('planning.check.title')} variant="borderless" data-testid="check-card">
      <Form
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ uses: ['residential'], storeys: 18, aboveGroundAreaM2: 30000, groundFloorAreaM2: 1800, foundationDepthM: 5, plannedM2: 1200, reductions: [] }}
      >
        <Space wrap align="start">
          <Form.Item name="uses" label={t('planning.check.uses')} rules={[{ required: true }]}>
            <Select mode="multiple" style={{ minWidth: 180 }} options={PROJECT_USES.map((u) => ({ value: u.code, label: zh ? u.zh : u.en }))} />
          </Form.Item>
          <Form.Item name="storeys" label={t('planning.check.storeys')} rules={[{ required: true }]}><InputNumber min={1} max={200} /></Form.Item>
          <Form.Item name="aboveGroundAreaM2" label={t('planning.check.aboveGroundAreaM2')} rules={[{ required: true }]}><InputNumber min={0} /></Form.Item>
          <Form.Item name="groundFloorAreaM2" label={t('planning.check.groundFloorAreaM2')} rules={[{ required: true }]}><InputNumber min={0} /></Form.Item>
          <Form.Item name="foundationDepthM" label={t('planning.check.foundationDepthM')} rules={[{ required: true }]}><InputNumber min={0} max={200} /></Form.Item>
          <Form.Item name="plannedM2" label={t('planning.check.plannedM2')} rules={[{ required: true }]}><InputNumber min={0} /></Form.Item>
          <Form.Item name="date" label={t('planning.check.date')}><DatePicker /></Form.Item>
        </Space>
        <Form.Item name="reductions" label={t('planning.check.reductions')}>
          <Checkbox.Group options={reductions.map((x) => ({ value: x.code, label: zh ? x.zh : x.en }))} />
        </Form.Item>
        <Button type="primary" onClick={() => void submit()} loading={check.isPending} data-testid="check-submit">{t('planning.check.submit')}</Button>
      </Form>
      {check.error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={check.error instanceof ApiError ? check.error.message : String(check.error)} />}
      {r && (
        <div style={{ marginTop: 12 }} data-testid="check-result">
          <Typography.Title level={5}>{t('planning.check.required', { value: fmt(r.requiredM2) })}</Typography.Title>
          <PlainList size="small" dataSource={r.steps} renderItem={(s) => <PlainList.Item>{zh ? s.zh : s.en} → {fmt(s.valueM2)} m²</PlainList.Item>} />
          <Typography.Paragraph style={{ marginTop: 8 }}>{t('planning.check.shortfall', { planned: fmt(r.plannedM2), value: fmt(r.shortfallM2) })}</Typography.Paragraph>
          <Typography.Paragraph strong data-testid="check-fee">
            {r.fee.rateYuanPerM2 === null ? t('planning.check.noRate') : t('planning.check.fee', { fee: fmt(r.fee.feeYuan), rate: fmt(r.fee.rateYuanPerM2), gross: fmt(r.fee.grossYuan) })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
            {t('planning.check.rule', { basis: r.rule.basis, from: r.rule.from, grade: r.rule.grade })}
          </Typography.Paragraph>
          {r.fee.basis && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('planning.check.feeBasis', { basis: r.fee.basis })}</Typography.Paragraph>}
        </div>
      )}
    </Card>
  );
}
