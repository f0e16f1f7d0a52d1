/**
 * Registering evacuation places (a click on the map places it) and routes (drawn on the map as a line, with their
 * throughput in people per hour and the base or area they lead to). Existing places and routes show beneath.
 * Editing opens the same forms filled in: the point moved by a click, an area's outline and a route redrawn; the
 * code, kind and region of a record stay as registered.
 */
import { Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validated } from '../../../lib/form.ts';
import { DrawMap, type LngLat } from '../../map/DrawMap.tsx';
import { evacApi, useEvacMutation, usePlaces, type Place, type PlaceCreate, type Route, type RouteCreate } from '../responseApi.ts';
import { Banner, RegionSelect, refusalOnForm, useRegionCentre } from './shared.tsx';
import { closedPolygon, outerRing, sameRing } from '../../map/shapes.ts';

const CODE = /^[A-Za-z0-9-]{2,40}$/;
const STATES = ['ready', 'limited', 'closed'] as const;
const BY_CODE = {
  EVACUATION_CODE_TAKEN: ['code'], EVACUATION_REGION_OUT_OF_SCOPE: ['regionCode'], EVACUATION_REGION_UNKNOWN: ['regionCode'], EVACUATION_DESTINATION_UNKNOWN: ['toPlaceId'],
};



function useBanner(open: boolean) {
  const [banner, setBanner] = useState<string | null>(null);
  useEffect(() => { if (open) setBanner(null); }, [open]);
  return { banner, setBanner };
}

