/**
 * 外部预警与发布渠道: CAP messages received from other agencies (relayed to the sirens as a draft alert that a second
 * officer confirms), the sources they come from (push key, polled feed), the agencies our CAP documents are pushed to,
 * and the SMS recipient lists per region.
 */
import { SIGNAL_PROGRAMS, inScope } from '@civdef/domain';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useMe } from '../auth/useSession.ts';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { programLabel } from './labels.ts';
import {
  channelsApi, useCapSources, useChannelsMutation, useIncoming, useIncomingOne, useSmsLists, useSubscriptions, type CapSource, type IncomingItem, type SmsList, type Subscription,
} from './channelsApi.ts';
import SmsGatewayKeys from './SmsGatewayKeys.tsx';
import { useRegions } from './warningApi.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');
const STATUS_COLOR: Record<string, string> = { Actual: 'red', Exercise: 'blue', Test: 'cyan', System: 'default', Draft: 'default' };

export default function ChannelsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const manage = can('alerts:channels');
  // The SMS gateway is the whole city's: its keys are for city-level users only, the API's own rule.
  const me = useMe();
  const city = usePublicConfig().data?.city.code;
  const cityLevel = city !== undefined && me !== null && inScope(me.regionCode, city);
  return (
    <div className="page">
      <Typography.Title level={3}>{t('channels.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'incoming', label: t('channels.incoming.tab'), children: <IncomingTab /> },
          ...(manage ? [
            { key: 'sources', label: t('channels.sources.tab'), children: <SourcesTab /> },
            { key: 'subscriptions', label: t('channels.subscriptions.tab'), children: <SubscriptionsTab /> },
            { key: 'sms', label: t('channels.sms.tab'), children: <SmsTab /> },
            ...(cityLevel ? [{ key: 'smsKeys', label: t('channels.smsKeys.tab'), children: <SmsGatewayKeys /> }] : []),
          ] : []),
        ]}
      />
    </div>
  );
}

function RegionSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const regions = useRegions();
  const me = useMe();
  const scope = me?.regionCode ?? '';
  const prefix = scope.endsWith('00') ? scope.replace(/0+$/, '') : scope;
  const options = (regions.data?.items ?? []).filter((r) => r.code.startsWith(prefix)).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }));
  // A fixed width: an empty select would otherwise shrink to its arrow.
  return <Select showSearch optionFilterProp="label" options={options} style={{ width: 220 }} {...props} />;
}

