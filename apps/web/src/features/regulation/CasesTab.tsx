/**
 * 执法案件: cases from 立案 to 结案. The list on the left; on the right the case with where it stands, the next step
 * as a form (the server checks every rule and its message names the field), the evidence with its SM3 computed
 * at upload and a button that re-hashes the stored file, and the full-process record (执法全过程记录) as a timeline.
 */
import { CASE_SOURCES, DECISION_OUTCOMES, EVIDENCE_KINDS, PENALTY_RULES, RUNNING_CLOCK_STATUS, fenToYuan, type EnforcementStatus } from '@civdef/domain';
import { UploadOutlined } from '@ant-design/icons';
import {
  App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Select, Space, Steps, Table, Tag, Timeline, Typography, Upload,
} from 'antd';
import { PlainList } from '../../lib/PlainList';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan, useMe } from '../auth/useSession.ts';
import {
  evidenceUrl, useAddEvidence, useApprovals, useCase, useCaseStep, useCases, useEnterprises, useFileCase, useOfficers, usePublishDecision, useTasks, useVerifyEvidence,
  type CaseDetail, type EvidenceQuery, type FileCaseInput, type StepName,
} from './regulationApi.ts';
import { ProvisionalTag } from './CalendarTab.tsx';

const HASH_STYLE = { wordBreak: 'break-all', whiteSpace: 'normal', fontSize: 12 } as const;
const STATUS_ORDER: EnforcementStatus[] = ['investigating', 'investigated', 'reviewed', 'notified', 'decided', 'executed', 'closed'];
const STATUS_COLORS: Record<string, string> = {
  investigating: 'blue', investigated: 'cyan', reviewed: 'geekblue', notified: 'gold', decided: 'orange', executed: 'purple', closed: 'green',
};

/** The step a case in `status` takes next (a decided warning closes directly). */
function nextStep(c: CaseDetail): StepName | null {
  switch (c.status) {
    case 'investigating': return 'report';
    case 'investigated': return 'review';
    case 'reviewed': return 'notice';
    case 'notified': return 'decision';
    case 'decided': return c.outcome === 'fine' ? 'execution' : 'close';
    case 'executed': return 'close';
    default: return null;
  }
}

const yuan = (fen: number | null | undefined) => (fen == null ? '—' : `${fenToYuan(fen)} 元`);
const day = (d: Dayjs) => d.format('YYYY-MM-DD');

function useOnError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
}

