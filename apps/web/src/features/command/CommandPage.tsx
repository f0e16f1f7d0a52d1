/** 三级指挥部: the city, county and key-street commands as a tree, each with its commander and today's duty officers. */
import { App, Badge, Button, Card, Col, Descriptions, Drawer, Empty, Popconfirm, Row, Space, Table, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/useSession.ts';
import { ApiError } from '../../api/client.ts';
import { commandApi, type HqDetail, type HqSummary, useCommandMutation, useHq, useHqs, useVehicles } from './commandApi.ts';
import { AddButton, DutyForm, MemberUnitForm, PersonForm, type EditedPerson, type EditedUnit } from './forms.tsx';
import { levelLabel, postKindLabel, roleLabel, shiftLabel, vehicleStateLabel } from './labels.ts';
import './command.css';

function DutyLine({ hq }: { hq: HqSummary }) {
  const { t, i18n } = useTranslation();
  if (hq.today.length === 0) return <Typography.Text type="warning">{t('command.hq.noDuty')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      {hq.today.map((d) => (
        <Tag key={`${d.date}-${d.shift}`} color={d.onDutyNow ? 'red' : undefined} data-testid={d.onDutyNow ? 'duty-now' : undefined}>
          {shiftLabel(d.shift, i18n.language)} {d.name} {d.mobilePhone ?? ''}{d.onDutyNow ? ` · ${t('command.hq.onDutyNow')}` : ''}
        </Tag>
      ))}
    </Space>
  );
}

function HqDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hq = useHq(id);
  const d = hq.data;
  const can = useCan();
  const writer = can('command:write');
  const [form, setForm] = useState<'person' | 'unit' | 'duty' | null>(null);
  // The record an edit form opens with (null: the form adds).
  const [editPerson, setEditPerson] = useState<EditedPerson | null>(null);
  const [editUnit, setEditUnit] = useState<EditedUnit | null>(null);
  const { message } = App.useApp();
  const removePerson = useCommandMutation(commandApi.deletePerson);
  const removeUnit = useCommandMutation(commandApi.deleteMemberUnit);
  // A person on the duty roster, or a unit a plan or drill still names, is refused (409) with a message that says
  // which, in the user's language: shown long enough to read the titles it lists.
  const removing = async (run: () => Promise<unknown>) => {
    try {
      await run();
      message.success(t('command.form.deleted'));
    } catch (err) {
      message.error({ content: err instanceof ApiError ? err.message : String(err), duration: 8 });
    }
  };
  const remove = (p: HqDetail['persons'][number]) => removing(() => removePerson.mutateAsync({ id: p.id, version: p.version }));
  const removeMemberUnit = (u: HqDetail['memberUnits'][number]) => removing(() => removeUnit.mutateAsync({ id: u.id, version: u.version }));
  // The roster is listed by date and shift, ten a page: after setting a duty, the page holding it is shown.
  const [rosterPage, setRosterPage] = useState(1);
  // Another command opens on its first page.
  const [pagedFor, setPagedFor] = useState(id);
  if (pagedFor !== id) { setPagedFor(id); setRosterPage(1); }
  const rosterPageOf = (date: string, shift: string) => {
    const before = (d?.roster ?? []).filter((r) => r.date < date || (r.date === date && r.shift === 'day' && shift === 'night')).length;
    setRosterPage(Math.floor(before / 10) + 1);
  };
  // The section's title, with its add button for those who may edit the command structure.
  const heading = (title: string, which: 'person' | 'unit' | 'duty', label: string) => (
    <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
      <Typography.Title level={5}>{title}</Typography.Title>
      {writer && <AddButton label={label} testId={`add-${which}`} onClick={() => setForm(which)} />}
    </Space>
  );
  return (
    <Drawer open={id !== null} onClose={onClose} size={Math.min(760, window.innerWidth)} title={d?.name ?? t('command.hq.detail')} destroyOnHidden>
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          <Descriptions size="small" column={1} bordered items={[
            { key: 'level', label: levelLabel(d.level, lang), children: d.regionName ?? d.regionCode },
            { key: 'office', label: t('command.hq.office'), children: d.officePhone ?? '—' },
            { key: 'addr', label: t('command.hq.address'), children: d.address ?? '—' },
          ]} />
          <div>
            {heading(t('command.hq.persons'), 'person', t('command.form.addPerson'))}
            <Table size="small" rowKey="id" pagination={false} dataSource={d.persons} columns={[
              { title: t('command.hq.role'), dataIndex: 'role', render: (r: string) => roleLabel(r, lang), width: 100 },
              { title: t('command.hq.name'), dataIndex: 'name' },
              { title: t('command.hq.unit'), render: (_, p) => [p.title, p.unit].filter(Boolean).join(' · ') },
              { title: t('command.hq.phone'), dataIndex: 'mobilePhone' },
              ...(writer ? [{
                title: t('command.form.actions'), width: 120, render: (_: unknown, p: HqDetail['persons'][number]) => (
                  <Space size={0}>
                    <Button type="link" size="small" data-testid={`edit-person-${p.id}`} onClick={() => { setEditPerson(p); setForm('person'); }}>{t('command.form.edit')}</Button>
                    <Popconfirm title={t('command.form.deleteConfirm', { name: p.name })} onConfirm={() => remove(p)} okText={t('command.form.delete')} cancelText={t('command.form.cancel')}>
                      <Button type="link" size="small" danger data-testid={`delete-person-${p.id}`}>{t('command.form.delete')}</Button>
                    </Popconfirm>
                  </Space>
                ),
              }] : []),
            ]} />
          </div>
          <div>
            {heading(t('command.hq.memberUnits'), 'unit', t('command.form.addUnit'))}
            <Table size="small" rowKey="id" pagination={false} dataSource={d.memberUnits} columns={[
              { title: t('command.hq.unit'), dataIndex: 'name', width: 160 },
              { title: t('command.hq.peacetime'), dataIndex: 'peacetimeDuty' },
              { title: t('command.hq.wartime'), dataIndex: 'wartimeDuty' },
              { title: t('command.hq.contact'), render: (_, u) => `${u.contactName ?? ''} ${u.contactPhone ?? ''}` },
              ...(writer ? [{
                title: t('command.form.actions'), width: 120, render: (_: unknown, u: HqDetail['memberUnits'][number]) => (
                  <Space size={0}>
                    <Button type="link" size="small" data-testid={`edit-unit-${u.id}`} onClick={() => { setEditUnit(u); setForm('unit'); }}>{t('command.form.edit')}</Button>
                    <Popconfirm title={t('command.form.deleteConfirm', { name: u.name })} onConfirm={() => removeMemberUnit(u)} okText={t('command.form.delete')} cancelText={t('command.form.cancel')}>
                      <Button type="link" size="small" danger data-testid={`delete-unit-${u.id}`}>{t('command.form.delete')}</Button>
                    </Popconfirm>
                  </Space>
                ),
              }] : []),
            ]} />
          </div>
          <div>
            <Typography.Title level={5}>{t('command.hq.posts')}</Typography.Title>
            {d.posts.length === 0 ? <Typography.Text type="secondary">{t('command.hq.noPost')}</Typography.Text> : d.posts.map((p) => (
              <div key={p.id}><Tag color="blue">{postKindLabel(p.kind, lang)}</Tag>{p.name} — {t('command.hq.work')} {p.workCode} {p.workName}</div>
            ))}
          </div>
          <div>
            {heading(t('command.hq.roster'), 'duty', t('command.form.addDuty'))}
            <Table size="small" rowKey={(r) => `${r.date}-${r.shift}`} pagination={{ pageSize: 10, current: rosterPage, onChange: setRosterPage }} dataSource={d.roster} columns={[
              { title: t('command.hq.date'), dataIndex: 'date' },
              { title: t('command.hq.shift'), dataIndex: 'shift', render: (s: string) => shiftLabel(s, lang) },
              { title: t('command.hq.name'), dataIndex: 'name', render: (n: string, r) => (r.onDutyNow ? <Badge status="processing" text={n} /> : n) },
              { title: t('command.hq.phone'), dataIndex: 'mobilePhone' },
            ]} />
          </div>
          {writer && (
            <>
              <PersonForm hqId={d.id} open={form === 'person'} editing={editPerson} onClose={() => { setForm(null); setEditPerson(null); }} />
              <MemberUnitForm hqId={d.id} open={form === 'unit'} editing={editUnit} onClose={() => { setForm(null); setEditUnit(null); }} />
              <DutyForm hqId={d.id} persons={d.persons} open={form === 'duty'} onClose={() => setForm(null)} onSaved={(e) => rosterPageOf(e.date, e.shift)} />
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}

export default function CommandPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hqs = useHqs();
  const vehicles = useVehicles();
  const [open, setOpen] = useState<number | null>(null);
  const items = useMemo(() => hqs.data?.items ?? [], [hqs.data]);
  const tree = useMemo<DataNode[]>(() => {
    const ids = new Set(items.map((h) => h.id));
    const node = (h: HqSummary): DataNode => ({
      key: h.id,
      title: (
        <div className="command-hq-node" data-testid={`hq-${h.level}`}>
          <Space wrap>
            <Tag color={h.level === 'city' ? 'red' : h.level === 'county' ? 'orange' : 'blue'}>{levelLabel(h.level, lang)}</Tag>
            <Typography.Text strong>{h.name}</Typography.Text>
            {h.commander && <Typography.Text type="secondary">{t('command.hq.commander')}：{h.commander.name}（{h.commander.title}）</Typography.Text>}
          </Space>
          <div><Typography.Text type="secondary">{t('command.hq.onDuty')}：</Typography.Text><DutyLine hq={h} /></div>
        </div>
      ),
      children: items.filter((c) => c.parentId === h.id).map(node),
    });
    // Roots: commands whose parent the caller cannot see (a county user's own county).
    return items.filter((h) => h.parentId === null || !ids.has(h.parentId)).map(node);
  }, [items, lang, t]);

  return (
    <div className="page">
      <Typography.Title level={3}>{t('command.hq.title')}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card loading={hqs.isLoading}>
            {tree.length === 0 ? <Empty /> : (
              <Tree treeData={tree} defaultExpandAll blockNode selectable onSelect={(keys) => keys[0] !== undefined && setOpen(Number(keys[0]))} key={items.length} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('command.vehicles.title')} loading={vehicles.isLoading}>
            <Table size="small" rowKey={(f) => String(f.id)} pagination={false} dataSource={vehicles.data?.features ?? []} columns={[
              {
                title: t('command.vehicles.code'), render: (_, f) => (
                  <>
                    <div>{f.properties.name} <Tag>{vehicleStateLabel(f.properties.state, lang)}</Tag></div>
                    <Typography.Text type="secondary">{f.properties.code} · {f.properties.generation} · {t('command.vehicles.crew')} {f.properties.crew}</Typography.Text>
                    {f.properties.equipment && <div><Typography.Text type="secondary">{f.properties.equipment}</Typography.Text></div>}
                  </>
                ),
              },
              {
                title: t('command.vehicles.position'), render: (_, f) => {
                  const c = f.geometry.coordinates as [number, number];
                  const where = `${c[0].toFixed(4)}, ${c[1].toFixed(4)}`;
                  if (f.properties.live) return <Space orientation="vertical" size={0}><Badge status="processing" text={t('command.vehicles.live')} /><span>{where}</span></Space>;
                  return <Space orientation="vertical" size={0}><Typography.Text type="secondary">{f.properties.positionAt ? t('command.vehicles.lastKnown') : t('command.vehicles.home')}</Typography.Text><span>{where}</span></Space>;
                },
              },
            ]} />
          </Card>
        </Col>
      </Row>
      <HqDrawer id={open} onClose={() => setOpen(null)} />
    </div>
  );
}
