/**
 * One approval case: its 联审 parties with their opinions (each answered once), its documents with their SM3, and
 * the decision, which the server allows only once every required party has answered. The case number is what a
 * works life-cycle step to demolished or scrapped cites as its approval.
 */
import { APPROVAL_DOCUMENT_TYPES, PARTY_VERDICTS, RUNNING_CLOCK_STATUS } from '@civdef/domain';
import { UploadOutlined } from '@ant-design/icons';
import { App, Alert, Button, Checkbox, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import {
  approvalDocumentUrl, useAddApprovalDocument, useAddParty, useAnswerParty, useApproval, useDecideApproval, type ApprovalDetail,
} from './regulationApi.ts';
import { ProvisionalTag } from './CalendarTab.tsx';

const VERDICT_COLORS: Record<string, string> = { agree: 'green', agree_with_conditions: 'gold', disagree: 'red' };

function useOnError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
}

function OpinionForm({ detail, partyId, onDone }: { detail: ApprovalDetail; partyId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const onError = useOnError();
  const answer = useAnswerParty(detail.id);
  return (
    <Form name={`opinion-${partyId}`} layout="inline" onFinish={(v: { verdict: (typeof PARTY_VERDICTS)[number]; opinion: string; answeredOn: Dayjs }) =>
      answer.mutate({ partyId, body: { verdict: v.verdict, opinion: v.opinion, answeredOn: v.answeredOn.format('YYYY-MM-DD') } }, { onSuccess: onDone, onError })}
    initialValues={{ verdict: 'agree', answeredOn: dayjs() }} data-testid={`opinion-form-${partyId}`}>
      <Form.Item name="verdict"><Select style={{ width: 130 }} options={PARTY_VERDICTS.map((v) => ({ value: v, label: t(`regulation.joint.verdicts.${v}`) }))} /></Form.Item>
      <Form.Item name="opinion" rules={[{ required: true }]}><Input placeholder={t('regulation.joint.opinion')} style={{ width: 200 }} maxLength={2000} /></Form.Item>
      <Form.Item name="answeredOn" rules={[{ required: true }]}><DatePicker /></Form.Item>
      <Button htmlType="submit" type="primary" loading={answer.isPending}>{t('regulation.joint.record')}</Button>
    </Form>
  );
}

function Body({ detail }: { detail: ApprovalDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useOnError();
  const writable = can('approvals:write');
  const open = detail.status === 'open';
  const addParty = useAddParty(detail.id);
  const decide = useDecideApproval(detail.id);
  const addDoc = useAddApprovalDocument(detail.id);
  const [answering, setAnswering] = useState<number | null>(null);
  const [docType, setDocType] = useState<(typeof APPROVAL_DOCUMENT_TYPES)[number]>('application');
  const [docTitle, setDocTitle] = useState('');
  const pending = detail.parties.filter((p) => p.required && p.verdict === null).map((p) => p.name);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('regulation.joint.caseNo')}><Typography.Text code copyable data-testid="approval-case-no">{detail.caseNo}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label={t('regulation.approval.kind')}>{t(`regulation.approvalKinds.${detail.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('regulation.approval.receivedOn')}>{detail.receivedOn}（{t('regulation.approval.promisedDueOn')} {detail.promisedDueOn}，{t('regulation.approval.legalDueOn')} {detail.legalDueOn}）<ProvisionalTag years={detail.calendarProvisionalYears} open={detail.status === RUNNING_CLOCK_STATUS.approval} /></Descriptions.Item>
        {detail.workCode && <Descriptions.Item label={t('regulation.joint.work')}>{detail.workCode}</Descriptions.Item>}
        {detail.usedByWorkId !== null && <Descriptions.Item label={t('regulation.joint.used')}>{t('regulation.joint.usedBy', { id: detail.usedByWorkId })}</Descriptions.Item>}
        <Descriptions.Item label={t('regulation.approval.status')}>{t(`regulation.approval.statuses.${detail.status}`)}{detail.decidedOn ? ` ${detail.decidedOn}：${detail.opinion ?? ''}` : ''}</Descriptions.Item>
      </Descriptions>
      {['demolition', 'scrapping'].includes(detail.kind) && <Alert type="info" showIcon title={t('regulation.joint.worksHint', { caseNo: detail.caseNo })} />}

      <Typography.Title level={5} style={{ margin: 0 }}>{t('regulation.joint.parties')}</Typography.Title>
      <Table
        rowKey="id" size="small" pagination={false} dataSource={detail.parties} locale={{ emptyText: t('regulation.joint.noParties') }}
        columns={[
          { title: t('regulation.joint.party'), dataIndex: 'name', render: (v: string, p) => <>{v} {!p.required && <Tag>{t('regulation.joint.optional')}</Tag>}</> },
          {
            title: t('regulation.joint.opinion'), key: 'opinion', render: (_: unknown, p) => (p.verdict
              ? <Space orientation="vertical" size={0}><Tag color={VERDICT_COLORS[p.verdict]}>{t(`regulation.joint.verdicts.${p.verdict}`)}</Tag><span>{p.opinion}（{p.answeredOn}）</span></Space>
              : answering === p.id ? <OpinionForm detail={detail} partyId={p.id} onDone={() => setAnswering(null)} />
                : writable && open ? <Button size="small" onClick={() => setAnswering(p.id)}>{t('regulation.joint.answer')}</Button> : t('regulation.joint.waiting')),
          },
        ]}
      />
      {writable && open && (
        <Form name="approval-party" layout="inline" onFinish={(v: { name: string; required: boolean }) => addParty.mutate({ name: v.name, required: v.required }, { onError })} initialValues={{ required: true }}>
          <Form.Item name="name" rules={[{ required: true, whitespace: true }]}><Input placeholder={t('regulation.joint.partyName')} maxLength={100} /></Form.Item>
          <Form.Item name="required" valuePropName="checked"><Checkbox>{t('regulation.joint.required')}</Checkbox></Form.Item>
          <Button htmlType="submit" loading={addParty.isPending}>{t('regulation.joint.addParty')}</Button>
        </Form>
      )}

      <Typography.Title level={5} style={{ margin: 0 }}>{t('regulation.joint.documents')}</Typography.Title>
      <Table
        rowKey="id" size="small" pagination={false} dataSource={detail.documents} locale={{ emptyText: t('regulation.joint.noDocuments') }}
        columns={[
          { title: t('regulation.joint.docTitle'), dataIndex: 'title', render: (v: string, d) => <a href={approvalDocumentUrl(d.id)}>{v}</a> },
          { title: t('regulation.joint.docType'), dataIndex: 'docType', render: (v: string) => t(`regulation.joint.docTypes.${v}`) },
          { title: 'SM3', dataIndex: 'sm3', render: (v: string) => <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 12 }}>{v}</Typography.Text> },
        ]}
      />
      {writable && (
        <Space wrap>
          <Select value={docType} onChange={setDocType} style={{ width: 140 }} options={APPROVAL_DOCUMENT_TYPES.map((v) => ({ value: v, label: t(`regulation.joint.docTypes.${v}`) }))} />
          <Input placeholder={t('regulation.joint.docTitle')} value={docTitle} onChange={(e) => setDocTitle(e.target.value)} style={{ width: 180 }} maxLength={200} />
          <Upload showUploadList={false} disabled={!docTitle.trim()} beforeUpload={(file) => {
            addDoc.mutate({ file, query: { docType, title: docTitle.trim() } }, { onSuccess: () => setDocTitle(''), onError });
            return false;
          }}>
            <Button icon={<UploadOutlined />} disabled={!docTitle.trim()} loading={addDoc.isPending}>{t('regulation.joint.upload')}</Button>
          </Upload>
        </Space>
      )}

      {writable && open && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>{t('regulation.joint.decision')}</Typography.Title>
          {pending.length > 0 && <Alert type="warning" showIcon title={t('regulation.joint.pending', { parties: pending.join('、') })} />}
          <Form name="approval-decision" layout="vertical" initialValues={{ decision: 'approved', decidedOn: dayjs() }} data-testid="approval-decision"
            onFinish={(v: { decision: 'approved' | 'rejected'; decidedOn: Dayjs; opinion: string }) => decide.mutate(
              { decision: v.decision, decidedOn: v.decidedOn.format('YYYY-MM-DD'), opinion: v.opinion },
              { onSuccess: () => message.success(t('regulation.joint.decided')), onError },
            )}>
            <Space wrap align="start">
              <Form.Item name="decision" label={t('regulation.joint.decision')}>
                <Select style={{ width: 140 }} options={(['approved', 'rejected'] as const).map((v) => ({ value: v, label: t(`regulation.approval.statuses.${v}`) }))} />
              </Form.Item>
              <Form.Item name="decidedOn" label={t('regulation.joint.decidedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            </Space>
            <Form.Item name="opinion" label={t('regulation.joint.decisionOpinion')} rules={[{ required: true }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
            <Button type="primary" htmlType="submit" loading={decide.isPending} disabled={pending.length > 0}>{t('regulation.joint.decide')}</Button>
          </Form>
        </>
      )}
    </Space>
  );
}

export function ApprovalDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useApproval(id);
  return (
    <Drawer open={id !== null} onClose={onClose} size={Math.min(760, window.innerWidth)} title={detail.data?.title ?? t('regulation.joint.title')} destroyOnHidden>
      {detail.data && <Body detail={detail.data} />}
    </Drawer>
  );
}
