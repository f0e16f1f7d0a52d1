import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/LocaleProvider.tsx';
import { ruleViolationAt, type FieldPath, type FormValues } from '../workForm.ts';

/** Form rules shared by the work form's sections. */
export function useFormRules() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return {
    req: (field: string): Rule => ({ required: true, message: t('works.form.required', { field }) }),
    /**
     * The cross-field rule (from the domain package: the server's own) that names the field at `path`, with
     * the server's words, so the form refuses before sending what the server would refuse.
     */
    workRule: (path: FieldPath): Rule => (form) => ({
      validator: async () => {
        const broken = ruleViolationAt(form.getFieldsValue(true) as FormValues, path);
        if (broken) throw new Error(language === 'en' ? broken.en : broken.zh);
      },
    }),
  };
}

/** Props of an area input (m²): the server's bounds, two decimals. */
export const AREA_INPUT = { min: 0, max: 10_000_000, precision: 2, style: { width: '100%' } } as const;
