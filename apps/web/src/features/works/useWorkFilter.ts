/**
 * The works filter lives in the URL (`/works?q=…&workClass=personnel&overdue=true&view=map`): a filtered list
 * can be bookmarked and shared, Back restores it, and the export reads exactly what the list shows.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { currentSearchParams } from '../../lib/url.ts';
import type { SortField, WorkFilter } from './types.ts';

const ARRAY_KEYS = ['workClass', 'protectionGrade', 'lifecycleState', 'constructionForm', 'use', 'signStatus'] as const;
const BOOL_KEYS = ['overdue', 'isPublic', 'early'] as const;

export interface WorksView {
  filter: WorkFilter;
  view: 'list' | 'map';
  page: number;
  pageSize: number;
  sort?: SortField;
  order?: 'asc' | 'desc';
}

export function parseWorksView(params: URLSearchParams): WorksView {
  const filter: WorkFilter = {};
  const q = params.get('q')?.trim();
  if (q) filter.q = q.slice(0, 64);
  const region = params.get('regionCode');
  if (region && /^\d{6}(\d{3})?$/.test(region)) filter.regionCode = region;
  for (const k of ARRAY_KEYS) {
    const vs = params.getAll(k).filter(Boolean);
    if (vs.length) (filter as Record<string, string[]>)[k] = vs;
  }
  for (const k of BOOL_KEYS) {
    const v = params.get(k);
    if (v === 'true' || v === 'false') filter[k] = v === 'true';
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [10, 20, 50, 100].includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;
  const sort = (params.get('sort') || undefined) as SortField | undefined;
  const order = params.get('order') === 'desc' ? 'desc' : params.get('order') === 'asc' ? 'asc' : undefined;
  return { filter, view: params.get('view') === 'map' ? 'map' : 'list', page, pageSize, sort, order };
}

export function serializeWorksView(v: WorksView): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, value] of Object.entries(v.filter)) {
    if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
    if (Array.isArray(value)) for (const x of value) p.append(k, String(x));
    else p.set(k, String(value));
  }
  if (v.view === 'map') p.set('view', 'map');
  if (v.page > 1) p.set('page', String(v.page));
  if (v.pageSize !== 20) p.set('pageSize', String(v.pageSize));
  if (v.sort) p.set('sort', v.sort);
  if (v.order) p.set('order', v.order);
  return p;
}

export function useWorksView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseWorksView(params), [params]);
  const update = useCallback(
    (patch: Partial<WorksView>) => {
      const next = { ...parseWorksView(currentSearchParams()), ...patch };
      // A new filter starts on the first page.
      if (patch.filter && patch.page === undefined) next.page = 1;
      setParams(serializeWorksView(next), { replace: true });
    },
    [setParams],
  );
  return [view, update] as const;
}