function IncomingTab() {
  const { t } = useTranslation();
  const incoming = useIncoming();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('channels.incoming.intro')}</Typography.Paragraph>
      <Table<IncomingItem>
        rowKey="id" size="small" loading={incoming.isLoading} dataSource={incoming.data?.items ?? []} scroll={{ x: true }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('channels.incoming.receivedAt'), dataIndex: 'receivedAt', render: when },
          { title: t('channels.incoming.source'), dataIndex: 'source' },
          { title: t('channels.incoming.status'), dataIndex: 'status', render: (s: string, r) => <Space size={4}><Tag color={STATUS_COLOR[s]}>{s}</Tag><Tag>{r.msgType}</Tag></Space> },
          { title: t('channels.incoming.event'), dataIndex: 'event', render: (e: string | null, r) => <span>{e ?? '—'}{r.severity ? <Tag style={{ marginLeft: 6 }}>{r.severity}</Tag> : null}</span> },
          { title: t('channels.incoming.headline'), dataIndex: 'headline', ellipsis: true, render: (h: string | null) => h ?? '—' },
          { title: t('channels.incoming.area'), dataIndex: 'areaDesc', ellipsis: true, render: (a: string | null) => a ?? '—' },
          { title: t('channels.incoming.relayed'), dataIndex: 'relayedAlertId', render: (id: number | null, r) => (id ? <Tag color="green">{t('channels.incoming.relayedAs', { id, by: r.relayedBy })}</Tag> : '—') },
        ]}
      />
      {open !== null && <IncomingModal id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function IncomingModal({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const q = useIncomingOne(id);
  const [form] = Form.useForm<{ program: 'preliminary' | 'air_raid' }>();
  const relay = useChannelsMutation((program: 'preliminary' | 'air_raid') => channelsApi.relay(id, { program }));
  const m = q.data;
  const info = m?.infos.find((i) => i.language.toLowerCase().startsWith('zh')) ?? m?.infos[0];
  const relayable = m && m.relayedAlertId === null && ['Actual', 'Exercise', 'Test'].includes(m.status) && ['Alert', 'Update'].includes(m.msgType);
  return (
    <Modal open title={m ? `${m.sender} · ${m.identifier}` : t('channels.incoming.tab')} onCancel={onClose} footer={null} width={760}>
      {m && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('channels.incoming.status')}>{`${m.status} · ${m.msgType} · ${m.scope}`}</Descriptions.Item>
            <Descriptions.Item label={t('channels.incoming.sent')}>{m.sent}</Descriptions.Item>
            <Descriptions.Item label={t('channels.incoming.event')}>{info?.event ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('channels.incoming.severity')}>{info ? `${info.urgency} / ${info.severity} / ${info.certainty}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('channels.incoming.headline')} span={2}>{info?.headline ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('channels.incoming.description')} span={2}>{info?.description ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('channels.incoming.instruction')} span={2}>{info?.instruction ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('channels.incoming.area')} span={2}>
              {info?.areas.map((a) => `${a.areaDesc}${a.geocodes.length ? ` (${a.geocodes.map((g) => g.value).join(', ')})` : ''}`).join('；') || '—'}
            </Descriptions.Item>
          </Descriptions>
          {can('alerts:issue') && relayable && (
            <Card size="small" style={{ marginTop: 12 }} title={t('channels.incoming.relayTitle')}>
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('channels.incoming.relayHint')} />
              <Form form={form} name="relay" layout="inline" initialValues={{ program: 'preliminary' }} onFinish={(v) => relay.mutate(v.program, {
                onSuccess: (r) => { void message.success(t('channels.incoming.relayedOk', { id: r.alertId })); onClose(); },
                onError: (e) => void message.error(e.message),
              })}>
                <Form.Item name="program" label={t('channels.incoming.program')}>
                  <Select style={{ width: 180 }} options={SIGNAL_PROGRAMS.filter((p) => p.code !== 'all_clear').map((p) => ({ value: p.code, label: programLabel(p.code, i18n.language) }))} />
                </Form.Item>
                <Button type="primary" danger htmlType="submit" loading={relay.isPending}>{t('channels.incoming.relay')}</Button>
              </Form>
            </Card>
          )}
          <Typography.Paragraph style={{ marginTop: 12 }}>
            <details><summary>{t('channels.incoming.xml')}</summary><pre style={{ maxHeight: 240, overflow: 'auto', fontSize: 12 }}>{m.xml}</pre></details>
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}

function SourcesTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const sources = useCapSources(true);
  const [form] = Form.useForm<{ name: string; regionCode: string; push: boolean; feedUrl?: string; intervalS?: number }>();
  const create = useChannelsMutation(channelsApi.createSource);
  const poll = useChannelsMutation(channelsApi.pollSource);
  const toggle = useChannelsMutation((s: CapSource) => channelsApi.updateSource(s.id, { version: s.version, active: !s.active }));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('channels.sources.intro')}</Typography.Paragraph>
      <Card size="small" title={t('channels.sources.add')} style={{ marginBottom: 12 }}>
        <Form form={form} name="capSource" layout="inline" initialValues={{ push: true, intervalS: 300 }} onFinish={(v) => create.mutate({ ...v, feedUrl: v.feedUrl || null }, {
          onSuccess: (r) => {
            form.resetFields();
            if (r.apiKey) modal.info({ title: t('channels.sources.keyTitle'), content: <><p>{t('channels.sources.keyOnce')}</p><Typography.Text code copyable>{r.apiKey}</Typography.Text></>, width: 640 });
            else void message.success(t('channels.saved'));
          },
          onError: (e) => void message.error(e.message),
        })}>
          <Form.Item name="name" label={t('channels.name')} rules={[{ required: true, message: t('channels.required') }]}><Input style={{ width: 160 }} /></Form.Item>
          <Form.Item name="regionCode" label={t('channels.region')} rules={[{ required: true, message: t('channels.required') }]}><RegionSelect /></Form.Item>
          <Form.Item name="push" label={t('channels.sources.push')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="feedUrl" label={t('channels.sources.feedUrl')}><Input style={{ width: 260 }} placeholder="https://…/alerts.atom" /></Form.Item>
          <Form.Item name="intervalS" label={t('channels.sources.interval')}><InputNumber min={30} max={86400} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('channels.add')}</Button>
        </Form>
      </Card>
      <Table<CapSource>
        rowKey="id" size="small" loading={sources.isLoading} dataSource={sources.data?.items ?? []} pagination={false} scroll={{ x: true }}
        columns={[
          { title: t('channels.name'), dataIndex: 'name' },
          { title: t('channels.region'), dataIndex: 'regionCode' },
          { title: t('channels.sources.push'), dataIndex: 'push', render: (p: boolean) => (p ? t('channels.yes') : t('channels.no')) },
          { title: t('channels.sources.feedUrl'), dataIndex: 'feedUrl', ellipsis: true, render: (u: string | null, s) => (u ? `${u} (${s.intervalS}s)` : '—') },
          { title: t('channels.sources.counts'), render: (_: unknown, s) => t('channels.sources.countsValue', { received: s.received, refused: s.refused }) },
          { title: t('channels.sources.lastError'), dataIndex: 'lastError', ellipsis: true, render: (e: string | null) => e ?? '—' },
          { title: t('channels.active'), dataIndex: 'active', render: (a: boolean, s) => <Switch size="small" checked={a} loading={toggle.isPending} onChange={() => toggle.mutate(s)} /> },
          {
            title: '', render: (_: unknown, s) => s.feedUrl && (
              <Button size="small" loading={poll.isPending} onClick={() => poll.mutate(s.id, {
                onSuccess: (r) => void message.info(t('channels.sources.polled', { documents: r.documents, stored: r.stored, refused: r.refused.length, error: r.error ?? '' })),
                onError: (e) => void message.error(e.message),
              })}>{t('channels.sources.poll')}</Button>
            ),
          },
        ]}
      />
    </>
  );
}

function SubscriptionsTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const subs = useSubscriptions(true);
  const [form] = Form.useForm<{ name: string; url: string; regionCode: string }>();
  const create = useChannelsMutation(channelsApi.createSubscription);
  const toggle = useChannelsMutation((s: Subscription) => channelsApi.updateSubscription(s.id, { version: s.version, active: !s.active }));
  const rotate = useChannelsMutation((s: Subscription) => channelsApi.rotateKey(s.id, { version: s.version, graceHours: 72 }));
  // The new key is shown once, with its id: the agency stores it under that id (docs/protocols/cap-push.md).
  const askRotate = (s: Subscription) => modal.confirm({
    title: t('channels.subscriptions.rotateTitle', { name: s.name }), content: t('channels.subscriptions.rotateText'), okText: t('channels.subscriptions.rotate'),
    onOk: () => rotate.mutateAsync(s).then((r) => {
      modal.info({ title: t('channels.subscriptions.keyTitle'), content: <><p>{t('channels.subscriptions.keyOnce')}</p><p>{t('channels.subscriptions.keyId', { id: r.keyId })}</p><Typography.Text code copyable>{r.key}</Typography.Text></>, width: 680 });
    }, (e: Error) => void message.error(e.message)),
  });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('channels.subscriptions.intro')}</Typography.Paragraph>
      <Card size="small" title={t('channels.subscriptions.add')} style={{ marginBottom: 12 }}>
        <Form form={form} name="subscription" layout="inline" onFinish={(v) => create.mutate(v, {
          onSuccess: (r) => {
            form.resetFields();
            modal.info({ title: t('channels.subscriptions.keyTitle'), content: <><p>{t('channels.subscriptions.keyOnce')}</p><Typography.Text code copyable>{r.key}</Typography.Text></>, width: 680 });
          },
          onError: (e) => void message.error(e.message),
        })}>
          <Form.Item name="name" label={t('channels.name')} rules={[{ required: true, message: t('channels.required') }]}><Input style={{ width: 160 }} /></Form.Item>
          <Form.Item name="url" label={t('channels.subscriptions.url')} rules={[{ required: true, message: t('channels.required') }]}><Input style={{ width: 280 }} placeholder="https://…/cap" /></Form.Item>
          <Form.Item name="regionCode" label={t('channels.region')} rules={[{ required: true, message: t('channels.required') }]}><RegionSelect /></Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('channels.add')}</Button>
        </Form>
      </Card>
      <Table<Subscription>
        rowKey="id" size="small" loading={subs.isLoading} dataSource={subs.data?.items ?? []} pagination={false} scroll={{ x: true }}
        columns={[
          { title: t('channels.name'), dataIndex: 'name', render: (n: string, s) => <>{n}{s.importedFrom ? <Tag style={{ marginInlineStart: 6 }}>{t('channels.subscriptions.imported')}</Tag> : null}</> },
          { title: t('channels.subscriptions.url'), dataIndex: 'url', ellipsis: true },
          {
            title: t('channels.subscriptions.keys'), dataIndex: 'keys',
            render: (keys: Subscription['keys'], s) => (
              <Space size={4} wrap>
                {keys.map((k) => (
                  <Tag key={k.id} color={k.retiresAt ? 'default' : 'green'}>
                    {k.retiresAt ? t('channels.subscriptions.keyRetiring', { id: k.id, at: when(k.retiresAt) }) : t('channels.subscriptions.keyCurrent', { id: k.id })}
                  </Tag>
                ))}
                <Button size="small" onClick={() => askRotate(s)} data-testid={`rotate-key-${s.id}`}>{t('channels.subscriptions.rotate')}</Button>
              </Space>
            ),
          },
          { title: t('channels.region'), dataIndex: 'regionCode' },
          { title: t('channels.createdAt'), dataIndex: 'createdAt', render: when },
          { title: t('channels.active'), dataIndex: 'active', render: (a: boolean, s) => <Switch size="small" checked={a} loading={toggle.isPending} onChange={() => toggle.mutate(s)} /> },
        ]}
      />
    </>
  );
}

function SmsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const lists = useSmsLists(true);
  const [form] = Form.useForm<{ name: string; regionCode: string; phones: string }>();
  const create = useChannelsMutation(channelsApi.createSmsList);
  const toggle = useChannelsMutation((l: SmsList) => channelsApi.updateSmsList(l.id, { version: l.version, active: !l.active }));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('channels.sms.intro')}</Typography.Paragraph>
      <Card size="small" title={t('channels.sms.add')} style={{ marginBottom: 12 }}>
        <Form form={form} name="smsList" layout="vertical" onFinish={(v) => create.mutate({ name: v.name, regionCode: v.regionCode, phones: v.phones.split(/[\s,，;；]+/).filter(Boolean) }, {
          onSuccess: () => { form.resetFields(); void message.success(t('channels.saved')); },
          onError: (e) => void message.error(e.message),
        })}>
          <Space wrap align="start">
            <Form.Item name="name" label={t('channels.name')} rules={[{ required: true, message: t('channels.required') }]}><Input style={{ width: 200 }} /></Form.Item>
            <Form.Item name="regionCode" label={t('channels.region')} rules={[{ required: true, message: t('channels.required') }]}><RegionSelect /></Form.Item>
          </Space>
          <Form.Item name="phones" label={t('channels.sms.phones')} rules={[{ required: true, message: t('channels.required') }]}>
            <Input.TextArea rows={3} placeholder={t('channels.sms.phonesHint')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('channels.add')}</Button>
        </Form>
      </Card>
      <Table<SmsList>
        rowKey="id" size="small" loading={lists.isLoading} dataSource={lists.data?.items ?? []} pagination={false}
        columns={[
          { title: t('channels.name'), dataIndex: 'name' },
          { title: t('channels.region'), dataIndex: 'regionCode' },
          { title: t('channels.sms.count'), dataIndex: 'phoneCount' },
          { title: t('channels.active'), dataIndex: 'active', render: (a: boolean, l) => <Switch size="small" checked={a} loading={toggle.isPending} onChange={() => toggle.mutate(l)} /> },
        ]}
      />
    </>
  );
}
