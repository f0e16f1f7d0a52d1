/**
 * Cross-field rules of a work that a JSON schema cannot say. One definition, called by the server's
 * create/edit service (a breach → 400 with the rule's own code), its importer (every breach → one report
 * line with that code) and the console's work form (before sending), so all three refuse the same things
 * with the same words.
 */
import { LIFECYCLE_STATES, WORK_CLASSES, WORK_SUBTYPES, type LifecycleState, type WorkClass } from './works.ts';

type Params = Record<string, unknown>;

/** A rule's text in both languages, from the values that broke it. */
export interface RuleText {
  zh: (p: Params) => string;
  en: (p: Params) => string;
}

const s = (v: unknown) => String(v ?? '');

/**
 * Every rule by its stable code (SCREAMING_SNAKE, `WORKS_` prefix, naming the field): the server adds these
 * to its error catalogue, clients may switch on them.
 */
export const WORK_RULES = {
  WORKS_SUBTYPE_NOT_IN_CLASS: {
    zh: (p) => `细类「${s(p.subtypeZh ?? p.subtype)}」不属于战时功能「${s(p.workClassZh ?? p.workClass)}」（可选：${s(p.allowedZh)}）`,
    en: (p) => `sub-type ${s(p.subtypeEn ?? p.subtype)} does not belong to class ${s(p.workClassEn ?? p.workClass)} (allowed: ${s(p.allowedEn)})`,
  },
  WORKS_PARENT_PROJECT_REQUIRED: {
    zh: () => '结建工程（防空地下室）必须填写所属建设项目',
    en: () => 'an attached work (basement shelter) needs its parent building project',
  },
  WORKS_UNIT_PROTECTED_AREA_EXCEEDS_GROSS: {
    zh: (p) => `防护面积 ${s(p.protectedAreaM2)} 不能大于建筑面积 ${s(p.grossAreaM2)}（应满足 掩蔽面积 ≤ 防护面积 ≤ 建筑面积）`,
    en: (p) => `protected area ${s(p.protectedAreaM2)} must not exceed gross area ${s(p.grossAreaM2)} (sheltering area ≤ protected area ≤ gross area must hold)`,
  },
  WORKS_UNIT_SHELTER_AREA_EXCEEDS_PROTECTED: {
    zh: (p) => `掩蔽面积 ${s(p.shelterAreaM2)} 不能大于防护面积 ${s(p.protectedAreaM2)}（应满足 掩蔽面积 ≤ 防护面积 ≤ 建筑面积）`,
    en: (p) => `sheltering area ${s(p.shelterAreaM2)} must not exceed protected area ${s(p.protectedAreaM2)} (sheltering area ≤ protected area ≤ gross area must hold)`,
  },
  WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL: {
    zh: (p) => `公共停车位 ${s(p.publicSpaces)} 不能多于停车位总数 ${s(p.total)}`,
    en: (p) => `public parking spaces (${s(p.publicSpaces)}) must not exceed the total parking spaces (${s(p.total)})`,
  },
  WORKS_OTHER_USE_CONTRACT_END_BEFORE_START: {
    zh: (p) => `其他使用的合同结束日期 ${s(p.contractEnd)} 不能早于开始日期 ${s(p.contractStart)}`,
    en: (p) => `the other-use contract end ${s(p.contractEnd)} must not be before its start ${s(p.contractStart)}`,
  },
  WORKS_YEAR_BUILT_IN_FUTURE: {
    zh: (p) => `建成年份 ${s(p.yearBuilt)} 在将来，而生命周期状态为「${s(p.stateZh)}」：已竣工的工程建成年份不能在将来（尚未建成请用 审批 或 在建）`,
    en: (p) => `year built ${s(p.yearBuilt)} is in the future while the state is ${s(p.stateEn)}: a completed work cannot be built in the future (use approved or under construction for one not yet built)`,
  },
  WORKS_FOOTPRINT_RING_NOT_CLOSED: {
    zh: () => '多边形的环必须闭合（首尾坐标相同）',
    en: () => 'polygon rings must be closed (first point = last point)',
  },
} as const satisfies Record<string, RuleText>;

export type WorkRuleCode = keyof typeof WORK_RULES;

export interface WorkRuleViolation {
  code: WorkRuleCode;
  /** Path of the offending field in the API body: `parentProject`, `units[0].protectedAreaM2`, `peacetimeUse.other[1].contractEnd`. */
  field: string;
  /** The values that broke the rule (what the messages quote). */
  params: Params;
  zh: string;
  en: string;
}

/**
 * What the rules read: an API body (create, or an edit merged onto the stored work), an imported row, or a
 * form being filled in. Values not yet given (null/undefined) break no rule here; required fields are the
 * schema's business.
 */
export interface WorkRuleInput {
  workClass?: string | null;
  yearBuilt?: number | null;
  lifecycleState?: string | null;
  subtype?: string | null;
  constructionForm?: string | null;
  parentProject?: string | null;
  units?: ReadonlyArray<{ grossAreaM2?: number | null; protectedAreaM2?: number | null; shelterAreaM2?: number | null }> | null;
  footprint?: { type: string; coordinates: unknown } | null;
  peacetimeUse?: {
    parking?: { total?: number | null; publicSpaces?: number | null } | null;
    other?: ReadonlyArray<{ contractStart?: string | null; contractEnd?: string | null } | null | undefined> | null;
  } | null;
}

