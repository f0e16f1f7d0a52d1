/**
 * Cross-field rules of a work that a JSON schema cannot say. Shared by the create/edit service (first
 * violation → 400) and the importer (every violation → one report line), so both refuse the same things.
 */
import { WORK_SUBTYPES, type WorkClass } from '@civdef/domain';

export interface RuleViolation {
  field: string;
  zh: string;
  en: string;
}

interface Checkable {
  workClass?: string;
  subtype?: string | null;
  constructionForm?: string;
  parentProject?: string | null;
  units?: Array<{ name?: string; grossAreaM2: number; protectedAreaM2: number; shelterAreaM2: number }>;
  footprint?: { type: string; coordinates: unknown } | null;
  peacetimeUse?: {
    parking?: { total?: number; publicSpaces?: number } | null;
    other?: Array<{ contractStart?: string; contractEnd?: string }> | null;
  } | null;
}

const EPS = 1e-6;

export function checkWork(w: Checkable): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (w.workClass && w.subtype) {
    const allowed = WORK_SUBTYPES[w.workClass as WorkClass]?.map((s) => s.code) ?? [];
    if (!allowed.includes(w.subtype)) {
      out.push({
        field: 'subtype',
        zh: `细类 ${w.subtype} 不属于战时功能 ${w.workClass}（可选：${allowed.join('、')}）`,
        en: `sub-type ${w.subtype} does not belong to class ${w.workClass} (allowed: ${allowed.join(', ')})`,
      });
    }
  }
  if (w.constructionForm === 'attached' && !w.parentProject?.trim()) {
    out.push({
      field: 'parentProject',
      zh: '结建工程（防空地下室）必须填写所属建设项目',
      en: 'an attached work (结建, basement shelter) needs its parent building project',
    });
  }
  w.units?.forEach((u, i) => {
    if (u.protectedAreaM2 > u.grossAreaM2 + EPS) {
      out.push({
        field: `units[${i}].protectedAreaM2`,
        zh: `防护面积 ${u.protectedAreaM2} 不能大于建筑面积 ${u.grossAreaM2}（应满足 掩蔽面积 ≤ 防护面积 ≤ 建筑面积）`,
        en: `protected area ${u.protectedAreaM2} must not exceed gross area ${u.grossAreaM2} (sheltering area ≤ protected area ≤ gross area must hold)`,
      });
    }
    if (u.shelterAreaM2 > u.protectedAreaM2 + EPS) {
      out.push({
        field: `units[${i}].shelterAreaM2`,
        zh: `掩蔽面积 ${u.shelterAreaM2} 不能大于防护面积 ${u.protectedAreaM2}（应满足 掩蔽面积 ≤ 防护面积 ≤ 建筑面积）`,
        en: `sheltering area ${u.shelterAreaM2} must not exceed protected area ${u.protectedAreaM2} (sheltering area ≤ protected area ≤ gross area must hold)`,
      });
    }
  });
  const parking = w.peacetimeUse?.parking;
  if (parking && typeof parking.publicSpaces === 'number' && typeof parking.total === 'number' && parking.publicSpaces > parking.total) {
    out.push({
      field: 'peacetimeUse.parking.publicSpaces',
      zh: `公共停车位 ${parking.publicSpaces} 不能多于停车位总数 ${parking.total}`,
      en: `public parking spaces (${parking.publicSpaces}) must not exceed the total parking spaces (${parking.total})`,
    });
  }
  w.peacetimeUse?.other?.forEach((o, i) => {
    if (o.contractStart && o.contractEnd && o.contractEnd < o.contractStart) {
      out.push({
        field: `peacetimeUse.other[${i}].contractEnd`,
        zh: `其他使用的合同结束日期 ${o.contractEnd} 不能早于开始日期 ${o.contractStart}`,
        en: `the other-use contract end ${o.contractEnd} must not be before its start ${o.contractStart}`,
      });
    }
  });
  if (w.footprint) {
    const polygons = (w.footprint.type === 'Polygon' ? [w.footprint.coordinates] : w.footprint.coordinates) as number[][][][];
    const open = polygons.some((rings) => rings.some((ring) => {
      const a = ring[0]!;
      const b = ring[ring.length - 1]!;
      return a[0] !== b[0] || a[1] !== b[1];
    }));
    if (open) out.push({ field: 'footprint', zh: '多边形的环必须闭合（首尾坐标相同）', en: 'polygon rings must be closed (first point = last point)' });
  }
  return out;
}
