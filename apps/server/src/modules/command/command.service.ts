/**
 * The rules of the command structure: the three-level 指挥部 (a county's sits under its city's, a town's under its
 * county's), their people and member units, duty rosters, command posts linked to 指挥工程 of the works registry, and
 * the mobile command vehicles. Personal phones are sealed with SM4 at rest and masked in every audit row and list.
 */
import { COMMAND_LEVELS, COMMAND_POST_KINDS, inScope, labelOf, parentRegion, regionLevel, type Permission } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import { mask, type FieldCipher } from '../../lib/field-crypto.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { WorksService } from '../works/index.ts';
import { CommandErrors as E } from './command.errors.ts';
import type { UnitReference } from './command.events.ts';
import * as repo from './command.repository.ts';
import type { DutySet, HqCreate, MemberUnitCreate, MemberUnitPatch, PersonCreate, PersonPatch, PostCreate } from './command.schemas.ts';

export const PERSON_PHONE_CONTEXT = 'command_person.mobile_phone';
export const UNIT_PHONE_CONTEXT = 'command_member_unit.contact_phone';

/** How many days of the roster the detail shows. */
export const ROSTER_DAYS = 14;

export interface CommandDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  /** Only what the structure needs of the works registry: one work as the caller may see it (to link a post). */
  works: Pick<WorksService, 'get'>;
  cipher: FieldCipher;
  /** Where a member unit's delete is announced, so the plans and drills that name it can refuse it. */
  events: Pick<EventBus, 'emit'>;
  /** The clock (a test sets it to see the duty roster of a given day). */
  now?: () => Date;
}

export interface DutyData extends repo.DutyRow {
  onDutyNow: boolean;
}

export interface HqSummaryData {
  hq: repo.HqRow;
  commander: { name: string; title: string | null } | null;
  today: DutyData[];
}

export interface HqDetailData extends HqSummaryData {
  persons: repo.PersonRow[];
  memberUnits: repo.MemberUnitRow[];
  posts: repo.PostRow[];
  roster: DutyData[];
  /** Whether the caller sees phones in full (may edit the structure) or masked. */
  fullPhones: boolean;
}

export interface CommandService {
  list(actor: Actor): Promise<HqSummaryData[]>;
  get(actor: Actor, id: number): Promise<HqDetailData>;
  create(actor: Actor, ip: string | null, input: HqCreate): Promise<HqDetailData>;
  addPerson(actor: Actor, ip: string | null, hqId: number, input: PersonCreate): Promise<HqDetailData>;
  addMemberUnit(actor: Actor, ip: string | null, hqId: number, input: MemberUnitCreate): Promise<HqDetailData>;
  setDuty(actor: Actor, ip: string | null, hqId: number, input: DutySet): Promise<HqDetailData>;
  addPost(actor: Actor, ip: string | null, hqId: number, input: PostCreate): Promise<HqDetailData>;
  /** Edits a person: only the fields sent; a phone left out stays sealed as it is. Answers the person's 指挥部. */
  updatePerson(actor: Actor, ip: string | null, personId: number, patch: PersonPatch): Promise<HqDetailData>;
  /** Removes a person who is on no duty roster (the roster is a record of who was on duty). */
  deletePerson(actor: Actor, ip: string | null, personId: number, version: number): Promise<HqDetailData>;
  updateMemberUnit(actor: Actor, ip: string | null, unitId: number, patch: MemberUnitPatch): Promise<HqDetailData>;
  /** Removes a member unit that no plan or drill names (409 naming them otherwise). Answers the unit's 指挥部. */
  deleteMemberUnit(actor: Actor, ip: string | null, unitId: number, version: number): Promise<HqDetailData>;
  vehicles(actor: Actor): Promise<repo.VehicleRow[]>;
}

/** The level of command a region holds: a city (six digits ending 00), a county (six), a town (nine); a province none. */
export function levelOfRegion(code: string): string {
  return regionLevel(code);
}

const READ_FULL: Permission = 'command:write';
const REGION_LEVEL_ZH: Record<string, string> = { province: '省级', city: '市级', county: '县区级', town: '镇（街道）级' };

