/** The command-structure, teams, roll-call and dispatch endpoints, and their TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, download } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type HqSummary = ResponseOf<'/api/command/hqs', 'get'>['items'][number];
export type HqDetail = ResponseOf<'/api/command/hqs/{id}', 'get'>;
export type TeamSummary = ResponseOf<'/api/teams', 'get'>['items'][number];
export type TeamDetail = ResponseOf<'/api/teams/{id}', 'get'>;
export type Readiness = ResponseOf<'/api/teams/readiness', 'get'>;
export type IncidentItem = ResponseOf<'/api/incidents', 'get'>['items'][number];
export type IncidentDetail = ResponseOf<'/api/incidents/{id}', 'get'>;
export type Candidates = ResponseOf<'/api/incidents/{id}/candidates', 'get'>;
export type Vehicles = ResponseOf<'/api/map/command-vehicles', 'get'>;
export type ImportPreview = ResponseOf<'/api/teams/import/preview', 'post'>;
export type ImportApplied = ResponseOf<'/api/teams/import/apply', 'post'>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const commandApi = {
  hqs: () => call('get', '/api/command/hqs'),
  hq: (id: number) => call('get', '/api/command/hqs/{id}', { params: { id } }),
  vehicles: () => call('get', '/api/map/command-vehicles'),
  teams: () => call('get', '/api/teams', { query: {} }),
  team: (id: number) => call('get', '/api/teams/{id}', { params: { id } }),
  readiness: () => call('get', '/api/teams/readiness'),
  scheduleRollcall: (id: number, scheduledFor: string) => call('post', '/api/teams/{id}/rollcalls', { params: { id }, body: { scheduledFor } }),
  recordRollcall: (id: number, body: BodyOf<'/api/rollcalls/{id}/record', 'post'>) => call('post', '/api/rollcalls/{id}/record', { params: { id }, body }),
  exportTeams: () => download('/api/teams/export.xlsx', undefined, 'teams.xlsx'),
  /** The workbook as the request body (the contract describes it as binary, so `call` cannot type it). */
  importTeams: (file: File) => api<ResponseOf<'/api/teams/import', 'post'>>('/api/teams/import', {
    method: 'POST', body: new Blob([file], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  }),
  /** What the workbook would change, team by team (writes nothing). */
  previewImport: (file: File) => api<ImportPreview>('/api/teams/import/preview', { method: 'POST', body: new Blob([file], { type: XLSX }) }),
  /** The same workbook applied, refused (409) when the teams changed after `preview`. */
  applyImport: ({ file, preview, removeMissing }: { file: File; preview: string; removeMissing: boolean }) =>
    api<ImportApplied>(`/api/teams/import/apply?preview=${preview}&removeMissing=${String(removeMissing)}`, { method: 'POST', body: new Blob([file], { type: XLSX }) }),
  deletePerson: ({ id, version }: { id: number; version: number }) => call('delete', '/api/command/persons/{id}', { params: { id }, query: { version } }),
  deleteMemberUnit: ({ id, version }: { id: number; version: number }) => call('delete', '/api/command/member-units/{id}', { params: { id }, query: { version } }),
  deleteMember: ({ id, version }: { id: number; version: number }) => call('delete', '/api/team-members/{id}', { params: { id }, query: { version } }),
  deleteEquipment: ({ id, version }: { id: number; version: number }) => call('delete', '/api/team-equipment/{id}', { params: { id }, query: { version } }),
  incidents: () => call('get', '/api/incidents', { query: {} }),
  incident: (id: number) => call('get', '/api/incidents/{id}', { params: { id } }),
  candidates: (id: number) => call('get', '/api/incidents/{id}/candidates', { params: { id } }),
  report: (body: BodyOf<'/api/incidents', 'post'>) => call('post', '/api/incidents', { body }),
  dispatch: (id: number, teamId: number) => call('post', '/api/incidents/{id}/tasks', { params: { id }, body: { teamId } }),
  moveTask: (id: number, body: BodyOf<'/api/dispatch-tasks/{id}/state', 'post'>) => call('post', '/api/dispatch-tasks/{id}/state', { params: { id }, body }),
  closeIncident: (id: number, version: number) => call('post', '/api/incidents/{id}/close', { params: { id }, body: { version } }),
  draftWarning: (id: number) => call('post', '/api/incidents/{id}/warning-draft', { params: { id }, body: {} }),
};

export const useHqs = () => useQuery({ queryKey: ['command', 'hqs'], queryFn: commandApi.hqs });
export const useHq = (id: number | null) => useQuery({ queryKey: ['command', 'hq', id], queryFn: () => commandApi.hq(id!), enabled: id !== null });
export const useVehicles = () => useQuery({ queryKey: ['command', 'vehicles'], queryFn: commandApi.vehicles, refetchInterval: 15_000 });
export const useTeams = () => useQuery({ queryKey: ['teams', 'list'], queryFn: commandApi.teams });
export const useTeam = (id: number | null) => useQuery({ queryKey: ['teams', 'detail', id], queryFn: () => commandApi.team(id!), enabled: id !== null });
export const useReadiness = () => useQuery({ queryKey: ['teams', 'readiness'], queryFn: commandApi.readiness });
export const useIncidents = () => useQuery({ queryKey: ['dispatch', 'list'], queryFn: commandApi.incidents });
export const useIncident = (id: number | null) => useQuery({ queryKey: ['dispatch', 'detail', id], queryFn: () => commandApi.incident(id!), enabled: id !== null });
export const useCandidates = (id: number | null) => useQuery({ queryKey: ['dispatch', 'candidates', id], queryFn: () => commandApi.candidates(id!), enabled: id !== null });

/** A write, then every command-and-response read refreshed (and the audit log, which it appended to). */
export function useCommandMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(['command', 'teams', 'dispatch', 'alerts', 'audit'].map((k) => qc.invalidateQueries({ queryKey: [k] }))),
  });
}
