/**
 * The page's whole state, kept in the URL's query string so that reloading or sharing a link
 * restores it exactly. A tiny store notifies subscribers with the keys that changed.
 *
 * Query parameters: t (YYYY-MM-DD), mode (window), w (months), speed (months per second),
 * kind, actor, attr, country (comma lists; absent = the default, empty = none; the default is
 * every value but for actor, which is ISKP alone: the Islamic State's core, IS-inspired and
 * unclear-actor events join only when chosen), alleged (1: alleged and disputed presence counts
 * as reach), q (search), event (selected id), map (zoom/lat/lng).
 */

import { dayFromISO, isoFromDay } from './days.js';
import { KINDS, ACTORS, ATTRIBUTIONS } from './vocab.js';

/** SPEEDS are the playback speeds offered, in months per second. */
export const SPEEDS = Object.freeze([1, 2, 4, 8, 16]);

/** WINDOWS are the window lengths offered, in months (a dragged range may set others). */
export const WINDOWS = Object.freeze([1, 3, 6, 12, 24]);

/**
 * FACETS maps each filter facet to its state key, URL parameter and allowed values (read from
 * the vocabulary when asked, as it loads with the page's data).
 */
export const FACETS = Object.freeze({
  kinds: { param: 'kind', field: 'kind', get values() { return KINDS.map((k) => k.id); } },
  actors: { param: 'actor', field: 'actor', get values() { return ACTORS.map((a) => a.id); } },
  attributions: { param: 'attr', field: 'attribution', get values() { return ATTRIBUTIONS.map((a) => a.id); } },
  countries: { param: 'country', field: 'country', values: null },
});

/**
 * @typedef {object} State
 * @property {number|null} t        current day (fractional while playing); null = end of data
 * @property {'cumulative'|'window'} mode
 * @property {number} win           window length in months
 * @property {number} speed         months per second
 * @property {Set<string>|null} kinds          null = every kind
 * @property {Set<string>|null} actors         default: ISKP alone
 * @property {Set<string>|null} attributions
 * @property {Set<string>|null} countries
 * @property {boolean} alleged      alleged and disputed presence counts as reach
 * @property {string} q
 * @property {string|null} sel      selected event id
 * @property {{zoom: number, lat: number, lng: number}|null} view
 * @property {boolean} playing      not kept in the URL
 */

/** DEFAULTS is the state of a bare URL. @type {Readonly<State>} */
export const DEFAULTS = Object.freeze({
  t: null, mode: 'cumulative', win: 12, speed: 4,
  kinds: null, actors: new Set(['iskp']), attributions: null, countries: null, alleged: false,
  q: '', sel: null, view: null, playing: false,
});

/**
 * parseState reads a query string; unknown or malformed values fall back to the defaults.
 * @param {string} search e.g. location.search
 * @returns {State}
 */
export function parseState(search) {
  const p = new URLSearchParams(search);
  const state = { ...DEFAULTS };
  const t = dayFromISO(p.get('t') || '');
  if (!Number.isNaN(t)) state.t = t;
  if (p.get('mode') === 'window') state.mode = 'window';
  const win = Number(p.get('w'));
  if (Number.isInteger(win) && win >= 1 && win <= 240) state.win = win;
  const speed = Number(p.get('speed'));
  if (SPEEDS.includes(speed)) state.speed = speed;
  for (const [key, facet] of Object.entries(FACETS)) {
    if (!p.has(facet.param)) continue;
    const raw = p.get(facet.param) || '';
    const values = raw.split(',').map((v) => v.trim()).filter(Boolean)
      .filter((v) => !facet.values || facet.values.includes(v));
    state[key] = facet.values && values.length === facet.values.length ? null : new Set(values);
  }
  state.alleged = p.get('alleged') === '1';
  state.q = (p.get('q') || '').slice(0, 200);
  state.sel = p.get('event') || null;
  const view = (p.get('map') || '').split('/').map(Number);
  if (view.length === 3 && view.every(Number.isFinite) && Math.abs(view[1]) <= 90) {
    state.view = { zoom: view[0], lat: view[1], lng: view[2] };
  }
  return state;
}

/**
 * toQuery writes the state as a query string (without "?"), leaving defaults out except the
 * time, which depends on the data and so is always written once known.
 * @param {State} state
 * @returns {string}
 */
export function toQuery(state) {
  const p = new URLSearchParams();
  if (state.t != null) p.set('t', isoFromDay(state.t));
  if (state.mode === 'window') {
    p.set('mode', 'window');
    p.set('w', String(state.win));
  }
  if (state.speed !== DEFAULTS.speed) p.set('speed', String(state.speed));
  for (const [key, facet] of Object.entries(FACETS)) {
    const set = state[key];
    if (same(set, DEFAULTS[key])) continue;
    p.set(facet.param, (set ? [...set] : facet.values).slice().sort().join(','));
  }
  if (state.alleged) p.set('alleged', '1');
  if (state.q) p.set('q', state.q);
  if (state.sel) p.set('event', state.sel);
  if (state.view) {
    const { zoom, lat, lng } = state.view;
    p.set('map', `${round(zoom, 2)}/${round(lat, 4)}/${round(lng, 4)}`);
  }
  return p.toString().replace(/%2C/g, ',').replace(/%2F/g, '/');
}

function round(x, digits) {
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
}

function same(a, b) {
  if (a === b) return true;
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const v of a) if (!b.has(v)) return false;
    return true;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !(a instanceof Set) && !(b instanceof Set)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
  }
  return false;
}

/**
 * createStore holds the state; set() merges a patch and calls subscribers with the set of
 * keys whose value changed (sets compare by content).
 * @param {State} initial
 */
export function createStore(initial) {
  let state = initial;
  /** @type {Array<(state: State, changed: Set<string>) => void>} */
  const subscribers = [];
  return {
    /** get returns the current state; treat it as read-only. */
    get: () => state,
    /** set merges patch into the state and notifies subscribers if anything changed. */
    set(patch) {
      const changed = new Set();
      for (const [k, v] of Object.entries(patch)) if (!same(state[k], v)) changed.add(k);
      if (changed.size === 0) return;
      state = { ...state, ...patch };
      for (const fn of subscribers) fn(state, changed);
    },
    /** subscribe registers fn for every change. */
    subscribe(fn) {
      subscribers.push(fn);
    },
  };
}

/**
 * syncURL mirrors the store into the address bar with history.replaceState, at most a few
 * times a second (browsers throttle replaceState) and at once when playback stops.
 * @param {ReturnType<typeof createStore>} store
 */
export function syncURL(store) {
  let timer = 0;
  const write = () => {
    timer = 0;
    const query = toQuery(store.get());
    const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
  };
  store.subscribe((state) => {
    if (timer && state.playing) return; // a write is already due
    window.clearTimeout(timer);
    timer = window.setTimeout(write, state.playing ? 500 : 80);
  });
}
