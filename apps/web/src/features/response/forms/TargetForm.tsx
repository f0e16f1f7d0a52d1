/**
 * Registering or editing a key economic target: its unit, category and grade, its point (a click on the map) and footprint
 * (corners clicked on the map), the 七有 checklist as it stands, and the repair team picked from the command half.
 * Editing fills the form from the target: a click moves the point, 清除 and new corners redraw the footprint.
 */
import { SEVEN_HAVES, TARGET_CATEGORIES, TARGET_GRADES } from '@civdef/domain';
import { Checkbox, Col, Form, Input, Modal, Row, Select } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validated } from '../../../lib/form.ts';
import { DrawMap, type LngLat } from '../../map/DrawMap.tsx';
import { useCreateTarget, useUpdateTarget, type TargetCreate, type TargetDetail } from '../responseApi.ts';
import { Banner, RefSelect, RegionSelect, refusalOnForm, useRegionCentre } from './shared.tsx';
import { closedPolygon, outerRing, sameRing } from '../../map/shapes.ts';

interface Values {
  code: string; name: string; category: TargetCreate['category']; grade: TargetCreate['grade']; unitName: string; regionCode: string;
  location: LngLat[]; footprint: LngLat[]; checklist: string[]; repairTeamId?: number | null; repairTeamName?: string;
}

