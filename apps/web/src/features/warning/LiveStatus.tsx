/** One command's per-siren answers, live: counts per delivery state and a table; used by alerts and test days. */
import { Badge, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DELIVERY_COLOR, programLabel } from './labels.ts';
import { useCommand } from './warningApi.ts';

/** Each siren's answer to one command, with counts per state; polled until nothing is still owed. */
export function LiveStatus({ commandId }: { commandId: string }) {
  const { t, i18n } = useTranslation();
  const cmd = useCommand(commandId);
  const c = cmd.data;
  if (!c) return null;
  return (
    <div style={{ marginTop: 12 }} data-testid="live-status">
      <Typography.Text strong>{`${t('warning.alerts.live')} · ${programLabel(c.program ?? '', i18n.language)}`}</Typography.Text>
      <Space wrap style={{ margin: '8px 0', display: 'flex' }}>
        {Object.entries(c.counts).map(([state, n]) => (
          <Badge key={state} count={n} showZero color={DELIVERY_COLOR[state] === 'red' ? '#f5222d' : DELIVERY_COLOR[state] === 'green' ? '#52c41a' : '#1677ff'} overflowCount={99999}>
            <Tag style={{ marginRight: 8 }}>{t(`warning.alerts.delivery.${state}`)}</Tag>
          </Badge>
        ))}
      </Space>
      <Table
        rowKey="sirenId" size="small" pagination={{ pageSize: 10 }} dataSource={c.deliveries}
        columns={[
          { title: t('warning.sirens.code'), dataIndex: 'sirenCode' },
          { title: t('warning.sirens.name'), dataIndex: 'sirenName', ellipsis: true },
          { title: t('warning.sirens.status'), dataIndex: 'state', render: (s: string) => <Tag color={DELIVERY_COLOR[s]}>{t(`warning.alerts.delivery.${s}`)}</Tag> },
          { title: '↻', dataIndex: 'attempts', width: 50 },
          { title: t('warning.sirens.reason'), dataIndex: 'reason', ellipsis: true },
        ]}
      />
    </div>
  );
}
