/**
 * 人防知识学习: an exercise (each answer checked at once, with its explanation) or a test (scored when handed in and
 * counted for the person's school or community — the office's statistics; no personal name is asked).
 */
import { QUIZ_ORG_KINDS, QUIZ_TEST_SIZE } from '@civdef/domain';
import type { ResponseOf } from '../api/types.ts';
import { getLang, h, t } from './dom.ts';

type Quiz = ResponseOf<'/api/public/quiz', 'get'>;
type Result = ResponseOf<'/api/public/quiz/results', 'post'>;

const quiz = {
  mode: 'exercise' as 'exercise' | 'test',
  orgKind: 'school' as string,
  orgName: '',
  data: null as Quiz | null,
  answers: new Map<number, Set<string>>(),
  checked: new Set<number>(),
  result: null as Result | null,
  error: null as string | null,
  busy: false,
};

async function start(rerender: () => void): Promise<void> {
  if (quiz.mode === 'test' && !quiz.orgName.trim()) {
    quiz.error = t('quizOrgNeeded');
    rerender();
    return;
  }
  quiz.busy = true;
  quiz.error = null;
  rerender();
  try {
    const res = await fetch(`/api/public/quiz?mode=${quiz.mode}&count=${quiz.mode === 'test' ? QUIZ_TEST_SIZE : 5}`, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(String(res.status));
    quiz.data = (await res.json()) as Quiz;
    quiz.answers.clear();
    quiz.checked.clear();
    quiz.result = null;
  } catch {
    quiz.error = t('loadFailed');
  }
  quiz.busy = false;
  rerender();
}

async function handIn(rerender: () => void): Promise<void> {
  const questions = quiz.data?.questions ?? [];
  const open = questions.filter((q) => !(quiz.answers.get(q.id)?.size));
  if (open.length) {
    quiz.error = t('quizUnanswered', { count: open.length });
    rerender();
    return;
  }
  quiz.busy = true;
  quiz.error = null;
  rerender();
  try {
    const res = await fetch('/api/public/quiz/results', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': getLang() },
      body: JSON.stringify({ orgKind: quiz.orgKind, orgName: quiz.orgName.trim(), answers: questions.map((q) => ({ questionId: q.id, answer: [...quiz.answers.get(q.id)!] })) }),
    });
    const body = (await res.json()) as Result & { message?: string };
    if (!res.ok) throw new Error(body.message ?? String(res.status));
    quiz.result = body;
  } catch (err) {
    quiz.error = (err as Error).message || t('loadFailed');
  }
  quiz.busy = false;
  rerender();
}

function questionBlock(q: Quiz['questions'][number], index: number, rerender: () => void): HTMLElement {
  const multiple = q.kind === 'multiple';
  const chosen = quiz.answers.get(q.id) ?? new Set<string>();
  const graded = quiz.mode === 'exercise' ? (quiz.checked.has(q.id) ? { answer: q.answer ?? [], explanation: q.explanation } : null)
    : (quiz.result?.items.find((i) => i.questionId === q.id) ?? null);
  const right = graded ? [...chosen].sort().join() === [...graded.answer].sort().join() : null;
  return h('fieldset', { class: 'question' },
    h('legend', {}, `${index + 1}. ${q.stem}（${multiple ? t('quizMultiple') : t('quizSingle')}）`),
    ...q.options.map((o) => {
      const id = `q${q.id}-${o.key}`;
      return h('div', { class: 'option' },
        h('input', {
          id, type: multiple ? 'checkbox' : 'radio', name: `q${q.id}`, value: o.key, checked: chosen.has(o.key), disabled: Boolean(graded),
          onchange: (e: Event) => {
            const input = e.target as HTMLInputElement;
            const next = multiple ? new Set(chosen) : new Set<string>();
            if (input.checked) next.add(o.key);
            else next.delete(o.key);
            quiz.answers.set(q.id, next);
          },
        }),
        h('label', { for: id }, `${o.key}. ${o.text}`));
    }),
    quiz.mode === 'exercise' && !graded
      ? h('button', { type: 'button', onclick: () => {
        quiz.checked.add(q.id);
        rerender();
      } }, t('quizCheck'))
      : null,
    graded ? h('p', { class: right ? 'fits' : 'too-far', role: 'status' }, right ? t('quizRight') : t('quizWrong', { answer: graded.answer.join('、') })) : null,
    graded?.explanation ? h('p', { class: 'meta' }, graded.explanation) : null,
  );
}

export function renderLearn(rerender: () => void): HTMLElement {
  const section = h('section', { 'aria-labelledby': 'learn-h' }, h('h2', { id: 'learn-h' }, t('learnHeading')));
  if (!quiz.data) {
    const nameInput = h('input', { id: 'org-name', type: 'text', value: quiz.orgName, maxlength: 64, autocomplete: 'organization' }) as HTMLInputElement;
    nameInput.addEventListener('input', () => (quiz.orgName = nameInput.value));
    section.append(
      h('p', {}, t('quizIntro', { count: QUIZ_TEST_SIZE })),
      h('div', { class: 'segmented', role: 'group', 'aria-label': t('quizModeLabel') },
        ...(['exercise', 'test'] as const).map((m) => h('button', { type: 'button', 'aria-pressed': String(quiz.mode === m), onclick: () => {
          quiz.mode = m;
          rerender();
        } }, m === 'exercise' ? t('quizExercise') : t('quizTest')))),
      quiz.mode === 'test'
        ? h('div', { class: 'form' },
          h('label', { for: 'org-kind' }, t('quizOrgKind')),
          h('select', { id: 'org-kind', onchange: (e: Event) => (quiz.orgKind = (e.target as HTMLSelectElement).value) },
            ...QUIZ_ORG_KINDS.map((o) => h('option', { value: o.code, selected: quiz.orgKind === o.code }, getLang() === 'en' ? o.en : o.zh))),
          h('label', { for: 'org-name' }, t('quizOrgName')), nameInput)
        : '',
      quiz.error ? h('p', { class: 'error', role: 'alert' }, quiz.error) : '',
      h('button', { type: 'button', class: 'primary', disabled: quiz.busy, onclick: () => void start(rerender) }, t('quizStart')),
    );
    return section;
  }
  const questions = quiz.data.questions;
  if (!questions.length) section.append(h('p', {}, t('quizEmpty')));
  section.append(...questions.map((q, i) => questionBlock(q, i, rerender)));
  if (quiz.result) section.append(h('p', { class: 'score', role: 'status' }, t('quizScore', { score: quiz.result.score, correct: quiz.result.correct, total: quiz.result.total })));
  if (quiz.error) section.append(h('p', { class: 'error', role: 'alert' }, quiz.error));
  if (quiz.mode === 'test' && !quiz.result) section.append(h('button', { type: 'button', class: 'primary', disabled: quiz.busy, onclick: () => void handIn(rerender) }, t('quizSubmit')));
  section.append(h('button', { type: 'button', onclick: () => {
    quiz.data = null;
    quiz.result = null;
    rerender();
  } }, t('quizAgain')));
  return section;
}
