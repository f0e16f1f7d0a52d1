/**
 * The clerk's forms of the command structure and of teams: a leader or person of a 指挥部, a member unit with its
 * peacetime and wartime duties, a duty roster entry, a team member and a piece of equipment. Each is a modal that
 * posts one record; a refusal of the server lands under the field it names (lib/form.ts), the rest in a banner.
 * Given `editing` (a record as listed), the person, member unit, member and equipment forms open filled in and send
 * only the fields the clerk changed, with the version read: a phone left as shown is not sent, so the server keeps
 * it sealed as it was; a phone cleared is sent as null and removed. Phones come back masked in the lists to those
 * who may not edit, as the API presents them.
 */
import { COMMAND_ROLES, DUTY_SHIFTS, EQUIPMENT_STATES, TEAM_CATEGORIES, TEAM_KINDS, teamKindAllowed } from '@civdef/domain';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client.ts';
import { serverErrorsOnFields, validated, type FieldPath } from '../../lib/form.ts';
import { useCommandMutation } from './commandApi.ts';
import { oneOfList } from './listRefusal.ts';
import { equipmentStateLabel, roleLabel, shiftLabel, teamCategoryLabel, teamKindLabel } from './labels.ts';

/** What the API accepts as a phone number (the schema's pattern), checked before the round trip. */
const PHONE = /^[0-9+()\- ]{3,30}$/;
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
/** An optional text the clerk left blank is sent as null, not as an empty string. */
const blank = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

/** The fields of `after` whose value differs from `before`: what an edit sends. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => (before[k] ?? null) !== (v ?? null))) as Partial<T>;
}
const asDay = (d: string | null | undefined) => (d ? dayjs(d) : null);

/** A modal holding one form: OK validates, posts, closes on success and otherwise keeps what the clerk typed. */
function FormModal<T extends object>({ open, title, form, onClose, onSaved, submit, listBody, byCode, testId, initialValues, children }: {
  open: boolean; title: string; form: FormInstance<T>; onClose: () => void; onSaved?: (values: T) => void; submit: (values: T) => Promise<unknown>;
  listBody?: boolean; byCode?: Record<string, FieldPath>; testId: string; initialValues?: Partial<T>; children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const values = await validated(form);
    if (!values) return;
    setBusy(true);
    setBanner(null);
    try {
      await submit(values);
      message.success(t('command.form.saved'));
      form.resetFields();
      onSaved?.(values);
      onClose();
    } catch (err) {
      if (err instanceof ApiError) setBanner(serverErrorsOnFields(form, listBody ? oneOfList(err) : err, byCode));
      else setBanner(String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={title} onOk={() => void ok()} confirmLoading={busy} onCancel={() => { setBanner(null); onClose(); }}
      okText={t('command.form.save')} cancelText={t('command.form.cancel')} destroyOnHidden width={560} okButtonProps={{ 'data-testid': `${testId}-ok` }}>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} data-testid="form-banner" />}
      <Form form={form} layout="vertical" data-testid={testId} preserve={false} initialValues={initialValues}>{children}</Form>
    </Modal>
  );
}

/** A button that opens one of the forms below (shown only to those who may write). */
export function AddButton({ label, testId, onClick }: { label: string; testId: string; onClick: () => void }) {
  return <Button size="small" onClick={onClick} data-testid={testId}>{label}</Button>;
}

function usePhoneRule() {
  const { t } = useTranslation();
  return { pattern: PHONE, message: t('command.form.phoneRule') };
}
function useRequired() {
  const { t } = useTranslation();
  return (field: string) => ({ required: true, whitespace: true, message: t('command.form.required', { field }) });
}
function useMax() {
  const { t } = useTranslation();
  return (field: string, max: number) => ({ max, message: t('command.form.tooLong', { field, max }) });
}

