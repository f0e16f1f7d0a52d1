/**
 * Rules of the response half of command and response, shared by server and console: plans (versioned, approved,
 * structured parts and their diff), drills (assessment score, overdue follow-ups, the year's summary), evacuation
 * (places, timings) and key economic targets (重要经济目标: the 七有 checklist, 一库一室一中心 and the readiness score).
 */

// ---------------------------------------------------------------------------------------------------------------
// Plans (人民防空方案, 专项方案, 应急预案)

export const PLAN_KINDS = ['civil_defence', 'special', 'emergency'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_NAMES: Record<PlanKind, { zh: string; en: string }> = {
  civil_defence: { zh: '人民防空方案', en: 'Civil defence plan' },
  special: { zh: '专项方案', en: 'Special plan' },
  emergency: { zh: '应急预案', en: 'Emergency plan' },
};

/** A revision's state: written as a draft, submitted for approval, then approved by someone else, or returned. */
export const REVISION_STATES = ['draft', 'submitted', 'approved', 'returned', 'superseded'] as const;
export type RevisionState = (typeof REVISION_STATES)[number];

export type RevisionAction = 'submit' | 'approve' | 'return';

/** Which state an action leads to from `from`, or null when the action is not allowed there. */
export function revisionTransition(from: RevisionState, action: RevisionAction): RevisionState | null {
  if (action === 'submit') return from === 'draft' || from === 'returned' ? 'submitted' : null;
  if (action === 'approve') return from === 'submitted' ? 'approved' : null;
  return from === 'submitted' ? 'returned' : null;
}

/**
 * The four-eyes rule of approval: whoever wrote a revision may not approve it. Answers the reason it is refused,
 * or null when `approverId` may approve.
 */
export function approvalRefusal(authorId: number | null, approverId: number): 'own_revision' | null {
  return authorId !== null && authorId === approverId ? 'own_revision' : null;
}

export const ASSIGNEE_KINDS = ['unit', 'team'] as const;
export type AssigneeKind = (typeof ASSIGNEE_KINDS)[number];

export interface PlanTrigger { code: string; condition: string; level: string }
/**
 * A task assigned to a member unit (成员单位) or a team (专业队). The assignee is a plain reference: the command
 * module owns units and teams; `refId` names its record when there is one, `name` is what the plan says.
 */
export interface PlanTask { assigneeKind: AssigneeKind; refId: number | null; assignee: string; task: string; phase: string }
export interface PlanResource { name: string; quantity: number; unit: string; holder: string }
export interface PlanContact { name: string; role: string; dutyPhone: string }

export interface PlanContent {
  summary: string;
  triggers: PlanTrigger[];
  tasks: PlanTask[];
  resources: PlanResource[];
  contacts: PlanContact[];
}

export const PLAN_PARTS = ['triggers', 'tasks', 'resources', 'contacts'] as const;
export type PlanPart = (typeof PLAN_PARTS)[number];

/** What identifies an item of a part across revisions: changed fields of the same key are a change, not add + remove. */
const PART_KEYS: { [P in PlanPart]: (item: PlanContent[P][number]) => string } = {
  triggers: (t) => (t as PlanTrigger).code,
  tasks: (t) => `${(t as PlanTask).assigneeKind}:${(t as PlanTask).assignee}:${(t as PlanTask).phase}`,
  resources: (r) => (r as PlanResource).name,
  contacts: (c) => `${(c as PlanContact).name}:${(c as PlanContact).role}`,
};

export interface FieldChange { field: string; before: unknown; after: unknown }
export interface ItemDiff { key: string; kind: 'added' | 'removed' | 'changed'; before: unknown; after: unknown; fields: FieldChange[] }
export interface PlanDiff {
  summary: { before: string; after: string } | null;
  parts: Record<PlanPart, ItemDiff[]>;
  /** Items added, removed or changed over all parts (plus one for a changed summary). */
  changes: number;
}

/** The first item of each key wins; later duplicates get `#2`, `#3` so none is silently dropped. */
function keyed<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    let k = key(item);
    for (let n = 2; out.has(k); n++) k = `${key(item)}#${n}`;
    out.set(k, item);
  }
  return out;
}

/**
 * The structured difference of two revisions' contents, part by part: each item is matched by its key (a trigger by
 * its code, a task by assignee and phase, a resource by name, a contact by name and role) and reported as added,
 * removed or changed with the fields that changed. Order inside a part is not a change.
 *
 * @example planDiff(a, b).parts.tasks // [{ key: 'team:抢险抢修队:临战', kind: 'changed', fields: [{ field: 'task', … }] }]
 */
