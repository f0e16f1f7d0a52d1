/**
 * Rules of regulation (行政审批与执法) shared by the server and the console: the 统一社会信用代码 check
 * (GB 32100-2015), the working-day calendar the statutory clocks run on, and the penalty ranges of the
 * 人民防空法 as data with their basis. Money is integer 分 throughout, never floating point.
 */

// ---------------------------------------------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100-2015)
// ---------------------------------------------------------------------------------------------------------------

/** The 31 characters a USCC may use (digits and capitals without I, O, Z, S, V), in the order of their values. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17 (3^(i) mod 31), GB 32100-2015 §5. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'character' | 'region' | 'checksum';

/** The check character (position 18) for the first 17 characters of a USCC, or null if one is not allowed. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Why `code` is not a valid 统一社会信用代码, or null when it is: 18 characters of the GB 32100 alphabet,
 * positions 3–8 an administrative division code (six digits), and position 18 the check character. The code is
 * taken as written: lower case is refused (the standard's codes are upper case, and a register must hold one
 * spelling per enterprise).
 */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!USCC_ALPHABET.includes(ch)) return 'character';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'region';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'checksum';
}

export const isValidUscc = (code: string): boolean => usccProblem(code) === null;

// ---------------------------------------------------------------------------------------------------------------
// Working-day calendar (工作日) with public holidays and adjusted working weekends (调休)
// ---------------------------------------------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface HolidayYear {
  year: number;
  /** The State Council notice this year's data is copied from. */
  basis: string;
  /** Days off that would otherwise be working days or weekends (the whole holiday, weekends included). */
  holidays: readonly string[];
  /** Weekend days that are working days (调休上班). */
  workingWeekends: readonly string[];
}

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Public holidays and 调休 as published by the General Office of the State Council, one entry per year: the
 * built-in defaults. The office loads later years (or corrects one) through the calendar route, stored in the
 * database; a loaded year replaces the built-in one of the same number (`mergeHolidayYears`). A clock that reaches a
 * year held by neither is still counted, Monday–Friday, and marked provisional (see `workingClock`): the office
 * must be able to register its work in December before the State Council's notice for next year is loaded.
 */
export const HOLIDAY_CALENDAR: readonly HolidayYear[] = [
  {
    year: 2025,
    basis: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    holidays: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'), // 春节
      ...range('2025-04-04', '2025-04-06'), // 清明节
      ...range('2025-05-01', '2025-05-05'), // 劳动节
      ...range('2025-05-31', '2025-06-02'), // 端午节
      ...range('2025-10-01', '2025-10-08'), // 国庆节、中秋节
    ],
    workingWeekends: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    basis: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
    holidays: [
      ...range('2026-01-01', '2026-01-03'), // 元旦
      ...range('2026-02-15', '2026-02-23'), // 春节
      ...range('2026-04-04', '2026-04-06'), // 清明节
      ...range('2026-05-01', '2026-05-05'), // 劳动节
      ...range('2026-06-19', '2026-06-21'), // 端午节
      ...range('2026-09-25', '2026-09-27'), // 中秋节
      ...range('2026-10-01', '2026-10-07'), // 国庆节
    ],
    workingWeekends: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === s;
}

