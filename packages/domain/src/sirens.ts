/** 防空警报器: kinds and rated sound output. Rated levels are planning defaults (verify per model). */
export const SIREN_KINDS = [
  { code: 'motor', zh: '电动警报器', en: 'Motor siren' },
  { code: 'electronic', zh: '电声警报器', en: 'Electro-acoustic siren' },
  { code: 'multimedia', zh: '多媒体警报器', en: 'Multimedia siren' },
  { code: 'vehicle', zh: '车载警报器', en: 'Vehicle-mounted siren' },
  { code: 'portable', zh: '便携式警报器', en: 'Portable siren' },
  { code: 'manual', zh: '手摇警报器', en: 'Hand-cranked siren' },
] as const;
export type SirenKind = (typeof SIREN_KINDS)[number]['code'];
export const SIREN_KIND_CODES = SIREN_KINDS.map((k) => k.code) as SirenKind[];

/**
 * What a siren is doing. `sounding` is set while a command plays; `fault` while a fault ticket is open;
 * `maintenance` by its maintainers; `online`/`offline` from its terminal (or by hand for manual sirens).
 */
export const SIREN_STATUSES = [
  { code: 'online', zh: '在线', en: 'Online' },
  { code: 'offline', zh: '离线', en: 'Offline' },
  { code: 'sounding', zh: '鸣响中', en: 'Sounding' },
  { code: 'fault', zh: '故障', en: 'Fault' },
  { code: 'maintenance', zh: '维护中', en: 'Maintenance' },
] as const;
export type SirenStatus = (typeof SIREN_STATUSES)[number]['code'];
export const SIREN_STATUS_CODES = SIREN_STATUSES.map((s) => s.code) as SirenStatus[];

/** How a siren is controlled: over the network (MQTT terminal) or only by someone on site. */
export const SIREN_CONTROL_CHANNELS = [
  { code: 'mqtt', zh: '网络遥控', en: 'Remote (MQTT)' },
  { code: 'manual', zh: '现场手动', en: 'Manual on site' },
] as const;
export type SirenControlChannel = (typeof SIREN_CONTROL_CHANNELS)[number]['code'];

/**
 * Rated output per kind when a record does not give its own: rated power, sound level at the reference distance.
 * These are planning defaults, not measurements: the installation may replace them (configuration
 * `SIREN_KIND_DEFAULTS`), and each names where it comes from so nobody mistakes it for a datasheet value.
 */
export interface SirenKindDefault {
  ratedPowerW: number;
  ratedLevelDb: number;
  referenceDistanceM: number;
  source: string;
}
const PLANNING = '平台规划默认值，依防空警报器常见功率等级，须以产品技术参数核实 (civdef planning default; verify against the datasheet)';
export const SIREN_KIND_DEFAULTS: Record<SirenKind, SirenKindDefault> = {
  motor: { ratedPowerW: 7_500, ratedLevelDb: 118, referenceDistanceM: 30, source: `${PLANNING}: 7.5 kW 电动` },
  electronic: { ratedPowerW: 1_200, ratedLevelDb: 114, referenceDistanceM: 30, source: `${PLANNING}: 1200 W 电声` },
  multimedia: { ratedPowerW: 1_200, ratedLevelDb: 114, referenceDistanceM: 30, source: `${PLANNING}: 1200 W 多媒体` },
  vehicle: { ratedPowerW: 300, ratedLevelDb: 108, referenceDistanceM: 30, source: `${PLANNING}: 约 300 W 车载` },
  portable: { ratedPowerW: 100, ratedLevelDb: 100, referenceDistanceM: 30, source: `${PLANNING}: 便携式` },
  manual: { ratedPowerW: 0, ratedLevelDb: 98, referenceDistanceM: 30, source: `${PLANNING}: 手摇` },
};

/**
 * Fault tickets (故障工单) from report to repair. A ticket is overdue while it is open past its deadline.
 * `reported` → `repairing` → `repaired`; `reported`/`repairing` → `cancelled` (a false report).
 */
