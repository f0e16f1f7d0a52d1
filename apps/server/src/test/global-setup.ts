/**
 * Builds, once, a migrated embedded database and dumps it to a file keyed by the migrations' content:
 * every test file then clones it in ~3 s instead of creating PostGIS from scratch (~10–30 s).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { listMigrations, migrate, openPglite } from '../db/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return;
  }
  const pgliteVersion = (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../../node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(pgliteVersion).update(JSON.stringify(listMigrations())).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `civdef-pglite-template-${key}.tar`);
  if (!fs.existsSync(file)) {
    const db = (await openPglite(null)) as Awaited<ReturnType<typeof openPglite>> & { dumpDataDir(): Promise<Blob> };
    await migrate(db);
    const dump = await db.dumpDataDir();
    await db.close();
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  project.provide('pgliteTemplate', file);
}
