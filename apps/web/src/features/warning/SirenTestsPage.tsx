/**
 * 警报试鸣 (test days, e.g. 9·18): schedule a campaign of signals at set times for regions or siren groups, run it
 * (or let the server run it on time), watch each step's sirens answer, take observers' reports (heard / weak / not
 * heard, where — from a phone too), then close it: the per-siren report with the share working, each failure with its
 * cause and fault ticket, the comparison with the campaign before, as a workbook or printed.
 */
import { SIGNAL_PROGRAMS, SIREN_TEST_OBSERVATIONS, SIREN_TEST_OUTCOMES, SIREN_TEST_STATES, inLanguage } from '@civdef/domain';
import {
  Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { dayjs, formatTime, fromOfficeWallTime, toOfficeWallTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import type { LngLat } from '../map/DrawMap.tsx';
import { DrawnAreaField, drawnAreaOf, hasDrawnArea } from './DrawnAreaField.tsx';
import { labelOf, programLabel } from './labels.ts';
import { LiveStatus } from './LiveStatus.tsx';
import {
  useGroups, useRegions, useSirenTest, useSirenTests, useWarningMutation, warningApi, type SirenTestDetail, type SirenTestItem,
} from './warningApi.ts';

const STATE_COLOR: Record<string, string> = { scheduled: 'gold', running: 'processing', finished: 'green', cancelled: 'default' };
const OUTCOME_COLOR: Record<string, string> = { working: 'green', weak: 'orange', failed: 'red', unverified: 'default' };

export default function SirenTestsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const tests = useSirenTests();
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <div className="page siren-tests-page">
      {/* Printing the report prints the report: no menu, header or forms. */}
      <style>{'@media print { .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; } .ant-layout { margin: 0 !important; } }'}</style>
      <Typography.Title level={3}>{t('warning.tests.title')}</Typography.Title>
      <Row gutter={16}>
        {can('sirens:control') && (
          <Col xs={24} xl={9} className="no-print">
            <ScheduleForm onScheduled={setSelected} />
          </Col>
        )}
        <Col xs={24} xl={can('sirens:control') ? 15 : 24}>
          <Card title={t('warning.tests.list')} size="small" className="no-print">
            <Table<SirenTestItem>
              rowKey="id" size="small" dataSource={tests.data?.items ?? []} pagination={false} locale={{ emptyText: t('warning.tests.empty') }}
              onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === selected ? '#e6f4ff' : undefined } })}
              columns={[
                { title: t('warning.tests.name'), dataIndex: 'name', ellipsis: true },
                { title: t('warning.sirens.status'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLOR[s]}>{labelOf(SIREN_TEST_STATES, s, i18n.language)}</Tag> },
                { title: t('warning.tests.firstStep'), dataIndex: 'firstStepAt', render: (v: string | null) => formatTime(v, false) },
                { title: t('warning.tests.workingPercent'), dataIndex: 'workingPercent', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
              ]}
            />
          </Card>
          {selected !== null && <TestPanel id={selected} />}
        </Col>
      </Row>
    </div>
  );
}

/** The next 18 September at 10:00, 10:08 and 10:16 (Beijing time, shown so whatever the browser's zone), with the three national signals. */
function nineEighteen(): Array<{ program: string; at: Dayjs }> {
  const now = dayjs();
  let day = dayjs(`${now.year()}-09-18T10:00:00+08:00`);
  if (day.isBefore(now)) day = day.add(1, 'year');
  return SIGNAL_PROGRAMS.map((p, i) => ({ program: p.code, at: toOfficeWallTime(day.add(i * 8, 'minute')) }));
}

