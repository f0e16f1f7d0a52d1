/**
 * Synthetic 人防工程. Works are drawn where people live (population cells weighted by people^1.5, so the urban
 * cores get most), then given a class, form, year, grades, protection units and entrances that follow the
 * rules in DOMAIN.md: units ≤ 2000 m² protected, blast units ≤ 500 m², ≥ 2 entrances per unit, grades and
 * chemical grades by wartime function (GB 50038-2005 conventions), early works (≤ 1980) as galleries.
 */
import {
  WORK_SUBTYPES,
  type ChemicalGrade,
  type ConstructionForm,
  type LifecycleState,
  type ProtectionGrade,
  type WorkClass,
} from '@civdef/domain';
import { countyInfo } from './counties.ts';
import { offsetM, roundPoint } from './geo.ts';
import { TEAM_KINDS, companyName, estateName, personName, phoneNumber, roadsFor } from './names.ts';
import type { Placer } from './placement.ts';
import { hashString, type Rng } from './prng.ts';
import type { DemoRegion } from './regions.ts';
import type { DemoEntrance, DemoPeacetimeUse, DemoUnit, DemoWork } from './types.ts';

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

function pickWeighted<T>(rng: Rng, items: Weighted<T>): T {
  const i = rng.weightedIndex(items.map((x) => x[1]));
  return (items[i] as readonly [T, number])[0];
}

function subtypeZh(workClass: WorkClass, subtype: string): string {
  return WORK_SUBTYPES[workClass].find((s) => s.code === subtype)?.zh ?? subtype;
}

const CLASS_WEIGHTS: Weighted<WorkClass> = [
  ['personnel', 0.82],
  ['support', 0.1],
  ['team', 0.05],
  ['medical', 0.03],
];

const SUBTYPE_WEIGHTS: Record<Exclude<WorkClass, 'command'>, Weighted<string>> = {
  personnel: [['class1', 0.2], ['class2', 0.8]],
  medical: [['central_hospital', 0.12], ['emergency_hospital', 0.33], ['aid_station', 0.55]],
  team: [['team_shelter', 0.55], ['equipment_shelter', 0.45]],
  support: [
    ['garage', 0.34], ['materials_store', 0.26], ['power_station', 0.12], ['water_station', 0.06], ['food_station', 0.05],
    ['workshop', 0.04], ['traffic_tunnel', 0.06], ['warning_station', 0.04], ['cbrn_monitoring', 0.03],
  ],
};

/** Grades by function; 二等人员掩蔽所 in residential basements are mostly 核6/核6B. */
function grades(rng: Rng, workClass: WorkClass, subtype: string, early: boolean): [ProtectionGrade, ChemicalGrade] {
  if (early) return [pickWeighted(rng, [['N6', 0.5], ['C6', 0.35], ['N5', 0.15]]), 'D'];
  switch (workClass) {
    case 'command':
      return [pickWeighted(rng, [['N4', 0.3], ['N4B', 0.3], ['N5', 0.4]]), 'A'];
    case 'medical':
      return [subtype === 'aid_station' ? 'N6' : pickWeighted(rng, [['N5', 0.5], ['N6', 0.5]]), 'B'];
    case 'team':
      return [pickWeighted(rng, [['N5', 0.4], ['N6', 0.6]]), subtype === 'team_shelter' ? 'B' : 'D'];
    case 'personnel':
      return subtype === 'class1'
        ? [pickWeighted(rng, [['N5', 0.35], ['N6', 0.65]]), 'C']
        : [pickWeighted(rng, [['N6', 0.4], ['N6B', 0.45], ['C6', 0.1], ['C5', 0.05]]), 'D'];
    case 'support':
      switch (subtype) {
        case 'power_station':
          return [pickWeighted(rng, [['N5', 0.5], ['N6', 0.5]]), 'C'];
        case 'cbrn_monitoring':
          return ['N5', 'B'];
        case 'water_station':
        case 'food_station':
          return ['N6', 'C'];
        default:
          return [pickWeighted(rng, [['N6', 0.45], ['N6B', 0.35], ['C6', 0.2]]), 'D'];
      }
  }
}

/** Functions whose 掩蔽面积 counts people (others store vehicles, goods or plant). */
const SHELTERING = new Set(['class1', 'class2', 'team_shelter', 'central_hospital', 'emergency_hospital', 'aid_station', 'basic_command_post', 'reserve_command_post']);

