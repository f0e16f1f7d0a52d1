/** The coverage endpoints (runs, results, comparison) and the siren groups, with their TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection, Point, Polygon } from 'geojson';
import { useEffect, useState } from 'react';
import { call } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type CoverageRun = ResponseOf<'/api/coverage/runs/{id}', 'get'>;
export type CoverageArea = ResponseOf<'/api/coverage/runs/{id}/areas', 'get'>['items'][number];
export type CoverageComparison = ResponseOf<'/api/coverage/runs/compare', 'get'>;
export type RunBody = BodyOf<'/api/coverage/runs', 'post'>;
export interface UncoveredProps { seq: number; regionCode: string; areaKm2: number; people: number }
export interface RunSirenProps { seq: number; sirenId: number | null; code: string; name: string; regionCode: string; levelDb: number; radiusM: number; added: boolean }
export interface SiteProps { goal: 'target' | 'best_k'; rank: number; regionCode: string; peopleNew: number }
export interface MapSirenProps { id: number; code: string; name: string; kind: string; status: string; regionCode: string }

export const coverageApi = {
  settings: () => call('get', '/api/coverage/settings'),
  runs: () => call('get', '/api/coverage/runs'),
  run: (id: number) => call('get', '/api/coverage/runs/{id}', { params: { id } }),
  start: (body: RunBody) => call('post', '/api/coverage/runs', { body }),
  cancel: (id: number) => call('post', '/api/coverage/runs/{id}/cancel', { params: { id } }),
  areas: (id: number) => call('get', '/api/coverage/runs/{id}/areas', { params: { id } }),
  uncovered: (id: number) => call('get', '/api/coverage/runs/{id}/uncovered', { params: { id } }) as Promise<unknown> as Promise<FeatureCollection<Polygon, UncoveredProps>>,
  sirens: (id: number) => call('get', '/api/coverage/runs/{id}/sirens', { params: { id } }) as Promise<unknown> as Promise<FeatureCollection<Point, RunSirenProps>>,
  sites: (id: number) => call('get', '/api/coverage/runs/{id}/sites', { params: { id } }) as Promise<unknown> as Promise<FeatureCollection<Point, SiteProps>>,
  compare: (a: number, b: number) => call('get', '/api/coverage/runs/compare', { query: { a, b } }),
  mapSirens: () => call('get', '/api/map/sirens') as Promise<unknown> as Promise<FeatureCollection<Point, MapSirenProps>>,
  groups: () => call('get', '/api/siren-groups'),
  group: (id: number) => call('get', '/api/siren-groups/{id}', { params: { id } }),
  createGroup: (body: BodyOf<'/api/siren-groups', 'post'>) => call('post', '/api/siren-groups', { body }),
  updateGroup: (id: number, body: BodyOf<'/api/siren-groups/{id}', 'patch'>) => call('patch', '/api/siren-groups/{id}', { params: { id }, body }),
  removeGroup: (id: number) => call('delete', '/api/siren-groups/{id}', { params: { id } }),
};

export const coverageKeys = {
  all: ['coverage'] as const,
  runs: ['coverage', 'runs'] as const,
  run: (id: number) => ['coverage', 'run', id] as const,
};

export const useCoverageSettings = () => useQuery({ queryKey: ['coverage', 'settings'], queryFn: coverageApi.settings, staleTime: Infinity });
export const useCoverageRuns = () => useQuery({ queryKey: coverageKeys.runs, queryFn: coverageApi.runs });
export const useMapSirens = () => useQuery({ queryKey: ['sirens', 'map'], queryFn: coverageApi.mapSirens, staleTime: 30_000 });

/** A run's results, fetched once it has succeeded (results never change, so they are never refetched). */
export function useRunResults(run: CoverageRun | undefined) {
  const id = run?.status === 'succeeded' ? run.id : null;
  const opts = { enabled: id !== null, staleTime: Infinity };
  const areas = useQuery({ queryKey: ['coverage', 'run', id ?? 0, 'areas'], queryFn: () => coverageApi.areas(id!), ...opts });
  const uncovered = useQuery({ queryKey: ['coverage', 'run', id ?? 0, 'uncovered'], queryFn: () => coverageApi.uncovered(id!), ...opts });
  const sirens = useQuery({ queryKey: ['coverage', 'run', id ?? 0, 'sirens'], queryFn: () => coverageApi.sirens(id!), ...opts });
  const sites = useQuery({ queryKey: ['coverage', 'run', id ?? 0, 'sites'], queryFn: () => coverageApi.sites(id!), ...opts });
  return { areas: areas.data?.items ?? null, uncovered: uncovered.data ?? null, sirens: sirens.data ?? null, sites: sites.data ?? null };
}

export const useComparison = (a: number | null, b: number | null) => useQuery({
  queryKey: ['coverage', 'compare', a ?? 0, b ?? 0], queryFn: () => coverageApi.compare(a!, b!), enabled: a !== null && b !== null && a !== b, staleTime: Infinity,
});

/** Follows a run's progress over Server-Sent Events until it is done (the first event is its current state). */
export function useRunProgress(id: number | null) {
  const qc = useQueryClient();
  const [p, setP] = useState<{ id: number; percent: number; phase: string; status: string } | null>(null);
  useEffect(() => {
    if (id === null || typeof EventSource === 'undefined') return;
    const es = new EventSource(`/api/coverage/runs/${id}/events`);
    const on = (e: MessageEvent<string>) => setP(JSON.parse(e.data) as { id: number; percent: number; phase: string; status: string });
    es.addEventListener('progress', on);
    es.addEventListener('done', (e) => { on(e); es.close(); void qc.invalidateQueries({ queryKey: coverageKeys.runs }); });
    es.onerror = () => es.close();
    return () => es.close();
  }, [id, qc]);
  return p !== null && p.id === id ? p : null;
}

export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: coverageApi.start, onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: coverageKeys.runs }), qc.invalidateQueries({ queryKey: ['audit'] })]) });
}

export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: coverageApi.cancel, onSuccess: () => qc.invalidateQueries({ queryKey: coverageKeys.runs }) });
}

export const useGroups = () => useQuery({ queryKey: ['sirens', 'groups'], queryFn: coverageApi.groups, staleTime: 10_000 });
export const useGroup = (id: number | null) => useQuery({ queryKey: ['sirens', 'group', id ?? 0], queryFn: () => coverageApi.group(id!), enabled: id !== null });

/** A group write: refreshes the groups, the sirens (their group lists) and the audit log. */
export function useGroupMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['sirens'] }), qc.invalidateQueries({ queryKey: ['audit'] })]) });
}