function toUtc(s: string): Date {
  if (!isIsoDate(s)) throw new RangeError(`日期须为 YYYY-MM-DD：${s} / a date must be YYYY-MM-DD: ${s}`);
  return new Date(`${s}T00:00:00Z`);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface WorkingCalendar {
  /** The years whose holidays and 调休 the calendar holds; any other year is counted Monday–Friday. */
  readonly years: ReadonlySet<number>;
  isWorkingDay(date: string): boolean;
  /**
   * The date on which a clock of `n` working days that starts on `start` runs out: the n-th working day after
   * `start` (the start day itself is not counted, 期间开始之日不计算在期间内). `n = 0` answers `start`.
   */
  addWorkingDays(start: string, n: number): string;
  /** Working days in (from, to]: how many of the clock's days have run from `from` to `to`; negative if to < from. */
  workingDaysBetween(from: string, to: string): number;
  /** The years of (from, to] the calendar does not hold, ascending: a count over them is provisional. */
  missingYears(from: string, to: string): number[];
}

/**
 * A calendar over `years` (the built-in ones by default). A date in a year it does not hold is a working day
 * Monday to Friday: a holiday can only be added to such a year later, never a working day taken away that the
 * count relied on (调休 weekends aside), so the provisional count errs on the early side — see `workingClock`.
 */
export function workingCalendar(years: readonly HolidayYear[] = HOLIDAY_CALENDAR): WorkingCalendar {
  const known: ReadonlySet<number> = new Set(years.map((y) => y.year));
  const off = new Set(years.flatMap((y) => y.holidays));
  const on = new Set(years.flatMap((y) => y.workingWeekends));
  const isWorkingDay = (date: string) => {
    const d = toUtc(date);
    if (on.has(date)) return true;
    if (off.has(date)) return false;
    const dow = d.getUTCDay();
    return dow !== 0 && dow !== 6;
  };
  return {
    years: known,
    isWorkingDay,
    addWorkingDays(start, n) {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`工作日数须为非负整数：${n} / working days must be a non-negative integer: ${n}`);
      let d = start;
      toUtc(d);
      for (let left = n; left > 0;) {
        d = addDays(d, 1);
        if (isWorkingDay(d)) left -= 1;
      }
      return d;
    },
    workingDaysBetween(from, to) {
      if (to < from) return -this.workingDaysBetween(to, from);
      let count = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1;
      return count;
    },
    missingYears(from, to) {
      if (to <= from) return [];
      const out: number[] = [];
      for (let y = toUtc(addDays(from, 1)).getUTCFullYear(); y <= toUtc(to).getUTCFullYear(); y += 1) if (!known.has(y)) out.push(y);
      return out;
    },
  };
}

/** A statutory clock's last day, and the years it ran through without holiday data (empty: the date is final). */
export interface WorkingClock {
  dueOn: string;
  /** Years counted Monday–Friday because their holidays are not loaded yet; the date moves when they are. */
  provisionalYears: number[];
}

/**
 * A clock of `n` working days from `start` on `calendar`: its last day and the years it counted without holiday
 * data. Loading such a year later can only keep the date or move it later (holidays are added), except where the
 * year's 调休 makes a weekend a working day — which is why the office re-computes provisional clocks on loading.
 */
export function workingClock(calendar: WorkingCalendar, start: string, n: number): WorkingClock {
  const dueOn = calendar.addWorkingDays(start, n);
  return { dueOn, provisionalYears: calendar.missingYears(start, dueOn) };
}

/**
 * The statuses in which a working-day clock still runs, and so moves when a year's holidays are loaded: an approval
 * case's while it is open (decided, its dates are history), an enforcement case's answer period while the party has
 * been notified and no decision taken. The server re-computes exactly these on a load; the console tags only these
 * provisional.
 */
export const RUNNING_CLOCK_STATUS = { approval: 'open', enforcementAnswer: 'notified' } as const;

