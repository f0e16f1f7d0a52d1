/**
 * Test fixtures of the works module: each test case makes the works it needs, so no case depends on what another
 * case created or changed (cases can run alone, in any order). The harness's seeded works (RF-A-001, RF-A-002,
 * RF-B-001) are shared read-only.
 */
import { PERMISSIONS } from '@civdef/domain';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { FIXTURE, call, createUser, openTestDatabase, seedFixture, testFieldCipher, type Session } from '../../test/harness.ts';
import { createWorksLoader, type WorkImport } from './index.ts';

let next = 0;

/** A 工程编号 no other case uses (codes are unique city-wide). */
export function uniqueCode(prefix = 'T'): string {
  next += 1;
  return `${prefix}-${next}`;
}

/**
 * A valid body for POST /api/works: an attached (结建) personnel shelter in 崇川 built in 1978 (an early work),
 * with two protection units (2,200 shelter places at 1 m² per person), 80 parking spaces and one entrance.
 * Any field can be overridden; the code is unique unless given.
 */
export function workBody(over: Record<string, unknown> = {}) {
  return {
    code: uniqueCode(), name: '测试人防地下室', address: '南通市崇川区测试路 1 号', regionCode: FIXTURE.townA, location: [120.871, 32.002],
    constructionForm: 'attached', parentProject: '测试小区', workClass: 'personnel', subtype: 'class2', protectionGrade: 'N6', chemicalGrade: 'C',
    yearBuilt: 1978, isPublic: false, peacetimeUse: { parking: { total: 80, publicSpaces: 30, feePerHourYuan: 2 } },
    units: [
      { name: '1号防护单元', grossAreaM2: 2000, protectedAreaM2: 1800, shelterAreaM2: 1500.5, blastUnits: 4, parkingSpaces: 40 },
      { name: '2号防护单元', grossAreaM2: 1000, protectedAreaM2: 900, shelterAreaM2: 700, blastUnits: 2, parkingSpaces: 40 },
    ],
    entrances: [{ location: [120.8712, 32.002], kind: 'main', widthM: 3 }],
    ...over,
  };
}

/** The parts of a work's detail (GET /api/works/{id}) tests read. */
export interface GivenWork {
  id: number;
  code: string;
  name: string;
  version: number;
  lifecycleState: string;
  [key: string]: unknown;
}

/** A work created through the API — audited, with its maintenance plans — as the detail answers it. */
export async function givenWork(app: FastifyInstance, session: Session, over: Record<string, unknown> = {}): Promise<GivenWork> {
  const res = await call(app, session, { method: 'POST', url: '/api/works', payload: workBody(over) });
  if (res.statusCode !== 201) throw new Error(`givenWork: POST /api/works answered ${res.statusCode} ${res.body}`);
  return res.json() as GivenWork;
}

/**
 * A work bulk-loaded as the demo loader does (in use, no maintenance plans, no audit row): for cases that need a
 * work without the plans a create gives it.
 */
export async function givenLoadedWork(db: Database, over: Record<string, unknown> = {}): Promise<{ id: number; code: string }> {
  const work = { lifecycleState: 'in_use', ...workBody(over) } as WorkImport;
  await createWorksLoader({ cipher: testFieldCipher() }).insertWorks(db, [work]);
  const { rows } = await db.query<{ id: number }>('SELECT id FROM work WHERE code = $1', [work.code]);
  return { id: rows[0]!.id, code: work.code };
}

/**
 * A database with the harness's fixture and a city-wide works manager acting without a session: for tests that
 * call the works services directly rather than through HTTP.
 */
export async function givenServiceDatabase(username: string): Promise<{ db: Database; drop: () => Promise<void>; actor: Actor }> {
  const { db, drop } = await openTestDatabase();
  await seedFixture(db);
  const userId = await createUser(db, username, ['works_manager'], FIXTURE.city);
  const actor: Actor = {
    userId, username, displayName: username, roles: ['works_manager'], permissions: new Set(PERMISSIONS), regionCode: FIXTURE.city,
    scope: '3206', mustChangePassword: false, sessionTokenHash: '', csrfToken: '',
  };
  return { db, drop, actor };
}