/** The form of the next step; amounts are typed in 元 and sent as integer 分. */
function StepForm({ detail, step, onDone }: { detail: CaseDetail; step: StepName; onDone: () => void }) {
  const { t } = useTranslation();
  const onError = useOnError();
  const officers = useOfficers();
  const run = useCaseStep(detail.id);
  const [form] = Form.useForm();
  const investigatorIds = new Set(detail.investigators.map((o) => o.id));
  const ruleOptions = PENALTY_RULES.map((r) => ({ value: r.code, label: r.basis }));
  const fen = (yuanValue: number | null | undefined) => (yuanValue == null ? null : Math.round(yuanValue * 100));

  const submit = (v: Record<string, unknown>) => {
    const date = (k: string) => day(v[k] as Dayjs);
    const body = (() => {
      switch (step) {
        case 'report': return { step, body: { reportedOn: date('on'), findings: v.findings as string, proposedOutcome: v.outcome as never, ruleCode: (v.ruleCode as string) ?? null, amountFen: v.outcome === 'fine' ? fen(v.amountYuan as number) : null } };
        case 'review': return { step, body: { reviewedOn: date('on'), reviewerId: v.reviewerId as number, opinion: v.opinion as 'approve' | 'return', text: v.text as string } };
        case 'notice': return { step, body: { notifiedOn: date('on'), text: (v.text as string) || null } };
        case 'decision': return { step, body: {
          decidedOn: date('on'), decisionNo: v.decisionNo as string, outcome: v.outcome as never, ruleCode: (v.ruleCode as string) ?? null,
          amountFen: v.outcome === 'fine' ? fen(v.amountYuan as number) : null, partyAnswer: v.partyAnswer as never, partyAnswerText: (v.partyAnswerText as string) || null,
        } };
        case 'execution': return { step, body: { executedOn: date('on'), method: v.method as 'paid' | 'court_enforced', paidFen: fen(v.paidYuan as number) ?? 0, note: (v.note as string) || null } };
        case 'close': return { step, body: { closedOn: date('on'), summary: v.summary as string } };
      }
    })();
    run.mutate(body as never, { onSuccess: onDone, onError });
  };

  const outcome = Form.useWatch('outcome', form) as string | undefined;
  const initial = {
    on: dayjs(), outcome: detail.proposedOutcome ?? 'fine', ruleCode: detail.proposedRule ?? undefined,
    amountYuan: detail.proposedFen == null ? undefined : detail.proposedFen / 100, opinion: 'approve', partyAnswer: 'none', method: 'paid',
    paidYuan: detail.amountFen == null ? undefined : detail.amountFen / 100,
  };
  const penaltyFields = (
    <>
      <Form.Item name="outcome" label={t('regulation.case.outcome')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`regulation.case.outcomes.${o}`) }))} />
      </Form.Item>
      {outcome !== 'no_penalty' && (
        <Form.Item name="ruleCode" label={t('regulation.case.rule')} rules={[{ required: true }]}><Radio.Group options={ruleOptions} /></Form.Item>
      )}
      {outcome === 'fine' && (
        <Form.Item name="amountYuan" label={t('regulation.case.amountYuan')} rules={[{ required: true }]} extra={t('regulation.case.rangeHint')}>
          <InputNumber min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );

  return (
    <Form form={form} name={`case-${step}`} layout="vertical" onFinish={submit} initialValues={initial} data-testid={`step-form-${step}`}>
      <Form.Item name="on" label={t(`regulation.case.dates.${step}`)} rules={[{ required: true }]}><DatePicker /></Form.Item>
      {step === 'report' && (
        <>
          <Form.Item name="findings" label={t('regulation.case.findings')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
          {penaltyFields}
        </>
      )}
      {step === 'review' && (
        <>
          <Form.Item name="reviewerId" label={t('regulation.case.reviewer')} rules={[{ required: true }]} extra={t('regulation.case.reviewerHint')}>
            <Select showSearch optionFilterProp="label" options={(officers.data?.items ?? []).filter((o) => o.certValid && !investigatorIds.has(o.id)).map((o) => ({ value: o.id, label: `${o.name}（${o.certNo}）` }))} />
          </Form.Item>
          <Form.Item name="opinion" label={t('regulation.case.opinion')} rules={[{ required: true }]}>
            <Radio.Group options={(['approve', 'return'] as const).map((o) => ({ value: o, label: t(`regulation.case.opinions.${o}`) }))} />
          </Form.Item>
          <Form.Item name="text" label={t('regulation.case.reviewText')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
        </>
      )}
      {step === 'notice' && <Form.Item name="text" label={t('regulation.case.noticeText')}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>}
      {step === 'decision' && (
        <>
          <Form.Item name="decisionNo" label={t('regulation.case.decisionNo')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
          {penaltyFields}
          <Form.Item name="partyAnswer" label={t('regulation.case.partyAnswer')} rules={[{ required: true }]} extra={<>{t('regulation.case.answerDue', { date: detail.answerDueOn })} <ProvisionalTag years={detail.calendarProvisionalYears} open={detail.status === RUNNING_CLOCK_STATUS.enforcementAnswer} /></>}>
            <Radio.Group options={(['none', 'statement', 'waived', 'hearing'] as const).map((o) => ({ value: o, label: t(`regulation.case.answers.${o}`) }))} />
          </Form.Item>
          <Form.Item name="partyAnswerText" label={t('regulation.case.partyAnswerText')}><Input.TextArea rows={2} maxLength={4000} /></Form.Item>
        </>
      )}
      {step === 'execution' && (
        <>
          <Form.Item name="method" label={t('regulation.case.method')} rules={[{ required: true }]}>
            <Radio.Group options={(['paid', 'court_enforced'] as const).map((o) => ({ value: o, label: t(`regulation.case.methods.${o}`) }))} />
          </Form.Item>
          <Form.Item name="paidYuan" label={t('regulation.case.paidYuan')} rules={[{ required: true }]}><InputNumber min={0} precision={2} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="note" label={t('regulation.case.note')}><Input maxLength={2000} /></Form.Item>
        </>
      )}
      {step === 'close' && <Form.Item name="summary" label={t('regulation.case.summary')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>}
      <Button type="primary" htmlType="submit" loading={run.isPending}>{t(`regulation.case.steps.${step}`)}</Button>
    </Form>
  );
}

function EvidenceUpload({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useOnError();
  const add = useAddEvidence(detail.id);
  const [kind, setKind] = useState<EvidenceQuery['kind']>('site_record');
  const [title, setTitle] = useState('');
  return (
    <Space wrap>
      <Select value={kind} onChange={setKind} style={{ width: 180 }} options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`regulation.case.evidenceKinds.${k}`) }))} />
      <Input placeholder={t('regulation.case.evidenceTitle')} value={title} onChange={(e) => setTitle(e.target.value)} style={{ width: 220 }} maxLength={200} />
      <Upload
        showUploadList={false} disabled={!title.trim()}
        beforeUpload={(file) => {
          add.mutate({ file, query: { kind, title: title.trim(), collectedOn: dayjs().format('YYYY-MM-DD') } }, {
            onSuccess: () => { message.success(t('regulation.case.evidenceAdded', { fileName: file.name })); setTitle(''); },
            onError,
          });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={add.isPending} disabled={!title.trim()} data-testid="evidence-upload">{t('regulation.case.addEvidence')}</Button>
      </Upload>
    </Space>
  );
}

function CaseDetailCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useOnError();
  const verify = useVerifyEvidence();
  const next = nextStep(detail);
  const current = STATUS_ORDER.indexOf(detail.status);

  return (
    <Card title={<Space wrap><Typography.Text code>{detail.caseNo}</Typography.Text>{detail.title}</Space>}
      extra={<Space>
        <Tag color={STATUS_COLORS[detail.status]}>{t(`regulation.case.statuses.${detail.status}`)}</Tag>
        <PublishDecision detail={detail} />
      </Space>}>
      <Steps size="small" current={current} style={{ marginBottom: 16 }} items={STATUS_ORDER.map((s) => ({ title: t(`regulation.case.statuses.${s}`) }))} responsive />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('regulation.case.party')}>{detail.partyName}（{t(`regulation.case.partyKinds.${detail.partyKind}`)}）</Descriptions.Item>
        <Descriptions.Item label={t('regulation.case.filedOn')}>{detail.filedOn}</Descriptions.Item>
        <Descriptions.Item label={t('regulation.case.investigators')}>{detail.investigators.map((o) => o.name).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('regulation.case.reviewer')}>{detail.reviewer?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('regulation.case.facts')} span="filled">{detail.facts}</Descriptions.Item>
        {detail.answerDueOn && <Descriptions.Item label={t('regulation.case.answerDueOn')}>{detail.answerDueOn}{detail.hearingRight ? `（${t('regulation.case.hearingRight')}）` : ''} <ProvisionalTag years={detail.calendarProvisionalYears} open={detail.status === RUNNING_CLOCK_STATUS.enforcementAnswer} /></Descriptions.Item>}
        {detail.decisionNo && (
          <Descriptions.Item label={t('regulation.case.decision')} span="filled">
            {detail.decisionNo}：{t(`regulation.case.outcomes.${detail.outcome ?? 'no_penalty'}`)} {detail.outcome === 'fine' ? yuan(detail.amountFen) : ''} {detail.basis ? `— ${detail.basis}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Typography.Title level={5}>{t('regulation.case.evidence')}</Typography.Title>
      {can('enforcement:write') && detail.status === 'investigating' && <div style={{ marginBottom: 8 }}><EvidenceUpload detail={detail} /></div>}
      <Table
        rowKey="id" size="small" pagination={false} dataSource={detail.evidence} scroll={{ x: 700 }} style={{ marginBottom: 16 }}
        columns={[
          { title: t('regulation.case.evidenceTitle'), dataIndex: 'title', render: (v: string, e) => <a href={evidenceUrl(e.id)}>{v}</a> },
          { title: t('regulation.case.evidenceKind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`regulation.case.evidenceKinds.${k}`) },
          { title: 'SM3', dataIndex: 'sm3', render: (v: string) => <Typography.Text code style={HASH_STYLE} data-testid="evidence-sm3">{v}</Typography.Text> },
          {
            title: '', key: 'verify', width: 90, render: (_: unknown, e) => (
              <Button size="small" loading={verify.isPending && verify.variables === e.id} onClick={() => verify.mutate(e.id, {
                onSuccess: (r) => (r.ok ? message.success(t('regulation.case.verifyOk')) : message.error(t(r.missing ? 'regulation.case.verifyMissing' : 'regulation.case.verifyBad'))),
                onError,
              })}>{t('regulation.case.verify')}</Button>
            ),
          },
        ]}
      />

      {next && can('enforcement:write') && (
        <Card size="small" title={`${t('regulation.case.next')}：${t(`regulation.case.steps.${next}`)}`} style={{ marginBottom: 16 }}>
          <StepForm key={`${detail.id}-${next}-${detail.status}`} detail={detail} step={next} onDone={() => message.success(t('regulation.case.stepDone'))} />
        </Card>
      )}

      <Typography.Title level={5}>{t('regulation.case.timeline')}</Typography.Title>
      <Timeline
        data-testid="case-timeline"
        items={detail.timeline.map((s) => ({
          color: s.step === 'evidence_check' ? (s.record.ok ? 'green' : 'red') : 'blue',
          content: (
            <div>
              <Typography.Text strong>{s.onDate} {t(`regulation.case.timelineSteps.${s.step}`, { defaultValue: s.step })}</Typography.Text>
              {s.document && <Tag style={{ marginInlineStart: 8 }}>{s.document}</Tag>}
              <div><Typography.Text type="secondary">{s.actor ?? '—'} · {dayjs(s.at).format('YYYY-MM-DD HH:mm')}</Typography.Text></div>
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** 一公开 of the decision: offered once the case is decided, until it is published. */
function PublishDecision({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useOnError();
  const publish = usePublishDecision();
  if (detail.publishedAt) return <Tag color="green" data-testid="decision-published">{t('regulation.more.published')}</Tag>;
  if (!can('enforcement:write') || !detail.decidedOn) return null;
  return (
    <Popconfirm title={t('regulation.more.publishConfirm')} onConfirm={() => publish.mutate(detail.id, { onSuccess: () => message.success(t('regulation.more.publishedOk')), onError })}>
      <Button size="small" loading={publish.isPending}>{t('regulation.more.publish')}</Button>
    </Popconfirm>
  );
}

export function CasesTab() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const { message } = App.useApp();
  const onError = useOnError();
  const cases = useCases();
  const [selected, setSelected] = useState<number | null>(null);
  const detail = useCase(selected);
  const officers = useOfficers();
  const enterprises = useEnterprises({ page: 1, pageSize: 100 });
  const approvals = useApprovals('all');
  const tasks = useTasks();
  const file = useFileCase();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Omit<FileCaseInput, 'filedOn'> & { filedOn: Dayjs }>();
  const partyKind = Form.useWatch('partyKind', form);

  const submit = (v: Omit<FileCaseInput, 'filedOn'> & { filedOn: Dayjs }) => file.mutate(
    { ...v, filedOn: day(v.filedOn), enterpriseId: v.partyKind === 'unit' ? v.enterpriseId : null, partyName: v.partyKind === 'individual' ? v.partyName : null },
    { onSuccess: (d) => { message.success(t('regulation.case.filed', { caseNo: d.caseNo })); setOpen(false); setSelected(d.id); form.resetFields(); }, onError },
  );

  return (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <Card title={t('regulation.case.tab')} extra={can('enforcement:write') && <Button type="primary" onClick={() => setOpen(true)}>{t('regulation.case.file')}</Button>}>
          <PlainList
            loading={cases.isLoading} dataSource={cases.data?.items ?? []} emptyText={t('regulation.case.empty')}
            renderItem={(c) => (
              <PlainList.Item onClick={() => setSelected(c.id)} style={{ cursor: 'pointer', background: c.id === selected ? '#fff1f0' : undefined, paddingInline: 8 }}>
                <PlainList.Meta title={c.title} description={`${c.caseNo} · ${c.partyName}`} />
                <Tag color={STATUS_COLORS[c.status]}>{t(`regulation.case.statuses.${c.status}`)}</Tag>
              </PlainList.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        {detail.data ? <CaseDetailCard detail={detail.data} /> : <Card><Empty description={t('regulation.case.none')} /></Card>}
      </Col>
      <Modal open={open} title={t('regulation.case.file')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={file.isPending} destroyOnHidden width={640}>
        <Form form={form} name="case-file" layout="vertical" onFinish={submit} initialValues={{ regionCode: me.regionCode, partyKind: 'unit', source: 'inspection', filedOn: dayjs(), investigatorIds: [] }}>
          <Form.Item name="title" label={t('regulation.case.title')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="regionCode" label={t('regulation.approval.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}><Input /></Form.Item>
          <Form.Item name="partyKind" label={t('regulation.case.partyKind')} rules={[{ required: true }]}>
            <Select options={(['unit', 'individual'] as const).map((k) => ({ value: k, label: t(`regulation.case.partyKinds.${k}`) }))} />
          </Form.Item>
          {partyKind === 'individual' ? (
            <Form.Item name="partyName" label={t('regulation.case.partyName')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
          ) : (
            <Form.Item name="enterpriseId" label={t('regulation.case.enterprise')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={(enterprises.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.uscc}）` }))} />
            </Form.Item>
          )}
          <Form.Item name="source" label={t('regulation.case.source')} rules={[{ required: true }]}>
            <Select options={CASE_SOURCES.map((s) => ({ value: s, label: t(`regulation.case.sources.${s}`) }))} />
          </Form.Item>
          <Form.Item name="facts" label={t('regulation.case.facts')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
          <Form.Item name="investigatorIds" label={t('regulation.case.investigators')} rules={[{ required: true, type: 'array', min: 2, message: t('regulation.case.twoInvestigators') }]}>
            {/* Searchable by name or certificate number: a city's register is longer than the dropdown shows. */}
            <Select mode="multiple" optionFilterProp="label" options={(officers.data?.items ?? []).filter((o) => o.certValid).map((o) => ({ value: o.id, label: `${o.name}（${o.certNo}）` }))} />
          </Form.Item>
          <Form.Item name="filedOn" label={t('regulation.case.filedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="inspectionTaskId" label={t('regulation.more.taskLink')}>
            <Select allowClear showSearch optionFilterProp="label"
              options={(tasks.data?.items ?? []).filter((x) => x.status === 'drawn' || x.status === 'published').map((x) => ({ value: x.id, label: x.title }))} />
          </Form.Item>
          <Form.Item name="approvalCaseId" label={t('regulation.more.approvalLink')}>
            <Select allowClear showSearch optionFilterProp="label" options={(approvals.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.caseNo} ${a.title}` }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}
