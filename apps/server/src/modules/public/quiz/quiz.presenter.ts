/** Question rows → API shapes: the public one hides the answer in a test; the console's shows everything an editor needs. */
import { QUIZ_CATEGORIES } from '@civdef/domain';
import type { OrgRow, QuestionRow } from './quiz.repository.ts';

export function presentPublicQuestion(q: QuestionRow, withAnswer: boolean) {
  return {
    id: q.id, category: q.category, kind: q.kind, stem: q.stem, options: q.options.map((o) => ({ key: o.key, text: o.text })),
    answer: withAnswer ? [...q.answer] : null, explanation: withAnswer ? q.explanation : null,
  };
}

export const quizCategories = () => QUIZ_CATEGORIES.map((c) => ({ code: c.code, nameZh: c.zh, nameEn: c.en }));

export function presentQuestion(q: QuestionRow) {
  return {
    id: q.id, regionCode: q.regionCode, nationwide: q.regionCode === null, category: q.category, kind: q.kind, stem: q.stem,
    options: q.options.map((o) => ({ key: o.key, text: o.text })), answer: [...q.answer], explanation: q.explanation, active: q.active, version: q.version,
    updatedAt: new Date(q.updatedAt).toISOString(),
  };
}

export const presentOrg = (o: OrgRow) => ({ id: o.id, regionCode: o.regionCode, townName: o.townName, kind: o.kind, name: o.name, active: o.active });

/** The public's list: no region codes or flags beyond what the picker shows. */
export const presentPublicOrgs = (districts: Array<{ code: string; name: string; orgs: OrgRow[] }>) => ({
  districts: districts.map((d) => ({ code: d.code, name: d.name, orgs: d.orgs.map((o) => ({ id: o.id, kind: o.kind, name: o.name, townName: o.townName })) })),
});
