/** The works endpoints and their TanStack Query hooks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LifecycleState } from '@civdef/domain';
import type { FeatureCollection, Point } from 'geojson';
import { api, download, http } from '../../api/client.ts';
import type {
  Crs,
  ExchangeFormat,
  ImportJob,
  LifecycleEvent,
  NearestWork,
  WorkDetail,
  WorkFilter,
  WorkInput,
  WorkListQuery,
  WorkPage,
  WorkPointProps,
  WorkStats,
} from './types.ts';

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

const withParams = (path: string, params: URLSearchParams) => (params.size ? `${path}?${params.toString()}` : path);
const id = (n: number | string) => encodeURIComponent(String(n));

export const worksApi = {
  list: (q: WorkListQuery, signal?: AbortSignal) => api<WorkPage>(withParams('/api/works', filterParams({ ...q })), { signal }),
  stats: (f: WorkFilter) => api<WorkStats>(withParams('/api/works/stats', filterParams({ ...f }))),
  mapPoints: (f: WorkFilter, signal?: AbortSignal) =>
    api<FeatureCollection<Point, WorkPointProps>>(withParams('/api/map/works', filterParams({ ...f })), { signal }),
  get: (workId: number) => http.get<WorkDetail>(`/api/works/${id(workId)}`),
  lifecycle: (workId: number) => http.get<{ items: LifecycleEvent[] }>(`/api/works/${id(workId)}/lifecycle`),
  create: (body: WorkInput) => http.post<WorkDetail>('/api/works', body),
  update: (workId: number, body: Partial<WorkInput> & { version: number }) => http.patch<WorkDetail>(`/api/works/${id(workId)}`, body),
  transition: (workId: number, body: { to: LifecycleState; version: number; reason: string; approvalRef?: string; conversionKind?: string }) =>
    http.post<WorkDetail>(`/api/works/${id(workId)}/transitions`, body),
  nearest: (lng: number, lat: number, limit = 10) => http.get<{ items: NearestWork[] }>('/api/works/nearest', { lng, lat, limit }),
  exportFile: (f: WorkFilter, format: ExchangeFormat) => {
    const params = filterParams({ ...f });
    params.set('format', format);
    return download('/api/works/export', params, `works.${format}`);
  },
  template: (format: 'xlsx' | 'csv') => download('/api/works/imports/template', { format }, `template.${format}`),
  upload: (file: File, crs: Crs) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<ImportJob>(`/api/works/imports?crs=${crs}`, { method: 'POST', body: form });
  },
  importJob: (jobId: string) => http.get<ImportJob>(`/api/works/imports/${id(jobId)}`),
  importJobs: () => http.get<{ items: ImportJob[] }>('/api/works/imports'),
  commitImport: (jobId: string) => http.post<ImportJob>(`/api/works/imports/${id(jobId)}/commit`),
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
