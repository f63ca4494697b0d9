/**
 * Westward's front end: wiring only. Loads the data, builds the views and routes every change
 * through the store, whose state is mirrored in the URL. Each concern lives in its own module.
 */

/* global L */

import { fetchEvents, fetchSources, fetchSummary, fetchSpread, fetchConfig, fetchBasemap } from './api.js';
import { byId, el, setText, throttle } from './dom.js';
import {
  dayFromISO, isoFromDay, addMonths, monthStart, monthEnd, formatDay, formatMonth, formatMonthShort,
  formatNumber, plural,
} from './format.js';
import { buildModel, createVisibility } from './events.js';
import { parseState, createStore, syncURL, SPEEDS, WINDOWS, FACETS } from './state.js';
import { createBasemap } from './basemap.js';
import { createEventsLayer } from './events-layer.js';
import { createTimeline } from './timeline.js';
import { createPlayer } from './player.js';
import { createFilters, matcher, facetCounts } from './filters.js';
import { createPanel } from './panel.js';
import { createList } from './list.js';
import { addLegend } from './legend.js';
import { createSpread } from './spread.js';

const FILTER_KEYS = Object.keys(FACETS).concat('q');
const root = document.documentElement;
const wide = window.matchMedia('(min-width: 1100px)');
const phone = window.matchMedia('(max-width: 719px)');

boot().catch((err) => {
  console.error(err);
  setText(byId('map-status'), `The map could not load: ${err.message}`);
  byId('map-status').classList.add('is-error');
  setText(byId('stats'), 'Unavailable');
});

