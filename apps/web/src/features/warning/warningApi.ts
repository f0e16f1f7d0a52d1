/** The siren, fault-ticket, command and alert endpoints, and their TanStack Query hooks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, download } from '../../api/client.ts';
import type { BodyOf, QueryOf, ResponseOf } from '../../api/types.ts';

export type SirenListQuery = QueryOf<'/api/sirens', 'get'>;
export type SirenItem = ResponseOf<'/api/sirens', 'get'>['items'][number];
export type SirenDetail = ResponseOf<'/api/sirens/{id}', 'get'>;
export type FaultItem = ResponseOf<'/api/siren-faults', 'get'>['items'][number];
export type AlertItem = ResponseOf<'/api/alerts', 'get'>['items'][number];
export type AlertDetail = ResponseOf<'/api/alerts/{id}', 'get'>;
export type AlertDraft = BodyOf<'/api/alerts', 'post'>;
export type CommandDetail = ResponseOf<'/api/siren-commands/{id}', 'get'>;
export type SirenTestItem = ResponseOf<'/api/siren-tests', 'get'>['items'][number];
export type SirenTestDetail = ResponseOf<'/api/siren-tests/{id}', 'get'>;
export type SirenTestCreate = BodyOf<'/api/siren-tests', 'post'>;
export type ObservationCreate = BodyOf<'/api/siren-tests/{id}/observations', 'post'>;

export const warningApi = {
  sirens: (query: SirenListQuery, signal?: AbortSignal) => call('get', '/api/sirens', { query, signal }),
  siren: (id: number) => call('get', '/api/sirens/{id}', { params: { id } }),
  setStatus: (id: number, body: BodyOf<'/api/sirens/{id}/status', 'post'>) => call('post', '/api/sirens/{id}/status', { params: { id }, body }),
  faults: (query: QueryOf<'/api/siren-faults', 'get'>) => call('get', '/api/siren-faults', { query }),
  reportFault: (body: BodyOf<'/api/siren-faults', 'post'>) => call('post', '/api/siren-faults', { body }),
  moveFault: (id: number, body: BodyOf<'/api/siren-faults/{id}/transitions', 'post'>) => call('post', '/api/siren-faults/{id}/transitions', { params: { id }, body }),
  alerts: () => call('get', '/api/alerts', { query: { page: 1, pageSize: 50 } }),
  alert: (id: number) => call('get', '/api/alerts/{id}', { params: { id } }),
  draftAlert: (body: AlertDraft) => call('post', '/api/alerts', { body }),
  confirmAlert: (id: number, version: number) => call('post', '/api/alerts/{id}/confirm', { params: { id }, body: { version } }),
  allClear: (id: number, version: number) => call('post', '/api/alerts/{id}/all-clear', { params: { id }, body: { version } }),
  cancelAlert: (id: number, version: number, reason?: string) => call('post', '/api/alerts/{id}/cancel', { params: { id }, body: { version, ...(reason ? { reason } : {}) } }),
  updateAlert: (id: number, body: BodyOf<'/api/alerts/{id}/update', 'post'>) => call('post', '/api/alerts/{id}/update', { params: { id }, body }),
  confirmFollowUp: (id: number, version: number) => call('post', '/api/alerts/{id}/follow-up/confirm', { params: { id }, body: { version } }),
  withdrawFollowUp: (id: number, version: number) => call('post', '/api/alerts/{id}/follow-up/withdraw', { params: { id }, body: { version } }),
  command: (id: string) => call('get', '/api/siren-commands/{id}', { params: { id } }),
  /** A command's counts and only the deliveries written after `since` (all of them without it): the live view's fallback. */
  commandSince: (id: string, since?: number) => call('get', '/api/siren-commands/{id}', { params: { id }, query: since === undefined ? {} : { since } }),
  regions: () => call('get', '/api/regions'),
  /** The regions of my jurisdiction under a point, deepest first (town, county); `synthetic`: a made-up town outline. */
  regionsAt: (lng: number, lat: number) => call('get', '/api/regions/at', { query: { lng, lat } }),
  groups: () => call('get', '/api/siren-groups'),
  tests: () => call('get', '/api/siren-tests', { query: { page: 1, pageSize: 50 } }),
  test: (id: number) => call('get', '/api/siren-tests/{id}', { params: { id } }),
  scheduleTest: (body: SirenTestCreate) => call('post', '/api/siren-tests', { body }),
  runTest: (id: number, version: number) => call('post', '/api/siren-tests/{id}/run', { params: { id }, body: { version } }),
  cancelTest: (id: number, version: number) => call('post', '/api/siren-tests/{id}/cancel', { params: { id }, body: { version } }),
  finishTest: (id: number, version: number) => call('post', '/api/siren-tests/{id}/finish', { params: { id }, body: { version } }),
  observe: (id: number, body: ObservationCreate) => call('post', '/api/siren-tests/{id}/observations', { params: { id }, body }),
  exportSirens: (format: 'xlsx' | 'csv') => download('/api/sirens/export', { format }, `sirens.${format}`),
  sirenTemplate: () => download('/api/sirens/import-template', { format: 'xlsx' }, 'sirens-template.xlsx'),
  /** The file as the request body (the contract describes it as binary, so `call` cannot type it); CSV by its name. */
  importSirens: (file: File) => api<ResponseOf<'/api/sirens/import', 'post'>>('/api/sirens/import', {
    method: 'POST',
    body: new Blob([file], { type: /\.csv$/i.test(file.name) ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  }),
  testReport: (id: number) => download(`/api/siren-tests/${id}/report.xlsx`, undefined, `siren-test-${id}.xlsx`),
  /** A command's report (summary, per district, each siren with problems first); the server names the file. */
  commandReport: (id: string) => download(`/api/siren-commands/${id}/report.xlsx`, undefined, `siren-command-${id.slice(0, 8)}.xlsx`),
};

export function useSirens(q: SirenListQuery) {
  return useQuery({ queryKey: ['sirens', 'list', q], queryFn: ({ signal }) => warningApi.sirens(q, signal), placeholderData: keepPreviousData });
}
export function useSiren(id: number | null) {
  return useQuery({ queryKey: ['sirens', 'detail', id], queryFn: () => warningApi.siren(id!), enabled: id !== null });
}
export function useFaults(q: QueryOf<'/api/siren-faults', 'get'>) {
  return useQuery({ queryKey: ['sirens', 'faults', q], queryFn: () => warningApi.faults(q), placeholderData: keepPreviousData });
}
export function useAlerts() {
  return useQuery({ queryKey: ['alerts', 'list'], queryFn: warningApi.alerts, refetchInterval: 5000 });
}
export function useAlert(id: number | null) {
  return useQuery({ queryKey: ['alerts', 'detail', id], queryFn: () => warningApi.alert(id!), enabled: id !== null, refetchInterval: 2000 });
}
export function useGroups() {
  return useQuery({ queryKey: ['sirens', 'groups'], queryFn: warningApi.groups, staleTime: 60_000 });
}
export function useSirenTests() {
  return useQuery({ queryKey: ['sirens', 'tests'], queryFn: warningApi.tests, refetchInterval: 5000 });
}
/** A campaign, polled every 2 s while it runs (its steps' counts move with every siren's report). */
export function useSirenTest(id: number | null) {
  return useQuery({
    queryKey: ['sirens', 'test', id], queryFn: () => warningApi.test(id!), enabled: id !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== 'running' && q.state.data.state !== 'scheduled' ? false : 2000),
  });
}
export function useRegions() {
  return useQuery({ queryKey: ['regions', 'list'], queryFn: warningApi.regions, staleTime: Infinity });
}

/** A write that refreshes everything siren- and alert-related (and the audit log, which records it). */
export function useWarningMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['sirens'] }), qc.invalidateQueries({ queryKey: ['alerts'] }), qc.invalidateQueries({ queryKey: ['audit'] })]),
  });
}
