/** The regulation API as the console uses it; shapes come from the generated contract. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, download } from '../../api/client.ts';
import type { BodyOf, QueryOf, ResponseOf } from '../../api/types.ts';

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

/** One step of the task's workflow: commit → draw (with the announced beacon, if any) → publish. */
export function useTaskStep() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step, beacon }: { id: number; step: 'commit' | 'draw' | 'publish'; beacon?: string }) =>
      step === 'commit' ? call('post', '/api/regulation/inspections/{id}/commit', { params: { id } })
        : step === 'draw' ? call('post', '/api/regulation/inspections/{id}/draw', { params: { id }, body: beacon ? { beacon } : {} })
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

export type Officer = ResponseOf<'/api/regulation/officers', 'get'>['items'][number];
export type CaseSummary = ResponseOf<'/api/regulation/cases', 'get'>['items'][number];
export type CaseDetail = ResponseOf<'/api/regulation/cases/{id}', 'get'>;
export type FileCaseInput = BodyOf<'/api/regulation/cases', 'post'>;
export type EvidenceQuery = QueryOf<'/api/regulation/cases/{id}/evidence', 'post'>;

export function useOfficers() {
  return useQuery({ queryKey: ['regulation', 'officers'], queryFn: () => call('get', '/api/regulation/officers') });
}

export function useCases() {
  return useQuery({ queryKey: ['regulation', 'cases'], queryFn: () => call('get', '/api/regulation/cases') });
}

export function useCase(id: number | null) {
  return useQuery({ queryKey: ['regulation', 'case', id ?? 0], queryFn: () => call('get', '/api/regulation/cases/{id}', { params: { id: id! } }), enabled: id !== null });
}

/** Any write that answers the case's new detail: the detail is replaced, the list refreshed. */
function useCaseWrite<V>(fn: (v: V) => Promise<CaseDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      qc.setQueryData(['regulation', 'case', detail.id], detail);
      void qc.invalidateQueries({ queryKey: ['regulation', 'cases'] });
    },
  });
}

export const useFileCase = () => useCaseWrite((body: FileCaseInput) => call('post', '/api/regulation/cases', { body }));

export const useAddEvidence = (id: number) => useCaseWrite(({ file, query }: { file: File; query: EvidenceQuery }) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return call('post', '/api/regulation/cases/{id}/evidence', { params: { id }, query, form });
});

export type StepName = 'report' | 'review' | 'notice' | 'decision' | 'execution' | 'close';
export type StepBody = {
  report: BodyOf<'/api/regulation/cases/{id}/report', 'post'>;
  review: BodyOf<'/api/regulation/cases/{id}/review', 'post'>;
  notice: BodyOf<'/api/regulation/cases/{id}/notice', 'post'>;
  decision: BodyOf<'/api/regulation/cases/{id}/decision', 'post'>;
  execution: BodyOf<'/api/regulation/cases/{id}/execution', 'post'>;
  close: BodyOf<'/api/regulation/cases/{id}/close', 'post'>;
};

export const useCaseStep = (id: number) => useCaseWrite(({ step, body }: { [K in StepName]: { step: K; body: StepBody[K] } }[StepName]) => {
  const params = { params: { id } };
  switch (step) {
    case 'report': return call('post', '/api/regulation/cases/{id}/report', { ...params, body });
    case 'review': return call('post', '/api/regulation/cases/{id}/review', { ...params, body });
    case 'notice': return call('post', '/api/regulation/cases/{id}/notice', { ...params, body });
    case 'decision': return call('post', '/api/regulation/cases/{id}/decision', { ...params, body });
    case 'execution': return call('post', '/api/regulation/cases/{id}/execution', { ...params, body });
    case 'close': return call('post', '/api/regulation/cases/{id}/close', { ...params, body });
  }
});

export function useVerifyEvidence() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (evidenceId: number) => call('post', '/api/regulation/evidence/{id}/verify', { params: { id: evidenceId } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['regulation', 'case'] }),
  });
}

