/**
 * 短信网关密钥: the ids of the keys the SMS gateway's requests are signed with (current, and replaced ones still signing
 * in their grace period, each with when it last signed one), a rotation with a chosen grace period whose new key is shown this once, and "retire now"
 * for a replaced key. Never a key otherwise: the API answers ids and times only (docs/protocols/sms-gateway.md).
 */
import { Alert, App, Button, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelsApi, useChannelsMutation, useSmsGateway, type SmsGateway } from './channelsApi.ts';

type Key = SmsGateway['keys'][number];
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
/** The grace periods offered (hours); the API takes 0–720, 72 by default. */
const GRACE_HOURS = [0, 24, 72, 168, 720] as const;
const HEX_KEY = /^[0-9a-f]{64}$/;

export default function SmsGatewayKeys() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const gateway = useSmsGateway(true);
  const [rotating, setRotating] = useState(false);
  const [shown, setShown] = useState<{ id: number; key: string } | null>(null);
  const retire = useChannelsMutation(channelsApi.retireSmsKey);
  const g = gateway.data;
  const current = g?.keys.find((k) => k.retiresAt === null) ?? null;

  const askRetire = (k: Key) => modal.confirm({
    title: t('channels.smsKeys.retireTitle', { id: k.id }), content: t('channels.smsKeys.retireText'),
    okText: t('channels.smsKeys.retire'), okButtonProps: { danger: true },
    onOk: () => retire.mutateAsync(k.id).then(
      () => void message.success(t('channels.smsKeys.retired', { id: k.id })),
      (e: Error) => void message.error(e.message),
    ),
  });

  return (
    <div data-testid="sms-gateway-keys">
      <Typography.Paragraph type="secondary">{t('channels.smsKeys.intro')}</Typography.Paragraph>
      {gateway.error && <Alert type="error" showIcon title={gateway.error.message} style={{ marginBottom: 12 }} />}
      {g && !g.configured && <Alert type="warning" showIcon title={t('channels.smsKeys.notConfigured')} style={{ marginBottom: 12 }} />}
      {g?.configured && (
        <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
          <Descriptions size="small" column={1} items={[{ key: 'url', label: t('channels.smsKeys.url'), children: <Typography.Text code>{g.url}</Typography.Text> }]} />
          <Button type="primary" disabled={!current} onClick={() => setRotating(true)} data-testid="sms-key-rotate">{t('channels.smsKeys.rotate')}</Button>
        </Space>
      )}
      <Table<Key>
        rowKey="id" size="small" loading={gateway.isLoading} dataSource={g?.keys ?? []} pagination={false}
        columns={[
          { title: t('channels.smsKeys.id'), dataIndex: 'id', render: (id: number) => `#${id}` },
          { title: t('channels.smsKeys.state'), dataIndex: 'retiresAt', render: (at: string | null) => (at === null
            ? <Tag color="green">{t('channels.smsKeys.current')}</Tag>
            : (
              <Space size={4} wrap>
                <Tag color="orange">{t('channels.smsKeys.retiring', { at: when(at) })}</Tag>
                <Typography.Text type="secondary">{t('channels.smsKeys.hoursLeft', { hours: Math.max(0, Math.ceil((Date.parse(at) - Date.now()) / 3_600_000)) })}</Typography.Text>
              </Space>
            )) },
          { title: t('channels.smsKeys.createdAt'), dataIndex: 'createdAt', render: when },
          // Whether a replaced key still signs requests tells the officer what "retire now" would cut off.
          { title: t('channels.smsKeys.lastSigned'), dataIndex: 'lastSignedAt', render: (at: string | null) => (at ? when(at) : <Typography.Text type="secondary">{t('channels.smsKeys.neverSigned')}</Typography.Text>) },
          { title: t('channels.smsKeys.source'), dataIndex: 'source', render: (s: Key['source']) => t(`channels.smsKeys.sources.${s}`) },
          {
            title: '', key: 'actions', render: (_: unknown, k) => k.retiresAt !== null && (
              <Button size="small" danger onClick={() => askRetire(k)} data-testid={`sms-key-retire-${k.id}`}>{t('channels.smsKeys.retire')}</Button>
            ),
          },
        ]}
      />
      {rotating && current && (
        <RotateModal currentId={current.id} onClose={() => setRotating(false)} onRotated={(r) => { setRotating(false); setShown(r); }} />
      )}
      {shown && (
        // Not closable by the mask or Esc: the key is gone once this closes, so closing is a deliberate click.
        <Modal
          open title={t('channels.smsKeys.newKeyTitle', { id: shown.id })} width={720} closable={false} mask={{ closable: false }} keyboard={false}
          footer={<Button type="primary" onClick={() => setShown(null)}>{t('channels.smsKeys.copied')}</Button>}
        >
          <Alert type="warning" showIcon title={t('channels.smsKeys.onceWarning')} style={{ marginBottom: 12 }} />
          <p>{t('channels.subscriptions.keyId', { id: shown.id })}</p>
          <Typography.Text code copyable data-testid="sms-new-key">{shown.key}</Typography.Text>
        </Modal>
      )}
    </div>
  );
}

function RotateModal({ currentId, onClose, onRotated }: { currentId: number; onClose: () => void; onRotated: (r: { id: number; key: string }) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ graceHours: number; key?: string }>();
  const rotate = useChannelsMutation(channelsApi.rotateSmsKey);
  const submit = (v: { graceHours: number; key?: string }) => rotate.mutate(
    // The current key's id as shown: a rotation someone made meanwhile is refused (409), not doubled.
    { currentKeyId: currentId, graceHours: v.graceHours, ...(v.key ? { key: v.key.trim().toLowerCase() } : {}) },
    { onSuccess: (r) => onRotated({ id: r.keyId, key: r.key }), onError: (e) => void message.error(e.message) },
  );
  return (
    <Modal
      open title={t('channels.smsKeys.rotateTitle')} onCancel={onClose} okText={t('channels.smsKeys.rotate')} okButtonProps={{ danger: true, loading: rotate.isPending }}
      onOk={() => form.submit()} width={620}
    >
      <Typography.Paragraph>{t('channels.smsKeys.rotateText', { id: currentId })}</Typography.Paragraph>
      <Form form={form} name="smsRotate" layout="vertical" initialValues={{ graceHours: 72 }} onFinish={submit}>
        <Form.Item name="graceHours" label={t('channels.smsKeys.grace')}>
          <Select options={GRACE_HOURS.map((h) => ({ value: h, label: t(`channels.smsKeys.graceOptions.h${h}`) }))} />
        </Form.Item>
        <Form.Item
          name="key" label={t('channels.smsKeys.ownKey')}
          rules={[{ validator: (_, v?: string) => (!v || HEX_KEY.test(v.trim().toLowerCase()) ? Promise.resolve() : Promise.reject(new Error(t('channels.smsKeys.ownKeyRule')))) }]}
        >
          <Input.Password placeholder={t('channels.smsKeys.ownKeyHint')} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
