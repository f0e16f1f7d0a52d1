/**
 * 人防工程 (civil air defence works): classifications and the life cycle. Codes are stable ASCII; labels in
 * both languages live beside them so the server, the web console and importers agree.
 */
export interface Labelled<C extends string> {
  code: C;
  zh: string;
  en: string;
}

function labels<C extends string>(items: readonly Labelled<C>[]) {
  return items;
}

/** 构筑形式 */
export const CONSTRUCTION_FORMS = labels([
  { code: 'attached', zh: '结建（防空地下室）', en: 'Attached basement' },
  { code: 'tunnel', zh: '单建·坑道式', en: 'Stand-alone tunnel' },
  { code: 'gallery', zh: '单建·地道式', en: 'Stand-alone gallery' },
  { code: 'cut_and_cover', zh: '单建·掘开式', en: 'Stand-alone cut-and-cover' },
] as const);
export type ConstructionForm = (typeof CONSTRUCTION_FORMS)[number]['code'];

/** 战时功能 — five classes. */
export const WORK_CLASSES = labels([
  { code: 'command', zh: '指挥工程', en: 'Command works' },
  { code: 'medical', zh: '医疗救护工程', en: 'Medical works' },
  { code: 'team', zh: '防空专业队工程', en: 'Professional team works' },
  { code: 'personnel', zh: '人员掩蔽工程', en: 'Personnel shelter' },
  { code: 'support', zh: '配套工程', en: 'Support works' },
] as const);
export type WorkClass = (typeof WORK_CLASSES)[number]['code'];

/** Sub-types per class (战时功能细类). */
export const WORK_SUBTYPES: Record<WorkClass, readonly Labelled<string>[]> = {
  command: [
    { code: 'basic_command_post', zh: '基本指挥所', en: 'Main command post' },
    { code: 'reserve_command_post', zh: '预备指挥所', en: 'Reserve command post' },
  ],
  medical: [
    { code: 'central_hospital', zh: '中心医院', en: 'Central hospital' },
    { code: 'emergency_hospital', zh: '急救医院', en: 'Emergency hospital' },
    { code: 'aid_station', zh: '救护站', en: 'Aid station' },
  ],
  team: [
    { code: 'team_shelter', zh: '队员掩蔽部', en: 'Team member shelter' },
    { code: 'equipment_shelter', zh: '装备掩蔽部', en: 'Equipment shelter' },
  ],
  personnel: [
    { code: 'class1', zh: '一等人员掩蔽所', en: 'Class 1 personnel shelter' },
    { code: 'class2', zh: '二等人员掩蔽所', en: 'Class 2 personnel shelter' },
  ],
  support: [
    { code: 'power_station', zh: '区域电站', en: 'Regional power station' },
    { code: 'water_station', zh: '区域供水站', en: 'Regional water station' },
    { code: 'materials_store', zh: '物资库', en: 'Materials store' },
    { code: 'garage', zh: '人防汽车库', en: 'Civil defence garage' },
    { code: 'food_station', zh: '食品站', en: 'Food station' },
    { code: 'workshop', zh: '生产车间', en: 'Production workshop' },
    { code: 'traffic_tunnel', zh: '人防交通干（支）道', en: 'Civil defence traffic tunnel' },
    { code: 'warning_station', zh: '警报站', en: 'Warning station' },
    { code: 'cbrn_monitoring', zh: '核生化监测中心', en: 'CBRN monitoring centre' },
  ],
};

/** 抗力等级. 核 = nuclear + conventional (甲类); 常 = conventional only (乙类). */
export const PROTECTION_GRADES = labels([
  { code: 'N1', zh: '核1级', en: 'Nuclear 1' },
  { code: 'N2', zh: '核2级', en: 'Nuclear 2' },
  { code: 'N3', zh: '核3级', en: 'Nuclear 3' },
  { code: 'N4', zh: '核4级', en: 'Nuclear 4' },
  { code: 'N4B', zh: '核4B级', en: 'Nuclear 4B' },
  { code: 'N5', zh: '核5级', en: 'Nuclear 5' },
  { code: 'N6', zh: '核6级', en: 'Nuclear 6' },
  { code: 'N6B', zh: '核6B级', en: 'Nuclear 6B' },
  { code: 'C5', zh: '常5级', en: 'Conventional 5' },
  { code: 'C6', zh: '常6级', en: 'Conventional 6' },
] as const);
export type ProtectionGrade = (typeof PROTECTION_GRADES)[number]['code'];

