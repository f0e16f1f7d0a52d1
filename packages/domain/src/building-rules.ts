/**
 * 结建 rules and the 易地建设费 (off-site construction fee): which building projects must build a civil-defence
 * basement, how large, and what a developer pays per m² not built. Pure functions over a rule table with effective
 * dates, so every number can be shown with the rule and the date that produced it. Seeded with the national baseline
 * (国人防办字〔2003〕18号 art. 45–47, as summarised in the project's domain brief); local ratios and rates are values
 * of a rule naming their source, never constants of the code.
 */
import { scopePrefix } from './regions.ts';

export type ProjectUse = 'residential' | 'commercial' | 'office' | 'industrial' | 'public' | 'other';

export const PROJECT_USES: readonly { code: ProjectUse; zh: string; en: string }[] = [
  { code: 'residential', zh: '住宅', en: 'Residential' },
  { code: 'commercial', zh: '商业', en: 'Commercial' },
  { code: 'office', zh: '办公', en: 'Office' },
  { code: 'industrial', zh: '工业', en: 'Industrial' },
  { code: 'public', zh: '公共建筑', en: 'Public building' },
  { code: 'other', zh: '其他民用建筑', en: 'Other civil building' },
];

/** A reduction of the fee (下浮 / 减免) a rule allows, with its basis. */
export interface FeeReduction {
  code: string;
  zh: string;
  en: string;
  /** Share of the fee waived, in [0, 1]. */
  share: number;
  basis: string;
}

export interface BuildingRule {
  id: string;
  /** GB/T 2260 code the rule applies in ('000000' = national); the most specific one in force wins. */
  regionCode: string;
  /** First and last day in force (ISO dates, inclusive); `to` null = open. */
  from: string;
  to: string | null;
  basis: string;
  /** Buildings of at least this many storeys build their ground-floor area. */
  highRiseStoreys: number;
  /** Buildings with a foundation at least this deep (m) build their ground-floor area. */
  deepFoundationM: number;
  /** Other civil buildings from this above-ground floor area (m²) build `ratio` of it. */
  minAboveGroundAreaM2: number;
  /** Share of the above-ground floor area for other civil buildings (2–5 % by city class nationally). */
  ratio: number;
  /** Residential buildings of a key city build their ground-floor area (grade 6B). */
  residentialGroundFloor: boolean;
  /** Protection grade required, for the report. */
  grade: string;
  /** 易地建设费 per m² not built (元); null = the rule sets no rate (local rules do). */
  feeYuanPerM2: number | null;
  feeBasis: string | null;
  reductions: readonly FeeReduction[];
  /** Where the values come from (the document a local rule copies them from), when it is not the basis itself. */
  source?: string;
}

/**
 * The seeded rule table: the national baseline and an example local rate. (verify) The ratio 5 % is the upper end of
 * the national 2–5 % (class-1 key city); the 2 000 元/m² rate is the domain brief's example (a Zhejiang county,
 * c. 2014) — a city replaces both with its own rule naming its source.
 */
export const BUILDING_RULES: readonly BuildingRule[] = [
  {
    id: 'national-2003-18', regionCode: '000000', from: '2003-01-01', to: null,
    basis: '国人防办字〔2003〕18号 第45–47条',
    highRiseStoreys: 10, deepFoundationM: 3, minAboveGroundAreaM2: 2000, ratio: 0.05, residentialGroundFloor: true, grade: '核6B级',
    feeYuanPerM2: null, feeBasis: null, reductions: [],
  },
  {
    id: 'example-local-rate', regionCode: '320600', from: '2014-01-01', to: null,
    basis: '国人防办字〔2003〕18号 第45–47条（结建标准沿用国家基准）',
    highRiseStoreys: 10, deepFoundationM: 3, minAboveGroundAreaM2: 2000, ratio: 0.05, residentialGroundFloor: true, grade: '核6B级',
    feeYuanPerM2: 2000, feeBasis: '示例费率 2000 元/m²（浙江某县，约2014年；待核实，请替换为本地文件）',
    reductions: [
      { code: 'affordable_housing', zh: '保障性住房减免', en: 'Affordable housing waiver', share: 1, basis: '示例：保障性住房免征（待核实）' },
      { code: 'small_business', zh: '小微企业下浮50%', en: 'Small business: 50 % off', share: 0.5, basis: '示例：小微企业减半（待核实）' },
    ],
  },
];

