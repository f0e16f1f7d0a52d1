/** The planning endpoints and their TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection, LineString, Point } from 'geojson';
import { call } from '../../api/client.ts';

export type AreaBalance = Awaited<ReturnType<typeof planningApi.balance>>['parent'];
export type Run = Awaited<ReturnType<typeof planningApi.run>>;
export interface ShelterProps { seq: number; workId: number | null; code: string; name: string; capacity: number; assigned: number; utilisation: number | null }
export interface UnassignedProps { people: number; unassigned: number }
export interface FlowProps { people: number; metres: number }

export const planningApi = {
  balance: (parent?: string) => call('get', '/api/planning/balance', { query: parent ? { parent } : {} }),
  balanceMap: (parent?: string) => call('get', '/api/planning/balance/map', { query: parent ? { parent } : {} }),
  runs: () => call('get', '/api/planning/runs'),
  run: (id: number) => call('get', '/api/planning/runs/{id}', { params: { id } }),
  start: (body: { radiusM?: number; detourFactor?: number; label?: string; removeWorkIds?: number[]; addShelters?: Array<{ name: string; location: [number, number]; places: number }> }) =>
    call('post', '/api/planning/runs', { body }),
  cancel: (id: number) => call('post', '/api/planning/runs/{id}/cancel', { params: { id } }),
  shelters: (id: number) => call('get', '/api/planning/runs/{id}/shelters', { params: { id } }) as Promise<unknown> as Promise<FeatureCollection<Point, ShelterProps>>,
  unassigned: (id: number) => call('get', '/api/planning/runs/{id}/unassigned', { params: { id } }) as Promise<unknown> as Promise<FeatureCollection<Point, UnassignedProps>>,
  flows: (id: number, bbox: string) =>
    call('get', '/api/planning/runs/{id}/flows', { params: { id }, query: { bbox, limit: 5000 } }) as Promise<unknown> as Promise<FeatureCollection<LineString, FlowProps>>,
};

export interface BuildingCheckQuery {
  uses: string[];
  storeys: number;
  aboveGroundAreaM2: number;
  groundFloorAreaM2: number;
  foundationDepthM: number;
  plannedM2: number;
  date?: string;
  reductions: string[];
}

export function useStayRatio() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ['planning'] });
  return {
    set: useMutation({
      mutationFn: ({ code, stayRatio }: { code: string; stayRatio: number }) => call('put', '/api/planning/areas/{code}/stay-ratio', { params: { code }, body: { stayRatio } }),
      onSuccess: done,
    }),
    clear: useMutation({ mutationFn: (code: string) => call('delete', '/api/planning/areas/{code}/stay-ratio', { params: { code } }), onSuccess: done }),
  };
}

export const planningChecks = {
  compare: (a: number, b: number) => call('get', '/api/planning/runs/compare', { query: { a, b } }),
  building: (q: BuildingCheckQuery) => call('get', '/api/planning/building-check', { query: q as never }),
};

export const planningKeys = {
  balance: (parent?: string) => ['planning', 'balance', parent ?? ''] as const,
  balanceMap: (parent?: string) => ['planning', 'balance-map', parent ?? ''] as const,
  runs: ['planning', 'runs'] as const,
  run: (id: number) => ['planning', 'run', id] as const,
  shelters: (id: number) => ['planning', 'run', id, 'shelters'] as const,
  unassigned: (id: number) => ['planning', 'run', id, 'unassigned'] as const,
};

export const useBalance = (parent?: string) => useQuery({ queryKey: planningKeys.balance(parent), queryFn: () => planningApi.balance(parent) });
export const useBalanceMap = (parent?: string) => useQuery({ queryKey: planningKeys.balanceMap(parent), queryFn: () => planningApi.balanceMap(parent) });
export const useRuns = () => useQuery({ queryKey: planningKeys.runs, queryFn: planningApi.runs });

/** A run, polled twice a second while it is queued or running (the progress bar). */
export function useRun(id: number | null) {
  return useQuery({
    queryKey: planningKeys.run(id ?? 0),
    queryFn: () => planningApi.run(id!),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && ['queued', 'running'].includes(q.state.data.status) ? 500 : false),
  });
}

export function useRunLayers(run: Run | undefined) {
  const done = run?.status === 'succeeded' ? run.id : null;
  const shelters = useQuery({ queryKey: planningKeys.shelters(done ?? 0), queryFn: () => planningApi.shelters(done!), enabled: done !== null });
  const unassigned = useQuery({ queryKey: planningKeys.unassigned(done ?? 0), queryFn: () => planningApi.unassigned(done!), enabled: done !== null });
  return { shelters: shelters.data ?? null, unassigned: unassigned.data ?? null };
}

export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: planningApi.start, onSuccess: () => void qc.invalidateQueries({ queryKey: planningKeys.runs }) });
}

export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: planningApi.cancel,
    onSuccess: (run) => {
      qc.setQueryData(planningKeys.run(run.id), run);
      void qc.invalidateQueries({ queryKey: planningKeys.runs });
    },
  });
}
