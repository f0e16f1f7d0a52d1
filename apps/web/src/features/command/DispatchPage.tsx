/**
 * 应急调度: report an incident on the map, see the teams nearest it by estimated travel time and the works nearby,
 * dispatch a team as a task and move it on (en route, on site, done), draft a warning for the area, read the timeline.
 */
import { App, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PlainList } from '../../lib/PlainList';
import { INCIDENT_KINDS } from '@civdef/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/useSession.ts';
import { useRegions, warningApi } from '../warning/warningApi.ts';
import { LocationPicker } from '../works/LocationPicker.tsx';
import { commandApi, useCandidates, useCommandMutation, useIncident, useIncidents } from './commandApi.ts';
import { dispatchStateLabel, incidentKindLabel, pct, readinessColor, teamKindLabel } from './labels.ts';
// The location picker's map is styled by the works feature's sheet.
import '../works/works.css';
import './command.css';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
const NEXT: Record<string, Array<'en_route' | 'on_site' | 'done' | 'cancelled'>> = {
  dispatched: ['en_route', 'on_site', 'cancelled'], en_route: ['on_site', 'cancelled'], on_site: ['done'],
};

function ReportForm({ onReported }: { onReported: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const regions = useRegions();
  const [form] = Form.useForm<{ kind: 'flood'; title: string; description?: string; regionCode: string; location: [number, number] }>();
  const report = useCommandMutation(commandApi.report);
  const options = (regions.data?.items ?? []).filter((r) => r.level === 'county' || r.level === 'town').map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }));
  // The place picked on the map fills in its region — the town when its outline was surveyed, else the county — until
  // the officer picks one by hand (theirs is kept). A made-up town outline is a guess near its edges, so not used.
  const [filled, setFilled] = useState<string | null>(null);
  const placeAt = async (v: [number, number] | null) => {
    form.setFieldValue('location', v);
    const current = form.getFieldValue('regionCode') as string | undefined;
    if (!v || (current && current !== filled)) return;
    const at = await warningApi.regionsAt(v[0], v[1]).catch(() => null);
    const pick = at?.items.find((r) => !r.synthetic && (r.level === 'town' || r.level === 'county'));
    if (!pick || (form.getFieldValue('regionCode') && form.getFieldValue('regionCode') !== current)) return;
    form.setFieldValue('regionCode', pick.code);
    setFilled(pick.code);
  };
  return (
    <Card title={t('command.dispatch.report')} size="small" style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'fire' }} onFinish={async (v) => {
        const res = await report.mutateAsync({ kind: v.kind, title: v.title, regionCode: v.regionCode, location: v.location, ...(v.description ? { description: v.description } : {}) });
        form.resetFields();
        setFilled(null);
        onReported(res.id);
      }}>
        <Form.Item name="kind" label={t('command.dispatch.kind')} rules={[{ required: true }]}>
          <Select options={INCIDENT_KINDS.map((k) => ({ value: k.code, label: incidentKindLabel(k.code, i18n.language) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('command.dispatch.titleField')} rules={[{ required: true, max: 100 }]}><Input data-testid="incident-title" /></Form.Item>
        <Form.Item name="regionCode" label={t('command.dispatch.region')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={options} data-testid="incident-region" />
        </Form.Item>
        <Form.Item name="location" label={t('command.dispatch.location')} rules={[{ required: true }]}>
          <LocationPicker value={Form.useWatch('location', form) ?? null} onChange={(v) => void placeAt(v)} />
        </Form.Item>
        <Form.Item name="description" label={t('command.dispatch.description')}><Input.TextArea autoSize maxLength={2000} /></Form.Item>
        {report.error && <Typography.Text type="danger">{report.error.message}</Typography.Text>}
        <Button type="primary" htmlType="submit" loading={report.isPending}>{t('command.dispatch.submit')}</Button>
      </Form>
    </Card>
  );
}

function IncidentPanel({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const can = useCan();
  const incident = useIncident(id);
  const candidates = useCandidates(id);
  const dispatch = useCommandMutation((teamId: number) => commandApi.dispatch(id, teamId));
  const move = useCommandMutation((a: { taskId: number; to: 'en_route' | 'on_site' | 'done' | 'cancelled'; version: number }) => commandApi.moveTask(a.taskId, { to: a.to, version: a.version }));
  const warn = useCommandMutation(() => commandApi.draftWarning(id));
  const close = useCommandMutation((version: number) => commandApi.closeIncident(id, version));
  const d = incident.data;
  if (!d) return <Card loading />;
  const open = d.state === 'open';
  const mayDispatch = can('dispatch:write') && open;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={<Space><Tag color="red">{incidentKindLabel(d.kind, lang)}</Tag>{d.title}</Space>} extra={
        <Space>
          {can('alerts:issue') && open && (
            <Button onClick={() => warn.mutate(undefined, {
              onSuccess: (r) => message.success(t('command.dispatch.warningDrafted', { id: r.alertId })),
              onError: (e) => message.error(e.message),
            })} loading={warn.isPending} disabled={d.alertId !== null} data-testid="draft-warning">{t('command.dispatch.draftWarning')}</Button>
          )}
          {mayDispatch && <Button danger onClick={() => close.mutate(d.version)}>{t('command.dispatch.close')}</Button>}
        </Space>
      }>
        <Typography.Text type="secondary">{d.regionName ?? d.regionCode} · {d.location[0].toFixed(5)}, {d.location[1].toFixed(5)} · {when(d.reportedAt)}</Typography.Text>
        {d.description && <Typography.Paragraph>{d.description}</Typography.Paragraph>}
        {d.alertId !== null && <div><Tag color="gold">{t('command.dispatch.warningDrafted', { id: d.alertId })}</Tag></div>}
      </Card>
      <Card size="small" title={t('command.dispatch.candidates')} extra={candidates.data && <Typography.Text type="secondary">{t('command.dispatch.travel', { factor: candidates.data.detourFactor, speed: candidates.data.speedKmh })}</Typography.Text>}>
        <Table size="small" rowKey={(c) => c.team.id} pagination={false} loading={candidates.isLoading} dataSource={candidates.data?.teams ?? []} columns={[
          { title: t('command.teams.name'), render: (_, c) => <><div>{c.team.name}</div><Typography.Text type="secondary">{teamKindLabel(c.team.kind, lang)} · {c.team.regionName}</Typography.Text></> },
          { title: t('command.dispatch.etaTitle'), render: (_, c) => <Typography.Text strong>{t('command.dispatch.eta', { min: c.etaMin })}</Typography.Text> },
          { title: t('command.dispatch.distance'), render: (_, c) => `${(c.distanceM / 1000).toFixed(1)} km` },
          { title: t('command.teams.readiness'), render: (_, c) => <Tag color={readinessColor(c.team.readiness.overallPct)}>{pct(c.team.readiness.overallPct)}</Tag> },
          { title: '', render: (_, c, i) => (c.busy ? <Tag>{t('command.dispatch.busy')}</Tag> : mayDispatch && (
            <Button size="small" type={i === 0 ? 'primary' : 'default'} data-testid={`dispatch-${i}`} loading={dispatch.isPending} onClick={() => dispatch.mutate(c.team.id)}>{t('command.dispatch.dispatch')}</Button>
          )) },
        ]} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('command.dispatch.tasks')}>
            <PlainList size="small" dataSource={d.tasks} emptyText={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />} renderItem={(task) => (
              <PlainList.Item data-testid={`task-${task.id}`} actions={mayDispatch ? (NEXT[task.state] ?? []).map((to) => (
                <Button key={to} size="small" danger={to === 'cancelled'} onClick={() => move.mutate({ taskId: task.id, to, version: task.version })}>{t(`command.dispatch.next.${to}`)}</Button>
              )) : []}>
                <Space orientation="vertical" size={0}>
                  <span>{task.teamName} <Tag color={task.state === 'done' ? 'green' : task.state === 'cancelled' ? 'default' : 'blue'} data-testid="task-state">{dispatchStateLabel(task.state, lang)}</Tag></span>
                  <Typography.Text type="secondary">{t('command.dispatch.eta', { min: task.etaMin })} · {(task.distanceM / 1000).toFixed(1)} km</Typography.Text>
                </Space>
              </PlainList.Item>
            )} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('command.dispatch.timeline')}>
            <div className="dispatch-timeline">
              <Timeline items={d.timeline.map((e) => ({
                key: e.id, color: e.kind === 'warning_drafted' ? 'red' : e.kind === 'dispatched' ? 'blue' : 'gray',
                content: <><Typography.Text type="secondary">{when(e.at)}</Typography.Text> <b>{t(`command.dispatch.events.${e.kind}`)}</b>{e.state && e.kind === 'state' ? ` → ${dispatchStateLabel(e.state, lang)}` : ''} {e.note}<br /><Typography.Text type="secondary">{e.actor}</Typography.Text></>,
              }))} />
            </div>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('command.dispatch.works')}>
        <PlainList size="small" dataSource={candidates.data?.works ?? []} renderItem={(w) => (
          <PlainList.Item><span>{w.code} {w.name}</span><Typography.Text type="secondary">{Math.round(w.distanceM)} m</Typography.Text></PlainList.Item>
        )} />
      </Card>
    </Space>
  );
}

