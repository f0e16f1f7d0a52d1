/** The works endpoints and their TanStack Query hooks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection, Point } from 'geojson';
import { call, download } from '../../api/client.ts';
import type { Crs, ExchangeFormat, TransitionInput, WorkDetail, WorkFilter, WorkInput, WorkListQuery, WorkPatch, WorkPointProps } from './types.ts';

/**
 * Filters as the server reads them: arrays repeat the parameter (`workClass=a&workClass=b`), empty values are
 * left out. Used for the list, the export and the statistics alike, so "export the current selection" is exact.
 */
export function filterParams(filter: WorkFilter & Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  return params;
}

// The document declares peacetimeUse as stored JSON; WorkDetail types it as the body the server accepts.
const asDetail = (p: Promise<unknown>) => p as Promise<WorkDetail>;

export const worksApi = {
  list: (q: WorkListQuery, signal?: AbortSignal) => call('get', '/api/works', { query: q, signal }),
  stats: (f: WorkFilter) => call('get', '/api/works/stats', { query: f }),
  mapPoints: (f: WorkFilter, signal?: AbortSignal) =>
    call('get', '/api/map/works', { query: f, signal }) as Promise<unknown> as Promise<FeatureCollection<Point, WorkPointProps>>,
  get: (id: number) => asDetail(call('get', '/api/works/{id}', { params: { id } })),
  lifecycle: (id: number) => call('get', '/api/works/{id}/lifecycle', { params: { id } }),
  create: (body: WorkInput) => asDetail(call('post', '/api/works', { body })),
  update: (id: number, body: WorkPatch) => asDetail(call('patch', '/api/works/{id}', { params: { id }, body })),
  transition: (id: number, body: TransitionInput) => asDetail(call('post', '/api/works/{id}/transitions', { params: { id }, body })),
  nearest: (lng: number, lat: number, limit = 10) => call('get', '/api/works/nearest', { query: { lng, lat, limit } }),
  exportFile: (f: WorkFilter, format: ExchangeFormat) => {
    const params = filterParams({ ...f });
    params.set('format', format);
    return download('/api/works/export', params, `works.${format}`);
  },
  template: (format: 'xlsx' | 'csv') => download('/api/works/imports/template', { format }, `template.${format}`),
  upload: (file: File, crs: Crs) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return call('post', '/api/works/imports', { query: { crs, wait: false }, form });
  },
  importJob: (id: string) => call('get', '/api/works/imports/{id}', { params: { id } }),
  importJobs: () => call('get', '/api/works/imports'),
  commitImport: (id: string) => call('post', '/api/works/imports/{id}/commit', { params: { id } }),
};

export const worksKeys = {
  all: ['works'] as const,
  list: (q: WorkListQuery) => ['works', 'list', q] as const,
  mapPoints: (f: WorkFilter) => ['works', 'points', f] as const,
  stats: (f: WorkFilter) => ['works', 'stats', f] as const,
  detail: (workId: number) => ['works', 'detail', workId] as const,
  lifecycle: (workId: number) => ['works', 'lifecycle', workId] as const,
};

export function useWorkList(q: WorkListQuery) {
  return useQuery({
    queryKey: worksKeys.list(q),
    queryFn: ({ signal }) => worksApi.list(q, signal),
    placeholderData: keepPreviousData,
  });
}

/** Every work matching the filters, as GeoJSON points for the map: one request, the same filters as the list. */
export function useWorkPoints(filter: WorkFilter, enabled: boolean) {
  return useQuery({
    queryKey: worksKeys.mapPoints(filter),
    enabled,
    staleTime: 60_000,
    queryFn: ({ signal }) => worksApi.mapPoints(filter, signal),
  });
}

export function useWorkStats(filter: WorkFilter) {
  return useQuery({ queryKey: worksKeys.stats(filter), queryFn: () => worksApi.stats(filter) });
}

export function useWork(workId: number) {
  return useQuery({ queryKey: worksKeys.detail(workId), queryFn: () => worksApi.get(workId), enabled: Number.isFinite(workId) });
}

export function useLifecycle(workId: number) {
  return useQuery({ queryKey: worksKeys.lifecycle(workId), queryFn: () => worksApi.lifecycle(workId) });
}

/** After any write the list, map, statistics and this work's detail are stale. */
export function useInvalidateWorks() {
  const qc = useQueryClient();
  return (detail?: WorkDetail) => {
    if (detail) qc.setQueryData(worksKeys.detail(detail.id), detail);
    void qc.invalidateQueries({ queryKey: worksKeys.all, predicate: (q) => !(detail && q.queryKey[1] === 'detail' && q.queryKey[2] === detail.id) });
    void qc.invalidateQueries({ queryKey: ['map', 'works'] });
  };
}

export function useTransition(workId: number) {
  const invalidate = useInvalidateWorks();
  return useMutation({
    mutationFn: (body: Parameters<typeof worksApi.transition>[1]) => worksApi.transition(workId, body),
    onSuccess: (detail) => invalidate(detail),
  });
}
