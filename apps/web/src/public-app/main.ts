/**
 * The public app (公众端): a phone-first page with no sign-in and none of the console's code. Plain DOM and a few
 * kilobytes of its own; MapLibre is loaded only when the map is first shown. Every answer it gets is kept on the
 * phone, so that with no network it opens on the last nearest shelters, places and alerts it saw (the service
 * worker in /m/sw.js keeps the page itself).
 */
import { chinaMinuteOfDay, isOpenAt, pointInRing, SIGNAL_PROGRAMS, programDurationS } from '@civdef/domain';
import { getJson, lastNearest, saveLastNearest, type Fetched } from './data.ts';
import { h, t, getLang, setLang } from './dom.ts';
import { showMap, type MapHandle } from './map.ts';
import { disclosureView, loadDisclosure } from './disclosure.ts';
import { renderLearn } from './quiz.ts';
import { alertsFromStatic, nearestFromStatic, shelterFromStatic, staticAvailable } from './static.ts';
import type { Alert, NearestAnswer, PlacesAnswer, Shelter, ShelterDetail } from './types.ts';
import './public-app.css';

type View = 'shelter' | 'places' | 'alerts' | 'learn' | 'disclosure';
const VIEWS: readonly string[] = ['shelter', 'places', 'alerts', 'learn', 'disclosure'];
type PlaceKind = 'parking' | 'cooling' | 'ev';

const POLL_SECONDS = 15;

const state = {
  view: (location.hash.replace('#', '') as View) || 'shelter',
  origin: null as [number, number] | null,
  nearest: null as Fetched<NearestAnswer> | null,
  nearestError: null as string | null,
  /** Shelters opened on their card: every entrance, fetched from the detail when opened (kept like every answer). */
  details: new Map<number, Fetched<ShelterDetail> | 'loading' | 'failed'>(),
  locating: false,
  locateError: null as string | null,
  alerts: [] as Alert[],
  alertsOffline: false,
  stream: 'connecting' as 'connecting' | 'live' | 'polling',
  placeKind: 'parking' as PlaceKind,
  placeQuery: '',
  /** Only places open now (parking and charging by the garage's hours, cooling spots in season). */
  openNow: false,
  places: null as Fetched<PlacesAnswer> | null,
  placesError: null as string | null,
};
if (!VIEWS.includes(state.view)) state.view = 'shelter';

/** The alert in force: the newest message, when it is an alert (an all-clear or a cancel is an Update after it). */
const activeAlert = () => (state.alerts[0]?.msgType === 'Alert' ? state.alerts[0] : null);

const timeText = (ms: number) => new Date(ms).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });

// ---------------------------------------------------------------------------------------------------------------
// Data

async function loadNearest(): Promise<void> {
  if (!state.origin) return;
  const [lng, lat] = state.origin;
  const mode = activeAlert() ? 'alert' : 'normal';
  try {
    // The static export first when it is served here (a CDN takes the load), the API otherwise.
    const fromStatic = (await staticAvailable()) ? await nearestFromStatic([lng, lat], mode) : null;
    state.nearest = fromStatic
      ? { data: fromStatic, offline: false, at: Date.now() }
      : await getJson<NearestAnswer>(`/api/public/shelters/nearest?lng=${lng.toFixed(5)}&lat=${lat.toFixed(5)}&limit=5&mode=${mode}`);
    state.nearestError = null;
    if (!state.nearest.offline) saveLastNearest(state.origin, state.nearest);
  } catch {
    state.nearestError = t('loadFailed');
  }
  render();
}

function locate(): void {
  if (!navigator.geolocation) {
    state.locateError = t('locateFailed', { reason: 'GPS' });
    render();
    return;
  }
  state.locating = true;
  state.locateError = null;
  render();
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      state.locating = false;
      state.origin = [pos.coords.longitude, pos.coords.latitude];
      void loadNearest();
    },
    (err) => {
      state.locating = false;
      state.locateError = t('locateFailed', { reason: err.message || String(err.code) });
      render();
    },
    { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
  );
}

async function loadPlaces(): Promise<void> {
  const params = new URLSearchParams({ kind: state.placeKind, limit: '20' });
  if (state.placeQuery.trim()) params.set('q', state.placeQuery.trim());
  if (state.openNow) params.set('open', 'true');
  if (state.origin) {
    params.set('lng', state.origin[0].toFixed(5));
    params.set('lat', state.origin[1].toFixed(5));
  }
  try {
    state.places = await getJson<PlacesAnswer>(`/api/public/places?${params}`);
    state.placesError = null;
  } catch {
    state.placesError = t('loadFailed');
  }
  render();
}

