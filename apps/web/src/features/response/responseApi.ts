/** The response APIs (plans, drills, evacuation, key targets) as the console uses them; shapes come from the generated contract. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type Plan = ResponseOf<'/api/plans', 'get'>['items'][number];
export type PlanDetail = ResponseOf<'/api/plans/{id}', 'get'>;
export type PlanContent = PlanDetail['revisions'][number]['content'];
export type PlanDiff = ResponseOf<'/api/plans/{id}/diff', 'get'>;
export type Drill = ResponseOf<'/api/drills', 'get'>['items'][number];
export type DrillDetail = ResponseOf<'/api/drills/{id}', 'get'>;
export type DrillInput = BodyOf<'/api/drills', 'post'>;
export type DrillPatch = BodyOf<'/api/drills/{id}', 'patch'>;
export type Place = ResponseOf<'/api/evacuation/places', 'get'>['items'][number];
export type AreaPlan = ResponseOf<'/api/evacuation/plans', 'get'>['items'][number];
export type EvacRun = ResponseOf<'/api/evacuation/runs/{id}', 'get'>;
export type AreaResult = ResponseOf<'/api/evacuation/runs/{id}/areas', 'get'>['items'][number];
export type CountBoard = ResponseOf<'/api/evacuation/counts', 'get'>;
export type Target = ResponseOf<'/api/targets', 'get'>['items'][number];
export type TargetDetail = ResponseOf<'/api/targets/{id}', 'get'>;
export type TargetPatch = BodyOf<'/api/targets/{id}', 'patch'>;

const invalidate = (qc: ReturnType<typeof useQueryClient>, key: string) => void qc.invalidateQueries({ queryKey: [key] });

export const usePlans = () => useQuery({ queryKey: ['plans'], queryFn: () => call('get', '/api/plans') });
export const usePlan = (id: number | null) => useQuery({ queryKey: ['plans', id], queryFn: () => call('get', '/api/plans/{id}', { params: { id: id! } }), enabled: id !== null });
export const usePlanDiff = (id: number | null, from: number | null, to: number | null) => useQuery({
  queryKey: ['plans', id, 'diff', from, to], queryFn: () => call('get', '/api/plans/{id}/diff', { params: { id: id! }, query: { from: from!, to: to! } }),
  enabled: id !== null && from !== null && to !== null && from !== to,
});

export function usePlanAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rev, action, reason }: { id: number; rev: number; action: 'submit' | 'approve' | 'return'; reason?: string }) => action === 'return'
      ? call('post', '/api/plans/{id}/revisions/{rev}/return', { params: { id, rev }, body: { reason: reason ?? '' } })
      : call('post', action === 'submit' ? '/api/plans/{id}/revisions/{rev}/submit' : '/api/plans/{id}/revisions/{rev}/approve', { params: { id, rev } }),
    onSuccess: () => invalidate(qc, 'plans'),
  });
}
export function useRevise() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note: string | null }) => call('post', '/api/plans/{id}/revisions', { params: { id }, body: { note } }),
    onSuccess: () => invalidate(qc, 'plans'),
  });
}
export function useEditRevision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rev, content, note }: { id: number; rev: number; content: PlanContent; note: string | null }) =>
      call('put', '/api/plans/{id}/revisions/{rev}', { params: { id, rev }, body: { content, note } }),
    onSuccess: () => invalidate(qc, 'plans'),
  });
}
export function useAttach() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rev, fileName, mediaType, contentBase64 }: { id: number; rev: number; fileName: string; mediaType: string; contentBase64: string }) =>
      call('put', '/api/plans/{id}/revisions/{rev}/file', { params: { id, rev }, body: { fileName, mediaType, contentBase64 } }),
    onSuccess: () => invalidate(qc, 'plans'),
  });
}

/** The drills; with `untilRunning`, asked again every few seconds while none is running (a phone waiting for the start). */
export const useDrills = ({ untilRunning = false }: { untilRunning?: boolean } = {}) => useQuery({
  queryKey: ['drills'], queryFn: () => call('get', '/api/drills'),
  refetchInterval: untilRunning ? (q) => (q.state.data?.items.some((d) => d.state === 'running') ? false : 5000) : false,
});
export const useDrillYears = () => useQuery({ queryKey: ['drills', 'years'], queryFn: () => call('get', '/api/drills/years') });
export const useDrill = (id: number | null) => useQuery({ queryKey: ['drills', id], queryFn: () => call('get', '/api/drills/{id}', { params: { id: id! } }), enabled: id !== null });
// Settled, not only succeeded: a refused edit (409, someone else's change came first) reloads the record too, so the
// form opened again carries the version now stored.
export function useDrillMutation<A>(fn: (a: A) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => invalidate(qc, 'drills') });
}
/**
 * Deleting a record whose detail is open: its cached detail goes first, so the refetch after the deletion does not ask
 * for it again (a 404) before the page lets go of it.
 */
