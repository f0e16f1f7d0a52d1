/**
 * A plan's form: a new plan (revision 1, a draft) or the content of a draft or returned revision, part by part —
 * triggers, tasks given to member units and teams (picked from the command half, or named as text for a body
 * outside the platform), resources and contacts. The server's refusal lands under the field it names.
 */
import { PLAN_KINDS } from '@civdef/domain';
import { Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validated } from '../../../lib/form.ts';
import { useCreatePlan, useEditRevision, type PlanContent } from '../responseApi.ts';
import { Banner, RefSelect, RegionSelect, refusalOnForm } from './shared.tsx';

interface Values {
  kind: (typeof PLAN_KINDS)[number];
  title: string;
  regionCode: string;
  note?: string | null;
  content: PlanContent;
}

const EMPTY: PlanContent = { summary: '', triggers: [], tasks: [], resources: [], contacts: [] };

/** `edit` given: the content of that revision; otherwise a new plan. */
export function PlanForm({ open, onClose, edit, onSaved }: {
  open: boolean; onClose: () => void; onSaved: (id: number) => void;
  edit?: { id: number; rev: number; content: PlanContent; note: string | null };
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const create = useCreatePlan();
  const save = useEditRevision();
  // Filled when the form opens (or opens on another revision) only: a list refetch re-renders the parent with a new
  // `edit` object, and that must not wipe what the clerk is typing.
  const editRef = useRef(edit);
  editRef.current = edit;
  useEffect(() => {
    if (!open) return;
    const e = editRef.current;
    setBanner(null);
    form.resetFields();
    form.setFieldsValue(e ? { content: e.content, note: e.note } : { kind: 'civil_defence', content: EMPTY });
  }, [open, edit?.id, edit?.rev, form]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const content: PlanContent = {
      summary: v.content.summary ?? '',
      triggers: (v.content.triggers ?? []).map((x) => ({ code: x.code, condition: x.condition, level: x.level ?? '' })),
      tasks: (v.content.tasks ?? []).map((x) => ({ assigneeKind: x.assigneeKind, refId: x.refId ?? null, assignee: x.assignee, task: x.task, phase: x.phase ?? '' })),
      resources: (v.content.resources ?? []).map((x) => ({ name: x.name, quantity: x.quantity, unit: x.unit ?? '', holder: x.holder ?? '' })),
      contacts: (v.content.contacts ?? []).map((x) => ({ name: x.name, role: x.role, dutyPhone: x.dutyPhone ?? '' })),
    };
    const note = v.note?.trim() ? v.note.trim() : null;
    try {
      const res = edit
        ? await save.mutateAsync({ id: edit.id, rev: edit.rev, content, note })
        : await create.mutateAsync({ kind: v.kind, title: v.title, regionCode: v.regionCode, content, note });
      onSaved(res.plan.id);
    } catch (err) {
      setBanner(refusalOnForm(form, err, { PLANS_REGION_OUT_OF_SCOPE: ['regionCode'], PLANS_REGION_UNKNOWN: ['regionCode'] }) || null);
    }
  };

  const req = { required: true, message: t('response.forms.required') };
  const remove = (fn: () => void) => <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('response.forms.remove')} onClick={fn} />;
  return (
    <Modal open={open} onCancel={onClose} width={1080} title={edit ? t('response.forms.editRevision', { n: edit.rev }) : t('response.forms.newPlan')} destroyOnHidden
      onOk={() => void submit()} okText={t('response.forms.save')} confirmLoading={create.isPending || save.isPending} okButtonProps={{ 'data-testid': 'plan-save' } as never}>
      <Banner text={banner} />
      <Form form={form} layout="vertical" data-testid="plan-form">
        {!edit && (
          <Row gutter={12}>
            <Col span={6}><Form.Item name="kind" label={t('response.plans.kind')} rules={[req]}>
              <Select options={PLAN_KINDS.map((k) => ({ value: k, label: t(`response.planKinds.${k}`) }))} /></Form.Item></Col>
            <Col span={10}><Form.Item name="title" label={t('response.plans.name')} rules={[req, { max: 200 }]}><Input data-testid="plan-title" /></Form.Item></Col>
            <Col span={8}><Form.Item name="regionCode" label={t('response.forms.region')} rules={[req]}><RegionSelect testId="plan-region" /></Form.Item></Col>
          </Row>
        )}
        <Form.Item name={['content', 'summary']} label={t('response.plans.summary')} rules={[{ max: 20_000 }]}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>

        <Card size="small" title={t('response.plans.parts.triggers')} style={{ marginBottom: 12 }}>
          <Form.List name={['content', 'triggers']}>{(fields, { add, remove: del }) => (<>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col span={4}><Form.Item name={[f.name, 'code']} rules={[req, { max: 40 }]}><Input placeholder={t('response.forms.triggerCode')} /></Form.Item></Col>
                <Col span={14}><Form.Item name={[f.name, 'condition']} rules={[req, { max: 500 }]}><Input placeholder={t('response.forms.condition')} /></Form.Item></Col>
                <Col span={5}><Form.Item name={[f.name, 'level']} rules={[{ max: 40 }]}><Input placeholder={t('response.forms.level')} /></Form.Item></Col>
                <Col span={1}>{remove(() => del(f.name))}</Col>
              </Row>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ code: `T${fields.length + 1}`, condition: '', level: '' })}>{t('response.forms.addTrigger')}</Button>
          </>)}</Form.List>
        </Card>

        <Card size="small" title={t('response.plans.parts.tasks')} style={{ marginBottom: 12 }}>
          <Form.List name={['content', 'tasks']}>{(fields, { add, remove: del }) => (<>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top" data-testid={`task-${f.name}`}>
                <Col span={3}><Form.Item name={[f.name, 'assigneeKind']} rules={[req]}>
                  <Select options={[{ value: 'team', label: t('response.forms.team') }, { value: 'unit', label: t('response.forms.unit') }]}
                    onChange={() => form.setFieldValue(['content', 'tasks', f.name, 'refId'], null)} /></Form.Item></Col>
                <Col span={6}>
                  <Form.Item noStyle dependencies={[['content', 'tasks', f.name, 'assigneeKind']]}>{() => (
                    <Form.Item name={[f.name, 'refId']}>
                      <RefSelect kind={form.getFieldValue(['content', 'tasks', f.name, 'assigneeKind']) ?? 'team'} testId={`task-${f.name}-ref`}
                        onPicked={(r) => { if (r) form.setFieldValue(['content', 'tasks', f.name, 'assignee'], r.name); }} />
                    </Form.Item>)}
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item noStyle dependencies={[['content', 'tasks', f.name, 'refId']]}>{() => (
                    <Form.Item name={[f.name, 'assignee']} rules={[req, { max: 200 }]} tooltip={t('response.forms.assigneeHelp')}>
                      <Input placeholder={t('response.forms.assignee')} disabled={form.getFieldValue(['content', 'tasks', f.name, 'refId']) != null} />
                    </Form.Item>)}
                  </Form.Item>
                </Col>
                <Col span={7}><Form.Item name={[f.name, 'task']} rules={[req, { max: 2000 }]}><Input placeholder={t('response.forms.task')} data-testid={`task-${f.name}-task`} /></Form.Item></Col>
                <Col span={3}><Form.Item name={[f.name, 'phase']} rules={[{ max: 40 }]}><Input placeholder={t('response.forms.phase')} /></Form.Item></Col>
                <Col span={1}>{remove(() => del(f.name))}</Col>
              </Row>
            ))}
            <Button size="small" icon={<PlusOutlined />} data-testid="add-task" onClick={() => add({ assigneeKind: 'team', refId: null, assignee: '', task: '', phase: '' })}>{t('response.forms.addTask')}</Button>
          </>)}</Form.List>
        </Card>

        <Card size="small" title={t('response.plans.parts.resources')} style={{ marginBottom: 12 }}>
          <Form.List name={['content', 'resources']}>{(fields, { add, remove: del }) => (<>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col span={8}><Form.Item name={[f.name, 'name']} rules={[req, { max: 200 }]}><Input placeholder={t('response.forms.resource')} /></Form.Item></Col>
                <Col span={4}><Form.Item name={[f.name, 'quantity']} rules={[req]}><InputNumber min={0} max={1e9} style={{ width: '100%' }} placeholder={t('response.forms.quantity')} /></Form.Item></Col>
                <Col span={3}><Form.Item name={[f.name, 'unit']} rules={[{ max: 20 }]}><Input placeholder={t('response.forms.unitOfMeasure')} /></Form.Item></Col>
                <Col span={8}><Form.Item name={[f.name, 'holder']} rules={[{ max: 200 }]}><Input placeholder={t('response.forms.holder')} /></Form.Item></Col>
                <Col span={1}>{remove(() => del(f.name))}</Col>
              </Row>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', quantity: 1, unit: '', holder: '' })}>{t('response.forms.addResource')}</Button>
          </>)}</Form.List>
        </Card>

        <Card size="small" title={t('response.plans.parts.contacts')} style={{ marginBottom: 12 }}>
          <Form.List name={['content', 'contacts']}>{(fields, { add, remove: del }) => (<>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col span={7}><Form.Item name={[f.name, 'name']} rules={[req, { max: 50 }]}><Input placeholder={t('response.forms.contactName')} /></Form.Item></Col>
                <Col span={8}><Form.Item name={[f.name, 'role']} rules={[req, { max: 100 }]}><Input placeholder={t('response.forms.role')} /></Form.Item></Col>
                <Col span={8}><Form.Item name={[f.name, 'dutyPhone']} rules={[{ pattern: /^[0-9+\- ]{0,20}$/, message: t('response.forms.dutyPhoneRule') }]}>
                  <Input placeholder={t('response.forms.dutyPhone')} /></Form.Item></Col>
                <Col span={1}>{remove(() => del(f.name))}</Col>
              </Row>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', role: '', dutyPhone: '' })}>{t('response.forms.addContact')}</Button>
          </>)}</Form.List>
        </Card>
        <Space style={{ width: '100%' }} orientation="vertical">
          <Form.Item name="note" label={t('response.plans.note')} rules={[{ max: 500 }]}><Input /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