function takeAlerts(items: Alert[], offline: boolean): void {
  const before = activeAlert()?.identifier ?? null;
  state.alerts = items;
  state.alertsOffline = offline;
  // A new alert switches the nearest answer to alert mode (and back after the all-clear).
  if ((activeAlert()?.identifier ?? null) !== before && state.origin) void loadNearest();
  render();
}

async function pollAlerts(): Promise<void> {
  try {
    const r = await getJson<{ items: Alert[] }>('/api/public/alerts?limit=20');
    takeAlerts(r.data.items, r.offline);
  } catch {
    // The API does not answer and nothing is stored: the static export's snapshot, when one is served here.
    const items = await alertsFromStatic();
    // Otherwise the page says there is no alert it knows of.
    if (items) takeAlerts(items, true);
  }
}

/** Server-sent events first; when the stream fails, polling every POLL_SECONDS, and the stream is tried again. */
function connectAlerts(): void {
  if (typeof EventSource === 'undefined') {
    state.stream = 'polling';
    setInterval(() => void pollAlerts(), POLL_SECONDS * 1000);
    return;
  }
  const es = new EventSource('/api/public/alerts/stream');
  let poller: number | null = null;
  es.addEventListener('open', () => {
    state.stream = 'live';
    if (poller !== null) clearInterval(poller);
    poller = null;
    render();
  });
  es.addEventListener('alert', (e) => {
    const alert = JSON.parse((e as MessageEvent<string>).data) as Alert;
    if (state.alerts.some((a) => a.identifier === alert.identifier)) return;
    takeAlerts([alert, ...state.alerts].slice(0, 50), false);
  });
  es.addEventListener('error', () => {
    if (state.stream !== 'polling') {
      state.stream = 'polling';
      render();
    }
    poller ??= window.setInterval(() => void pollAlerts(), POLL_SECONDS * 1000);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Views

let map: MapHandle | null = null;
const mapBox = h('div', { class: 'map', role: 'region', 'aria-label': t('mapLabel') });

function offlineNote<T>(f: Fetched<T> | null): HTMLElement | null {
  return f?.offline ? h('p', { class: 'note offline', role: 'status' }, t('offline', { time: timeText(f.at) })) : null;
}

function shelterCard(s: Shelter, answer: NearestAnswer): HTMLElement {
  const state = s.openState === 'open' ? t('openNow') : t('opensOnAlert');
  const fits = answer.mode === 'alert' && s.fitsWarning !== null
    ? h('p', { class: s.fitsWarning ? 'fits' : 'too-far' }, s.fitsWarning
      ? t('fitsWarning', { minutes: answer.warningMinutes ?? '' })
      : t('notFitsWarning', { minutes: answer.warningMinutes ?? '' }))
    : null;
  return h('li', { class: 'card' },
    h('h3', {}, s.name),
    h('p', { class: 'walk' }, t('walk', { minutes: s.walkMinutes ?? '', meters: s.walkM ?? '' })),
    s.hint ? h('p', {}, getLang() === 'en' ? s.hint.en : s.hint.zh) : null,
    fits,
    h('p', { class: 'meta' }, [s.address, s.district].filter(Boolean).join(' · ')),
    h('p', { class: 'meta' }, [state, s.shelterOpen ? t('capacity', { count: s.capacity }) : t('notForShelter'), t('entrances', { count: s.entranceCount })].join(' · ')),
    h('button', { type: 'button', class: 'link', onclick: () => map?.focus(s) }, t('showOnMap')),
    s.entranceCount > 1 ? entranceList(s) : null,
  );
}

/** The shelter's entrances, from its detail: asked for when the person opens them, not carried in every answer. */
function entranceList(s: Shelter): HTMLElement {
  const detail = state.details.get(s.id);
  const open = detail !== undefined;
  const toggle = () => {
    if (open) {
      state.details.delete(s.id);
      render();
      return;
    }
    const fromTile = shelterFromStatic(s.id);
    if (fromTile) {
      state.details.set(s.id, { data: fromTile, offline: false, at: Date.now() });
      render();
      return;
    }
    state.details.set(s.id, 'loading');
    render();
    void getJson<ShelterDetail>(`/api/public/shelters/${s.id}`)
      // Closed again before the answer came: it stays closed.
      .catch(() => 'failed' as const)
      .then((d) => {
        if (state.details.get(s.id) !== 'loading') return;
        state.details.set(s.id, d);
        render();
      });
  };
  const nearest = (e: ShelterDetail['entrances'][number]) => s.entrance !== null && e.location[0] === s.entrance.location[0] && e.location[1] === s.entrance.location[1];
  let body: HTMLElement | null = null;
  if (detail === 'loading') body = h('p', { class: 'note', role: 'status' }, t('loading'));
  else if (detail === 'failed') body = h('p', { class: 'error', role: 'alert' }, t('loadFailed'));
  else if (detail) {
    body = h('ul', { class: 'entrances', id: `entrances-${s.id}` }, ...detail.data.entrances.map((e) => h('li', {},
      getLang() === 'en' ? e.nameEn : e.nameZh, nearest(e) ? ` (${t('nearestEntrance')})` : '')));
  }
  return h('div', {},
    h('button', { type: 'button', class: 'link', 'aria-expanded': String(open), 'aria-controls': `entrances-${s.id}`, onclick: toggle }, t('showEntrances')),
    body);
}

function shelterView(): HTMLElement {
  const answer = state.nearest?.data ?? null;
  const view = h('section', { 'aria-labelledby': 'shelter-h' },
    h('h2', { id: 'shelter-h' }, t('nearestHeading')),
    h('button', { type: 'button', class: 'primary', onclick: locate, disabled: state.locating }, state.locating ? t('locating') : t('findNearest')),
    h('p', { class: 'note' }, t('tapMapHint')),
    state.locateError ? h('p', { class: 'error', role: 'alert' }, state.locateError) : null,
    mapBox,
    offlineNote(state.nearest),
    answer?.mode === 'alert' ? h('p', { class: 'alert-mode' }, t('alertMode')) : null,
    state.nearestError ? h('p', { class: 'error', role: 'alert' }, state.nearestError, ' ', h('button', { type: 'button', class: 'link', onclick: () => void loadNearest() }, t('retry'))) : null,
    answer ? (answer.items.length
      ? h('ol', { class: 'cards', 'aria-label': t('nearestHeading') }, ...answer.items.map((s) => shelterCard(s, answer)))
      : h('p', {}, t('nearestEmpty'))) : null,
  );
  void showMap(mapBox, {
    origin: state.origin,
    shelters: answer?.items ?? [],
    alertArea: activeAlert()?.polygon ?? null,
    onPick: (p) => {
      state.origin = p;
      void loadNearest();
    },
  }).then((m) => (map = m)).catch(() => undefined);
  return view;
}

/** A garage's hours and whether it is open at this minute (judged here, so a cached answer still tells the truth). */
function hoursLine(hours: string | null): string {
  if (!hours) return t('hoursUnknown');
  const open = isOpenAt(hours, chinaMinuteOfDay(new Date()));
  const text = hours === '00:00-24:00' ? t('hoursAllDay') : t('hours', { hours });
  return open === null ? text : `${text} · ${open ? t('garageOpen') : t('closedNow')}`;
}

function placeCard(p: PlacesAnswer['items'][number]): HTMLElement {
  const lines: Array<string | null> = [[p.address, p.district].filter(Boolean).join(' · ')];
  if (p.distanceM !== null) lines.push(t('distance', { meters: p.distanceM }));
  if (state.placeKind === 'parking' && p.parking) {
    lines.push(t('parkingSpaces', { total: p.parking.totalSpaces ?? '—', public: p.parking.publicSpaces ?? '—' }));
    if (p.parking.feePerHourYuan !== null) lines.push(t('parkingFee', { fee: p.parking.feePerHourYuan }));
  }
  if ((state.placeKind === 'parking' || state.placeKind === 'ev') && p.parking) lines.push(hoursLine(p.parking.hours));
  if (state.placeKind === 'cooling' && p.cooling) {
    lines.push(`${p.cooling.inSeason ? t('coolingInSeason') : t('coolingOutOfSeason')} · ${t('coolingSeason', { start: p.cooling.seasonStart, end: p.cooling.seasonEnd, hours: p.cooling.hours })}`);
    lines.push(t('coolingCapacity', { count: p.cooling.capacity }));
    if (p.cooling.facilities.length) lines.push(t('coolingFacilities', { list: p.cooling.facilities.join(getLang() === 'en' ? ', ' : '、') }));
  }
  if (state.placeKind === 'ev' && p.evChargers !== null) lines.push(t('evChargers', { count: p.evChargers }));
  return h('li', { class: 'card' }, h('h3', {}, p.name), ...lines.filter(Boolean).map((l) => h('p', { class: 'meta' }, l!)));
}

function placesView(): HTMLElement {
  const kinds: Array<[PlaceKind, string]> = [['parking', t('kindParking')], ['cooling', t('kindCooling')], ['ev', t('kindEv')]];
  const input = h('input', { id: 'q', type: 'search', value: state.placeQuery, placeholder: t('searchPlaceholder'), autocomplete: 'off' }) as HTMLInputElement;
  const answer = state.places?.data ?? null;
  return h('section', { 'aria-labelledby': 'places-h' },
    h('h2', { id: 'places-h' }, t('placesHeading')),
    h('div', { class: 'segmented', role: 'group', 'aria-label': t('kindLabel') },
      ...kinds.map(([k, label]) => h('button', {
        type: 'button', 'aria-pressed': String(state.placeKind === k), onclick: () => {
          state.placeKind = k;
          void loadPlaces();
        },
      }, label))),
    h('form', { class: 'search', role: 'search', onsubmit: (e: Event) => {
      e.preventDefault();
      state.placeQuery = input.value;
      void loadPlaces();
    } }, h('label', { for: 'q' }, t('searchLabel')), input, h('button', { type: 'submit' }, t('search'))),
    h('div', { class: 'option' },
      h('input', { id: 'open-now', type: 'checkbox', checked: state.openNow, onchange: (e: Event) => {
        state.openNow = (e.target as HTMLInputElement).checked;
        void loadPlaces().then(() => document.getElementById('open-now')?.focus());
      } }),
      h('label', { for: 'open-now' }, state.placeKind === 'cooling' ? t('openNowFilterCooling') : t('openNowFilter'))),
    offlineNote(state.places),
    state.placesError ? h('p', { class: 'error', role: 'alert' }, state.placesError) : null,
    answer ? (answer.items.length ? h('ul', { class: 'cards' }, ...answer.items.map(placeCard)) : h('p', {}, t('placesEmpty'))) : h('p', {}, t('loading')),
  );
}

function signalText(event: string): string | null {
  const p = SIGNAL_PROGRAMS.find((x) => x.zh === event || x.en === event);
  if (!p) return null;
  const name = getLang() === 'en' ? p.en : p.zh;
  const minutes = Math.round(programDurationS(p) / 60);
  return p.offS === 0 ? t('signalContinuous', { name, minutes }) : t('signalCycle', { name, on: p.onS, off: p.offS, repeat: p.repeat, minutes });
}

function whatToDo(event: string): string {
  const p = SIGNAL_PROGRAMS.find((x) => x.zh === event || x.en === event);
  if (p?.code === 'preliminary') return t('doPreliminary');
  if (p?.code === 'all_clear') return t('doAllClear');
  return t('doAirRaid');
}

const statusWord = (a: Alert) => (a.status === 'Exercise' ? t('exercise') : a.status === 'Test' ? t('test') : '');
/** The mark an exercise or test carries beside its headline, unless the headline already begins with it (演习：…). */
const statusMark = (a: Alert) => {
  const word = statusWord(a);
  return word && !a.headline.startsWith(word) ? `（${word}）` : '';
};

function alertsView(): HTMLElement {
  const active = activeAlert();
  const newest = state.alerts[0];
  return h('section', { 'aria-labelledby': 'alerts-h' },
    h('h2', { id: 'alerts-h' }, t('alertsHeading')),
    h('p', { class: 'note', role: 'status' }, state.stream === 'live' ? t('live') : state.stream === 'polling' ? t('polling', { seconds: POLL_SECONDS }) : t('loading')),
    state.alertsOffline ? h('p', { class: 'note offline' }, t('offline', { time: '' })) : null,
    active
      ? h('article', { class: 'card danger' },
        h('h3', {}, `${t('activeAlert')}${statusMark(active)}：${active.headline}`),
        h('p', { class: 'meta' }, `${t('alertArea')}：${active.areaDesc} · ${timeText(Date.parse(active.sent))}`),
        whereYouAre(active),
        h('p', {}, getLang() === 'en' && active.descriptionEn ? active.descriptionEn : active.description),
        active.instruction ? h('p', {}, active.instruction) : null,
        h('h4', {}, t('signalMeaning')), h('p', {}, signalText(active.event) ?? active.event),
        h('h4', {}, t('whatToDo')), h('p', {}, whatToDo(active.event)))
      : h('article', { class: 'card' },
        h('h3', {}, newest ? `${t('allClear')}${statusWord(newest) ? `（${statusWord(newest)}）` : ''}` : t('noActiveAlert')),
        // Where and when the last word was given, so a reader knows the all-clear is for their area and current.
        newest ? h('p', { class: 'meta' }, `${newest.areaDesc} · ${timeText(Date.parse(newest.sent))}`) : null,
        newest ? h('p', {}, signalText(newest.event) ?? '') : null,
        newest ? h('p', {}, whatToDo(newest.event)) : null),
    h('h3', {}, t('history')),
    state.alerts.length
      ? h('ul', { class: 'cards' }, ...state.alerts.map((a) => h('li', { class: 'card' },
        h('p', {}, h('strong', {}, a.headline), statusWord(a) ? ` · ${statusWord(a)}` : ''),
        h('p', { class: 'meta' }, `${a.event} · ${a.areaDesc} · ${timeText(Date.parse(a.sent))}`))))
      : h('p', {}, t('historyEmpty')),
  );
}

/**
 * For an alert of a drawn area, whether the person's point (GPS or tapped on the map) is inside it: the zone alert's
 * question, answered on the phone from the public feed's ring.
 */
function whereYouAre(a: Alert): HTMLElement | null {
  if (!a.polygon || !state.origin) return null;
  return pointInRing(state.origin, a.polygon)
    ? h('p', { class: 'too-far', 'data-testid': 'in-area' }, t('inAlertArea'))
    : h('p', { class: 'meta', 'data-testid': 'in-area' }, t('outsideAlertArea'));
}

function banner(): HTMLElement | null {
  const a = activeAlert();
  if (!a) return null;
  return h('div', { class: 'banner', role: 'alert' }, h('a', { href: '#alerts' }, `${a.event}${statusMark(a)}：${a.headline}`));
}

function render(): void {
  const root = document.getElementById('app')!;
  document.documentElement.lang = getLang();
  document.title = t('appTitle');
  mapBox.setAttribute('aria-label', t('mapLabel'));
  const nav: Array<[View, string]> = [['shelter', t('navShelter')], ['places', t('navPlaces')], ['alerts', t('navAlerts')], ['learn', t('navLearn')], ['disclosure', t('navDisclosure')]];
  const main = h('main', { id: 'main' });
  if (state.view === 'shelter') main.append(shelterView());
  if (state.view === 'places') main.append(placesView());
  if (state.view === 'alerts') main.append(alertsView());
  if (state.view === 'learn') main.append(renderLearn(render));
  if (state.view === 'disclosure') main.append(disclosureView());
  root.replaceChildren(
    h('header', { class: 'top' },
      h('div', {}, h('h1', {}, t('appTitle')), h('p', { class: 'sub' }, t('appSubtitle'))),
      h('button', { type: 'button', class: 'lang', lang: getLang() === 'en' ? 'zh-CN' : 'en', title: t('languageLabel'), onclick: () => {
        setLang(getLang() === 'en' ? 'zh-CN' : 'en');
        render();
      } }, t('language'))),
    banner() ?? '',
    main,
    h('nav', { class: 'tabs', 'aria-label': t('navLabel') }, ...nav.map(([v, label]) => h('a', {
      href: `#${v}`, 'aria-current': state.view === v ? 'page' : 'false',
    }, label))),
  );
}

window.addEventListener('hashchange', () => {
  const v = location.hash.replace('#', '') as View;
  state.view = VIEWS.includes(v) ? v : 'shelter';
  if (state.view === 'places' && !state.places) void loadPlaces();
  if (state.view === 'disclosure') void loadDisclosure(render);
  render();
});

// Start: the last nearest answer at once (offline too), then fresh data.
const last = lastNearest();
if (last) {
  state.origin = last.origin;
  state.nearest = { ...last.answer, offline: true };
}
render();
void pollAlerts().then(() => {
  connectAlerts();
  if (state.origin && navigator.onLine) void loadNearest();
});
if (state.view === 'places') void loadPlaces();
if (state.view === 'disclosure') void loadDisclosure(render);
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => undefined);
