import { PROJECT_USES } from '@civdef/domain';
import { useMutation } from '@tanstack/react-query';
import {
  Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography, Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { ParcelMap } from './ParcelMap.tsx';
import {
  useLedger, useParcelMap, useParcels, useRules, useZoningWrite, yuanText, zoningApi, type Calculation, type Parcel, type Rule, type RuleBody,
} from './zoningApi.ts';

const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: digits }));
const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 结建规则与控规地块: the rule versions per jurisdiction (and a new version), the project calculator showing each figure
 * with the rule and date behind it, the 控规 parcels on a table and a map (with import), and the 易地统筹 ledger.
 */
export default function ZoningPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('rules');
  return (
    <div className="page" data-testid="zoning-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>{t('zoning.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'rules', label: t('zoning.tabs.rules'), children: <RulesTab /> },
          { key: 'calculator', label: t('zoning.tabs.calculator'), children: <CalculatorTab /> },
          { key: 'parcels', label: t('zoning.tabs.parcels'), children: <ParcelsTab /> },
          { key: 'ledger', label: t('zoning.tabs.ledger'), children: <LedgerTab /> },
        ]}
      />
    </div>
  );
}

function ruleState(r: Rule, on: string): 'inForce' | 'closed' | 'future' {
  if (r.validFrom > on) return 'future';
  if (r.validTo !== null && r.validTo < on) return 'closed';
  return 'inForce';
}

function RulesTab() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const can = useCan();
  const rules = useRules();
  const [open, setOpen] = useState(false);
  const on = today();
  const columns: ColumnsType<Rule> = [
    { title: t('zoning.rules.region'), dataIndex: 'regionCode', render: (v: string) => (v === '000000' ? t('zoning.rules.national') : v) },
    { title: t('zoning.rules.from'), dataIndex: 'validFrom', width: 110 },
    { title: t('zoning.rules.to'), dataIndex: 'validTo', width: 110, render: (v: string | null) => v ?? t('zoning.rules.open') },
    {
      title: '', key: 'state', width: 80,
      render: (_: unknown, r) => {
        const s = ruleState(r, on);
        return <Tag color={s === 'inForce' ? 'green' : s === 'future' ? 'blue' : undefined}>{t(`zoning.rules.${s}`)}</Tag>;
      },
    },
    {
      title: t('zoning.rules.thresholds'), key: 'thresholds',
      render: (_: unknown, r) => (
        <span>
          {t('zoning.rules.thresholdText', { storeys: r.highRiseStoreys, depth: r.deepFoundationM, area: fmt(r.minAboveGroundM2), ratio: `${fmt(r.ratio * 100)}%` })}
          {r.residentialGroundFloor ? `；${t('zoning.rules.residential')}` : ''}（{r.grade}）
        </span>
      ),
    },
    { title: t('zoning.rules.rate'), dataIndex: 'feeFenPerM2', align: 'right', width: 120, render: (v: number | null) => (v === null ? t('zoning.rules.noRate') : yuanText(v)) },
    {
      title: t('zoning.rules.reductions'), dataIndex: 'reductions',
      render: (v: Rule['reductions']) => v.map((x) => <Tag key={x.code} title={x.basis}>{zh ? x.zh : x.en}</Tag>),
    },
    {
      title: t('zoning.rules.basis'), key: 'basis', width: 320,
      render: (_: unknown, r) => (
        <Typography.Text style={{ fontSize: 12 }}>
          {r.basis}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('zoning.rules.source')}：{r.source}{r.feeBasis ? `；${r.feeBasis}` : ''}</Typography.Text>
        </Typography.Text>
      ),
    },
  ];
  return (
    <Card
      variant="borderless"
      extra={can('planning:write') && <Button type="primary" onClick={() => setOpen(true)} data-testid="rule-create">{t('zoning.rules.create')}</Button>}
    >
      {rules.error && <Alert type="error" showIcon title={errorText(rules.error)} />}
      <Table rowKey="id" size="small" loading={rules.isLoading} dataSource={rules.data?.items ?? []} columns={columns} pagination={false} data-testid="rules-table" />
      {open && <RuleForm onClose={() => setOpen(false)} />}
    </Card>
  );
}

