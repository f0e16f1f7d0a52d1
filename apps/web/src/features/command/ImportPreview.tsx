/**
 * The teams import, previewed: the server says what the workbook would change, team by team (new, changed field by
 * field, unchanged; members matched by name, missing ones listed), highlighted here; the clerk decides whether to
 * remove what the file no longer lists and applies it. The apply carries the preview's fingerprint, so a change made
 * meanwhile is refused rather than overwritten — the preview is then asked again.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Checkbox, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { commandApi, type ImportPreview, useCommandMutation } from './commandApi.ts';
import { equipmentStateLabel, teamCategoryLabel, teamKindLabel } from './labels.ts';

type PreviewTeam = ImportPreview['teams'][number];
type Change = PreviewTeam['fields'][number];
type ListPlan = PreviewTeam['members'];

const statusColor: Record<string, string | undefined> = { new: 'green', changed: 'orange' };

/** One changed field: its name, the old value struck through, the new one marked. */
function ChangeLine({ c }: { c: Change }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const show = (v: Change['before']) => {
    if (v === null || v === '') return '—';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (c.field === 'category') return teamCategoryLabel(String(v), lang);
    if (c.field === 'kind') return teamKindLabel(String(v), lang);
    if (c.field === 'state') return equipmentStateLabel(String(v), lang);
    return String(v);
  };
  return (
    <div className="import-change">
      <Typography.Text type="secondary">{t(`command.teams.fields.${c.field}`, { defaultValue: c.field })}：</Typography.Text>
      <Typography.Text delete type="danger">{show(c.before)}</Typography.Text>{' → '}<Typography.Text strong className="import-after">{show(c.after)}</Typography.Text>
    </div>
  );
}

/** Members or equipment of one team: added, changed (with their fields), missing from the file. */
function ListCell({ plan, removeMissing }: { plan: ListPlan; removeMissing: boolean }) {
  const { t } = useTranslation();
  const parts: ReactNode[] = [];
  for (const a of plan.added) parts.push(<div key={`a${a.label}${parts.length}`}><Tag color="green">{t('command.teams.added')}</Tag>{a.label}</div>);
  for (const c of plan.changed) {
    parts.push(<div key={`c${c.id}`}><Tag color="orange">{t('command.teams.changed')}</Tag>{c.label}{c.changes.map((x) => <ChangeLine key={x.field} c={x} />)}</div>);
  }
  for (const m of plan.missing) {
    parts.push(
      <div key={`m${m.id}`}>
        <Tag color={removeMissing && !m.inRollcall ? 'red' : 'default'}>{t('command.teams.missing')}</Tag>
        <Typography.Text delete={removeMissing && !m.inRollcall}>{m.label}</Typography.Text>
        {m.inRollcall && <Typography.Text type="secondary">（{t('command.teams.pinned')}）</Typography.Text>}
      </div>,
    );
  }
  return parts.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : <>{parts}</>;
}

export function ImportPreviewModal({ file, onClose }: { file: File | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [removeMissing, setRemoveMissing] = useState(false);
  const [showUnchanged, setShowUnchanged] = useState(false);
  // Not under the 'teams' key: applying refreshes the teams, and must not ask for a preview of the file again.
  const preview = useQuery({
    queryKey: ['teams-import-preview', file?.name, file?.size, file?.lastModified],
    queryFn: () => commandApi.previewImport(file!),
    enabled: file !== null, retry: false, gcTime: 0, staleTime: Infinity,
  });
  const apply = useCommandMutation(commandApi.applyImport);
  const teams = preview.data?.teams ?? [];
  const count = (s: string) => teams.filter((x) => x.status === s).length;
  const anyChange = teams.some((x) => x.status !== 'unchanged');
  const close = () => { setRemoveMissing(false); setShowUnchanged(false); onClose(); };
  const ok = async () => {
    if (!file || !preview.data) return;
    try {
      const done = await apply.mutateAsync({ file, preview: preview.data.preview, removeMissing });
      message.success(t('command.teams.importDone', done));
      close();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
      // A stale preview: show what the file would change now.
      if (err instanceof ApiError && err.status === 409) void preview.refetch();
    }
  };
  const error = preview.error instanceof ApiError ? preview.error : null;
  return (
    <Modal open={file !== null} title={`${t('command.teams.importPreview')}${file ? ` · ${file.name}` : ''}`} width={1120} onCancel={close} onOk={() => void ok()}
      okText={t('command.teams.importApply')} cancelText={t('command.form.cancel')} confirmLoading={apply.isPending} destroyOnHidden
      okButtonProps={{ disabled: !anyChange, 'data-testid': 'import-apply' }}>
      {preview.error && (
        <Alert type="error" showIcon title={error?.message ?? String(preview.error)} data-testid="import-errors"
          description={error && error.details.length > 0 && <ul className="import-errors">{error.details.slice(0, 30).map((d, i) => <li key={i}>{d.message}</li>)}</ul>} />
      )}
      {preview.data && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-preview">
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{t('command.teams.previewSummary', { new: count('new'), changed: count('changed'), unchanged: count('unchanged') })}</Typography.Text>
            <Space><Switch size="small" checked={showUnchanged} onChange={setShowUnchanged} />{t('command.teams.showUnchanged')}</Space>
          </Space>
          {!anyChange && <Alert type="success" showIcon title={t('command.teams.noChanges')} />}
          <Checkbox checked={removeMissing} onChange={(e) => setRemoveMissing(e.target.checked)} data-testid="import-remove-missing">{t('command.teams.removeMissing')}</Checkbox>
          <Table<PreviewTeam> size="small" rowKey="code" pagination={{ pageSize: 8, hideOnSinglePage: true }} scroll={{ y: 460 }}
            dataSource={showUnchanged ? teams : teams.filter((x) => x.status !== 'unchanged')}
            rowClassName={(r) => `import-row-${r.status}`}
            columns={[
              { title: t('command.teams.code'), dataIndex: 'code', width: 110 },
              { title: t('command.teams.name'), dataIndex: 'name', width: 170 },
              { title: t('command.teams.state'), width: 90, render: (_, r) => <Tag color={statusColor[r.status]} data-testid={`import-status-${r.code}`}>{t(`command.teams.status.${r.status}`)}</Tag> },
              { title: t('command.teams.changes'), render: (_, r) => (r.fields.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : r.fields.map((c) => <ChangeLine key={c.field} c={c} />)) },
              { title: t('command.teams.memberList'), render: (_, r) => (r.status === 'new' ? `${t('command.teams.added')} ${r.members.added.length}` : <ListCell plan={r.members} removeMissing={removeMissing} />) },
              { title: t('command.teams.equipmentList'), render: (_, r) => (r.status === 'new' ? `${t('command.teams.added')} ${r.equipment.added.length}` : <ListCell plan={r.equipment} removeMissing={removeMissing} />) },
            ]} />
        </Space>
      )}
    </Modal>
  );
}