function ScheduleForm({ onScheduled }: { onScheduled: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const regions = useRegions();
  const groups = useGroups();
  const schedule = useWarningMutation(warningApi.scheduleTest);
  const [form] = Form.useForm<{ name: string; regionCodes?: string[]; groupIds?: number[]; polygon?: LngLat[]; steps: Array<{ program: string; at: Dayjs }> }>();
  const preset = nineEighteen();
  const regionOptions = (regions.data?.items ?? []).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }));
  return (
    <Card title={t('warning.tests.schedule')} size="small" style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={{ name: t('warning.tests.defaultName', { year: preset[0]!.at.year() }), steps: preset }} onFinish={async (v) => {
        try {
          const res = await schedule.mutateAsync({
            name: v.name,
            target: { ...(v.regionCodes?.length ? { regionCodes: v.regionCodes } : {}), ...(v.groupIds?.length ? { groupIds: v.groupIds } : {}), ...drawnAreaOf(v.polygon) },
            steps: v.steps.map((s) => ({ program: s.program as 'air_raid', at: fromOfficeWallTime(s.at) })),
          });
          message.success(t('warning.tests.scheduled'));
          onScheduled(res.id);
        } catch (e) {
          // A drawn area the server refuses (outside the jurisdiction, crossing itself) is said under the map.
          if (e instanceof ApiError && e.code === 'SIRENS_COMMAND_AREA_INVALID') form.setFields([{ name: 'polygon', errors: [e.message] }]);
          else message.error(e instanceof ApiError ? e.message : String(e));
        }
      }}>
        <Form.Item name="name" label={t('warning.tests.name')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
        {/* All of the city, or some of it: regions, siren groups, an area drawn on the map, or any of them together. */}
        <Form.Item name="regionCodes" label={t('warning.tests.regions')} dependencies={['groupIds', 'polygon']}
          rules={[({ getFieldValue }) => ({
            validator: (_, codes?: string[]) => (codes?.length || (getFieldValue('groupIds') as number[] | undefined)?.length || hasDrawnArea(getFieldValue('polygon') as LngLat[] | undefined)
              ? Promise.resolve() : Promise.reject(new Error(t('warning.alerts.areaRequired')))),
          })]}>
          <Select mode="multiple" showSearch optionFilterProp="label" loading={regions.isPending} options={regionOptions} />
        </Form.Item>
        <Form.Item name="groupIds" label={t('warning.tests.groups')}>
          <Select mode="multiple" showSearch optionFilterProp="label" loading={groups.isPending} options={(groups.data?.custom ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        <DrawnAreaField testId="test-area-map" />
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <>
              <Typography.Text strong>{t('warning.tests.steps')}</Typography.Text>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                  <span>{i + 1}.</span>
                  <Form.Item name={[f.name, 'at']} rules={[{ required: true }]} noStyle><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
                  <Form.Item name={[f.name, 'program']} rules={[{ required: true }]} noStyle>
                    <Select style={{ width: 130 }} options={SIGNAL_PROGRAMS.map((p) => ({ value: p.code, label: programLabel(p.code, i18n.language) }))} />
                  </Form.Item>
                  {fields.length > 1 && <Button size="small" type="text" onClick={() => remove(f.name)}>✕</Button>}
                </Space>
              ))}
              <Space style={{ margin: '8px 0 16px' }}>
                <Button size="small" onClick={() => add({ program: 'air_raid', at: toOfficeWallTime(dayjs().add(1, 'hour').startOf('minute')) })}>{t('warning.tests.addStep')}</Button>
                <Button size="small" onClick={() => form.setFieldValue('steps', nineEighteen())}>{t('warning.tests.preset918')}</Button>
              </Space>
            </>
          )}
        </Form.List>
        <Typography.Paragraph type="secondary">{t('warning.tests.scheduleHint')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={schedule.isPending}>{t('warning.tests.submit')}</Button>
      </Form>
    </Card>
  );
}

