/**
 * 预案管理: plans with their revisions (each kept), the approval flow (submit → approve by someone other than the
 * author, or return), and a structured comparison of any two revisions, part by part.
 */
import { App, Button, Card, Col, Descriptions, Empty, Input, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { PlainList } from '../../lib/PlainList';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { PlanForm } from './forms/PlanForm.tsx';
import { RefLink } from './forms/shared.tsx';
import { useAttach, usePlan, usePlanAction, usePlanDiff, usePlans, useRevise, type PlanDiff, type PlanDetail } from './responseApi.ts';

const STATE_COLORS: Record<string, string> = { draft: 'default', submitted: 'blue', approved: 'green', returned: 'orange', superseded: 'default' };
const PARTS = ['triggers', 'tasks', 'resources', 'contacts'] as const;

export function useErrorMessage() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
}

/** One item of a part as a line of text. */
function itemText(part: (typeof PARTS)[number], x: object): string {
  const v = x as Record<string, string | number | null>;
  if (part === 'triggers') return `${v.code} ${v.condition}（${v.level}）`;
  if (part === 'tasks') return `${v.assignee}（${v.phase}）：${v.task}`;
  if (part === 'resources') return `${v.name} ${v.quantity} ${v.unit}（${v.holder}）`;
  return `${v.name} ${v.role} ${v.dutyPhone}`;
}

const show = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

function DiffView({ diff }: { diff: PlanDiff }) {
  const { t } = useTranslation();
  if (diff.changes === 0) return <Typography.Text type="secondary">{t('response.plans.noChange')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="plan-diff">
      <Typography.Text strong>{t('response.plans.changes', { n: diff.changes })}</Typography.Text>
      {diff.summary && (
        <Card size="small" title={t('response.plans.summary')}>
          <Typography.Paragraph delete type="danger">{diff.summary.before}</Typography.Paragraph>
          <Typography.Paragraph type="success">{diff.summary.after}</Typography.Paragraph>
        </Card>
      )}
      {PARTS.filter((p) => diff.parts[p].length > 0).map((p) => (
        <Card size="small" key={p} title={t(`response.plans.parts.${p}`)}>
          <PlainList size="small" dataSource={diff.parts[p]} renderItem={(x) => (
            <PlainList.Item>
              <Space orientation="vertical" size={2}>
                <Space><Tag color={x.kind === 'added' ? 'green' : x.kind === 'removed' ? 'red' : 'blue'}>{t(`response.plans.diffKinds.${x.kind}`)}</Tag><Typography.Text code>{x.key}</Typography.Text></Space>
                {x.kind === 'changed'
                  ? x.fields.map((f) => <span key={f.field}>{f.field}: <Typography.Text delete type="danger">{show(f.before)}</Typography.Text> → <Typography.Text type="success">{show(f.after)}</Typography.Text></span>)
                  : <Typography.Text type={x.kind === 'added' ? 'success' : 'danger'}>{itemText(p, (x.kind === 'added' ? x.after : x.before) as object)}</Typography.Text>}
              </Space>
            </PlainList.Item>
          )} />
        </Card>
      ))}
    </Space>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function PlanPanel({ detail }: { detail: PlanDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const onError = useErrorMessage();
  const action = usePlanAction();
  const revise = useRevise();
  const attach = useAttach();
  const revs = detail.revisions;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  useEffect(() => {
    // By default the newest revision against the one before it.
    setTo(revs.length ? revs[revs.length - 1]!.revision : null);
    setFrom(revs.length > 1 ? revs[revs.length - 2]!.revision : null);
  }, [detail.plan.id, revs.length]);
  const diff = usePlanDiff(detail.plan.id, from, to);
  const id = detail.plan.id;
  const [editing, setEditing] = useState<PlanDetail['revisions'][number] | null>(null);
  const act = (rev: number, a: 'submit' | 'approve') => action.mutate({ id, rev, action: a }, {
    onSuccess: () => void message.success(a === 'approve' ? t('response.plans.approved', { rev }) : t('response.plans.submitted')), onError,
  });
  const giveBack = (rev: number) => {
    let reason = '';
    modal.confirm({
      title: t('response.plans.returnReason'), content: <Input.TextArea rows={3} onChange={(e) => { reason = e.target.value; }} />,
      onOk: () => action.mutateAsync({ id, rev, action: 'return', reason }).then(() => void message.success(t('response.plans.returned'))).catch(onError),
    });
  };
  const latest = revs[revs.length - 1];
  const open = latest && ['draft', 'returned', 'submitted'].includes(latest.state);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={<Space>{detail.plan.title}{detail.plan.synthetic && <Tag color="orange">{t('response.synthetic')}</Tag>}</Space>}
        extra={can('response:write') && !open && <Button onClick={() => revise.mutate({ id, note: null }, { onError })}>{t('response.plans.revise')}</Button>}>
        <Table size="small" rowKey="revision" pagination={false} dataSource={revs} data-testid="plan-revisions"
          columns={[
            { title: t('response.plans.revisions'), dataIndex: 'revision', render: (r: number) => t('response.plans.rev', { n: r }) },
            { title: t('response.plans.state'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLORS[s]}>{t(`response.revisionStates.${s}`)}</Tag> },
            { title: t('response.plans.note'), dataIndex: 'note', render: (n: string | null, r) => <>{n ?? '—'}{r.returnReason && <Typography.Text type="warning"> （{r.returnReason}）</Typography.Text>}</> },
            { title: t('response.plans.author'), dataIndex: 'authorName', render: (n: string | null) => n ?? '—' },
            { title: t('response.plans.approver'), dataIndex: 'approverName', render: (n: string | null) => n ?? '—' },
            { title: t('response.plans.file'), dataIndex: 'file', render: (f: PlanDetail['revisions'][number]['file'], r) => f
              ? <a href={`/api/plans/${id}/revisions/${r.revision}/file`}>{f.name}</a>
              : can('response:write') && ['draft', 'returned'].includes(r.state)
                ? <Upload showUploadList={false} beforeUpload={(file) => {
                    void readBase64(file).then((b64) => attach.mutate({ id, rev: r.revision, fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: b64 }, { onError }));
                    return false;
                  }}><Button size="small">{t('response.plans.attach')}</Button></Upload>
                : '—' },
            { title: '', key: 'act', render: (_: unknown, r) => (
              <Space>
                {can('response:write') && ['draft', 'returned'].includes(r.state) && <Button size="small" data-testid={`edit-rev-${r.revision}`} onClick={() => setEditing(r)}>{t('response.forms.edit')}</Button>}
                {can('response:write') && ['draft', 'returned'].includes(r.state) && <Button size="small" onClick={() => act(r.revision, 'submit')}>{t('response.plans.submit')}</Button>}
                {can('response:approve') && r.state === 'submitted' && (r.mine
                  ? <Typography.Text type="secondary">{t('response.plans.mineNoApprove')}</Typography.Text>
                  : <><Button size="small" type="primary" onClick={() => act(r.revision, 'approve')}>{t('response.plans.approve')}</Button>
                    <Button size="small" onClick={() => giveBack(r.revision)}>{t('response.plans.return')}</Button></>)}
              </Space>
            ) },
          ]} />
      </Card>
      {latest && (
        <Card size="small" title={t('response.plans.summary')}>
          <Typography.Paragraph>{latest.content.summary}</Typography.Paragraph>
          <Descriptions size="small" column={1} items={PARTS.map((p) => ({
            key: p, label: t(`response.plans.parts.${p}`),
            children: <Space orientation="vertical" size={0}>{p === 'tasks'
              ? latest.content.tasks.map((x, k) => <span key={k}><RefLink kind={x.assigneeKind} refId={x.refId} name={x.assignee} />{x.phase ? `（${x.phase}）` : ''}：{x.task}</span>)
              : (latest.content[p] as object[]).map((x, k) => <span key={k}>{itemText(p, x)}</span>)}</Space>,
          }))} />
        </Card>
      )}
      <PlanForm open={editing !== null} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); void message.success(t('response.forms.planSaved')); }}
        edit={editing ? { id, rev: editing.revision, content: editing.content, note: editing.note } : undefined} />
      {revs.length > 1 && (
        <Card size="small" title={t('response.plans.diff')} extra={
          <Space>
            {t('response.plans.from')}<Select size="small" style={{ width: 90 }} value={from} onChange={setFrom} options={revs.map((r) => ({ value: r.revision, label: t('response.plans.rev', { n: r.revision }) }))} />
            {t('response.plans.to')}<Select size="small" style={{ width: 90 }} value={to} onChange={setTo} options={revs.map((r) => ({ value: r.revision, label: t('response.plans.rev', { n: r.revision }) }))} />
          </Space>}>
          {diff.data ? <DiffView diff={diff.data} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Card>
      )}
    </Space>
  );
}