function grossMedian(workClass: WorkClass, subtype: string, form: ConstructionForm): number {
  if (form === 'gallery') return 1_100;
  if (form === 'tunnel') return 2_200;
  switch (subtype) {
    case 'basic_command_post':
      return 4_500;
    case 'reserve_command_post':
      return 3_000;
    case 'central_hospital':
      return 6_000;
    case 'emergency_hospital':
      return 3_800;
    case 'aid_station':
      return 1_300;
    case 'garage':
      return 7_500;
    case 'power_station':
      return 900;
    case 'water_station':
      return 600;
    case 'warning_station':
    case 'cbrn_monitoring':
      return 500;
    case 'traffic_tunnel':
      return 3_000;
    default:
      return workClass === 'personnel' ? (form === 'attached' ? 6_200 : 4_000) : 2_800;
  }
}

function yearBuilt(rng: Rng): number {
  const period = pickWeighted<[number, number]>(rng, [
    [[1965, 1980], 0.035],
    [[1981, 1995], 0.06],
    [[1996, 2005], 0.15],
    [[2006, 2015], 0.4],
    [[2016, 2025], 0.355],
  ]);
  return rng.int(period[0], period[1]);
}

function lifecycle(rng: Rng, year: number, early: boolean): LifecycleState {
  if (year >= 2025) return pickWeighted(rng, [['approved', 0.35], ['under_construction', 0.65]]);
  if (year === 2024) return pickWeighted(rng, [['under_construction', 0.3], ['quality_supervision', 0.35], ['acceptance_filed', 0.35]]);
  if (year === 2023) return pickWeighted(rng, [['acceptance_filed', 0.2], ['registered', 0.4], ['in_use', 0.4]]);
  if (early) return pickWeighted(rng, [['in_use', 0.55], ['scrapped', 0.25], ['demolished', 0.2]]);
  return pickWeighted(rng, [['in_use', 0.945], ['registered', 0.03], ['demolished', 0.012], ['scrapped', 0.01], ['converting', 0.003]]);
}

function peacetimeFunctionFor(rng: Rng, subtype: string, form: ConstructionForm, early: boolean): string {
  if (early || form === 'gallery' || form === 'tunnel') return pickWeighted(rng, [['闲置', 0.4], ['仓储', 0.35], ['商业', 0.25]]);
  switch (subtype) {
    case 'garage':
      return '停车库';
    case 'materials_store':
    case 'food_station':
      return pickWeighted(rng, [['仓储', 0.7], ['停车库', 0.3]]);
    case 'power_station':
    case 'water_station':
    case 'warning_station':
    case 'cbrn_monitoring':
      return '设备用房';
    case 'central_hospital':
    case 'emergency_hospital':
    case 'aid_station':
      return pickWeighted(rng, [['停车库', 0.6], ['医院后勤用房', 0.4]]);
    default:
      return pickWeighted(rng, [['停车库', 0.66], ['自行车库', 0.08], ['仓储', 0.1], ['商业', 0.05], ['健身活动室', 0.03], ['物业用房', 0.03], ['闲置', 0.05]]);
  }
}

const CN_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const ISO_DAY = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export interface WorkContext {
  placer: Placer;
  towns: ReadonlyMap<string, DemoRegion>;
}

interface Draft extends Omit<DemoWork, 'code'> {
  order: number;
}

function buildUnits(rng: Rng, w: { workClass: WorkClass; subtype: string; form: ConstructionForm; early: boolean; pg: ProtectionGrade; cg: ChemicalGrade }): DemoUnit[] {
  const median = grossMedian(w.workClass, w.subtype, w.form);
  const gross = Math.min(45_000, Math.max(w.form === 'gallery' ? 250 : 400, rng.logNormal(median, w.workClass === 'personnel' ? 0.55 : 0.45)));
  const protectedTotal = gross * rng.range(0.86, 0.95);
  const n = Math.max(1, Math.ceil(protectedTotal / rng.range(1_650, 2_000)));
  const units: DemoUnit[] = [];
  for (let u = 0; u < n; u++) {
    let fn = w.subtype;
    let pg = w.pg;
    let cg = w.cg;
    // Large residential basements often give one unit to a store or team equipment (mixed-function works).
    if (w.workClass === 'personnel' && n >= 4 && u === n - 1 && rng.chance(0.2)) {
      fn = rng.chance(0.6) ? 'materials_store' : 'equipment_shelter';
      cg = 'D';
      pg = pg === 'C5' || pg === 'C6' ? pg : 'N6';
    }
    const fnClass: WorkClass = fn === 'materials_store' ? 'support' : fn === 'equipment_shelter' ? 'team' : w.workClass;
    const unitProtected = Math.min(2_000, Math.round((protectedTotal / n) * rng.range(0.97, 1.03)));
    const unitGross = Math.round(unitProtected / rng.range(0.86, 0.95));
    const shelter = SHELTERING.has(fn) ? Math.round(unitProtected * rng.range(0.62, 0.76)) : 0;
    const peacetime = fn === w.subtype ? peacetimeFunctionFor(rng, fn, w.form, w.early) : '仓储';
    const parking = peacetime === '停车库' ? Math.floor(unitGross / rng.range(38, 48)) : 0;
    units.push({
      name: `${u + 1}号防护单元`,
      grossAreaM2: unitGross,
      protectedAreaM2: unitProtected,
      shelterAreaM2: shelter,
      wartimeFunction: fn,
      wartimeFunctionZh: subtypeZh(fnClass, fn),
      protectionGrade: pg,
      chemicalGrade: cg,
      blastUnits: Math.ceil(unitProtected / 500),
      peacetimeFunction: peacetime,
      parkingSpaces: parking,
    });
  }
  return units;
}

