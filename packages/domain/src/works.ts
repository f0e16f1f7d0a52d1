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

export const TRANSITIONS_NEEDING_APPROVAL: readonly LifecycleState[] = ['demolished', 'scrapped'];

export function canTransition(from: LifecycleState, to: LifecycleState): boolean {
  return LIFECYCLE_TRANSITIONS[from].includes(to);
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