export function planDiff(a: PlanContent, b: PlanContent): PlanDiff {
  const parts = {} as Record<PlanPart, ItemDiff[]>;
  let changes = 0;
  for (const part of PLAN_PARTS) {
    const key = PART_KEYS[part] as (item: unknown) => string;
    const before = keyed<unknown>(a[part], key);
    const after = keyed<unknown>(b[part], key);
    const out: ItemDiff[] = [];
    for (const [k, x] of before) {
      const y = after.get(k);
      if (y === undefined) { out.push({ key: k, kind: 'removed', before: x, after: null, fields: [] }); continue; }
      const fields: FieldChange[] = [];
      const names = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
      for (const f of [...names].sort()) {
        const bx = (x as Record<string, unknown>)[f], ay = (y as Record<string, unknown>)[f];
        if (JSON.stringify(bx) !== JSON.stringify(ay)) fields.push({ field: f, before: bx ?? null, after: ay ?? null });
      }
      if (fields.length > 0) out.push({ key: k, kind: 'changed', before: x, after: y, fields });
    }
    for (const [k, y] of after) if (!before.has(k)) out.push({ key: k, kind: 'added', before: null, after: y, fields: [] });
    parts[part] = out;
    changes += out.length;
  }
  const summary = a.summary === b.summary ? null : { before: a.summary, after: b.summary };
  if (summary) changes += 1;
  return { summary, parts, changes };
}

// ---------------------------------------------------------------------------------------------------------------
// Drills (演练)

