import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/index.ts';
import type { Actor } from '../../../lib/actor.ts';
import { createEventBus } from '../../../lib/events.ts';
import { FIXTURE, testFieldCipher } from '../../../test/harness.ts';
import { WORK_COLUMNS } from './format/columns.ts';
import { parseWorkFile } from './format/parse.ts';
import { ImportFormatError } from './format/tables.ts';
import { createImportService } from './import.service.ts';
import { givenServiceDatabase } from '../test-fixtures.ts';

let db: Database;
let drop: () => Promise<void>;
let actor: Actor;

beforeAll(async () => {
  ({ db, drop, actor } = await givenServiceDatabase('import-svc'));
});
afterAll(() => drop());

const row: Record<string, string | number> = {
  code: 'SVC-1', name: '服务测试', regionCode: FIXTURE.townA, lng: 120.875, lat: 32.005, constructionForm: '结建', parentProject: '项目', workClass: '人员掩蔽工程',
  grossAreaM2: 100, protectedAreaM2: 90, shelterAreaM2: 80,
};
const csv = [WORK_COLUMNS.map((c) => c.zh).join(','), WORK_COLUMNS.map((c) => row[c.key] ?? '').join(',')].join('\n');

describe('import jobs when the parse worker fails', () => {
  it('a commit whose re-parse fails (worker out of memory or over time) ends failed with the reason, not stuck committing', async () => {
    let calls = 0;
    // The real parse for the validation, then the failure the worker reports for the commit's re-parse.
    const parse: typeof parseWorkFile = async (data, format, crs) => {
      calls += 1;
      if (calls === 1) return parseWorkFile(data, format, crs);
      throw new ImportFormatError('文件过大：解析时超出内存上限 1536 MB，请拆分文件', 'the file is too large: parsing it exceeded the 1536 MB memory limit; split the file');
    };
    const imports = createImportService({ db, events: createEventBus(), cipher: testFieldCipher(), parse });
    const fail = (err: unknown) => {
      throw err;
    };
    const job = await imports.start(actor, { fileName: 'svc.csv', data: Buffer.from(csv) }, { crs: 'wgs84', wait: true }, fail);
    expect(job.status).toBe('valid');
    const works = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM work WHERE code = 'SVC-1'`)).rows[0]!.n;
    const done = await imports.commit(actor, null, job.id, true, fail);
    expect(done.status).toBe('failed');
    expect(done.errors[0]).toMatchObject({ column: 'file', en: expect.stringContaining('1536 MB memory limit') });
    expect(await works()).toBe(0);
  });
});
