/** One enterprise of the register: its qualifications (valid or expired), credit records (a penalty adds one) and cases. */
import { App, Button, DatePicker, Drawer, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { useAddCredit, useAddQualification, useEnterprise, type EnterpriseDetail } from './regulationApi.ts';

const day = (d: Dayjs | undefined | null) => (d ? d.format('YYYY-MM-DD') : null);

function Body({ e }: { e: EnterpriseDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
  const addQ = useAddQualification(e.id);
  const addC = useAddCredit(e.id);
  const [qForm] = Form.useForm();
  const [cForm] = Form.useForm();
  const writable = can('enforcement:write');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Text>{e.uscc} · {t(`regulation.kinds.${e.kind}`)} · {e.regionCode}</Typography.Text>
      <Typography.Title level={5} style={{ margin: 0 }}>{t('regulation.enterprise.qualifications')}</Typography.Title>
      <Table rowKey="id" size="small" pagination={false} dataSource={e.qualifications} locale={{ emptyText: t('regulation.enterprise.noQualifications') }}
        columns={[
          { title: t('regulation.enterprise.qName'), dataIndex: 'name', render: (v: string, q) => `${v}${q.level ? `（${q.level}）` : ''}` },
          { title: t('regulation.enterprise.qCertNo'), dataIndex: 'certNo' },
          { title: t('regulation.enterprise.qExpires'), dataIndex: 'expiresOn', render: (v: string | null, q) => <>{v ?? '—'} {!q.valid && <Tag color="red">{t('regulation.enterprise.expired')}</Tag>}</> },
        ]} />
      {writable && (
        <Form form={qForm} name="enterprise-qualification" layout="inline" onFinish={(v: { name: string; level?: string; certNo: string; issuer: string; issuedOn: Dayjs; expiresOn?: Dayjs }) =>
          addQ.mutate({ name: v.name, level: v.level || null, certNo: v.certNo, issuer: v.issuer, issuedOn: day(v.issuedOn)!, expiresOn: day(v.expiresOn) }, { onSuccess: () => qForm.resetFields(), onError })}>
          <Form.Item name="name" rules={[{ required: true }]}><Input placeholder={t('regulation.enterprise.qName')} maxLength={100} /></Form.Item>
          <Form.Item name="level"><Input placeholder={t('regulation.enterprise.qLevel')} maxLength={50} style={{ width: 90 }} /></Form.Item>
          <Form.Item name="certNo" rules={[{ required: true }]}><Input placeholder={t('regulation.enterprise.qCertNo')} maxLength={64} /></Form.Item>
          <Form.Item name="issuer" rules={[{ required: true }]}><Input placeholder={t('regulation.enterprise.qIssuer')} maxLength={100} /></Form.Item>
          <Form.Item name="issuedOn" rules={[{ required: true }]}><DatePicker placeholder={t('regulation.enterprise.qIssued')} /></Form.Item>
          <Form.Item name="expiresOn"><DatePicker placeholder={t('regulation.enterprise.qExpires')} /></Form.Item>
          <Button htmlType="submit" loading={addQ.isPending}>{t('regulation.enterprise.addQualification')}</Button>
        </Form>
      )}
      <Typography.Title level={5} style={{ margin: 0 }}>{t('regulation.enterprise.credit')}</Typography.Title>
      <Table rowKey="id" size="small" pagination={false} dataSource={e.credit} locale={{ emptyText: t('regulation.enterprise.noCredit') }}
        columns={[
          { title: t('regulation.enterprise.recordedOn'), dataIndex: 'recordedOn', width: 110 },
          { title: '', dataIndex: 'kind', width: 80, render: (k: string) => <Tag color={k === 'bad' ? 'red' : 'green'}>{t(`regulation.enterprise.creditKinds.${k}`)}</Tag> },
          { title: t('regulation.enterprise.reason'), dataIndex: 'reason' },
          { title: t('regulation.enterprise.publicUntil'), dataIndex: 'publicUntil', width: 110, render: (v: string | null) => v ?? '—' },
        ]} />
      {writable && (
        <Form form={cForm} name="enterprise-credit" layout="inline" initialValues={{ kind: 'good', recordedOn: dayjs() }}
          onFinish={(v: { kind: 'good' | 'bad'; reason: string; recordedOn: Dayjs; publicUntil?: Dayjs }) =>
            addC.mutate({ kind: v.kind, reason: v.reason, recordedOn: day(v.recordedOn)!, publicUntil: day(v.publicUntil) }, { onSuccess: () => cForm.resetFields(), onError })}>
          <Form.Item name="kind"><Radio.Group optionType="button" options={(['good', 'bad'] as const).map((k) => ({ value: k, label: t(`regulation.enterprise.creditKinds.${k}`) }))} /></Form.Item>
          <Form.Item name="reason" rules={[{ required: true }]}><Input placeholder={t('regulation.enterprise.reason')} maxLength={500} /></Form.Item>
          <Form.Item name="recordedOn" rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="publicUntil"><DatePicker placeholder={t('regulation.enterprise.publicUntil')} /></Form.Item>
          <Button htmlType="submit" loading={addC.isPending}>{t('regulation.enterprise.addCredit')}</Button>
        </Form>
      )}
      <Typography.Title level={5} style={{ margin: 0 }}>{t('regulation.enterprise.cases')}</Typography.Title>
      <Table rowKey="id" size="small" pagination={false} dataSource={e.cases} locale={{ emptyText: t('regulation.enterprise.noCases') }}
        columns={[
          { title: t('regulation.case.title'), dataIndex: 'title' },
          { title: 'No.', dataIndex: 'caseNo' },
          { title: t('regulation.case.filedOn'), dataIndex: 'filedOn' },
          { title: '', dataIndex: 'status', render: (s: string) => t(`regulation.case.statuses.${s}`) },
        ]} />
    </Space>
  );
}

export function EnterpriseDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const e = useEnterprise(id);
  return (
    <Drawer open={id !== null} onClose={onClose} size={Math.min(860, window.innerWidth)} title={e.data?.name} destroyOnHidden>
      {e.data && <Body e={e.data} />}
    </Drawer>
  );
}
