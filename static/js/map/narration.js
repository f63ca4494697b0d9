/**
 * The slow-changing text around the map: the list's count, the list itself, the filters'
 * counts and the spoken line ("March 2024: 3 events in 2 countries · …"). They follow the time
 * at most a few times a second while playing.
 */

import { byId, setText, throttle } from '../core/dom.js';
import { monthStart } from '../core/days.js';
import { formatMonth, formatMonthShort, formatNumber, plural } from '../core/format.js';
import { timeOf } from './viewer.js';
import { facetCounts } from './filters.js';
import { onScreen } from './sidebar.js';

/**
 * createNarration returns the throttled refresh of the list, the counts and the spoken line;
 * call flush() on it to refresh at once.
 * @param {{model: any, viewer: any, store: any, list: () => any, filters: () => any}} views
 *   list and filters are read on each refresh: they are built after the first draw
 */
export function createNarration({ model, viewer, store, list, filters }) {
  let narrationLabel = '';
  return throttle(() => {
    const s = store.get();
    const { t, from } = timeOf(s);
    const visible = model.events.filter((ev) => viewer.vis.shown[ev.i]);
    setText(byId('list-count'), formatNumber(visible.length));
    // Hidden views are refreshed when they are shown (see wireSidebar's onShow).
    if (onScreen(byId('event-list-panel'))) list().update(visible);
    if (onScreen(byId('filters-panel'))) filters().setCounts(facetCounts(model.events, s, (ev) => ev.s <= t && ev.e >= from));
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
}
