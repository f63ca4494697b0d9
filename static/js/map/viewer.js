/**
 * The map every page shows (the map page, the embed and the story): the data, the basemap,
 * the events, the spread and the event panel, all following the store (time, window, filters,
 * selection). Pages add their own controls around it.
 *
 * A page builds it in phases, so the first markers appear as early as possible:
 *   createViewer   clamps the state to the data and opens a panel the URL asks for;
 *   draw()         creates the map and draws the events;
 *   start()        adds the legend and the spread and follows the store;
 *   finish()       draws the network links and the basemap.
 */

/* global L */

import { fetchEvents, fetchSources, fetchSummary, fetchSpread, fetchConfig, fetchBasemap } from '../core/api.js';
import { loadVocabulary } from '../core/vocab.js';
import { byId, el } from '../core/dom.js';
import { dayFromISO, isoFromDay, addMonths, monthEnd } from '../core/days.js';
import { buildModel, createVisibility } from './events.js';
import { FACETS, DEFAULTS } from '../core/state.js';
import { createBasemap } from './basemap.js';
import { createEventsLayer } from './events-layer.js';
import { matcher } from './filters.js';
import { createPanel } from './panel.js';
import { addLegend } from './legend.js';
import { createSpread } from './spread.js';

/** FILTER_KEYS are the state keys that filter the events or change what counts as reach. */
export const FILTER_KEYS = Object.freeze(Object.keys(FACETS).concat('q', 'alleged'));

/**
 * reachChoice is the reader's part of the reach rule: the actors chosen and whether alleged
 * presence counts.
 * @param {import('../core/state.js').State} s
 */
export function reachChoice(s) {
  return { actors: s.actors, includeAlleged: Boolean(s.alleged) };
}

/**
 * @typedef {object} MapData
 * @property {ReturnType<typeof buildModel>} model
 * @property {Map<string, any>} sources
 * @property {any} spread   ISKP's spread (/api/spread?actor=iskp)
 * @property {any} config
 * @property {() => Promise<any>} basemap  the basemap's TopoJSON, fetched on the first call
 * @property {number} start first day of the time controls
 * @property {number} end   last day of the time controls: the end of the latest event's month
 */

/**
 * loadMapData fetches everything the map needs to draw the events. The basemap waits until
 * they are drawn (see draw): its transfer and parsing would only delay them.
 * @returns {Promise<MapData>}
 */
export async function loadMapData() {
  const [collection, sourceList, summary, spread, config] = await Promise.all([
    fetchEvents(), fetchSources(), fetchSummary(), fetchSpread(), fetchConfig(), loadVocabulary(),
  ]);
  performance.mark('westward:data');
  const model = buildModel(collection);
  const { start, end } = extentOf(summary, model);
  let topology = null;
  const basemap = () => {
    if (!topology) {
      topology = fetchBasemap();
      topology.catch(() => {}); // finish() reports it
    }
    return topology;
  };
  return { model, sources: new Map(sourceList.map((s) => [s.id, s])), spread, config, basemap, start, end };
}

/**
 * extentOf is the time the controls span: from the summary's start (or the first event's, if
 * earlier) to the end of the month in which the last event could have happened, so that at
 * the end every event shown is also counted (reach counts an event from the last day its date
 * could be). A date left open far ahead ("2024" for something reported in April 2024) is the
 * data's to bound: the seed's test holds every event to the publication of its sources. Never
 * later than today's month.
 */
function extentOf(summary, model) {
  let start = dayFromISO(summary && summary.extent ? summary.extent.start : '');
  let end = NaN;
  const first = model.events.length ? model.events[0].s : NaN;
  if (Number.isNaN(start) || first < start) start = first;
  const today = Math.floor(Date.now() / 86400000);
  if (model.events.length) end = Math.min(monthEnd(today), monthEnd(model.events.reduce((m, ev) => Math.max(m, ev.e), -Infinity)));
  else end = dayFromISO(summary && summary.extent ? summary.extent.end : '');
  if (Number.isNaN(start) || Number.isNaN(end)) {
    start = Number.isNaN(start) ? addMonths(today, -12) : start;
    end = Number.isNaN(end) ? today : end;
  }
  return { start, end: Math.max(start, end) };
}

