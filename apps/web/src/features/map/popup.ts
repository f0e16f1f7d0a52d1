import { LIFECYCLE_STATES, SIREN_KINDS, SIREN_STATUSES, WORK_CLASSES } from '@civdef/domain';
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n/index.ts';

type Row = [label: string, value: string];

function label(list: readonly { code: string; zh: string; en: string }[], code: unknown, lang: Language): string {
  const item = list.find((i) => i.code === code);
  if (!item) return String(code ?? '—');
  return lang === 'en' ? item.en : item.zh;
}

/**
 * Popup content as DOM nodes built with textContent: names come from imported data, so never innerHTML.
 */
export function popupContent(title: string, rows: Row[], kind: 'work' | 'siren' | 'vehicle', link?: { text: string; onOpen: () => void }): HTMLElement {
  const root = document.createElement('div');
  root.className = `map-popup map-popup-${kind}`;
  const h = document.createElement('div');
  h.className = 'map-popup-title';
  h.textContent = title;
  root.appendChild(h);
  const table = document.createElement('table');
  for (const [k, v] of rows) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = k;
    const td = document.createElement('td');
    td.textContent = v;
    tr.append(th, td);
    table.appendChild(tr);
  }
  root.appendChild(table);
  if (link) {
    const a = document.createElement('a');
    a.className = 'map-popup-link';
    a.href = '#';
    a.textContent = link.text;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      link.onOpen();
    });
    root.appendChild(a);
  }
  return root;
}

export function workRows(p: Record<string, unknown>, t: TFunction, lang: Language, regionName: (code: string) => string): Row[] {
  const places = typeof p.shelterPlaces === 'number' ? p.shelterPlaces.toLocaleString(lang) : '—';
  return [
    [t('map.field.code'), String(p.code ?? '—')],
    [t('map.field.workClass'), label(WORK_CLASSES, p.workClass, lang)],
    [t('map.field.lifecycleState'), label(LIFECYCLE_STATES, p.lifecycleState, lang)],
    [t('map.field.region'), regionName(String(p.regionCode ?? ''))],
    [t('map.field.shelterPlaces'), p.usable === false ? t('map.notUsable', { places }) : places],
    [t('map.field.isPublic'), p.isPublic === true || p.isPublic === 'true' ? t('common.yes') : t('common.no')],
  ];
}

export function sirenRows(p: Record<string, unknown>, t: TFunction, lang: Language, regionName: (code: string) => string): Row[] {
  return [
    [t('map.field.code'), String(p.code ?? '—')],
    [t('map.field.kind'), label(SIREN_KINDS, p.kind, lang)],
    [t('map.field.status'), label(SIREN_STATUSES, p.status, lang)],
    [t('map.field.region'), regionName(String(p.regionCode ?? ''))],
  ];
}