export function PlaceForm({ open, onClose, onSaved, context, editing = null }: {
  open: boolean; onClose: () => void; onSaved: () => void; context: FeatureCollection | null; editing?: Place | null;
}) {
  const { t } = useTranslation();
  // The map's value is the list of points it drew (one, for a place): the field holds it as the map gives it.
  const [form] = Form.useForm<Omit<PlaceCreate, 'location'> & { location?: LngLat[]; outline?: LngLat[] }>();
  const { banner, setBanner } = useBanner(open);
  const create = useEvacMutation(evacApi.createPlace);
  const update = useEvacMutation(evacApi.updatePlace);
  const kind = Form.useWatch('kind', form);
  // A new place's map opens on the region picked (the server refuses a point outside its outline).
  const pickedRegion = Form.useWatch('regionCode', form) as string | undefined;
  const centre = useRegionCentre(editing ? null : pickedRegion);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({ kind: editing.kind, code: editing.code, name: editing.name, regionCode: editing.regionCode, capacity: editing.capacity, state: editing.state,
        location: [editing.location], outline: outerRing(editing.outline) });
    } else form.setFieldsValue({ kind: 'assembly', state: 'ready' });
  }, [open, form, editing]);
  const submit = async () => {
    const v = await validated(form);
    const location = v?.location?.[0];
    if (!v || !location) return;
    try {
      if (editing) {
        const corners = v.outline ?? [];
        // The outline goes back only when redrawn: a multi-part outline the map shows by its first ring stays whole.
        const outline = sameRing(corners, outerRing(editing.outline)) ? undefined : corners.length >= 3 ? closedPolygon(corners) : null;
        await update.mutateAsync({ id: editing.id, version: editing.version, name: v.name, capacity: v.capacity, state: v.state, location, ...(outline === undefined ? {} : { outline }) });
      } else {
        await create.mutateAsync({ kind: v.kind, code: v.code, name: v.name, regionCode: v.regionCode, capacity: v.capacity, state: v.state, location });
      }
      onSaved();
    } catch (err) {
      setBanner(refusalOnForm(form, err, BY_CODE) || null);
    }
  };
  const req = { required: true, message: t('response.forms.required') };
  return (
    <Modal open={open} onCancel={onClose} width={900} title={editing ? t('response.forms.editPlace', { name: editing.name }) : t('response.forms.newPlace')} destroyOnHidden
      onOk={() => void submit()} okText={t('response.forms.save')} confirmLoading={create.isPending || update.isPending} okButtonProps={{ 'data-testid': 'place-save' } as never}>
      <Banner text={banner} />
      <Form form={form} layout="vertical" data-testid="place-form">
        <Row gutter={12}>
          <Col span={6}><Form.Item name="kind" label={t('response.evacuation.kind')} rules={[req]}>
            <Select disabled={!!editing} options={(['assembly', 'base', 'area'] as const).map((k) => ({ value: k, label: t(`response.placeKinds.${k}`) }))} /></Form.Item></Col>
          <Col span={6}><Form.Item name="code" label={t('response.forms.code')} rules={[req, { pattern: CODE, message: t('response.forms.codeRule') }]}><Input data-testid="place-code" disabled={!!editing} /></Form.Item></Col>
          <Col span={12}><Form.Item name="name" label={t('response.forms.name')} rules={[req, { max: 200 }]}><Input data-testid="place-name" /></Form.Item></Col>
          <Col span={10}><Form.Item name="regionCode" label={t('response.forms.region')} rules={[req]}><RegionSelect testId="place-region" disabled={!!editing} /></Form.Item></Col>
          <Col span={7}><Form.Item name="capacity" label={t('response.evacuation.capacity')} rules={[req]}><InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="place-capacity" /></Form.Item></Col>
          <Col span={7}><Form.Item name="state" label={t('response.evacuation.state')}><Select options={STATES.map((s) => ({ value: s, label: t(`response.evacStates.${s}`) }))} /></Form.Item></Col>
        </Row>
        <Row gutter={12}>
          <Col span={editing && kind === 'area' ? 12 : 24}>
            <Form.Item name="location" label={t('response.forms.location')} initialValue={[]}
              rules={[{ validator: (_r, v: LngLat[] | undefined) => (v && v.length === 1 ? Promise.resolve() : Promise.reject(new Error(t('response.forms.locationRequired')))) }]}>
              <DrawMap mode="point" context={context} testId="place-map" focus={centre} focusZoom={14} />
            </Form.Item>
          </Col>
          {editing && kind === 'area' && (
            <Col span={12}>
              <Form.Item name="outline" label={t('response.forms.outline')} initialValue={[]} extra={t('response.forms.redrawHelp')}
                rules={[{ validator: (_r, v: LngLat[] | undefined) => (!v || v.length === 0 || v.length >= 3 ? Promise.resolve() : Promise.reject(new Error(t('response.forms.drawPolygon')))) }]}>
                <DrawMap mode="polygon" testId="place-outline-map" focus={editing.location} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}

export function RouteForm({ open, onClose, onSaved, context, editing = null }: {
  open: boolean; onClose: () => void; onSaved: () => void; context: FeatureCollection | null; editing?: Route | null;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Omit<RouteCreate, 'path'> & { path?: LngLat[] }>();
  const { banner, setBanner } = useBanner(open);
  const places = usePlaces();
  const create = useEvacMutation(evacApi.createRoute);
  // A new route's map opens on the region picked (the server refuses a line leaving its outline).
  const pickedRegion = Form.useWatch('regionCode', form) as string | undefined;
  const centre = useRegionCentre(editing ? null : pickedRegion);
  const update = useEvacMutation(evacApi.updateRoute);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({ code: editing.code, name: editing.name, regionCode: editing.regionCode, peoplePerHour: editing.peoplePerHour, state: editing.state,
        toPlaceId: editing.toPlaceId, path: editing.path.map((p) => [p[0], p[1]] as LngLat) });
    } else form.setFieldsValue({ state: 'ready', toPlaceId: null });
  }, [open, form, editing]);
  const submit = async () => {
    const v = await validated(form);
    if (!v || !v.path) return;
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, version: editing.version, name: v.name, peoplePerHour: v.peoplePerHour, state: v.state, path: v.path, toPlaceId: v.toPlaceId ?? null });
      } else {
        await create.mutateAsync({ code: v.code, name: v.name, regionCode: v.regionCode, peoplePerHour: v.peoplePerHour, state: v.state, path: v.path, toPlaceId: v.toPlaceId ?? null });
      }
      onSaved();
    } catch (err) {
      setBanner(refusalOnForm(form, err, BY_CODE) || null);
    }
  };
  const req = { required: true, message: t('response.forms.required') };
  const destinations = (places.data?.items ?? []).filter((p) => p.kind !== 'assembly');
  return (
    <Modal open={open} onCancel={onClose} width={900} title={editing ? t('response.forms.editRoute', { name: editing.name }) : t('response.forms.newRoute')} destroyOnHidden
      onOk={() => void submit()} okText={t('response.forms.save')} confirmLoading={create.isPending || update.isPending} okButtonProps={{ 'data-testid': 'route-save' } as never}>
      <Banner text={banner} />
      <Form form={form} layout="vertical" data-testid="route-form">
        <Row gutter={12}>
          <Col span={6}><Form.Item name="code" label={t('response.forms.code')} rules={[req, { pattern: CODE, message: t('response.forms.codeRule') }]}><Input data-testid="route-code" disabled={!!editing} /></Form.Item></Col>
          <Col span={10}><Form.Item name="name" label={t('response.forms.name')} rules={[req, { max: 200 }]}><Input data-testid="route-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="regionCode" label={t('response.forms.region')} rules={[req]}><RegionSelect testId="route-region" disabled={!!editing} /></Form.Item></Col>
          <Col span={8}><Form.Item name="peoplePerHour" label={t('response.forms.peoplePerHour')} rules={[req]}>
            <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="route-pph" /></Form.Item></Col>
          <Col span={6}><Form.Item name="state" label={t('response.evacuation.state')}><Select options={STATES.map((s) => ({ value: s, label: t(`response.evacStates.${s}`) }))} /></Form.Item></Col>
          <Col span={10}><Form.Item name="toPlaceId" label={t('response.forms.toPlace')}>
            <Select allowClear showSearch optionFilterProp="label" data-testid="route-to" options={destinations.map((p) => ({ value: p.id, label: `${p.name}（${t(`response.placeKinds.${p.kind}`)}）` }))} />
          </Form.Item></Col>
        </Row>
        <Form.Item name="path" label={t('response.forms.path')} initialValue={[]} extra={editing ? t('response.forms.redrawHelp') : undefined}
          rules={[{ validator: (_r, v: LngLat[] | undefined) => (v && v.length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('response.forms.pathRequired')))) }]}>
          <DrawMap mode="line" context={context} testId="route-map" focus={centre} focusZoom={14} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
