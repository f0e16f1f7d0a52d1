/**
 * What each module's door exports at run time: its plugin (`<m>Module`), its service factory
 * (`create<M>Service`) and its errors (`<M>Errors`) — nothing else, apart from the exceptions listed below
 * with their reason. The lint rule keeps other code out of a module; this keeps the door itself narrow.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULES = path.resolve(import.meta.dirname, '../modules');

/** Exports beyond the three kinds, each with why. */
const EXTRA_EXPORTS: Record<string, Record<string, string>> = {
  audit: {
    appendAudit: 'the in-transaction writer every module calls with its own transaction',
    verifyChain: 'the CLI verifies the chain holding only a database (until it builds the audit service)',
  },
  bootstrap: {
    bootstrapFor: 'the service over a bare database, for server start and the CLI',
    ensureReferenceData: 'called by server.ts and the CLI with a bare database',
    ensureInitialAdmin: 'called by server.ts and the CLI with a bare database',
    loadDemoData: 'called by server.ts and the CLI with a bare database',
  },
  alerts: {
    createAlertsLoader: 'the loader bootstrap writes the demo\'s past exercise alert through, inside its transaction',
    alertsFeedReader: 'the published feed for a process that issues nothing (the static export of the CLI)',
    AlertArea: 'the schema of an alert\'s area, which relaying an incoming CAP message (cap-ingest) takes as it is',
    presentPublicAlert: 'the one whitelist of a published alert, which the public app\'s live stream and static export send too',
  },
  channels: { createHttpSmsGateway: 'the SMS gateway adapter app.ts builds from the configuration (docs/protocols/sms-gateway.md)' },
  command: {
    createCommandLoader: 'the bulk loader bootstrap writes the demo command structure and teams through, inside its transaction',
    createRefsService: 'the references into the command half, built alone over a bare database by the demo load (the full services need works, alerts and the cipher)',
    refKey: 'the key of the map RefsService.resolve answers, for plans, drills and targets to look their references up in',
    createVehicleCredentials: 'the vehicles\' keys and broker accounts over a bare database, for `civdef vehicle key` and `civdef broker mosquitto-config`',
  },
  sirens: {
    TERMINAL_KEY_CONTEXT: 'the context terminal keys are sealed under, for the sirens bench to seed 10,000 terminals in one statement',
    createSirenTestsLoader: 'the loader bootstrap writes the demo\'s last 9·18 campaign through, inside its transaction',
  },
  public: { createQuizLoader: 'the loader bootstrap writes the demo\'s list of schools and communities through, inside its transaction' },
  regulation: { createRegulationLoader: 'the bulk loader bootstrap writes the demo enterprise and officer registers through, inside its transaction' },
  zoning: { createZoningLoader: 'the demo loader bootstrap writes the synthetic parcels and pooling ledger through, inside its transaction' },
  works: { createWorksLoader: 'the bulk loader bootstrap and the test fixtures write works through, inside their transaction' },
  users: {
    operatorActor: 'the actor the CLI\'s writes (user commands, town-outline import) act as, through the same service methods as the console',
  },
};

const pascal = (m: string) => m.replace(/(^|[-_])([a-z])/g, (_, _s: string, c: string) => c.toUpperCase());
/** A module's plugin name: `sirensModule`, `capIngestModule` for the folder cap-ingest. */
const pluginOf = (m: string) => `${pascal(m).charAt(0).toLowerCase()}${pascal(m).slice(1)}Module`;
const modules = fs.readdirSync(MODULES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe('module doors', () => {
  it('finds the modules (guards the checks below against an empty scan)', () => {
    expect(modules).toEqual(expect.arrayContaining(['audit', 'auth', 'sirens', 'users']));
  });

  for (const m of modules) {
    it(`${m}: index.ts exports only its plugin, its service factory and its errors`, async () => {
      const door = path.join(MODULES, m, 'index.ts');
      expect(fs.existsSync(door), `${m} has no index.ts`).toBe(true);
      const exported = Object.keys(await import(pathToFileURL(door).href));
      // A module with several resources may build them together: create<M>Services.
      const factories = [`create${pascal(m)}Service`, `create${pascal(m)}Services`];
      const allowed = new Set([pluginOf(m), ...factories, `${pascal(m)}Errors`, ...Object.keys(EXTRA_EXPORTS[m] ?? {})]);
      expect(exported.filter((name) => !allowed.has(name))).toEqual([]);
      expect(exported.some((name) => factories.includes(name)), `${m} exports no service factory`).toBe(true);
      // A module with routes has a plugin; one with an errors file exports its errors.
      const files = fs.readdirSync(path.join(MODULES, m));
      if (files.includes(`${m}.routes.ts`)) expect(exported).toContain(pluginOf(m));
      if (files.includes(`${m}.errors.ts`)) expect(exported).toContain(`${pascal(m)}Errors`);
    });
  }
});
