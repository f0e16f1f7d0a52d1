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
    expect(summary.items).toContainEqual({ orgId: null, orgKind: 'school', orgName: '崇川实验小学', districtCode: FIXTURE.countyA, districtName: '崇川区', tests: 1, averageScore: 75, passRate: 1 });
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

describe('schools and communities picked from a list', () => {
  const answers = async () => ((await call(t.app, null, { method: 'GET', url: '/api/public/quiz?mode=exercise&count=2' })).json().questions as Array<{ id: number; answer: string[] }>)
    .map((q) => ({ questionId: q.id, answer: q.answer }));

  it('lists an office\'s organisations by district for the public, counts a pick for it, and groups a typed name on the list with it', async () => {
    const school = await call(t.app, city, { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.townA, kind: 'school', name: ' 和平桥小学 ' } });
    expect(school.statusCode, school.body).toBe(201);
    expect(school.json()).toMatchObject({ regionCode: FIXTURE.townA, townName: '和平桥街道', kind: 'school', name: '和平桥小学', active: true });
    const community = (await call(t.app, county, { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.townB, kind: 'community', name: '金沙社区' } })).json();
    const dup = await call(t.app, city, { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.townA, kind: 'school', name: '和平桥小学' }, headers: { 'accept-language': 'en' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'PUBLIC_QUIZ_ORG_DUPLICATE' });
    expect(dup.json().message).toContain('name');

    const list = await call(t.app, null, { method: 'GET', url: '/api/public/quiz/orgs' });
    expect(list.statusCode).toBe(200);
    expect(list.headers.etag).toBeDefined();
    expect(list.json().districts.map((d: { code: string }) => d.code)).toEqual([FIXTURE.countyB, FIXTURE.countyA]);
    const chongchuan = list.json().districts.find((d: { code: string }) => d.code === FIXTURE.countyA);
    expect(chongchuan.orgs).toEqual([{ id: school.json().id, kind: 'school', name: '和平桥小学', townName: '和平桥街道' }]);

    const picked = await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results', payload: { regionCode: FIXTURE.countyA, orgId: school.json().id, answers: await answers() } });
    expect(picked.statusCode, picked.body).toBe(201);
    // Typed, with the list's spelling: the same organisation.
    const typed = await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results', payload: { regionCode: FIXTURE.countyA, orgKind: 'school', orgName: '和平桥小学', answers: await answers() } });
    expect(typed.statusCode, typed.body).toBe(201);
    const items = (await call(t.app, city, { method: 'GET', url: '/api/quiz/results/summary' })).json().items;
    expect(items).toContainEqual({ orgId: school.json().id, orgKind: 'school', orgName: '和平桥小学', districtCode: FIXTURE.countyA, districtName: '崇川区', tests: 2, averageScore: 100, passRate: 1 });

    // Retired: no longer offered, no longer accepted; its results stay.
    const retired = await call(t.app, county, { method: 'PATCH', url: `/api/quiz/orgs/${community.id}`, payload: { active: false } });
    expect(retired.json()).toMatchObject({ active: false });
    expect((await call(t.app, null, { method: 'GET', url: '/api/public/quiz/orgs' })).json().districts.flatMap((d: { orgs: unknown[] }) => d.orgs)).toHaveLength(1);
    const gone = await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results', payload: { orgId: community.id, answers: await answers() } });
    expect(gone.json()).toMatchObject({ code: 'PUBLIC_QUIZ_ORG_UNKNOWN' });
    // 通州's administrator cannot touch 崇川's list.
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/quiz/orgs/${school.json().id}`, payload: { active: false } })).statusCode).toBe(404);
    expect((await call(t.app, county, { method: 'GET', url: '/api/quiz/orgs' })).json().items.map((o: { id: number }) => o.id)).toEqual([community.id]);
  });

  it('refuses an unknown organisation, one outside the chosen district, the wrong kind or none at all, naming the field', async () => {
    const school = (await call(t.app, city, { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.countyB, kind: 'school', name: '通州实验中学' } })).json();
    const cases: Array<[Record<string, unknown>, string, string, string]> = [
      [{ orgId: 999999 }, 'PUBLIC_QUIZ_ORG_UNKNOWN', 'orgId', '学校或社区 orgId'],
      [{ orgId: school.id, regionCode: FIXTURE.countyA }, 'PUBLIC_QUIZ_ORG_NOT_IN_REGION', 'orgId', '不在所选区县'],
      [{ orgId: school.id, orgKind: 'community' }, 'PUBLIC_QUIZ_ORG_KIND_MISMATCH', 'orgKind', '类别 orgKind'],
      [{ orgName: '某社区' }, 'PUBLIC_QUIZ_ORG_NEEDED', 'orgKind', 'orgKind'],
      [{ orgKind: 'community', orgName: '   ' }, 'PUBLIC_QUIZ_ORG_NEEDED', 'orgName', 'orgName'],
    ];
    for (const [over, code, field, zh] of cases) {
      for (const [lang, text] of [['en', field], ['zh-CN', zh]] as const) {
        const res = await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results', headers: { 'accept-language': lang }, payload: { ...over, answers: await answers() } });
        expect(res.statusCode, JSON.stringify(over)).toBe(400);
        expect(res.json().code).toBe(code);
        expect(res.json().message).toContain(text);
      }
    }
    // The console's rules: a district or town of the jurisdiction.
    for (const regionCode of [FIXTURE.city, FIXTURE.countyA, '320699']) {
      const res = await call(t.app, county, { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode, kind: 'school', name: '某小学' } });
      expect(res.statusCode, regionCode).toBe(400);
      expect(res.json().code).toBe('PUBLIC_QUIZ_ORG_REGION');
    }
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

describe('the organisation list imported from a file', () => {
  const CSV = 'text/csv';
  const csv = (lines: string[]) => Buffer.from(`${['区划代码*,类别*,名称*,在用', ...lines].join('\r\n')}\r\n`, 'utf8');
  const send = (url: string, body: Buffer, headers: Record<string, string> = {}) =>
    call(t.app, county, { method: 'POST', url, headers: { 'content-type': CSV, ...headers }, payload: body });
  const listed = async () => ((await call(t.app, county, { method: 'GET', url: '/api/quiz/orgs' })).json().items as Array<{ regionCode: string; kind: string; name: string; active: boolean }>)
    .map((o) => `${o.regionCode} ${o.kind} ${o.name} ${o.active}`).sort();

  it('previews, applies all rows or none, changes nothing the second time, and exports a file that imports back unchanged', async () => {
    const before = await listed();
    // One bad row: the preview names it (row, column, rule in zh and en) and an apply writes nothing at all.
    const bad = csv([`${FIXTURE.townB},学校,金沙中学,是`, `${FIXTURE.countyA},学校,崇川某校,是`, `${FIXTURE.countyB},医院,某医院,`]);
    const preview = await send('/api/quiz/orgs/import/preview?fileName=名单.csv', bad);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ records: 1, created: 1, errorCount: 2 });
    expect(preview.json().errors).toEqual([
      { at: '学校和社区!B4', zh: expect.stringContaining('「类别」'), en: expect.stringContaining('Kind') },
      { at: '学校和社区!3', zh: `「区划代码」${FIXTURE.countyA} 不是您管辖范围内的区县或街道（乡镇）`, en: expect.stringContaining('Region code') },
    ]);
    const refused = await send('/api/quiz/orgs/import', bad, { 'accept-language': 'en' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'PUBLIC_QUIZ_ORG_FILE_INVALID' });
    expect(refused.json().message).toContain('学校和社区!B4');
    expect(await listed()).toEqual(before);

    const good = csv([`${FIXTURE.townB},学校,金沙中学,是`, `${FIXTURE.countyB},社区,'=金沙社区二,否`, `${FIXTURE.townB},community,金沙社区,`]);
    const applied = await send('/api/quiz/orgs/import?fileName=名单.csv', good);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ records: 3, errorCount: 0 });
    const after = await listed();
    expect(after).toContain(`${FIXTURE.townB} school 金沙中学 true`);
    expect(after).toContain(`${FIXTURE.countyB} community =金沙社区二 false`);
    expect(after).toContain(`${FIXTURE.townB} community 金沙社区 true`);
    // The same file again: nothing to add or change.
    const again = await send('/api/quiz/orgs/import', good);
    expect(again.json()).toMatchObject({ records: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await listed()).toEqual(after);

    for (const format of ['csv', 'xlsx'] as const) {
      const exp = await call(t.app, county, { method: 'GET', url: `/api/quiz/orgs/export?format=${format}` });
      expect(exp.statusCode).toBe(200);
      expect(exp.headers['content-disposition']).toContain(`.${format}`);
      const type = format === 'csv' ? CSV : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const back = await send('/api/quiz/orgs/import', exp.rawPayload, { 'content-type': type });
      expect(back.json()).toMatchObject({ records: after.length, created: 0, updated: 0, unchanged: after.length, errorCount: 0 });
    }
    expect(await listed()).toEqual(after);
  });

  it('refuses a file that is not XLSX or CSV, and one that cannot be read, naming the format', async () => {
    const json = await send('/api/quiz/orgs/import/preview', Buffer.from('{}'), { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ code: 'PUBLIC_QUIZ_ORG_FILE_FORMAT' });
    expect(json.json().message).toContain('XLSX');
    // A type no parser takes is refused before the route, as everywhere on the platform.
    const pdf = await send('/api/quiz/orgs/import/preview', Buffer.from('%PDF-1.4'), { 'content-type': 'application/pdf' });
    expect(pdf.statusCode).toBe(415);
    const broken = await send('/api/quiz/orgs/import/preview', Buffer.from('not a zip'), { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'PUBLIC_QUIZ_ORG_FILE_UNREADABLE' });
  });
});
