/**
 * 监管执法: the enterprise register and the 双随机一公开 inspection tasks (create → commit → draw → publish, with
 * the drawn list). The draw itself happens on the server; the page shows the commitment before the draw and the
 * seed after it, so what a citizen re-runs with scripts/verify-draw.mjs is what the officer saw.
 */
import { ENTERPRISE_KINDS, INSPECTION_ITEMS, INSPECTION_ITEM_CODES, INSPECTION_OUTCOMES, SIREN_KINDS, isValidUscc, type InspectionItem } from '@civdef/domain';
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Form, Image, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Tooltip, Typography, Upload } from 'antd';
import { PlainList } from '../../lib/PlainList';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan, useMe } from '../auth/useSession.ts';
import { ApprovalsTab } from './ApprovalsTab.tsx';
import { CalendarTab } from './CalendarTab.tsx';
import { CasesTab } from './CasesTab.tsx';
import { EnterpriseDrawer } from './EnterpriseDrawer.tsx';
import { FeesTab } from './FeesTab.tsx';
import { FundTab } from './FundTab.tsx';
import {
  photoUrl, useAddResultPhoto, useCreateEnterprise, useCreateTask, useEnterprises, useOfficers, useRecordResult, useRedraw, useResultPhotos, useTask, useTaskStep, useTasks,
  type EnterpriseInput, type InspectionDetail, type ResultInput, type TaskInput,
} from './regulationApi.ts';

/** A 64-digit hash in a code span wraps instead of running past the card's edge. */
const HASH_STYLE = { wordBreak: 'break-all', whiteSpace: 'normal' } as const;

const STATUS_COLORS: Record<string, string> = { draft: 'default', committed: 'blue', drawn: 'orange', published: 'green' };

function useErrorMessage() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
}

