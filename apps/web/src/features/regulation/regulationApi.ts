/** The regulation API as the console uses it; shapes come from the generated contract. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type EnterprisePage = ResponseOf<'/api/regulation/enterprises', 'get'>;
export type Enterprise = EnterprisePage['items'][number];
export type EnterpriseInput = BodyOf<'/api/regulation/enterprises', 'post'>;
export type InspectionTask = ResponseOf<'/api/regulation/inspections', 'get'>['items'][number];
export type InspectionDetail = ResponseOf<'/api/regulation/inspections/{id}', 'get'>;
export type TaskInput = BodyOf<'/api/regulation/inspections', 'post'>;

const keys = {
  enterprises: (q: object) => ['regulation', 'enterprises', q] as const,
  tasks: ['regulation', 'tasks'] as const,
  task: (id: number) => ['regulation', 'task', id] as const,
};

export function useEnterprises(query: { page: number; pageSize: number; q?: string }) {
  return useQuery({ queryKey: keys.enterprises(query), queryFn: () => call('get', '/api/regulation/enterprises', { query }), placeholderData: keepPreviousData });
}

export function useCreateEnterprise() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EnterpriseInput) => call('post', '/api/regulation/enterprises', { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['regulation', 'enterprises'] }),
  });
}

export function useTasks() {
  return useQuery({ queryKey: keys.tasks, queryFn: () => call('get', '/api/regulation/inspections') });
}

export function useTask(id: number | null) {
  return useQuery({ queryKey: keys.task(id ?? 0), queryFn: () => call('get', '/api/regulation/inspections/{id}', { params: { id: id! } }), enabled: id !== null });
}

export function useCreateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskInput) => call('post', '/api/regulation/inspections', { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.tasks }),
  });
}

/** One step of the task's workflow: commit → draw → publish. */
export function useTaskStep() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step }: { id: number; step: 'commit' | 'draw' | 'publish' }) =>
      step === 'commit' ? call('post', '/api/regulation/inspections/{id}/commit', { params: { id } })
        : step === 'draw' ? call('post', '/api/regulation/inspections/{id}/draw', { params: { id } })
          : call('post', '/api/regulation/inspections/{id}/publish', { params: { id } }),
    onSuccess: (detail) => {
      qc.setQueryData(keys.task(detail.id), detail);
      void qc.invalidateQueries({ queryKey: keys.tasks });
    },
  });
}

export type ApprovalCase = ResponseOf<'/api/regulation/approvals', 'get'>['items'][number];
export type ApprovalInput = BodyOf<'/api/regulation/approvals', 'post'>;
export type ApprovalListView = 'open' | 'due_soon' | 'overdue' | 'all';

export function useApprovals(view: ApprovalListView) {
  return useQuery({ queryKey: ['regulation', 'approvals', view], queryFn: () => call('get', '/api/regulation/approvals', { query: { view } }) });
}

export function useCreateApproval() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApprovalInput) => call('post', '/api/regulation/approvals', { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['regulation', 'approvals'] }),
  });
}