export interface BuildingProject {
  regionCode: string;
  /** Date of the application the rules in force apply to (ISO date). */
  date: string;
  uses: readonly ProjectUse[];
  storeys: number;
  aboveGroundAreaM2: number;
  groundFloorAreaM2: number;
  foundationDepthM: number;
  /** 人防 area the project plans to build (m²). */
  plannedM2: number;
}

/** One line of the reckoning: the rule applied, in both languages, and the figure it gave. */
export interface RuleStep {
  zh: string;
  en: string;
  valueM2: number;
}

export interface RequirementResult {
  rule: BuildingRule;
  requiredM2: number;
  plannedM2: number;
  shortfallM2: number;
  steps: RuleStep[];
}

export interface FeeResult {
  shortfallM2: number;
  rateYuanPerM2: number | null;
  grossYuan: number;
  reductions: FeeReduction[];
  feeYuan: number;
  basis: string | null;
  /** The same figures in integer 分, as a ledger books them: gross = shortfall × rate, fee = gross − the reduction. */
  grossFen: number;
  reducedFen: number;
  feeFen: number;
}

/** The rule in force for a region on a date: the most specific region, then the latest start; null when none. */
export function ruleInForce(regionCode: string, date: string, rules: readonly BuildingRule[] = BUILDING_RULES): BuildingRule | null {
  const prefix = (r: BuildingRule) => (r.regionCode === '000000' ? '' : scopePrefix(r.regionCode));
  const applies = (r: BuildingRule) => regionCode.startsWith(prefix(r)) && r.from <= date && (r.to === null || date <= r.to);
  const specificity = (r: BuildingRule) => prefix(r).length;
  return [...rules].filter(applies).sort((a, b) => specificity(b) - specificity(a) || b.from.localeCompare(a.from))[0] ?? null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The 人防 area a project must build under `rule`: the largest of the applicable requirements (ground-floor area for
 * high-rise, deep-foundation and key-city residential buildings; `ratio` of the above-ground area for other civil
 * buildings from the threshold), each shown as a step.
 *
 * @example
 * requiredArea({ regionCode: '320612', date: '2026-01-01', uses: ['residential'], storeys: 18, aboveGroundAreaM2: 30000,
 *   groundFloorAreaM2: 1800, foundationDepthM: 5, plannedM2: 1000 }, BUILDING_RULES[0]).requiredM2; // 1800
 */
export function requiredArea(p: BuildingProject, rule: BuildingRule): RequirementResult {
  const steps: RuleStep[] = [];
  if (p.storeys >= rule.highRiseStoreys) {
    steps.push({ zh: `${p.storeys} 层 ≥ ${rule.highRiseStoreys} 层：修建首层建筑面积`, en: `${p.storeys} storeys ≥ ${rule.highRiseStoreys}: build the ground-floor area`, valueM2: p.groundFloorAreaM2 });
  }
  if (p.foundationDepthM >= rule.deepFoundationM) {
    steps.push({ zh: `基础埋深 ${p.foundationDepthM} m ≥ ${rule.deepFoundationM} m：修建首层建筑面积`, en: `foundation ${p.foundationDepthM} m ≥ ${rule.deepFoundationM} m: build the ground-floor area`, valueM2: p.groundFloorAreaM2 });
  }
  if (rule.residentialGroundFloor && p.uses.includes('residential')) {
    steps.push({ zh: `重点城市住宅：按首层建筑面积修建（${rule.grade}）`, en: `residential in a key city: build the ground-floor area (${rule.grade})`, valueM2: p.groundFloorAreaM2 });
  }
  if (steps.length === 0 && p.aboveGroundAreaM2 >= rule.minAboveGroundAreaM2) {
    const v = round2(p.aboveGroundAreaM2 * rule.ratio);
    steps.push({
      zh: `其他民用建筑，地面建筑面积 ${p.aboveGroundAreaM2} m² ≥ ${rule.minAboveGroundAreaM2} m²：按 ${round2(rule.ratio * 100)}% 修建`,
      en: `other civil building, above-ground area ${p.aboveGroundAreaM2} m² ≥ ${rule.minAboveGroundAreaM2} m²: build ${round2(rule.ratio * 100)} %`,
      valueM2: v,
    });
  }
  const requiredM2 = steps.reduce((a, s) => Math.max(a, s.valueM2), 0);
  return { rule, requiredM2, plannedM2: p.plannedM2, shortfallM2: round2(Math.max(0, requiredM2 - p.plannedM2)), steps };
}

/**
 * The 易地建设费 for the area not built: shortfall × the rule's rate, less the largest reduction granted (reductions do
 * not add up: a waiver of 100 % and a 50 % discount waive 100 %). Null rate (the rule sets none) gives a fee of 0 with
 * the rate shown as null, so the caller can say no local rate is configured.
 *
 * @example
 * offsiteFee(120, BUILDING_RULES[1], []).feeYuan; // 240 000
 */
export function offsiteFee(shortfallM2: number, rule: BuildingRule, reductionCodes: readonly string[]): FeeResult {
  const granted = rule.reductions.filter((r) => reductionCodes.includes(r.code));
  const rate = rule.feeYuanPerM2;
  const grossFen = rate === null ? 0 : feeFenOf(shortfallM2, yuanRateToFen(rate));
  const share = granted.reduce((a, r) => Math.max(a, r.share), 0);
  // The reduction is rounded as the fees ledger books one (half up on the reduced amount), so the fee shown here is
  // what the ledger's balance comes to after the same reduction is booked.
  const reducedFen = Math.round(grossFen * share);
  const feeFen = grossFen - reducedFen;
  return {
    shortfallM2, rateYuanPerM2: rate, grossYuan: grossFen / 100, reductions: granted, feeYuan: feeFen / 100, basis: rule.feeBasis, grossFen, reducedFen, feeFen,
  };
}

/** A rate in 元/m² (at most two decimals, as typed) in integer 分/m². */
export function yuanRateToFen(yuanPerM2: number): number {
  return Math.round(yuanPerM2 * 100);
}

/**
 * `areaM2` × `fenPerM2` in integer 分, the area taken to the 0.01 m² it is shown with and the product rounded half up
 * once, in integers (exact up to 10^7 m² × 10^7 分/m²): the same figure whatever order a ledger adds it in.
 *
 * @example
 * feeFenOf(120, 200_000); // 24 000 000 分 = 240 000 元
 */
export function feeFenOf(areaM2: number, fenPerM2: number): number {
  const centiM2 = Math.round(areaM2 * 100);
  const product = BigInt(centiM2) * BigInt(Math.round(fenPerM2));
  return Number((product + 50n) / 100n);
}

/** An effective range of a rule version (ISO dates, inclusive; `to` null = open). */
export interface EffectiveRange {
  from: string;
  to: string | null;
}

/** True when two effective ranges share at least one day. */
export function rangesOverlap(a: EffectiveRange, b: EffectiveRange): boolean {
  return (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);
}

/** The day before an ISO date (the last day of a version another one replaces). */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export type VersionPlan =
  | { ok: true; closes: { id: string; to: string } | null }
  | { ok: false; conflict: { id: string; from: string; to: string | null } };

/**
 * Where a new version of a jurisdiction's rule goes among that jurisdiction's existing versions (same region code).
 * The open-ended version in force before it is closed the day before the new one starts (it is kept, as history);
 * any other overlap — with a closed range, or a start on or before the open version's start — is a conflict named
 * for the user, never settled by moving someone else's dates.
 *
 * @example
 * planVersion([{ id: 'a', from: '2014-01-01', to: null }], { from: '2026-01-01', to: null });
 * // { ok: true, closes: { id: 'a', to: '2025-12-31' } }
 */
export function planVersion(existing: ReadonlyArray<EffectiveRange & { id: string }>, next: EffectiveRange): VersionPlan {
  let closes: { id: string; to: string } | null = null;
  for (const v of [...existing].sort((a, b) => a.from.localeCompare(b.from))) {
    if (!rangesOverlap(v, next)) continue;
    if (v.to === null && v.from < next.from && closes === null) {
      closes = { id: v.id, to: dayBefore(next.from) };
      continue;
    }
    return { ok: false, conflict: { id: v.id, from: v.from, to: v.to } };
  }
  return { ok: true, closes };
}

/**
 * Money saved by pooling (易地统筹) `areaM2` of a parcel's required area into a central work: the area × the saving per
 * m² the ledger entry names (construction cost of scattered 结建 avoided, or the local figure the office reports), in
 * integer 分.
 */
export function poolingSavingFen(areaM2: number, savingFenPerM2: number): number {
  return feeFenOf(areaM2, savingFenPerM2);
}