function EnterprisesTab() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const [form] = Form.useForm<EnterpriseInput>();
  const list = useEnterprises({ page, pageSize: 20, ...(q ? { q } : {}) });
  const create = useCreateEnterprise();

  const submit = (values: EnterpriseInput) => create.mutate(
    { ...values, contactName: values.contactName || null, contactPhone: values.contactPhone || null },
    { onSuccess: (e) => { message.success(t('regulation.enterprise.created', { name: e.name })); setOpen(false); form.resetFields(); }, onError },
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search allowClear placeholder={t('regulation.enterprise.search')} onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ width: 280 }} />
        {can('enforcement:write') && <Button type="primary" onClick={() => setOpen(true)}>{t('regulation.enterprise.create')}</Button>}
      </Space>
      <Table
        rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(e) => ({ onClick: () => setShown(e.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('regulation.enterprise.name'), dataIndex: 'name', render: (v: string, e) => <>{v} {e.synthetic && <Tag color="orange">{t('regulation.enterprise.synthetic')}</Tag>}</> },
          { title: t('regulation.enterprise.uscc'), dataIndex: 'uscc', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('regulation.enterprise.kind'), dataIndex: 'kind', render: (k: string) => t(`regulation.kinds.${k}`) },
          { title: t('regulation.enterprise.region'), dataIndex: 'regionCode' },
          { title: t('regulation.enterprise.contact'), dataIndex: 'contactName' },
          { title: t('regulation.enterprise.phone'), dataIndex: 'contactPhoneMasked' },
        ]}
      />
      <Modal open={open} title={t('regulation.enterprise.create')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'user_unit', regionCode: me.regionCode }}>
          <Form.Item name="uscc" label={t('regulation.enterprise.uscc')} normalize={(v: string) => v.toUpperCase().trim()}
            rules={[{ required: true }, { validator: async (_, v: string) => { if (v && !isValidUscc(v)) throw new Error(t('regulation.enterprise.usccInvalid')); } }]}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="name" label={t('regulation.enterprise.name')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="kind" label={t('regulation.enterprise.kind')} rules={[{ required: true }]}>
            <Select options={ENTERPRISE_KINDS.map((k) => ({ value: k, label: t(`regulation.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('regulation.enterprise.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}><Input /></Form.Item>
          <Form.Item name="contactName" label={t('regulation.enterprise.contact')}><Input maxLength={50} /></Form.Item>
          <Form.Item name="contactPhone" label={t('regulation.enterprise.phone')}><Input maxLength={20} /></Form.Item>
        </Form>
      </Modal>
      <EnterpriseDrawer id={shown} onClose={() => setShown(null)} />
    </Space>
  );
}

function OfficersTab() {
  const { t } = useTranslation();
  const officers = useOfficers();
  return (
    <Table
      rowKey="id" size="middle" loading={officers.isLoading} dataSource={officers.data?.items ?? []} pagination={{ pageSize: 20, showSizeChanger: false }}
      columns={[
        { title: t('regulation.more.name'), dataIndex: 'name', render: (v: string, o) => <>{v} {o.synthetic && <Tag color="orange">{t('regulation.enterprise.synthetic')}</Tag>}</> },
        { title: t('regulation.more.certNo'), dataIndex: 'certNo', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('regulation.more.certExpiresOn'), dataIndex: 'certExpiresOn' },
        { title: '', dataIndex: 'certValid', render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{t(ok ? 'regulation.more.certValid' : 'regulation.more.certExpired')}</Tag> },
        { title: t('regulation.more.region'), dataIndex: 'regionCode' },
      ]}
    />
  );
}

/** The photos of one target's result as thumbnails (SM3 on hover), and for a writer an upload of one more. */
function ResultPhotos({ taskId, targetKey }: { taskId: number; targetKey: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const photos = useResultPhotos(taskId, targetKey);
  const add = useAddResultPhoto(taskId, targetKey);
  const items = photos.data?.items ?? [];
  return (
    <Space wrap size={4} data-testid={`result-photos-${targetKey}`}>
      <Image.PreviewGroup>
        {items.map((p) => (
          <Tooltip key={p.id} title={<>{p.fileName}<br />SM3 {p.sm3}</>}>
            <Image src={photoUrl(p.id)} width={48} height={48} style={{ objectFit: 'cover' }} alt={p.fileName} data-testid="result-photo" />
          </Tooltip>
        ))}
      </Image.PreviewGroup>
      {items.length === 0 && !photos.isLoading && <Typography.Text type="secondary">{t('regulation.more.noPhotos')}</Typography.Text>}
      {can('enforcement:write') && (
        <Tooltip title={t('regulation.more.photoHint')}>
          <Upload
            accept="image/jpeg,image/png,image/webp" showUploadList={false}
            beforeUpload={(file) => {
              add.mutate(file, { onSuccess: () => message.success(t('regulation.more.photoAdded', { fileName: file.name })), onError });
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={add.isPending} data-testid="result-photo-upload">{t('regulation.more.addPhoto')}</Button>
          </Upload>
        </Tooltip>
      )}
    </Space>
  );
}

/** Results per drawn target: the table, and for a writer the form recording one (by the target's key). */
function ResultsBlock({ detail, names }: { detail: InspectionDetail; names: Map<string, string> }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const record = useRecordResult(detail.id);
  const [form] = Form.useForm<ResultInput>();
  const submit = (v: ResultInput) => record.mutate({ ...v, rectification: v.rectification || null }, {
    onSuccess: () => { message.success(t('regulation.more.resultSaved')); form.resetFields(); }, onError,
  });
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('regulation.more.results')}</Typography.Title>
      <Table
        rowKey="targetKey" size="small" pagination={false} dataSource={detail.results} locale={{ emptyText: t('regulation.more.noResults') }} data-testid="draw-results"
        columns={[
          { title: t('regulation.task.target'), dataIndex: 'targetKey', render: (k: string) => names.get(k) ?? k },
          { title: t('regulation.more.outcome'), dataIndex: 'outcome', render: (o: string) => t(`regulation.more.outcomes.${o}`) },
          { title: t('regulation.more.findings'), dataIndex: 'findings' },
          { title: t('regulation.more.rectification'), dataIndex: 'rectification' },
          { title: t('regulation.more.photos'), dataIndex: 'targetKey', key: 'photos', render: (k: string) => <ResultPhotos taskId={detail.id} targetKey={k} /> },
        ]}
      />
      {can('enforcement:write') && (
        <Form form={form} name="inspection-result" layout="vertical" onFinish={submit} style={{ marginTop: 12 }} initialValues={{ outcome: 'compliant' }}>
          <Typography.Text strong>{t('regulation.more.recordResult')}</Typography.Text>
          <Row gutter={8}>
            <Col xs={24} md={12}>
              <Form.Item name="targetKey" label={t('regulation.task.target')} rules={[{ required: true }]}>
                <Select options={(detail.result?.targets ?? []).map((k) => ({ value: k, label: `${names.get(k) ?? ''}（${k}）` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="outcome" label={t('regulation.more.outcome')} rules={[{ required: true }]}>
                <Select options={INSPECTION_OUTCOMES.map((o) => ({ value: o, label: t(`regulation.more.outcomes.${o}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="findings" label={t('regulation.more.findings')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name="rectification" label={t('regulation.more.rectification')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Button htmlType="submit" loading={record.isPending}>{t('regulation.more.recordResult')}</Button>
        </Form>
      )}
    </>
  );
}

function TaskDetailCard({ detail, onRedrawn }: { detail: InspectionDetail; onRedrawn: (id: number) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const step = useTaskStep();
  const redraw = useRedraw();
  const onError = useErrorMessage();
  const [beaconOpen, setBeaconOpen] = useState(false);
  const [redrawOpen, setRedrawOpen] = useState(false);
  const [beaconForm] = Form.useForm<{ beacon: string }>();
  const [redrawForm] = Form.useForm<{ reason: string }>();
  const names = new Map([...detail.targetNames, ...detail.inspectorNames].map((n) => [n.key, n.name]));
  const parties = new Map(detail.targetNames.map((n) => [n.key, n.party]));
  const run = (s: 'commit' | 'draw' | 'publish', beacon?: string) => step.mutate({ id: detail.id, step: s, beacon }, { onError, onSuccess: () => setBeaconOpen(false) });
  const writer = can('enforcement:write');

  return (
    <Card
      title={<Space>{detail.title}<Tag color={STATUS_COLORS[detail.status]}>{t(`regulation.statuses.${detail.status}`)}</Tag></Space>}
      extra={writer && (
        <Space>
          {detail.status === 'draft' && <Button type="primary" loading={step.isPending} onClick={() => run('commit')}>{t('regulation.task.commit')}</Button>}
          {detail.status === 'committed' && !detail.beaconSource && (
            <Popconfirm title={t('regulation.task.drawOnce')} onConfirm={() => run('draw')}>
              <Button type="primary" danger loading={step.isPending}>{t('regulation.task.draw')}</Button>
            </Popconfirm>
          )}
          {detail.status === 'committed' && detail.beaconSource && (
            <Button type="primary" danger loading={step.isPending} onClick={() => setBeaconOpen(true)}>{t('regulation.task.draw')}</Button>
          )}
          {detail.status === 'drawn' && <Button type="primary" loading={step.isPending} onClick={() => run('publish')}>{t('regulation.task.publish')}</Button>}
          {(detail.status === 'drawn' || detail.status === 'published') && detail.redrawnBy === null && (
            <Button onClick={() => setRedrawOpen(true)}>{t('regulation.more.redraw')}</Button>
          )}
        </Space>
      )}
    >
      {/* Hashes are long unbroken hex: let them wrap instead of pushing the card wider than the screen. */}
      <Descriptions column={1} size="small" bordered styles={{ content: { wordBreak: 'break-all' } }}>
        <Descriptions.Item label={t('regulation.task.item')}>{t(`regulation.items.${detail.item}`)} · {t(`regulation.more.sources.${detail.source}`)}</Descriptions.Item>
        {detail.redrawOf !== null && <Descriptions.Item label={t('regulation.more.redraw')}>{t('regulation.more.redrawOf', { id: detail.redrawOf, reason: detail.redrawReason })}</Descriptions.Item>}
        {detail.redrawnBy !== null && <Descriptions.Item label={t('regulation.more.redraw')}><Tag color="purple">{t('regulation.more.redrawnBy', { id: detail.redrawnBy })}</Tag></Descriptions.Item>}
        {detail.beaconSource && <Descriptions.Item label={t('regulation.more.beaconSource')}>{detail.beaconSource}{detail.beacon && <> = <Typography.Text code data-testid="draw-beacon">{detail.beacon}</Typography.Text></>}</Descriptions.Item>}
        <Descriptions.Item label={t('regulation.task.region')}>{detail.regionCode}</Descriptions.Item>
        <Descriptions.Item label={t('regulation.task.counts')}>{t('regulation.task.countLine', { targets: detail.targetCount, inspectors: detail.inspectorsPerTarget })}</Descriptions.Item>
        {detail.pool && <Descriptions.Item label={t('regulation.task.poolLabel')}>{t('regulation.task.pool', { targets: detail.pool.targets.length, inspectors: detail.pool.inspectors.length })}</Descriptions.Item>}
        {detail.commit && <Descriptions.Item label={t('regulation.task.commitHash')}><Typography.Text code copyable style={HASH_STYLE} data-testid="draw-commit">{detail.commit}</Typography.Text></Descriptions.Item>}
        {detail.poolDigest && <Descriptions.Item label={t('regulation.task.poolDigest')}><Typography.Text code style={HASH_STYLE}>{detail.poolDigest}</Typography.Text></Descriptions.Item>}
        {detail.seed && <Descriptions.Item label={t('regulation.task.seed')}><Typography.Text code copyable style={HASH_STYLE} data-testid="draw-seed">{detail.seed}</Typography.Text></Descriptions.Item>}
      </Descriptions>
      {detail.result && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('regulation.task.drawn')}</Typography.Title>
          <Table
            rowKey="target" size="small" pagination={false} data-testid="draw-result" dataSource={detail.result.teams}
            columns={[
              { title: t('regulation.task.target'), dataIndex: 'target', render: (k: string) => <>{names.get(k)} <Typography.Text type="secondary">{k}</Typography.Text></> },
              { title: t('regulation.more.party'), key: 'party', render: (_: unknown, r: { target: string }) => parties.get(r.target) ?? '—' },
              { title: t('regulation.task.inspectors'), dataIndex: 'inspectors', render: (ks: string[]) => ks.map((k) => `${names.get(k) ?? ''}（${k}）`).join('、') },
            ]}
          />
        </>
      )}
      {(detail.status === 'drawn' || detail.status === 'published') && <ResultsBlock detail={detail} names={names} />}
      <Modal open={beaconOpen} title={t('regulation.more.beacon')} onCancel={() => setBeaconOpen(false)} onOk={() => beaconForm.submit()} confirmLoading={step.isPending} destroyOnHidden>
        <Form form={beaconForm} layout="vertical" onFinish={(v) => run('draw', v.beacon.trim())}>
          <Typography.Paragraph>{t('regulation.more.beaconPrompt', { source: detail.beaconSource })}</Typography.Paragraph>
          <Typography.Paragraph type="warning">{t('regulation.task.drawOnce')}</Typography.Paragraph>
          <Form.Item name="beacon" label={t('regulation.more.beacon')} rules={[{ required: true, whitespace: true, message: t('regulation.more.beaconRequired') }]}><Input maxLength={200} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={redrawOpen} title={t('regulation.more.redraw')} onCancel={() => setRedrawOpen(false)} onOk={() => redrawForm.submit()} confirmLoading={redraw.isPending} destroyOnHidden>
        <Form form={redrawForm} layout="vertical" onFinish={(v) => redraw.mutate({ id: detail.id, reason: v.reason.trim() }, {
          onSuccess: (d) => { message.success(t('regulation.task.created')); setRedrawOpen(false); onRedrawn(d.id); }, onError,
        })}>
          <Typography.Paragraph type="secondary">{t('regulation.more.redrawHint')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('regulation.more.redrawReason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
      {detail.status === 'published' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('regulation.task.verifyHint')} · <a href={`/api/public/inspections/${detail.id}`} target="_blank" rel="noreferrer">{t('regulation.task.publicLink')}</a>
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function InspectionsTab() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const me = useMe();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const tasks = useTasks();
  const [selected, setSelected] = useState<number | null>(null);
  const detail = useTask(selected);
  const create = useCreateTask();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<TaskInput>();
  const item = Form.useWatch('item', form) as InspectionItem | undefined;
  const source = item ? INSPECTION_ITEMS[item].source : 'enterprises';

  // Only the filter fields the item's source understands, and none left empty.
  const submit = ({ poolFilter, beaconSource, ...values }: TaskInput) => create.mutate({
    ...values,
    beaconSource: beaconSource?.trim() || null,
    poolFilter: {
      ...(poolFilter?.q?.trim() ? { q: poolFilter.q.trim() } : {}),
      ...(source === 'sirens' && poolFilter?.sirenKind?.length ? { sirenKind: poolFilter.sirenKind } : {}),
    },
  }, {
    onSuccess: (d) => { message.success(t('regulation.task.created')); setOpen(false); setSelected(d.id); form.resetFields(); },
    onError,
  });

  return (
    <Row gutter={16}>
      <Col xs={24} lg={9}>
        <Card
          title={t('regulation.tabInspections')}
          extra={can('enforcement:write') && <Button type="primary" onClick={() => setOpen(true)}>{t('regulation.task.create')}</Button>}
        >
          <PlainList
            loading={tasks.isLoading} dataSource={tasks.data?.items ?? []}
            renderItem={(task) => (
              <PlainList.Item onClick={() => setSelected(task.id)} style={{ cursor: 'pointer', background: task.id === selected ? '#fff1f0' : undefined, paddingInline: 8 }}>
                <PlainList.Meta title={task.title} description={t(`regulation.items.${task.item}`)} />
                <Tag color={STATUS_COLORS[task.status]}>{t(`regulation.statuses.${task.status}`)}</Tag>
              </PlainList.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {detail.data ? <TaskDetailCard detail={detail.data} onRedrawn={setSelected} /> : <Card><Empty description={t('regulation.task.none')} /></Card>}
      </Col>
      <Modal open={open} title={t('regulation.task.create')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ item: 'works_maintenance', regionCode: me.regionCode, targetCount: 3, inspectorsPerTarget: 2 }}>
          <Form.Item name="title" label={t('regulation.task.title')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="item" label={t('regulation.task.item')} rules={[{ required: true }]}>
            <Select options={INSPECTION_ITEM_CODES.map((k) => ({ value: k, label: t(`regulation.items.${k}`) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('regulation.task.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}><Input /></Form.Item>
          <Form.Item name="targetCount" label={t('regulation.task.targetCount')} rules={[{ required: true }]}><InputNumber min={1} max={10000} precision={0} /></Form.Item>
          <Form.Item name="inspectorsPerTarget" label={t('regulation.task.inspectorsPerTarget')} rules={[{ required: true }]}><InputNumber min={1} max={10} precision={0} /></Form.Item>
          <Typography.Paragraph type="secondary">{t('regulation.more.source')}：{t(`regulation.more.sources.${source}`)}</Typography.Paragraph>
          <Form.Item name={['poolFilter', 'q']} label={t('regulation.more.poolQ')}><Input maxLength={64} /></Form.Item>
          {source === 'sirens' && (
            <Form.Item name={['poolFilter', 'sirenKind']} label={t('regulation.more.sirenKind')}>
              <Select mode="multiple" options={SIREN_KINDS.map((k) => ({ value: k.code, label: i18n.language === 'en' ? k.en : k.zh }))} />
            </Form.Item>
          )}
          <Form.Item name="beaconSource" label={t('regulation.more.beaconSource')} extra={t('regulation.more.beaconSourceHint')}><Input maxLength={200} /></Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}

export default function RegulationPage() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <div style={{ padding: 16 }}>
      <Typography.Title level={3}>{t('regulation.title')}</Typography.Title>
      <Tabs
        defaultActiveKey="inspections"
        items={[
          { key: 'inspections', label: t('regulation.tabInspections'), children: <InspectionsTab /> },
          { key: 'enterprises', label: t('regulation.tabEnterprises'), children: <EnterprisesTab /> },
          { key: 'officers', label: t('regulation.more.officers'), children: <OfficersTab /> },
          { key: 'cases', label: t('regulation.case.tab'), children: <CasesTab /> },
          ...(can('approvals:read') ? [{ key: 'approvals', label: t('regulation.approval.tab'), children: <ApprovalsTab /> }] : []),
          { key: 'fees', label: t('regulation.fee.tab'), children: <FeesTab /> },
          { key: 'fund', label: t('regulation.fund.tab'), children: <FundTab /> },
          ...(can('approvals:read') ? [{ key: 'calendar', label: t('regulation.calendar.tab'), children: <CalendarTab /> }] : []),
        ]}
      />
    </div>
  );
}
