/**
 * The synthetic command-and-response part of the demo: the three-level 人防指挥部 (the city, each county, two key
 * streets) with leaders, member units and a duty rotation; command posts on the generated 指挥工程; one mobile
 * command vehicle; and the teams the seeds name — 11 professional teams, 2 volunteer teams and 1 rescue team —
 * with members, qualifications, equipment and a last roll-call. Every name, phone number and figure is invented
 * from the seed (phones in the 0513 landline / 139-0000 test ranges) and describes no real person or unit.
 */
import { NANTONG_COUNTIES } from './counties.ts';
import { personName } from './names.ts';
import type { Rng } from './prng.ts';
import type { DemoCommand, DemoCommandHq, DemoRegion, DemoTeam, DemoVehicle, DemoWork } from './types.ts';

/** A synthetic mobile number in the 139-0000 block (not issued to subscribers in the demo's story). */
const mobile = (rng: Rng) => `1390000${String(rng.int(0, 9999)).padStart(4, '0')}`;
const landline = (rng: Rng) => `0513-8${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;

const MEMBER_UNITS: ReadonlyArray<[string, string, string]> = [
  ['发展改革委', '人防建设纳入国民经济和社会发展规划', '战时经济动员与物资保障'],
  ['公安局', '维护社会治安、参与防空演练', '防空袭治安保卫、交通管制'],
  ['卫生健康委', '医疗救护队伍建设与训练', '战时医疗救护、伤员救治'],
  ['交通运输局', '运输专业队组建', '人员疏散运输、交通抢修'],
  ['住房城乡建设局', '人防工程结合民用建筑修建', '工程抢险抢修'],
  ['供电公司', '电力抢修队伍建设', '战时供电保障与抢修'],
  ['通信管理部门', '通信专业队建设', '战时通信保障'],
  ['应急管理局', '应急救援协同', '灾害救援与次生灾害处置'],
];

/** 11 专业队 (kind code, name), then 2 志愿者队伍 and 1 救援队. */
const TEAMS: ReadonlyArray<[string, string, string, string]> = [
  ['professional', 'repair', '抢险抢修专业队', '市政工程公司'],
  ['professional', 'medical', '医疗救护专业队', '市第一人民医院'],
  ['professional', 'fire', '消防专业队', '消防救援支队'],
  ['professional', 'security', '治安专业队', '公安局'],
  ['professional', 'chemical', '防化防疫专业队', '疾病预防控制中心'],
  ['professional', 'communication', '通信专业队', '通信公司'],
  ['professional', 'transport', '运输专业队', '公交集团'],
  ['professional', 'info_protection', '信息防护专业队', '大数据管理局'],
  ['professional', 'psychological', '心理防护专业队', '第四人民医院'],
  ['professional', 'engineering', '工程抢修专业队', '供电公司'],
  ['professional', 'logistics', '物资保障专业队', '粮食和物资储备局'],
  ['volunteer', 'volunteer', '人防志愿者服务队', '团市委'],
  ['volunteer', 'volunteer', '社区防空志愿者队', '街道办事处'],
  ['rescue', 'rescue', '人防综合救援队', '人防办'],
];

const QUALIFICATIONS: Record<string, string> = {
  repair: '特种作业操作证', medical: '执业医师/护士资格', fire: '消防员职业资格', security: '人民警察', chemical: '防化专业培训合格证',
  communication: '无线电操作证', transport: '机动车驾驶证 A2', info_protection: '网络安全等级测评师', psychological: '心理咨询师',
  engineering: '电工作业证', logistics: '仓储管理员', volunteer: '志愿者培训结业', rescue: '应急救援员',
};

const EQUIPMENT: Record<string, ReadonlyArray<[string, string]>> = {
  repair: [['破拆', '液压破拆工具组'], ['照明', '移动照明灯塔'], ['排水', '大流量排水泵']],
  medical: [['救护', '救护车'], ['救护', '急救背囊'], ['救护', '担架']],
  fire: [['灭火', '消防水带'], ['灭火', '便携式灭火器'], ['防护', '空气呼吸器']],
  security: [['通信', '对讲机'], ['警戒', '警戒带'], ['照明', '强光手电']],
  chemical: [['侦检', '有毒气体检测仪'], ['防护', '防化服'], ['洗消', '洗消帐篷']],
  communication: [['通信', '卫星电话'], ['通信', '短波电台'], ['电源', '便携式发电机']],
  transport: [['运输', '大客车'], ['运输', '厢式货车']],
  info_protection: [['信息', '便携式加固计算机'], ['信息', '电磁屏蔽袋']],
  psychological: [['心理', '心理评估量表包'], ['通信', '对讲机']],
  engineering: [['电力', '应急发电车'], ['电力', '绝缘工具组'], ['起重', '手拉葫芦']],
  logistics: [['物资', '帐篷'], ['物资', '折叠床'], ['物资', '饮用水储备']],
  volunteer: [['标识', '志愿者马甲'], ['通信', '对讲机']],
  rescue: [['救援', '生命探测仪'], ['破拆', '液压破拆工具组'], ['救援', '救援绳索套装']],
};

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The duty roster from `from` for `days` days: the rotation's officers take day and night shifts in turn.
 *
 * @example expandRoster(['甲', '乙', '丙'], '2026-09-18', 1) // [{ date: '2026-09-18', shift: 'day', person: '甲' }, { …, shift: 'night', person: '乙' }]
 */
export function expandRoster(rotation: readonly string[], from: string, days: number): Array<{ date: string; shift: 'day' | 'night'; person: string }> {
  if (rotation.length === 0) return [];
  // Counted from a fixed day so the same date always has the same officer, whenever the demo is loaded.
  const base = Math.round((Date.parse(`${from}T00:00:00Z`) - Date.parse('2026-01-01T00:00:00Z')) / 86_400_000);
  const out: Array<{ date: string; shift: 'day' | 'night'; person: string }> = [];
  for (let d = 0; d < days; d++) {
    for (const [s, shift] of (['day', 'night'] as const).entries()) {
      const turn = (((base + d) * 2 + s) % rotation.length + rotation.length) % rotation.length;
      out.push({ date: addDays(from, d), shift, person: rotation[turn]! });
    }
  }
  return out;
}

export function generateCommand(rng: Rng, ctx: { regions: readonly DemoRegion[]; works: readonly DemoWork[] }): DemoCommand {
  const towns = ctx.regions.filter((r) => r.level === 'town');
  const commandWorks = ctx.works.filter((w) => w.workClass === 'command');
  const hq = (level: DemoCommandHq['level'], regionCode: string, place: string, centre: [number, number]): DemoCommandHq => {
    const r = rng.fork(`hq:${regionCode}`);
    const leaderTitle = level === 'city' ? '副市长' : level === 'county' ? '副区（县、市）长' : '街道办事处主任';
    const persons: DemoCommandHq['persons'] = [
      { name: personName(r), role: 'commander', title: leaderTitle, unit: `${place}人民政府`, mobilePhone: mobile(r) },
      { name: personName(r), role: 'deputy', title: '人防办主任', unit: `${place}人防办`, mobilePhone: mobile(r) },
      { name: personName(r), role: 'member', title: '人防办副主任', unit: `${place}人防办`, mobilePhone: mobile(r) },
    ];
    const rotation: string[] = [];
    for (let i = 0; i < (level === 'town' ? 3 : 5); i++) {
      const name = personName(r);
      persons.push({ name, role: 'duty', title: '值班员', unit: `${place}人防办`, mobilePhone: mobile(r) });
      rotation.push(name);
    }
    const units = level === 'town' ? MEMBER_UNITS.slice(0, 3) : MEMBER_UNITS;
    return {
      level, name: `${place}人民防空指挥部`, regionCode, address: `${place}人防指挥中心（合成地址，${centre[0].toFixed(3)}, ${centre[1].toFixed(3)}）`,
      officePhone: landline(r), persons,
      memberUnits: units.map(([unit, peace, war]) => ({ name: `${place}${unit}`, peacetimeDuty: peace, wartimeDuty: war, contactName: personName(r), contactPhone: mobile(r) })),
      dutyRotation: rotation, posts: [],
    };
  };
  const cityCentre: [number, number] = [120.894, 31.981];
  const city = hq('city', '320600', '南通市', cityCentre);
  // The generator puts the city's basic post first and its reserve post second among the works (see works.ts).
  if (commandWorks[0]) city.posts.push({ kind: 'basic', name: '市基本指挥所', workCode: commandWorks[0].code });
  if (commandWorks[1]) city.posts.push({ kind: 'reserve', name: '市预备指挥所', workCode: commandWorks[1].code });
  const hqs = [city];
  for (const c of NANTONG_COUNTIES) {
    const h = hq('county', c.code, c.name, c.seat);
    const post = commandWorks.slice(2).find((w) => w.countyCode === c.code);
    if (post) h.posts.push({ kind: 'basic', name: `${c.shortName}基本指挥所`, workCode: post.code });
    hqs.push(h);
  }
  // Two key streets: the first urban town of 崇川 and of 通州.
  for (const county of ['320613', '320612']) {
    const t = towns.find((x) => x.parentCode === county && x.urban);
    if (t) hqs.push(hq('town', t.code, t.name, t.centroid));
  }

  const today = '2026-09-01';
  const teams: DemoTeam[] = TEAMS.map(([category, kind, name, unit], i) => {
    const r = rng.fork(`team:${i}`);
    const county = NANTONG_COUNTIES[i % NANTONG_COUNTIES.length]!;
    const home = towns.filter((x) => x.parentCode === county.code && x.urban);
    const town = home.length ? r.pick(home) : towns.find((x) => x.parentCode === county.code)!;
    const size = category === 'volunteer' ? r.int(20, 30) : r.int(10, 18);
    const members: DemoTeam['members'] = [];
    for (let m = 0; m < size; m++) {
      const qualified = category !== 'volunteer' || r.chance(0.5);
      // About one in eight qualifications has expired or expires within two months of the demo's reference day.
      const expires = qualified ? addDays(today, r.chance(0.12) ? r.int(-120, 50) : r.int(120, 1400)) : null;
      members.push({
        name: personName(r), role: m === 0 ? '队长' : m === 1 ? '副队长' : '队员', phone: mobile(r),
        qualification: qualified ? QUALIFICATIONS[kind]! : null, qualificationExpires: expires, volunteer: category === 'volunteer',
      });
    }
    const equipment = (EQUIPMENT[kind] ?? []).map(([ek, en]) => ({
      kind: ek, name: en, count: r.int(2, 12), location: `${unit}装备库`, state: (r.chance(0.1) ? 'faulty' : 'ready') as 'ready' | 'faulty',
      maintenanceDue: addDays(today, r.chance(0.15) ? r.int(-90, 10) : r.int(30, 360)),
    }));
    const place = category === 'professional' ? '南通市' : county.name;
    return {
      code: `RFD-${String(i + 1).padStart(2, '0')}`, name: `${place}人防${name}`, category: category as DemoTeam['category'], kind, baseUnit: `${place}${unit}`,
      regionCode: town.code, location: [town.centroid[0] + r.range(-0.01, 0.01), town.centroid[1] + r.range(-0.01, 0.01)],
      leaderName: members[0]!.name, leaderPhone: members[0]!.phone, members, equipment,
      lastRollcall: i % 5 === 4 ? null : { date: addDays(today, -r.int(5, 60)), presentShare: r.range(0.7, 1), workingShare: r.range(0.75, 1) },
    };
  });

  const vehicles: DemoVehicle[] = [{
    code: 'JDZHC-01', name: '南通市人防机动指挥车1号', regionCode: '320613', generation: '第三代', equipment: '卫星通信、短波电台、视频会商、无人机', crew: 6, state: 'ready',
    home: [cityCentre[0] + 0.01, cityCentre[1] + 0.005],
  }];
  return { hqs, teams, vehicles };
}
