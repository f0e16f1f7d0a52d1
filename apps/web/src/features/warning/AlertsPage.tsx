/**
 * 警报发布: draft an alert, have a second officer confirm it (two-person rule), and watch each siren answer live
 * (the command's deliveries, polled every second until every siren has answered or failed); the all-clear, a cancel or an
 * update of an issued alert, each asked for by one officer and confirmed by another; history.
 */
import { SIGNAL_PROGRAMS } from '@civdef/domain';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Polygon } from 'geojson';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan, useMe } from '../auth/useSession.ts';
import type { LngLat } from '../map/DrawMap.tsx';
import { DrawnAreaField, drawnAreaOf, hasDrawnArea } from './DrawnAreaField.tsx';
import { programLabel } from './labels.ts';
import { ChannelDeliveries } from './ChannelDeliveries.tsx';
import { LiveStatus } from './LiveStatus.tsx';
import { useAlert, useAlerts, useGroups, useRegions, useWarningMutation, warningApi, type AlertDetail, type AlertDraft, type AlertItem } from './warningApi.ts';

/** What the server said, for a toast: its message (zh or en, naming the field and the rule). */
const reason = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
/** The refusals of a draft that belong to one field of the form, shown under it instead of in a toast. */
const DRAFT_FIELD_OF: Record<string, 'polygon' | 'regionCodes'> = { ALERTS_AREA_POLYGON: 'polygon', ALERTS_AREA_EMPTY: 'regionCodes', ALERTS_AREA_UNKNOWN: 'regionCodes' };

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');
const STATE_COLOR: Record<string, string> = { awaiting_confirmation: 'gold', issued: 'red', cleared: 'green', cancelled: 'default' };

export default function AlertsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const alerts = useAlerts();
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <div className="page">
      <Typography.Title level={3}>{t('warning.alerts.title')}</Typography.Title>
      <Row gutter={16}>
        {can('alerts:issue') && (
          <Col xs={24} xl={9}>
            <DraftForm onDrafted={setSelected} />
          </Col>
        )}
        <Col xs={24} xl={can('alerts:issue') ? 15 : 24}>
          <Card title={t('warning.alerts.list')} size="small">
            <Table<AlertItem>
              rowKey="id" size="small" dataSource={alerts.data?.items ?? []} pagination={false} locale={{ emptyText: t('warning.alerts.empty') }}
              onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === selected ? '#e6f4ff' : undefined } })}
              columns={[
                { title: '#', dataIndex: 'id', width: 50 },
                { title: t('warning.alerts.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'exercise' || k === 'test' ? 'blue' : 'red'}>{t(`warning.alerts.kinds.${k}`)}</Tag> },
                { title: t('warning.alerts.headline'), dataIndex: 'headline', ellipsis: true },
                { title: t('warning.alerts.area'), dataIndex: 'areaDesc', ellipsis: true },
                { title: t('warning.sirens.status'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLOR[s]}>{t(`warning.alerts.state.${s}`)}</Tag> },
                { title: t('warning.alerts.issuedAt'), dataIndex: 'issuedAt', render: when },
              ]}
            />
          </Card>
          {selected !== null && <AlertPanel key={selected} id={selected} />}
        </Col>
      </Row>
    </div>
  );
}