/**
 * States in which the work stands finished (竣工验收备案 onwards): its 建成年份 is a fact, not a plan. Approved,
 * under construction and under quality supervision may carry the planned year.
 */
export const BUILT_STATES: readonly LifecycleState[] = ['acceptance_filed', 'registered', 'in_use', 'converting', 'demolished', 'scrapped'];

/** This year in China (Asia/Shanghai), wherever the code runs. */
export function currentYearInChina(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
}

/** Areas equal up to this much (m²) are equal: decimals that went through a spreadsheet or a float. */
const EPS = 1e-6;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function violation(code: WorkRuleCode, field: string, params: Params = {}): WorkRuleViolation {
  const text = WORK_RULES[code] as RuleText;
  return { code, field, params, zh: text.zh(params), en: text.en(params) };
}

/**
 * Every cross-field rule the work breaks, in a stable order (fields in body order), or `[]`.
 *
 *     checkWorkRules({ constructionForm: 'attached', parentProject: ' ' })
 *     // [{ code: 'WORKS_PARENT_PROJECT_REQUIRED', field: 'parentProject', … }]
 */
export function checkWorkRules(w: WorkRuleInput, opts: { currentYear?: number } = {}): WorkRuleViolation[] {
  const out: WorkRuleViolation[] = [];
  if (isNum(w.yearBuilt) && w.lifecycleState && (BUILT_STATES as readonly string[]).includes(w.lifecycleState)) {
    const currentYear = opts.currentYear ?? currentYearInChina();
    if (w.yearBuilt > currentYear) {
      const state = LIFECYCLE_STATES.find((x) => x.code === w.lifecycleState)!;
      out.push(violation('WORKS_YEAR_BUILT_IN_FUTURE', 'yearBuilt', { yearBuilt: w.yearBuilt, currentYear, state: state.code, stateZh: state.zh, stateEn: state.en }));
    }
  }
  if (w.workClass && w.subtype) {
    const allowed = WORK_SUBTYPES[w.workClass as WorkClass] ?? [];
    if (!allowed.some((a) => a.code === w.subtype)) {
      // Each language names the values by its own labels (no codes in the Chinese text); codes stay in the params.
      const sub = Object.values(WORK_SUBTYPES).flat().find((a) => a.code === w.subtype);
      const cls = WORK_CLASSES.find((c) => c.code === w.workClass);
      out.push(violation('WORKS_SUBTYPE_NOT_IN_CLASS', 'subtype', {
        subtype: w.subtype, workClass: w.workClass,
        subtypeZh: sub?.zh ?? w.subtype, subtypeEn: sub?.en ?? w.subtype, workClassZh: cls?.zh ?? w.workClass, workClassEn: cls?.en ?? w.workClass,
        allowedZh: allowed.map((a) => a.zh).join('、'), allowedEn: allowed.map((a) => a.en).join(', '),
      }));
    }
  }
  if (w.constructionForm === 'attached' && !w.parentProject?.trim()) {
    out.push(violation('WORKS_PARENT_PROJECT_REQUIRED', 'parentProject'));
  }
  w.units?.forEach((u, i) => {
    const { grossAreaM2, protectedAreaM2, shelterAreaM2 } = u;
    if (isNum(protectedAreaM2) && isNum(grossAreaM2) && protectedAreaM2 > grossAreaM2 + EPS) {
      out.push(violation('WORKS_UNIT_PROTECTED_AREA_EXCEEDS_GROSS', `units[${i}].protectedAreaM2`, { protectedAreaM2, grossAreaM2 }));
    }
    if (isNum(shelterAreaM2) && isNum(protectedAreaM2) && shelterAreaM2 > protectedAreaM2 + EPS) {
      out.push(violation('WORKS_UNIT_SHELTER_AREA_EXCEEDS_PROTECTED', `units[${i}].shelterAreaM2`, { shelterAreaM2, protectedAreaM2 }));
    }
  });
  const parking = w.peacetimeUse?.parking;
  if (parking && isNum(parking.publicSpaces) && isNum(parking.total) && parking.publicSpaces > parking.total) {
    out.push(violation('WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL', 'peacetimeUse.parking.publicSpaces', { publicSpaces: parking.publicSpaces, total: parking.total }));
  }
  w.peacetimeUse?.other?.forEach((o, i) => {
    // ISO dates (YYYY-MM-DD) compare as strings.
    if (o?.contractStart && o.contractEnd && o.contractEnd < o.contractStart) {
      out.push(violation('WORKS_OTHER_USE_CONTRACT_END_BEFORE_START', `peacetimeUse.other[${i}].contractEnd`, { contractStart: o.contractStart, contractEnd: o.contractEnd }));
    }
  });
  if (w.footprint) {
    const polygons = (w.footprint.type === 'Polygon' ? [w.footprint.coordinates] : w.footprint.coordinates) as number[][][][];
    const open = polygons.some((rings) => rings.some((ring) => {
      const a = ring[0]!;
      const b = ring[ring.length - 1]!;
      return a[0] !== b[0] || a[1] !== b[1];
    }));
    if (open) out.push(violation('WORKS_FOOTPRINT_RING_NOT_CLOSED', 'footprint'));
  }
  return out;
}