export default function DispatchPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const incidents = useIncidents();
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <div className="page">
      <Typography.Title level={3}>{t('command.dispatch.title')}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={9}>
          {can('dispatch:write') && <ReportForm onReported={setSelected} />}
          <Card size="small" title={t('command.dispatch.incidents')}>
            <PlainList size="small" loading={incidents.isLoading} dataSource={incidents.data?.items ?? []} renderItem={(i) => (
              <PlainList.Item onClick={() => setSelected(i.id)} style={{ cursor: 'pointer', background: i.id === selected ? '#fff1f0' : undefined }} data-testid={`incident-${i.id}`}>
                <Space orientation="vertical" size={0}>
                  <span><Tag color={i.state === 'open' ? 'red' : 'default'}>{incidentKindLabel(i.kind, i18n.language)}</Tag>{i.title}</span>
                  <Typography.Text type="secondary">{i.regionName} · {when(i.reportedAt)}{i.openTasks ? ` · ${t('command.dispatch.tasks')} ${i.openTasks}` : ''}</Typography.Text>
                </Space>
              </PlainList.Item>
            )} />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          {selected === null ? <Card><Empty description={t('command.dispatch.pick')} /></Card> : <IncidentPanel id={selected} />}
        </Col>
      </Row>
    </div>
  );
}