function DraftForm({ onDrafted }: { onDrafted: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const regions = useRegions();
  const groups = useGroups();
  const draft = useWarningMutation(warningApi.draftAlert);
  const [form] = Form.useForm<AlertDraft & { regionCodes?: string[]; groupIds?: number[]; polygon?: LngLat[] }>();
  // Every region of the officer's jurisdiction, the whole city included: a city-wide alert names the city, so its
  // CAP area and the public headline say 南通市 rather than listing every district.
  const regionOptions = (regions.data?.items ?? []).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }));
  return (
    <Card title={t('warning.alerts.draft')} size="small" style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'exercise', program: 'air_raid' }} onFinish={async (v) => {
        const res = await draft.mutateAsync({
          kind: v.kind, program: v.program,
          area: {
            ...(v.regionCodes?.length ? { regionCodes: v.regionCodes } : {}), ...(v.groupIds?.length ? { groupIds: v.groupIds } : {}),
            ...drawnAreaOf(v.polygon),
          },
          headline: v.headline, messageZh: v.messageZh,
          ...(v.messageEn ? { messageEn: v.messageEn } : {}), ...(v.instructionZh ? { instructionZh: v.instructionZh } : {}),
        }).catch((e: unknown) => {
          const field = e instanceof ApiError && e.code ? DRAFT_FIELD_OF[e.code] : undefined;
          if (field) form.setFields([{ name: field, errors: [reason(e)] }]);
          else message.error(reason(e));
          return null;
        });
        if (!res) return;
        message.success(t('warning.alerts.drafted'));
        form.resetFields();
        onDrafted(res.id);
      }}>
        <Space>
          <Form.Item name="kind" label={t('warning.alerts.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 130 }} options={(['exercise', 'test', 'air_raid', 'disaster'] as const).map((k) => ({ value: k, label: t(`warning.alerts.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="program" label={t('warning.alerts.program')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={SIGNAL_PROGRAMS.filter((p) => p.code !== 'all_clear').map((p) => ({ value: p.code, label: programLabel(p.code, i18n.language) }))} />
          </Form.Item>
        </Space>
        {/* The area is regions, siren groups (a coast, an industrial park), an area drawn on the map, or any of them together. */}
        <Form.Item name="regionCodes" label={t('warning.alerts.areaRegions')} dependencies={['groupIds', 'polygon']}
          rules={[({ getFieldValue }) => ({
            validator: (_, codes?: string[]) => (codes?.length || (getFieldValue('groupIds') as number[] | undefined)?.length
              || hasDrawnArea(getFieldValue('polygon') as LngLat[] | undefined)
              ? Promise.resolve() : Promise.reject(new Error(t('warning.alerts.areaRequired')))),
          })]}>
          <Select mode="multiple" showSearch optionFilterProp="label" loading={regions.isPending} options={regionOptions} />
        </Form.Item>
        <Form.Item name="groupIds" label={t('warning.alerts.groups')}>
          <Select mode="multiple" showSearch optionFilterProp="label" loading={groups.isPending}
            options={(groups.data?.custom ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        <DrawnAreaField testId="alert-area-map" />
        <Form.Item name="headline" label={t('warning.alerts.headline')} rules={[{ required: true, max: 120 }]}><Input /></Form.Item>
        <Form.Item name="messageZh" label={t('warning.alerts.messageZh')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="messageEn" label={t('warning.alerts.messageEn')} rules={[{ max: 2000 }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="instructionZh" label={t('warning.alerts.instruction')} rules={[{ max: 1000 }]}><Input /></Form.Item>
        <Typography.Paragraph type="secondary">{t('warning.alerts.twoPerson')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={draft.isPending}>{t('warning.alerts.submitDraft')}</Button>
      </Form>
    </Card>
  );
}

function AlertPanel({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const can = useCan();
  const me = useMe();
  const detail = useAlert(id);
  const a = detail.data;
  const confirm = useWarningMutation((v: number) => warningApi.confirmAlert(id, v));
  const clear = useWarningMutation((v: number) => warningApi.allClear(id, v));
  const cancel = useWarningMutation((v: number) => warningApi.cancelAlert(id, v));
  const [asking, setAsking] = useState<'update' | 'cancel' | null>(null);
  // The commands this alert sent, oldest first: the alert's own, then each confirmed follow-up's (the all-clear).
  const commandIds = a ? [a.commandId, ...a.followUps.map((f) => f.commandId)].filter((c): c is string => Boolean(c)) : [];
  const shown = useRef<number | null>(null);
  const [reveal, setReveal] = useState<string | null>(null);
  const newestId = commandIds.at(-1) ?? null;
  // A command that starts while the panel is open (either officer confirming) brings its live view into sight: it sits
  // below the alert's details, and an all-clear's below the first signal's.
  useEffect(() => {
    if (!a) return;
    if (shown.current !== null && commandIds.length > shown.current) setReveal(newestId);
    shown.current = commandIds.length;
  }, [a, commandIds.length, newestId]);
  if (!a) return null;
  const mine = a.draftedBy === me.username;
  const pending = a.followUps.find((f) => f.state === 'awaiting_confirmation');
  return (
    <Card size="small" style={{ marginTop: 16 }} title={`#${a.id} ${a.headline}`} extra={can('alerts:issue') && (
      <Space wrap>
        {a.state === 'awaiting_confirmation' && (
          <Button type="primary" danger disabled={mine} title={mine ? t('warning.alerts.twoPerson') : undefined} loading={confirm.isPending}
            onClick={() => modal.confirm({
              title: t('warning.alerts.confirmTitle'), content: t('warning.alerts.confirmText'), okButtonProps: { danger: true },
              onOk: () => confirm.mutateAsync(a.version).then(() => message.success(t('warning.alerts.state.issued')), (e: unknown) => message.error(reason(e))),
            })}>
            {t('warning.alerts.confirm')}
          </Button>
        )}
        {a.state === 'awaiting_confirmation' && <Button onClick={() => cancel.mutate(a.version, { onError: (e) => message.error(reason(e)) })}>{t('warning.alerts.cancel')}</Button>}
        {a.state === 'issued' && !pending && (
          <>
            <Button onClick={() => clear.mutate(a.version, { onSuccess: () => message.info(t('warning.alerts.followUp.requested')), onError: (e) => message.error(reason(e)) })} loading={clear.isPending}>
              {t('warning.alerts.followUp.requestAllClear')}
            </Button>
            <Button onClick={() => setAsking('update')}>{t('warning.alerts.followUp.requestUpdate')}</Button>
            <Button danger onClick={() => setAsking('cancel')}>{t('warning.alerts.followUp.requestCancel')}</Button>
          </>
        )}
      </Space>
    )}>
      {a.state === 'awaiting_confirmation' && mine && <Alert type="info" showIcon title={t('warning.alerts.twoPerson')} style={{ marginBottom: 12 }} />}
      {pending && <PendingFollowUp alert={a} pending={pending} />}
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('warning.alerts.kind')}>{t(`warning.alerts.kinds.${a.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('warning.alerts.program')}>{programLabel(a.program, i18n.language)}</Descriptions.Item>
        <Descriptions.Item label={t('warning.alerts.area')}>{a.areaDesc}</Descriptions.Item>
        <Descriptions.Item label={t('warning.sirens.status')}><Tag color={STATE_COLOR[a.state]}>{t(`warning.alerts.state.${a.state}`)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('warning.alerts.drafter')}>{a.draftedBy}</Descriptions.Item>
        <Descriptions.Item label={t('warning.alerts.confirmer')}>{a.confirmedBy ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('warning.alerts.cap')} span={2}>
          <Space wrap>{a.messages.map((m) => <a key={m.identifier} href={m.capUrl} target="_blank" rel="noreferrer">{`${m.identifier} (${t(`warning.alerts.msgType.${m.msgType}`, { defaultValue: m.msgType })})`}</a>)}</Space>
        </Descriptions.Item>
        {a.deliveries.length > 0 && (
          <Descriptions.Item label={t('warning.alerts.pushes')} span={2}>
            <Space wrap>{a.deliveries.map((d) => <Tag key={`${d.identifier}${d.channel}`} color={d.state === 'delivered' ? 'green' : d.state === 'failed' ? 'red' : 'processing'}>{`${d.channel.replace(/^agency:/, '')} ${d.state}`}</Tag>)}</Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      {a.followUps.length > 0 && (
        <Table
          rowKey="id" size="small" pagination={false} style={{ marginTop: 12 }} title={() => t('warning.alerts.followUp.history')} dataSource={a.followUps}
          columns={[
            { title: t('warning.alerts.kind'), dataIndex: 'kind', render: (k: string) => t(`warning.alerts.followUp.kind.${k}`) },
            { title: t('warning.sirens.status'), dataIndex: 'state', render: (s: string) => <Tag color={s === 'done' ? 'green' : s === 'withdrawn' ? 'default' : 'gold'}>{t(`warning.alerts.followUp.state.${s}`)}</Tag> },
            { title: t('warning.alerts.followUp.reason'), dataIndex: 'reason', ellipsis: true, render: (r: string | null) => r ?? '—' },
            { title: t('warning.alerts.followUp.requestedBy'), dataIndex: 'requestedBy', render: (who: string | null, f) => `${who ?? '—'} ${when(f.requestedAt)}` },
            { title: t('warning.alerts.followUp.decidedBy'), dataIndex: 'decidedBy', render: (who: string | null, f) => (who ? `${who} ${when(f.decidedAt)}` : '—') },
          ]}
        />
      )}
      {commandIds.map((c) => <LiveStatus key={c} commandId={c} reveal={c === reveal} area={(a.area.polygon as Polygon | undefined) ?? null} />)}
      {a.state !== 'awaiting_confirmation' && <ChannelDeliveries alertId={a.id} />}
      <FollowUpForm alert={a} kind={asking} onClose={() => setAsking(null)} />
    </Card>
  );
}

type FollowUp = AlertDetail['followUps'][number];

/** The follow-up awaiting a second officer: who asked, what for, and the buttons (confirm disabled for the asker). */
function PendingFollowUp({ alert: a, pending }: { alert: AlertDetail; pending: FollowUp }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const can = useCan();
  const me = useMe();
  const confirm = useWarningMutation((v: number) => warningApi.confirmFollowUp(a.id, v));
  const withdraw = useWarningMutation((v: number) => warningApi.withdrawFollowUp(a.id, v));
  const kind = t(`warning.alerts.followUp.kind.${pending.kind}`);
  const asker = pending.requestedBy === me.username;
  const changed = pending.kind === 'update'
    ? [pending.headline, pending.messageZh, pending.messageEn, pending.instructionZh].filter((v): v is string => v !== null).join(' / ')
    : null;
  return (
    <Alert
      type={pending.kind === 'update' ? 'info' : 'warning'} showIcon style={{ marginBottom: 12 }} data-testid="pending-follow-up"
      title={t('warning.alerts.followUp.pending', { who: pending.requestedBy ?? '—', kind })}
      description={
        <Space orientation="vertical" size={4}>
          {pending.reason && <span>{`${t('warning.alerts.followUp.reason')}：${pending.reason}`}</span>}
          {changed && <span>{changed}</span>}
          {asker && <Typography.Text type="secondary">{t('warning.alerts.followUp.mine')}</Typography.Text>}
          {can('alerts:issue') && (
            <Space>
              <Button type="primary" danger={pending.kind !== 'update'} disabled={asker} loading={confirm.isPending}
                onClick={() => modal.confirm({
                  title: t('warning.alerts.followUp.confirmTitle', { kind }), content: t(`warning.alerts.followUp.confirmText.${pending.kind}`),
                  okButtonProps: { danger: pending.kind !== 'update' },
                  onOk: () => confirm.mutateAsync(a.version).then(() => message.success(t('warning.alerts.followUp.state.done')), (e: unknown) => message.error(reason(e))),
                })}>
                {t('warning.alerts.followUp.confirm', { kind })}
              </Button>
              <Button onClick={() => withdraw.mutate(a.version, { onError: (e) => message.error(reason(e)) })} loading={withdraw.isPending}>{t('warning.alerts.followUp.withdraw')}</Button>
            </Space>
          )}
        </Space>
      }
    />
  );
}

/** Asking to update an issued alert's text (prefilled with it) or to cancel it (with the reason the public will read). */
function FollowUpForm({ alert: a, kind, onClose }: { alert: AlertDetail; kind: 'update' | 'cancel' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ headline: string; messageZh: string; messageEn?: string; instructionZh?: string; reason?: string }>();
  const update = useWarningMutation((body: Parameters<typeof warningApi.updateAlert>[1]) => warningApi.updateAlert(a.id, body));
  const cancel = useWarningMutation((reason: string) => warningApi.cancelAlert(a.id, a.version, reason));
  if (kind === null) return null;
  return (
    <Modal
      open title={t(kind === 'update' ? 'warning.alerts.followUp.updateTitle' : 'warning.alerts.followUp.cancelTitle')} onCancel={onClose} destroyOnHidden
      okButtonProps={{ danger: kind === 'cancel', loading: update.isPending || cancel.isPending }} onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={kind === 'update' ? {
        headline: a.headline, messageZh: a.messageZh, messageEn: a.messageEn ?? undefined, instructionZh: a.instructionZh ?? undefined,
      } : {}} onFinish={async (v) => {
        try {
          if (kind === 'cancel') await cancel.mutateAsync(v.reason!);
          else {
            await update.mutateAsync({
              version: a.version, headline: v.headline, messageZh: v.messageZh, ...(v.messageEn ? { messageEn: v.messageEn } : {}),
              ...(v.instructionZh ? { instructionZh: v.instructionZh } : {}), ...(v.reason ? { reason: v.reason } : {}),
            });
          }
        } catch (e) {
          message.error(reason(e));
          return;
        }
        message.info(t('warning.alerts.followUp.requested'));
        onClose();
      }}>
        {kind === 'update' && (
          <>
            <Form.Item name="headline" label={t('warning.alerts.headline')} rules={[{ required: true, max: 120 }]}><Input /></Form.Item>
            <Form.Item name="messageZh" label={t('warning.alerts.messageZh')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={3} /></Form.Item>
            <Form.Item name="messageEn" label={t('warning.alerts.messageEn')} rules={[{ max: 2000 }]}><Input.TextArea rows={2} /></Form.Item>
            <Form.Item name="instructionZh" label={t('warning.alerts.instruction')} rules={[{ max: 1000 }]}><Input /></Form.Item>
          </>
        )}
        <Form.Item name="reason" label={t('warning.alerts.followUp.reason')}
          rules={[{ required: kind === 'cancel', message: t('warning.alerts.followUp.reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