/** The built-in years with `loaded` ones laid over them: a loaded year replaces a built-in year of the same number. */
export function mergeHolidayYears(builtIn: readonly HolidayYear[], loaded: readonly HolidayYear[]): HolidayYear[] {
  const byYear = new Map<number, HolidayYear>();
  for (const y of builtIn) byYear.set(y.year, y);
  for (const y of loaded) byYear.set(y.year, y);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** The earliest and latest year the office may load (a typo like 20277 or 1027 is refused, not stored). */
export const HOLIDAY_YEAR_RANGE = { min: 2000, max: 2100 } as const;

export type HolidayYearProblem =
  | { problem: 'year'; field: 'year'; value: number }
  | { problem: 'date'; field: 'holidays' | 'workingWeekends'; value: string }
  | { problem: 'other_year'; field: 'holidays' | 'workingWeekends'; value: string }
  | { problem: 'not_weekend'; field: 'workingWeekends'; value: string }
  | { problem: 'both'; field: 'workingWeekends'; value: string }
  | { problem: 'repeated'; field: 'holidays' | 'workingWeekends'; value: string };

/**
 * Why a year's holidays and 调休 cannot be loaded, or null: every date real (YYYY-MM-DD) and in that year, no date
 * listed twice, every 调休 working day a Saturday or Sunday (a weekday is a working day already), and no date both
 * a holiday and a working day. The first problem found is named, with its field and value.
 */
export function holidayYearProblem(y: { year: number; holidays: readonly string[]; workingWeekends: readonly string[] }): HolidayYearProblem | null {
  if (!Number.isSafeInteger(y.year) || y.year < HOLIDAY_YEAR_RANGE.min || y.year > HOLIDAY_YEAR_RANGE.max) return { problem: 'year', field: 'year', value: y.year };
  for (const field of ['holidays', 'workingWeekends'] as const) {
    const seen = new Set<string>();
    for (const value of y[field]) {
      if (!isIsoDate(value)) return { problem: 'date', field, value };
      if (Number(value.slice(0, 4)) !== y.year) return { problem: 'other_year', field, value };
      if (seen.has(value)) return { problem: 'repeated', field, value };
      seen.add(value);
    }
  }
  const off = new Set(y.holidays);
  for (const value of y.workingWeekends) {
    if (off.has(value)) return { problem: 'both', field: 'workingWeekends', value };
    const dow = toUtc(value).getUTCDay();
    if (dow !== 0 && dow !== 6) return { problem: 'not_weekend', field: 'workingWeekends', value };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Penalty ranges of the 中华人民共和国人民防空法
// ---------------------------------------------------------------------------------------------------------------

export type PartyKind = 'individual' | 'unit';

export interface PenaltyRule {
  code: 'art48' | 'art49';
  /** The article, as cited in a decision. */
  basis: string;
  /** What the article punishes, shortened. */
  conduct: string;
  /** The fine's range per kind of party, integer 分, both ends allowed; a kind not listed cannot be fined under it. */
  ranges: Partial<Record<PartyKind, { minFen: number; maxFen: number }>>;
}

const YUAN = 100;

/** The fines of the 人民防空法 (1996, amended 2009) as data: art. 48 and art. 49. */
export const PENALTY_RULES: readonly PenaltyRule[] = [
  {
    code: 'art48',
    basis: '《中华人民共和国人民防空法》第四十八条',
    conduct: '城市新建民用建筑违反国家有关规定不修建战时可用于防空的地下室（可以并处十万元以下的罚款）',
    ranges: { individual: { minFen: 0, maxFen: 100_000 * YUAN }, unit: { minFen: 0, maxFen: 100_000 * YUAN } },
  },
  {
    code: 'art49',
    basis: '《中华人民共和国人民防空法》第四十九条',
    conduct: '侵占人民防空工程、危害人民防空工程安全使用、擅自拆除人民防空工程等（可以对个人并处五千元以下的罚款、对单位并处一万元至五万元的罚款）',
    ranges: { individual: { minFen: 0, maxFen: 5_000 * YUAN }, unit: { minFen: 10_000 * YUAN, maxFen: 50_000 * YUAN } },
  },
];

export type PenaltyProblem =
  | { problem: 'rule'; code: string }
  | { problem: 'amount'; amountFen: number }
  | { problem: 'range'; basis: string; minFen: number; maxFen: number; amountFen: number };

/**
 * Whether a fine of `amountFen` on a party of `party` kind is within the article's range: null if it is, else
 * why not (an unknown article, an amount that is not a non-negative integer of 分, or outside the range, with
 * the range and its basis so the message can cite them).
 */
export function penaltyProblem(code: string, party: PartyKind, amountFen: number): PenaltyProblem | null {
  const rule = PENALTY_RULES.find((r) => r.code === code);
  if (!rule) return { problem: 'rule', code };
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) return { problem: 'amount', amountFen };
  const range = rule.ranges[party];
  if (!range) return { problem: 'rule', code };
  if (amountFen < range.minFen || amountFen > range.maxFen) return { problem: 'range', basis: rule.basis, ...range, amountFen };
  return null;
}

/** 分 as 元 text with two decimals, without going through floating point: 1234567 → '12345.67'. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Enterprises and 双随机 inspection items
// ---------------------------------------------------------------------------------------------------------------

/** Kinds of enterprise in the register: 建设单位/施工单位, 监理, 设计, 防护设备生产, 使用（管理）单位. */
export const ENTERPRISE_KINDS = ['builder', 'supervisor', 'designer', 'equipment_maker', 'user_unit'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

export const ENTERPRISE_KIND_NAMES: Record<EnterpriseKind, { zh: string; en: string }> = {
  builder: { zh: '建设（施工）单位', en: 'Builder' },
  supervisor: { zh: '监理单位', en: 'Supervisor' },
  designer: { zh: '设计单位', en: 'Designer' },
  equipment_maker: { zh: '防护设备生产企业', en: 'Protective-equipment maker' },
  user_unit: { zh: '工程使用（管理）单位', en: 'User unit of works' },
};

/**
 * Inspection items of the 抽查事项清单: what the pool of targets is drawn from and who answers for each target.
 * - `enterprises`: the registered enterprises of `target` kind (the target is the enterprise, keyed by its USCC);
 * - `works`: the 人防工程 matching the task's filter, each answered for by its user (management) unit;
 * - `sirens`: the sirens matching the task's filter, each answered for by the unit hosting it.
 * A conflict of interest with an enterprise excludes the officer from that enterprise and from every work or
 * siren it answers for (matched by the unit's name as the registry holds it).
 */
export const INSPECTION_ITEMS = {
  works_maintenance: { source: 'works', target: 'user_unit', zh: '人防工程维护管理情况', en: 'Maintenance of works' },
  construction_quality: { source: 'enterprises', target: 'builder', zh: '人防工程施工质量', en: 'Construction quality' },
  supervision_quality: { source: 'enterprises', target: 'supervisor', zh: '人防工程监理履职情况', en: 'Supervision' },
  design_quality: { source: 'enterprises', target: 'designer', zh: '人防工程设计质量', en: 'Design quality' },
  equipment_quality: { source: 'enterprises', target: 'equipment_maker', zh: '人防防护设备产品质量', en: 'Protective-equipment quality' },
  siren_facilities: { source: 'sirens', target: 'host_unit', zh: '防空警报设施维护管理情况', en: 'Siren facilities' },
} as const satisfies Record<string, { source: 'enterprises' | 'works' | 'sirens'; target: EnterpriseKind | 'host_unit'; zh: string; en: string }>;
export type InspectionSource = (typeof INSPECTION_ITEMS)[keyof typeof INSPECTION_ITEMS]['source'];
export type InspectionItem = keyof typeof INSPECTION_ITEMS;
export const INSPECTION_ITEM_CODES = Object.keys(INSPECTION_ITEMS) as InspectionItem[];

export const INSPECTION_STATUSES = ['draft', 'committed', 'drawn', 'published'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

export const INSPECTION_OUTCOMES = ['compliant', 'rectify', 'violation'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

// ---------------------------------------------------------------------------------------------------------------
// Approvals (行政审批) and their clocks
// ---------------------------------------------------------------------------------------------------------------

/** Kinds of 人防 approval case (结建, 易地建设, works in a protection zone, 兼顾人防, demolition/alteration/scrapping, peacetime use). */
export const APPROVAL_KINDS = [
  'attached_construction', 'relocated_construction', 'protection_zone_works', 'dual_use_underground', 'demolition', 'alteration', 'scrapping', 'peacetime_use',
] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/**
 * The 联审 parties asked by default for each kind of case (data: the city's 联审联批 list), used when a case is
 * registered without naming its parties; naming them (even as an empty list) replaces the defaults.
 */
export const APPROVAL_DEFAULT_PARTIES: Readonly<Record<ApprovalKind, ReadonlyArray<{ name: string; required: boolean }>>> = {
  attached_construction: [{ name: '自然资源和规划局', required: true }, { name: '住房和城乡建设局', required: true }],
  relocated_construction: [{ name: '自然资源和规划局', required: true }, { name: '财政局', required: true }],
  protection_zone_works: [{ name: '自然资源和规划局', required: true }, { name: '住房和城乡建设局', required: false }],
  dual_use_underground: [{ name: '自然资源和规划局', required: true }, { name: '住房和城乡建设局', required: true }, { name: '消防救援支队', required: false }],
  demolition: [{ name: '住房和城乡建设局', required: true }, { name: '财政局', required: false }],
  alteration: [{ name: '住房和城乡建设局', required: true }],
  scrapping: [{ name: '财政局', required: true }],
  peacetime_use: [{ name: '消防救援支队', required: true }, { name: '市场监督管理局', required: false }],
};

/** Default clocks in working days: the legal limit (法定时限) and the office's promise (承诺时限). */
export const APPROVAL_CLOCK_DEFAULTS = { legalDays: 20, promisedDays: 7 } as const;
/** An open case is "due soon" when its promised day is at most this many working days away. */
export const APPROVAL_DUE_SOON_DAYS = 2;

export type ApprovalClockState = 'on_time' | 'due_soon' | 'past_promise' | 'past_legal_limit';

/**
 * Where an open case stands on `today`: past the legal limit, past the promise, within `APPROVAL_DUE_SOON_DAYS`
 * working days of the promise, or on time. Working days are counted with `calendar`.
 */
export function approvalClockState(calendar: WorkingCalendar, c: { promisedDueOn: string; legalDueOn: string }, today: string): ApprovalClockState {
  if (today > c.legalDueOn) return 'past_legal_limit';
  if (today > c.promisedDueOn) return 'past_promise';
  return calendar.workingDaysBetween(today, c.promisedDueOn) <= APPROVAL_DUE_SOON_DAYS ? 'due_soon' : 'on_time';
}

// ---------------------------------------------------------------------------------------------------------------
// 联审联批: the parties of an approval case and their opinions
// ---------------------------------------------------------------------------------------------------------------

export const PARTY_VERDICTS = ['agree', 'agree_with_conditions', 'disagree'] as const;
export type PartyVerdict = (typeof PARTY_VERDICTS)[number];

export const APPROVAL_DOCUMENT_TYPES = ['application', 'drawing', 'party_opinion', 'approval_letter', 'other'] as const;
export type ApprovalDocumentType = (typeof APPROVAL_DOCUMENT_TYPES)[number];

export type ApprovalDecisionProblem = { problem: 'pending'; parties: string[] } | { problem: 'objection'; parties: string[] };

/**
 * Why a case cannot be decided `decision` yet, or null: a decision waits until every required party has given its
 * opinion, and a case cannot be approved over a required party's disagreement (it may be refused). Parties that
 * are not required are heard but do not hold the decision up.
 */
export function approvalDecisionProblem(
  parties: ReadonlyArray<{ name: string; required: boolean; verdict: PartyVerdict | null }>, decision: 'approved' | 'rejected',
): ApprovalDecisionProblem | null {
  const pending = parties.filter((p) => p.required && p.verdict === null).map((p) => p.name);
  if (pending.length > 0) return { problem: 'pending', parties: pending };
  const against = parties.filter((p) => p.required && p.verdict === 'disagree').map((p) => p.name);
  if (decision === 'approved' && against.length > 0) return { problem: 'objection', parties: against };
  return null;
}

/** The number an approval case is cited by (in a works life-cycle step, a fee, an enforcement case): RFSP-2026-000012. */
export const APPROVAL_CASE_NO = /^RFSP-\d{4}-\d{6}$/;

/** The approval kind a works life-cycle step needs, for the steps that need one. */
export const APPROVAL_KIND_FOR_STATE: Readonly<Record<string, ApprovalKind>> = { demolished: 'demolition', scrapped: 'scrapping' };
