/**
 * The story page (story.html): wiring only. A story's chapters beside the map, one at a time:
 * each chapter sets the map's time, window, filters and view and haloes the events it cites
 * (story/chapter.js); its text is story/chapter-view.js; the reader moves with the buttons,
 * the chapter menu or the keys (story/keys.js); "P" or the Present button enters presenter
 * mode (story/presenter.js); printing lays out every chapter on its own page (story/print.js).
 */

import { fetchStories } from '../core/api.js';
import { byId, el, setText } from '../core/dom.js';
import { createStore, DEFAULTS } from '../core/state.js';
import { loadMapData, createViewer, nextFrame, showStatus } from '../map/viewer.js';
import { chapterState, findChapter } from '../story/chapter.js';
import { createChapterView } from '../story/chapter-view.js';
import { createPresenter } from '../story/presenter.js';
import { onStoryKey } from '../story/keys.js';
import { createPrintView } from '../story/print.js';

const phone = window.matchMedia('(max-width: 719px)');
const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

boot().catch((err) => {
  console.error(err);
  showStatus(`The story could not load: ${err.message}`, true);
  setText(byId('chapter-kicker'), 'The story could not load.');
});

async function boot() {
  const params = new URLSearchParams(location.search);
  const [data, stories] = await Promise.all([loadMapData(), fetchStories()]);
  const { story, index: first } = findChapter(stories, params.get('story'), params.get('chapter'));
  if (!story) throw new Error('there is no story yet');
  const storyParam = stories.length > 1 && story.id !== stories[0].id ? story.id : null;
  const chapters = story.chapters;
  document.title = `${story.title} — Westward`;
  setText(byId('story-title'), story.title.replace(/^Westward:\s*/, ''));

  const mapBox = () => byId('map').getBoundingClientRect();
  const stateOf = (i) => chapterState(chapters[i], { start: data.start, end: data.end, width: mapBox().width, height: mapBox().height });
  const store = createStore({ ...DEFAULTS, ...stateOf(first) });
  let index = first;
  let view = null;

  const viewer = createViewer(data, store, {
    panel: byId('panel'),
    legend: { open: false, highlight: true },
    fitPadding: { topLeft: [24, 24], bottomRight: [24, 24] },
    revealPad: () => (phone.matches ? { bottom: byId('panel').offsetHeight } : { right: byId('panel').offsetWidth }),
    onSelected: (ev) => view && view.markCited(ev ? ev.id : null),
  });
  viewer.setHighlighted(chapters[first].events || []);
  view = createChapterView({ chapters, model: data.model, store, viewer, storyParam });

  // The chapter menu and the buttons.
  const select = /** @type {HTMLSelectElement} */ (byId('chapter-select'));
  select.replaceChildren(...chapters.map((c, i) => el('option', { value: String(i), text: `${i + 1}. ${c.title}` })));
  select.addEventListener('change', () => go(Number(select.value), { focus: false }));
  byId('prev-chapter').addEventListener('click', () => go(index - 1));
  byId('next-chapter').addEventListener('click', () => go(index + 1));

  showStatus('');
  view.render(first);
  await viewer.draw();
  viewer.start();

  /**
   * go shows chapter i: the map state, the text and the address.
   * @param {number} i
   * @param {{focus?: boolean}} [o] focus the chapter heading (for keyboard and screen readers)
   */
  function go(i, o = {}) {
    if (i < 0 || i >= chapters.length || i === index) return;
    index = i;
    const patch = stateOf(i);
    const mapView = patch.view;
    delete patch.view;
    store.set(patch);
    viewer.setHighlighted(chapters[i].events || []);
    if (mapView) viewer.goTo(mapView, { animate: !reduceMotion.matches });
    view.render(i);
    setText(byId('chapter-announce'), `Chapter ${i + 1} of ${chapters.length}: ${chapters[i].title}`);
    if (o.focus) byId('chapter-title').focus({ preventScroll: true });
    byId('chapter').scrollTop = 0;
  }

  store.subscribe((s, changed) => {
    if (changed.has('view') || changed.has('sel')) view.updateMapLink();
  });
  const presenter = createPresenter(byId('presenter'));
  const printView = createPrintView(byId('print-view'), { story, data, stateOf: (i) => chapterState(chapters[i], { start: data.start, end: data.end }) });
  byId('print-story').addEventListener('click', () => {
    printView.build();
    window.print();
  });
  document.addEventListener('keydown', (e) => onStoryKey(e, { viewer, store, index: () => index, last: chapters.length - 1, go, presenter }));

  await viewer.finish();
  viewer.publish(() => ({ story: story.id, chapter: chapters[index].id, index, chapters: chapters.length, presenting: presenter.presenting }));
  await nextFrame();
  document.documentElement.dataset.ready = '1';
}