/** Every region above `code`, nearest first (320612001 → 320612, 320600). */
export function ancestors(code: string): string[] {
  const out: string[] = [];
  for (let p = parentRegion(code); p; p = parentRegion(p)) out.push(p);
  return out;
}

/**
 * What an edit changes: the fields sent whose value differs from the stored one (phones compared in the clear),
 * the values to store (phones sealed) and the audit's before and after (phones masked).
 */
export function changesOf(
  stored: object, patch: object, phones: Readonly<Record<string, { seal: (p: string | null) => string | null; mask: (p: string | null) => string | null }>>,
): { set: Record<string, unknown>; before: Record<string, unknown>; after: Record<string, unknown> } {
  const current = stored as Readonly<Record<string, unknown>>;
  const set: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'version' || value === undefined || (current[key] ?? null) === value) continue;
    const phone = phones[key];
    set[key] = phone ? phone.seal(value as string | null) : value;
    before[key] = phone ? phone.mask((current[key] ?? null) as string | null) : current[key] ?? null;
    after[key] = phone ? phone.mask(value as string | null) : value;
  }
  return { set, before, after };
}

/** How many titles of each kind a refused delete names: enough to find them, short enough to read. */
const NAMED_REFERENCES = 5;

/**
 * 「方案《甲》、《乙》等另 1 项」 / `plan(s) "A", "B" and 1 more`: what still names a unit, in both languages. Records
 * outside the user's jurisdiction are counted, never named.
 */
export function referenceList(refs: readonly UnitReference[]): { listZh: string; listEn: string } {
  const zhWhat = { plan: '方案', drill: '演练' } as const;
  const parts = refs.filter((r) => r.records.length > 0).map((r) => {
    const titles = r.records.filter((x) => x.inScope).slice(0, NAMED_REFERENCES).map((x) => x.title);
    return { what: r.what, titles, more: r.records.length - titles.length };
  });
  const zh = parts.map((r) => `${zhWhat[r.what]}${r.titles.map((x) => `《${x}》`).join('、')}${r.more > 0 ? `${r.titles.length > 0 ? '等' : ''}另 ${r.more} 项` : ''}`);
  const en = parts.map((r) => `${r.what}(s) ${r.titles.map((x) => `"${x}"`).join(', ')}${r.more > 0 ? `${r.titles.length > 0 ? ' and' : ''} ${r.more} more` : ''}`);
  return { listZh: zh.join('；'), listEn: en.join('; ') };
}