/**
 * timeOf is the day shown and the window's first day (-Infinity for every event to date).
 * @param {import('../core/state.js').State} s
 */
export function timeOf(s) {
  const t = Math.floor(s.t);
  return { t, from: s.mode === 'window' ? addMonths(t, -s.win) + 1 : -Infinity };
}

/**
 * @typedef {object} ViewerOptions
 * @property {string} [map]  the map element's id ("map")
 * @property {HTMLElement} panel
 * @property {false|{open: boolean, highlight?: boolean}} [legend]
 * @property {boolean} [scrollWheelZoom]
 * @property {{topLeft: number[], bottomRight: number[]}} [fitPadding]
 * @property {() => {bottom?: number, right?: number}} [revealPad]
 * @property {(ev: import('./events.js').EventRecord|null) => void} [onSelected]
 */

/**
 * createViewer prepares the map of a page.
 * @param {MapData} data
 * @param {ReturnType<typeof import('../core/state.js').createStore>} store
 * @param {ViewerOptions} opts
 * @returns {Viewer}
 */
export function createViewer(data, store, opts) {
  return new Viewer(data, store, opts);
}

/**
 * Viewer is the map of a page (map, embed, story): the basemap, the events, the spread, the
 * legend and the event panel, following one store. Like Leaflet's classes it is built in
 * steps a page calls in turn: draw (the events, first), start (the rest, and following the
 * store), finish (links and the basemap).
 */
export class Viewer {
  /** @type {L.Map|null} map is the Leaflet map, once drawn. */
  map = null;
  /** layer is the events layer, once drawn. */
  layer = null;
  /** spread is the spread (tint and frontier), once started. */
  spread = null;
  #basemap = null;
  #returnFocus = null;
  #selectOpts = {};
  #highlighted = [];
  #emptyNote = null;

