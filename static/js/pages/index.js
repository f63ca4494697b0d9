/**
 * Westward's map page (index.html) and embeddable map (embed.html, body[data-page="embed"]):
 * wiring only. Loads the data, builds the views and routes every change through the store,
 * whose state is mirrored in the URL (the map page) or in the credit link (the embed). Each
 * concern lives in its own module; the embed's options are documented in embed-options.js.
 */

import { fetchStories } from '../core/api.js';
import { byId, el, setText, throttle } from '../core/dom.js';
import { isoFromDay, addMonths, monthStart, monthEnd } from '../core/days.js';
import { formatDay, formatMonth, formatMonthShort, formatNumber, plural } from '../core/format.js';
import { parseState, createStore, syncURL, toQuery, SPEEDS, WINDOWS } from '../core/state.js';
import { loadVocabulary } from '../core/vocab.js';
import { loadMapData, createViewer, timeOf, FILTER_KEYS, nextFrame, showStatus } from '../map/viewer.js';
import { createTimeline } from '../map/timeline.js';
import { createPlayer } from '../map/player.js';
import { createFilters, facetCounts } from '../map/filters.js';
import { createList } from '../map/list.js';
import { parseEmbedOptions } from '../map/embed-options.js';
import { applyTheme, resolveTheme } from '../core/theme.js';
import { chapterState, findChapter } from '../story/chapter.js';
import { createShareDialog } from '../map/share.js';

const root = document.documentElement;
const EMBED = document.body.dataset.page === 'embed';
const wide = window.matchMedia('(min-width: 1100px)');
const phone = window.matchMedia('(max-width: 719px)');

boot().catch((err) => {
  console.error(err);
  showStatus(`The map could not load: ${err.message}`, true);
  setText(byId('stats'), 'Unavailable');
});