/** 防化等级 */
export const CHEMICAL_GRADES = labels([
  { code: 'A', zh: '甲级', en: 'Grade A' },
  { code: 'B', zh: '乙级', en: 'Grade B' },
  { code: 'C', zh: '丙级', en: 'Grade C' },
  { code: 'D', zh: '丁级', en: 'Grade D' },
] as const);
export type ChemicalGrade = (typeof CHEMICAL_GRADES)[number]['code'];

/** Life-cycle states, in their normal order. */
export const LIFECYCLE_STATES = labels([
  { code: 'approved', zh: '审批', en: 'Approved' },
  { code: 'under_construction', zh: '在建', en: 'Under construction' },
  { code: 'quality_supervision', zh: '质量监督', en: 'Quality supervision' },
  { code: 'acceptance_filed', zh: '竣工验收备案', en: 'Acceptance filed' },
  { code: 'registered', zh: '使用登记', en: 'Registered' },
  { code: 'in_use', zh: '在用', en: 'In use' },
  { code: 'converting', zh: '平战转换', en: 'Wartime conversion' },
  { code: 'demolished', zh: '拆除', en: 'Demolished' },
  { code: 'scrapped', zh: '报废', en: 'Scrapped' },
] as const);
export type LifecycleState = (typeof LIFECYCLE_STATES)[number]['code'];

/** Allowed transitions. Demolition and scrapping are terminal and need an approval reference. */
export const LIFECYCLE_TRANSITIONS: Record<LifecycleState, readonly LifecycleState[]> = {
  approved: ['under_construction', 'scrapped'],
  under_construction: ['quality_supervision'],
  quality_supervision: ['acceptance_filed'],
  acceptance_filed: ['registered'],
  registered: ['in_use', 'demolished', 'scrapped'],
  in_use: ['converting', 'demolished', 'scrapped'],
  converting: ['in_use'],
  demolished: [],
  scrapped: [],
};

/** States with no upkeep: a demolished or scrapped work gets no maintenance plans. */
export const STATES_WITHOUT_UPKEEP: readonly LifecycleState[] = ['demolished', 'scrapped'];

export function needsUpkeep(state: string): boolean {
  return !(STATES_WITHOUT_UPKEEP as readonly string[]).includes(state);
}

export const TRANSITIONS_NEEDING_APPROVAL: readonly LifecycleState[] = ['demolished', 'scrapped'];

export function canTransition(from: LifecycleState, to: LifecycleState): boolean {
  return LIFECYCLE_TRANSITIONS[from].includes(to);
}

/**
 * Life-cycle states in which a work can shelter people: finished (竣工验收备案 onwards) and not demolished or scrapped.
 * The one definition of "usable shelter places" (可用掩蔽人数): the dashboard, the map and planning count only these
 * works' places. An installation may set its own list (USABLE_SHELTER_STATES); this is the default.
 */
export const DEFAULT_USABLE_SHELTER_STATES: readonly LifecycleState[] = ['acceptance_filed', 'registered', 'in_use', 'converting'];

/** Whether a work in `state` counts towards usable shelter places. */
export function isUsableShelter(state: string, usable: readonly string[] = DEFAULT_USABLE_SHELTER_STATES): boolean {
  return usable.includes(state);
}

/** Works built in or before this year are 早期人防工程. */
export const EARLY_WORK_LAST_YEAR = 1980;

/** Default sheltering area per person (m²), GB 50038-2005 §3 (verify); configuration may override. */
export const DEFAULT_AREA_PER_PERSON_M2 = 1.0;

/** Shelter places of a unit: floor(掩蔽面积 / area per person). */
export function shelterPlaces(shelterAreaM2: number, areaPerPersonM2 = DEFAULT_AREA_PER_PERSON_M2): number {
  if (!(areaPerPersonM2 > 0)) throw new Error('areaPerPersonM2 must be > 0');
  return Math.max(0, Math.floor(shelterAreaM2 / areaPerPersonM2 + 1e-9));
}