function useDelete(path: '/api/drills/{id}' | '/api/targets/{id}', key: 'drills' | 'targets') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => call('delete', path, { params: { id } }),
    onSuccess: (_r, id) => { qc.removeQueries({ queryKey: [key, id], exact: true }); return invalidate(qc, key); },
  });
}
export const useDeleteDrill = () => useDelete('/api/drills/{id}', 'drills');
export const drillApi = {
  create: (body: DrillInput) => call('post', '/api/drills', { body }),
  step: ({ id, step }: { id: number; step: 'start' | 'end' }) => call('post', step === 'start' ? '/api/drills/{id}/start' : '/api/drills/{id}/end', { params: { id } }),
  log: ({ id, kind, text, actorName }: { id: number; kind: 'inject' | 'action' | 'note'; text: string; actorName: string | null }) =>
    call('post', '/api/drills/{id}/timeline', { params: { id }, body: { kind, text, actorName } }),
  assess: ({ id, scores, assessment }: { id: number; scores: number[]; assessment: string }) => call('post', '/api/drills/{id}/assessment', { params: { id }, body: { scores, assessment } }),
  finding: ({ id, ...body }: { id: number; finding: string; action: string; owner: string; deadline: string }) => call('post', '/api/drills/{id}/findings', { params: { id }, body }),
  done: ({ id, findingId }: { id: number; findingId: number }) => call('post', '/api/drills/{id}/findings/{findingId}/done', { params: { id, findingId } }),
  update: ({ id, ...body }: DrillPatch & { id: number }) => call('patch', '/api/drills/{id}', { params: { id }, body }),
};

export type Route = ResponseOf<'/api/evacuation/routes', 'get'>['items'][number];
export const useRoutes = () => useQuery({ queryKey: ['evacuation', 'routes'], queryFn: () => call('get', '/api/evacuation/routes') });
export const usePlaces = () => useQuery({ queryKey: ['evacuation', 'places'], queryFn: () => call('get', '/api/evacuation/places') });
export const useAreaPlans = () => useQuery({ queryKey: ['evacuation', 'plans'], queryFn: () => call('get', '/api/evacuation/plans') });
export const useEvacMap = () => useQuery({ queryKey: ['evacuation', 'map'], queryFn: () => call('get', '/api/evacuation/map') });
export const useEvacRuns = () => useQuery({ queryKey: ['evacuation', 'runs'], queryFn: () => call('get', '/api/evacuation/runs') });
export const useRunAreas = (id: number | null) => useQuery({ queryKey: ['evacuation', 'runs', id, 'areas'], queryFn: () => call('get', '/api/evacuation/runs/{id}/areas', { params: { id: id! } }), enabled: id !== null });
export const useRunMap = (id: number | null) => useQuery({ queryKey: ['evacuation', 'runs', id, 'map'], queryFn: () => call('get', '/api/evacuation/runs/{id}/map', { params: { id: id! } }), enabled: id !== null });
export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => call('post', '/api/evacuation/runs', { body: {} }), onSuccess: () => invalidate(qc, 'evacuation') });
}
/** Live totals: polled every few seconds while the page is open (a phone's count shows within that time). */
export const useCountBoard = (drillId: number | null) => useQuery({
  queryKey: ['evacuation', 'counts', drillId], queryFn: () => call('get', '/api/evacuation/counts', { query: { drillId: drillId! } }), enabled: drillId !== null, refetchInterval: 3000,
});
export function useSubmitCount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/api/evacuation/counts', 'post'>) => call('post', '/api/evacuation/counts', { body }),
    onSuccess: (_r, body) => void qc.invalidateQueries({ queryKey: ['evacuation', 'counts', body.drillId] }),
  });
}