export const DRILL_KINDS = ['evacuation', 'command', 'rescue', 'alert', 'comprehensive'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];
export const DRILL_STATES = ['planned', 'running', 'ended', 'assessed'] as const;
export type DrillState = (typeof DRILL_STATES)[number];
export const TIMELINE_KINDS = ['inject', 'action', 'note'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The next state of a drill: planned → running (start) → ended (end) → assessed (assess). */
export function drillTransition(from: DrillState, action: 'start' | 'end' | 'assess'): DrillState | null {
  if (action === 'start') return from === 'planned' ? 'running' : null;
  if (action === 'end') return from === 'running' ? 'ended' : null;
  return from === 'ended' || from === 'assessed' ? 'assessed' : null;
}

/**
 * The fields of a drill that may still change once it has started. The timeline is logged against the scenario, the
 * day, the region, the plan and the key target, and the assessment scores the criteria: changing any of those after
 * the start would make the kept record say something other than what was drilled. The title (a typo) and the
 * participants (a team that joined late, a head count corrected afterwards) describe the drill without rewriting it.
 */
export const DRILL_FIELDS_AFTER_START = ['title', 'participants'] as const;
export const DRILL_EDITABLE_FIELDS = ['kind', 'title', 'regionCode', 'scenario', 'plannedOn', 'participants', 'planId', 'keyTargetId', 'criteria'] as const;
export type DrillEditableField = (typeof DRILL_EDITABLE_FIELDS)[number];

/** Whether `field` of a drill in state `state` may change (every field before the start, the few above after). */
export function drillFieldEditable(state: DrillState, field: DrillEditableField): boolean {
  return state === 'planned' || (DRILL_FIELDS_AFTER_START as readonly string[]).includes(field);
}

export interface ScoredCriterion { name: string; weight: number; maxScore: number; score: number }

/**
 * A drill's assessment as a percentage: the weighted mean of each criterion's score over its maximum, rounded to one
 * decimal. Null when no criterion carries weight.
 *
 * @example drillScore([{ name: '集结时间', weight: 2, maxScore: 10, score: 8 }, { name: '通信', weight: 1, maxScore: 5, score: 5 }]) // 86.7
 */
export function drillScore(criteria: readonly ScoredCriterion[]): number | null {
  let w = 0, s = 0;
  for (const c of criteria) {
    if (c.weight <= 0 || c.maxScore <= 0) continue;
    w += c.weight;
    s += c.weight * Math.min(1, Math.max(0, c.score / c.maxScore));
  }
  return w === 0 ? null : Math.round((s / w) * 1000) / 10;
}

export const FOLLOW_UP_STATES = ['open', 'done'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

/** An open follow-up action whose deadline (YYYY-MM-DD) is before `today` (YYYY-MM-DD, Asia/Shanghai). */
export function isOverdue(deadline: string, status: FollowUpState, today: string): boolean {
  return status === 'open' && deadline < today;
}

export interface DrillYearInput { year: number; state: DrillState; score: number | null; findings: number; actions: Array<{ status: FollowUpState; deadline: string }> }
export interface DrillYearSummary { year: number; drills: number; assessed: number; meanScore: number | null; findings: number; actionsOpen: number; actionsOverdue: number; actionsDone: number }

/** Drills, assessments, findings and follow-ups summarised per year, newest year first. */
export function drillYears(drills: readonly DrillYearInput[], today: string): DrillYearSummary[] {
  const by = new Map<number, DrillYearSummary & { scoreSum: number; scored: number }>();
  for (const d of drills) {
    const y = by.get(d.year) ?? { year: d.year, drills: 0, assessed: 0, meanScore: null, findings: 0, actionsOpen: 0, actionsOverdue: 0, actionsDone: 0, scoreSum: 0, scored: 0 };
    y.drills += 1;
    if (d.state === 'assessed') y.assessed += 1;
    if (d.score !== null) { y.scoreSum += d.score; y.scored += 1; }
    y.findings += d.findings;
    for (const a of d.actions) {
      if (a.status === 'done') y.actionsDone += 1;
      else { y.actionsOpen += 1; if (isOverdue(a.deadline, a.status, today)) y.actionsOverdue += 1; }
    }
    by.set(d.year, y);
  }
  return [...by.values()].sort((a, b) => b.year - a.year).map(({ scoreSum, scored, ...y }) => ({ ...y, meanScore: scored ? Math.round((scoreSum / scored) * 10) / 10 : null }));
}

// ---------------------------------------------------------------------------------------------------------------
// Evacuation (疏散)

export const EVAC_PLACE_KINDS = ['base', 'area', 'assembly'] as const;
export type EvacPlaceKind = (typeof EVAC_PLACE_KINDS)[number];
export const EVAC_PLACE_KIND_NAMES: Record<EvacPlaceKind, { zh: string; en: string }> = {
  base: { zh: '疏散基地', en: 'Evacuation base' },
  area: { zh: '疏散地域', en: 'Evacuation area' },
  assembly: { zh: '疏散集结点', en: 'Assembly point' },
};
export const EVAC_STATES = ['ready', 'limited', 'closed'] as const;
export type EvacState = (typeof EVAC_STATES)[number];
export const EVAC_TIMINGS = ['early', 'imminent', 'emergency'] as const;
export type EvacTiming = (typeof EVAC_TIMINGS)[number];
export const EVAC_TIMING_NAMES: Record<EvacTiming, { zh: string; en: string }> = {
  early: { zh: '早期疏散', en: 'Early' },
  imminent: { zh: '临战疏散', en: 'Imminent' },
  emergency: { zh: '紧急疏散', en: 'Emergency' },
};
export const EVAC_TARGET_GROUPS = ['elderly', 'children', 'students', 'patients', 'disabled', 'residents', 'workers'] as const;
export type EvacTargetGroup = (typeof EVAC_TARGET_GROUPS)[number];

/** Places that can take people: a closed place takes none, a limited one half its capacity. */
export function usableCapacity(capacity: number, state: EvacState): number {
  if (state === 'closed') return 0;
  return state === 'limited' ? Math.floor(capacity / 2) : capacity;
}

/** People per hour a route carries in its state: the same rule as a place's capacity (limited half, closed none). */
export function usableThroughput(peoplePerHour: number, state: EvacState): number {
  return usableCapacity(peoplePerHour, state);
}

/**
 * Hours to bring `people` into a destination along the routes that lead to it, all used at once: people ÷ their
 * summed usable throughput, rounded up to a tenth of an hour. null when no usable route leads there (the plan then
 * has people and no way to move them, which is what the console flags).
 */
export function clearanceHours(people: number, routes: ReadonlyArray<{ peoplePerHour: number; state: EvacState }>): number | null {
  const perHour = routes.reduce((s, r) => s + usableThroughput(r.peoplePerHour, r.state), 0);
  if (perHour <= 0) return people > 0 ? null : 0;
  return Math.ceil((people / perHour) * 10) / 10;
}

/** People of an area to evacuate under its plan: residents × share, rounded down (never more people than live there). */
export function evacuees(residents: number, share: number): number {
  return Math.floor(residents * Math.min(1, Math.max(0, share)) + 1e-9);
}

// ---------------------------------------------------------------------------------------------------------------
// Key economic targets (重要经济目标)

export const TARGET_CATEGORIES = ['energy', 'chemical', 'transport_hub', 'port', 'bridge', 'reservoir', 'utility', 'communication', 'other'] as const;
export type TargetCategory = (typeof TARGET_CATEGORIES)[number];
export const TARGET_GRADES = ['national', 'provincial', 'city'] as const;
export type TargetGrade = (typeof TARGET_GRADES)[number];

/** The 七有 of a key target's protection: what it must have. */
export const SEVEN_HAVES = ['organisation', 'protection_plan', 'repair_team', 'facilities', 'supplies', 'funds', 'drills'] as const;
export type SevenHave = (typeof SEVEN_HAVES)[number];
export const SEVEN_HAVE_NAMES: Record<SevenHave, { zh: string; en: string }> = {
  organisation: { zh: '有防护组织机构', en: 'Protection organisation' },
  protection_plan: { zh: '有防护方案', en: 'Protection plan' },
  repair_team: { zh: '有抢险抢修队伍', en: 'Repair team' },
  facilities: { zh: '有防护设施', en: 'Protective facilities' },
  supplies: { zh: '有物资器材储备', en: 'Supplies and equipment' },
  funds: { zh: '有经费保障', en: 'Funding' },
  drills: { zh: '有演练训练', en: 'Drills and training' },
};

/** 一库一室一中心: the target's database, its protection command room and its emergency repair centre. */
export const ONE_LIBRARY_PARTS = ['library', 'room', 'centre'] as const;
export type OneLibraryPart = (typeof ONE_LIBRARY_PARTS)[number];
export const ONE_LIBRARY_NAMES: Record<OneLibraryPart, { zh: string; en: string }> = {
  library: { zh: '一库（目标数据库）', en: 'Target database' },
  room: { zh: '一室（防护指挥室）', en: 'Protection command room' },
  centre: { zh: '一中心（应急抢修中心）', en: 'Emergency repair centre' },
};
export const BUILD_STATES = ['none', 'building', 'done'] as const;
export type BuildState = (typeof BUILD_STATES)[number];

export interface TargetReadinessInput {
  checklist: Partial<Record<SevenHave, boolean>>;
  oneLibrary: Partial<Record<OneLibraryPart, BuildState>>;
  /** An approved plan is linked to the target. */
  approvedPlan: boolean;
  repairTeamAssigned: boolean;
  /** The latest drill's date (YYYY-MM-DD), null if none. */
  lastDrillOn: string | null;
  /** Funds granted this year (万元). */
  fundsThisYear: number;
}

export interface ReadinessShortfall { code: string; points: number }
export interface TargetReadiness { score: number; max: number; shortfalls: ReadinessShortfall[] }

/**
 * Points of the readiness score (100 in all). Each 七有 item 8 (56); each part of 一库一室一中心 6, half while
 * being built (18); an approved plan linked 8; a repair team assigned 6; a drill within the last 12 months 6;
 * funds granted this year 6. Each shortfall is named with the points it costs, largest first.
 */
export const READINESS_POINTS = { sevenHave: 8, oneLibrary: 6, approvedPlan: 8, repairTeam: 6, recentDrill: 6, funds: 6 } as const;

/** 12 months before `today` (YYYY-MM-DD), the same day of month (clamped by string order). */
function yearBefore(today: string): string {
  return `${String(Number(today.slice(0, 4)) - 1).padStart(4, '0')}${today.slice(4)}`;
}

/**
 * A key target's readiness out of 100 and what lowers it.
 *
 * @example targetReadiness({ checklist: {}, oneLibrary: {}, approvedPlan: false, repairTeamAssigned: false, lastDrillOn: null, fundsThisYear: 0 }, '2026-12-05').score // 0
 */
export function targetReadiness(input: TargetReadinessInput, today: string): TargetReadiness {
  const P = READINESS_POINTS;
  const short: ReadinessShortfall[] = [];
  for (const k of SEVEN_HAVES) if (!input.checklist[k]) short.push({ code: `seven_have.${k}`, points: P.sevenHave });
  for (const k of ONE_LIBRARY_PARTS) {
    const s = input.oneLibrary[k] ?? 'none';
    if (s === 'none') short.push({ code: `one_library.${k}`, points: P.oneLibrary });
    else if (s === 'building') short.push({ code: `one_library.${k}.building`, points: P.oneLibrary / 2 });
  }
  if (!input.approvedPlan) short.push({ code: 'approved_plan', points: P.approvedPlan });
  if (!input.repairTeamAssigned) short.push({ code: 'repair_team', points: P.repairTeam });
  if (input.lastDrillOn === null || input.lastDrillOn < yearBefore(today)) short.push({ code: 'recent_drill', points: P.recentDrill });
  if (!(input.fundsThisYear > 0)) short.push({ code: 'funds', points: P.funds });
  const max = SEVEN_HAVES.length * P.sevenHave + ONE_LIBRARY_PARTS.length * P.oneLibrary + P.approvedPlan + P.repairTeam + P.recentDrill + P.funds;
  const lost = short.reduce((a, s) => a + s.points, 0);
  short.sort((a, b) => b.points - a.points || a.code.localeCompare(b.code));
  return { score: max - lost, max, shortfalls: short };
}
