/** Domain labels in the console's language. */
import { SIGNAL_PROGRAMS, SIREN_FAULT_CATEGORIES, SIREN_FAULT_STATES, SIREN_KINDS, SIREN_STATUSES } from '@civdef/domain';

type Labelled = ReadonlyArray<{ code: string; zh: string; en: string }>;
export const labelOf = (items: Labelled, code: string, lang: string) => {
  const item = items.find((i) => i.code === code);
  return item ? (lang.startsWith('en') ? item.en : item.zh) : code;
};
export const kindLabel = (c: string, lang: string) => labelOf(SIREN_KINDS, c, lang);
export const statusLabel = (c: string, lang: string) => labelOf(SIREN_STATUSES, c, lang);
export const faultStateLabel = (c: string, lang: string) => labelOf(SIREN_FAULT_STATES, c, lang);
export const faultCategoryLabel = (c: string, lang: string) => labelOf(SIREN_FAULT_CATEGORIES, c, lang);
export const programLabel = (c: string, lang: string) => labelOf(SIGNAL_PROGRAMS, c, lang);

export const STATUS_COLOR: Record<string, string> = { online: 'green', offline: 'default', sounding: 'volcano', fault: 'red', maintenance: 'gold' };
/** Delivery states in the order a siren goes through them, the ones that end badly last (the live view's counts). */
export const DELIVERY_ORDER = ['pending', 'sent', 'accepted', 'finished', 'skipped', 'rejected', 'failed'] as const;
export const DELIVERY_COLOR: Record<string, string> = {
  pending: 'default', sent: 'processing', accepted: 'volcano', finished: 'green', rejected: 'red', failed: 'red', skipped: 'gold',
};