export const SIREN_FAULT_STATES = [
  { code: 'reported', zh: '已报修', en: 'Reported' },
  { code: 'repairing', zh: '维修中', en: 'Being repaired' },
  { code: 'repaired', zh: '已修复', en: 'Repaired' },
  { code: 'cancelled', zh: '已撤销', en: 'Cancelled' },
] as const;
export type SirenFaultState = (typeof SIREN_FAULT_STATES)[number]['code'];
export const SIREN_FAULT_TRANSITIONS: Record<SirenFaultState, readonly SirenFaultState[]> = {
  reported: ['repairing', 'repaired', 'cancelled'],
  repairing: ['repaired', 'cancelled'],
  repaired: [],
  cancelled: [],
};
export const SIREN_FAULT_OPEN: readonly SirenFaultState[] = ['reported', 'repairing'];
/** Days a maintainer has to repair a reported fault unless the report sets its own deadline. */
export const SIREN_FAULT_DEFAULT_DAYS = 7;

export const SIREN_FAULT_CATEGORIES = [
  { code: 'no_sound', zh: '不响', en: 'Does not sound' },
  { code: 'weak_sound', zh: '声音弱', en: 'Weak sound' },
  { code: 'power', zh: '供电故障', en: 'Power supply' },
  { code: 'communication', zh: '通信故障', en: 'Communication' },
  { code: 'mechanical', zh: '机械损坏', en: 'Mechanical damage' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const;
export type SirenFaultCategory = (typeof SIREN_FAULT_CATEGORIES)[number]['code'];

/**
 * Signal programs (警报信号). The national air-defence signals (DOMAIN.md): 预先警报 36 s on / 24 s off × 3,
 * 空袭警报 6 s on / 6 s off × 15, 解除警报 3 min continuous. Disaster signals vary by province and belong to
 * configuration; these are the national defaults.
 */
export interface SignalProgram {
  code: string;
  zh: string;
  en: string;
  onS: number;
  offS: number;
  repeat: number;
}
export const SIGNAL_PROGRAMS = [
  { code: 'preliminary', zh: '预先警报', en: 'Preliminary warning', onS: 36, offS: 24, repeat: 3 },
  { code: 'air_raid', zh: '空袭警报', en: 'Air-raid warning', onS: 6, offS: 6, repeat: 15 },
  { code: 'all_clear', zh: '解除警报', en: 'All clear', onS: 180, offS: 0, repeat: 1 },
] as const satisfies readonly SignalProgram[];
export type SignalProgramCode = (typeof SIGNAL_PROGRAMS)[number]['code'];
export const SIGNAL_PROGRAM_CODES = SIGNAL_PROGRAMS.map((p) => p.code) as SignalProgramCode[];

/** How long a program plays, in seconds (the last off phase is not part of it). */
export function programDurationS(p: Pick<SignalProgram, 'onS' | 'offS' | 'repeat'>): number {
  return p.repeat * p.onS + (p.repeat - 1) * p.offS;
}

/** Commands a siren terminal obeys. */
export const SIREN_COMMAND_ACTIONS = [
  { code: 'sound', zh: '鸣放', en: 'Sound' },
  { code: 'stop', zh: '停止', en: 'Stop' },
  { code: 'self_test', zh: '自检', en: 'Self-test' },
] as const;
export type SirenCommandAction = (typeof SIREN_COMMAND_ACTIONS)[number]['code'];

/**
 * Per-siren delivery of a command: `pending` (written, not sent) → `sent` → `accepted` (the terminal verified and
 * started it) → `finished`; or `rejected` (the terminal refused it, with its reason), `failed` (no answer after
 * every retry), `skipped` (the siren has no remote terminal: someone must go there).
 */
export const SIREN_DELIVERY_STATES = [
  { code: 'pending', zh: '待发送', en: 'Pending' },
  { code: 'sent', zh: '已发送', en: 'Sent' },
  { code: 'accepted', zh: '已执行', en: 'Accepted' },
  { code: 'finished', zh: '已完成', en: 'Finished' },
  { code: 'rejected', zh: '被拒绝', en: 'Rejected' },
  { code: 'failed', zh: '无响应', en: 'No answer' },
  { code: 'skipped', zh: '无遥控终端', en: 'No remote terminal' },
] as const;
export type SirenDeliveryState = (typeof SIREN_DELIVERY_STATES)[number]['code'];

/**
 * The reasons the platform itself records on a delivery, stored in both languages at once ("zh en"), the Chinese first:
 * one column serves the Chinese report and the English console, which shows the part in its language.
 */
export const DELIVERY_REASONS = {
  /** A siren without a remote terminal: its delivery is `skipped`. */
  noTerminal: '无遥控终端，须现场操作 no remote terminal: operate on site',
  /** Every send of a command to a terminal went unanswered: its delivery is `failed`. */
  noAnswer: (sends: number) => `${sends} 次发送均无应答 no answer after ${sends} sends`,
} as const;
