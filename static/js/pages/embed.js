/**
 * Westward's embeddable map (embed.html, made from map.html): wiring only. It reads the embed's
 * options (map/embed-options.js), sets the frame up, starts the map body the map page shares
 * (map/page.js), keeps the credit link on the view shown, and may show a story's chapter or
 * play itself.
 */

import { fetchStories } from '../core/api.js';
import { byId, setText, throttle } from '../core/dom.js';
import { formatDay, formatMonthShort } from '../core/format.js';
import { parseState, createStore, toQuery } from '../core/state.js';
import { loadVocabulary } from '../core/vocab.js';
import { loadMapData, nextFrame, showStatus } from '../map/viewer.js';
import { startMap } from '../map/page.js';
import { parseEmbedOptions } from '../map/embed-options.js';
import { prepareEmbed } from '../map/embed-frame.js';
import { chapterState, findChapter } from '../story/chapter.js';

boot().catch((err) => {
  console.error(err);
  showStatus(`The map could not load: ${err.message}`, true);
  setText(byId('stats'), 'Unavailable');
});

async function boot() {
  await loadVocabulary(); // the URL's filters are checked against it
  const embed = parseEmbedOptions(location.search);
  prepareEmbed(embed);
  const store = createStore(parseState(location.search));
  const stories = embed.story ? fetchStories() : null;
  if (stories) stories.catch(() => {});
  const data = await loadMapData();
  const chapter = stories ? showChapter(await stories, embed, store, data) : null;

  const credit = byId('embed-credit');
  const creditLink = throttle(() => {
    const q = toQuery(store.get());
    credit.href = `./${q ? `?${q}` : ''}`;
  }, 250);
  const { viewer, time } = await startMap(data, store, {
    embed: true,
    legend: embed.legend,
    scrollWheelZoom: embed.scroll,
    chapter,
    onTime: (t, s) => setText(byId('embed-when'), s.mode === 'window'
      ? `${formatMonthShort(t.from)} – ${formatMonthShort(t.t)}`
      : `To ${formatDay(t.t)}`),
    onChange: () => creditLink(),
  });
  creditLink.flush();

  await viewer.finish();
  viewer.publish(() => ({
    histogram: time.timeline.monthTotals,
    embed: { ...embed },
    chapter: chapter ? chapter.id : null,
  }));
  if (embed.autoplay && !window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    time.playFrom(data.start, Math.floor(store.get().t));
  }
  await nextFrame();
  document.documentElement.dataset.ready = '1';
}

/**
 * showChapter puts an embedded story chapter's time, window and filters in the store, in
 * place of the URL's, and returns the chapter (null if the URL names none that exists).
 */
function showChapter(stories, embed, store, data) {
  const found = findChapter(stories, embed.story, embed.chapter);
  const chapter = found.story ? found.story.chapters[found.index] : null;
  if (!chapter) return null;
  const box = byId('map').getBoundingClientRect();
  const patch = chapterState(chapter, { start: data.start, end: data.end, width: box.width, height: box.height });
  if (store.get().view && new URLSearchParams(location.search).has('map')) delete patch.view;
  delete patch.sel;
  store.set(patch);
  return chapter;
}