async function boot() {
  await loadVocabulary(); // the URL's filters are checked against it
  const embed = EMBED ? parseEmbedOptions(location.search) : null;
  if (embed) prepareEmbed(embed);
  const store = createStore(parseState(location.search));
  const stories = embed && embed.story ? fetchStories() : null;
  if (stories) stories.catch(() => {});
  const data = await loadMapData();
  const { model, start, end } = data;
  const total = model.events.length;

  // An embedded story chapter replaces the time, the window and the filters of the URL.
  let chapter = null;
  if (stories) {
    const found = findChapter(await stories, embed.story, embed.chapter);
    chapter = found.story ? found.story.chapters[found.index] : null;
    if (chapter) {
      const box = byId('map').getBoundingClientRect();
      const patch = chapterState(chapter, { start, end, width: box.width, height: box.height });
      if (store.get().view && new URLSearchParams(location.search).has('map')) delete patch.view;
      delete patch.sel;
      store.set(patch);
    }
  }

  let list = null;
  let closeSidebar = () => {};
  const viewer = createViewer(data, store, {
    panel: byId('panel'),
    legend: embed && !embed.legend ? false : { open: !EMBED && wide.matches && window.innerHeight >= 1000, highlight: Boolean(chapter) },
    scrollWheelZoom: !embed || embed.scroll,
    revealPad: () => ({ bottom: phone.matches ? byId('panel').offsetHeight : 0 }),
    onSelected: (ev) => {
      if (!list) return;
      list.setSelected(ev ? ev.id : null, { reveal: Boolean(ev) });
      if (ev && (EMBED || !wide.matches)) closeSidebar();
    },
  });
  if (chapter) viewer.setHighlighted(chapter.events || []);

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
  showStatus('');
  await viewer.draw();

  // Everything else.
  const countries = [...new Map(model.events.map((ev) => [ev.country, ev.countryName])).entries()]
    .filter(([id]) => id)
    .map(([id, label]) => ({ id, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const filters = createFilters(byId('filters-panel'), { countries, onChange: (patch) => store.set(patch) });
  list = createList(byId('event-list-panel'), { onSelect: (id) => viewer.select(id, { reveal: true, focus: true }) });
  closeSidebar = wireChrome(viewer.map, () => refreshSlow());
  viewer.start();

  // Time controls. Playback stops at the end of the data, or where an embed's autoplay ends.
  let stopAt = end;
  const player = createPlayer({
    speed: () => store.get().speed,
    tick: (days) => {
      const t = Math.min(stopAt, store.get().t + days);
      store.set({ t });
      return t < stopAt;
    },
    onChange: (playing) => {
      if (!playing) stopAt = end;
      store.set(playing ? { playing } : { playing, t: Math.floor(store.get().t) });
    },
  });
  const timeline = createTimeline(byId('timeline'), {
    start, end,
    onSeek: (day) => {
      player.pause();
      store.set({ t: viewer.clampDay(day) });
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
    // From the end, playback starts where the chosen scope's first event starts (2015 for
    // ISKP), not at the data's first day.
    if (store.get().t >= end) {
      const first = model.events.find(viewer.pass);
      store.set({ t: first ? viewer.clampDay(first.s) : start });
    }
    player.play();
  };
  // Steps land on month ends, so a step shows whole months; the first step forward from
  // mid-month completes the current month.
  const stepMonth = (n) => {
    player.pause();
    const t = Math.floor(store.get().t);
    const m = monthStart(t);
    const next = n > 0 && t < monthEnd(t) ? monthEnd(addMonths(m, n - 1)) : monthEnd(addMonths(m, n));
    store.set({ t: viewer.clampDay(next) });
  };
  byId('play').addEventListener('click', togglePlay);
  byId('step-back').addEventListener('click', () => stepMonth(-1));
  byId('step-fwd').addEventListener('click', () => stepMonth(1));

  // The list, the counts and the spoken line, at most a few times a second while playing.
  let narrationLabel = '';
  const refreshSlow = throttle(() => {
    const s = store.get();
    const { t, from } = timeOf(s);
    const visible = model.events.filter((ev) => viewer.vis.shown[ev.i]);
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
      const reached = ` · ${plural(viewer.spread.reached, 'country', 'countries')} reached`;
      setText(byId('narration'), recent.length
        ? `${label}: ${plural(recent.length, 'event')} in ${plural(places, 'country', 'countries')}${so}${reached}`
        : `${label}: no new events${so}${reached}`);
    }
  }, 300);

  const credit = EMBED ? byId('embed-credit') : null;
  const creditLink = throttle(() => {
    credit.href = `./${toQuery(store.get()) ? `?${toQuery(store.get())}` : ''}`;
  }, 250);

  function showTime(time, s) {
    timeline.setTime(time.t, time.from);
    setText(byId('now-date'), formatDay(time.t));
    byId('now-date').setAttribute('datetime', isoFromDay(time.t));
    if (EMBED) {
      setText(byId('embed-when'), s.mode === 'window'
        ? `${formatMonthShort(time.from)} – ${formatMonthShort(time.t)}`
        : `To ${formatDay(time.t)}`);
    }
  }

  let shown = timeOf(store.get());
  function render(s, changed) {
    const filterChanged = FILTER_KEYS.some((k) => changed.has(k));
    if (filterChanged) {
      timeline.setData(model.events, viewer.pass);
      filters.sync(s);
    }
    const time = timeOf(s);
    if (time.t !== shown.t || time.from !== shown.from) {
      shown = time;
      showTime(time, s);
      refreshSlow();
    } else if (filterChanged) {
      refreshSlow();
    }
    if (changed.has('playing')) {
      byId('play').classList.toggle('is-playing', s.playing);
      byId('play').setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
      byId('narration').setAttribute('aria-live', s.playing ? 'off' : 'polite');
      if (!s.playing) refreshSlow();
    }
    if (changed.has('mode') || changed.has('win')) {
      byId(s.mode === 'window' ? 'mode-window' : 'mode-cumulative').checked = true;
      fillWindows(s.win);
    }
    if (changed.has('speed')) speedSelect.value = String(s.speed);
    const sp = viewer.spread;
    setText(byId('stats'), `${formatNumber(viewer.layer.drawn)} of ${plural(total, 'event')} · ${plural(sp.reached, 'country', 'countries')} reached`
      + (sp.alleged ? ` · ${formatNumber(sp.alleged)} more alleged` : ''));
    if (credit) creditLink();
  }

  timeline.setData(model.events, viewer.pass);
  filters.sync(store.get());
  showTime(shown, store.get());
  store.subscribe(render);
  render(store.get(), new Set(['mode', 'win', 'speed', 'playing']));
  refreshSlow.flush();
  if (credit) creditLink.flush();
  if (!EMBED) {
    syncURL(store);
    createShareDialog({
      dialog: byId('share'),
      opener: byId('open-share'),
      state: () => store.get(),
      describe: () => describeView(store.get(), timeOf(store.get())),
    });
  }
  document.addEventListener('keydown', (e) => onKey(e, { togglePlay, stepMonth, store, start, end, player, list, viewer }));

  await viewer.finish();
  if (data.config.version && !EMBED) setText(byId('about-version'), `Version ${data.config.version}`);

  viewer.publish(() => ({
    histogram: timeline.monthTotals,
    ...(embed ? { embed: { ...embed }, chapter: chapter ? chapter.id : null } : {}),
  }));
  if (embed && embed.autoplay && !window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    stopAt = Math.floor(store.get().t);
    store.set({ t: start });
    player.play();
  }
  await nextFrame();
  root.dataset.ready = '1';
}

/**
 * prepareEmbed sets the embed's theme and shows only the controls its URL asks for, before
 * anything is drawn, and reports the page's height to a framing page.
 * @param {import('../map/embed-options.js').EmbedOptions} embed
 */
function prepareEmbed(embed) {
  applyTheme(resolveTheme(embed.theme));
  const body = document.body.classList;
  body.toggle('no-timeline', !embed.timeline);
  body.toggle('no-filters', !embed.filters);
  body.toggle('auto-height', embed.autoHeight);
  if (!embed.timeline) byId('timebar').hidden = true;
  if (!embed.filters) {
    document.querySelector('.skip-link').hidden = true;
    byId('sidebar').hidden = true;
    byId('toggle-sidebar').hidden = true;
  }
  reportHeight();
}

/**
 * reportHeight tells a framing page the content height whenever it changes: the message
 * {type: "westward:height", height: N} that /embed.js listens for (see embed-options.js).
 */
function reportHeight() {
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last || height <= 0) return;
    last = height;
    window.parent.postMessage({ type: 'westward:height', height }, '*');
  };
  new ResizeObserver(post).observe(document.body);
  post();
}

/**
 * describeView is a short description of a view for titles: "ISKP-linked events to 6 April
 * 2024" or "… from January 2023 to 6 April 2024".
 */
function describeView(s, time) {
  const when = s.mode === 'window'
    ? `from ${formatMonth(time.from)} to ${formatDay(time.t)}`
    : `to ${formatDay(time.t)}`;
  const filtered = FILTER_KEYS.some((k) => (k === 'q' ? s.q : s[k]));
  return `${filtered ? 'Selected events' : 'Events'} linked to ISKP ${when}`;
}

/** onScreen reports whether a sidebar view is displayed (its tab chosen, the drawer open). */
function onScreen(node) {
  const sidebar = byId('sidebar');
  return !node.hidden && !sidebar.hidden && getComputedStyle(sidebar).visibility !== 'hidden';
}

function onKey(e, { togglePlay, stepMonth, store, start, end, player, list, viewer }) {
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
  if (viewer.mapKey(e)) {
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
      if (id) viewer.select(id, { reveal: true, focus: false });
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
  const skip = document.querySelector('.skip-link');
  if (skip) {
    skip.addEventListener('click', () => {
      choose(byId('tab-list'));
      if (EMBED || !wide.matches) open(true);
    });
  }
  const about = /** @type {HTMLDialogElement|null} */ (document.getElementById('about'));
  if (about) {
    byId('open-about').addEventListener('click', () => about.showModal());
    about.addEventListener('click', (e) => {
      if (e.target === about) about.close();
    });
  }
  wide.addEventListener('change', () => {
    if (wide.matches && !EMBED) open(false);
    map.invalidateSize();
  });
  return () => {
    if (document.body.classList.contains('sidebar-open')) open(false);
  };
}