interface RuleFormValues {
  regionCode: string; validFrom: Dayjs; validTo?: Dayjs | null; basis: string; source: string; highRiseStoreys: number; deepFoundationM: number; minAboveGroundM2: number;
  ratioPct: number; residentialGroundFloor: boolean; grade: string; feeYuanPerM2?: number | null; feeBasis?: string;
  reductions?: Array<{ code: string; zh: string; en: string; sharePct: number; basis: string }>;
}

function RuleForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleFormValues>();
  const create = useZoningWrite(zoningApi.createRule);
  const submit = async () => {
    const v = await form.validateFields();
    const body: RuleBody = {
      regionCode: v.regionCode, validFrom: v.validFrom.format('YYYY-MM-DD'), validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null, basis: v.basis, source: v.source,
      highRiseStoreys: v.highRiseStoreys, deepFoundationM: v.deepFoundationM, minAboveGroundM2: v.minAboveGroundM2, ratio: v.ratioPct / 100,
      residentialGroundFloor: v.residentialGroundFloor, grade: v.grade,
      // 元 as typed (two decimals) → integer 分, without floating-point drift.
      feeFenPerM2: v.feeYuanPerM2 === null || v.feeYuanPerM2 === undefined ? null : Math.round(v.feeYuanPerM2 * 100),
      feeBasis: v.feeBasis?.trim() || null,
      reductions: (v.reductions ?? []).map((r) => ({ code: r.code, zh: r.zh, en: r.en, share: r.sharePct / 100, basis: r.basis })),
    };
    try {
      const res = await create.mutateAsync(body);
      message.success(t('zoning.rules.created', { code: res.rule.code }) + (res.closed ? t('zoning.rules.closedOld', { code: res.closed.code, to: res.closed.validTo }) : ''));
      onClose();
    } catch {
      // Shown in the form's alert.
    }
  };
  return (
    <Modal open title={t('zoning.rules.createTitle')} width={760} onCancel={onClose} onOk={() => void submit()} okText={t('zoning.rules.submit')} confirmLoading={create.isPending}>
      <Typography.Paragraph type="secondary">{t('zoning.rules.createHint')}</Typography.Paragraph>
      {create.error && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={errorText(create.error)} data-testid="rule-error" />}
      <Form
        form={form} layout="vertical" size="small"
        initialValues={{ regionCode: '320600', highRiseStoreys: 10, deepFoundationM: 3, minAboveGroundM2: 2000, ratioPct: 5, residentialGroundFloor: true, grade: '核6B级', reductions: [] }}
      >
        <Row gutter={12}>
          <Col span={8}><Form.Item name="regionCode" label={t('zoning.rules.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}><Input /></Form.Item></Col>
          <Col span={8}><Form.Item name="validFrom" label={t('zoning.rules.from')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={8}><Form.Item name="validTo" label={t('zoning.rules.to')}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={12}><Form.Item name="basis" label={t('zoning.rules.basis')} rules={[{ required: true, whitespace: true }]}><Input maxLength={300} /></Form.Item></Col>
          <Col span={12}><Form.Item name="source" label={t('zoning.rules.source')} rules={[{ required: true, whitespace: true }]}><Input maxLength={300} /></Form.Item></Col>
          <Col span={6}><Form.Item name="highRiseStoreys" label={t('zoning.rules.highRiseStoreys')} rules={[{ required: true }]}><InputNumber min={1} max={200} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="deepFoundationM" label={t('zoning.rules.deepFoundationM')} rules={[{ required: true }]}><InputNumber min={0} max={200} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="minAboveGroundM2" label={t('zoning.rules.minAboveGroundM2')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="ratioPct" label={t('zoning.rules.ratio')} rules={[{ required: true }]}><InputNumber min={0} max={100} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="residentialGroundFloor" label={t('zoning.rules.residential')} valuePropName="checked"><Switch /></Form.Item></Col>
          <Col span={6}><Form.Item name="grade" label={t('zoning.rules.grade')} rules={[{ required: true, whitespace: true }]}><Input maxLength={30} /></Form.Item></Col>
          <Col span={6}><Form.Item name="feeYuanPerM2" label={t('zoning.rules.feeYuanPerM2')}><InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="rule-fee" /></Form.Item></Col>
          <Col span={6}><Form.Item name="feeBasis" label={t('zoning.rules.feeBasis')}><Input maxLength={300} /></Form.Item></Col>
        </Row>
        <Form.List name="reductions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'code']} rules={[{ required: true, pattern: /^[a-z_]{1,40}$/ }]}><Input placeholder={t('zoning.rules.reductionCode')} style={{ width: 130 }} /></Form.Item>
                  <Form.Item name={[f.name, 'zh']} rules={[{ required: true }]}><Input placeholder={t('zoning.rules.reductionZh')} style={{ width: 130 }} /></Form.Item>
                  <Form.Item name={[f.name, 'en']} rules={[{ required: true }]}><Input placeholder={t('zoning.rules.reductionEn')} style={{ width: 130 }} /></Form.Item>
                  <Form.Item name={[f.name, 'sharePct']} rules={[{ required: true }]}><InputNumber min={0} max={100} placeholder={t('zoning.rules.reductionShare')} style={{ width: 110 }} /></Form.Item>
                  <Form.Item name={[f.name, 'basis']} rules={[{ required: true }]}><Input placeholder={t('zoning.rules.reductionBasis')} style={{ width: 140 }} /></Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button size="small" onClick={() => add()}>{t('zoning.rules.addReduction')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

interface CalcValues {
  name?: string; parcelId?: number; regionCode?: string; date?: Dayjs; uses: Array<(typeof PROJECT_USES)[number]['code']>; storeys: number; aboveGroundAreaM2: number;
  groundFloorAreaM2: number; foundationDepthM: number; plannedM2: number; reductions?: string[];
}

function CalculatorTab() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const [form] = Form.useForm<CalcValues>();
  const parcels = useParcels();
  const rules = useRules();
  const calc = useMutation({ mutationFn: zoningApi.calculate });
  const reductions = useMemo(() => (rules.data?.items ?? []).flatMap((r) => r.reductions).filter((r, k, all) => all.findIndex((x) => x.code === r.code) === k), [rules.data]);
  const submit = async () => {
    const v = await form.validateFields();
    calc.mutate({
      ...(v.name ? { name: v.name } : {}), ...(v.parcelId ? { parcelId: v.parcelId } : {}), ...(v.regionCode ? { regionCode: v.regionCode } : {}),
      ...(v.date ? { date: v.date.format('YYYY-MM-DD') } : {}),
      uses: v.uses, storeys: v.storeys, aboveGroundAreaM2: v.aboveGroundAreaM2, groundFloorAreaM2: v.groundFloorAreaM2, foundationDepthM: v.foundationDepthM,
      plannedM2: v.plannedM2, reductions: v.reductions ?? [],
    });
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card variant="borderless" data-testid="calc-card">
          <Form
            form={form} layout="vertical" size="small"
            initialValues={{ name: '示例住宅项目', uses: ['residential'], storeys: 18, aboveGroundAreaM2: 30000, groundFloorAreaM2: 1800, foundationDepthM: 5, plannedM2: 1200, reductions: [] }}
          >
            <Row gutter={12}>
              <Col span={12}><Form.Item name="name" label={t('zoning.calc.name')}><Input maxLength={100} /></Form.Item></Col>
              <Col span={12}>
                <Form.Item name="parcelId" label={t('zoning.calc.parcel')}>
                  <Select allowClear showSearch optionFilterProp="label" options={(parcels.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))} />
                </Form.Item>
              </Col>
              <Col span={12}><Form.Item name="regionCode" label={t('zoning.calc.region')} rules={[{ pattern: /^\d{6}(\d{3})?$/ }]}><Input placeholder="320612" /></Form.Item></Col>
              <Col span={12}><Form.Item name="date" label={t('zoning.calc.date')}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={24}>
                <Form.Item name="uses" label={t('zoning.calc.uses')} rules={[{ required: true }]}>
                  <Select mode="multiple" options={PROJECT_USES.map((u) => ({ value: u.code, label: zh ? u.zh : u.en }))} />
                </Form.Item>
              </Col>
              <Col span={12}><Form.Item name="storeys" label={t('zoning.calc.storeys')} rules={[{ required: true }]}><InputNumber min={1} max={200} style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={12}><Form.Item name="aboveGroundAreaM2" label={t('zoning.calc.aboveGroundAreaM2')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={12}><Form.Item name="groundFloorAreaM2" label={t('zoning.calc.groundFloorAreaM2')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={12}><Form.Item name="foundationDepthM" label={t('zoning.calc.foundationDepthM')} rules={[{ required: true }]}><InputNumber min={0} max={200} style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={12}><Form.Item name="plannedM2" label={t('zoning.calc.plannedM2')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
            <Form.Item name="reductions" label={t('zoning.calc.reductions')}>
              <Checkbox.Group options={reductions.map((x) => ({ value: x.code, label: zh ? x.zh : x.en }))} />
            </Form.Item>
            <Button type="primary" onClick={() => void submit()} loading={calc.isPending} data-testid="calc-submit">{t('zoning.calc.submit')}</Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {calc.error && <Alert type="error" showIcon title={errorText(calc.error)} />}
        {calc.data && <CalcResult r={calc.data} />}
      </Col>
    </Row>
  );
}

function CalcResult({ r }: { r: Calculation }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const ruleLine = t('zoning.calc.rule', { code: r.rule.code, region: r.rule.regionCode === '000000' ? t('zoning.rules.national') : r.rule.regionCode, from: r.rule.validFrom, basis: r.rule.basis });
  return (
    <Card variant="borderless" data-testid="calc-result" title={r.name ?? undefined}>
      <Row gutter={16}>
        <Col span={6}><Statistic title={t('zoning.calc.required')} value={fmt(r.requiredM2)} suffix="m²" /></Col>
        <Col span={6}><Statistic title={t('zoning.calc.planned')} value={fmt(r.plannedM2)} suffix="m²" /></Col>
        <Col span={6}><Statistic title={t('zoning.calc.shortfall')} value={fmt(r.shortfallM2)} suffix="m²" styles={{ content: { color: r.shortfallM2 > 0 ? "#cf1322" : undefined } }} /></Col>
        <Col span={6} data-testid="calc-fee"><Statistic title={t('zoning.calc.fee')} value={r.fee.rateFenPerM2 === null ? '—' : yuanText(r.fee.feeFen)} suffix="元" /></Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="calc-rule">{ruleLine} · {t('zoning.calc.onDate', { date: r.date })}</Typography.Paragraph>
      {r.parcel && (
        <Typography.Paragraph type="secondary">
          {r.parcel.code} {r.parcel.name}：{t('zoning.calc.parcelHint', { required: fmt(r.parcel.requiredM2), pooling: r.parcel.poolingAllowed ? t('zoning.calc.poolingOk') : t('zoning.calc.poolingNo') })}
        </Typography.Paragraph>
      )}
      <Descriptions size="small" column={1} bordered title={t('zoning.calc.step')}>
        {r.steps.map((s, i) => <Descriptions.Item key={i} label={`${fmt(s.valueM2)} m²`}>{zh ? s.zh : s.en}</Descriptions.Item>)}
        <Descriptions.Item label={t('zoning.calc.shortfall')}>{fmt(r.requiredM2)} − {fmt(r.plannedM2)} = {fmt(r.shortfallM2)} m²</Descriptions.Item>
        {r.fee.rateFenPerM2 === null ? (
          <Descriptions.Item label={t('zoning.calc.fee')}>{t('zoning.calc.noRate')}</Descriptions.Item>
        ) : (
          <>
            <Descriptions.Item label={t('zoning.calc.gross')}>{fmt(r.shortfallM2)} m² × {yuanText(r.fee.rateFenPerM2)} 元/m² = {yuanText(r.fee.grossFen)} 元</Descriptions.Item>
            {r.fee.reductions.length > 0 && (
              <Descriptions.Item label={t('zoning.calc.reduced')}>
                −{yuanText(r.fee.reducedFen)} 元（{r.fee.reductions.map((x) => `${zh ? x.zh : x.en}：${x.basis}`).join('；')}）
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('zoning.calc.fee')}><strong>{yuanText(r.fee.feeFen)} 元</strong>{r.fee.basis ? `（${r.fee.basis}）` : ''}</Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Card>
  );
}

function ParcelsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const parcels = useParcels();
  const map = useParcelMap();
  const importer = useZoningWrite(zoningApi.importParcels);
  const [selected, setSelected] = useState<number | null>(null);
  const synthetic = (parcels.data?.items ?? []).some((p) => p.synthetic);
  const columns: ColumnsType<Parcel> = [
    { title: t('zoning.parcels.code'), dataIndex: 'code', width: 150, render: (v: string) => <Typography.Text style={{ whiteSpace: 'nowrap' }}>{v}</Typography.Text> },
    { title: t('zoning.parcels.name'), dataIndex: 'name' },
    { title: t('zoning.parcels.region'), dataIndex: 'regionName', width: 100, render: (v: string | null, p) => v ?? p.regionCode },
    { title: t('zoning.parcels.landUse'), dataIndex: 'landUse', width: 90, render: (v: string | null) => v ?? '—' },
    { title: t('zoning.parcels.required'), dataIndex: 'requiredM2', align: 'right', sorter: (a, b) => a.requiredM2 - b.requiredM2, render: (v: number) => fmt(v) },
    { title: t('zoning.parcels.pooled'), dataIndex: 'pooledM2', align: 'right', render: (v: number) => fmt(v) },
    { title: t('zoning.parcels.pooling'), dataIndex: 'poolingAllowed', render: (v: boolean) => (v ? <Tag color="blue">{t('zoning.parcels.yes')}</Tag> : t('zoning.parcels.no')) },
  ];
  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        <Card
          variant="borderless"
          extra={can('planning:write') && (
            <Upload
              accept=".xlsx,.geojson,.json"
              showUploadList={false}
              customRequest={({ file }) => {
                importer.mutate(file as File, {
                  onSuccess: (r) => void message.success(t('zoning.parcels.imported', r)),
                  onError: (e) => void message.error(errorText(e), 8),
                });
              }}
            >
              <Button loading={importer.isPending} data-testid="parcel-import">{t('zoning.parcels.import')}</Button>
            </Upload>
          )}
        >
          {synthetic && <Alert style={{ marginBottom: 8 }} type="info" showIcon title={t('zoning.synthetic')} />}
          <Table
            rowKey="id" size="small" loading={parcels.isLoading} dataSource={parcels.data?.items ?? []} columns={columns} data-testid="parcels-table"
            pagination={{ pageSize: 12, showSizeChanger: false }}
            onRow={(p) => ({ onClick: () => setSelected(p.id), style: { cursor: 'pointer', background: p.id === selected ? '#e6f4ff' : undefined } })}
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card variant="borderless" title={t('zoning.parcels.map')} styles={{ body: { padding: 0 } }}>
          <ParcelMap parcels={map.data ?? null} selected={selected} onSelect={setSelected} />
        </Card>
      </Col>
    </Row>
  );
}

interface PoolingValues { parcelId: number; workId: number; areaM2: number; pooledOn: Dayjs; savingYuanPerM2: number; basis: string; reference?: string }

function LedgerTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const ledger = useLedger();
  const parcels = useParcels();
  const add = useZoningWrite(zoningApi.addPooling);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<PoolingValues>();
  const total = ledger.data?.total;
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await add.mutateAsync({
        parcelId: v.parcelId, workId: v.workId, areaM2: v.areaM2, pooledOn: v.pooledOn.format('YYYY-MM-DD'), savingFenPerM2: Math.round(v.savingYuanPerM2 * 100),
        basis: v.basis, reference: v.reference?.trim() || null,
      });
      message.success(t('zoning.ledger.added'));
      setOpen(false);
      form.resetFields();
    } catch {
      // Shown in the form's alert.
    }
  };
  type Row = NonNullable<typeof ledger.data>['items'][number];
  type Total = NonNullable<typeof ledger.data>['byArea'][number];
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size={16}>
      {ledger.error && <Alert type="error" showIcon title={errorText(ledger.error)} />}
      {ledger.data?.synthetic && <Alert type="info" showIcon title={t('zoning.synthetic')} />}
      {total && (
        <Card variant="borderless" data-testid="ledger-headline">
          <Row gutter={16}>
            <Col span={6}><Statistic title={t('zoning.ledger.parcels')} value={total.parcels} /></Col>
            <Col span={6}><Statistic title={t('zoning.ledger.area')} value={fmt(total.areaM2, 0)} suffix="m²" /></Col>
            <Col span={6}><Statistic title={t('zoning.ledger.saved')} value={yuanText(total.savedFen)} /></Col>
            <Col span={6}><Statistic title={t('zoning.ledger.entries')} value={total.entries} /></Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('zoning.ledger.headline', { parcels: total.parcels, area: fmt(total.areaM2, 0), yuan: yuanText(total.savedFen), yi: (total.savedFen / 1e10).toFixed(2) })}
          </Typography.Paragraph>
        </Card>
      )}
      <Card
        variant="borderless" title={t('zoning.ledger.totals')}
        extra={(
          <Space>
            {can('planning:write') && <Button onClick={() => void zoningApi.exportLedger().catch((e: unknown) => message.error(errorText(e)))} data-testid="ledger-export">{t('zoning.ledger.export')}</Button>}
            {can('planning:write') && <Button type="primary" onClick={() => setOpen(true)} data-testid="pooling-add">{t('zoning.ledger.add')}</Button>}
          </Space>
        )}
      >
        <Table<Total>
          rowKey="regionCode" size="small" pagination={false} dataSource={ledger.data?.byArea ?? []} data-testid="ledger-totals"
          columns={[
            { title: t('zoning.parcels.region'), dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
            { title: t('zoning.ledger.parcels'), dataIndex: 'parcels', align: 'right' },
            { title: t('zoning.ledger.entries'), dataIndex: 'entries', align: 'right' },
            { title: t('zoning.ledger.area'), dataIndex: 'areaM2', align: 'right', render: (v: number) => fmt(v) },
            { title: t('zoning.ledger.saved'), dataIndex: 'savedFen', align: 'right', render: (v: number) => yuanText(v) },
          ]}
        />
      </Card>
      <Card variant="borderless">
        <Table<Row>
          rowKey="id" size="small" loading={ledger.isLoading} dataSource={ledger.data?.items ?? []} data-testid="ledger-table" pagination={{ pageSize: 15, showSizeChanger: false }}
          columns={[
            { title: t('zoning.ledger.date'), dataIndex: 'pooledOn', width: 110 },
            { title: t('zoning.ledger.parcel'), key: 'parcel', render: (_: unknown, r) => `${r.parcelCode} ${r.parcelName}` },
            { title: t('zoning.ledger.work'), key: 'work', render: (_: unknown, r) => `${r.workCode ?? r.workId} ${r.workName ?? ''}` },
            { title: t('zoning.ledger.area'), dataIndex: 'areaM2', align: 'right', render: (v: number) => fmt(v) },
            { title: t('zoning.ledger.saving'), dataIndex: 'savingFenPerM2', align: 'right', render: (v: number) => yuanText(v) },
            { title: t('zoning.ledger.saved'), dataIndex: 'savedFen', align: 'right', render: (v: number) => yuanText(v) },
            { title: t('zoning.ledger.basis'), dataIndex: 'basis', ellipsis: true },
          ]}
        />
      </Card>
      {open && (
        <Modal open title={t('zoning.ledger.add')} onCancel={() => setOpen(false)} onOk={() => void submit()} confirmLoading={add.isPending}>
          {add.error && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={errorText(add.error)} data-testid="pooling-error" />}
          <Form form={form} layout="vertical" size="small" initialValues={{ savingYuanPerM2: 737.18 }}>
            <Form.Item name="parcelId" label={t('zoning.ledger.parcel')} rules={[{ required: true }]}>
              <Select
                showSearch optionFilterProp="label"
                options={(parcels.data?.items ?? []).filter((p) => p.poolingAllowed).map((p) => ({ value: p.id, label: `${p.code} ${p.name}（${fmt(p.pooledM2)} / ${fmt(p.requiredM2)} m²）` }))}
              />
            </Form.Item>
            <Form.Item name="workId" label={t('zoning.ledger.workId')} rules={[{ required: true }]}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="areaM2" label={t('zoning.ledger.area')} rules={[{ required: true }]}><InputNumber min={0.01} style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="pooledOn" label={t('zoning.ledger.date')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="savingYuanPerM2" label={t('zoning.ledger.saving')} rules={[{ required: true }]}><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="basis" label={t('zoning.ledger.basis')} rules={[{ required: true, whitespace: true }]}><Input maxLength={300} /></Form.Item>
            <Form.Item name="reference" label={t('zoning.ledger.reference')}><Input maxLength={100} /></Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  );
}

