/**
 * First start and the demo dataset: reference jurisdictions, the first administrator, the synthetic demo.
 * Bootstrap owns no table: it writes through the other modules' services (their doors), inside its own
 * transactions, and audits each load as the system.
 */
import {
  expandRoster, generateDemoDataset, generateQuizOrgDemo, generateRegulationDemo, generateResponseDemo, generateSirenTestDemo, generateZoningDemo, nantongBoundaries,
  nantongRegions, nantongTownBoundaries,
} from '@civdef/demo-data';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/index.ts';
import { createEventBus } from '../../lib/events.ts';
import { fieldCipherFor, lazyFieldCipher } from '../../lib/field-crypto.ts';
import { generatePassword, hashPassword } from '../../lib/password.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { createAlertsLoader, type AlertsLoader } from '../alerts/index.ts';
import { appendAudit } from '../audit/index.ts';
import { createCommandLoader, type CommandLoader } from '../command/index.ts';
import { createPopulationService, type PopulationService } from '../population/index.ts';
import { createQuizLoader, type QuizLoader } from '../public/index.ts';
import { createRegulationLoader, type RegulationLoader } from '../regulation/index.ts';
import { createRegionsService, type RegionsService } from '../regions/index.ts';
import { createSirenTestsLoader, createSirensService, type SirenTestsLoader, type SirensService } from '../sirens/index.ts';
import { createSystemService, type SystemService } from '../system/index.ts';
import { createUsersService, type UsersService } from '../users/index.ts';
import { createWorksLoader, type WorksLoader } from '../works/index.ts';
import { createZoningLoader, type ZoningLoader } from '../zoning/index.ts';
import { loadResponseDemo, responseLoadersFor, type ResponseLoaders } from './bootstrap.response.ts';

const SYSTEM_CTX = { actorId: null, actor: 'system', ip: null };

/** Days of the demo duty roster from the day before loading (a year: the demo keeps showing today's officer). */
const DEMO_ROSTER_DAYS = 366;
/** The demo city (南通市). */
const DEMO_CITY = '320600';

export interface InitialAdmin {
  username: string;
  password: string;
  generated: boolean;
}

export interface DemoLoadResult {
  loaded: boolean;
  works: number;
  sirens: number;
  populationCells: number;
  people: number;
  ms: number;
}

export interface BootstrapDeps {
  db: Database;
  config: Pick<Config, 'city' | 'initialAdminPassword'>;
  regions: Pick<RegionsService, 'count' | 'loadReference' | 'townBoundaryCount' | 'loadTownBoundaries'>;
  users: Pick<UsersService, 'count' | 'createAccount'>;
  sirens: Pick<SirensService, 'loadBulk'>;
  population: Pick<PopulationService, 'loadBulk'>;
  system: Pick<SystemService, 'demoData' | 'markDemoData'>;
  /** Writes works (their contact phones sealed with the installation's field-encryption key). */
  works: WorksLoader;
  /** Writes the command structure and teams (personal phones sealed likewise). */
  command: CommandLoader;
  /** Writes the plans, drills, evacuation places and key targets of the demo. */
  response: ResponseLoaders;
  /** Writes the synthetic 控规 parcels and 易地统筹 ledger (absent: none, for callers that build their own). */
  zoning?: ZoningLoader;
  /** Writes the demo's past exercise alert (so the public and CAP feeds are never empty). */
  alerts?: AlertsLoader;
  /** Writes the demo's last 9·18 campaign, closed (so a new one has one to be compared with). */
  sirenTests?: SirenTestsLoader;
  /** Writes the enterprise and officer registers of the demo (optional: callers that build no regulation skip it). */
  regulation?: RegulationLoader;
  /** Writes the demo's list of schools and communities the public quiz counts tests for. */
  quiz?: QuizLoader;
}

export interface BootstrapService {
  /**
   * Jurisdictions (real GB/T 2260 codes and district boundaries) are reference data, not demo data:
   * loaded on first start whether or not the synthetic demo is wanted.
   */
  ensureReferenceData(): Promise<{ loaded: boolean; regions: number }>;
  /**
   * The first administrator, created once when no user exists. Its password is random (or the one
   * the operator set for this first start) and must be changed at first sign-in.
   */
  ensureInitialAdmin(): Promise<InitialAdmin | null>;
  /** Loads the synthetic demo dataset once, in one transaction: all of it or none of it. */
  loadDemoData(seed: number, force?: boolean): Promise<DemoLoadResult>;
  /**
   * Personal fields at rest, before anything is served: stops the start (throws, naming the key) when stored values
   * are encrypted with a key that is not configured, then encrypts with the current key the values an older version
   * stored in plain text and those under a previous key (a rotation). Idempotent; audited as the system when it
   * encrypted anything.
   */
  ensureFieldEncryption(): Promise<{ sealed: number }>;
}

