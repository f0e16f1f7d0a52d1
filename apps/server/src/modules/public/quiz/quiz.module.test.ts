/**
 * The knowledge quiz on a real database: exercise and test draws, scoring and counting a test for a school, the
 * question bank's rules and jurisdiction in the console, and the statistics per organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
let city: Session;
let county: Session;

const question = (over: Record<string, unknown> = {}) => ({
  category: 'signals', kind: 'single', stem: '预先警报的信号是？',
  options: [{ key: 'A', text: '鸣 36 秒，停 24 秒，反复 3 遍' }, { key: 'B', text: '连续鸣响 3 分钟' }], answer: ['A'], explanation: '预先警报鸣 36 秒停 24 秒。', ...over,
});

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
  city = (await givenSession(t, { roles: ['city_admin'], regionCode: FIXTURE.city })).session;
  county = (await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB })).session;
});
afterAll(() => t.close());

describe('the public quiz', () => {
  it('draws an exercise with answers, and a test without them', async () => {
    const ex = (await call(t.app, null, { method: 'GET', url: '/api/public/quiz?mode=exercise&count=3' })).json();
    expect(ex.questions).toHaveLength(3);
    expect(ex.categories.map((c: { code: string }) => c.code)).toContain('signals');
    for (const q of ex.questions) {
      expect(Object.keys(q).sort()).toEqual(['answer', 'category', 'explanation', 'id', 'kind', 'options', 'stem']);
      expect(q.answer.length).toBeGreaterThan(0);
    }
    const test = await call(t.app, null, { method: 'GET', url: '/api/public/quiz?mode=test&count=10&category=signals' });
    expect(test.headers['cache-control']).toBe('no-store');
    expect(test.json().questions.length).toBeGreaterThan(0);
    expect(test.json().questions.every((q: { answer: null; explanation: null; category: string }) => q.answer === null && q.explanation === null && q.category === 'signals')).toBe(true);
  });

  it('scores a test, counts it for the school, and shows the answers afterwards', async () => {
    const qs = (await call(t.app, null, { method: 'GET', url: '/api/public/quiz?mode=exercise&count=4' })).json().questions as Array<{ id: number; answer: string[] }>;
    const answers = qs.map((q, i) => ({ questionId: q.id, answer: i < 3 ? q.answer : ['F'] }));
    const res = await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results', payload: { orgKind: 'school', orgName: ' 崇川实验小学 ', regionCode: FIXTURE.countyA, answers } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ correct: 3, total: 4, score: 75 });
    expect(res.json().items[3]).toMatchObject({ questionId: qs[3]!.id, correct: false, answer: qs[3]!.answer });
    const summary = (await call(t.app, city, { method: 'GET', url: '/api/quiz/results/summary' })).json();
    expect(summary.items).toContainEqual({ orgKind: 'school', orgName: '崇川实验小学', tests: 1, averageScore: 75, passRate: 1 });
    // 通州's administrator sees 通州's results only.
    expect((await call(t.app, county, { method: 'GET', url: '/api/quiz/results/summary' })).json()).toEqual({ items: [], totalTests: 0 });
  });

  it('refuses an unknown question or a region of another city, naming the field', async () => {
    const bad = await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results', headers: { 'accept-language': 'en' },
      payload: { orgKind: 'community', orgName: '和平桥社区', answers: [{ questionId: 999999, answer: ['A'] }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PUBLIC_QUIZ_UNKNOWN_QUESTION' });
    expect(bad.json().message).toContain('answers[0].questionId');
    const region = await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results',
      payload: { orgKind: 'community', orgName: '和平桥社区', regionCode: '110101', answers: [{ questionId: 1, answer: ['A'] }] } });
    expect(region.json()).toMatchObject({ code: 'PUBLIC_QUIZ_REGION_UNKNOWN' });
    expect(region.json().message).toContain('regionCode');
  });
});

describe('the question bank in the console', () => {
  it('adds and edits an office\'s question; nationwide ones are read-only', async () => {
    const made = await call(t.app, city, { method: 'POST', url: '/api/quiz/questions', payload: question() });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ regionCode: FIXTURE.city, nationwide: false, version: 1, active: true, answer: ['A'] });
    const edited = await call(t.app, city, { method: 'PATCH', url: `/api/quiz/questions/${made.json().id}`, payload: { ...question({ active: false }), version: 1 } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, active: false });
    const stale = await call(t.app, city, { method: 'PATCH', url: `/api/quiz/questions/${made.json().id}`, payload: { ...question(), version: 1 } });
    expect(stale.json().code).toBe('PUBLIC_QUIZ_VERSION_CONFLICT');
    const list = (await call(t.app, city, { method: 'GET', url: '/api/quiz/questions?category=signals' })).json().items;
    const nationwide = list.find((q: { nationwide: boolean }) => q.nationwide);
    expect(nationwide).toBeDefined();
    const ro = await call(t.app, city, { method: 'PATCH', url: `/api/quiz/questions/${nationwide.id}`, payload: { ...question(), version: nationwide.version } });
    expect(ro.statusCode).toBe(404);
    expect(ro.json().code).toBe('PUBLIC_QUIZ_QUESTION_NOT_FOUND');
    // 通州 does not see the city's own question, and cannot edit it.
    expect((await call(t.app, county, { method: 'GET', url: '/api/quiz/questions' })).json().items.some((q: { id: number }) => q.id === made.json().id)).toBe(false);
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/quiz/questions/${made.json().id}`, payload: { ...question(), version: 2 } })).statusCode).toBe(404);
    // Retired: no longer drawn.
    const drawn = (await call(t.app, null, { method: 'GET', url: '/api/public/quiz?mode=exercise&count=50' })).json().questions;
    expect(drawn.some((q: { id: number }) => q.id === made.json().id)).toBe(false);
  });

  it('keeps the rules of a question, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ options: [{ key: 'A', text: '一' }, { key: 'A', text: '二' }] }, 'PUBLIC_QUIZ_OPTION_KEY_DUPLICATE', 'options[1].key'],
      [{ answer: ['C'] }, 'PUBLIC_QUIZ_ANSWER_NOT_AN_OPTION', 'answer[0]'],
      [{ answer: ['A', 'B'] }, 'PUBLIC_QUIZ_SINGLE_NEEDS_ONE_ANSWER', 'answer'],
    ];
    for (const [over, code, field] of cases) {
      const res = await call(t.app, city, { method: 'POST', url: '/api/quiz/questions', payload: question(over), headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe(code);
      expect(res.json().message).toContain(field);
    }
    const multi = await call(t.app, city, { method: 'POST', url: '/api/quiz/questions', payload: question({ kind: 'multiple', answer: ['B', 'A'] }) });
    expect(multi.json().answer).toEqual(['A', 'B']);
  });
});
