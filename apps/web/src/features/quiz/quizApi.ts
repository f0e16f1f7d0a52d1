/** The quiz API as the console uses it; shapes come from the generated contract. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, download } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type Question = ResponseOf<'/api/quiz/questions', 'get'>['items'][number];
export type QuestionInput = BodyOf<'/api/quiz/questions', 'post'>;

export const useQuestions = () => useQuery({ queryKey: ['quiz', 'questions'], queryFn: () => call('get', '/api/quiz/questions') });
export type QuizOrg = ResponseOf<'/api/quiz/orgs', 'get'>['items'][number];
export const useQuizOrgs = () => useQuery({ queryKey: ['quiz', 'orgs'], queryFn: () => call('get', '/api/quiz/orgs') });

export function useSaveQuizOrg() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { create: BodyOf<'/api/quiz/orgs', 'post'> } | { id: number; active: boolean }) =>
      ('create' in v ? call('post', '/api/quiz/orgs', { body: v.create }) : call('patch', '/api/quiz/orgs/{id}', { params: { id: v.id }, body: { active: v.active } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['quiz', 'orgs'] }),
  });
}

export const useQuizSummary = (enabled: boolean) =>
  useQuery({ queryKey: ['quiz', 'summary'], queryFn: () => call('get', '/api/quiz/results/summary'), enabled });

export function useSaveQuestion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, body }: { id?: number; version?: number; body: QuestionInput }) =>
      id === undefined ? call('post', '/api/quiz/questions', { body }) : call('patch', '/api/quiz/questions/{id}', { params: { id }, body: { ...body, version: version! } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['quiz', 'questions'] }),
  });
}

export type OrgImportResult = ResponseOf<'/api/quiz/orgs/import/preview', 'post'>;
const ORG_FILE_TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv' } as const;
export type OrgFileFormat = keyof typeof ORG_FILE_TYPES;

/** The format of a picked file, by its extension (browsers give no reliable type for CSV). */
export function orgFileFormat(name: string): OrgFileFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  return ext === 'xlsx' || ext === 'csv' ? ext : null;
}

const uploadOrgs = (path: string, file: File, format: OrgFileFormat) =>
  api<OrgImportResult>(path, { method: 'POST', body: new Blob([file], { type: ORG_FILE_TYPES[format] }), query: { fileName: file.name } });

export const quizOrgsFile = {
  preview: (file: File, format: OrgFileFormat) => uploadOrgs('/api/quiz/orgs/import/preview', file, format),
  apply: (file: File, format: OrgFileFormat) => uploadOrgs('/api/quiz/orgs/import', file, format),
  exportFile: (format: OrgFileFormat) => download('/api/quiz/orgs/export', { format }, `quiz-orgs.${format}`),
};