export function createBootstrapService({ db, config, regions, users, sirens, population, system, works: worksLoader, command, response, zoning, regulation, alerts = createAlertsLoader(), sirenTests = createSirenTestsLoader(), quiz = createQuizLoader() }: BootstrapDeps): BootstrapService {
  /** The demo city's SYNTHETIC town outlines (packages/demo-data town-boundaries.ts), so coverage counts towns by area. */
  async function loadTownOutlines(): Promise<void> {
    const towns = nantongTownBoundaries();
    await db.transaction(async (tx) => {
      await regions.loadTownBoundaries(tx, towns);
      await appendAudit(tx, SYSTEM_CTX, { action: 'system.load_town_boundaries', entityType: 'region', after: { towns: towns.length, synthetic: true } });
    });
  }

  return {
    async ensureReferenceData() {
      if ((await regions.count()) > 0) {
        // An installation of the built-in city loaded before town outlines shipped gets the synthetic ones once.
        if (config.city.code === '320600' && (await regions.townBoundaryCount()) === 0) await loadTownOutlines();
        return { loaded: false, regions: 0 };
      }
      if (config.city.code !== '320600') {
        throw new Error(`no built-in jurisdiction data for city ${config.city.code}: import regions first (only Nantong 320600 ships with civdef)`);
      }
      const list = nantongRegions();
      const boundaries = nantongBoundaries();
      await db.transaction(async (tx) => {
        await regions.loadReference(
          tx,
          [{ code: '320000', name: '江苏省', parentCode: null, level: 'province', centroid: null }, ...list.map((r) => ({ ...r, parentCode: r.parentCode ?? '320000' }))],
          boundaries.features.map((f) => ({ code: f.properties.code, geometry: f.geometry })),
        );
        await appendAudit(tx, SYSTEM_CTX, { action: 'system.load_regions', entityType: 'region', after: { regions: list.length, boundaries: boundaries.features.length } });
      });
      await loadTownOutlines();
      return { loaded: true, regions: list.length };
    },

    async ensureInitialAdmin() {
      if ((await users.count()) > 0) return null;
      const password = config.initialAdminPassword ?? generatePassword();
      await users.createAccount(SYSTEM_CTX, {
        username: 'admin', displayName: '系统管理员', passwordHash: await hashPassword(password), roles: ['system_admin'], regionCode: config.city.code, mustChangePassword: true,
      });
      return { username: 'admin', password, generated: config.initialAdminPassword === null };
    },

    async loadDemoData(seed, force = false) {
      const started = Date.now();
      if (!force && (await system.demoData()) !== null) {
        return { loaded: false, works: 0, sirens: 0, populationCells: 0, people: 0, ms: 0 };
      }
      const data = generateDemoDataset({ seed });
      const people = data.population.cells.reduce((s, c) => s + c.people, 0);
      const counts = await db.transaction(async (tx) => {
        const works = await worksLoader.insertWorks(tx, data.works);
        // Maintenance plans with a synthetic history counted back from today, so some works are overdue (one statement).
        const plans = await worksLoader.insertDemoPlans(tx, data.maintenance);
        const sirenCount = await sirens.loadBulk(tx, data.sirens);
        const cells = await population.loadBulk(
          tx,
          data.population.cellSizeM,
          data.population.cells.map((c) => ({ regionCode: c.code, lng: c.lng, lat: c.lat, people: c.people })),
        );
        // The office's day (Asia/Shanghai), once for every part of the demo that is dated relative to it.
        const today = shanghaiDate(new Date());
        // The duty roster from yesterday for DEMO_ROSTER_DAYS, so today's duty officer is on it whenever the demo is loaded.
        const from = addDays(today, -1);
        const commandCounts = await command.load(tx, {
          ...data.command,
          hqs: data.command.hqs.map(({ dutyRotation, ...h }) => ({ ...h, duty: expandRoster(dutyRotation, from, DEMO_ROSTER_DAYS) })),
        });
        const responseCounts = await loadResponseDemo(tx, response, generateResponseDemo(today));
        // The demo is Nantong's: its past exercise is the city's, from the sender a Nantong installation uses by default.
        const pastAlerts = await alerts.loadPastExercise(tx, { sender: `civdef-${DEMO_CITY}`, senderName: '南通市国防动员办公室', regionCode: DEMO_CITY, areaDesc: '南通市' });
        // The same 9·18's siren test, city-wide and closed, with each siren's answer and result.
        const pastSirenTests = await sirenTests.loadPastCampaign(tx, { regionCode: DEMO_CITY, sirens: generateSirenTestDemo(data.sirens, seed) });
        const zoningCounts = zoning ? await zoning.loadDemo(tx, generateZoningDemo(data.works)) : null;
        const regulationCounts = regulation ? await regulation.loadDemo(tx, generateRegulationDemo(data.works, today)) : null;
        const quizOrgs = await quiz.loadDemoOrgs(tx, generateQuizOrgDemo());
        await system.markDemoData(tx, { seed, synthetic: true, loadedAt: new Date().toISOString() });
        await appendAudit(tx, SYSTEM_CTX, {
          action: 'system.load_demo',
          after: {
            seed, works, maintenancePlans: plans, sirens: sirenCount, populationCells: cells, people, command: commandCounts, response: responseCounts, regulation: regulationCounts, zoning: zoningCounts, pastAlerts, pastSirenTests, quizOrgs,
          },
        });
        return { works, sirens: sirenCount, cells };
      });
      return { loaded: true, works: counts.works, sirens: counts.sirens, populationCells: counts.cells, people, ms: Date.now() - started };
    },

    ensureFieldEncryption: () => db.transaction(async (tx) => {
      const sealed = await worksLoader.sealContactPhones(tx);
      if (sealed > 0) await appendAudit(tx, SYSTEM_CTX, { action: 'system.encrypt_fields', entityType: 'work', after: { field: 'work.contact_phone', sealed } });
      return { sealed };
    }),
  };
}

