/** Names of the command-and-response enumerations in the console's language (one list, in the domain package). */
import {
  COMMAND_LEVELS, COMMAND_POST_KINDS, COMMAND_ROLES, DISPATCH_STATES, DUTY_SHIFTS, EQUIPMENT_STATES, INCIDENT_KINDS, TEAM_CATEGORIES, TEAM_KINDS, VEHICLE_STATES,
} from '@civdef/domain';

type Named = ReadonlyArray<{ code: string; zh: string; en: string }>;
const labelIn = (list: Named) => (code: string, lang: string) => {
  const x = list.find((i) => i.code === code);
  return x ? (lang === 'en' ? x.en : x.zh) : code;
};

export const levelLabel = labelIn(COMMAND_LEVELS);
export const roleLabel = labelIn(COMMAND_ROLES);
export const shiftLabel = labelIn(DUTY_SHIFTS);
export const postKindLabel = labelIn(COMMAND_POST_KINDS);
export const vehicleStateLabel = labelIn(VEHICLE_STATES);
export const teamKindLabel = labelIn(TEAM_KINDS);
export const teamCategoryLabel = labelIn(TEAM_CATEGORIES);
export const equipmentStateLabel = labelIn(EQUIPMENT_STATES);
export const incidentKindLabel = labelIn(INCIDENT_KINDS);
export const dispatchStateLabel = labelIn(DISPATCH_STATES);

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
export const readinessColor = (v: number | null | undefined) => (v === null || v === undefined ? 'default' : v >= 90 ? 'green' : v >= 75 ? 'gold' : 'red');