async function boot() {
  const store = createStore(parseState(location.search));
  const basemapData = fetchBasemap();
  basemapData.catch(() => {});
  const [collection, sourceList, summary, spreadData, config] = await Promise.all([
    fetchEvents(), fetchSources(), fetchSummary(), fetchSpread(), fetchConfig(),
  ]);
  performance.mark('westward:data');

  const model = buildModel(collection);
  const { start, end } = extentOf(summary, model);
  const total = model.events.length;
  const sources = new Map(sourceList.map((s) => [s.id, s]));
  const clampDay = (day) => Math.min(end, Math.max(start, day));
  const timeOf = (s) => {
    const t = Math.floor(s.t);
    return { t, from: s.mode === 'window' ? addMonths(t, -s.win) + 1 : -Infinity };
  };
  {
    // Clamp the time to the data and drop a selection the data does not know.
    const s = store.get();
    const patch = { t: s.t == null ? end : clampDay(s.t) };
    if (s.sel && !model.byId.has(s.sel)) patch.sel = null;
    store.set(patch);
  }

  // The panel opens before the map is sized (the time bar reserves its height in CSS), so a
  // restored view is restored exactly.
  let returnFocus = null;
  const panel = createPanel(byId('panel'), {
    sources,
    onClose: () => {
      store.set({ sel: null });
      if (returnFocus && returnFocus.isConnected) returnFocus.focus({ preventScroll: true });
      returnFocus = null;
    },
  });
  if (store.get().sel) panel.show(model.byId.get(store.get().sel));

  // The time bar's selects get their options before the map is sized: their width can wrap
  // the bar on a phone.
  const speedSelect = byId('speed');
  for (const v of SPEEDS) speedSelect.append(el('option', { value: String(v), text: `${v} mo/s` }));
  speedSelect.addEventListener('change', () => store.set({ speed: Number(speedSelect.value) }));
  const windowSelect = byId('window-len');
  const fillWindows = (win) => {
    const values = WINDOWS.includes(win) ? WINDOWS : [...WINDOWS, win].sort((a, b) => a - b);
    windowSelect.replaceChildren(...values.map((v) => el('option', { value: String(v), text: plural(v, 'month') })));
    windowSelect.value = String(win);
  };
  windowSelect.addEventListener('change', () => store.set({ win: Number(windowSelect.value), mode: 'window' }));
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener('change', () => store.set({ mode: radio.value }));
  }
  fillWindows(store.get().win);
  speedSelect.value = String(store.get().speed);
  byId(store.get().mode === 'window' ? 'mode-window' : 'mode-cumulative').checked = true;
  setText(byId('now-date'), formatDay(store.get().t));

  // The first draw: the map and the events, before anything else is built.
  setText(byId('map-status'), '');
  const s0 = store.get();
  const map = L.map('map', {
    keyboard: false, zoomSnap: 0.25, zoomDelta: 0.5, wheelPxPerZoomLevel: 90,
    minZoom: 1.5, maxZoom: 13, worldCopyJump: true, fadeAnimation: false,
  });
  const basemap = createBasemap(map, config);
  const layer = createEventsLayer(map, model, { onSelect: (id) => select(id, { reveal: false, focus: false }) });
  if (s0.view) map.setView([s0.view.lat, s0.view.lng], s0.view.zoom, { animate: false });
  else map.fitBounds(framing(model), { paddingTopLeft: [24, 24], paddingBottomRight: [64, 24], animate: false });
  const vis = createVisibility(model);
  let pass = matcher(s0);
  vis.setFilter(pass);
  let shownTime = timeOf(s0);
  layer.apply(vis.moveTo(shownTime.t, shownTime.from));
  performance.mark('westward:layers');
  await nextFrame();
  performance.mark('westward:drawn');
  root.dataset.drawn = String(layer.drawn);
  root.dataset.firstDraw = String(Math.round(performance.now()));

  // Everything else.
  const keepView = () => {
    const c = map.getCenter();
    store.set({ view: { zoom: Math.round(map.getZoom() * 100) / 100, lat: round4(c.lat), lng: round4(c.lng) } });
  };
  map.on('moveend', keepView);
  keepView();
  new ResizeObserver(() => map.invalidateSize()).observe(byId('map'));
  addLegend(map, { open: wide.matches && window.innerHeight >= 1000 });
  const spread = createSpread(map, spreadData, {
    start, end,
    renderer: L.canvas({ pane: 'links' }),
    shade: (codes) => basemap.shade(codes),
    onSelect: (id) => select(id, { reveal: true, focus: true }),
    eventPoint: (id) => {
      const ev = model.byId.get(id);
      return ev ? L.latLng(ev.lat, ev.lng) : null;
    },
  });
  const countries = [...new Map(model.events.map((ev) => [ev.country, ev.countryName])).entries()]
    .filter(([id]) => id)
    .map(([id, label]) => ({ id, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const filters = createFilters(byId('filters-panel'), { countries, onChange: (patch) => store.set(patch) });
  const list = createList(byId('event-list-panel'), { onSelect: (id) => select(id, { reveal: true, focus: true }) });
  const closeSidebar = wireChrome(map, () => refreshSlow());

  // Time controls.
  const player = createPlayer({
    speed: () => store.get().speed,
    tick: (days) => {
      const t = Math.min(end, store.get().t + days);
      store.set({ t });
      return t < end;
    },
    onChange: (playing) => store.set(playing ? { playing } : { playing, t: Math.floor(store.get().t) }),
  });
  const timeline = createTimeline(byId('timeline'), {
    start, end,
    onSeek: (day) => {
      player.pause();
      store.set({ t: clampDay(day) });
    },
    onRange: (from, to) => {
      player.pause();
      const months = Math.max(1, Math.round((to - from + 1) / (365.2425 / 12)));
      store.set({ mode: 'window', win: months, t: Math.min(end, monthEnd(to)) });
    },
  });
  const togglePlay = () => {
    if (player.playing) {
      player.pause();
      return;
    }
    if (store.get().t >= end) store.set({ t: start });
    player.play();
  };
  // Steps land on month ends, so a step shows whole months; the first step forward from
  // mid-month completes the current month.
  const stepMonth = (n) => {
    player.pause();
    const t = Math.floor(store.get().t);
    const m = monthStart(t);
    const next = n > 0 && t < monthEnd(t) ? monthEnd(addMonths(m, n - 1)) : monthEnd(addMonths(m, n));
    store.set({ t: clampDay(next) });
  };
  byId('play').addEventListener('click', togglePlay);
  byId('step-back').addEventListener('click', () => stepMonth(-1));
  byId('step-fwd').addEventListener('click', () => stepMonth(1));

  // Selection: from the map, the list, the keyboard or the URL.
  let selectOpts = {};
  function select(id, opts) {
    if (opts.focus && !returnFocus) returnFocus = document.activeElement;
    selectOpts = opts;
    if (store.get().sel === id) applySelection(store.get());
    else store.set({ sel: id });
  }
  function applySelection(s) {
    const ev = s.sel ? model.byId.get(s.sel) : null;
    const opts = selectOpts;
    selectOpts = {};
    if (!ev) {
      panel.hide();
      layer.setSelected(null);
      list.setSelected(null);
      return;
    }
    panel.show(ev, { focus: opts.focus });
    layer.setSelected(ev);
    list.setSelected(ev.id, { reveal: true });
    if (!wide.matches) closeSidebar();
    if (opts.reveal) layer.reveal(ev, { bottom: phone.matches ? byId('panel').offsetHeight : 0 });
  }

  // The list, the counts and the spoken line, at most a few times a second while playing.
  let narrationLabel = '';
  const refreshSlow = throttle(() => {
    const s = store.get();
    const { t, from } = timeOf(s);
    const visible = model.events.filter((ev) => vis.shown[ev.i]);
    setText(byId('list-count'), formatNumber(visible.length));
    // Hidden views are refreshed when they are shown (see wireChrome's onShow).
    if (onScreen(byId('event-list-panel'))) list.update(visible);
    if (onScreen(byId('filters-panel'))) filters.setCounts(facetCounts(model.events, s, (ev) => ev.s <= t && ev.e >= from));
    const since = s.mode === 'window' ? from : monthStart(t);
    const recent = visible.filter((ev) => ev.s >= since);
    const places = new Set(recent.map((ev) => ev.country)).size;
    const label = s.mode === 'window' ? `${formatMonthShort(from)} – ${formatMonthShort(t)}` : formatMonth(t);
    if (!s.playing || label !== narrationLabel) {
      narrationLabel = label;
      const so = s.mode === 'window' ? '' : ` · ${formatNumber(visible.length)} so far`;
      setText(byId('narration'), recent.length
        ? `${label}: ${plural(recent.length, 'event')} in ${plural(places, 'country', 'countries')}${so}`
        : `${label}: no new events${so}`);
    }
  }, 300);

  function showTime(time) {
    timeline.setTime(time.t, time.from);
    spread.setTime(time.t);
    setText(byId('now-date'), formatDay(time.t));
    byId('now-date').setAttribute('datetime', isoFromDay(time.t));
  }

  function render(s, changed) {
    const filterChanged = FILTER_KEYS.some((k) => changed.has(k));
    if (filterChanged) {
      pass = matcher(s);
      layer.apply(vis.setFilter(pass));
      timeline.setData(model.events, pass);
      filters.sync(s);
    }
    const time = timeOf(s);
    if (time.t !== shownTime.t || time.from !== shownTime.from) {
      layer.apply(vis.moveTo(time.t, time.from), { animate: time.t > shownTime.t });
      shownTime = time;
      showTime(time);
      refreshSlow();
    } else if (filterChanged) {
      refreshSlow();
    }
    if (changed.has('sel')) applySelection(s);
    if (changed.has('playing')) {
      byId('play').classList.toggle('is-playing', s.playing);
      byId('play').setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
      byId('narration').setAttribute('aria-live', s.playing ? 'off' : 'polite');
      if (!s.playing) {
        layer.settle();
        refreshSlow();
      }
    }
    if (changed.has('mode') || changed.has('win')) {
      byId(s.mode === 'window' ? 'mode-window' : 'mode-cumulative').checked = true;
      fillWindows(s.win);
    }
    if (changed.has('speed')) speedSelect.value = String(s.speed);
    root.dataset.drawn = String(layer.drawn);
    setText(byId('stats'), `${formatNumber(layer.drawn)} of ${plural(total, 'event')} · ${plural(spread.reached, 'country', 'countries')} reached`);
  }

  timeline.setData(model.events, pass);
  filters.sync(store.get());
  showTime(shownTime);
  store.subscribe(render);
  render(store.get(), new Set(['mode', 'win', 'speed', 'sel', 'playing']));
  refreshSlow.flush();
  syncURL(store);
  document.addEventListener('keydown', (e) => onKey(e, { togglePlay, stepMonth, store, start, end, player, list, select, map }));

  // Links and the basemap come last: neither is needed to see the events.
  layer.showLinks(vis.shown);
  try {
    basemap.load(await basemapData);
  } catch (err) {
    console.warn('basemap unavailable:', err);
  }
  if (config.version) setText(byId('about-version'), `Version ${config.version}`);

  /** The read-only hook tests and benchmarks read; it exposes state, never setters. */
  window.westward = Object.freeze({
    state() {
      const s = store.get();
      const setOf = (x) => (x ? [...x].sort() : null);
      return {
        t: isoFromDay(s.t), mode: s.mode, win: s.win, speed: s.speed,
        kinds: setOf(s.kinds), actors: setOf(s.actors), attributions: setOf(s.attributions), countries: setOf(s.countries),
        q: s.q, sel: s.sel, view: s.view, playing: s.playing,
        drawn: layer.drawn, total, start: isoFromDay(start), end: isoFromDay(end),
      };
    },
    /** eventPoint returns where an event is drawn, in viewport pixels, or null when hidden. */
    eventPoint(id) {
      const ev = model.byId.get(id);
      if (!ev || !vis.shown[ev.i]) return null;
      const p = map.latLngToContainerPoint(layer.pointOf(ev));
      const box = map.getContainer().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
  });
  await nextFrame();
  root.dataset.ready = '1';
}

/** onScreen reports whether a sidebar view is displayed (its tab chosen, the drawer open). */
function onScreen(node) {
  return !node.hidden && getComputedStyle(byId('sidebar')).visibility !== 'hidden';
}

function round4(x) {
  return Math.round(x * 1e4) / 1e4;
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/**
 * extentOf is the time the controls span: the summary's extent, widened to cover every
 * event's start so the end of time always shows every event.
 */
function extentOf(summary, model) {
  let start = dayFromISO(summary && summary.extent ? summary.extent.start : '');
  let end = dayFromISO(summary && summary.extent ? summary.extent.end : '');
  const first = model.events.length ? model.events[0].s : NaN;
  const last = model.events.length ? model.events[model.events.length - 1].s : NaN;
  if (Number.isNaN(start) || first < start) start = first;
  if (Number.isNaN(end) || last > end) end = last;
  if (Number.isNaN(start) || Number.isNaN(end)) {
    const today = Math.floor(Date.now() / 86400000);
    start = Number.isNaN(start) ? addMonths(today, -12) : start;
    end = Number.isNaN(end) ? today : end;
  }
  return { start, end: Math.max(start, end) };
}

/**
 * framing is the initial view: the bounds of the events, trimmed of the outermost 2% on each
 * side when there are many, so a lone outlier does not zoom the map out to the world.
 */
function framing(model) {
  const { events } = model;
  if (!events.length) return L.latLngBounds([[25, -10], [60, 75]]);
  const lats = events.map((ev) => ev.lat).sort((a, b) => a - b);
  const lngs = events.map((ev) => ev.lng).sort((a, b) => a - b);
  const cut = events.length >= 50 ? Math.floor(events.length * 0.02) : 0;
  const q = (arr, lo) => arr[lo ? cut : arr.length - 1 - cut];
  const bounds = L.latLngBounds([[q(lats, true), q(lngs, true)], [q(lats, false), q(lngs, false)]]);
  return bounds.getNorthEast().distanceTo(bounds.getSouthWest()) < 50000 ? bounds.pad(2) : bounds.pad(0.05);
}

function onKey(e, { togglePlay, stepMonth, store, start, end, player, list, select, map }) {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  if (document.querySelector('dialog[open]')) return;
  const target = /** @type {HTMLElement} */ (e.target);
  const tag = target.tagName;
  const type = tag === 'INPUT' ? target.getAttribute('type') : '';
  const typing = tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable
    || (tag === 'INPUT' && type !== 'checkbox' && type !== 'radio');
  if (typing) {
    if (e.key === 'Escape' && tag === 'INPUT' && target.closest('.panel') == null) target.blur();
    return;
  }
  const onMap = target.id === 'map';
  if (onMap && (e.shiftKey && e.key.startsWith('Arrow'))) {
    const d = 100;
    const offsets = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, -d], ArrowDown: [0, d] };
    map.panBy(offsets[e.key]);
    e.preventDefault();
    return;
  }
  if (onMap && (e.key === '+' || e.key === '=')) {
    map.zoomIn();
    e.preventDefault();
    return;
  }
  if (onMap && (e.key === '-' || e.key === '_')) {
    map.zoomOut();
    e.preventDefault();
    return;
  }
  const activates = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || type === 'checkbox' || type === 'radio';
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      if (activates) return;
      togglePlay();
      break;
    case 'ArrowLeft':
    case 'ArrowRight':
      if (type === 'radio' || target.getAttribute('role') === 'tab') return;
      stepMonth((e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? 12 : 1));
      break;
    case 'Home':
    case 'End':
      if (tag === 'BUTTON' && target.closest('.event-list')) return;
      player.pause();
      store.set({ t: e.key === 'Home' ? start : end });
      break;
    case 'j':
    case 'k': {
      const id = list.neighbour(store.get().sel, e.key === 'j' ? 1 : -1);
      if (id) select(id, { reveal: true, focus: false });
      break;
    }
    case 'Escape':
      if (!store.get().sel) return;
      document.querySelector('.panel-close')?.click();
      break;
    default:
      return;
  }
  e.preventDefault();
}

/**
 * wireChrome connects the sidebar drawer, its tabs and the About dialog. onShow runs when a
 * sidebar view comes into sight; the returned function closes the drawer.
 */
function wireChrome(map, onShow) {
  const sidebar = byId('sidebar');
  const toggle = byId('toggle-sidebar');
  const scrim = byId('scrim');
  const tabs = [byId('tab-filters'), byId('tab-list')];
  const open = (on) => {
    document.body.classList.toggle('sidebar-open', on);
    toggle.setAttribute('aria-expanded', String(on));
    scrim.hidden = !on;
    if (on) {
      tabs.find((t) => t.getAttribute('aria-selected') === 'true').focus();
      onShow();
    }
  };
  toggle.addEventListener('click', () => open(!document.body.classList.contains('sidebar-open')));
  byId('close-sidebar').addEventListener('click', () => {
    open(false);
    toggle.focus();
  });
  scrim.addEventListener('click', () => open(false));
  sidebar.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('sidebar-open')) {
      open(false);
      toggle.focus();
      e.stopPropagation();
    }
  });
  const choose = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      byId(t.getAttribute('aria-controls')).hidden = !on;
    }
    onShow();
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => choose(tab));
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
      choose(next);
      next.focus();
      e.preventDefault();
    });
  }
  // The skip link lands on the list: show its tab first.
  document.querySelector('.skip-link').addEventListener('click', () => {
    choose(byId('tab-list'));
    if (!wide.matches) open(true);
  });
  const about = /** @type {HTMLDialogElement} */ (byId('about'));
  byId('open-about').addEventListener('click', () => about.showModal());
  about.addEventListener('click', (e) => {
    if (e.target === about) about.close();
  });
  wide.addEventListener('change', () => {
    if (wide.matches) open(false);
    map.invalidateSize();
  });
  return () => {
    if (document.body.classList.contains('sidebar-open')) open(false);
  };
}
