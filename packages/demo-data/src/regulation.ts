/**
 * The regulation demo: an enterprise register (builders, supervisors, designers, protective-equipment makers and
 * the user units the demo works name as their management units) and enforcement officers with certificates, so the
 * regulation pages have something to show. Every name is invented and every record is flagged synthetic; the
 * 统一社会信用代码 are made up but carry a valid GB 32100 check character, so they pass the same check a real one does.
 */
import { usccCheckChar } from '@civdef/domain';
import { NANTONG_COUNTIES } from './counties.ts';
import type { DemoWork } from './types.ts';

export interface DemoEnterprise { uscc: string; name: string; kind: 'builder' | 'supervisor' | 'designer' | 'equipment_maker' | 'user_unit'; regionCode: string }
export interface DemoOfficer { name: string; certNo: string; certExpiresOn: string; regionCode: string }
export interface RegulationDemo { enterprises: DemoEnterprise[]; officers: DemoOfficer[] }

/** A USCC for a serial: 91 (company) + the county code + a 9-character organisation code of digits + its check. */
export function demoUscc(countyCode: string, serial: number): string {
  const first17 = `91${countyCode}${String(serial).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const FIRMS: ReadonlyArray<[DemoEnterprise['kind'], string[]]> = [
  ['builder', ['建设工程有限公司', '建筑安装工程有限公司']],
  ['supervisor', ['工程监理有限公司']],
  ['designer', ['建筑设计研究院有限公司']],
  ['equipment_maker', ['人防防护设备有限公司']],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭'];
const GIVEN = ['建国', '海燕', '志强', '晓东', '丽华', '明', '静', '伟', '磊', '敏', '军', '芳'];

/**
 * The register for `works` (the demo dataset's works): per county two builders, a supervisor, a designer and an
 * equipment maker; as user units, the distinct management units of the county's attached works (at most 12 per
 * county, so the register stays readable); three officers per county, one certificate of each county expiring within
 * the month of `today` (the officer list shows it) and, in 崇川, one already expired (left out of every draw pool).
 */
export function generateRegulationDemo(works: readonly DemoWork[], today: string): RegulationDemo {
  const enterprises: DemoEnterprise[] = [];
  const officers: DemoOfficer[] = [];
  let serial = 1;
  const thisYear = Number(today.slice(0, 4));
  // The last day of today's month: still in force today whatever the day (the 28th was already past on the 29th–31st).
  const endOfMonth = new Date(Date.UTC(thisYear, Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);
  NANTONG_COUNTIES.forEach((county, c) => {
    for (const [kind, suffixes] of FIRMS) {
      for (const [k, suffix] of suffixes.entries()) {
        enterprises.push({ uscc: demoUscc(county.code, serial++), name: `南通${county.shortName}${['华安', '恒信', '通达', '宏远'][(c + k) % 4]}${suffix}`, kind, regionCode: county.code });
        if (kind === 'builder') {
          enterprises.push({ uscc: demoUscc(county.code, serial++), name: `南通${county.shortName}${['瑞丰', '安泰', '中联', '新城'][(c + k) % 4]}${suffix}`, kind, regionCode: county.code });
        }
      }
    }
    const units = new Map<string, string>();
    for (const w of works) {
      if (!w.regionCode.startsWith(county.code) || w.constructionForm !== 'attached' || !w.managementUnit.endsWith('物业服务有限公司')) continue;
      if (!units.has(w.managementUnit) && units.size < 12) units.set(w.managementUnit, w.regionCode);
    }
    for (const [name, regionCode] of units) enterprises.push({ uscc: demoUscc(county.code, serial++), name, kind: 'user_unit', regionCode });
    for (let i = 0; i < 3; i += 1) {
      const n = c * 3 + i;
      const certExpiresOn = i === 2 ? endOfMonth : county.code === '320613' && i === 1 ? `${thisYear - 1}-12-31` : `${thisYear + 2 + (n % 3)}-06-30`;
      officers.push({
        name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 5) % GIVEN.length]}`, certNo: `JS-${county.code}-${String(i + 1).padStart(3, '0')}`, certExpiresOn, regionCode: county.code,
      });
    }
    // A second officer in force for 崇川, where one has expired: a draw needs at least two per target.
    if (county.code === '320613') officers.push({ name: '钱立新', certNo: `JS-${county.code}-004`, certExpiresOn: `${thisYear + 3}-03-31`, regionCode: county.code });
  });
  return { enterprises, officers };
}
