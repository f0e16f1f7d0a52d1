/**
 * 人防知识学习: an exercise (each answer checked at once, with its explanation) or a test (scored when handed in and
 * counted for the person's school or community — the office's statistics; no personal name is asked).
 */
import { QUIZ_ORG_KINDS, QUIZ_TEST_SIZE } from '@civdef/domain';
import type { ResponseOf } from '../api/types.ts';
import { getLang, h, t } from './dom.ts';

type Quiz = ResponseOf<'/api/public/quiz', 'get'>;
type Result = ResponseOf<'/api/public/quiz/results', 'post'>;
type OrgList = ResponseOf<'/api/public/quiz/orgs', 'get'>;

/** The picker's choice when the school or community is not on the list: the name is typed instead. */
const OTHER = 'other';

const quiz = {
  mode: 'exercise' as 'exercise' | 'test',
  orgKind: 'school' as string,
  orgName: '',
  /** The city's districts with their schools and communities; null until loaded (or when it failed: typing only). */
  orgs: null as OrgList | null,
  /** Asked once per page: a failed load is not retried on every render. */
  orgsAsked: false,
  district: '',
  /** A listed organisation's id, OTHER (typed), or '' (not chosen yet). */
  orgId: '',
  data: null as Quiz | null,
  answers: new Map<number, Set<string>>(),
  checked: new Set<number>(),
  result: null as Result | null,
  error: null as string | null,
  busy: false,
};

/**
 * The list's load while it is on its way. A start pressed meanwhile waits for it: judged without the list, the form
 * would ask for a typed name, and keep asking once the list had come.
 */
let orgsLoading: Promise<void> | null = null;

/** Loads the list once, when the test is first chosen; a failure leaves the typed name as the way to say where. */
function loadOrgs(rerender: () => void): Promise<void> {
  if (quiz.orgsAsked) return orgsLoading ?? Promise.resolve();
  quiz.orgsAsked = true;
  orgsLoading = (async () => {
    try {
      const res = await fetch('/api/public/quiz/orgs', { headers: { accept: 'application/json' } });
      if (res.ok) quiz.orgs = (await res.json()) as OrgList;
    } catch {
      // Offline or refused: the form falls back to typing the name.
    }
    orgsLoading = null;
    rerender();
  })();
  return orgsLoading;
}

const districtOf = () => quiz.orgs?.districts.find((d) => d.code === quiz.district) ?? null;
/** The listed schools or communities of the chosen district and kind. */
const choices = () => (districtOf()?.orgs ?? []).filter((o) => o.kind === quiz.orgKind);
/** Whether the name is typed: nothing listed to pick from, or "not on the list" picked. */
const typing = () => !quiz.orgs || (quiz.district !== '' && (choices().length === 0 || quiz.orgId === OTHER));

/** What is missing before a test can start, as the message to show; null when nothing is. */
function missingOrg(): string | null {
  if (quiz.orgs && !quiz.district) return t('quizDistrictNeeded');
  if (typing()) return quiz.orgName.trim() ? null : t('quizOrgNeeded');
  return quiz.orgId ? null : t('quizOrgPickNeeded');
}

async function start(rerender: () => void): Promise<void> {
  if (quiz.mode === 'test' && orgsLoading) await orgsLoading;
  const missing = quiz.mode === 'test' ? missingOrg() : null;
  if (missing) {
    quiz.error = missing;
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
      body: JSON.stringify({
        ...(quiz.district ? { regionCode: quiz.district } : {}),
        ...(typing() ? { orgKind: quiz.orgKind, orgName: quiz.orgName.trim() } : { orgId: Number(quiz.orgId) }),
        answers: questions.map((q) => ({ questionId: q.id, answer: [...quiz.answers.get(q.id)!] })),
      }),
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

/** Where the test counts: district, then kind, then the school or community from the list (or typed when not on it). */
function orgForm(nameInput: HTMLInputElement, rerender: () => void): HTMLElement {
  void loadOrgs(rerender);
  const select = (id: string, value: string, onchange: (v: string) => void, options: Array<[string, string]>) =>
    h('select', { id, onchange: (e: Event) => {
      onchange((e.target as HTMLSelectElement).value);
      quiz.error = null;
      rerender();
      // The form is rebuilt: keep the keyboard where it was.
      document.getElementById(id)?.focus();
    } }, ...options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const en = getLang() === 'en';
  const list = choices();
  return h('div', { class: 'form' },
    quiz.orgs ? [
      h('label', { for: 'org-district' }, t('quizDistrict')),
      select('org-district', quiz.district, (v) => ((quiz.district = v), (quiz.orgId = '')),
        [['', t('quizChoose')], ...quiz.orgs.districts.map((d): [string, string] => [d.code, d.name])]),
    ] : null,
    h('label', { for: 'org-kind' }, t('quizOrgKind')),
    select('org-kind', quiz.orgKind, (v) => ((quiz.orgKind = v), (quiz.orgId = '')), QUIZ_ORG_KINDS.map((o): [string, string] => [o.code, en ? o.en : o.zh])),
    quiz.orgs && quiz.district && list.length ? [
      h('label', { for: 'org-pick' }, t('quizOrgPick')),
      select('org-pick', quiz.orgId, (v) => (quiz.orgId = v),
        [['', t('quizChoose')], ...list.map((o): [string, string] => [String(o.id), o.townName ? `${o.name}（${o.townName}）` : o.name]), [OTHER, t('quizOrgOther')]]),
    ] : null,
    typing() ? [h('label', { for: 'org-name' }, t('quizOrgName')), nameInput] : null,
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
      quiz.mode === 'test' ? orgForm(nameInput, rerender) : '',
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
