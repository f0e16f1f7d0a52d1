import { CheckCircleOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { AuditQuery } from '../../api/endpoints.ts';
import type { AuditEntry, AuditVerifyResult } from '../../api/types.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { Page } from '../../layout/Page.tsx';
import { formatTime, fromOfficeWallTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import { fieldChanges, showValue } from './auditDiff.ts';
import { useAuditLog, useVerifyAudit } from './useAudit.ts';
import './audit.css';

interface Filters {
  action?: string;
  actor?: string;
  outcome?: 'success' | 'failure';
  range?: [Dayjs | null, Dayjs | null] | null;
}

const KNOWN_ACTIONS = Object.keys(zhCN.audit.actions);

function toQuery(f: Filters): Omit<AuditQuery, 'page' | 'pageSize'> {
  return {
    action: f.action?.trim() || undefined,
    actor: f.actor?.trim() || undefined,
    outcome: f.outcome,
    // The range is picked in Beijing time, as the trail is shown.
    from: f.range?.[0] ? fromOfficeWallTime(f.range[0]) : undefined,
    to: f.range?.[1] ? fromOfficeWallTime(f.range[1]) : undefined,
  };
}

function Json({ value }: { value: unknown }) {
  return <pre className="audit-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** A field's label in the console's language: a works or user field where one is known, else its name. */
function useFieldLabel() {
  const { t, i18n } = useTranslation();
  return (field: string) => {
    for (const key of [`auditView.fields.${field}`, `works.field.${field}`]) if (i18n.exists(key)) return t(key);
    return field;
  };
}

/** The record's changes as a list: each changed field with its label, before → after. */
function Changes({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const changes = fieldChanges(entry.before, entry.after);
  if (!changes.length) return <Typography.Paragraph type="secondary">{t('audit.noDetail')}</Typography.Paragraph>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={changes}
      data-testid="audit-changes"
      columns={[
        { title: t('auditView.field'), dataIndex: 'field', width: 200, render: (f: string) => label(f) },
        ...(entry.before ? [{ title: t('audit.before'), dataIndex: 'before', render: (v: unknown) => <span className="audit-before">{showValue(v)}</span> }] : []),
        { title: entry.before ? t('audit.after') : t('auditView.value'), dataIndex: 'after', render: (v: unknown) => <span className="audit-after">{showValue(v)}</span> },
      ]}
    />
  );
}

/** 审计日志: who did what to which record, when and from where, in words; the hash chain can be verified from here. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Omit<AuditQuery, 'page' | 'pageSize'>>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const log = useAuditLog({ ...filters, page, pageSize });
  const verify = useVerifyAudit();
  const [verified, setVerified] = useState<AuditVerifyResult | null>(null);

  const actionLabel = (a: string) => (i18n.exists(`audit.actions.${a}`) ? t(`audit.actions.${a}`) : a);

  const runVerify = () =>
    verify.mutate(undefined, {
      onSuccess: (r) => setVerified(r),
      onError: (err) => message.error(err instanceof ApiError ? err.message : t('common.unknownError')),
    });

  const entityLabel = (e: AuditEntry) => {
    if (!e.entityType) return '';
    const type = i18n.exists(`audit.entityTypes.${e.entityType}`) ? t(`audit.entityTypes.${e.entityType}`) : e.entityType;
    if (e.entityName) return `${type}「${e.entityName}」${e.entityCode ? `（${e.entityCode}）` : ''}`;
    return `${type}${e.entityId ? ` #${e.entityId}` : ''}`;
  };
  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 160, render: (v: string) => formatTime(v) },
    {
      title: t('auditView.record'),
      key: 'record',
      render: (_v, e) => (
        <span data-testid="audit-record">
          {t('auditView.sentence', {
            who: e.actorName && e.actorName !== e.actor ? `${e.actorName}（${e.actor}）` : (e.actor ?? t('auditView.system')),
            what: actionLabel(e.action),
            entity: entityLabel(e),
          })}
        </span>
      ),
    },
    { title: t('audit.region'), dataIndex: 'regionCode', width: 130, render: (v: string | null, e) => e.regionName ?? v ?? '—' },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (o: AuditEntry['outcome']) => <Tag color={o === 'success' ? 'success' : 'error'}>{t(`audit.${o}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Page
      title={t('audit.title')}
      extra={
        can('audit:verify') && (
          <Button icon={<SafetyCertificateOutlined />} onClick={runVerify} loading={verify.isPending} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
        )
      }
    >
      {verified && (
        <Alert
          type={verified.ok ? 'success' : 'error'}
          showIcon
          icon={verified.ok ? <CheckCircleOutlined /> : undefined}
          closable={{ onClose: () => setVerified(null) }}
          title={
            verified.ok
              ? t('audit.verifyOk', { checked: verified.checked })
              : t('audit.verifyBad', { checked: verified.checked, firstBadId: verified.firstBadId ?? '?', reason: verified.reason ?? '' })
          }
          style={{ marginBottom: 16 }}
          data-testid="audit-verify-result"
        />
      )}
      <Form<Filters>
        name="auditFilters"
        form={form}
        layout="vertical"
        onFinish={(f) => {
          setFilters(toQuery(f));
          setPage(1);
        }}
        className="audit-filters"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={5}>
            <Form.Item name="action" label={t('audit.action')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('auditView.actionPlaceholder')}
                options={KNOWN_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
                data-testid="audit-filter-action"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="actor" label={t('audit.actor')}>
              <Input allowClear placeholder={t('audit.actorPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="outcome" label={t('audit.outcome')}>
              <Select
                allowClear
                placeholder={t('audit.all')}
                options={[
                  { value: 'success', label: t('audit.success') },
                  { value: 'failure', label: t('audit.failure') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={7}>
            <Form.Item name="range" label={t('audit.timeRange')}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={4}>
            <Form.Item label=" ">
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                  {t('common.search')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    setFilters({});
                    setPage(1);
                  }}
                >
                  {t('common.reset')}
                </Button>
                <Button icon={<ReloadOutlined />} onClick={() => void log.refetch()} aria-label={t('common.refresh')} />
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        columns={columns}
        dataSource={log.data?.items ?? []}
        loading={log.isFetching}
        size="middle"
        data-testid="audit-table"
        locale={log.isError ? { emptyText: <Typography.Text type="danger">{log.error.message}</Typography.Text> } : undefined}
        expandable={{
          rowExpandable: (e) => e.before !== null || e.after !== null,
          expandedRowRender: (e) => (
            <div className="audit-detail">
              <Changes entry={e} />
              {/* The row as stored (and hashed), for whoever must check it to the letter. */}
              <details className="audit-raw">
                <summary>{t('auditView.raw')}</summary>
                <Row gutter={16}>
                  <Col span={12}>
                    <Typography.Text strong>{t('audit.before')}</Typography.Text>
                    {e.before ? <Json value={e.before} /> : <Typography.Paragraph type="secondary">{t('audit.noDetail')}</Typography.Paragraph>}
                  </Col>
                  <Col span={12}>
                    <Typography.Text strong>{t('audit.after')}</Typography.Text>
                    {e.after ? <Json value={e.after} /> : <Typography.Paragraph type="secondary">{t('audit.noDetail')}</Typography.Paragraph>}
                  </Col>
                </Row>
              </details>
            </div>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: log.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (p, ps) => {
            setPage(ps !== pageSize ? 1 : p);
            setPageSize(ps);
          },
        }}
      />
    </Page>
  );
}
