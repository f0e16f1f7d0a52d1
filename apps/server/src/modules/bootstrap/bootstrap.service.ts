import { generateDemoDataset, nantongBoundaries, nantongRegions } from '@civdef/demo-data';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/index.ts';
import { generatePassword, hashPassword } from '../../lib/password.ts';
import { appendAudit } from '../audit/index.ts';
import { populationRepository } from '../population/index.ts';
import { regionsRepository } from '../regions/index.ts';
import { sirensRepository } from '../sirens/index.ts';
import { systemRepository } from '../system/index.ts';
import { usersRepository } from '../users/index.ts';
import { createWorksLoader } from '../works/index.ts';

const SYSTEM_CTX = { actorId: null, actor: 'system', ip: null };

/**
 * Jurisdictions (real GB/T 2260 codes and district boundaries) are reference data, not demo data:
 * loaded on first start whether or not the synthetic demo is wanted.
 */
export async function ensureReferenceData(db: Database, config: Config): Promise<{ loaded: boolean; regions: number }> {
  if ((await regionsRepository.count(db)) > 0) return { loaded: false, regions: 0 };
  if (config.city.code !== '320600') {
    throw new Error(`no built-in jurisdiction data for city ${config.city.code}: import regions first (only Nantong 320600 ships with civdef)`);
  }
  const regions = nantongRegions();
  const boundaries = nantongBoundaries();
  await db.transaction(async (tx) => {
    await regionsRepository.upsertRegions(tx, [
      { code: '320000', name: '江苏省', parentCode: null, level: 'province', centroid: null },
      ...regions.map((r) => ({ ...r, parentCode: r.parentCode ?? '320000' })),
    ]);
    await regionsRepository.upsertBoundaries(tx, boundaries.features.map((f) => ({ code: f.properties.code, geometry: f.geometry })));
    await appendAudit(tx, SYSTEM_CTX, { action: 'system.load_regions', entityType: 'region', after: { regions: regions.length, boundaries: boundaries.features.length } });
  });
  return { loaded: true, regions: regions.length };
}

export interface InitialAdmin {
  username: string;
  password: string;
  generated: boolean;
}

/**
 * The first administrator, created once when no user exists. Its password is random (or the one
 * the operator set for this first start) and must be changed at first sign-in.
 */
export async function ensureInitialAdmin(db: Database, config: Config): Promise<InitialAdmin | null> {
  if ((await usersRepository.count(db)) > 0) return null;
  const password = config.initialAdminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const id = await usersRepository.insert(tx, {
      username: 'admin', displayName: '系统管理员', passwordHash, roles: ['system_admin'], regionCode: config.city.code, mustChangePassword: true,
    });
    await appendAudit(tx, SYSTEM_CTX, { action: 'user.create', entityType: 'user', entityId: id, regionCode: config.city.code, after: { username: 'admin', roles: ['system_admin'] } });
  });
  return { username: 'admin', password, generated: config.initialAdminPassword === null };
}

export interface DemoLoadResult {
  loaded: boolean;
  works: number;
  sirens: number;
  populationCells: number;
  people: number;
  ms: number;
}

/** Loads the synthetic demo dataset once, in one transaction: all of it or none of it. */
export async function loadDemoData(db: Database, seed: number, force = false): Promise<DemoLoadResult> {
  const started = Date.now();
  if (!force && (await systemRepository.getSetting(db, 'demo_data')) !== null) {
    return { loaded: false, works: 0, sirens: 0, populationCells: 0, people: 0, ms: 0 };
  }
  const data = generateDemoDataset({ seed });
  const people = data.population.cells.reduce((s, c) => s + c.people, 0);
  const counts = await db.transaction(async (tx) => {
    const worksLoader = createWorksLoader();
    const works = await worksLoader.insertWorks(tx, data.works);
    // Maintenance plans with a synthetic history counted back from today, so some works are overdue (one statement).
    const plans = await worksLoader.insertDemoPlans(tx, data.maintenance);
    const sirens = await sirensRepository.insertSirensBulk(tx, data.sirens);
    const cells = await populationRepository.insertCellsBulk(
      tx,
      data.population.cellSizeM,
      data.population.cells.map((c) => ({ regionCode: c.code, lng: c.lng, lat: c.lat, people: c.people })),
    );
    await systemRepository.setSetting(tx, 'demo_data', { seed, synthetic: true, loadedAt: new Date().toISOString() });
    await appendAudit(tx, SYSTEM_CTX, { action: 'system.load_demo', after: { seed, works, maintenancePlans: plans, sirens, populationCells: cells, people } });
    return { works, sirens, cells };
  });
  return { loaded: true, works: counts.works, sirens: counts.sirens, populationCells: counts.cells, people, ms: Date.now() - started };
}