function TestPanel({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const can = useCan();
  const detail = useSirenTest(id);
  const d = detail.data;
  const run = useWarningMutation((v: number) => warningApi.runTest(id, v));
  const cancel = useWarningMutation((v: number) => warningApi.cancelTest(id, v));
  const finish = useWarningMutation((v: number) => warningApi.finishTest(id, v));
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));
  if (!d) return null;
  const control = can('sirens:control');
  return (
    <Card size="small" style={{ marginTop: 16 }} title={d.name} data-testid="siren-test" extra={(
      <Space wrap className="no-print">
        {control && d.state === 'scheduled' && (
          <Button type="primary" danger onClick={() => modal.confirm({
            title: t('warning.tests.runTitle'), content: t('warning.tests.runText'), okButtonProps: { danger: true },
            onOk: () => run.mutateAsync(d.version).catch(fail),
          })}>{t('warning.tests.runNow')}</Button>
        )}
        {control && d.state === 'running' && (
          <Button type="primary" loading={finish.isPending} onClick={() => modal.confirm({
            title: t('warning.tests.finishTitle'), content: t('warning.tests.finishText'),
            onOk: () => finish.mutateAsync(d.version).catch(fail),
          })}>{t('warning.tests.finish')}</Button>
        )}
        {control && (d.state === 'scheduled' || d.state === 'running') && <Button onClick={() => cancel.mutateAsync(d.version).catch(fail)}>{t('warning.tests.cancel')}</Button>}
        {d.state === 'finished' && <Button onClick={() => warningApi.testReport(id).catch(fail)}>{t('warning.tests.export')}</Button>}
        {d.state === 'finished' && <Button onClick={() => window.print()}>{t('warning.tests.print')}</Button>}
      </Space>
    )}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('warning.sirens.status')}><Tag color={STATE_COLOR[d.state]}>{labelOf(SIREN_TEST_STATES, d.state, i18n.language)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('warning.tests.createdBy')}>{`${d.createdBy ?? '—'} ${formatTime(d.createdAt, false)}`}</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="seq" size="small" pagination={false} style={{ marginTop: 8 }} dataSource={d.steps}
        columns={[
          { title: '#', dataIndex: 'seq', width: 40 },
          { title: t('warning.tests.at'), dataIndex: 'at', render: (v: string) => formatTime(v, false) },
          { title: t('warning.alerts.program'), dataIndex: 'program', render: (p: string) => programLabel(p, i18n.language) },
          {
            title: t('warning.tests.answers'), dataIndex: 'counts', render: (c: Record<string, number>, s) => (s.error
              ? <Tag color="red">{s.error}</Tag>
              : s.issuedAt === null ? <Tag>{t('warning.tests.notYet')}</Tag>
                : <Space size={4} wrap>{Object.entries(c).map(([k, n]) => <Tag key={k}>{`${t(`warning.alerts.delivery.${k}`)} ${n}`}</Tag>)}</Space>),
          },
        ]}
      />
      {d.state === 'running' && can('sirens:observe') && <ObserveForm test={d} />}
      {d.summary && <Report test={d} />}
      {d.state === 'running' && d.steps.filter((s) => s.issuedAt && !s.error).map((s) => <div key={s.seq} className="no-print"><LiveStatus commandId={s.commandId} /></div>)}
    </Card>
  );
}