/** 平战转换 kinds: a drill or a real conversion, at one of the three stages. */
export const CONVERSION_KINDS = labels([
  { code: 'drill', zh: '演练', en: 'Drill' },
  { code: 'real', zh: '实战', en: 'Real' },
] as const);
export type ConversionKind = (typeof CONVERSION_KINDS)[number]['code'];

/** Entrance kinds (出入口). */
export const ENTRANCE_KINDS = labels([
  { code: 'main', zh: '主要出入口', en: 'Main entrance' },
  { code: 'secondary', zh: '次要出入口', en: 'Secondary entrance' },
  { code: 'emergency', zh: '安全出口', en: 'Emergency exit' },
  { code: 'vehicle', zh: '车道出入口', en: 'Vehicle ramp' },
] as const);
export type EntranceKind = (typeof ENTRANCE_KINDS)[number]['code'];

/** Maintenance disciplines (Jiangsu 省政府令第165号; Zhejiang DBJ33/T1309-2023). */
export const MAINTENANCE_DISCIPLINES = labels([
  { code: 'civil', zh: '土建', en: 'Civil' },
  { code: 'protective_equipment', zh: '防护设备', en: 'Protective equipment' },
  { code: 'ventilation', zh: '通风', en: 'Ventilation' },
  { code: 'water', zh: '给排水（油）', en: 'Water / oil' },
  { code: 'electrical', zh: '电气', en: 'Electrical' },
  { code: 'information', zh: '信息系统', en: 'Information systems' },
] as const);
export type MaintenanceDiscipline = (typeof MAINTENANCE_DISCIPLINES)[number]['code'];

export interface MaintenanceScheduleDefault {
  code: string;
  discipline: MaintenanceDiscipline;
  zh: string;
  en: string;
  intervalMonths: number;
}

/**
 * Default schedules seeded into the configurable `maintenance_schedule` table (examples from
 * DBJ33/T1309-2023 as summarised in DOMAIN.md — verify locally; the office edits them).
 */
export const DEFAULT_MAINTENANCE_SCHEDULES: readonly MaintenanceScheduleDefault[] = [
  { code: 'routine_quarterly', discipline: 'civil', zh: '季度例行维护', en: 'Quarterly routine maintenance', intervalMonths: 3 },
  { code: 'blast_doors_monthly', discipline: 'protective_equipment', zh: '防护密闭门月度启闭', en: 'Blast doors operated monthly', intervalMonths: 1 },
  { code: 'fans_monthly', discipline: 'ventilation', zh: '风机每月运行1小时', en: 'Fans run 1 h monthly', intervalMonths: 1 },
  { code: 'filters_biennial', discipline: 'ventilation', zh: '过滤吸收器两年保养', en: 'Filter-absorbers serviced every 2 years', intervalMonths: 24 },
  { code: 'waterproofing_half_year', discipline: 'civil', zh: '防水每半年检查', en: 'Waterproofing checked every 6 months', intervalMonths: 6 },
  { code: 'water_quarterly', discipline: 'water', zh: '给排水季度检查', en: 'Water and drainage quarterly check', intervalMonths: 3 },
  { code: 'electrical_quarterly', discipline: 'electrical', zh: '电气季度检查', en: 'Electrical quarterly check', intervalMonths: 3 },
  { code: 'information_yearly', discipline: 'information', zh: '信息系统年度检查', en: 'Information systems yearly check', intervalMonths: 12 },
];

/** The default field inspection checklist (巡检) — typical findings from DOMAIN.md. */
export const INSPECTION_CHECKLIST = labels([
  { code: 'structure', zh: '墙体、顶板无穿孔、裂缝', en: 'No wall penetrations or cracks' },
  { code: 'leaks', zh: '无渗漏水', en: 'No leaks' },
  { code: 'blast_doors', zh: '防护密闭门完好、可启闭', en: 'Blast doors intact and operable' },
  { code: 'ventilation', zh: '通风、滤毒设备完好', en: 'Ventilation and filters intact' },
  { code: 'parts', zh: '无缺失、锈蚀部件', en: 'No missing or rusted parts' },
  { code: 'encroachment', zh: '无违规占用、改建', en: 'No encroachment or alteration' },
  { code: 'exits', zh: '出入口畅通', en: 'Exits unobstructed' },
  { code: 'signs', zh: '标识标牌齐全', en: 'Signs present' },
  { code: 'electrical', zh: '电气、照明正常', en: 'Electrical and lighting working' },
  { code: 'water', zh: '给排水正常', en: 'Water and drainage working' },
] as const);

