/**
 * Set-based loads of a whole command structure and its teams, for the demo dataset and test fixtures: written as the
 * system inside the caller's transaction (which audits the load), phones sealed like every other write. The data is
 * trusted to name existing regions (the demo generator's test checks it); levels and kinds are still checked.
 */
import { COMMAND_LEVELS, labelOf } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import { CommandErrors as E } from './command.errors.ts';
import * as commandRepo from './command.repository.ts';
import { ancestors, levelOfRegion, PERSON_PHONE_CONTEXT, UNIT_PHONE_CONTEXT } from './command.service.ts';
import * as teamsRepo from './teams.repository.ts';
import { kindAllowed, LEADER_PHONE_CONTEXT, MEMBER_PHONE_CONTEXT } from './teams.service.ts';

/** A whole command structure as the demo dataset describes it; people are referred to by name within their 指挥部. */
export interface CommandImport {
  hqs: Array<{
    level: 'city' | 'county' | 'town'; name: string; regionCode: string; address?: string | null; officePhone?: string | null;
    persons: Array<{ name: string; role: string; title?: string | null; unit?: string | null; mobilePhone?: string | null }>;
    memberUnits: Array<{ name: string; peacetimeDuty: string; wartimeDuty: string; contactName?: string | null; contactPhone?: string | null }>;
    duty: Array<{ date: string; shift: string; person: string }>;
    posts: Array<{ kind: string; name: string; workCode: string }>;
  }>;
  teams: Array<{
    code: string; name: string; category: string; kind: string; baseUnit: string; regionCode: string; location: [number, number];
    leaderName?: string | null; leaderPhone?: string | null;
    members: Array<{ name: string; role: string; phone?: string | null; qualification?: string | null; qualificationExpires?: string | null; volunteer?: boolean }>;
    equipment: Array<{ kind: string; name: string; count: number; location?: string | null; state?: string; maintenanceDue?: string | null }>;
    /** A roll-call already held: the first share of members present, the first share of each item's count working. */
    lastRollcall?: { date: string; presentShare: number; workingShare: number } | null;
  }>;
  vehicles: Array<{ code: string; name: string; regionCode: string; generation?: string | null; equipment?: string | null; crew: number; state: string; home: [number, number] }>;
}

export interface CommandLoader {
  load(tx: Queryable, input: CommandImport): Promise<{ hqs: number; teams: number; vehicles: number; rollcalls: number }>;
}

export function createCommandLoader({ cipher }: { cipher: FieldCipher }): CommandLoader {
  const seal = (plain: string | null | undefined, context: string) => (plain ? cipher.encrypt(plain, context) : null);
  return {
    async load(tx, input) {
      for (const h of input.hqs) {
        if (levelOfRegion(h.regionCode) !== h.level) {
          throw new AppError(E.COMMAND_HQ_LEVEL_MISMATCH, 400, {
            level: h.level, levelZh: labelOf(COMMAND_LEVELS, h.level).zh, expect: levelOfRegion(h.regionCode), expectZh: levelOfRegion(h.regionCode), regionCode: h.regionCode,
          });
        }
        const hqId = await commandRepo.insertHq(tx, {
          level: h.level, name: h.name, regionCode: h.regionCode, parentId: await commandRepo.parentHqFor(tx, ancestors(h.regionCode)),
          address: h.address ?? null, officePhone: h.officePhone ?? null, synthetic: true,
        });
        const byName = new Map<string, number>();
        for (const p of h.persons) {
          byName.set(p.name, await commandRepo.insertPerson(tx, hqId, h.regionCode, {
            name: p.name, role: p.role, title: p.title ?? null, unit: p.unit ?? null, mobilePhone: seal(p.mobilePhone, PERSON_PHONE_CONTEXT),
          }));
        }
        for (const u of h.memberUnits) {
          await commandRepo.insertMemberUnit(tx, hqId, h.regionCode, {
            name: u.name, peacetimeDuty: u.peacetimeDuty, wartimeDuty: u.wartimeDuty, contactName: u.contactName ?? null, contactPhone: seal(u.contactPhone, UNIT_PHONE_CONTEXT),
          });
        }
        const duty = h.duty.map((d) => {
          const personId = byName.get(d.person);
          if (personId === undefined) throw new AppError(E.COMMAND_PERSON_NOT_FOUND, 400, { personId: d.person });
          return { date: d.date, shift: d.shift, personId };
        });
        await commandRepo.insertDutiesBulk(tx, hqId, h.regionCode, duty);
        for (const p of h.posts) {
          const workId = await commandRepo.workIdByCode(tx, p.workCode);
          if (workId !== null) await commandRepo.insertPost(tx, hqId, h.regionCode, { kind: p.kind, name: p.name, workId });
        }
      }
      let rollcalls = 0;
      for (const t of input.teams) {
        if (!kindAllowed(t.category, t.kind)) throw new AppError(E.TEAMS_KIND_CATEGORY, 400, { category: t.category, categoryZh: t.category, kind: t.kind, kindZh: t.kind });
        const teamId = await teamsRepo.insertTeam(tx, {
          code: t.code, name: t.name, category: t.category, kind: t.kind, baseUnit: t.baseUnit, regionCode: t.regionCode, location: t.location,
          leaderName: t.leaderName ?? null, leaderPhone: seal(t.leaderPhone, LEADER_PHONE_CONTEXT), synthetic: true,
        });
        const memberIds = await teamsRepo.insertMembers(tx, teamId, t.regionCode, t.members.map((m) => ({
          name: m.name, role: m.role, phone: seal(m.phone, MEMBER_PHONE_CONTEXT), qualification: m.qualification ?? null,
          qualificationExpires: m.qualificationExpires ?? null, volunteer: m.volunteer ?? false,
        })));
        const items = t.equipment.map((e) => ({ kind: e.kind, name: e.name, count: e.count, location: e.location ?? null, state: e.state ?? 'ready', maintenanceDue: e.maintenanceDue ?? null }));
        const itemIds = await teamsRepo.insertEquipment(tx, teamId, t.regionCode, items);
        if (t.lastRollcall) {
          const { date, presentShare, workingShare } = t.lastRollcall;
          const present = Math.round(presentShare * memberIds.length);
          const id = await teamsRepo.insertRollcall(tx, teamId, t.regionCode, date);
          await teamsRepo.recordRollcall(tx, id, {
            recordedBy: 'system', note: '演示数据：合成点验记录',
            members: memberIds.map((memberId, i) => ({ memberId, present: i < present })),
            equipment: itemIds.map((equipmentId, i) => ({ equipmentId, counted: items[i]!.count, working: Math.floor(workingShare * items[i]!.count) })),
          });
          rollcalls++;
        }
      }
      for (const v of input.vehicles) {
        const hqId = await commandRepo.parentHqFor(tx, [v.regionCode, ...ancestors(v.regionCode)]);
        await commandRepo.insertVehicle(tx, { ...v, hqId, generation: v.generation ?? null, equipment: v.equipment ?? null, synthetic: true });
      }
      return { hqs: input.hqs.length, teams: input.teams.length, vehicles: input.vehicles.length, rollcalls };
    },
  };
}