export function createCommandService({ db, regions, works, cipher, events, now = () => new Date() }: CommandDeps): CommandService {
  const seal = (plain: string | null | undefined, context: string) => (plain ? cipher.encrypt(plain, context) : null);
  const open = (stored: string | null, context: string) => (stored === null || !cipher.isEncrypted(stored) ? stored : cipher.decrypt(stored, context));
  const masked = (p: string | null | undefined) => (p ? mask(p, 'phone') : null);

  /** The shift on now (Asia/Shanghai): 08–20 is today's day shift, 20–24 today's night, 00–08 yesterday's night. */
  function currentShift(): { date: string; shift: 'day' | 'night' } {
    const t = now();
    const today = shanghaiDate(t);
    const hour = new Date(t.getTime() + 8 * 3_600_000).getUTCHours();
    if (hour >= 8 && hour < 20) return { date: today, shift: 'day' };
    return hour >= 20 ? { date: today, shift: 'night' } : { date: addDays(today, -1), shift: 'night' };
  }

  function withNow(rows: repo.DutyRow[]): DutyData[] {
    const cur = currentShift();
    return rows.map((d) => ({ ...d, mobilePhone: open(d.mobilePhone, PERSON_PHONE_CONTEXT), onDutyNow: d.dutyDate === cur.date && d.shift === cur.shift }));
  }

  function commanderOf(persons: repo.PersonRow[], hqId: number) {
    const c = persons.find((p) => p.hqId === hqId && p.role === 'commander');
    return c ? { name: c.name, title: c.title } : null;
  }

  async function detail(q: Queryable, actor: Actor, id: number): Promise<HqDetailData> {
    const hq = await repo.findHq(q, id, actor.scope);
    if (!hq) throw new AppError(E.COMMAND_HQ_NOT_FOUND, 404);
    const today = shanghaiDate(now());
    const persons = await repo.personsOf(q, [id]);
    const roster = withNow(await repo.dutiesOf(q, [id], addDays(today, -1), ROSTER_DAYS + 1));
    return {
      hq, commander: commanderOf(persons, id),
      today: roster.filter((d) => d.dutyDate === today || d.onDutyNow),
      persons: persons.map((p) => ({ ...p, mobilePhone: open(p.mobilePhone, PERSON_PHONE_CONTEXT) })),
      memberUnits: (await repo.memberUnitsOf(q, id)).map((u) => ({ ...u, contactPhone: open(u.contactPhone, UNIT_PHONE_CONTEXT) })),
      posts: await repo.postsOf(q, id),
      roster: roster.filter((d) => d.dutyDate >= today),
      fullPhones: actor.permissions.has(READ_FULL),
    };
  }

  async function assertRegion(q: Queryable, actor: Actor, regionCode: string, field: string): Promise<void> {
    if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.COMMAND_REGION_OUT_OF_SCOPE, 403, { field, regionCode });
    if ((await regions.unknownCodes([regionCode], q)).length > 0) throw new AppError(E.COMMAND_REGION_UNKNOWN, 400, { field, regionCode });
  }

  async function insertHq(tx: Queryable, input: HqCreate & { synthetic?: boolean }): Promise<number> {
    const expect = levelOfRegion(input.regionCode);
    if (expect !== input.level) {
      throw new AppError(E.COMMAND_HQ_LEVEL_MISMATCH, 400, {
        level: input.level, levelZh: labelOf(COMMAND_LEVELS, input.level).zh, expect, expectZh: REGION_LEVEL_ZH[expect] ?? expect, regionCode: input.regionCode,
      });
    }
    if (await repo.hqExists(tx, input.regionCode, input.level)) {
      throw new AppError(E.COMMAND_HQ_EXISTS, 409, { regionCode: input.regionCode, level: input.level, levelZh: labelOf(COMMAND_LEVELS, input.level).zh });
    }
    return repo.insertHq(tx, {
      level: input.level, name: input.name, regionCode: input.regionCode, parentId: await repo.parentHqFor(tx, ancestors(input.regionCode)),
      address: input.address ?? null, officePhone: input.officePhone ?? null, synthetic: input.synthetic ?? false,
    });
  }

  /** A write to one 指挥部: found in scope, changed, audited, answered — in one transaction. */
  async function change(actor: Actor, ip: string | null, hqId: number, action: string, write: (tx: Queryable, hq: repo.HqRow) => Promise<Record<string, unknown>>): Promise<HqDetailData> {
    return db.transaction(async (tx) => {
      const hq = await repo.findHq(tx, hqId, actor.scope);
      if (!hq) throw new AppError(E.COMMAND_HQ_NOT_FOUND, 404);
      const after = await write(tx, hq);
      await appendAudit(tx, auditContextOf(actor, ip), { action, entityType: 'command_hq', entityId: hqId, regionCode: hq.regionCode, after });
      return detail(tx, actor, hqId);
    });
  }

  const phoneOps = (context: string) => ({ seal: (p: string | null) => seal(p, context), mask: (p: string | null) => masked(p) });

  function checkVersion(current: number, sent: number, what: string, whatZh: string): void {
    if (current !== sent) throw new AppError(E.COMMAND_VERSION_CONFLICT, 409, { what, whatZh, current, sent });
  }

  /**
   * An edit of a row of a 指挥部: written when anything changed (an unchanged form bumps no version), audited always
   * — an empty `after` says someone saved without a change.
   */
  async function edited(
    tx: Queryable, actor: Actor, ip: string | null, hqId: number, action: string, entityType: string, entityId: number,
    set: Record<string, unknown>, before: Record<string, unknown>, after: Record<string, unknown>, write: (q: Queryable) => Promise<void>,
  ): Promise<HqDetailData> {
    if (Object.keys(set).length > 0) await write(tx);
    const hq = (await repo.findHq(tx, hqId, actor.scope))!;
    await appendAudit(tx, auditContextOf(actor, ip), { action, entityType, entityId, regionCode: hq.regionCode, before: { hqId, ...before }, after });
    return detail(tx, actor, hqId);
  }

  return {
    async list(actor) {
      const hqs = await repo.listHqs(db, actor.scope);
      const ids = hqs.map((h) => h.id);
      const persons = await repo.personsOf(db, ids);
      const today = shanghaiDate(now());
      const duties = withNow(await repo.dutiesOf(db, ids, addDays(today, -1), 2));
      return hqs.map((hq) => ({
        hq, commander: commanderOf(persons, hq.id), today: duties.filter((d) => d.hqId === hq.id && (d.dutyDate === today || d.onDutyNow)),
      }));
    },

    get: (actor, id) => detail(db, actor, id),

    async create(actor, ip, input) {
      return db.transaction(async (tx) => {
        await assertRegion(tx, actor, input.regionCode, 'regionCode');
        const id = await insertHq(tx, input);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'command_hq.create', entityType: 'command_hq', entityId: id, regionCode: input.regionCode, after: { ...input } });
        return detail(tx, actor, id);
      });
    },

    addPerson: (actor, ip, hqId, input) => change(actor, ip, hqId, 'command_hq.person_add', async (tx, hq) => {
      const id = await repo.insertPerson(tx, hqId, hq.regionCode, {
        name: input.name, role: input.role, title: input.title ?? null, unit: input.unit ?? null, mobilePhone: seal(input.mobilePhone, PERSON_PHONE_CONTEXT),
      });
      return { personId: id, ...input, mobilePhone: masked(input.mobilePhone) };
    }),

    addMemberUnit: (actor, ip, hqId, input) => change(actor, ip, hqId, 'command_hq.member_unit_add', async (tx, hq) => {
      const id = await repo.insertMemberUnit(tx, hqId, hq.regionCode, {
        name: input.name, peacetimeDuty: input.peacetimeDuty, wartimeDuty: input.wartimeDuty, contactName: input.contactName ?? null,
        contactPhone: seal(input.contactPhone, UNIT_PHONE_CONTEXT),
      });
      return { memberUnitId: id, ...input, contactPhone: masked(input.contactPhone) };
    }),

    setDuty: (actor, ip, hqId, input) => change(actor, ip, hqId, 'command_hq.duty_set', async (tx, hq) => {
      if (!(await repo.personsOf(tx, [hqId])).some((p) => p.id === input.personId)) throw new AppError(E.COMMAND_PERSON_NOT_FOUND, 400, { personId: input.personId });
      const before = await repo.findDuty(tx, hqId, input.date, input.shift);
      await repo.upsertDuty(tx, hqId, hq.regionCode, input.date, input.shift, input.personId);
      return { ...input, previousPersonId: before?.personId ?? null };
    }),

    async addPost(actor, ip, hqId, input) {
      // The works module answers on its own connection, so it is asked before this write's transaction opens (the
      // embedded database has one connection); the 指挥部 is looked up first so a foreign one still answers 404.
      if (!(await repo.findHq(db, hqId, actor.scope))) throw new AppError(E.COMMAND_HQ_NOT_FOUND, 404);
      let work;
      try {
        work = (await works.get(actor, input.workId)).work;
      } catch (err) {
        if (err instanceof AppError && err.status === 404) throw new AppError(E.COMMAND_WORK_NOT_FOUND, 400, { workId: input.workId });
        throw err;
      }
      if (work.workClass !== 'command') throw new AppError(E.COMMAND_WORK_NOT_COMMAND, 400, { code: work.code, workClass: work.workClass });
      return change(actor, ip, hqId, 'command_hq.post_add', async (tx, hq) => {
        if (await repo.postExists(tx, hqId, input.kind)) {
          throw new AppError(E.COMMAND_POST_EXISTS, 409, { kind: input.kind, kindZh: labelOf(COMMAND_POST_KINDS, input.kind).zh });
        }
        const id = await repo.insertPost(tx, hqId, hq.regionCode, input);
        return { postId: id, ...input, workCode: work.code };
      });
    },

    updatePerson: (actor, ip, personId, patch) => db.transaction(async (tx) => {
      const person = await repo.findPersonForUpdate(tx, personId, actor.scope);
      if (!person) throw new AppError(E.COMMAND_PERSON_UNKNOWN, 404);
      checkVersion(person.version, patch.version, 'person', '人员');
      const current = { ...person, mobilePhone: open(person.mobilePhone, PERSON_PHONE_CONTEXT) };
      const { set, before, after } = changesOf(current, patch, { mobilePhone: phoneOps(PERSON_PHONE_CONTEXT) });
      return edited(tx, actor, ip, person.hqId, 'command_hq.person_update', 'command_person', personId, set, before, after,
        (q) => repo.updateRow(q, 'command_person', repo.PERSON_EDITABLE, personId, set));
    }),

    deletePerson: (actor, ip, personId, version) => db.transaction(async (tx) => {
      const person = await repo.findPersonForUpdate(tx, personId, actor.scope);
      if (!person) throw new AppError(E.COMMAND_PERSON_UNKNOWN, 404);
      checkVersion(person.version, version, 'person', '人员');
      const duties = await repo.dutiesOfPerson(tx, personId);
      if (duties > 0) throw new AppError(E.COMMAND_PERSON_ON_ROSTER, 409, { name: person.name, count: duties });
      await repo.deletePerson(tx, personId);
      const hq = (await repo.findHq(tx, person.hqId, actor.scope))!;
      await appendAudit(tx, auditContextOf(actor, ip), {
        action: 'command_hq.person_delete', entityType: 'command_person', entityId: personId, regionCode: hq.regionCode,
        before: { hqId: person.hqId, name: person.name, role: person.role, title: person.title, unit: person.unit, mobilePhone: masked(open(person.mobilePhone, PERSON_PHONE_CONTEXT)) },
      });
      return detail(tx, actor, person.hqId);
    }),

    updateMemberUnit: (actor, ip, unitId, patch) => db.transaction(async (tx) => {
      const unit = await repo.findMemberUnitForUpdate(tx, unitId, actor.scope);
      if (!unit) throw new AppError(E.COMMAND_UNIT_NOT_FOUND, 404);
      checkVersion(unit.version, patch.version, 'member unit', '成员单位');
      const current = { ...unit, contactPhone: open(unit.contactPhone, UNIT_PHONE_CONTEXT) };
      const { set, before, after } = changesOf(current, patch, { contactPhone: phoneOps(UNIT_PHONE_CONTEXT) });
      return edited(tx, actor, ip, unit.hqId, 'command_hq.member_unit_update', 'command_member_unit', unitId, set, before, after,
        (q) => repo.updateRow(q, 'command_member_unit', repo.UNIT_EDITABLE, unitId, set));
    }),

    deleteMemberUnit: (actor, ip, unitId, version) => db.transaction(async (tx) => {
      const unit = await repo.findMemberUnitForUpdate(tx, unitId, actor.scope);
      if (!unit) throw new AppError(E.COMMAND_UNIT_NOT_FOUND, 404);
      checkVersion(unit.version, version, 'member unit', '成员单位');
      const hq = (await repo.findHq(tx, unit.hqId, actor.scope))!;
      await repo.deleteMemberUnit(tx, unitId);
      // Plans and drills answer in this transaction; a unit still named anywhere is kept (the throw rolls back).
      const event = { unit: { id: unitId, name: unit.name, regionCode: hq.regionCode }, scope: actor.scope, references: [] as UnitReference[] };
      const ctx = auditContextOf(actor, ip);
      await events.emit('command.member_unit_deleted', event, { tx, audit: ctx });
      if (event.references.some((r) => r.records.length > 0)) {
        throw new AppError(E.COMMAND_UNIT_REFERENCED, 409, { name: unit.name, ...referenceList(event.references) });
      }
      await appendAudit(tx, ctx, {
        action: 'command_hq.member_unit_delete', entityType: 'command_member_unit', entityId: unitId, regionCode: hq.regionCode,
        before: {
          hqId: unit.hqId, name: unit.name, peacetimeDuty: unit.peacetimeDuty, wartimeDuty: unit.wartimeDuty, contactName: unit.contactName,
          contactPhone: masked(open(unit.contactPhone, UNIT_PHONE_CONTEXT)),
        },
      });
      return detail(tx, actor, unit.hqId);
    }),

    vehicles: (actor) => repo.listVehicles(db, actor.scope),
  };
}
