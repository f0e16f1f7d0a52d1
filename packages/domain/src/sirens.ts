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

export const SIREN_STATUSES = [
  { code: 'online', zh: '在线', en: 'Online' },
  { code: 'offline', zh: '离线', en: 'Offline' },
  { code: 'fault', zh: '故障', en: 'Fault' },
  { code: 'maintenance', zh: '维护中', en: 'Maintenance' },
] as const;
export type SirenStatus = (typeof SIREN_STATUSES)[number]['code'];
