/**
 * 警报器分组: custom groups (create, rename, delete; members chosen from a list or by drawing a box on the map, or by
 * clicking sirens) beside the regional groups, which the registry makes from each siren's region and are read-only.
 */
import { scopePrefix } from '@civdef/domain';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../auth/useSession.ts';
import { useRegions } from '../map/useMapData.ts';
import { coverageApi, useGroup, useGroupMutation, useGroups, useMapSirens } from './coverageApi.ts';
import { box, idsInBox } from './coverageMap.ts';
import { SirenMap } from './SirenMap.tsx';
import './coverage.css';

export default function SirenGroupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const writer = can('sirens:write');
  const groups = useGroups();
  const sirens = useMapSirens();
  const regions = useRegions();
  const [openId, setOpenId] = useState<number | null>(null);
  const group = useGroup(openId);
  const [members, setMembers] = useState<number[]>([]);
  const [dirty, setDirty] = useState(false);
  const [mode, setMode] = useState<'click' | 'box'>('click');
  const [corner, setCorner] = useState<[number, number] | null>(null);
  const [drawn, setDrawn] = useState<[[number, number], [number, number]] | null>(null);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const onError = (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));

  useEffect(() => {
    if (group.data && group.data.id === openId) {
      setMembers(group.data.sirenIds);
      setDirty(false);
    }
  }, [group.data, openId]);

  const create = useGroupMutation(coverageApi.createGroup);
  const update = useGroupMutation(({ id, ...body }: { id: number; name?: string; sirenIds?: number[] }) => coverageApi.updateGroup(id, body));
  const remove = useGroupMutation(coverageApi.removeGroup);

  const openGroup = groups.data?.custom.find((g) => g.id === openId);
  // A group holds only sirens of its own region (the registry refuses others): only those can be picked.
  const eligible = useMemo(() => {
    const prefix = openGroup ? scopePrefix(openGroup.regionCode) : null;
    return new Set((sirens.data?.features ?? []).filter((f) => prefix !== null && f.properties.regionCode.startsWith(prefix)).map((f) => f.properties.id));
  }, [sirens.data, openGroup]);
  const change = (next: number[]) => { setMembers([...new Set(next)].sort((a, b) => a - b)); setDirty(true); };
  const onMapClick = (p: [number, number]) => {
    if (openId === null || !writer || mode !== 'box') return;
    if (!corner) { setCorner(p); setDrawn(null); return; }
    setDrawn([corner, p]);
    setCorner(null);
    change([...members, ...idsInBox(sirens.data ?? null, corner, p).filter((id) => eligible.has(id))]);
  };
  const onSirenClick = (id: number) => {
    if (openId === null || !writer || mode !== 'click' || !eligible.has(id)) return;
    change(members.includes(id) ? members.filter((x) => x !== id) : [...members, id]);
  };
  const boxFc = useMemo((): FeatureCollection | null => (drawn ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: box(drawn[0], drawn[1]) }] } : null), [drawn]);
  const cornerFc = useMemo((): FeatureCollection | null => (corner ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: corner } }] } : null), [corner]);
  const sirenOptions = (sirens.data?.features ?? []).filter((f) => eligible.has(f.properties.id) || members.includes(f.properties.id))
    .map((f) => ({ value: f.properties.id, label: `${f.properties.code} ${f.properties.name}` }));

  return (
    <div className="page coverage-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('coverage.groups.title')}</Typography.Title>
        {writer ? <Button type="primary" onClick={() => setCreating(true)} data-testid="group-create">{t('coverage.groups.create')}</Button> : null}
      </Space>
      <div className="coverage-grid">
        <div className="coverage-map-col">
          {openGroup ? (
            <Space wrap className="coverage-map-tools">
              <Typography.Text strong>{t('coverage.groups.editing', { name: openGroup.name, count: members.length })}</Typography.Text>
              {writer ? (
                <>
                  <Radio.Group value={mode} onChange={(e) => { setMode(e.target.value as typeof mode); setCorner(null); }} optionType="button" size="small" options={[
                    { value: 'click', label: t('coverage.groups.modeClick') },
                    { value: 'box', label: t('coverage.groups.modeBox') },
                  ]} />
                  <Typography.Text type="secondary">{t(mode === 'box' ? (corner ? 'coverage.groups.boxSecond' : 'coverage.groups.boxFirst') : 'coverage.groups.clickHint')}</Typography.Text>
                </>
              ) : null}
            </Space>
          ) : <Typography.Text type="secondary">{t('coverage.groups.pick')}</Typography.Text>}
          <SirenMap sirens={sirens.data ?? null} marked={members} box={boxFc} added={cornerFc} onMapClick={onMapClick} onSirenClick={onSirenClick} testId="groups-map" height={640} />
        </div>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Card size="small" title={t('coverage.groups.custom')}>
            <Table
              rowKey="id" size="small" pagination={false} dataSource={groups.data?.custom ?? []} loading={groups.isLoading} data-testid="groups-table"
              rowClassName={(r) => (r.id === openId ? 'ant-table-row-selected' : '')}
              onRow={(r) => ({ onClick: () => { setOpenId(r.id); setDrawn(null); setCorner(null); }, style: { cursor: 'pointer' } })}
              columns={[
                { title: t('coverage.groups.name'), dataIndex: 'name' },
                { title: t('coverage.groups.region'), dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
                { title: t('coverage.groups.members'), dataIndex: 'members', width: 70, align: 'right' },
                ...(writer ? [{
                  title: '', width: 130, render: (_: unknown, r: { id: number; name: string }) => (
                    <Space size={4} onClick={(e) => e.stopPropagation()}>
                      <Button size="small" type="link" onClick={() => setRenaming({ id: r.id, name: r.name })}>{t('coverage.groups.rename')}</Button>
                      <Popconfirm title={t('coverage.groups.confirmDelete', { name: r.name })} onConfirm={() => remove.mutate(r.id, {
                        onSuccess: () => { if (openId === r.id) setOpenId(null); void message.success(t('coverage.groups.deleted')); }, onError,
                      })}>
                        <Button size="small" type="link" danger>{t('coverage.groups.delete')}</Button>
                      </Popconfirm>
                    </Space>
                  ),
                }] : []),
              ]}
            />
          </Card>
          {openGroup ? (
            <Card size="small" title={t('coverage.groups.membersOf', { name: openGroup.name })}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Select
                  mode="multiple" style={{ width: '100%' }} value={members} options={sirenOptions} disabled={!writer} optionFilterProp="label" maxTagCount={12}
                  placeholder={t('coverage.groups.listHint')} onChange={(v: number[]) => change(v)} data-testid="group-members"
                />
                {writer ? (
                  <Space>
                    <Button type="primary" disabled={!dirty} loading={update.isPending} data-testid="group-save"
                      onClick={() => update.mutate({ id: openGroup.id, sirenIds: members }, { onSuccess: () => { setDirty(false); void message.success(t('coverage.groups.saved')); }, onError })}>
                      {t('coverage.groups.save')}
                    </Button>
                    <Button disabled={!dirty} onClick={() => { setMembers(group.data?.sirenIds ?? []); setDirty(false); setDrawn(null); }}>{t('coverage.groups.revert')}</Button>
                    <Button disabled={members.length === 0} onClick={() => change([])}>{t('coverage.groups.clear')}</Button>
                  </Space>
                ) : null}
              </Space>
            </Card>
          ) : null}
          <Card size="small" title={t('coverage.groups.regional')} extra={<Tag>{t('coverage.groups.readOnly')}</Tag>}>
            <Table
              rowKey="code" size="small" pagination={{ pageSize: 8, size: 'small' }} dataSource={groups.data?.regions ?? []} data-testid="regional-groups"
              columns={[
                { title: t('coverage.groups.region'), render: (_, r) => `${r.name ?? r.code}` },
                { title: t('coverage.groups.level'), dataIndex: 'level', render: (v: string) => t(`coverage.level.${v}`, { defaultValue: v }) },
                { title: t('coverage.groups.members'), dataIndex: 'sirens', align: 'right' },
              ]}
            />
          </Card>
        </Space>
      </div>

      <Modal open={creating} title={t('coverage.groups.create')} footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form layout="vertical" onFinish={(v: { name: string; regionCode: string; description?: string }) => create.mutate(
          { name: v.name, regionCode: v.regionCode, description: v.description ?? null, sirenIds: [] },
          { onSuccess: (g) => { setCreating(false); setOpenId(g.id); void message.success(t('coverage.groups.created')); }, onError },
        )}>
          <Form.Item name="name" label={t('coverage.groups.name')} rules={[{ required: true, max: 64 }]}><Input data-testid="group-name" /></Form.Item>
          <Form.Item name="regionCode" label={t('coverage.groups.region')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" data-testid="group-region"
              options={(regions.data?.items ?? []).filter((r) => r.level !== 'province').map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))} />
          </Form.Item>
          <Form.Item name="description" label={t('coverage.groups.description')} rules={[{ max: 500 }]}><Input.TextArea rows={2} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="group-create-submit">{t('coverage.groups.create')}</Button>
        </Form>
      </Modal>
      <Modal open={renaming !== null} title={t('coverage.groups.rename')} onCancel={() => setRenaming(null)} okText={t('coverage.groups.save')} destroyOnHidden
        onOk={() => renaming && update.mutate({ id: renaming.id, name: renaming.name }, { onSuccess: () => setRenaming(null), onError })}>
        <Input value={renaming?.name} maxLength={64} onChange={(e) => setRenaming((r) => (r ? { ...r, name: e.target.value } : r))} data-testid="group-rename" />
      </Modal>
    </div>
  );
}
