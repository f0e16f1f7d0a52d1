/** The other channels of an alert on its live view: each agency push and SMS, its state, attempts, last error and times. */
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChannelDeliveries, type ChannelDelivery } from './channelsApi.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');
const COLOR: Record<string, string> = { delivered: 'green', failed: 'red', pending: 'processing' };

export function ChannelDeliveries({ alertId }: { alertId: number }) {
  const { t } = useTranslation();
  const q = useChannelDeliveries(alertId);
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Table<ChannelDelivery>
      rowKey="id" size="small" pagination={false} style={{ marginTop: 12 }} title={() => t('channels.deliveries.title')} dataSource={items} scroll={{ x: true }}
      columns={[
        { title: t('channels.deliveries.channel'), dataIndex: 'channel', render: (c: string) => t(`channels.deliveries.kind.${c}`) },
        { title: t('channels.deliveries.target'), dataIndex: 'target' },
        { title: t('channels.deliveries.message'), dataIndex: 'identifier' },
        { title: t('channels.deliveries.state'), dataIndex: 'state', render: (s: string) => <Tag color={COLOR[s]}>{t(`channels.deliveries.states.${s}`)}</Tag> },
        { title: t('channels.deliveries.attempts'), dataIndex: 'attempts' },
        { title: t('channels.deliveries.lastError'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
        { title: t('channels.deliveries.updatedAt'), dataIndex: 'updatedAt', render: (v: string, d) => (d.deliveredAt ? when(d.deliveredAt) : when(v)) },
        { title: t('channels.deliveries.nextAt'), dataIndex: 'nextAt', render: when },
      ]}
    />
  );
}