export const useTargets = () => useQuery({ queryKey: ['targets'], queryFn: () => call('get', '/api/targets') });
export const useTargetsMap = () => useQuery({ queryKey: ['targets', 'map'], queryFn: () => call('get', '/api/targets/map') });
export const useTarget = (id: number | null) => useQuery({ queryKey: ['targets', id], queryFn: () => call('get', '/api/targets/{id}', { params: { id: id! } }), enabled: id !== null });
export function useUpdateTarget() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: ({ id, patch }: { id: number; patch: TargetPatch }) => call('patch', '/api/targets/{id}', { params: { id }, body: patch }), onSettled: () => invalidate(qc, 'targets') });
}

/** The member units and teams of the caller's jurisdiction a plan, drill or target may reference. */
export type CommandRef = ResponseOf<'/api/command/refs', 'get'>['items'][number];
export const useCommandRefs = () => useQuery({ queryKey: ['command', 'refs'], queryFn: () => call('get', '/api/command/refs'), staleTime: 60_000 });

export type PlanCreate = BodyOf<'/api/plans', 'post'>;
export function useCreatePlan() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: PlanCreate) => call('post', '/api/plans', { body }), onSuccess: () => invalidate(qc, 'plans') });
}

export type PlaceCreate = BodyOf<'/api/evacuation/places', 'post'>;
export type RouteCreate = BodyOf<'/api/evacuation/routes', 'post'>;
export type Destination = ResponseOf<'/api/evacuation/runs/{id}/destinations', 'get'>['items'][number];
export function useEvacMutation<A>(fn: (a: A) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => invalidate(qc, 'evacuation') });
}
export const evacApi = {
  createPlace: (body: PlaceCreate) => call('post', '/api/evacuation/places', { body }),
  createRoute: (body: RouteCreate) => call('post', '/api/evacuation/routes', { body }),
  cancelRun: (id: number) => call('post', '/api/evacuation/runs/{id}/cancel', { params: { id } }),
  updatePlace: ({ id, ...body }: BodyOf<'/api/evacuation/places/{id}', 'patch'> & { id: number }) => call('patch', '/api/evacuation/places/{id}', { params: { id }, body }),
  removePlace: (id: number) => call('delete', '/api/evacuation/places/{id}', { params: { id } }),
  updateRoute: ({ id, ...body }: BodyOf<'/api/evacuation/routes/{id}', 'patch'> & { id: number }) => call('patch', '/api/evacuation/routes/{id}', { params: { id }, body }),
  removeRoute: (id: number) => call('delete', '/api/evacuation/routes/{id}', { params: { id } }),
};
export const useRunDestinations = (id: number | null) => useQuery({
  queryKey: ['evacuation', 'runs', id, 'destinations'], queryFn: () => call('get', '/api/evacuation/runs/{id}/destinations', { params: { id: id! } }), enabled: id !== null,
});

export const useDeleteTarget = () => useDelete('/api/targets/{id}', 'targets');
export type TargetCreate = BodyOf<'/api/targets', 'post'>;
export function useCreateTarget() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: TargetCreate) => call('post', '/api/targets', { body }), onSuccess: () => invalidate(qc, 'targets') });
}
