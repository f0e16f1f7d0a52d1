/**
 * 演练: drills with their scenario and participants; while running, injects and actions logged as they happen (the
 * server stamps the time; nothing is edited); once ended, scored against the criteria; findings with follow-ups
 * (overdue flagged); and the year's summary.
 */
import { App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/useSession.ts';
import { useErrorMessage } from './PlansPage.tsx';
import { DrillForm } from './forms/DrillForm.tsx';
import { RefLink } from './forms/shared.tsx';
import { drillApi, useDeleteDrill, useDrill, useDrillMutation, useDrillYears, useDrills, type DrillDetail } from './responseApi.ts';

const STATE_COLORS: Record<string, string> = { planned: 'default', running: 'processing', ended: 'orange', assessed: 'green' };
const KIND_COLORS: Record<string, string> = { inject: 'red', action: 'blue', note: 'gray' };
const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function DrillPanel({ d, onDeleted }: { d: DrillDetail; onDeleted: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const step = useDrillMutation(drillApi.step);
  const log = useDrillMutation(drillApi.log);
  const assess = useDrillMutation(drillApi.assess);
  const finding = useDrillMutation(drillApi.finding);
  const done = useDrillMutation(drillApi.done);
  const remove = useDeleteDrill();
  const [editing, setEditing] = useState(false);
  const [logForm] = Form.useForm<{ kind: 'inject' | 'action' | 'note'; text: string; actorName?: string }>();
  const [findingForm] = Form.useForm<{ finding: string; action: string; owner: string; deadline: { format: (f: string) => string } }>();
  const [scores, setScores] = useState<number[]>(d.drill.criteria.map((c) => c.score));
  const [assessment, setAssessment] = useState(d.drill.assessment ?? '');
  const id = d.drill.id;
  const write = can('response:write');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={<Space>{d.drill.title}<Tag color={STATE_COLORS[d.drill.state]}>{t(`response.drillStates.${d.drill.state}`)}</Tag>{d.drill.synthetic && <Tag color="orange">{t('response.synthetic')}</Tag>}</Space>}
        extra={write && <Space>
          <Button data-testid="drill-edit" onClick={() => setEditing(true)}>{t('response.forms.edit')}</Button>
          {d.drill.state === 'planned' && d.findings.length === 0 && (
            <Popconfirm title={t('response.forms.confirmDelete', { name: d.drill.title })} okText={t('response.forms.delete')}
              onConfirm={() => remove.mutate(id, { onSuccess: () => { void message.success(t('response.forms.deleted')); onDeleted(); }, onError })}>
              <Button danger data-testid="drill-delete">{t('response.forms.delete')}</Button>
            </Popconfirm>
          )}
          {d.drill.state === 'planned' && <Button type="primary" onClick={() => step.mutate({ id, step: 'start' }, { onError })}>{t('response.drills.start')}</Button>}
          {d.drill.state === 'running' && <Button danger onClick={() => step.mutate({ id, step: 'end' }, { onError })}>{t('response.drills.end')}</Button>}
        </Space>}>
        <DrillForm open={editing} editing={d.drill} onClose={() => setEditing(false)}
          onSaved={() => { setEditing(false); void message.success(t('response.forms.saved')); }} />
        <Descriptions size="small" column={1} items={[
          { key: 's', label: t('response.drills.scenario'), children: d.drill.scenario },
          { key: 'p', label: t('response.drills.participants'), children: d.drill.participants.length
            ? <Space wrap size={[12, 0]}>{d.drill.participants.map((p, k) => <span key={k}><RefLink kind={p.kind} refId={p.refId} name={p.name} />（{p.people}）</span>)}</Space> : '—' },
          { key: 'd', label: t('response.drills.date'), children: d.drill.plannedOn },
          ...(d.drill.score !== null ? [{ key: 'sc', label: t('response.drills.score'), children: <Typography.Text strong data-testid="drill-score">{d.drill.score}</Typography.Text> }] : []),
        ]} />
      </Card>
      <Card size="small" title={t('response.drills.timeline')}>
        {d.drill.state === 'running' && write && (
          <Form form={logForm} layout="inline" initialValues={{ kind: 'action' }} style={{ marginBottom: 12 }}
            onFinish={(v) => log.mutate({ id, kind: v.kind, text: v.text, actorName: v.actorName || null }, { onSuccess: () => { logForm.resetFields(['text']); void message.success(t('response.drills.logged')); }, onError })}>
            <Form.Item name="kind"><Select style={{ width: 90 }} options={(['inject', 'action', 'note'] as const).map((k) => ({ value: k, label: t(`response.timelineKinds.${k}`) }))} /></Form.Item>
            <Form.Item name="text" rules={[{ required: true }]}><Input placeholder={t('response.drills.text')} style={{ width: 280 }} /></Form.Item>
            <Form.Item name="actorName"><Input placeholder={t('response.drills.actor')} style={{ width: 140 }} /></Form.Item>
            <Button htmlType="submit" type="primary">{t('response.drills.log')}</Button>
          </Form>
        )}
        {d.timeline.length ? <Timeline data-testid="drill-timeline" items={d.timeline.map((e) => ({
          color: KIND_COLORS[e.kind],
          content: <><Typography.Text type="secondary">{time(e.loggedAt)}</Typography.Text> <Tag>{t(`response.timelineKinds.${e.kind}`)}</Tag>{e.text}{e.actorName && <Typography.Text type="secondary"> — {e.actorName}</Typography.Text>}</>,
        }))} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </Card>
      <Card size="small" title={t('response.drills.criteria')}>
        <Table size="small" rowKey="name" pagination={false} dataSource={d.drill.criteria.map((c, i) => ({ ...c, i }))} columns={[
          { title: t('response.drills.criteria'), dataIndex: 'name' },
          { title: t('response.drills.weight'), dataIndex: 'weight' },
          { title: t('response.drills.max'), dataIndex: 'maxScore' },
          { title: t('response.drills.score'), dataIndex: 'i', render: (i: number, c) => (['ended', 'assessed'].includes(d.drill.state) && write
            ? <InputNumber size="small" min={0} max={c.maxScore} value={scores[i]} onChange={(v) => setScores((s) => s.map((x, k) => (k === i ? Number(v ?? 0) : x)))} aria-label={c.name} />
            : c.score) },
        ]} />
        {['ended', 'assessed'].includes(d.drill.state) && write && (
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input placeholder={t('response.drills.assessment')} value={assessment} onChange={(e) => setAssessment(e.target.value)} />
            <Button type="primary" disabled={!assessment.trim()} onClick={() => assess.mutate({ id, scores, assessment }, { onError })}>{t('response.drills.assess')}</Button>
          </Space.Compact>
        )}
      </Card>
      <Card size="small" title={t('response.drills.findings')}>
        <Table size="small" rowKey="id" pagination={false} dataSource={d.findings} columns={[
          { title: t('response.drills.finding'), dataIndex: 'finding' },
          { title: t('response.drills.action'), dataIndex: 'action' },
          { title: t('response.drills.owner'), dataIndex: 'owner' },
          { title: t('response.drills.deadline'), dataIndex: 'deadline', render: (v: string, f) => <>{v} {f.overdue && <Tag color="red">{t('response.drills.overdue')}</Tag>}</> },
          { title: '', key: 's', render: (_: unknown, f) => (f.status === 'done' ? <Tag color="green">{t('response.drills.done')}</Tag>
            : write && <Button size="small" onClick={() => done.mutate({ id, findingId: f.id }, { onError })}>{t('response.drills.markDone')}</Button>) },
        ]} />
        {write && (
          <Form form={findingForm} layout="inline" style={{ marginTop: 8 }}
            onFinish={(v) => finding.mutate({ id, finding: v.finding, action: v.action, owner: v.owner, deadline: v.deadline.format('YYYY-MM-DD') }, { onSuccess: () => findingForm.resetFields(), onError })}>
            <Form.Item name="finding" rules={[{ required: true }]}><Input placeholder={t('response.drills.finding')} /></Form.Item>
            <Form.Item name="action" rules={[{ required: true }]}><Input placeholder={t('response.drills.action')} /></Form.Item>
            <Form.Item name="owner" rules={[{ required: true }]}><Input placeholder={t('response.drills.owner')} style={{ width: 120 }} /></Form.Item>
            <Form.Item name="deadline" rules={[{ required: true }]}><DatePicker placeholder={t('response.drills.deadline')} /></Form.Item>
            <Button htmlType="submit">{t('response.drills.addFinding')}</Button>
          </Form>
        )}
      </Card>
    </Space>
  );
}

export default function DrillsPage() {
  const { t } = useTranslation();
  const list = useDrills();
  const years = useDrillYears();
  const [id, setId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const can = useCan();
  const { message } = App.useApp();
  const detail = useDrill(id);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={9}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Card title={t('response.drills.title')} size="small"
            extra={can('response:write') && <Button type="primary" size="small" data-testid="new-drill" onClick={() => setCreating(true)}>{t('response.forms.newDrill')}</Button>}>
            <DrillForm open={creating} onClose={() => setCreating(false)} onSaved={(newId) => { setCreating(false); setId(newId); void message.success(t('response.forms.drillSaved')); }} />
            <Table size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false}
              onRow={(d) => ({ onClick: () => setId(d.id), style: { cursor: 'pointer', background: d.id === id ? '#e6f4ff' : undefined } })}
              columns={[
                { title: t('response.drills.name'), dataIndex: 'title' },
                { title: t('response.drills.date'), dataIndex: 'plannedOn', width: 100 },
                { title: t('response.drills.state'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLORS[s]}>{t(`response.drillStates.${s}`)}</Tag> },
              ]} />
          </Card>
          <Card title={t('response.drills.years')} size="small">
            <Table size="small" rowKey="year" pagination={false} dataSource={years.data?.items ?? []} columns={[
              { title: t('response.drills.year'), dataIndex: 'year' },
              { title: t('response.drills.count'), dataIndex: 'drills' },
              { title: t('response.drills.meanScore'), dataIndex: 'meanScore', render: (v: number | null) => v ?? '—' },
              { title: t('response.drills.findings'), dataIndex: 'findings' },
              { title: t('response.drills.open'), dataIndex: 'actionsOpen' },
              { title: t('response.drills.overdue'), dataIndex: 'actionsOverdue', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : v) },
            ]} />
          </Card>
        </Space>
      </Col>
      <Col xs={24} lg={15}>
        {detail.data ? <DrillPanel key={`${detail.data.drill.id}-${detail.data.drill.state}`} d={detail.data} onDeleted={() => setId(null)} /> : <Card><Empty description={t('response.drills.select')} /></Card>}
      </Col>
    </Row>
  );
}