export const evidenceUrl = (evidenceId: number) => `/api/regulation/evidence/${encodeURIComponent(String(evidenceId))}/content`;

export type InspectionPhoto = ResponseOf<'/api/regulation/inspections/{id}/photos', 'get'>['items'][number];

/** The photos of one drawn target's result (signed-in only; the public 一公开 page never shows them). */
export function useResultPhotos(taskId: number, targetKey: string) {
  return useQuery({
    queryKey: ['regulation', 'task-photos', taskId, targetKey],
    queryFn: () => call('get', '/api/regulation/inspections/{id}/photos', { params: { id: taskId }, query: { targetKey } }),
  });
}

export function useAddResultPhoto(taskId: number, targetKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call('post', '/api/regulation/inspections/{id}/photos', { params: { id: taskId }, query: { targetKey }, form });
    },
    onSuccess: (answer) => qc.setQueryData(['regulation', 'task-photos', taskId, targetKey], answer),
  });
}

export const photoUrl = (photoId: number) => `/api/regulation/inspection-photos/${encodeURIComponent(String(photoId))}/content`;

export type ApprovalDetail = ResponseOf<'/api/regulation/approvals/{id}', 'get'>;

export function useApproval(id: number | null) {
  return useQuery({ queryKey: ['regulation', 'approval', id ?? 0], queryFn: () => call('get', '/api/regulation/approvals/{id}', { params: { id: id! } }), enabled: id !== null });
}

/** A write on one approval case: its detail is read again and the lists refreshed. */
function useApprovalWrite<V>(id: number, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['regulation', 'approval', id] });
      void qc.invalidateQueries({ queryKey: ['regulation', 'approvals'] });
    },
  });
}

export const useAddParty = (id: number) => useApprovalWrite(id, (body: BodyOf<'/api/regulation/approvals/{id}/parties', 'post'>) =>
  call('post', '/api/regulation/approvals/{id}/parties', { params: { id }, body }));
export const useAnswerParty = (id: number) => useApprovalWrite(id, ({ partyId, body }: { partyId: number; body: BodyOf<'/api/regulation/approvals/{id}/parties/{partyId}/opinion', 'post'> }) =>
  call('post', '/api/regulation/approvals/{id}/parties/{partyId}/opinion', { params: { id, partyId }, body }));
export const useDecideApproval = (id: number) => useApprovalWrite(id, (body: BodyOf<'/api/regulation/approvals/{id}/decision', 'post'>) =>
  call('post', '/api/regulation/approvals/{id}/decision', { params: { id }, body }));
export const useAddApprovalDocument = (id: number) => useApprovalWrite(id, ({ file, query }: { file: File; query: QueryOf<'/api/regulation/approvals/{id}/documents', 'post'> }) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return call('post', '/api/regulation/approvals/{id}/documents', { params: { id }, query, form });
});
export const approvalDocumentUrl = (documentId: number) => `/api/regulation/approval-documents/${encodeURIComponent(String(documentId))}/content`;

export type FeeLedger = ResponseOf<'/api/regulation/fees', 'get'>;
export type FeeDetail = ResponseOf<'/api/regulation/fees/{id}', 'get'>;
export type AssessInput = BodyOf<'/api/regulation/fees', 'post'>;
export type FeeEntryInput = BodyOf<'/api/regulation/fees/{id}/entries', 'post'>;

export function useFees(year: number | null) {
  return useQuery({ queryKey: ['regulation', 'fees', year], queryFn: () => call('get', '/api/regulation/fees', { query: year ? { year } : {} }) });
}

export function useFee(id: number | null) {
  return useQuery({ queryKey: ['regulation', 'fee', id ?? 0], queryFn: () => call('get', '/api/regulation/fees/{id}', { params: { id: id! } }), enabled: id !== null });
}