export default function PlansPage() {
  const { t } = useTranslation();
  const list = usePlans();
  const can = useCan();
  const { message } = App.useApp();
  const [id, setId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const detail = usePlan(id);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={9}>
        <Card title={t('response.plans.title')} size="small"
          extra={can('response:write') && <Button type="primary" size="small" data-testid="new-plan" onClick={() => setCreating(true)}>{t('response.forms.newPlan')}</Button>}>
          <PlanForm open={creating} onClose={() => setCreating(false)} onSaved={(newId) => { setCreating(false); setId(newId); void message.success(t('response.forms.planSaved')); }} />
          <Table size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false}
            onRow={(p) => ({ onClick: () => setId(p.id), style: { cursor: 'pointer', background: p.id === id ? '#e6f4ff' : undefined } })}
            columns={[
              { title: t('response.plans.name'), dataIndex: 'title' },
              { title: t('response.plans.kind'), dataIndex: 'kind', render: (k: string) => t(`response.planKinds.${k}`) },
              { title: t('response.plans.state'), dataIndex: 'latestState', render: (s: string, p) => <Tag color={STATE_COLORS[s]}>{`${t('response.plans.rev', { n: p.latestRevision })} ${t(`response.revisionStates.${s}`)}`}</Tag> },
            ]} />
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {detail.data ? <PlanPanel detail={detail.data} /> : <Card><Empty description={t('response.plans.select')} /></Card>}
      </Col>
    </Row>
  );
}
