/** 队伍与装备: readiness per county and for the city, then every team with its readiness and flags; a drawer per team. */
import { App, Button, Card, Col, Drawer, Popconfirm, Progress, Row, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useCan } from '../auth/useSession.ts';
import { ApiError } from '../../api/client.ts';
import { commandApi, type TeamDetail, type TeamSummary, useCommandMutation, useReadiness, useTeam, useTeams } from './commandApi.ts';
import { AddButton, EquipmentForm, TeamForm, TeamMemberForm, type EditedEquipment, type EditedMember } from './forms.tsx';
import { ImportPreviewModal } from './ImportPreview.tsx';
import { equipmentStateLabel, pct, readinessColor, teamCategoryLabel, teamKindLabel } from './labels.ts';
import './command.css';

const flagColor: Record<string, string | undefined> = { expired: 'red', expiring: 'gold' };

function TeamDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const team = useTeam(id);
  const d = team.data;
  const navigate = useNavigate();
  const can = useCan();
  const writer = can('command:write');
  const [form, setForm] = useState<'member' | 'equipment' | 'team' | null>(null);
  // The record an edit form opens with (null: the form adds).
  const [editMember, setEditMember] = useState<EditedMember | null>(null);
  const [editItem, setEditItem] = useState<EditedEquipment | null>(null);
  const { message } = App.useApp();
  const removeMember = useCommandMutation(commandApi.deleteMember);
  const removeItem = useCommandMutation(commandApi.deleteEquipment);
  // A member or item a recorded roll-call points at is refused (409) with a message that says so.
  const removing = (run: () => Promise<unknown>) => async () => {
    try {
      await run();
      message.success(t('command.form.deleted'));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const actions = <R extends { id: number; version: number }>(which: 'member' | 'equipment', label: (r: R) => string, edit: (r: R) => void, del: (r: R) => Promise<unknown>) => (writer ? [{
    title: t('command.form.actions'), width: 110, render: (_: unknown, r: R) => (
      <Space size={0}>
        <Button type="link" size="small" data-testid={`edit-${which}-${r.id}`} onClick={() => { edit(r); setForm(which); }}>{t('command.form.edit')}</Button>
        <Popconfirm title={t('command.form.deleteConfirm', { name: label(r) })} onConfirm={removing(() => del(r))} okText={t('command.form.delete')} cancelText={t('command.form.cancel')}>
          <Button type="link" size="small" danger data-testid={`delete-${which}-${r.id}`}>{t('command.form.delete')}</Button>
        </Popconfirm>
      </Space>
    ),
  }] : []);
  // The API lists leaders (队长, 副队长) first, then members in the order they joined: after an add, the page holding
  // the new member is shown, so the clerk sees what was saved.
  const [memberPage, setMemberPage] = useState(1);
  // Another team opens on its first page.
  const [pagedFor, setPagedFor] = useState(id);
  if (pagedFor !== id) { setPagedFor(id); setMemberPage(1); }
  // A table's caption, with its add button for those who may edit teams.
  const caption = (title: string, which: 'member' | 'equipment', label: string) => (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      <span>{title}</span>
      {writer && <AddButton label={label} testId={`add-${which}`} onClick={() => setForm(which)} />}
    </Space>
  );
  return (
    <Drawer open={id !== null} onClose={onClose} size={Math.min(820, window.innerWidth)} title={d?.name} destroyOnHidden
      extra={d && can('teams:rollcall') && <Button type="primary" onClick={() => navigate(`/rollcall?team=${d.id}`)}>{t('command.teams.rollcallButton')}</Button>}>
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          <Space wrap>
            <Tag>{teamCategoryLabel(d.category, lang)}</Tag><Tag>{teamKindLabel(d.kind, lang)}</Tag>
            <span>{t('command.teams.baseUnit')}：{d.baseUnit}</span><span>{t('command.teams.leader')}：{d.leaderName} {d.leaderPhone}</span>
            {writer && <Button size="small" data-testid="edit-team" onClick={() => setForm('team')}>{t('command.form.editTeam')}</Button>}
          </Space>
          <Space size="large">
            <Statistic title={t('command.teams.people')} value={pct(d.readiness.peoplePct)} />
            <Statistic title={t('command.teams.equipment')} value={pct(d.readiness.equipmentPct)} />
          </Space>
          <Table size="small" rowKey="id" pagination={{ pageSize: 8, current: memberPage, onChange: setMemberPage }} dataSource={d.memberList} title={() => caption(t('command.teams.memberList'), 'member', t('command.form.addMember'))} columns={[
            { title: t('command.hq.name'), dataIndex: 'name' },
            { title: t('command.hq.role'), dataIndex: 'role' },
            { title: t('command.hq.phone'), dataIndex: 'phone' },
            { title: t('command.teams.qualification'), dataIndex: 'qualification' },
            { title: t('command.teams.expires'), render: (_, m) => <Space>{m.qualificationExpires ?? '—'}{flagColor[m.qualificationFlag] && <Tag color={flagColor[m.qualificationFlag]}>{t(`command.teams.flag.${m.qualificationFlag}`)}</Tag>}</Space> },
            ...actions<TeamDetail['memberList'][number]>('member', (m) => m.name, setEditMember, (m) => removeMember.mutateAsync({ id: m.id, version: m.version })),
          ]} />
          <Table size="small" rowKey="id" pagination={false} dataSource={d.equipmentList} title={() => caption(t('command.teams.equipmentList'), 'equipment', t('command.form.addEquipment'))} columns={[
            { title: t('command.teams.equipmentList'), render: (_, e) => `${e.kind} · ${e.name}` },
            { title: t('command.teams.count'), dataIndex: 'count' },
            { title: t('command.teams.location'), dataIndex: 'location' },
            { title: t('command.teams.state'), dataIndex: 'state', render: (s: string) => equipmentStateLabel(s, lang) },
            { title: t('command.teams.maintenanceDue'), render: (_, e) => <Space>{e.maintenanceDue ?? '—'}{flagColor[e.maintenanceFlag] && <Tag color={flagColor[e.maintenanceFlag]}>{t(`command.teams.flag.${e.maintenanceFlag}`)}</Tag>}</Space> },
            ...actions<TeamDetail['equipmentList'][number]>('equipment', (e) => `${e.kind} · ${e.name}`, setEditItem, (e) => removeItem.mutateAsync({ id: e.id, version: e.version })),
          ]} />
          <Table size="small" rowKey="id" pagination={false} dataSource={d.rollcalls} title={() => t('command.teams.rollcalls')} columns={[
            { title: t('command.rollcall.date'), dataIndex: 'scheduledFor' },
            { title: t('command.teams.state'), render: (_, r) => (r.state === 'recorded' ? `${r.recordedBy ?? ''} ${r.recordedAt ? new Date(r.recordedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : ''}` : '—') },
            { title: t('command.teams.people'), render: (_, r) => pct(r.readiness.peoplePct) },
            { title: t('command.teams.equipment'), render: (_, r) => pct(r.readiness.equipmentPct) },
          ]} />
          {writer && (
            <>
              <TeamMemberForm teamId={d.id} open={form === 'member'} editing={editMember} onClose={() => { setForm(null); setEditMember(null); }}
                onSaved={(m) => {
                  // A leader is listed first: a member made one moves to the first page, and is shown there.
                  if (m.role.includes('队长')) setMemberPage(1);
                  else if (!editMember) setMemberPage(Math.ceil((d.memberList.length + 1) / 8));
                }} />
              <TeamForm open={form === 'team'} editing={d} onClose={() => setForm(null)} />
              <EquipmentForm teamId={d.id} open={form === 'equipment'} editing={editItem} onClose={() => { setForm(null); setEditItem(null); }} />
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}

export default function TeamsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const readiness = useReadiness();
  const teams = useTeams();
  // ?team=<id> opens that team's card: where a plan, drill or key target's link to the team leads.
  const [params] = useSearchParams();
  const [open, setOpen] = useState<number | null>(() => (Number(params.get('team')) > 0 ? Number(params.get('team')) : null));
  const overall = readiness.data?.overall;
  const can = useCan();
  // The workbook being previewed (the preview modal asks the server what it would change, then applies it).
  const [importing, setImporting] = useState<File | null>(null);
  return (
    <div className="page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={3}>{t('command.teams.title')}</Typography.Title>
        {can('command:write') && (
          <Space>
            <Button onClick={() => void commandApi.exportTeams()} data-testid="teams-export">{t('command.teams.exportXlsx')}</Button>
            <Upload accept=".xlsx" showUploadList={false} customRequest={({ file }) => setImporting(file as File)}>
              <Button data-testid="teams-import">{t('command.teams.importXlsx')}</Button>
            </Upload>
          </Space>
        )}
      </Space>
      <Card title={t('command.teams.readiness')} loading={readiness.isLoading} className="command-readiness" style={{ marginBottom: 16 }}>
        {overall && (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Statistic title={`${t('command.teams.overall')} · ${t('command.teams.people')}`} value={pct(overall.peoplePct)} /></Col>
            <Col xs={12} md={6}><Statistic title={`${t('command.teams.overall')} · ${t('command.teams.equipment')}`} value={pct(overall.equipmentPct)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('command.teams.qualificationsFlagged')} value={overall.qualificationsFlagged} styles={{ content: { color: overall.qualificationsFlagged ? '#cf1322' : undefined } }} /></Col>
            <Col xs={12} md={6}><Statistic title={t('command.teams.upkeepFlagged')} value={overall.upkeepFlagged} styles={{ content: { color: overall.upkeepFlagged ? '#cf1322' : undefined } }} /></Col>
          </Row>
        )}
        <Table size="small" rowKey="regionCode" pagination={false} style={{ marginTop: 16 }} dataSource={readiness.data?.regions ?? []} columns={[
          { title: t('command.teams.region'), render: (_, r) => r.regionName ?? r.regionCode },
          { title: t('command.teams.rollcalls'), render: (_, r) => t('command.teams.checked', { checked: r.checked, teams: r.teams }) },
          { title: t('command.teams.people'), render: (_, r) => <Progress percent={r.peoplePct ?? 0} size="small" status={r.peoplePct === null ? 'normal' : undefined} format={() => pct(r.peoplePct)} /> },
          { title: t('command.teams.equipment'), render: (_, r) => <Progress percent={r.equipmentPct ?? 0} size="small" format={() => pct(r.equipmentPct)} /> },
          { title: t('command.teams.qualificationsFlagged'), dataIndex: 'qualificationsFlagged' },
          { title: t('command.teams.upkeepFlagged'), dataIndex: 'upkeepFlagged' },
        ]} />
      </Card>
      <Table<TeamSummary> size="small" rowKey="id" loading={teams.isLoading} dataSource={teams.data?.items ?? []} pagination={{ pageSize: 20 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('command.teams.code'), dataIndex: 'code', width: 90 },
          { title: t('command.teams.name'), dataIndex: 'name' },
          { title: t('command.teams.category'), render: (_, r) => `${teamCategoryLabel(r.category, lang)} · ${teamKindLabel(r.kind, lang)}` },
          { title: t('command.teams.region'), render: (_, r) => r.regionName ?? r.regionCode },
          { title: t('command.teams.members'), dataIndex: 'members', width: 70 },
          { title: t('command.teams.readiness'), render: (_, r) => (r.lastRollcallAt
            ? <Space><Tag color={readinessColor(r.readiness.peoplePct)}>{t('command.teams.people')} {pct(r.readiness.peoplePct)}</Tag><Tag color={readinessColor(r.readiness.equipmentPct)}>{t('command.teams.equipment')} {pct(r.readiness.equipmentPct)}</Tag></Space>
            : <Typography.Text type="secondary">{t('command.teams.never')}</Typography.Text>) },
          { title: '', render: (_, r) => <Space>{r.qualificationsFlagged > 0 && <Tag color="red">{t('command.teams.qualificationsFlagged')} {r.qualificationsFlagged}</Tag>}{r.upkeepFlagged > 0 && <Tag color="orange">{t('command.teams.upkeepFlagged')} {r.upkeepFlagged}</Tag>}</Space> },
        ]} />
      <TeamDrawer id={open} onClose={() => setOpen(null)} />
      <ImportPreviewModal file={importing} onClose={() => setImporting(null)} />
    </div>
  );
}