function buildEntrances(rng: Rng, at: readonly number[], units: DemoUnit[]): DemoEntrance[] {
  const out: DemoEntrance[] = [];
  const near = (minM: number, maxM: number): [number, number] => {
    const angle = rng.range(0, 2 * Math.PI);
    const r = rng.range(minM, maxM);
    return roundPoint(offsetM(at, r * Math.cos(angle), r * Math.sin(angle)));
  };
  units.forEach((_, u) => {
    out.push({ location: near(10, 70), kind: 'main', widthM: Math.round(rng.range(1.5, 2.4) * 10) / 10, unitIndex: u });
    out.push({ location: near(10, 80), kind: rng.chance(0.6) ? 'secondary' : 'emergency', widthM: Math.round(rng.range(0.8, 1.5) * 10) / 10, unitIndex: u });
  });
  if (units.some((u) => u.parkingSpaces > 0)) {
    const ramps = units.length >= 4 ? 2 : 1;
    for (let i = 0; i < ramps; i++) out.push({ location: near(20, 90), kind: 'vehicle', widthM: Math.round(rng.range(4, 7.5) * 10) / 10 });
  }
  return out;
}

/**
 * A garage's opening hours, from its name rather than the random stream (so adding them moved no other demo figure):
 * public garages mostly round the clock, residential ones with a night closure, a few only by day.
 */
function parkingHours(name: string, isPublic: boolean): string {
  const h = hashString(`hours:${name}`) % 100;
  if (h < (isPublic ? 55 : 25)) return '00:00-24:00';
  if (h < 75) return ['06:00-23:00', '07:00-22:00', '06:30-22:30'][h % 3]!;
  return ['08:00-20:00', '07:30-21:00'][h % 2]!;
}