interface PersonValues { name: string; role: string; title?: string | null; unit?: string | null; mobilePhone?: string | null }
export interface EditedPerson extends PersonValues { id: number; version: number }
export function PersonForm({ hqId, open, onClose, editing }: { hqId: number; open: boolean; onClose: () => void; editing?: EditedPerson | null }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<PersonValues>();
  const required = useRequired();
  const max = useMax();
  const phone = usePhoneRule();
  const bodyOf = (v: PersonValues) => ({ name: v.name.trim(), role: v.role as 'commander', title: blank(v.title), unit: blank(v.unit), mobilePhone: blank(v.mobilePhone) });
  const save = useCommandMutation((v: PersonValues) => (editing
    ? call('patch', '/api/command/persons/{id}', { params: { id: editing.id }, body: { version: editing.version, ...changedFields(bodyOf(editing), bodyOf(v)) } })
    : call('post', '/api/command/hqs/{id}/persons', { params: { id: hqId }, body: bodyOf(v) })));
  return (
    <FormModal open={open} title={t(editing ? 'command.form.editPerson' : 'command.form.addPerson')} form={form} onClose={onClose} submit={save.mutateAsync} testId="person-form"
      initialValues={editing ?? undefined}>
      <Form.Item name="role" label={t('command.hq.role')} rules={[{ required: true, message: t('command.form.required', { field: t('command.hq.role') }) }]} initialValue="member">
        <Select options={COMMAND_ROLES.map((r) => ({ value: r.code, label: roleLabel(r.code, i18n.language) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('command.hq.name')} rules={[required(t('command.hq.name')), max(t('command.hq.name'), 50)]}><Input /></Form.Item>
      <Form.Item name="title" label={t('command.form.title')} rules={[max(t('command.form.title'), 100)]}><Input /></Form.Item>
      <Form.Item name="unit" label={t('command.hq.unit')} rules={[max(t('command.hq.unit'), 100)]}><Input /></Form.Item>
      <Form.Item name="mobilePhone" label={t('command.hq.phone')} rules={[phone]} extra={t(editing ? 'command.form.phoneKept' : 'command.form.phoneMasked')}>
        <Input autoComplete="off" inputMode="tel" />
      </Form.Item>
    </FormModal>
  );
}

interface UnitValues { name: string; peacetimeDuty: string; wartimeDuty: string; contactName?: string | null; contactPhone?: string | null }
export interface EditedUnit extends UnitValues { id: number; version: number }
export function MemberUnitForm({ hqId, open, onClose, editing }: { hqId: number; open: boolean; onClose: () => void; editing?: EditedUnit | null }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnitValues>();
  const required = useRequired();
  const max = useMax();
  const phone = usePhoneRule();
  const bodyOf = (v: UnitValues) => ({
    name: v.name.trim(), peacetimeDuty: v.peacetimeDuty.trim(), wartimeDuty: v.wartimeDuty.trim(), contactName: blank(v.contactName), contactPhone: blank(v.contactPhone),
  });
  const save = useCommandMutation((v: UnitValues) => (editing
    ? call('patch', '/api/command/member-units/{id}', { params: { id: editing.id }, body: { version: editing.version, ...changedFields(bodyOf(editing), bodyOf(v)) } })
    : call('post', '/api/command/hqs/{id}/member-units', { params: { id: hqId }, body: bodyOf(v) })));
  return (
    <FormModal open={open} title={t(editing ? 'command.form.editUnit' : 'command.form.addUnit')} form={form} onClose={onClose} submit={save.mutateAsync} testId="unit-form"
      initialValues={editing ?? undefined}>
      <Form.Item name="name" label={t('command.form.unitName')} rules={[required(t('command.form.unitName')), max(t('command.form.unitName'), 100)]}><Input /></Form.Item>
      <Form.Item name="peacetimeDuty" label={t('command.hq.peacetime')} rules={[required(t('command.hq.peacetime')), max(t('command.hq.peacetime'), 1000)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item name="wartimeDuty" label={t('command.hq.wartime')} rules={[required(t('command.hq.wartime')), max(t('command.hq.wartime'), 1000)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item name="contactName" label={t('command.hq.contact')} rules={[max(t('command.hq.contact'), 50)]}><Input /></Form.Item>
      <Form.Item name="contactPhone" label={t('command.form.contactPhone')} rules={[phone]} extra={t(editing ? 'command.form.phoneKept' : 'command.form.phoneMasked')}>
        <Input autoComplete="off" inputMode="tel" />
      </Form.Item>
    </FormModal>
  );
}

interface DutyValues { date: Dayjs; shift: string; personId: number }
export function DutyForm({ hqId, persons, open, onClose, onSaved }: {
  hqId: number; persons: ReadonlyArray<{ id: number; name: string; role: string }>; open: boolean; onClose: () => void;
  onSaved?: (entry: { date: string; shift: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<DutyValues>();
  const need = (field: string) => ({ required: true, message: t('command.form.required', { field }) });
  const set = useCommandMutation((v: DutyValues) => call('put', '/api/command/hqs/{id}/duty', {
    params: { id: hqId }, body: { date: day(v.date)!, shift: v.shift as 'day', personId: v.personId },
  }));
  return (
    <FormModal open={open} title={t('command.form.addDuty')} form={form} onClose={onClose} submit={set.mutateAsync} testId="duty-form"
      onSaved={(v) => onSaved?.({ date: day(v.date)!, shift: v.shift })}
      byCode={{ COMMAND_PERSON_NOT_FOUND: ['personId'] }}>
      <Form.Item name="date" label={t('command.hq.date')} rules={[need(t('command.hq.date'))]}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="shift" label={t('command.hq.shift')} rules={[need(t('command.hq.shift'))]} initialValue="day">
        <Select options={DUTY_SHIFTS.map((s) => ({ value: s.code, label: `${shiftLabel(s.code, i18n.language)} ${s.from}–${s.to}` }))} />
      </Form.Item>
      <Form.Item name="personId" label={t('command.form.dutyPerson')} rules={[need(t('command.form.dutyPerson'))]} extra={t('command.form.dutyReplaces')}>
        <Select showSearch optionFilterProp="label" notFoundContent={t('command.form.noPersons')}
          options={persons.map((p) => ({ value: p.id, label: `${p.name}（${roleLabel(p.role, i18n.language)}）` }))} />
      </Form.Item>
    </FormModal>
  );
}

interface MemberValues { name: string; role: string; phone?: string | null; qualification?: string | null; qualificationExpires?: Dayjs | null; volunteer?: boolean }
export interface EditedMember { id: number; version: number; name: string; role: string; phone: string | null; qualification: string | null; qualificationExpires: string | null; volunteer: boolean }
export function TeamMemberForm({ teamId, open, onClose, onSaved, editing }: {
  teamId: number; open: boolean; onClose: () => void; onSaved?: (values: { role: string }) => void; editing?: EditedMember | null;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MemberValues>();
  const required = useRequired();
  const max = useMax();
  const phone = usePhoneRule();
  const bodyOf = (v: MemberValues) => ({
    name: v.name.trim(), role: v.role.trim(), phone: blank(v.phone), qualification: blank(v.qualification),
    qualificationExpires: day(v.qualificationExpires), volunteer: v.volunteer ?? false,
  });
  const initial = editing ? { ...editing, qualificationExpires: asDay(editing.qualificationExpires) } : undefined;
  const save = useCommandMutation((v: MemberValues) => (editing && initial
    ? call('patch', '/api/team-members/{id}', { params: { id: editing.id }, body: { version: editing.version, ...changedFields(bodyOf(initial), bodyOf(v)) } })
    : call('post', '/api/teams/{id}/members', { params: { id: teamId }, body: [bodyOf(v)] })));
  return (
    <FormModal open={open} title={t(editing ? 'command.form.editMember' : 'command.form.addMember')} form={form} onClose={onClose} onSaved={onSaved} submit={save.mutateAsync}
      listBody={!editing} testId="member-form" initialValues={initial}>
      <Form.Item name="name" label={t('command.hq.name')} rules={[required(t('command.hq.name')), max(t('command.hq.name'), 50)]}><Input data-testid="member-name" /></Form.Item>
      <Form.Item name="role" label={t('command.form.memberRole')} rules={[required(t('command.form.memberRole')), max(t('command.form.memberRole'), 30)]}
        extra={t('command.form.memberRoleHint')}><Input data-testid="member-role" /></Form.Item>
      <Form.Item name="phone" label={t('command.hq.phone')} rules={[phone]} extra={t(editing ? 'command.form.phoneKept' : 'command.form.phoneMasked')}><Input autoComplete="off" inputMode="tel" /></Form.Item>
      <Form.Item name="qualification" label={t('command.teams.qualification')} rules={[max(t('command.teams.qualification'), 100)]}><Input /></Form.Item>
      <Form.Item name="qualificationExpires" label={t('command.teams.expires')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="volunteer" valuePropName="checked"><Checkbox>{t('command.form.volunteer')}</Checkbox></Form.Item>
    </FormModal>
  );
}

interface EquipmentValues { kind: string; name: string; count: number; location?: string | null; state: string; maintenanceDue?: Dayjs | null }
export interface EditedEquipment { id: number; version: number; kind: string; name: string; count: number; location: string | null; state: string; maintenanceDue: string | null }
export function EquipmentForm({ teamId, open, onClose, editing }: { teamId: number; open: boolean; onClose: () => void; editing?: EditedEquipment | null }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<EquipmentValues>();
  const required = useRequired();
  const max = useMax();
  const bodyOf = (v: EquipmentValues) => ({
    kind: v.kind.trim(), name: v.name.trim(), count: v.count, location: blank(v.location), state: v.state as 'ready', maintenanceDue: day(v.maintenanceDue),
  });
  const initial = editing ? { ...editing, maintenanceDue: asDay(editing.maintenanceDue) } : undefined;
  const save = useCommandMutation((v: EquipmentValues) => (editing && initial
    ? call('patch', '/api/team-equipment/{id}', { params: { id: editing.id }, body: { version: editing.version, ...changedFields(bodyOf(initial), bodyOf(v)) } })
    : call('post', '/api/teams/{id}/equipment', { params: { id: teamId }, body: [bodyOf(v)] })));
  return (
    <FormModal open={open} title={t(editing ? 'command.form.editEquipment' : 'command.form.addEquipment')} form={form} onClose={onClose} submit={save.mutateAsync}
      listBody={!editing} testId="equipment-form" initialValues={initial}>
      <Form.Item name="kind" label={t('command.form.equipmentKind')} rules={[required(t('command.form.equipmentKind')), max(t('command.form.equipmentKind'), 50)]}
        extra={t('command.form.equipmentKindHint')}><Input data-testid="equipment-kind" /></Form.Item>
      <Form.Item name="name" label={t('command.form.equipmentName')} rules={[required(t('command.form.equipmentName')), max(t('command.form.equipmentName'), 100)]}><Input data-testid="equipment-name" /></Form.Item>
      <Form.Item name="count" label={t('command.teams.count')} initialValue={1}
        rules={[{ required: true, message: t('command.form.required', { field: t('command.teams.count') }) }, { type: 'integer', min: 0, max: 100_000, message: t('command.form.countRule') }]}>
        <InputNumber min={0} max={100_000} precision={0} style={{ width: '100%' }} data-testid="equipment-count" />
      </Form.Item>
      <Form.Item name="location" label={t('command.teams.location')} rules={[max(t('command.teams.location'), 200)]}><Input /></Form.Item>
      <Form.Item name="state" label={t('command.teams.state')} initialValue="ready">
        <Select options={EQUIPMENT_STATES.map((s) => ({ value: s.code, label: equipmentStateLabel(s.code, i18n.language) }))} />
      </Form.Item>
      <Form.Item name="maintenanceDue" label={t('command.teams.maintenanceDue')}><DatePicker style={{ width: '100%' }} /></Form.Item>
    </FormModal>
  );
}

interface TeamValues { name: string; category: string; kind: string; baseUnit: string; lng: number; lat: number; leaderName?: string | null; leaderPhone?: string | null }
export interface EditedTeam { id: number; version: number; name: string; category: string; kind: string; baseUnit: string; location: [number, number]; leaderName: string | null; leaderPhone: string | null }
/**
 * A team's own fields (not its code, which imports match by, nor its region). The kinds offered follow the category
 * chosen, by the domain's rule the server applies too; a kind that no longer fits is cleared for the clerk to pick.
 */
export function TeamForm({ open, onClose, editing }: { open: boolean; onClose: () => void; editing: EditedTeam }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [form] = Form.useForm<TeamValues>();
  const required = useRequired();
  const max = useMax();
  const phoneRule = usePhoneRule();
  const category = Form.useWatch('category', form) ?? editing.category;
  const f = (k: string) => t(`command.teams.fields.${k}`);
  const bodyOf = (v: TeamValues) => ({
    name: v.name.trim(), category: v.category as 'professional', kind: v.kind as 'repair', baseUnit: v.baseUnit.trim(),
    leaderName: blank(v.leaderName), leaderPhone: blank(v.leaderPhone),
  });
  // Shown to six decimals (about 0.1 m): a point left as shown is not sent, so the stored one is kept exactly.
  const sixDp = (x: number) => Math.round(x * 1e6) / 1e6;
  const initial: TeamValues = { ...editing, lng: sixDp(editing.location[0]), lat: sixDp(editing.location[1]) };
  const save = useCommandMutation((v: TeamValues) => {
    const moved = v.lng !== initial.lng || v.lat !== initial.lat;
    return call('patch', '/api/teams/{id}', { params: { id: editing.id }, body: {
      version: editing.version, ...changedFields(bodyOf(initial), bodyOf(v)), ...(moved ? { location: [v.lng, v.lat] as [number, number] } : {}),
    } });
  });
  const coordinate = (k: 'lng' | 'lat', min: number, maxValue: number) => (
    <Form.Item name={k} label={f(k)} rules={[{ required: true, message: t('command.form.required', { field: f(k) }) }]} style={{ flex: 1 }}>
      <InputNumber min={min} max={maxValue} step={0.0001} precision={6} style={{ width: '100%' }} data-testid={`team-${k}`} />
    </Form.Item>
  );
  return (
    <FormModal open={open} title={t('command.form.editTeam')} form={form} onClose={onClose} submit={save.mutateAsync} testId="team-form" initialValues={initial}
      byCode={{ TEAMS_KIND_CATEGORY: ['kind'] }}>
      <Form.Item name="name" label={f('name')} rules={[required(f('name')), max(f('name'), 100)]}><Input data-testid="team-name" /></Form.Item>
      <Form.Item name="category" label={f('category')}>
        <Select data-testid="team-category" options={TEAM_CATEGORIES.map((c) => ({ value: c.code, label: teamCategoryLabel(c.code, lang) }))}
          onChange={(c: string) => { if (!teamKindAllowed(c, form.getFieldValue('kind') as string)) form.setFieldValue('kind', undefined); }} />
      </Form.Item>
      <Form.Item name="kind" label={f('kind')} rules={[{ required: true, message: t('command.form.required', { field: f('kind') }) }]}>
        <Select data-testid="team-kind" options={TEAM_KINDS.filter((k) => teamKindAllowed(category, k.code)).map((k) => ({ value: k.code, label: teamKindLabel(k.code, lang) }))} />
      </Form.Item>
      <Form.Item name="baseUnit" label={f('baseUnit')} rules={[required(f('baseUnit')), max(f('baseUnit'), 100)]}><Input data-testid="team-base-unit" /></Form.Item>
      <div style={{ display: 'flex', gap: 12 }}>
        {coordinate('lng', 73, 136)}
        {coordinate('lat', 3, 54)}
      </div>
      <Form.Item name="leaderName" label={f('leaderName')} rules={[max(f('leaderName'), 50)]}><Input data-testid="team-leader" /></Form.Item>
      <Form.Item name="leaderPhone" label={f('leaderPhone')} rules={[phoneRule]} extra={t('command.form.phoneKept')}><Input data-testid="team-leader-phone" /></Form.Item>
    </FormModal>
  );
}