/** A field observer's report: what they heard and where they stand (the nearest siren of the test is the one meant). */
function ObserveForm({ test }: { test: SirenTestDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const observe = useWarningMutation((body: Parameters<typeof warningApi.observe>[1]) => warningApi.observe(test.id, body));
  const [result, setResult] = useState<'heard' | 'weak' | 'not_heard'>('heard');
  const [note, setNote] = useState('');
  const [where, setWhere] = useState<[number, number] | null>(null);
  const locate = () => navigator.geolocation?.getCurrentPosition(
    (p) => setWhere([Math.round(p.coords.longitude * 1e6) / 1e6, Math.round(p.coords.latitude * 1e6) / 1e6]),
    () => message.warning(t('warning.tests.noPosition')), { enableHighAccuracy: true, timeout: 10_000 },
  );
  return (
    <Card size="small" type="inner" title={t('warning.tests.observe')} style={{ marginTop: 12 }} className="no-print">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented block value={result} onChange={(v) => setResult(v as typeof result)}
          options={SIREN_TEST_OBSERVATIONS.map((o) => ({ value: o.code, label: labelOf(SIREN_TEST_OBSERVATIONS, o.code, i18n.language) }))} />
        <Space wrap>
          <Button onClick={locate}>{t('warning.tests.locate')}</Button>
          <Typography.Text type={where ? undefined : 'secondary'}>{where ? `${where[0]}, ${where[1]}` : t('warning.tests.noLocation')}</Typography.Text>
        </Space>
        <Input placeholder={t('warning.tests.note')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        <Button type="primary" disabled={!where} loading={observe.isPending} onClick={async () => {
          try {
            const res = await observe.mutateAsync({ result, location: where!, ...(note ? { note } : {}) });
            message.success(t('warning.tests.observed', { code: res.observations[0]?.sirenCode ?? '' }));
            setNote('');
          } catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
          }
        }}>{t('warning.tests.sendObservation')}</Button>
        <Typography.Text type="secondary">{t('warning.tests.observations', { count: test.observations.length })}</Typography.Text>
      </Space>
    </Card>
  );
}

/** The closed campaign's report: figures, the comparison, each siren (failures first) with its cause and ticket. */
function Report({ test: d }: { test: SirenTestDetail }) {
  const { t, i18n } = useTranslation();
  const s = d.summary!;
  const [picked, pick] = useState<string>('all');
  const p = s.previous;
  // The filter outlives a change of campaign: one with no siren failed twice has no such option, so it shows all.
  const only = picked === 'failedBoth' && !(p && p.failedBoth > 0) ? 'all' : picked;
  const rows = only === 'all' ? d.results
    : only === 'failedBoth' ? d.results.filter((r) => r.outcome === 'failed' && r.previousOutcome === 'failed')
      : d.results.filter((r) => r.outcome === only);
  const outcomeTag = (o: string) => <Tag color={OUTCOME_COLOR[o]}>{labelOf(SIREN_TEST_OUTCOMES, o, i18n.language)}</Tag>;
  return (
    <div style={{ marginTop: 16 }} data-testid="siren-test-report">
      <Typography.Title level={5}>{t('warning.tests.report')}</Typography.Title>
      <Row gutter={16}>
        <Col flex={1}><Statistic title={t('warning.tests.workingPercent')} value={s.workingPercent ?? '—'} suffix={s.workingPercent === null ? '' : '%'} /></Col>
        {/* With sirens unverified the two figures differ: the campaign's counts them as not working, this one leaves them out. */}
        {s.unverified > 0 && (
          <Col flex={1} data-testid="siren-test-verified-percent">
            <Statistic title={t('warning.tests.verifiedWorkingPercent')} value={s.verifiedWorkingPercent ?? '—'} suffix={s.verifiedWorkingPercent === null ? '' : '%'} />
          </Col>
        )}
        <Col flex={1}><Statistic title={t('warning.tests.total')} value={s.total} /></Col>
        <Col flex={1}><Statistic title={labelOf(SIREN_TEST_OUTCOMES, 'failed', i18n.language)} value={s.failed} styles={{ content: { color: s.failed ? '#cf1322' : undefined } }} /></Col>
        <Col flex={1}><Statistic title={t('warning.tests.faultTickets')} value={s.faultTickets} /></Col>
      </Row>
      <Typography.Paragraph style={{ marginTop: 8 }}>
        {t('warning.tests.breakdown', { working: s.working, weak: s.weak, failed: s.failed, unverified: s.unverified })}
        {' '}
        {p ? t('warning.tests.previous', { name: p.name, total: p.total, pct: p.workingPercent ?? '—' }) : t('warning.tests.noPrevious')}
        {/* The two figures may cover different sirens (a one-town retest after a city-wide 9·18): compare the common ones. */}
        {p && (
          <span data-testid="siren-test-comparison">
            {' '}
            {p.common === 0 ? t('warning.tests.compareNone')
              : t(p.common === s.total && p.common === p.total ? 'warning.tests.compareSame' : 'warning.tests.compareCommon', {
                common: p.common, before: p.commonBeforePercent ?? '—', now: p.commonNowPercent ?? '—', failedBoth: p.failedBoth, newlyFailed: p.newlyFailed, recovered: p.recovered,
              })}
          </span>
        )}
      </Typography.Paragraph>
      {s.unverified > 0 && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('warning.tests.unverifiedHint')} />}
      <Segmented className="no-print" value={only} onChange={(v) => pick(String(v))} style={{ marginBottom: 8 }}
        options={[
          { value: 'all', label: t('warning.tests.all') }, ...SIREN_TEST_OUTCOMES.map((o) => ({ value: o.code, label: labelOf(SIREN_TEST_OUTCOMES, o.code, i18n.language) })),
          ...(p && p.failedBoth > 0 ? [{ value: 'failedBoth', label: `${t('warning.tests.failedBoth')} ${p.failedBoth}` }] : []),
        ]} />
      <Table
        rowKey="sirenId" size="small" dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('warning.sirens.code'), dataIndex: 'sirenCode' },
          { title: t('warning.sirens.name'), dataIndex: 'sirenName', ellipsis: true },
          { title: t('warning.sirens.region'), dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('warning.tests.outcome'), dataIndex: 'outcome', render: outcomeTag },
          // In English the English cause; a result closed before causes were kept apart has both in `cause`, split here.
          { title: t('warning.tests.cause'), dataIndex: 'cause', render: (c: string | null, r) => (c === null ? '—' : i18n.language.startsWith('en') && r.causeEn ? r.causeEn : inLanguage(c, i18n.language)) },
          { title: t('warning.tests.heardCounts'), key: 'seen', render: (_: unknown, r) => `${r.heard} / ${r.weak} / ${r.notHeard}` },
          { title: t('warning.faults.title'), dataIndex: 'faultId', render: (f: number | null) => (f === null ? '—' : <a href="/siren-faults">{`#${f}`}</a>) },
          ...(p ? [{
            title: t('warning.tests.previousOutcome'), dataIndex: 'previousOutcome',
            render: (o: string | null) => (o === null ? <Typography.Text type="secondary">{t('warning.tests.notInPrevious')}</Typography.Text> : outcomeTag(o)),
          }] : []),
        ]}
      />
    </div>
  );
}