export function generateWorks(rng: Rng, count: number, ctx: WorkContext): DemoWork[] {
  const drafts: Draft[] = [];
  // Command posts first: the city's basic and reserve posts in 崇川, one basic post per county.
  const commands: Array<[string, string]> = [
    ['320613', 'basic_command_post'],
    ['320612', 'reserve_command_post'],
    ...['320612', '320613', '320614', '320623', '320681', '320682', '320685'].map((c): [string, string] => [c, 'basic_command_post']),
  ];
  const usedNames = new Set<string>();
  /** Joins place and suffix; a repeated name gets a phase (二期, 三期…) after the place, as registries do. */
  const uniqueName = (place: string, suffix: string): [string, string] => {
    let p = place;
    for (let k = 2; usedNames.has(p + suffix); k++) p = `${place}${k <= 10 ? (CN_NUMERALS[k] as string) : String(k)}期`;
    usedNames.add(p + suffix);
    return [p + suffix, p];
  };
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`work:${i}`);
    const command = i < commands.length ? commands[i] : undefined;
    let site = ctx.placer.place(r);
    if (command) {
      for (let k = 0; k < 200 && site.countyCode !== command[0]; k++) site = ctx.placer.place(r);
    }
    const county = countyInfo(site.countyCode);
    const town = ctx.towns.get(site.regionCode);
    const townName = town?.name ?? county.name;
    const workClass: WorkClass = command ? 'command' : pickWeighted(r, CLASS_WEIGHTS);
    const subtype = command ? command[1] : pickWeighted(r, SUBTYPE_WEIGHTS[workClass as Exclude<WorkClass, 'command'>]);
    let year = command ? r.int(1992, 2016) : yearBuilt(r);
    // Peacetime-only uses: no early garages, command posts or CBRN centres.
    if (year <= 1980 && workClass !== 'personnel' && subtype !== 'materials_store') year = r.int(1985, 2020);
    const early = year <= 1980;
    let form: ConstructionForm;
    if (early) form = site.regionCode === '320613010' ? 'tunnel' : r.chance(0.6) ? 'gallery' : 'cut_and_cover';
    else if (workClass === 'command') form = 'cut_and_cover';
    else if (subtype === 'traffic_tunnel') form = r.chance(0.7) ? 'cut_and_cover' : 'gallery';
    else form = pickWeighted(r, [['attached', 0.9], ['cut_and_cover', 0.094], ['gallery', 0.006]]);
    const [pg, cg] = grades(r, workClass, subtype, early);
    const state = lifecycle(r, year, early);
    const units = buildUnits(r, { workClass, subtype, form, early, pg, cg });
    const road = r.pick(roadsFor(county.code));
    const address = `南通市${county.name}${road}${r.int(1, 399)}号`;
    const estate = estateName(r);
    const zh = subtypeZh(workClass, subtype);
    let place: string;
    let suffix: string;
    let project: string | undefined;
    let owner: string;
    let managementUnit: string;
    const office = county.code === '320613' && workClass === 'command' ? '南通市国防动员办公室' : `${county.name}国防动员办公室`;
    const centre = `${county.shortName}人防工程管理中心`;
    switch (workClass) {
      case 'command':
        place = i < 2 ? '南通市' : county.name;
        suffix = i === 0 ? '人防基本指挥所' : i === 1 ? '人防预备指挥所' : '人防指挥所';
        owner = i < 2 ? '南通市国防动员办公室' : office;
        managementUnit = owner;
        break;
      case 'medical': {
        place =
          subtype === 'central_hospital'
            ? `${county.shortName}${r.pick(['人民医院', '中医院', '第二人民医院', '妇幼保健院'])}`
            : subtype === 'emergency_hospital'
              ? `${townName}${r.pick(['中心医院', '人民医院', '中心卫生院'])}`
              : `${townName}${r.pick(['社区卫生服务中心', '卫生院'])}`;
        suffix = '医疗救护工程';
        if (form === 'attached') project = r.pick(['门急诊楼', '住院综合楼', '医技楼']);
        owner = place;
        managementUnit = `${place}后勤保障处`;
        break;
      }
      case 'team':
        place = `${townName}${r.pick(TEAM_KINDS)}专业队`;
        suffix = zh;
        owner = office;
        managementUnit = centre;
        break;
      case 'support':
        place = subtype === 'traffic_tunnel' ? road : form === 'attached' ? estate : townName;
        suffix = subtype === 'traffic_tunnel' ? '人防交通支道' : zh.startsWith('人防') ? zh : `人防${zh}`;
        owner = form === 'attached' ? companyName(r, county.shortName, '置业') : office;
        managementUnit = form === 'attached' ? companyName(r, county.shortName, '物业服务') : centre;
        break;
      default:
        owner = office;
        managementUnit = centre;
        if (form === 'attached') {
          place = estate;
          suffix = '防空地下室';
          project = r.pick(['住宅项目', '住宅小区项目', '商住楼项目', '商业综合体项目', '项目']);
          owner = companyName(r, county.shortName, r.chance(0.5) ? '置业' : '房地产开发');
          managementUnit = companyName(r, county.shortName, '物业服务');
        } else if (form === 'tunnel') {
          place = '狼山';
          suffix = '人防坑道工程';
        } else if (form === 'gallery') {
          place = road;
          suffix = '人防地道';
        } else {
          place = r.chance(0.5) ? road : `${townName}${r.pick(['中心广场', '文化广场', '公园'])}`;
          suffix = '人防工程';
        }
    }
    const [name, finalPlace] = uniqueName(place, suffix);
    // Attached works name the building project they sit under (结建).
    const parentProject =
      form !== 'attached'
        ? undefined
        : workClass === 'medical'
          ? `${finalPlace}${project ?? '综合楼'}项目`
          : workClass === 'team'
            ? `${estate}项目`
            : `${finalPlace}${project ?? '项目'}`;
    const inUse = state === 'in_use' || state === 'converting';
    const isPublic = workClass === 'personnel' ? (inUse ? r.chance(subtype === 'class1' ? 0.6 : 0.88) : r.chance(0.3)) : r.chance(0.08);
    const peacetimeUse: DemoPeacetimeUse = {};
    const spaces = units.reduce((a, u) => a + u.parkingSpaces, 0);
    if ((inUse || state === 'registered') && spaces > 0) {
      peacetimeUse.parking = {
        total: spaces,
        publicSpaces: Math.round(spaces * (isPublic ? r.range(0.3, 1) : r.range(0, 0.3))),
        feePerHourYuan: pickWeighted(r, [[2, 0.35], [3, 0.35], [4, 0.15], [5, 0.15]]),
        hours: parkingHours(name, isPublic),
      };
      if (year >= 2016 && r.chance(0.4)) peacetimeUse.evChargers = r.int(2, Math.max(2, Math.min(60, Math.floor(spaces / 8))));
    }
    if (inUse) {
      const contracts = units.filter((u) => u.peacetimeFunction === '仓储' || u.peacetimeFunction === '商业');
      if (contracts.length > 0) {
        peacetimeUse.other = contracts.slice(0, 2).map((u) => {
          const start = r.int(2019, 2025);
          return {
            use: u.peacetimeFunction,
            party: companyName(r, county.shortName, u.peacetimeFunction === '仓储' ? '仓储物流' : '商贸'),
            contractStart: ISO_DAY(start, r.int(1, 12), r.int(1, 28)),
            contractEnd: ISO_DAY(start + r.pick([3, 5]), r.int(1, 12), r.int(1, 28)),
          };
        });
      }
    }
    drafts.push({
      order: i,
      name,
      address,
      regionCode: site.regionCode,
      countyCode: site.countyCode,
      location: site.location,
      constructionForm: form,
      ...(parentProject ? { parentProject } : {}),
      workClass,
      subtype,
      protectionGrade: pg,
      chemicalGrade: cg,
      yearBuilt: year,
      early,
      owner,
      managementUnit,
      contactName: personName(r),
      contactPhone: phoneNumber(r),
      isPublic,
      lifecycleState: state,
      units,
      entrances: buildEntrances(r, site.location, units),
      peacetimeUse,
    });
  }
  addCoolingSpots(rng.fork('cooling'), drafts, ctx);
  // Number per county in generation order; output sorted by code.
  const counters = new Map<string, number>();
  const works = drafts.map(({ order: _order, ...d }): DemoWork => {
    const n = (counters.get(d.countyCode) ?? 0) + 1;
    counters.set(d.countyCode, n);
    return { code: `RF-${d.countyCode}-${String(n).padStart(4, '0')}`, ...d };
  });
  return works.sort((a, b) => a.code.localeCompare(b.code));
}

