/**
 * The rules of the sirens registry: sirens, their state and its history, custom groups, fault tickets. Routes call
 * it with the signed-in actor; other modules (the demo loader, test fixtures) call `loadBulk` with their open
 * transaction. Every write runs in one transaction with its audit row; personal fields (联系电话) and terminal keys
 * are sealed with SM4 before they reach the database and masked in every audit row.
 */
import {
  inScope, SIREN_FAULT_DEFAULT_DAYS, SIREN_FAULT_OPEN, SIREN_FAULT_STATES, SIREN_FAULT_TRANSITIONS, type SirenFaultState,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { mask, type FieldCipher } from '../../lib/field-crypto.ts';
import { newTerminalKey } from '../../lib/siren-protocol.ts';
import { csvBuffer, csvRows } from '../../lib/xlsx/csv.ts';
import { ImportFormatError } from '../../lib/xlsx/format-error.ts';
import { loadWorkbook, sheetRows, type Cell } from '../../lib/xlsx/read.ts';
import { addSheet, newWorkbook, workbookBuffer, type SheetSpec } from '../../lib/xlsx/write.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { SirensErrors as E } from './sirens.errors.ts';
import { parseSirenRows, SIREN_SHEET, sirenSheet, sirenTemplate, type CellError, type SirenRecord } from './registry.exchange.ts';
import * as repo from './sirens.repository.ts';
import type { RatedSirenRow, SirenImport, SirenMapRow } from './sirens.repository.ts';
import type { FaultCreate, FaultListQuery, FaultTransition, GroupCreate, GroupPatch, SirenCreate, SirenListQuery, SirenPatch, StatusChange } from './sirens.schemas.ts';

export type { RatedSirenRow, SirenImport, SirenMapRow };

/** Authenticated with each value, so a ciphertext copied into another column does not decrypt there. */
export const CONTACT_PHONE_CONTEXT = 'siren.contact_phone';
export const TERMINAL_KEY_CONTEXT = 'siren.terminal_key';

export interface SirensDeps {
  db: Database;
  /** Only what sirens needs of the regions module: which region codes exist. */
  regions: Pick<RegionsService, 'unknownCodes'>;
  /** Seals 联系电话 and terminal keys at rest. */
  cipher: FieldCipher;
}

export interface SirenDetailData {
  siren: repo.SirenRow;
  groups: Array<{ id: number; name: string }>;
  history: repo.StatusEventRow[];
}

export interface SirensService {
  /** The sirens of the actor's jurisdiction, for the map. */
  mapOf(actor: Actor): Promise<SirenMapRow[]>;
  /** Every siren inside the jurisdiction prefix `scope` with its position and own rating (coverage runs, in order of id). */
  ratedIn(scope: string): Promise<RatedSirenRow[]>;
  /**
   * Loads many sirens inside the caller's transaction `tx` (which also audits the load). Refuses the whole
   * batch, naming the first siren, when one names a region that does not exist. Sirens controlled over MQTT
   * get a terminal key each (sealed); their terminal id defaults to their code.
   */
  loadBulk(tx: Queryable, sirens: readonly SirenImport[]): Promise<number>;
  list(actor: Actor, query: SirenListQuery): Promise<{ items: repo.SirenRow[]; total: number; page: number; pageSize: number }>;
  get(actor: Actor, id: number): Promise<SirenDetailData>;
  create(actor: Actor, ip: string | null, input: SirenCreate): Promise<SirenDetailData>;
  update(actor: Actor, ip: string | null, id: number, patch: SirenPatch): Promise<SirenDetailData>;
  remove(actor: Actor, ip: string | null, id: number): Promise<void>;
  setStatus(actor: Actor, ip: string | null, id: number, change: StatusChange): Promise<SirenDetailData>;
  /** A new command key for the siren's terminal, answered once in plain for provisioning; audited without it. */
  rotateTerminalKey(actor: Actor, ip: string | null, id: number): Promise<{ terminalId: string; key: string }>;
  groups(actor: Actor): Promise<{ custom: repo.GroupRow[]; regions: Awaited<ReturnType<typeof repo.regionGroups>> }>;
  group(actor: Actor, id: number): Promise<repo.GroupRow & { sirenIds: number[] }>;
  /** The region codes of the sirens in these groups within `scope` (in `q`, e.g. an alert's transaction), sorted. */
  regionsOfGroups(q: Queryable, scope: string, groupIds: readonly number[]): Promise<string[]>;
  createGroup(actor: Actor, ip: string | null, input: GroupCreate): Promise<repo.GroupRow & { sirenIds: number[] }>;
  updateGroup(actor: Actor, ip: string | null, id: number, patch: GroupPatch): Promise<repo.GroupRow & { sirenIds: number[] }>;
  removeGroup(actor: Actor, ip: string | null, id: number): Promise<void>;
  faults(actor: Actor, query: FaultListQuery): Promise<{ items: repo.FaultRow[]; total: number; page: number; pageSize: number }>;
  fault(actor: Actor, id: number): Promise<repo.FaultRow>;
  reportFault(actor: Actor, ip: string | null, input: FaultCreate): Promise<repo.FaultRow>;
  transitionFault(actor: Actor, ip: string | null, id: number, input: FaultTransition): Promise<repo.FaultRow>;
  /** Every siren of the jurisdiction with all registry fields (phones in full; audited), as XLSX or CSV. */
  exportFile(actor: Actor, ip: string | null, format: ExchangeFormat): Promise<Buffer>;
  /** The empty import file: header and a 说明 row. */
  templateFile(format: ExchangeFormat): Promise<Buffer>;
  /**
   * Creates the sirens of a file whose codes are new and updates those whose codes exist in the jurisdiction, all or
   * none: every problem of every row is reported at once (SIRENS_IMPORT_INVALID, one detail per problem).
   */
  importFile(actor: Actor, ip: string | null, data: Buffer, format: ExchangeFormat): Promise<{ created: number; updated: number; unchanged: number }>;
  /** Opens a sealed phone (for the presenter of a caller who may edit sirens). */
  openPhone(stored: string | null): string | null;
}

export type ExchangeFormat = 'xlsx' | 'csv';
/** At most this many sirens in one export (a city has hundreds to a few thousand). */
const MAX_EXPORT = 50_000;
/** Problems listed one by one in the error answer; the count in its message is always the full one. */
const MAX_LISTED_PROBLEMS = 2_000;

async function fileOf(spec: SheetSpec, format: ExchangeFormat): Promise<Buffer> {
  if (format === 'csv') return csvBuffer(spec);
  const wb = await newWorkbook();
  addSheet(wb, spec);
  return workbookBuffer(wb);
}

async function rowsOf(data: Buffer, format: ExchangeFormat): Promise<Cell[][]> {
  if (format === 'csv') return csvRows(data);
  const wb = await loadWorkbook(data);
  const ws = wb.getWorksheet(SIREN_SHEET) ?? wb.worksheets[0];
  if (!ws) throw new ImportFormatError('工作簿中没有工作表', 'the workbook has no sheet');
  return sheetRows(ws);
}

const rowOf = (at: string) => Number(/(\d+)$/.exec(at)?.[1] ?? 0);
const REGISTRY_KEYS = ['name', 'regionCode', 'kind', 'controlChannel', 'ratedPowerW', 'ratedLevelDb', 'referenceDistanceM', 'mountHeightM', 'hostUnit', 'contactName', 'installedYear'] as const;

const SYSTEM_ACTOR = { actorId: null, actor: 'system' };
const faultLabel = (code: string) => SIREN_FAULT_STATES.find((s) => s.code === code)?.zh ?? code;

export function createSirensService({ db, regions, cipher }: SirensDeps): SirensService {
  const sealPhone = <T extends string | null | undefined>(plain: T) => (typeof plain === 'string' ? cipher.encrypt(plain, CONTACT_PHONE_CONTEXT) : plain) as T;
  const openPhone = (stored: string | null) => (stored === null || !cipher.isEncrypted(stored) ? stored : cipher.decrypt(stored, CONTACT_PHONE_CONTEXT));
  const sealKey = (plain: string) => cipher.encrypt(plain, TERMINAL_KEY_CONTEXT);

  /** A siren for the audit trail: phone masked, terminal key never — only whether there is one. */
  const forAudit = (s: repo.SirenRow | null) => {
    if (!s) return undefined;
    // Presence moves every few seconds on its own: it is not part of what a person changed.
    const { terminalKey, contactPhone, openFaults: _o, overdueFaults: _d, regionName: _r, lastSeenAt: _l, terminalState: _t, ...rest } = s;
    const phone = openPhone(contactPhone);
    return { ...rest, contactPhone: phone === null ? null : mask(phone, 'phone'), hasTerminalKey: terminalKey !== null };
  };

  async function assertRegion(q: Queryable, actor: Actor, regionCode: string, field: string): Promise<void> {
    if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.SIRENS_REGION_OUT_OF_SCOPE, 403, { regionCode, field });
    if ((await regions.unknownCodes([regionCode], q)).length > 0) throw new AppError(E.SIRENS_REGION_UNKNOWN, 400, { code: field, regionCode });
  }

  async function detail(q: Queryable, actor: Actor, id: number): Promise<SirenDetailData> {
    const siren = await repo.findSiren(q, id, actor.scope);
    if (!siren) throw new AppError(E.SIRENS_NOT_FOUND, 404);
    return { siren, groups: await repo.groupsOfSiren(q, id), history: await repo.statusHistory(q, id) };
  }

  async function groupDetail(q: Queryable, actor: Actor, id: number) {
    const g = await repo.findGroup(q, id, actor.scope);
    if (!g) throw new AppError(E.SIRENS_GROUP_NOT_FOUND, 404);
    return { ...g, sirenIds: await repo.groupMembers(q, id) };
  }

  async function assertMembers(q: Queryable, ids: readonly number[], regionCode: string): Promise<void> {
    const found = await repo.sirensWithin(q, ids, regionCode);
    const index = ids.findIndex((id) => !found.has(id));
    if (index >= 0) throw new AppError(E.SIRENS_GROUP_MEMBER_UNKNOWN, 400, { index, sirenId: ids[index], regionCode });
  }

  async function fault(q: Queryable, actor: Actor, id: number): Promise<repo.FaultRow> {
    const f = await repo.findFault(q, id, actor.scope);
    if (!f) throw new AppError(E.SIRENS_FAULT_NOT_FOUND, 404);
    return f;
  }

  const recordOf = (r: repo.SirenRow): SirenRecord => ({
    code: r.code, name: r.name, regionCode: r.regionCode, location: r.location, kind: r.kind, controlChannel: r.controlChannel, terminalId: r.terminalId,
    ratedPowerW: r.ratedPowerW, ratedLevelDb: r.ratedLevelDb, referenceDistanceM: r.referenceDistanceM, mountHeightM: r.mountHeightM,
    hostUnit: r.hostUnit, contactName: r.contactName, contactPhone: openPhone(r.contactPhone), installedYear: r.installedYear,
  });

  return {
    mapOf: (actor) => repo.mapFeatures(db, actor.scope),
    ratedIn: (scope) => repo.ratedSirens(db, scope),
    openPhone,

    async exportFile(actor, ip, format) {
      const { items } = await repo.listSirens(db, { scope: actor.scope }, MAX_EXPORT, 0);
      const file = await fileOf(sirenSheet(items.map(recordOf)), format);
      // Contact phones leave the server in full here: who took them, and when, is on the audit trail.
      await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, ip), {
        action: 'siren.export', entityType: 'siren', regionCode: actor.regionCode, after: { sirens: items.length, format },
      }));
      return file;
    },

    templateFile: (format) => fileOf(sirenTemplate(), format),

    async importFile(actor, ip, data, format) {
      let rows: Cell[][];
      try {
        rows = await rowsOf(data, format);
      } catch (err) {
        if (err instanceof ImportFormatError) throw new AppError(E.SIRENS_IMPORT_UNREADABLE, 400, { zh: err.zh, en: err.en });
        throw err;
      }
      const { sirens, errors } = parseSirenRows(rows);
      return db.transaction(async (tx) => {
        // Rules that need the database, checked for every row (also rows with bad cells) before anything is written,
        // so one answer lists every problem of the file.
        const regionOk = (c: string) => /^\d{6}(\d{3})?$/.test(c);
        const unknown = new Set(await regions.unknownCodes([...new Set(sirens.map((x) => x.regionCode).filter(regionOk))], tx));
        const existing = new Map((await repo.sirensByCodes(tx, sirens.map((x) => x.code).filter(Boolean), actor.scope)).map((r) => [r.code, r]));
        const problems: CellError[] = [...errors];
        for (const x of sirens) {
          const at = `${SIREN_SHEET}!${x.row}`;
          if (regionOk(x.regionCode)) {
            if (!inScope(actor.regionCode, x.regionCode)) problems.push({ at, zh: `「区划代码」${x.regionCode} 不在您的管辖范围内`, en: `region code: ${x.regionCode} is outside your jurisdiction` });
            else if (unknown.has(x.regionCode)) problems.push({ at, zh: `「区划代码」${x.regionCode} 不存在`, en: `region code: ${x.regionCode} does not exist` });
          }
          const current = existing.get(x.code);
          if (!current && x.code && (await repo.codeTaken(tx, x.code))) {
            problems.push({ at, zh: `「编号」${x.code} 已被您管辖范围以外的警报器使用`, en: `code: ${x.code} is used by a siren outside your jurisdiction` });
          }
          const terminal = x.controlChannel === 'mqtt' ? (x.terminalId ?? x.code) : null;
          if (terminal && (await repo.terminalTaken(tx, terminal, current?.id ?? 0))) {
            problems.push({ at, zh: `「终端编号」${terminal} 已被其他警报器使用`, en: `terminal id: ${terminal} is already used by another siren` });
          }
        }
        if (problems.length > 0) {
          problems.sort((a, b) => rowOf(a.at) - rowOf(b.at));
          const first = problems[0]!;
          throw new AppError(E.SIRENS_IMPORT_INVALID, 400, { count: problems.length, at: first.at, zh: first.zh, en: first.en },
            problems.slice(0, MAX_LISTED_PROBLEMS).map((e) => ({ field: e.at, rule: 'import', zh: `${e.at}：${e.zh}`, en: `${e.at}: ${e.en}` })));
        }
        const ctx = auditContextOf(actor, ip);
        const fresh = sirens.filter((x) => !existing.has(x.code));
        const ids = await repo.insertSirensBulk(tx, fresh.map(({ row: _row, ...x }) => {
          const terminalId = x.controlChannel === 'mqtt' ? (x.terminalId ?? x.code) : null;
          return { ...x, status: 'online', contactPhone: sealPhone(x.contactPhone), terminalId, terminalKey: terminalId ? sealKey(newTerminalKey()) : null };
        }));
        await repo.recordInitialStatus(tx, [...ids.values()], '导入 imported', ctx);
        const updated: string[] = [];
        for (const x of sirens) {
          const current = existing.get(x.code);
          if (!current) continue;
          const changes: Record<string, unknown> = {};
          for (const k of REGISTRY_KEYS) if (x[k] !== current[k]) changes[k] = x[k];
          if (x.location[0] !== current.location[0] || x.location[1] !== current.location[1]) changes.location = x.location;
          if (x.contactPhone !== openPhone(current.contactPhone)) changes.contactPhone = sealPhone(x.contactPhone);
          const terminalId = x.controlChannel === 'mqtt' ? (x.terminalId ?? x.code) : null;
          // As in `update`: off the network, the terminal and its key go; a new terminal gets a new key.
          if (terminalId !== current.terminalId) Object.assign(changes, { terminalId, terminalKey: terminalId ? sealKey(newTerminalKey()) : null });
          if (Object.keys(changes).length === 0) continue;
          if (!(await repo.updateSiren(tx, current.id, current.version, changes))) throw new AppError(E.SIRENS_VERSION_CONFLICT, 409, { current: current.version + 1, sent: current.version });
          await appendAudit(tx, ctx, {
            action: 'siren.update', entityType: 'siren', entityId: current.id, regionCode: x.regionCode, before: forAudit(current), after: forAudit(await repo.findSiren(tx, current.id, '')),
          });
          updated.push(x.code);
        }
        const counts = { created: ids.size, updated: updated.length, unchanged: sirens.length - ids.size - updated.length };
        await appendAudit(tx, ctx, {
          action: 'siren.import', entityType: 'siren', regionCode: actor.regionCode, after: { ...counts, format, createdCodes: [...ids.keys()], updatedCodes: updated },
        });
        return counts;
      });
    },

    async loadBulk(tx, sirens) {
      const unknown = new Set(await regions.unknownCodes([...new Set(sirens.map((s) => s.regionCode))], tx));
      const bad = sirens.find((s) => unknown.has(s.regionCode));
      if (bad) throw new AppError(E.SIRENS_REGION_UNKNOWN, 400, { code: bad.code, regionCode: bad.regionCode });
      const rows = sirens.map((s) => {
        const remote = s.controlChannel === 'mqtt';
        const terminalId = remote ? (s.terminalId ?? s.code) : null;
        return { ...s, contactPhone: sealPhone(s.contactPhone ?? null), terminalId, terminalKey: terminalId ? sealKey(newTerminalKey()) : null };
      });
      const ids = await repo.insertSirensBulk(tx, rows);
      await repo.recordInitialStatus(tx, [...ids.values()], '登记 registered', SYSTEM_ACTOR);
      return ids.size;
    },

    async list(actor, query) {
      const { page, pageSize, ...filter } = query;
      const result = await repo.listSirens(db, { ...filter, scope: actor.scope }, pageSize, (page - 1) * pageSize);
      return { ...result, page, pageSize };
    },

    get: (actor, id) => detail(db, actor, id),

    async create(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        await assertRegion(tx, actor, input.regionCode, 'regionCode');
        if (await repo.codeTaken(tx, input.code)) throw new AppError(E.SIRENS_CODE_TAKEN, 409, { code: input.code });
        const remote = input.controlChannel === 'mqtt';
        if (input.terminalId && !remote) throw new AppError(E.SIRENS_TERMINAL_NEEDS_MQTT, 400);
        const terminalId = remote ? (input.terminalId ?? input.code) : null;
        if (terminalId && (await repo.terminalTaken(tx, terminalId))) throw new AppError(E.SIRENS_TERMINAL_TAKEN, 409, { terminalId });
        const ids = await repo.insertSirensBulk(tx, [{
          ...input, status: input.status ?? 'online', contactPhone: sealPhone(input.contactPhone ?? null), terminalId,
          terminalKey: terminalId ? sealKey(newTerminalKey()) : null,
        }]);
        const newId = ids.get(input.code)!;
        const ctx = auditContextOf(actor, ip);
        await repo.recordInitialStatus(tx, [newId], '登记 registered', ctx);
        await appendAudit(tx, ctx, {
          action: 'siren.create', entityType: 'siren', entityId: newId, regionCode: input.regionCode, after: forAudit(await repo.findSiren(tx, newId, '')),
        });
        return newId;
      });
      return detail(db, actor, id);
    },

    async update(actor, ip, id, patch) {
      await db.transaction(async (tx) => {
        const current = await repo.findSiren(tx, id, actor.scope, true);
        if (!current) throw new AppError(E.SIRENS_NOT_FOUND, 404);
        if (current.version !== patch.version) throw new AppError(E.SIRENS_VERSION_CONFLICT, 409, { current: current.version, sent: patch.version });
        const { version, ...fields } = patch;
        if (fields.regionCode && fields.regionCode !== current.regionCode) await assertRegion(tx, actor, fields.regionCode, 'regionCode');
        if (fields.code && fields.code !== current.code && (await repo.codeTaken(tx, fields.code, id))) throw new AppError(E.SIRENS_CODE_TAKEN, 409, { code: fields.code });
        const channel = fields.controlChannel ?? current.controlChannel;
        const changes: Record<string, unknown> = { ...fields, contactPhone: sealPhone(fields.contactPhone) };
        if (channel !== 'mqtt') {
          if (fields.terminalId) throw new AppError(E.SIRENS_TERMINAL_NEEDS_MQTT, 400);
          // A siren taken off the network loses its terminal and key: nothing may command it any more.
          if (current.terminalId !== null) Object.assign(changes, { terminalId: null, terminalKey: null });
        } else {
          const terminalId = fields.terminalId === undefined ? current.terminalId : fields.terminalId;
          const effective = terminalId ?? fields.code ?? current.code;
          if (effective !== current.terminalId) {
            if (await repo.terminalTaken(tx, effective, id)) throw new AppError(E.SIRENS_TERMINAL_TAKEN, 409, { terminalId: effective });
            // A new terminal gets a new key: the old terminal's key must not command the new one.
            Object.assign(changes, { terminalId: effective, terminalKey: sealKey(newTerminalKey()) });
          }
        }
        if (!(await repo.updateSiren(tx, id, version, changes))) {
          throw new AppError(E.SIRENS_VERSION_CONFLICT, 409, { current: current.version + 1, sent: version });
        }
        const after = await repo.findSiren(tx, id, '');
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren.update', entityType: 'siren', entityId: id, regionCode: after!.regionCode, before: forAudit(current), after: forAudit(after),
        });
      });
      return detail(db, actor, id);
    },

    async remove(actor, ip, id) {
      await db.transaction(async (tx) => {
        const current = await repo.findSiren(tx, id, actor.scope, true);
        if (!current) throw new AppError(E.SIRENS_NOT_FOUND, 404);
        if (await repo.hasCommands(tx, id)) throw new AppError(E.SIRENS_HAS_COMMANDS, 409);
        await repo.deleteSiren(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren.delete', entityType: 'siren', entityId: id, regionCode: current.regionCode, before: forAudit(current),
        });
      });
    },

    async setStatus(actor, ip, id, change) {
      await db.transaction(async (tx) => {
        const current = await repo.findSiren(tx, id, actor.scope, true);
        if (!current) throw new AppError(E.SIRENS_NOT_FOUND, 404);
        if (current.status === change.status) throw new AppError(E.SIRENS_STATUS_UNCHANGED, 409, { status: change.status });
        const ctx = auditContextOf(actor, ip);
        await repo.setStatus(tx, id, change.status, change.reason, ctx);
        await appendAudit(tx, ctx, {
          action: 'siren.status', entityType: 'siren', entityId: id, regionCode: current.regionCode,
          before: { status: current.status }, after: { status: change.status, reason: change.reason },
        });
      });
      return detail(db, actor, id);
    },

    async rotateTerminalKey(actor, ip, id) {
      return db.transaction(async (tx) => {
        const current = await repo.findSiren(tx, id, actor.scope, true);
        if (!current) throw new AppError(E.SIRENS_NOT_FOUND, 404);
        if (!current.terminalId) throw new AppError(E.SIRENS_NO_TERMINAL, 400);
        const key = newTerminalKey();
        await repo.updateSiren(tx, id, current.version, { terminalKey: sealKey(key) });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren.terminal_key', entityType: 'siren', entityId: id, regionCode: current.regionCode,
          // The key itself never enters the trail: whoever reads the audit log must not be able to command the siren.
          after: { terminalId: current.terminalId, keyRotated: true },
        });
        return { terminalId: current.terminalId, key };
      });
    },

    async groups(actor) {
      return { custom: await repo.listGroups(db, actor.scope), regions: await repo.regionGroups(db, actor.scope) };
    },

    group: (actor, id) => groupDetail(db, actor, id),

    regionsOfGroups: (q, scope, groupIds) => repo.regionsOfGroupMembers(q, groupIds, scope),

    async createGroup(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        await assertRegion(tx, actor, input.regionCode, 'regionCode');
        if (await repo.groupNameTaken(tx, input.regionCode, input.name)) throw new AppError(E.SIRENS_GROUP_NAME_TAKEN, 409, { name: input.name });
        await assertMembers(tx, input.sirenIds, input.regionCode);
        const newId = await repo.insertGroup(tx, { name: input.name, regionCode: input.regionCode, description: input.description ?? null });
        await repo.replaceGroupMembers(tx, newId, input.sirenIds);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren_group.create', entityType: 'siren_group', entityId: newId, regionCode: input.regionCode, after: input,
        });
        return newId;
      });
      return groupDetail(db, actor, id);
    },

    async updateGroup(actor, ip, id, patch) {
      await db.transaction(async (tx) => {
        const before = await repo.findGroup(tx, id, actor.scope);
        if (!before) throw new AppError(E.SIRENS_GROUP_NOT_FOUND, 404);
        if (patch.name && patch.name !== before.name && (await repo.groupNameTaken(tx, before.regionCode, patch.name, id))) {
          throw new AppError(E.SIRENS_GROUP_NAME_TAKEN, 409, { name: patch.name });
        }
        const members = await repo.groupMembers(tx, id);
        if (patch.sirenIds) {
          await assertMembers(tx, patch.sirenIds, before.regionCode);
          await repo.replaceGroupMembers(tx, id, patch.sirenIds);
        }
        await repo.updateGroup(tx, id, patch);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren_group.update', entityType: 'siren_group', entityId: id, regionCode: before.regionCode,
          before: { name: before.name, description: before.description, sirenIds: members }, after: patch,
        });
      });
      return groupDetail(db, actor, id);
    },

    async removeGroup(actor, ip, id) {
      await db.transaction(async (tx) => {
        const before = await repo.findGroup(tx, id, actor.scope);
        if (!before) throw new AppError(E.SIRENS_GROUP_NOT_FOUND, 404);
        const members = await repo.groupMembers(tx, id);
        await repo.deleteGroup(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren_group.delete', entityType: 'siren_group', entityId: id, regionCode: before.regionCode,
          before: { name: before.name, description: before.description, sirenIds: members },
        });
      });
    },

    async faults(actor, query) {
      const { page, pageSize, ...filter } = query;
      const result = await repo.listFaults(db, { ...filter, scope: actor.scope }, pageSize, (page - 1) * pageSize);
      return { ...result, page, pageSize };
    },

    fault: (actor, id) => fault(db, actor, id),

    async reportFault(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        const siren = await repo.findSiren(tx, input.sirenId, actor.scope, true);
        if (!siren) throw new AppError(E.SIRENS_NOT_FOUND, 404);
        const now = Date.now();
        const deadline = input.deadline ? new Date(input.deadline) : new Date(now + SIREN_FAULT_DEFAULT_DAYS * 86_400_000);
        if (deadline.getTime() <= now) throw new AppError(E.SIRENS_FAULT_DEADLINE_PAST, 400);
        const ctx = auditContextOf(actor, ip);
        const newId = await repo.insertFault(tx, {
          sirenId: siren.id, regionCode: siren.regionCode, category: input.category, description: input.description,
          deadline: deadline.toISOString(), reportedBy: actor.username, assignee: input.assignee ?? null,
        });
        if (siren.status !== 'fault') await repo.setStatus(tx, siren.id, 'fault', `故障工单 #${newId} fault ticket`, ctx);
        await appendAudit(tx, ctx, {
          action: 'siren_fault.report', entityType: 'siren_fault', entityId: newId, regionCode: siren.regionCode,
          after: { ...input, deadline: deadline.toISOString(), sirenStatus: 'fault' },
        });
        return newId;
      });
      return fault(db, actor, id);
    },

    async transitionFault(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const current = await repo.findFault(tx, id, actor.scope, true);
        if (!current) throw new AppError(E.SIRENS_FAULT_NOT_FOUND, 404);
        if (current.version !== input.version) throw new AppError(E.SIRENS_VERSION_CONFLICT, 409, { current: current.version, sent: input.version });
        const from = current.state as SirenFaultState;
        const allowed = SIREN_FAULT_TRANSITIONS[from] ?? [];
        if (!allowed.includes(input.to)) {
          throw new AppError(E.SIRENS_FAULT_ILLEGAL_TRANSITION, 422, {
            from, to: input.to, fromZh: faultLabel(from), toZh: faultLabel(input.to), allowed: allowed.join(', '), allowedZh: allowed.map(faultLabel).join('、'),
          });
        }
        const closing = !SIREN_FAULT_OPEN.includes(input.to);
        if (closing && !input.resolution) throw new AppError(E.SIRENS_FAULT_RESOLUTION_REQUIRED, 400);
        await repo.updateFault(tx, id, input.version, { state: input.to, assignee: input.assignee, resolution: input.resolution, resolved: closing });
        const ctx = auditContextOf(actor, ip);
        let sirenStatus: string | undefined;
        if (closing && (await repo.openFaultCount(tx, current.sirenId)) === 0) {
          const siren = await repo.findSiren(tx, current.sirenId, '', true);
          // The last open ticket closed: the siren is back in service (unless someone set another state meanwhile).
          if (siren?.status === 'fault') {
            sirenStatus = 'online';
            await repo.setStatus(tx, current.sirenId, 'online', `故障工单 #${id} ${input.to === 'repaired' ? '已修复 repaired' : '已撤销 cancelled'}`, ctx);
          }
        }
        await appendAudit(tx, ctx, {
          action: 'siren_fault.transition', entityType: 'siren_fault', entityId: id, regionCode: current.regionCode,
          before: { state: from, assignee: current.assignee }, after: { state: input.to, assignee: input.assignee, resolution: input.resolution, sirenStatus },
        });
      });
      return fault(db, actor, id);
    },
  };
}
