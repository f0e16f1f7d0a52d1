/**
 * 重要经济目标 (internal only): the register with each target's readiness score and what lowers it, on the map
 * (footprints); a target's 七有 checklist and 一库一室一中心 edited in place, the score recomputed by the server.
 */
import { SEVEN_HAVES, ONE_LIBRARY_PARTS } from '@civdef/domain';
import { App, Button, Card, Checkbox, Col, Descriptions, Empty, Popconfirm, Progress, Row, Select, Space, Table, Tag } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/useSession.ts';
import { useErrorMessage } from './PlansPage.tsx';
import { ResponseMap } from './ResponseMap.tsx';
import { TargetForm } from './forms/TargetForm.tsx';
import { RefLink, RefSelect } from './forms/shared.tsx';
import { useDeleteTarget, useTarget, useTargets, useTargetsMap, useUpdateTarget, type Target } from './responseApi.ts';

/** The words of a shortfall code (seven_have.supplies, one_library.centre.building, funds…). */
function useShortfallText() {
  const { t } = useTranslation();
  return (code: string) => {
    const [head, part, building] = code.split('.');
    if (head === 'seven_have') return t(`response.shortfalls.seven_have.${part}`);
    if (head === 'one_library') return t(building ? `response.shortfalls.one_library_building.${part}` : `response.shortfalls.one_library.${part}`);
    return t(`response.shortfalls.${head}`);
  };
}

const scoreColor = (s: number) => (s >= 85 ? '#52c41a' : s >= 60 ? '#fa8c16' : '#cf1322');

export default function TargetsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useErrorMessage();
  const list = useTargets();
  const map = useTargetsMap();
  const [id, setId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);
  const remove = useDeleteTarget();
  const detail = useTarget(id);
  const update = useUpdateTarget();
  const text = useShortfallText();
  const layers = useMemo(() => [{ id: 'targets', kind: 'fill' as const, color: '#cf1322', data: (map.data ?? null) as FeatureCollection | null }], [map.data]);
  const d = detail.data;
  const save = (patch: Parameters<typeof update.mutate>[0]['patch']) => update.mutate({ id: id!, patch }, { onSuccess: () => void message.success(t('response.targets.saved')), onError });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={<Space>{t('response.targets.title')}<Tag color="red">{t('response.targets.internal')}</Tag></Space>}
            extra={can('response:write') && <Button type="primary" size="small" data-testid="new-target" onClick={() => setCreating(true)}>{t('response.forms.newTarget')}</Button>}>
            <TargetForm open={creating} onClose={() => setCreating(false)} onSaved={(newId) => { setCreating(false); setId(newId); void message.success(t('response.forms.targetSaved')); }} />
            <Table<Target> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false} data-testid="targets-table"
              onRow={(x) => ({ onClick: () => setId(x.id), style: { cursor: 'pointer', background: x.id === id ? '#e6f4ff' : undefined } })}
              columns={[
                { title: t('response.targets.name'), dataIndex: 'name', render: (v: string, x) => <>{v} {x.synthetic && <Tag color="orange">{t('response.synthetic')}</Tag>}</> },
                { title: t('response.targets.category'), dataIndex: 'category', width: 90, render: (v: string) => t(`response.categories.${v}`) },
                { title: t('response.targets.grade'), dataIndex: 'grade', width: 80, render: (v: string) => t(`response.grades.${v}`) },
                { title: t('response.targets.score'), key: 's', width: 140, render: (_: unknown, x) => <Progress percent={x.readiness.score} size="small" strokeColor={scoreColor(x.readiness.score)} format={(p) => `${p}`} /> },
                { title: t('response.targets.lacks'), key: 'l', render: (_: unknown, x) => x.readiness.shortfalls.map((s) => <Tag key={s.code} color="volcano">{text(s.code)} −{s.points}</Tag>) },
              ]} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small"><ResponseMap layers={layers} height={360} /></Card>
        </Col>
      </Row>
      {d ? (
        <Card size="small" title={<Space>{d.name}<Tag>{d.unitName}</Tag><Tag color={scoreColor(d.readiness.score)}>{t('response.targets.score')} {d.readiness.score}</Tag></Space>} data-testid="target-detail"
          extra={can('response:write') && <Space>
            <Button size="small" data-testid="target-edit" onClick={() => setEditing(true)}>{t('response.forms.edit')}</Button>
            <Popconfirm title={t('response.forms.confirmDelete', { name: d.name })} okText={t('response.forms.delete')}
              onConfirm={() => remove.mutate(d.id, { onSuccess: () => { setId(null); void message.success(t('response.forms.deleted')); }, onError })}>
              <Button size="small" danger data-testid="target-delete">{t('response.forms.delete')}</Button>
            </Popconfirm>
          </Space>}>
          <TargetForm open={editing} editing={d} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); void message.success(t('response.forms.saved')); }} />
          <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
            { key: 'c', label: t('response.targets.checklist'), children: (
              <Space wrap>{SEVEN_HAVES.map((k) => (
                <Checkbox key={k} checked={d.checklist[k] === true} disabled={!can('response:write')} onChange={(e) => save({ checklist: { [k]: e.target.checked } })}>{t(`response.sevenHaves.${k}`)}</Checkbox>
              ))}</Space>) },
            { key: 'o', label: t('response.targets.oneLibrary'), children: (
              <Space orientation="vertical">{ONE_LIBRARY_PARTS.map((k) => (
                <Space key={k}>{t(`response.oneLibraryParts.${k}`)}
                  <Select size="small" style={{ width: 100 }} value={d.oneLibrary[k] ?? 'none'} disabled={!can('response:write')}
                    onChange={(v) => save({ oneLibrary: { [k]: v as 'none' | 'building' | 'done' } })}
                    options={(['none', 'building', 'done'] as const).map((s) => ({ value: s, label: t(`response.buildStates.${s}`) }))} />
                </Space>
              ))}</Space>) },
            { key: 't', label: t('response.targets.team'), children: can('response:write')
              ? <Space><div style={{ width: 260 }}><RefSelect kind="team" value={d.repairTeam?.id ?? null} testId="target-team-edit"
                  onPicked={(r) => save({ repairTeam: r ? { id: r.id, name: r.name } : null })} /></div>
                {d.repairTeam && <RefLink kind="team" refId={d.repairTeam.id} name={d.repairTeam.name} />}</Space>
              : d.repairTeam ? <RefLink kind="team" refId={d.repairTeam.id} name={d.repairTeam.name} /> : '—' },
            { key: 'p', label: t('response.targets.plans'), children: d.plans.map((p) => <Tag key={p.id} color={p.approvedRevision ? 'green' : 'default'}>{p.title}</Tag>) },
            { key: 'f', label: t('response.targets.funds'), children: d.fundsThisYear },
            { key: 'dr', label: t('response.targets.lastDrill'), children: d.lastDrillOn ?? '—' },
            { key: 'l', label: t('response.targets.lacks'), children: d.readiness.shortfalls.length ? d.readiness.shortfalls.map((s) => <Tag key={s.code} color="volcano">{text(s.code)} −{s.points}</Tag>) : '—' },
          ]} />
        </Card>
      ) : <Card size="small"><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /></Card>}
    </Space>
  );
}
