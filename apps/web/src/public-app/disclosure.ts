/**
 * 一公开 in the public app: the published 双随机 draws with each target's result, and the published enforcement
 * decisions. Only what the public routes answer (their presenters hold the whitelists); kept on the phone like every
 * other answer, so the page opens offline on what it last saw.
 */
import { fenToYuan } from '@civdef/domain';
import { getJson, type Fetched } from './data.ts';
import { h, t, getLang, type TextKey } from './dom.ts';
import type { PublicDecisions, PublicDraws } from './types.ts';

const state = {
  draws: null as Fetched<PublicDraws> | null,
  decisions: null as Fetched<PublicDecisions> | null,
  error: null as string | null,
};

const timeText = (iso: string | null) => (iso ? new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) : '');
const OUTCOME: Record<string, TextKey> = { compliant: 'outcomeCompliant', rectify: 'outcomeRectify', violation: 'outcomeViolation' };

export async function loadDisclosure(render: () => void): Promise<void> {
  try {
    [state.draws, state.decisions] = await Promise.all([
      getJson<PublicDraws>('/api/public/inspections?limit=20'), getJson<PublicDecisions>('/api/public/enforcement-decisions?limit=20'),
    ]);
    state.error = null;
  } catch {
    state.error = t('loadFailed');
  }
  render();
}

function drawCard(d: PublicDraws['items'][number]): HTMLElement {
  const byKey = new Map(d.results.map((r) => [r.target, r]));
  const names = new Map(d.targetNames.map((n) => [n.key, n]));
  return h('li', { class: 'card' },
    h('h4', {}, d.title),
    h('p', { class: 'meta' }, t('disclosureDrawMeta', { targets: d.result?.targets.length ?? 0, time: timeText(d.publishedAt) })),
    d.beaconSource && d.beacon ? h('p', { class: 'meta' }, t('disclosureBeacon', { source: d.beaconSource, value: d.beacon })) : null,
    d.redrawOf !== null ? h('p', { class: 'meta' }, t('disclosureRedraw', { id: d.redrawOf, reason: d.redrawReason ?? '' })) : null,
    h('ul', { class: 'results' }, ...(d.result?.targets ?? []).map((key) => {
      const r = byKey.get(key);
      const n = names.get(key);
      return h('li', {},
        h('p', {}, h('strong', {}, n?.name ?? key), r ? ` · ${t(OUTCOME[r.outcome] ?? 'outcomeCompliant')}` : ''),
        n?.party && n.party !== n.name ? h('p', { class: 'meta' }, t('disclosureParty', { party: n.party })) : null,
        r ? h('p', {}, r.findings) : h('p', { class: 'meta' }, t('disclosureNoResult')),
        r?.rectification ? h('p', { class: 'meta' }, t('disclosureRectification', { text: r.rectification })) : null);
    })),
    h('p', { class: 'meta' }, h('a', { href: `/api/public/inspections/${d.id}`, target: '_blank', rel: 'noopener' }, t('disclosureVerify'))),
  );
}

function decisionCard(d: PublicDecisions['items'][number]): HTMLElement {
  const what = d.outcome === 'fine' ? t('decisionFine', { amount: fenToYuan(d.amountFen ?? 0) }) : d.outcome === 'warning' ? t('decisionWarning') : t('decisionNone');
  return h('li', { class: 'card' },
    h('h4', {}, d.title),
    h('p', {}, h('strong', {}, d.party), ` · ${what}`),
    h('p', { class: 'meta' }, t('decisionMeta', { no: d.decisionNo ?? d.caseNo, date: d.decidedOn ?? '', basis: d.basis ?? '' })),
  );
}

export function disclosureView(): HTMLElement {
  const draws = state.draws?.data.items ?? [];
  const decisions = state.decisions?.data.items ?? [];
  return h('section', { 'aria-labelledby': 'disclosure-h' },
    h('h2', { id: 'disclosure-h' }, t('disclosureHeading')),
    h('p', { class: 'note' }, t('disclosureIntro')),
    state.error ? h('p', { class: 'note offline', role: 'alert' }, state.error) : null,
    state.draws?.offline ? h('p', { class: 'note offline' }, t('offline', { time: timeText(new Date(state.draws.at).toISOString()) })) : null,
    h('h3', {}, t('disclosureDraws')),
    draws.length ? h('ul', { class: 'cards', 'data-testid': 'disclosure-draws' }, ...draws.map(drawCard)) : h('p', {}, state.draws ? t('disclosureNone') : t('loading')),
    h('h3', {}, t('disclosureDecisions')),
    decisions.length ? h('ul', { class: 'cards', 'data-testid': 'disclosure-decisions' }, ...decisions.map(decisionCard)) : h('p', {}, state.decisions ? t('disclosureNone') : t('loading')),
  );
}