  /**
   * @param {MapData} data
   * @param {ReturnType<typeof import('../core/state.js').createStore>} store
   * @param {ViewerOptions} opts
   */
  constructor(data, store, opts) {
    this.data = data;
    this.store = store;
    this.opts = opts;
    this.model = data.model;
    /** end is the last day of the time controls. */
    this.end = data.end;
    /** clampDay keeps a day within the data's time. */
    this.clampDay = (day) => Math.min(data.end, Math.max(data.start, day));
    // Clamp the time to the data and drop a selection the data does not know.
    const s = store.get();
    const patch = { t: s.t == null ? this.end : this.clampDay(s.t) };
    if (s.sel && !this.model.byId.has(s.sel)) patch.sel = null;
    store.set(patch);

    /** panel is the event panel. */
    this.panel = createPanel(opts.panel, {
      sources: data.sources,
      onClose: () => {
        store.set({ sel: null });
        if (this.#returnFocus && this.#returnFocus.isConnected) this.#returnFocus.focus({ preventScroll: true });
        this.#returnFocus = null;
      },
    });
    // The panel opens before the map is sized, so a restored view is restored exactly.
    if (store.get().sel) this.panel.show(this.model.byId.get(store.get().sel));
    this.vis = createVisibility(this.model);
    /** pass is the current filter predicate. */
    this.pass = matcher(store.get());
    /** shownTime is the time drawn: {t, from}. */
    this.shownTime = timeOf(store.get());
  }

  /** draw creates the map and draws the events of the current state. */
  async draw() {
    const { opts, model, data } = this;
    const s0 = this.store.get();
    const map = L.map(opts.map || 'map', {
      keyboard: false, zoomSnap: 0.25, zoomDelta: 0.5, wheelPxPerZoomLevel: 90,
      minZoom: 1.5, maxZoom: 13, worldCopyJump: true, fadeAnimation: false,
      scrollWheelZoom: opts.scrollWheelZoom !== false,
    });
    this.map = map;
    this.#basemap = createBasemap(map, data.config);
    this.layer = createEventsLayer(map, model, { onSelect: (id) => this.select(id, { reveal: false, focus: false }) });
    if (s0.view) map.setView([s0.view.lat, s0.view.lng], s0.view.zoom, { animate: false });
    else {
      const pad = opts.fitPadding || { topLeft: [24, 24], bottomRight: [64, 24] };
      map.fitBounds(framing(model.events.filter(this.pass)), { paddingTopLeft: pad.topLeft, paddingBottomRight: pad.bottomRight, animate: false });
    }
    this.vis.setFilter(this.pass);
    this.layer.apply(this.vis.moveTo(this.shownTime.t, this.shownTime.from));
    if (this.#highlighted.length) this.layer.setHighlighted(this.#highlighted);
    performance.mark('westward:layers');
    await drawnFrame();
    performance.mark('westward:drawn');
    document.documentElement.dataset.drawn = String(this.layer.drawn);
    document.documentElement.dataset.firstDraw = String(Math.round(performance.now()));
    data.basemap();
    // The page builds the rest (legend, spread, timeline, list...) once this frame is shown:
    // work queued behind a frame's callbacks would hold the frame back.
    await frameShown();
  }

  /** start adds the legend and the spread, and follows the store from now on. */
  start() {
    const { map, model, store } = this;
    const keepView = () => {
      const c = map.getCenter();
      store.set({ view: { zoom: Math.round(map.getZoom() * 100) / 100, lat: round4(c.lat), lng: round4(c.lng) } });
    };
    map.on('moveend', keepView);
    keepView();
    new ResizeObserver(() => map.invalidateSize()).observe(map.getContainer());
    if (this.opts.legend) addLegend(map, this.opts.legend);
    const names = new Map(model.events.map((ev) => [ev.country, ev.countryName]));
    this.spread = createSpread(map, this.data.spread, {
      start: this.data.start, end: this.end, names,
      renderer: L.canvas({ pane: 'links' }),
      shade: (codes) => this.#basemap.shade(codes),
      onSelect: (id) => this.select(id, { reveal: true, focus: true }),
      eventPoint: (id) => {
        const ev = model.byId.get(id);
        return ev ? L.latLng(ev.lat, ev.lng) : null;
      },
    });
    this.spread.setEvents(model.events, this.pass, reachChoice(store.get()));
    this.spread.setTime(this.shownTime.t);
    this.#showEmpty();
    store.subscribe((s, changed) => this.#render(s, changed));
    this.#applySelection(store.get());
  }

  /** finish draws the links and the basemap: neither is needed to see the events. */
  async finish() {
    this.layer.showLinks(this.vis.shown);
    try {
      this.#basemap.load(await this.data.basemap());
    } catch (err) {
      console.warn('basemap unavailable:', err);
    }
  }

  /**
   * select selects an event; reveal pans it into view, focus moves focus to the panel.
   * @param {string} id
   * @param {{reveal?: boolean, focus?: boolean}} o
   */
  select(id, o) {
    if (o.focus && !this.#returnFocus) this.#returnFocus = document.activeElement;
    this.#selectOpts = o;
    if (this.store.get().sel === id) this.#applySelection(this.store.get());
    else this.store.set({ sel: id });
  }

  /**
   * setHighlighted haloes the events with these ids (a story chapter's).
   * @param {string[]} ids
   */
  setHighlighted(ids) {
    this.#highlighted = ids.slice();
    if (this.layer) this.layer.setHighlighted(this.#highlighted);
  }

  /**
   * goTo moves the map to a view, flying there when animate is set.
   * @param {{zoom: number, lat: number, lng: number}} view
   * @param {{animate?: boolean}} [o]
   */
  goTo(view, o = {}) {
    if (o.animate) this.map.flyTo([view.lat, view.lng], view.zoom, { duration: 1.1 });
    else this.map.setView([view.lat, view.lng], view.zoom, { animate: false });
  }

  /**
   * mapKey handles the map's own keys when the map has focus: Shift + arrows pan, + and −
   * zoom. It returns true when it used the key.
   * @param {KeyboardEvent} e
   */
  mapKey(e) {
    const { map } = this;
    if (!map || e.target !== map.getContainer()) return false;
    if (e.shiftKey && e.key.startsWith('Arrow')) {
      const d = 100;
      const offsets = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, -d], ArrowDown: [0, d] };
      if (!offsets[e.key]) return false;
      map.panBy(offsets[e.key]);
      return true;
    }
    if (e.key === '+' || e.key === '=') {
      map.zoomIn();
      return true;
    }
    if (e.key === '-' || e.key === '_') {
      map.zoomOut();
      return true;
    }
    return false;
  }

  /**
   * snapshot is the state as the test hook reports it.
   * @returns {Record<string, any>}
   */
  snapshot() {
    const { layer, spread, model } = this;
    const s = this.store.get();
    const setOf = (x) => (x ? [...x].sort() : null);
    return {
      t: isoFromDay(s.t), mode: s.mode, win: s.win, speed: s.speed,
      kinds: setOf(s.kinds), actors: setOf(s.actors), attributions: setOf(s.attributions), countries: setOf(s.countries),
      q: s.q, sel: s.sel, view: s.view, playing: s.playing,
      drawn: layer ? layer.drawn : 0, total: model.events.length, start: isoFromDay(this.data.start), end: isoFromDay(this.end),
      highlighted: this.#highlighted.slice(), alleged: Boolean(s.alleged),
      reach: spread ? {
        reached: [...spread.now.reached].sort(), alleged: [...spread.now.alleged].sort(), named: [...spread.now.named].sort(),
        km: spread.now.step ? spread.now.step.km : null, frontierEvent: spread.now.step ? spread.now.step.event : null,
        countries: spread.reach.countries.map((c) => ({ country: c.country, from: isoFromDay(c.day), earliest: isoFromDay(c.earliest), precision: c.precision, event: c.event })),
        frontier: spread.reach.frontier.map((f) => ({ event: f.event, date: isoFromDay(f.day), km: f.km })),
      } : null,
    };
  }

  /**
   * publish exposes the read-only hook tests and benchmarks read (window.westward); extra
   * adds a page's own fields to state().
   * @param {() => Record<string, any>} [extra]
   */
  publish(extra) {
    const { model, vis } = this;
    window.westward = Object.freeze({
      state: () => ({ ...this.snapshot(), ...(extra ? extra() : {}) }),
      /** eventPoint returns where an event is drawn, in viewport pixels, or null when hidden. */
      eventPoint: (id) => {
        const ev = model.byId.get(id);
        if (!ev || !vis.shown[ev.i]) return null;
        const p = this.map.latLngToContainerPoint(this.layer.pointOf(ev));
        const box = this.map.getContainer().getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      },
    });
  }

  /** render draws a change of the store: filters, time, selection, playback. */
  #render(s, changed) {
    const { layer, model } = this;
    if (FILTER_KEYS.some((k) => changed.has(k))) {
      this.pass = matcher(s);
      layer.apply(this.vis.setFilter(this.pass));
      this.spread.setEvents(model.events, this.pass, reachChoice(s));
      this.#showEmpty();
      if (!changed.has('sel')) this.#markHidden();
    }
    const time = timeOf(s);
    if (time.t !== this.shownTime.t || time.from !== this.shownTime.from) {
      layer.apply(this.vis.moveTo(time.t, time.from), { animate: time.t > this.shownTime.t });
      this.shownTime = time;
      this.spread.setTime(time.t);
    }
    if (changed.has('sel')) this.#applySelection(s);
    if (changed.has('playing') && !s.playing) layer.settle();
    document.documentElement.dataset.drawn = String(layer.drawn);
  }

  #applySelection(s) {
    const { opts } = this;
    const ev = s.sel ? this.model.byId.get(s.sel) : null;
    const o = this.#selectOpts;
    this.#selectOpts = {};
    if (!ev) {
      this.panel.hide();
      this.layer.setSelected(null);
      if (opts.onSelected) opts.onSelected(null);
      return;
    }
    this.panel.show(ev, { focus: o.focus });
    this.#markHidden();
    this.layer.setSelected(ev);
    if (opts.onSelected) opts.onSelected(ev);
    if (o.reveal) this.layer.reveal(ev, opts.revealPad ? opts.revealPad() : {});
  }

  /**
   * markHidden says so in the panel when the filters hide the selected event, rather than
   * leaving it open as if it matched.
   */
  #markHidden() {
    const panelRoot = this.opts.panel;
    const sel = this.store.get().sel;
    const ev = sel ? this.model.byId.get(sel) : null;
    const hidden = Boolean(ev && !this.pass(ev));
    panelRoot.classList.toggle('is-filtered-out', hidden);
    let note = panelRoot.querySelector('.panel-hidden-note');
    if (hidden && !note) {
      note = el('p', { class: 'panel-hidden-note', role: 'note' },
        'Hidden by the current filters: this event is not on the map. ',
        el('button', { type: 'button', class: 'link-button', text: 'Reset filters', onclick: () => this.#resetFilters() }));
      const title = panelRoot.querySelector('.panel-title');
      if (title) title.before(note);
    } else if (!hidden && note) note.remove();
  }

  #resetFilters() {
    this.store.set({ kinds: null, actors: DEFAULTS.actors, attributions: null, countries: null, q: '', alleged: false });
  }

  /** showEmpty puts a notice with a way back on the map when the filters leave nothing. */
  #showEmpty() {
    const matching = this.model.events.reduce((n, ev) => n + (this.pass(ev) ? 1 : 0), 0);
    if (!this.#emptyNote) {
      this.#emptyNote = el('div', { class: 'map-empty', role: 'status', hidden: true },
        el('p', { text: 'No events match these filters, so nothing is drawn or counted.' }),
        el('button', { type: 'button', class: 'button', text: 'Reset filters', onclick: () => this.#resetFilters() }));
      L.DomEvent.disableClickPropagation(this.#emptyNote);
      this.map.getContainer().append(this.#emptyNote);
    }
    this.#emptyNote.hidden = matching > 0;
  }
}

/**
 * framing is the initial view: the bounds of the events the filters pass (what the map shows
 * and counts), trimmed of the outermost 2% on each side when there are many, so a lone
 * outlier does not zoom the map out to the world.
 * @param {import('./events.js').EventRecord[]} events
 */
function framing(events) {
  if (!events.length) return L.latLngBounds([[25, -10], [60, 75]]);
  // Typed arrays sort numbers natively, several times faster than a comparator.
  const lats = Float64Array.from(events, (ev) => ev.lat).sort();
  const lngs = Float64Array.from(events, (ev) => ev.lng).sort();
  const cut = events.length >= 50 ? Math.floor(events.length * 0.02) : 0;
  const q = (arr, lo) => arr[lo ? cut : arr.length - 1 - cut];
  const bounds = L.latLngBounds([[q(lats, true), q(lngs, true)], [q(lats, false), q(lngs, false)]]);
  return bounds.getNorthEast().distanceTo(bounds.getSouthWest()) < 50000 ? bounds.pad(2) : bounds.pad(0.05);
}

function round4(x) {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * drawnFrame resolves once the events shown so far are drawn: the events' canvas draws in the
 * animation frame it requested when they were shown, and a frame callback requested later
 * runs after it, in the same frame, before the frame is rendered (as the benchmark's bare
 * Leaflet page measures its own first draw).
 */
function drawnFrame() {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

/** frameShown resolves, from a frame callback, once that frame is rendered: a task runs after it. */
function frameShown() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** nextFrame resolves after the next paint. */
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/**
 * showStatus writes a loading or error line over the map.
 * @param {string} text
 * @param {boolean} [error]
 */
export function showStatus(text, error = false) {
  const node = byId('map-status');
  node.textContent = text;
  node.classList.toggle('is-error', error);
}
