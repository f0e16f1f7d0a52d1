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
  units?: Array<{ name?: string; grossAreaM2: number; protectedAreaM2: number; shelterAreaM2: number }>;
  footprint?: { type: string; coordinates: unknown } | null;
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
  w.units?.forEach((u, i) => {
    if (u.shelterAreaM2 > u.protectedAreaM2 + EPS || u.protectedAreaM2 > u.grossAreaM2 + EPS) {
      out.push({
        field: `units[${i}]`,
        zh: '应满足 掩蔽面积 ≤ 防护面积 ≤ 建筑面积',
        en: 'sheltering area ≤ protected area ≤ gross area must hold',
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
