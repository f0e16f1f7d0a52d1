/**
 * Pieces the response forms share: the picker of a member unit or team (a real reference: the server checks the id
 * and stores the record's name), the jurisdiction picker, and how a refusal lands on the form.
 */
import { Alert, Select, Tag } from 'antd';
import type { FormInstance } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { serverErrorsOnFields, type FieldPath } from '../../../lib/form.ts';
import { teamKindLabel } from '../../command/labels.ts';
import { useRegions } from '../../warning/warningApi.ts';
import { useCommandRefs, type CommandRef } from '../responseApi.ts';

export type RefKind = 'unit' | 'team';

/** A member unit or team of the caller's jurisdiction; picking one hands its name back for the text beside the id. */
export function RefSelect({ kind, value, onChange, onPicked, testId }: {
  kind: RefKind; value?: number | null; onChange?: (v: number | null) => void; onPicked?: (ref: CommandRef | null) => void; testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const refs = useCommandRefs();
  const items = (refs.data?.items ?? []).filter((r) => r.kind === kind);
  return (
    <Select<number> allowClear showSearch optionFilterProp="label" loading={refs.isLoading} value={value ?? undefined} data-testid={testId}
      placeholder={t(kind === 'team' ? 'response.forms.pickTeam' : 'response.forms.pickUnit')}
      onChange={(v) => { onChange?.(v ?? null); onPicked?.(items.find((r) => r.id === v) ?? null); }}
      options={items.map((r) => ({ value: r.id, label: `${r.name}（${r.kind === 'team' ? teamKindLabel(r.detail, i18n.language) : r.detail}）` }))} />
  );
}

/** The page a reference opens: a team's card, or the command structure (where member units are listed by command). */
export function RefLink({ kind, refId, name }: { kind: RefKind; refId: number | null; name: string }) {
  const { t } = useTranslation();
  if (refId === null) return <>{name} <Tag>{t('response.forms.unregistered')}</Tag></>;
  return <Link to={kind === 'team' ? `/teams?team=${refId}` : '/command'} data-testid={`ref-${kind}-${refId}`}>{name}</Link>;
}

/** Counties and towns of the jurisdiction (the region a record is filed under). */
export function RegionSelect({ value, onChange, testId, disabled }: { value?: string; onChange?: (v: string) => void; testId?: string; disabled?: boolean }) {
  const regions = useRegions();
  return (
    <Select showSearch optionFilterProp="label" value={value} onChange={onChange} data-testid={testId} loading={regions.isLoading} disabled={disabled}
      options={(regions.data?.items ?? []).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))} />
  );
}

/**
 * The centre of the region a new record is filed under, for its drawing map to open there: the server refuses a
 * point or line outside the region's outline, so drawing on the whole city's view invites a refusal. Null while none
 * is picked (or the region has no centre on record).
 */
export function useRegionCentre(regionCode: string | null | undefined): [number, number] | null {
  const regions = useRegions();
  const r = regionCode ? (regions.data?.items ?? []).find((x) => x.code === regionCode) : undefined;
  return (r?.centroid as [number, number] | null | undefined) ?? null;
}

/** Puts the server's refusal under its fields; what has no field comes back for the banner. */
export function refusalOnForm(form: FormInstance, err: unknown, byCode: Record<string, FieldPath> = {}, fallback = ''): string {
  if (!(err instanceof ApiError)) return fallback || String(err);
  return serverErrorsOnFields(form, err, byCode) ?? '';
}

export function Banner({ text }: { text: string | null }) {
  return text ? <Alert type="error" showIcon title={text} style={{ marginBottom: 12 }} data-testid="form-banner" /> : null;
}
