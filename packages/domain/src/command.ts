/**
 * Command and response (组织指挥、队伍装备、应急调度): the enumerations and the rules shared by the server and the
 * console — readiness of a team from its last roll-call, flags on qualifications and equipment upkeep, the travel
 * time estimate used to rank teams for an incident, and the life of a dispatch task.
 */

/** A code with its names (the shape every enumeration here has). */
interface Labelled {
  code: string;
  zh: string;
  en: string;
}

/** The three levels of 人民防空指挥部. */
export const COMMAND_LEVELS = [
  { code: 'city', zh: '市级指挥部', en: 'City command' },
  { code: 'county', zh: '县区级指挥部', en: 'County command' },
  { code: 'town', zh: '重点镇（街道）指挥部', en: 'Key town / street command' },
] as const satisfies readonly Labelled[];
export type CommandLevel = (typeof COMMAND_LEVELS)[number]['code'];

export const COMMAND_ROLES = [
  { code: 'commander', zh: '指挥长', en: 'Commander' },
  { code: 'deputy', zh: '副指挥长', en: 'Deputy commander' },
  { code: 'member', zh: '成员', en: 'Member' },
  { code: 'duty', zh: '值班员', en: 'Duty officer' },
] as const satisfies readonly Labelled[];
export type CommandRole = (typeof COMMAND_ROLES)[number]['code'];

export const DUTY_SHIFTS = [
  { code: 'day', zh: '白班', en: 'Day', from: '08:00', to: '20:00' },
  { code: 'night', zh: '夜班', en: 'Night', from: '20:00', to: '08:00' },
] as const;
export type DutyShift = (typeof DUTY_SHIFTS)[number]['code'];

export const COMMAND_POST_KINDS = [
  { code: 'basic', zh: '基本指挥所', en: 'Main command post', workSubtype: 'basic_command_post' },
  { code: 'reserve', zh: '预备指挥所', en: 'Reserve command post', workSubtype: 'reserve_command_post' },
] as const;
export type CommandPostKind = (typeof COMMAND_POST_KINDS)[number]['code'];

export const VEHICLE_STATES = [
  { code: 'ready', zh: '待命', en: 'Ready' },
  { code: 'deployed', zh: '出动', en: 'Deployed' },
  { code: 'maintenance', zh: '维修保养', en: 'Maintenance' },
] as const satisfies readonly Labelled[];
export type VehicleState = (typeof VEHICLE_STATES)[number]['code'];

/** 专业队 kinds, and the two other categories of team the seeds name. */
export const TEAM_KINDS = [
  { code: 'repair', zh: '抢险抢修', en: 'Rescue and repair' },
  { code: 'medical', zh: '医疗救护', en: 'Medical rescue' },
  { code: 'fire', zh: '消防', en: 'Firefighting' },
  { code: 'security', zh: '治安', en: 'Public order' },
  { code: 'chemical', zh: '防化防疫', en: 'CBRN and epidemic' },
  { code: 'communication', zh: '通信', en: 'Communications' },
  { code: 'transport', zh: '运输', en: 'Transport' },
  { code: 'info_protection', zh: '信息防护', en: 'Information protection' },
  { code: 'psychological', zh: '心理防护', en: 'Psychological support' },
  { code: 'engineering', zh: '工程抢修', en: 'Engineering repair' },
  { code: 'logistics', zh: '物资保障', en: 'Supplies' },
  { code: 'volunteer', zh: '志愿者', en: 'Volunteers' },
  { code: 'rescue', zh: '综合救援', en: 'General rescue' },
] as const satisfies readonly Labelled[];
export type TeamKind = (typeof TEAM_KINDS)[number]['code'];

export const TEAM_CATEGORIES = [
  { code: 'professional', zh: '专业队', en: 'Professional team' },
  { code: 'volunteer', zh: '志愿者队伍', en: 'Volunteer team' },
  { code: 'rescue', zh: '救援队', en: 'Rescue team' },
] as const satisfies readonly Labelled[];
export type TeamCategory = (typeof TEAM_CATEGORIES)[number]['code'];

/**
 * Which kinds each category of team may have: volunteers and rescue teams are their own kinds, 专业队 every other.
 *
 * @example teamKindAllowed('professional', 'medical') // true
 */
export function teamKindAllowed(category: string, kind: string): boolean {
  if (category === 'volunteer') return kind === 'volunteer';
  if (category === 'rescue') return kind === 'rescue';
  return kind !== 'volunteer' && kind !== 'rescue';
}

export const EQUIPMENT_STATES = [
  { code: 'ready', zh: '完好', en: 'Ready' },
  { code: 'faulty', zh: '故障', en: 'Faulty' },
  { code: 'maintenance', zh: '维修中', en: 'In maintenance' },
] as const satisfies readonly Labelled[];
export type EquipmentState = (typeof EQUIPMENT_STATES)[number]['code'];

