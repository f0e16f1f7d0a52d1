/**
 * 整组点验 on a phone: pick the team, tick who turned up, count the equipment and how much of it works, record.
 * The team's open (scheduled) roll-call is recorded, or one is scheduled for today first.
 */
import { Alert, App, Button, Checkbox, Input, InputNumber, Result, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { commandApi, type TeamDetail, useCommandMutation, useTeam, useTeams } from './commandApi.ts';
import { pct } from './labels.ts';
import './command.css';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function RollcallForm({ team }: { team: TeamDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [present, setPresent] = useState<Set<number>>(new Set());
  const [counts, setCounts] = useState<Record<number, { counted: number; working: number }>>({});
  const [note, setNote] = useState('');
  const [done, setDone] = useState<TeamDetail | null>(null);
  useEffect(() => {
    setPresent(new Set());
    setCounts(Object.fromEntries(team.equipmentList.map((e) => [e.id, { counted: e.count, working: e.state === 'ready' ? e.count : 0 }])));
    setDone(null);
  }, [team.id, team.equipmentList]);

  const record = useCommandMutation(async () => {
    const open = team.rollcalls.find((r) => r.state === 'scheduled');
    const rollcallId = open?.id ?? (await commandApi.scheduleRollcall(team.id, today())).rollcalls.find((r) => r.state === 'scheduled')!.id;
    return commandApi.recordRollcall(rollcallId, {
      members: team.memberList.map((m) => ({ memberId: m.id, present: present.has(m.id) })),
      equipment: team.equipmentList.map((e) => ({ equipmentId: e.id, counted: counts[e.id]?.counted ?? 0, working: counts[e.id]?.working ?? 0 })),
      note: note || null,
    });
  });

  if (done) {
    return (
      <Result status="success" data-testid="rollcall-done"
        title={t('command.rollcall.recorded', { people: pct(done.readiness.peoplePct), equipment: pct(done.readiness.equipmentPct) })}
        extra={<Button onClick={() => setDone(null)}>{t('command.rollcall.title')}</Button>} />
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('command.rollcall.people')}（{present.size}/{team.memberList.length}）</Typography.Title>
        <Button size="small" onClick={() => setPresent(new Set(team.memberList.map((m) => m.id)))}>{t('command.rollcall.allPresent')}</Button>
      </Space>
      {team.memberList.map((m) => (
        <div className="rollcall-row" key={m.id}>
          <Checkbox checked={present.has(m.id)} data-testid={`present-${m.id}`} onChange={(e) => {
            const next = new Set(present);
            if (e.target.checked) next.add(m.id);
            else next.delete(m.id);
            setPresent(next);
          }}>{m.name}</Checkbox>
          <Typography.Text type="secondary">{m.role}</Typography.Text>
        </div>
      ))}
      <Typography.Title level={5}>{t('command.rollcall.equipment')}</Typography.Title>
      {team.equipmentList.map((e) => (
        <div className="rollcall-row" key={e.id}>
          <span>{e.name}</span>
          <Space>
            <InputNumber min={0} max={100000} value={counts[e.id]?.counted} aria-label={`${e.name} ${t('command.rollcall.counted')}`} style={{ width: 72 }}
              onChange={(v) => setCounts({ ...counts, [e.id]: { counted: v ?? 0, working: Math.min(counts[e.id]?.working ?? 0, v ?? 0) } })} />
            <InputNumber min={0} max={counts[e.id]?.counted ?? 0} value={counts[e.id]?.working} aria-label={`${e.name} ${t('command.rollcall.working')}`} style={{ width: 72 }}
              data-testid={`working-${e.id}`} onChange={(v) => setCounts({ ...counts, [e.id]: { counted: counts[e.id]?.counted ?? 0, working: v ?? 0 } })} />
          </Space>
        </div>
      ))}
      <Input.TextArea placeholder={t('command.rollcall.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} autoSize />
      {record.error && <Alert type="error" title={record.error.message} />}
      <Button type="primary" block size="large" loading={record.isPending} onClick={async () => {
        const result = await record.mutateAsync(undefined);
        setDone(result);
        message.success(t('command.rollcall.recorded', { people: pct(result.readiness.peoplePct), equipment: pct(result.readiness.equipmentPct) }));
      }}>{t('command.rollcall.submit')}</Button>
    </Space>
  );
}

export default function RollcallPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const teams = useTeams();
  const teamId = params.get('team') ? Number(params.get('team')) : null;
  const team = useTeam(teamId);
  const options = useMemo(() => (teams.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.code} ${x.name}` })), [teams.data]);
  return (
    <div className="page rollcall-page">
      <Typography.Title level={3}>{t('command.rollcall.title')}</Typography.Title>
      <Select showSearch optionFilterProp="label" style={{ width: '100%', marginBottom: 12 }} placeholder={t('command.rollcall.pickTeam')} options={options}
        value={teamId ?? undefined} onChange={(v: number) => setParams({ team: String(v) })} data-testid="rollcall-team" />
      {team.data && <RollcallForm team={team.data} />}
    </div>
  );
}