export function useAssessFee() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessInput) => call('post', '/api/regulation/fees', { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['regulation', 'fees'] }),
  });
}

export function useBookFeeEntry(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FeeEntryInput) => call('post', '/api/regulation/fees/{id}/entries', { params: { id }, body }),
    onSuccess: (detail) => {
      qc.setQueryData(['regulation', 'fee', id], detail);
      void qc.invalidateQueries({ queryKey: ['regulation', 'fees'] });
    },
  });
}

export const downloadFees = (year: number | null) => download('/api/regulation/fees/export.xlsx', year ? { year } : undefined, `fees${year ?? ''}.xlsx`);

export type EnterpriseDetail = ResponseOf<'/api/regulation/enterprises/{id}', 'get'>;

export function useEnterprise(id: number | null) {
  return useQuery({ queryKey: ['regulation', 'enterprise', id ?? 0], queryFn: () => call('get', '/api/regulation/enterprises/{id}', { params: { id: id! } }), enabled: id !== null });
}

function useEnterpriseWrite<V>(id: number, fn: (v: V) => Promise<EnterpriseDetail>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (d) => qc.setQueryData(['regulation', 'enterprise', id], d) });
}

export const useAddQualification = (id: number) => useEnterpriseWrite(id, (body: BodyOf<'/api/regulation/enterprises/{id}/qualifications', 'post'>) =>
  call('post', '/api/regulation/enterprises/{id}/qualifications', { params: { id }, body }));
export const useAddCredit = (id: number) => useEnterpriseWrite(id, (body: BodyOf<'/api/regulation/enterprises/{id}/credit-records', 'post'>) =>
  call('post', '/api/regulation/enterprises/{id}/credit-records', { params: { id }, body }));

/** Draws a task again as a new task citing it (the first keeps its draw); answers the new task. */
export function useRedraw() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => call('post', '/api/regulation/inspections/{id}/redraw', { params: { id }, body: { reason } }),
    onSuccess: (detail) => {
      qc.setQueryData(keys.task(detail.id), detail);
      void qc.invalidateQueries({ queryKey: ['regulation'] });
    },
  });
}

export type ResultInput = BodyOf<'/api/regulation/inspections/{id}/results', 'post'>;

export function useRecordResult(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ResultInput) => call('post', '/api/regulation/inspections/{id}/results', { params: { id }, body }),
    onSuccess: (detail) => qc.setQueryData(keys.task(detail.id), detail),
  });
}

export function usePublishDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => call('post', '/api/regulation/cases/{id}/publish', { params: { id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['regulation'] }),
  });
}

export type FundLedger = ResponseOf<'/api/regulation/fund', 'get'>;
export type FundEntryInput = BodyOf<'/api/regulation/fund', 'post'>;

export function useFund(year: number | null) {
  return useQuery({ queryKey: ['regulation', 'fund', year], queryFn: () => call('get', '/api/regulation/fund', { query: year ? { year } : {} }) });
}

export function useBookFund() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FundEntryInput) => call('post', '/api/regulation/fund', { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['regulation', 'fund'] }),
  });
}

export const downloadFund = (year: number | null) => download('/api/regulation/fund/export.xlsx', year ? { year } : undefined, `fund${year ?? ''}.xlsx`);

export type CalendarYears = ResponseOf<'/api/regulation/calendar', 'get'>;
export type CalendarLoadResult = ResponseOf<'/api/regulation/calendar/{year}', 'put'>;

export function useCalendarYears() {
  return useQuery({ queryKey: ['regulation', 'calendar'], queryFn: () => call('get', '/api/regulation/calendar') });
}

/** Loads a year; the clocks it re-computes are on approvals and cases, so those lists are read again. */
export function useLoadCalendarYear() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ year, body }: { year: number; body: BodyOf<'/api/regulation/calendar/{year}', 'put'> }) =>
      call('put', '/api/regulation/calendar/{year}', { params: { year }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['regulation'] }),
  });
}