/** What `bootstrapFor` reads of the configuration (its own settings and what the services it builds need). */
export type BootstrapConfig = Pick<Config, 'city' | 'initialAdminPassword' | 'password' | 'basemap' | 'fieldEncryption'>;

/**
 * The bootstrap service over a bare database, for callers that hold no app (server start before the app is
 * built, the CLI): builds the services it needs from their doors.
 */
export function bootstrapFor(db: Database, config: BootstrapConfig): BootstrapService {
  const regions = createRegionsService({ db });
  const population = createPopulationService({ db });
  return createBootstrapService({
    db,
    config,
    regions,
    // No auth service on this bus, so nothing would end sessions: fine, bootstrap only creates accounts (no event).
    users: createUsersService({ db, events: createEventBus(), regions, passwordPolicy: config.password }),
    sirens: createSirensService({ db, regions, cipher: lazyFieldCipher(config.fieldEncryption) }),
    population,
    system: createSystemService({ db, config, messaging: { kind: 'none', connected: () => false }, version: '' }),
    works: worksLoaderFor(config.fieldEncryption),
    command: createCommandLoader({ cipher: lazyFieldCipher(config.fieldEncryption) }),
    response: responseLoadersFor(db, regions, population),
    zoning: createZoningLoader(),
    regulation: createRegulationLoader(),
  });
}

/**
 * The works loader, its cipher resolved on first use: `ensureReferenceData` and `ensureInitialAdmin` (which every
 * CLI command runs) write no personal field, so they must not read, or make, the data dir's key file.
 */
function worksLoaderFor(settings: Config['fieldEncryption']): WorksLoader {
  let loader: WorksLoader | undefined;
  const get = () => (loader ??= createWorksLoader({ cipher: fieldCipherFor(settings) }));
  return {
    insertWorks: (q, list) => get().insertWorks(q, list),
    insertDemoPlans: (q, items) => get().insertDemoPlans(q, items),
    sealContactPhones: (q) => get().sealContactPhones(q),
  };
}

/**
 * The demo load reads only the field-encryption settings (its contact phones are sealed): the city and the first
 * administrator's password play no part in it.
 */
const DEMO_LOAD_CONFIG: Omit<BootstrapConfig, 'fieldEncryption'> = { city: { code: '', name: '' }, initialAdminPassword: null, password: { minLength: 0, classes: 0 }, basemap: null };

// The calls `server.ts` and the CLI make today; each builds the service over `db` for one operation.
export const ensureReferenceData = (db: Database, config: BootstrapConfig) => bootstrapFor(db, config).ensureReferenceData();
export const ensureInitialAdmin = (db: Database, config: BootstrapConfig) => bootstrapFor(db, config).ensureInitialAdmin();
export const loadDemoData = (db: Database, config: Pick<Config, 'fieldEncryption'>, seed: number, force = false) =>
  bootstrapFor(db, { ...DEMO_LOAD_CONFIG, fieldEncryption: config.fieldEncryption }).loadDemoData(seed, force);
