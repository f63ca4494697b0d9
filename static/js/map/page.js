/**
 * The body the map page and the embed share (static/map.html): the map, the time bar, the
 * sidebar's filters and list, the narration and the keyboard, wired to one store. The pages
 * (pages/index.js, pages/embed.js) add what differs: the URL or the credit link, the share
 * dialog, a story chapter, autoplay.
 */

import { byId, setText } from '../core/dom.js';
import { formatNumber, plural } from '../core/format.js';
import { createViewer, timeOf, FILTER_KEYS, showStatus } from './viewer.js';
import { createFilters } from './filters.js';
import { createList } from './list.js';
import { wireSidebar } from './sidebar.js';
import { wireTimeSelects, createTimeControls } from './time-controls.js';
import { createNarration } from './narration.js';
import { onMapKey } from './keys.js';

const wide = window.matchMedia('(min-width: 1100px)');
const phone = window.matchMedia('(max-width: 719px)');

/**
 * @typedef {object} MapPageOptions
 * @property {boolean} embed           the embed draws the sidebar as a drawer at every width
 * @property {boolean} [legend]        false leaves the legend out
 * @property {boolean} [scrollWheelZoom]
 * @property {any} [chapter]           a story chapter whose events are highlighted
 * @property {(time: {t: number, from: number}, s: any) => void} [onTime]  the shown time changed
 * @property {(s: any) => void} [onChange]  after each change of the store is shown
 */

/**
 * startMap draws the map for the data and the store, then builds the rest of the body and
 * shows the store's state, now and on each change. It resolves once the events are drawn and
 * every control works; the basemap may still be loading (viewer.finish waits for it).
 * @param {import('./viewer.js').MapData} data
 * @param {any} store
 * @param {MapPageOptions} opts
 */
export async function startMap(data, store, opts) {
  const { model, start, end } = data;
  let list = null;
  let filters = null;
  let closeSidebar = () => {};
  const viewer = createViewer(data, store, {
    panel: byId('panel'),
    legend: opts.legend === false ? false : { open: !opts.embed && wide.matches && window.innerHeight >= 1000, highlight: Boolean(opts.chapter) },
    scrollWheelZoom: opts.scrollWheelZoom !== false,
    revealPad: () => ({ bottom: phone.matches ? byId('panel').offsetHeight : 0 }),
    onSelected: (ev) => {
      if (!list) return;
      list.setSelected(ev ? ev.id : null, { reveal: Boolean(ev) });
      if (ev && (opts.embed || !wide.matches)) closeSidebar();
    },
  });
  if (opts.chapter) viewer.setHighlighted(opts.chapter.events || []);
  const syncTimeSelects = wireTimeSelects(store);

  // The first draw: the map and the events, before anything else is built.
  showStatus('');
  await viewer.draw();

  // Everything else.
  const countries = [...new Map(model.events.map((ev) => [ev.country, ev.countryName])).entries()]
    .filter(([id]) => id)
    .map(([id, label]) => ({ id, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  filters = createFilters(byId('filters-panel'), { countries, onChange: (patch) => store.set(patch) });
  list = createList(byId('event-list-panel'), { onSelect: (id) => viewer.select(id, { reveal: true, focus: true }) });
  const refreshSlow = createNarration({ model, viewer, store, list: () => list, filters: () => filters });
  closeSidebar = wireSidebar(viewer.map, { onShow: () => refreshSlow(), embed: opts.embed, wide });
  viewer.start();
  const time = createTimeControls({ store, viewer, model, start, end });

  const showTime = (t, s) => {
    time.showTime(t);
    if (opts.onTime) opts.onTime(t, s);
  };
  let shown = timeOf(store.get());
  const render = (s, changed) => {
    const filterChanged = FILTER_KEYS.some((k) => changed.has(k));
    if (filterChanged) {
      time.timeline.setData(model.events, viewer.pass);
      filters.sync(s);
    }
    const t = timeOf(s);
    if (t.t !== shown.t || t.from !== shown.from) {
      shown = t;
      showTime(t, s);
      refreshSlow();
    } else if (filterChanged) {
      refreshSlow();
    }
    syncTimeSelects(s, changed);
    if (changed.has('playing') && !s.playing) refreshSlow();
    const sp = viewer.spread;
    setText(byId('stats'), `${formatNumber(viewer.layer.drawn)} of ${plural(model.events.length, 'event')} · ${plural(sp.reached, 'country', 'countries')} reached`
      + (sp.alleged ? ` · ${formatNumber(sp.alleged)} more alleged` : ''));
    if (opts.onChange) opts.onChange(s);
  };

  time.timeline.setData(model.events, viewer.pass);
  filters.sync(store.get());
  showTime(shown, store.get());
  store.subscribe(render);
  render(store.get(), new Set(['mode', 'win', 'speed', 'playing']));
  refreshSlow.flush();
  document.addEventListener('keydown', (e) => onMapKey(e, { ...time, store, start, end, list, viewer }));
  return { viewer, time };
}
