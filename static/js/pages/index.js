/**
 * Westward's map page (index.html, made from map.html): wiring only. It loads the data, starts
 * the map body the embed shares (map/page.js), mirrors the state in the URL and offers the
 * share dialog.
 */

import { byId, setText } from '../core/dom.js';
import { formatDay, formatMonth } from '../core/format.js';
import { parseState, createStore, syncURL } from '../core/state.js';
import { loadVocabulary } from '../core/vocab.js';
import { loadMapData, timeOf, FILTER_KEYS, nextFrame, showStatus } from '../map/viewer.js';
import { startMap } from '../map/page.js';
import { createShareDialog } from '../map/share.js';

boot().catch((err) => {
  console.error(err);
  showStatus(`The map could not load: ${err.message}`, true);
  setText(byId('stats'), 'Unavailable');
});

async function boot() {
  await loadVocabulary(); // the URL's filters are checked against it
  const store = createStore(parseState(location.search));
  const data = await loadMapData();
  const { viewer, time } = await startMap(data, store, { embed: false });
  syncURL(store);
  createShareDialog({
    dialog: byId('share'),
    opener: byId('open-share'),
    state: () => store.get(),
    describe: () => describeView(store.get(), timeOf(store.get())),
  });
  await viewer.finish();
  if (data.config.version) setText(byId('about-version'), `Version ${data.config.version}`);
  viewer.publish(() => ({ histogram: time.timeline.monthTotals }));
  await nextFrame();
  document.documentElement.dataset.ready = '1';
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
