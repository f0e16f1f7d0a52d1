/**
 * Planning a drill, or editing one: its scenario, the plan and key target drilled, the member units and teams taking part (picked from
 * the command half, or named as text for a body outside the platform) and the criteria it will be scored against.
 * Injects and actions are logged on the drill itself once it runs (the server stamps their time). Once it has started,
 * only the title and the participants stay open (the domain's drillFieldEditable, the server's rule too): the rest is
 * shown greyed out.
 */
import { DRILL_KINDS, drillFieldEditable, type DrillEditableField } from '@civdef/domain';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validated } from '../../../lib/form.ts';
import { drillApi, useDrillMutation, usePlans, useTargets, type Drill, type DrillDetail, type DrillInput } from '../responseApi.ts';
import { Banner, RefSelect, RegionSelect, refusalOnForm } from './shared.tsx';

type Values = Omit<DrillInput, 'planId' | 'keyTargetId'> & { planId?: number | null; keyTargetId?: number | null };

export function DrillForm({ open, onClose, onSaved, editing = null }: { open: boolean; onClose: () => void; onSaved: (id: number) => void; editing?: Drill | null }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const create = useDrillMutation(drillApi.create);
  const update = useDrillMutation(drillApi.update);
  const plans = usePlans();
  const targets = useTargets();
  useEffect(() => {
    if (!open) return;
    setBanner(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        kind: editing.kind as Values['kind'], title: editing.title, regionCode: editing.regionCode, scenario: editing.scenario, plannedOn: editing.plannedOn,
        planId: editing.planId, keyTargetId: editing.keyTargetId, participants: editing.participants.map((p) => ({ ...p })),
        criteria: editing.criteria.map((c) => ({ name: c.name, weight: c.weight, maxScore: c.maxScore })),
      });
    }
  }, [open, form, editing]);
  const locked = (field: DrillEditableField) => editing !== null && !drillFieldEditable(editing.state, field);
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const body = {
      kind: v.kind, title: v.title, regionCode: v.regionCode, scenario: v.scenario, plannedOn: v.plannedOn, planId: v.planId ?? null, keyTargetId: v.keyTargetId ?? null,
      participants: (v.participants ?? []).map((p) => ({ kind: p.kind, refId: p.refId ?? null, name: p.name, people: p.people })),
      criteria: (v.criteria ?? []).map((c) => ({ name: c.name, weight: c.weight, maxScore: c.maxScore })),
    };
    try {
      // Edited: the whole form goes back with the version read; the server takes unchanged fields as no change.
      const res = editing ? await update.mutateAsync({ id: editing.id, version: editing.version, ...body }) : await create.mutateAsync(body);
      onSaved((res as DrillDetail).drill.id);
    } catch (err) {
      setBanner(refusalOnForm(form, err, {
        DRILLS_REGION_OUT_OF_SCOPE: ['regionCode'], DRILLS_REGION_UNKNOWN: ['regionCode'], DRILLS_PLAN_UNKNOWN: ['planId'], DRILLS_TARGET_UNKNOWN: ['keyTargetId'],
      }) || null);
    }
  };
  const req = { required: true, message: t('response.forms.required') };
  const del = (fn: () => void) => <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('response.forms.remove')} onClick={fn} />;
  return (
    <Modal open={open} onCancel={onClose} width={1000} title={editing ? t('response.forms.editDrill', { title: editing.title }) : t('response.forms.newDrill')} destroyOnHidden
      onOk={() => void submit()} okText={t('response.forms.save')} confirmLoading={create.isPending || update.isPending} okButtonProps={{ 'data-testid': 'drill-save' } as never}>
      <Banner text={banner} />
      {editing && editing.state !== 'planned' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('response.forms.drillStarted')} data-testid="drill-locked-note" />}
      <Form form={form} layout="vertical" data-testid="drill-form"
        initialValues={{ kind: 'evacuation', participants: [], criteria: [{ name: '', weight: 1, maxScore: 10 }], planId: null, keyTargetId: null }}>
        <Row gutter={12}>
          <Col span={5}><Form.Item name="kind" label={t('response.plans.kind')} rules={[req]}>
            <Select disabled={locked('kind')} options={DRILL_KINDS.map((k) => ({ value: k, label: t(`response.forms.drillKinds.${k}`) }))} /></Form.Item></Col>
          <Col span={9}><Form.Item name="title" label={t('response.drills.name')} rules={[req, { max: 200 }]}><Input data-testid="drill-title" /></Form.Item></Col>
          <Col span={5}><Form.Item name="plannedOn" label={t('response.drills.date')} rules={[req, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
            <Input placeholder="2026-09-18" data-testid="drill-date" disabled={locked('plannedOn')} /></Form.Item></Col>
          <Col span={5}><Form.Item name="regionCode" label={t('response.forms.region')} rules={[req]}><RegionSelect testId="drill-region" disabled={locked('regionCode')} /></Form.Item></Col>
          <Col span={12}><Form.Item name="planId" label={t('response.forms.plan')}>
            <Select allowClear disabled={locked('planId')} options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))} /></Form.Item></Col>
          <Col span={12}><Form.Item name="keyTargetId" label={t('response.forms.target')}>
            <Select allowClear disabled={locked('keyTargetId')} options={(targets.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item></Col>
        </Row>
        <Form.Item name="scenario" label={t('response.drills.scenario')} rules={[req, { max: 10_000 }]}><Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="drill-scenario" disabled={locked('scenario')} /></Form.Item>
        <Card size="small" title={t('response.forms.participants')} style={{ marginBottom: 12 }}>
          <Form.List name="participants">{(fields, { add, remove }) => (<>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col span={4}><Form.Item name={[f.name, 'kind']} rules={[req]}>
                  <Select options={[{ value: 'team', label: t('response.forms.team') }, { value: 'unit', label: t('response.forms.unit') }]}
                    onChange={() => form.setFieldValue(['participants', f.name, 'refId'], null)} /></Form.Item></Col>
                <Col span={8}>
                  <Form.Item noStyle dependencies={[['participants', f.name, 'kind']]}>{() => (
                    <Form.Item name={[f.name, 'refId']}>
                      <RefSelect kind={form.getFieldValue(['participants', f.name, 'kind']) ?? 'team'} testId={`participant-${f.name}-ref`}
                        onPicked={(r) => { if (r) form.setFieldValue(['participants', f.name, 'name'], r.name); }} />
                    </Form.Item>)}
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item noStyle dependencies={[['participants', f.name, 'refId']]}>{() => (
                    <Form.Item name={[f.name, 'name']} rules={[req, { max: 200 }]} tooltip={t('response.forms.assigneeHelp')}>
                      <Input placeholder={t('response.forms.assignee')} disabled={form.getFieldValue(['participants', f.name, 'refId']) != null} />
                    </Form.Item>)}
                  </Form.Item>
                </Col>
                <Col span={4}><Form.Item name={[f.name, 'people']} rules={[req]}><InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} placeholder={t('response.forms.people')} /></Form.Item></Col>
                <Col span={1}>{del(() => remove(f.name))}</Col>
              </Row>
            ))}
            <Button size="small" icon={<PlusOutlined />} data-testid="add-participant" onClick={() => add({ kind: 'team', refId: null, name: '', people: 10 })}>{t('response.forms.addParticipant')}</Button>
          </>)}</Form.List>
        </Card>
        <Card size="small" title={t('response.forms.criteria')}>
          <fieldset disabled={locked('criteria')} style={{ border: 0, padding: 0, margin: 0 }}>
          <Form.List name="criteria" rules={[{ validator: (_r, v: unknown[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('response.forms.criteriaRequired')))) }]}>
            {(fields, { add, remove }, { errors }) => (<>
              {fields.map((f) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col span={13}><Form.Item name={[f.name, 'name']} rules={[req, { max: 200 }]}><Input placeholder={t('response.forms.criterion')} data-testid={`criterion-${f.name}`} /></Form.Item></Col>
                  <Col span={5}><Form.Item name={[f.name, 'weight']} rules={[req]}><InputNumber min={0.01} max={100} style={{ width: '100%' }} prefix={`${t('response.drills.weight')} `} /></Form.Item></Col>
                  <Col span={5}><Form.Item name={[f.name, 'maxScore']} rules={[req]}><InputNumber min={0.01} max={1000} style={{ width: '100%' }} prefix={`${t('response.drills.max')} `} /></Form.Item></Col>
                  <Col span={1}>{del(() => remove(f.name))}</Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', weight: 1, maxScore: 10 })}>{t('response.forms.addCriterion')}</Button>
            </>)}
          </Form.List>
          </fieldset>
        </Card>
      </Form>
    </Modal>
  );
}