/**
 * The same checklist codes named as the problem a finding reports (a rectification's category): the checklist
 * states what should hold ("无渗漏水"), a finding what does not ("渗漏水").
 */
export const FINDING_CATEGORIES = labels([
  { code: 'structure', zh: '墙体、顶板穿孔或裂缝', en: 'Wall penetrations or cracks' },
  { code: 'leaks', zh: '渗漏水', en: 'Leaks' },
  { code: 'blast_doors', zh: '防护密闭门损坏或不能启闭', en: 'Blast doors damaged or inoperable' },
  { code: 'ventilation', zh: '通风、滤毒设备故障', en: 'Ventilation or filters faulty' },
  { code: 'parts', zh: '部件缺失或锈蚀', en: 'Missing or rusted parts' },
  { code: 'encroachment', zh: '违规占用、改建', en: 'Encroachment or alteration' },
  { code: 'exits', zh: '出入口堵塞', en: 'Exits obstructed' },
  { code: 'signs', zh: '标识标牌缺失', en: 'Signs missing' },
  { code: 'electrical', zh: '电气、照明故障', en: 'Electrical or lighting fault' },
  { code: 'water', zh: '给排水故障', en: 'Water or drainage fault' },
] as const);

export const INSPECTION_RESULTS = ['ok', 'problem', 'na'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

/** 标识标牌 status per work. */
export const SIGN_STATUSES = labels([
  { code: 'complete', zh: '齐全', en: 'Complete' },
  { code: 'incomplete', zh: '不全', en: 'Incomplete' },
  { code: 'damaged', zh: '损坏', en: 'Damaged' },
  { code: 'missing', zh: '缺失', en: 'Missing' },
  { code: 'unknown', zh: '未核查', en: 'Not checked' },
] as const);
export type SignStatus = (typeof SIGN_STATUSES)[number]['code'];

/** Days a rectification (整改) gets when a finding does not name a deadline. */
export const DEFAULT_RECTIFICATION_DAYS = 30;

/** Archive document types (电子化归档). */
export const DOCUMENT_TYPES = labels([
  { code: 'drawing', zh: '竣工图纸', en: 'Drawings' },
  { code: 'acceptance_report', zh: '竣工验收报告', en: 'Acceptance report' },
  { code: 'permit', zh: '审批文件', en: 'Permit / approval' },
  { code: 'registration', zh: '使用登记证', en: 'Registration certificate' },
  { code: 'contract', zh: '使用合同', en: 'Use contract' },
  { code: 'inspection_photo', zh: '巡检照片', en: 'Inspection photo' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type DocumentType = (typeof DOCUMENT_TYPES)[number]['code'];

/** Peacetime use kinds a search can filter on. */
export const PEACETIME_USES = labels([
  { code: 'parking', zh: '停车', en: 'Parking' },
  { code: 'cooling', zh: '纳凉点', en: 'Cooling spot' },
  { code: 'ev', zh: '充电桩', en: 'EV charging' },
  { code: 'other', zh: '其他使用', en: 'Other use' },
] as const);
export type PeacetimeUseKind = (typeof PEACETIME_USES)[number]['code'];

/**
 * Decimals kept in coordinates of the public OGC collection: 3 decimals ≈ 100 m. Coordinates of works
 * are sensitive (DOMAIN.md); public works are found by their address, the point only places them on a map.
 */
export const PUBLIC_COORDINATE_DECIMALS = 3;

/** True for 早期人防工程. */
export function isEarlyWork(yearBuilt: number | null | undefined): boolean {
  return typeof yearBuilt === 'number' && yearBuilt <= EARLY_WORK_LAST_YEAR;
}

/** The date `months` after an ISO date (YYYY-MM-DD), clamped to the month's last day. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
