/**
 * Synthetic demo data of command and response (second half): plans, drills, evacuation places, routes and area plans
 * for one district (崇川区), and key economic targets including an oil reserve base. Every name carries （示例）:
 * nothing here describes a real plan, drill, facility or company. Deterministic: places are laid out from the
 * district's (synthetic) town points, so every build gives the same data (dates are set relative to the year of `today`, the office's date in Asia/Shanghai).
 * Teams are named as the command demo names them (南通市人防…专业队, synthetic too), so the load links them by id;
 * ids are null here (the demo knows no database).
 */
import { boundariesShared } from './boundaries.ts';
import { pointInGeometry } from './geo.ts';
import { nantongRegions } from './regions.ts';

/** The district whose evacuation the demo lays out. */
export const EVACUATION_DEMO_COUNTY = '320613';

export interface DemoPlanContent {
  summary: string;
  triggers: Array<{ code: string; condition: string; level: string }>;
  tasks: Array<{ assigneeKind: 'unit' | 'team'; refId: number | null; assignee: string; task: string; phase: string }>;
  resources: Array<{ name: string; quantity: number; unit: string; holder: string }>;
  contacts: Array<{ name: string; role: string; dutyPhone: string }>;
}
export interface DemoPlan { key: string; kind: 'civil_defence' | 'special' | 'emergency'; title: string; regionCode: string; content: DemoPlanContent; note: string; submitted?: { content: DemoPlanContent; note: string } }
export interface DemoDrill {
  kind: 'evacuation' | 'command' | 'rescue' | 'alert' | 'comprehensive'; title: string; regionCode: string; scenario: string; plannedOn: string;
  state: 'planned' | 'assessed'; planKey?: string; targetKey?: string;
  participants: Array<{ kind: 'unit' | 'team'; refId: number | null; name: string; people: number }>;
  criteria: Array<{ name: string; weight: number; maxScore: number }>;
  timeline?: Array<{ kind: 'inject' | 'action' | 'note'; text: string; actorName: string }>;
  scores?: number[]; assessment?: string;
  findings?: Array<{ finding: string; action: string; owner: string; deadline: string }>;
}
export interface DemoEvacPlace { kind: 'base' | 'area' | 'assembly'; code: string; name: string; regionCode: string; capacity: number; state: 'ready' | 'limited' | 'closed'; location: [number, number] }
export interface DemoEvacRoute { code: string; name: string; regionCode: string; peoplePerHour: number; path: [number, number][]; toPlaceCode: string }
export interface DemoAreaPlan { regionCode: string; share: number; targetGroups: Array<'elderly' | 'children' | 'students' | 'patients' | 'disabled' | 'residents' | 'workers'>; destinationCode: string; timing: 'early' | 'imminent' | 'emergency' }
export interface DemoTarget {
  key: string; code: string; name: string; category: string; grade: 'national' | 'provincial' | 'city'; unitName: string; regionCode: string;
  location: [number, number]; footprint: { type: 'Polygon'; coordinates: [number, number][][] };
  checklist: Record<string, boolean>; oneLibrary: Record<string, 'none' | 'building' | 'done'>; repairTeam: { id: number | null; name: string } | null;
  planKeys: string[]; funds: Array<{ year: number; amountWan: number; purpose: string }>;
}
export interface ResponseDemo { plans: DemoPlan[]; drills: DemoDrill[]; places: DemoEvacPlace[]; routes: DemoEvacRoute[]; areaPlans: DemoAreaPlan[]; targets: DemoTarget[] }

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const rect = ([lng, lat]: [number, number], w: number, h: number): DemoTarget['footprint'] => ({
  type: 'Polygon',
  coordinates: [[[round6(lng - w), round6(lat - h)], [round6(lng + w), round6(lat - h)], [round6(lng + w), round6(lat + h)], [round6(lng - w), round6(lat + h)], [round6(lng - w), round6(lat - h)]]],
});

/** The county outline a record filed under `regionCode` (a county or one of its towns) must lie in. */
function countyOutline(regionCode: string) {
  const f = boundariesShared().features.find((b) => regionCode.startsWith(b.properties.code));
  if (!f) throw new Error(`no county outline for ${regionCode}`);
  return f.geometry;
}

/**
 * `p`, or the first point a tenth, two tenths … of the way to `towards` where `fits` holds. The synthetic offsets
 * (a port west of the centre, a street's point 250 m east) can land in the river or past the coarse county outline,
 * and the console refuses to keep a record outside its region's outline when it is edited.
 */