export const INCIDENT_KINDS = [
  { code: 'flood', zh: '洪涝', en: 'Flood' },
  { code: 'fire', zh: '火灾', en: 'Fire' },
  { code: 'gas_leak', zh: '燃气泄漏', en: 'Gas leak' },
  { code: 'collapse', zh: '建筑坍塌', en: 'Collapse' },
  { code: 'air_raid_damage', zh: '空袭毁伤', en: 'Air-raid damage' },
] as const satisfies readonly Labelled[];
export type IncidentKind = (typeof INCIDENT_KINDS)[number]['code'];

/** The life of a dispatch task: each state moves only forward, and `cancelled` ends it from any open state. */
export const DISPATCH_STATES = [
  { code: 'dispatched', zh: '已派遣', en: 'Dispatched' },
  { code: 'en_route', zh: '在途', en: 'En route' },
  { code: 'on_site', zh: '到场', en: 'On site' },
  { code: 'done', zh: '完成', en: 'Done' },
  { code: 'cancelled', zh: '已取消', en: 'Cancelled' },
] as const satisfies readonly Labelled[];
export type DispatchState = (typeof DISPATCH_STATES)[number]['code'];

export const DISPATCH_TRANSITIONS: Record<DispatchState, readonly DispatchState[]> = {
  dispatched: ['en_route', 'on_site', 'cancelled'],
  en_route: ['on_site', 'cancelled'],
  on_site: ['done'],
  done: [],
  cancelled: [],
};
export const DISPATCH_OPEN: readonly DispatchState[] = ['dispatched', 'en_route', 'on_site'];

export const labelOf = (list: readonly Labelled[], code: string): Labelled => list.find((x) => x.code === code) ?? { code, zh: code, en: code };

/** Days before expiry from which a qualification is flagged (and equipment upkeep before it is due). */
export const QUALIFICATION_WARN_DAYS = 60;
export const MAINTENANCE_WARN_DAYS = 14;

export type DueFlag = 'expired' | 'expiring' | 'ok' | 'none';

/**
 * How a dated obligation stands on `today` (both `YYYY-MM-DD`): past it → `expired`, within `warnDays` → `expiring`.
 *
 * @example dueFlag('2026-01-10', '2026-01-01', 30) // 'expiring'
 */
export function dueFlag(due: string | null, today: string, warnDays: number): DueFlag {
  if (!due) return 'none';
  const days = (Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  if (days < 0) return 'expired';
  return days <= warnDays ? 'expiring' : 'ok';
}

export interface Readiness {
  /** Share of the members who turned up at the last roll-call, 0–100 (null before any roll-call). */
  peoplePct: number | null;
  /** Share of the equipment (by count) that worked at the last roll-call, 0–100. */
  equipmentPct: number | null;
  /** The lower of the two: a team is as ready as its weaker half. */
  overallPct: number | null;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

/**
 * A team's readiness from its last recorded roll-call (整组点验): who turned up and how much equipment worked.
 *
 * @example readinessOf({ peoplePresent: 18, peopleTotal: 20, equipmentWorking: 9, equipmentTotal: 10 }) // { peoplePct: 90, equipmentPct: 90, overallPct: 90 }
 */
export function readinessOf(r: { peoplePresent: number; peopleTotal: number; equipmentWorking: number; equipmentTotal: number } | null): Readiness {
  if (!r) return { peoplePct: null, equipmentPct: null, overallPct: null };
  const peoplePct = pct(r.peoplePresent, r.peopleTotal);
  const equipmentPct = pct(r.equipmentWorking, r.equipmentTotal);
  const both = [peoplePct, equipmentPct].filter((x): x is number => x !== null);
  return { peoplePct, equipmentPct, overallPct: both.length ? Math.min(...both) : null };
}

/** Default travel settings: road distance ≈ straight line × detour factor, at an average emergency speed. */
export const DEFAULT_TRAVEL = { detourFactor: 1.4, speedKmh: 40 } as const;

/**
 * Travel time in minutes for a straight-line distance: roads are longer than the line by `detourFactor`
 * (1.3–1.5 in Chinese cities), driven at `speedKmh`. An estimate to rank teams, not a route.
 *
 * @example travelMinutes(10_000, { detourFactor: 1.4, speedKmh: 40 }) // 21
 */
export function travelMinutes(straightM: number, travel: { detourFactor: number; speedKmh: number } = DEFAULT_TRAVEL): number {
  return Math.round(((straightM * travel.detourFactor) / 1000 / travel.speedKmh) * 60 * 10) / 10;
}
