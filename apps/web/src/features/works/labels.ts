import {
  CHEMICAL_GRADES,
  CONSTRUCTION_FORMS,
  DOCUMENT_TYPES,
  ENTRANCE_KINDS,
  LIFECYCLE_STATES,
  MAINTENANCE_DISCIPLINES,
  PROTECTION_GRADES,
  SIGN_STATUSES,
  WORK_CLASSES,
  WORK_SUBTYPES,
  type Labelled,
} from '@civdef/domain';
import { useCallback, useMemo } from 'react';
import { useLanguage } from '../../i18n/LocaleProvider.tsx';

const ALL_SUBTYPES = Object.values(WORK_SUBTYPES).flat();

export const LISTS = {
  workClass: WORK_CLASSES,
  subtype: ALL_SUBTYPES,
  constructionForm: CONSTRUCTION_FORMS,
  protectionGrade: PROTECTION_GRADES,
  chemicalGrade: CHEMICAL_GRADES,
  lifecycleState: LIFECYCLE_STATES,
  entranceKind: ENTRANCE_KINDS,
  signStatus: SIGN_STATUSES,
  docType: DOCUMENT_TYPES,
  discipline: MAINTENANCE_DISCIPLINES,
} as const;

export type ListName = keyof typeof LISTS;

/** The label of a code in the console's language; unknown codes show as themselves. */
export function labelOf(list: readonly Labelled<string>[], code: string | null | undefined, lang: 'zh-CN' | 'en'): string {
  if (code === null || code === undefined || code === '') return '—';
  const item = list.find((i) => i.code === code);
  return item ? (lang === 'en' ? item.en : item.zh) : code;
}

/** `lbl('workClass', 'personnel')` → 人员掩蔽工程; `options('workClass')` → Select options. */
export function useLabels() {
  const { language } = useLanguage();
  const lbl = useCallback((list: ListName, code: string | null | undefined) => labelOf(LISTS[list], code, language), [language]);
  const options = useCallback(
    (list: ListName | readonly Labelled<string>[]) =>
      (typeof list === 'string' ? LISTS[list] : list).map((i) => ({ value: i.code, label: language === 'en' ? i.en : i.zh })),
    [language],
  );
  const num = useMemo(() => new Intl.NumberFormat(language === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 }), [language]);
  const fmt = useCallback((n: number | null | undefined) => (n === null || n === undefined ? '—' : num.format(n)), [num]);
  return { lbl, options, fmt, language };
}

/** Tag colours of the life-cycle states: terminal states grey, in use green, the build phases blue. */
export const STATE_COLORS: Record<string, string> = {
  approved: 'blue',
  under_construction: 'geekblue',
  quality_supervision: 'geekblue',
  acceptance_filed: 'cyan',
  registered: 'cyan',
  in_use: 'green',
  converting: 'volcano',
  demolished: 'default',
  scrapped: 'default',
};

export const SIGN_COLORS: Record<string, string> = {
  complete: 'green',
  incomplete: 'gold',
  damaged: 'orange',
  missing: 'red',
  unknown: 'default',
};