function pullInside(p: [number, number], towards: [number, number], fits: (q: [number, number]) => boolean): [number, number] {
  for (let k = 0; k <= 10; k++) {
    const q: [number, number] = [round6(p[0] + ((towards[0] - p[0]) * k) / 10), round6(p[1] + ((towards[1] - p[1]) * k) / 10)];
    if (fits(q)) return q;
  }
  return towards;
}

/** A target's point and footprint (w × h half-sides, degrees) pulled inside its county toward the county's centre. */
function placedTarget(p: [number, number], w: number, h: number, regionCode: string, centre: [number, number]) {
  const outline = countyOutline(regionCode);
  const location = pullInside(p, centre, (q) => rect(q, w, h).coordinates[0]!.every((v) => pointInGeometry(v, outline)));
  return { location, footprint: rect(location, w, h) };
}

const CITY_PLAN: DemoPlanContent = {
  summary: '（示例）南通市人民防空方案：明确战时防空袭组织指挥、人口疏散、重要经济目标防护与消除空袭后果的任务分工。',
  triggers: [
    { code: 'T1', condition: '上级发布防空袭预先号令', level: '一级' },
    { code: 'T2', condition: '发布预先警报', level: '一级' },
    { code: 'T3', condition: '遭受空袭，造成重要目标损毁', level: '特级' },
  ],
  tasks: [
    { assigneeKind: 'unit', refId: null, assignee: '市人防办（示例）', task: '组织警报发放与人员掩蔽', phase: '临战' },
    { assigneeKind: 'team', refId: null, assignee: '南通市人防抢险抢修专业队', task: '抢修供水、供电、燃气管网', phase: '空袭后' },
    { assigneeKind: 'team', refId: null, assignee: '南通市人防医疗救护专业队', task: '伤员救治与转运', phase: '空袭后' },
  ],
  resources: [
    { name: '应急发电机', quantity: 12, unit: '台', holder: '市供电公司（示例）' },
    { name: '防化洗消车', quantity: 2, unit: '辆', holder: '南通市人防防化防疫专业队' },
  ],
  contacts: [
    { name: '市人防指挥部值班室', role: '总值班', dutyPhone: '0513-80000000' },
    { name: '市应急管理局值班室', role: '协同', dutyPhone: '0513-80000001' },
  ],
};

/**
 * The synthetic response dataset (see the file comment) as loaded on `today` (YYYY-MM-DD, Asia/Shanghai): this
 * year's funds and drills are of that year, the one the targets' readiness counts in.
 */