export function TargetForm({ open, onClose, onSaved, editing = null }: { open: boolean; onClose: () => void; onSaved: (id: number) => void; editing?: TargetDetail | null }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const create = useCreateTarget();
  const update = useUpdateTarget();
  // The footprint is drawn around the point: its map centres there, close up, with the point shown.
  const point = (Form.useWatch('location', form) as LngLat[] | undefined)?.[0] ?? null;
  // A new target's point map opens on the region picked (the server refuses a point outside its outline).
  const pickedRegion = Form.useWatch('regionCode', form) as string | undefined;
  const centre = useRegionCentre(editing ? null : pickedRegion);
  const pointContext = useMemo<FeatureCollection | null>(() => (point ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: point } }] } : null), [point?.[0], point?.[1]]);
  useEffect(() => {
    if (!open) return;
    setBanner(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        code: editing.code, name: editing.name, category: editing.category as Values['category'], grade: editing.grade as Values['grade'], unitName: editing.unitName,
        regionCode: editing.regionCode, location: [editing.location], footprint: outerRing(editing.footprint),
        checklist: Object.entries(editing.checklist).filter(([, on]) => on).map(([k]) => k), repairTeamId: editing.repairTeam?.id ?? null, repairTeamName: editing.repairTeam?.name ?? '',
      });
    }
  }, [open, form, editing]);
  const submit = async () => {
    const v = await validated(form);
    if (!v || !v.location[0]) return;
    const fields = {
      name: v.name, category: v.category, grade: v.grade, unitName: v.unitName, regionCode: v.regionCode, location: v.location[0],
      checklist: Object.fromEntries(SEVEN_HAVES.map((k) => [k, v.checklist.includes(k)])),
    };
    const repairTeam = v.repairTeamId ? { id: v.repairTeamId, name: v.repairTeamName ?? '' } : null;
    const footprint = v.footprint.length >= 3 ? closedPolygon(v.footprint) : null;
    try {
      if (editing) {
        // The footprint goes back only when redrawn: a multi-part footprint the map shows by its first ring stays whole.
        const redrawn = !sameRing(v.footprint, outerRing(editing.footprint));
        // So does the team only when another was picked: a team named as text only (no id) is not lost by an edit.
        const teamPicked = (v.repairTeamId ?? null) !== (editing.repairTeam?.id ?? null);
        const res = await update.mutateAsync({ id: editing.id, patch: { version: editing.version, ...fields, ...(redrawn ? { footprint } : {}), ...(teamPicked ? { repairTeam } : {}) } });
        onSaved(res.id);
      } else {
        const res = await create.mutateAsync({ code: v.code, ...fields, footprint, repairTeam });
        onSaved(res.id);
      }
    } catch (err) {
      setBanner(refusalOnForm(form, err, {
        TARGETS_CODE_TAKEN: ['code'], TARGETS_REGION_OUT_OF_SCOPE: ['regionCode'], TARGETS_REGION_UNKNOWN: ['regionCode'], TARGETS_FOOTPRINT_INVALID: ['footprint'],
        TARGETS_GEOMETRY_INVALID: ['location'], TARGETS_TEAM_UNKNOWN: ['repairTeamId'],
      }) || null);
    }
  };
  const req = { required: true, message: t('response.forms.required') };
  return (
    <Modal open={open} onCancel={onClose} width={1000} title={editing ? t('response.forms.editTarget', { name: editing.name }) : t('response.forms.newTarget')} destroyOnHidden
      onOk={() => void submit()} okText={t('response.forms.save')} confirmLoading={create.isPending || update.isPending} okButtonProps={{ 'data-testid': 'target-save' } as never}>
      <Banner text={banner} />
      <Form form={form} layout="vertical" data-testid="target-form" initialValues={{ category: 'energy', grade: 'city', location: [], footprint: [], checklist: [] }}>
        <Row gutter={12}>
          <Col span={5}><Form.Item name="code" label={t('response.forms.code')} rules={[req, { pattern: /^[A-Za-z0-9-]{2,40}$/, message: t('response.forms.codeRule') }]}><Input data-testid="target-code" disabled={!!editing} /></Form.Item></Col>
          <Col span={9}><Form.Item name="name" label={t('response.forms.name')} rules={[req, { max: 200 }]}><Input data-testid="target-name" /></Form.Item></Col>
          <Col span={10}><Form.Item name="unitName" label={t('response.forms.unitName')} rules={[req, { max: 200 }]}><Input data-testid="target-unit" /></Form.Item></Col>
          <Col span={5}><Form.Item name="category" label={t('response.targets.category')} rules={[req]}>
            <Select options={TARGET_CATEGORIES.map((k) => ({ value: k, label: t(`response.categories.${k}`) }))} /></Form.Item></Col>
          <Col span={5}><Form.Item name="grade" label={t('response.targets.grade')} rules={[req]}>
            <Select options={TARGET_GRADES.map((k) => ({ value: k, label: t(`response.grades.${k}`) }))} /></Form.Item></Col>
          <Col span={7}><Form.Item name="regionCode" label={t('response.forms.region')} rules={[req]}><RegionSelect testId="target-region" /></Form.Item></Col>
          <Col span={7}>
            <Form.Item name="repairTeamName" hidden><Input /></Form.Item>
            <Form.Item name="repairTeamId" label={t('response.forms.repairTeam')}>
              <RefSelect kind="team" testId="target-team" onPicked={(r) => form.setFieldValue('repairTeamName', r?.name ?? '')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="checklist" label={t('response.targets.checklist')}>
          <Checkbox.Group options={SEVEN_HAVES.map((k) => ({ value: k, label: t(`response.sevenHaves.${k}`) }))} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="location" label={t('response.forms.location')}
              rules={[{ validator: (_r, v: LngLat[] | undefined) => (v?.length === 1 ? Promise.resolve() : Promise.reject(new Error(t('response.forms.locationRequired')))) }]}>
              <DrawMap mode="point" testId="target-point-map" height={260} focus={centre} focusZoom={14} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="footprint" label={t('response.forms.footprint')} extra={t(editing ? 'response.forms.redrawHelp' : 'response.forms.footprintHelp')}
              rules={[{ validator: (_r, v: LngLat[] | undefined) => (!v || v.length === 0 || v.length >= 3 ? Promise.resolve() : Promise.reject(new Error(t('response.forms.drawPolygon')))) }]}>
              <DrawMap mode="polygon" testId="target-footprint-map" height={260} focus={point} context={pointContext} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