const COOLING_FACILITIES = ['空调/通风', '座椅', '饮用水', '电视', 'WiFi', '书报', '急救药箱', '手机充电', '血压计'];

/** About two cooling spots per county (Nantong opens some each summer): large public urban shelters in use. */
function addCoolingSpots(rng: Rng, drafts: Draft[], ctx: WorkContext): void {
  const byCounty = new Map<string, Draft[]>();
  for (const d of drafts) {
    const town = ctx.towns.get(d.regionCode);
    const total = d.units.reduce((a, u) => a + u.shelterAreaM2, 0);
    if (d.workClass !== 'personnel' || d.lifecycleState !== 'in_use' || !d.isPublic || !town?.urban || total < 2_500) continue;
    const list = byCounty.get(d.countyCode) ?? [];
    list.push(d);
    byCounty.set(d.countyCode, list);
  }
  for (const [county, list] of [...byCounty.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const n = county === '320613' ? 4 : 2;
    for (let k = 0; k < n && list.length > 0; k++) {
      const d = list.splice(rng.int(0, list.length - 1), 1)[0] as Draft;
      const shelter = d.units.reduce((a, u) => a + u.shelterAreaM2, 0);
      d.peacetimeUse.coolingSpot = {
        seasonStart: rng.pick(['06-15', '06-20', '07-01']),
        seasonEnd: rng.pick(['09-15', '09-30']),
        hours: rng.pick(['09:00-21:00', '08:30-20:30', '10:00-22:00']),
        capacity: Math.max(50, Math.min(300, Math.round(shelter / 20 / 10) * 10)),
        facilities: COOLING_FACILITIES.filter((_, i) => i < 3 || rng.chance(0.5)),
      };
    }
  }
}