export function generateResponseDemo(today: string): ResponseDemo {
  const regions = nantongRegions();
  const towns = regions.filter((r) => r.parentCode === EVACUATION_DEMO_COUNTY && r.urban);
  const county = (code: string) => regions.find((r) => r.code === code)!;
  const [ru, ha, rg] = [county('320623'), county('320685'), county('320682')];

  // One assembly point per urban street, 250 m east of its point; two bases and an evacuation area up north.
  const places: DemoEvacPlace[] = towns.map((t, k) => ({
    kind: 'assembly', code: `JJ-${t.code.slice(6)}`, name: `${t.name}集结点（示例）`, regionCode: t.code,
    capacity: 3000 + ((k * 7919) % 7) * 1000, state: k % 9 === 4 ? 'limited' : 'ready',
    location: pullInside([round6(t.centroid[0] + 0.0026), round6(t.centroid[1])], t.centroid, (q) => pointInGeometry(q, countyOutline(t.code))),
  }));
  places.push(
    { kind: 'base', code: 'JD-RD-01', name: '如东疏散基地（示例）', regionCode: ru.code, capacity: 60_000, state: 'ready', location: ru.centroid },
    { kind: 'base', code: 'JD-HA-01', name: '海安疏散基地（示例）', regionCode: ha.code, capacity: 40_000, state: 'ready', location: ha.centroid },
    { kind: 'area', code: 'DY-RG-01', name: '如皋疏散地域（示例）', regionCode: rg.code, capacity: 30_000, state: 'ready', location: rg.centroid },
  );
  const hub = county(EVACUATION_DEMO_COUNTY).centroid;
  const routes: DemoEvacRoute[] = [
    { code: 'LX-01', name: '崇川—如东疏散干线（示例）', regionCode: EVACUATION_DEMO_COUNTY, peoplePerHour: 6000, path: [hub, [round6((hub[0] + ru.centroid[0]) / 2 + 0.02), round6((hub[1] + ru.centroid[1]) / 2)], ru.centroid], toPlaceCode: 'JD-RD-01' },
    { code: 'LX-02', name: '崇川—海安疏散干线（示例）', regionCode: EVACUATION_DEMO_COUNTY, peoplePerHour: 4000, path: [hub, [round6((hub[0] + ha.centroid[0]) / 2), round6((hub[1] + ha.centroid[1]) / 2 - 0.02)], ha.centroid], toPlaceCode: 'JD-HA-01' },
  ];
  const timings = ['early', 'imminent', 'emergency'] as const;
  const areaPlans: DemoAreaPlan[] = towns.map((t, k) => ({
    // Early evacuation of target groups: a small share of each street.
    regionCode: t.code, share: [0.05, 0.08, 0.06][k % 3]!, targetGroups: k % 2 === 0 ? ['elderly', 'children', 'students'] : ['residents', 'patients'],
    destinationCode: k % 2 === 0 ? 'JD-RD-01' : 'JD-HA-01', timing: timings[k % 3]!,
  }));

  const oil: [number, number] = [round6(ru.centroid[0] + 0.25), round6(ru.centroid[1] + 0.06)];
  const port: [number, number] = [round6(hub[0] - 0.07), round6(hub[1] - 0.02)];
  const bridge: [number, number] = [round6(hub[0] + 0.03), round6(hub[1] - 0.13)];
  const water: [number, number] = [round6(hub[0] - 0.05), round6(hub[1] + 0.07)];
  const year = Number(today.slice(0, 4));
  const all = (v: boolean) => ({ organisation: v, protection_plan: v, repair_team: v, facilities: v, supplies: v, funds: v, drills: v });

  const plans: DemoPlan[] = [
    {
      key: 'city', kind: 'civil_defence', title: '南通市人民防空方案（示例）', regionCode: '320600', content: CITY_PLAN, note: '初版',
      submitted: {
        note: '增加通信专业队任务，发电机数量按新核定调整',
        content: {
          ...CITY_PLAN,
          tasks: [...CITY_PLAN.tasks, { assigneeKind: 'team', refId: null, assignee: '南通市人防通信专业队', task: '保障指挥所与各级指挥部通信', phase: '临战' }],
          resources: CITY_PLAN.resources.map((r) => (r.name === '应急发电机' ? { ...r, quantity: 16 } : r)),
        },
      },
    },
    {
      key: 'evac', kind: 'special', title: '崇川区人口疏散专项方案（示例）', regionCode: EVACUATION_DEMO_COUNTY, note: '初版',
      content: {
        summary: '（示例）崇川区各街道按早期、临战、紧急三个时机组织人口疏散，经集结点转运至如东、海安疏散基地。',
        triggers: [{ code: 'E1', condition: '上级下达疏散命令', level: '一级' }],
        tasks: [{ assigneeKind: 'unit', refId: null, assignee: '各街道办事处（示例）', task: '组织居民到集结点集结并数算人数', phase: '临战' },
          { assigneeKind: 'team', refId: null, assignee: '南通市人防运输专业队', task: '集结点至疏散基地运输', phase: '临战' }],
        resources: [{ name: '大型客车', quantity: 120, unit: '辆', holder: '市公交集团（示例）' }],
        contacts: [{ name: '区人防办值班室', role: '疏散指挥', dutyPhone: '0513-80000010' }],
      },
    },
    {
      key: 'oil', kind: 'emergency', title: '石油储备基地防护应急预案（示例）', regionCode: ru.code, note: '初版',
      content: {
        summary: '（示例）储备基地遭袭或火灾时的灭火、堵漏、人员撤离与抢修。',
        triggers: [{ code: 'O1', condition: '储罐区遭袭或起火', level: '特级' }],
        tasks: [{ assigneeKind: 'team', refId: null, assignee: '南通市人防消防专业队', task: '储罐灭火与冷却', phase: '空袭后' },
          { assigneeKind: 'team', refId: null, assignee: '南通市人防抢险抢修专业队', task: '管线堵漏与抢修', phase: '空袭后' }],
        resources: [{ name: '泡沫消防车', quantity: 6, unit: '辆', holder: '基地消防站（示例）' }],
        contacts: [{ name: '基地应急值班室', role: '现场指挥', dutyPhone: '0513-80000020' }],
      },
    },
  ];

  const targets: DemoTarget[] = [
    {
      key: 'oil', code: 'KT-0001', name: '石油储备基地（示例）', category: 'energy', grade: 'national', unitName: '某石油储备公司（示例）', regionCode: ru.code,
      ...placedTarget(oil, 0.012, 0.008, ru.code, ru.centroid), checklist: { ...all(true), supplies: false },
      oneLibrary: { library: 'done', room: 'done', centre: 'building' }, repairTeam: { id: null, name: '南通市人防抢险抢修专业队' },
      planKeys: ['oil'], funds: [{ year, amountWan: 120, purpose: '防护设施维护（示例）' }],
    },
    {
      key: 'port', code: 'KT-0002', name: '港区码头（示例）', category: 'port', grade: 'provincial', unitName: '某港务公司（示例）', regionCode: EVACUATION_DEMO_COUNTY,
      ...placedTarget(port, 0.01, 0.004, EVACUATION_DEMO_COUNTY, hub), checklist: { ...all(true), drills: false, funds: false },
      oneLibrary: { library: 'done', room: 'building', centre: 'none' }, repairTeam: null, planKeys: [], funds: [],
    },
    {
      key: 'bridge', code: 'KT-0003', name: '长江大桥（示例）', category: 'bridge', grade: 'national', unitName: '某桥梁管理公司（示例）', regionCode: EVACUATION_DEMO_COUNTY,
      ...placedTarget(bridge, 0.002, 0.03, EVACUATION_DEMO_COUNTY, hub), checklist: all(true),
      oneLibrary: { library: 'done', room: 'done', centre: 'done' }, repairTeam: { id: null, name: '南通市人防工程抢修专业队' }, planKeys: ['city'],
      funds: [{ year, amountWan: 60, purpose: '防护演练与器材（示例）' }],
    },
    {
      key: 'water', code: 'KT-0004', name: '自来水厂（示例）', category: 'utility', grade: 'city', unitName: '某水务公司（示例）', regionCode: EVACUATION_DEMO_COUNTY,
      ...placedTarget(water, 0.004, 0.003, EVACUATION_DEMO_COUNTY, hub), checklist: { ...all(false), organisation: true, protection_plan: true },
      oneLibrary: { library: 'building', room: 'none', centre: 'none' }, repairTeam: null, planKeys: [], funds: [],
    },
  ];

  const drills: DemoDrill[] = [
    {
      kind: 'comprehensive', title: '“金盾-2025”城市防空袭综合演练（示例）', regionCode: '320600', plannedOn: `${year - 1}-10-20`, state: 'assessed', planKey: 'city', targetKey: 'bridge',
      scenario: '（示例）模拟敌空袭重要经济目标，检验指挥部开设、警报发放、人员掩蔽、工程抢修与医疗救护。',
      participants: [{ kind: 'unit', refId: null, name: '市人防办（示例）', people: 30 }, { kind: 'team', refId: null, name: '南通市人防抢险抢修专业队', people: 45 },
        { kind: 'team', refId: null, name: '南通市人防医疗救护专业队', people: 25 }],
      criteria: [{ name: '指挥部开设时间', weight: 3, maxScore: 10 }, { name: '警报发放覆盖', weight: 2, maxScore: 10 }, { name: '抢修到场时间', weight: 2, maxScore: 10 }, { name: '通信保障', weight: 1, maxScore: 10 }],
      timeline: [
        { kind: 'inject', text: '08:30 下达防空袭预先号令', actorName: '导调组' },
        { kind: 'action', text: '08:42 基本指挥所开设完毕', actorName: '市人防指挥部' },
        { kind: 'inject', text: '09:00 发布空袭警报，大桥遭“袭击”', actorName: '导调组' },
        { kind: 'action', text: '09:25 抢修专业队到场', actorName: '南通市人防抢险抢修专业队' },
      ],
      scores: [9, 8, 6, 7], assessment: '（示例）指挥部开设迅速；抢修到场偏慢，通信有短时中断。',
      findings: [
        { finding: '抢修队伍集结地点离目标过远', action: '在目标附近设前置集结点', owner: '市人防办（示例）', deadline: `${year - 1}-12-31` },
        { finding: '短波电台备用电池不足', action: '补充备用电池并纳入月检', owner: '南通市人防通信专业队', deadline: `${year + 1}-03-31` },
      ],
    },
    {
      kind: 'evacuation', title: '9·18 防空警报试鸣暨人口疏散演练（示例）', regionCode: EVACUATION_DEMO_COUNTY, plannedOn: `${year}-09-18`, state: 'planned', planKey: 'evac',
      scenario: '（示例）试鸣防空警报后，各街道组织居民到集结点集结，报数后转运至疏散基地。',
      participants: [{ kind: 'unit', refId: null, name: '各街道办事处（示例）', people: 200 }, { kind: 'team', refId: null, name: '南通市人防治安专业队', people: 40 },
        { kind: 'team', refId: null, name: '南通市人防运输专业队', people: 60 }],
      criteria: [{ name: '集结用时', weight: 2, maxScore: 10 }, { name: '报数准确', weight: 2, maxScore: 10 }, { name: '秩序与安全', weight: 1, maxScore: 10 }],
    },
  ];
  return { plans, drills, places, routes, areaPlans, targets };
}
