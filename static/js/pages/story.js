/**
 * The story page (story.html): a story's chapters beside the map, one at a time. Each chapter
 * sets the map's time, window, filters and view and haloes the events it cites; the reader
 * moves with the buttons, the chapter menu or the keys (← → and PageUp/PageDown, which
 * presenter clickers send; Home and End). The URL keeps ?chapter=<id> (and ?story=<id> when it
 * is not the first story), so every chapter has a link. "P" or the Present button enters a
 * full-screen, large-type, high-contrast mode for projectors; printing lays out every chapter
 * on its own page with a drawn map (print.js).
 */

import { fetchStories } from '../core/api.js';
import { byId, el, setText } from '../core/dom.js';
import { formatDay, placeText } from '../core/format.js';
import { labelOf, KINDS, ACTORS, ATTRIBUTIONS } from '../core/vocab.js';
import { createStore, DEFAULTS, toQuery } from '../core/state.js';
import { loadMapData, createViewer, nextFrame, showStatus } from '../map/viewer.js';
import { chapterState, chapterLabel, findChapter } from '../story/chapter.js';
import { createPrintView } from '../story/print.js';
import { kindColor } from '../core/theme.js';

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
  const { model } = data;
  const chapters = story.chapters;
  const names = new Map(model.events.map((ev) => [ev.country, ev.countryName]));
  document.title = `${story.title} — Westward`;
  setText(byId('story-title'), story.title.replace(/^Westward:\s*/, ''));

  const mapBox = () => byId('map').getBoundingClientRect();
  const stateOf = (i) => chapterState(chapters[i], { start: data.start, end: data.end, width: mapBox().width, height: mapBox().height });
  const store = createStore({ ...DEFAULTS, ...stateOf(first) });
  let index = first;

  const viewer = createViewer(data, store, {
    panel: byId('panel'),
    legend: { open: false, highlight: true },
    fitPadding: { topLeft: [24, 24], bottomRight: [24, 24] },
    revealPad: () => (phone.matches ? { bottom: byId('panel').offsetHeight } : { right: byId('panel').offsetWidth }),
    onSelected: (ev) => markCited(ev ? ev.id : null),
  });
  viewer.setHighlighted(chapters[first].events || []);

  // The chapter menu and the buttons.
  const select = /** @type {HTMLSelectElement} */ (byId('chapter-select'));
  select.replaceChildren(...chapters.map((c, i) => el('option', { value: String(i), text: `${i + 1}. ${c.title}` })));
  select.addEventListener('change', () => go(Number(select.value), { focus: false }));
  byId('prev-chapter').addEventListener('click', () => go(index - 1));
  byId('next-chapter').addEventListener('click', () => go(index + 1));

  showStatus('');
  renderChapter(first);
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
    const view = patch.view;
    delete patch.view;
    store.set(patch);
    viewer.setHighlighted(chapters[i].events || []);
    if (view) viewer.goTo(view, { animate: !reduceMotion.matches });
    renderChapter(i);
    setText(byId('chapter-announce'), `Chapter ${i + 1} of ${chapters.length}: ${chapters[i].title}`);
    if (o.focus) byId('chapter-title').focus({ preventScroll: true });
    byId('chapter').scrollTop = 0;
  }

  function renderChapter(i) {
    const c = chapters[i];
    setText(byId('chapter-kicker'), `Chapter ${i + 1} of ${chapters.length}`);
    setText(byId('chapter-title'), c.title);
    byId('chapter-when').replaceChildren(
      el('span', { class: 'when-label', text: chapterLabel(c) }),
      el('span', { class: 'when-mode', text: c.mode === 'window' ? 'events in this period' : 'every event to date' }),
      ...filterNotes(c.filters, names));
    byId('chapter-narrative').replaceChildren(...String(c.narrative).split(/\n\s*\n/).map((p) => el('p', { text: p.trim() })));
    byId('cited-list').replaceChildren(...(c.events || []).map((id) => citedItem(id)));
    setText(byId('progress-text'), `${i + 1} / ${chapters.length}`);
    byId('progress-bar').style.width = `${((i + 1) / chapters.length) * 100}%`;
    byId('story-progress').title = `Chapter ${i + 1} of ${chapters.length}`;
    /** @type {HTMLButtonElement} */ (byId('prev-chapter')).disabled = i === 0;
    /** @type {HTMLButtonElement} */ (byId('next-chapter')).disabled = i === chapters.length - 1;
    // A button that just became disabled drops focus: hand it to its partner.
    const active = /** @type {HTMLButtonElement} */ (document.activeElement);
    if (active && active.disabled) byId(active.id === 'next-chapter' ? 'prev-chapter' : 'next-chapter').focus();
    select.value = String(i);
    const q = new URLSearchParams();
    if (storyParam) q.set('story', storyParam);
    q.set('chapter', c.id);
    history.replaceState(null, '', `${location.pathname}?${q}${location.hash}`);
    updateMapLink();
    markCited(store.get().sel);
  }

  function citedItem(id) {
    const ev = model.byId.get(id);
    if (!ev) return null;
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = kindColor(ev.kind);
    return el('li', null, el('button', {
      type: 'button', class: 'cited-event', dataset: { id },
      onclick: () => viewer.select(id, { reveal: true, focus: true }),
    },
    swatch,
    el('span', { class: 'row-main' },
      el('span', { class: 'row-title', text: ev.title }),
      el('span', { class: 'row-meta', text: `${ev.props.date_label || formatDay(ev.s)} · ${placeText(ev.props.place, ev.countryName)}` }))));
  }

  function markCited(id) {
    for (const b of byId('cited-list').querySelectorAll('.cited-event')) {
      if (b.dataset.id === id) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  function updateMapLink() {
    const s = store.get();
    const query = toQuery({ ...s, sel: s.sel });
    /** @type {HTMLAnchorElement} */ (byId('open-map')).href = `./${query ? `?${query}` : ''}`;
  }
  store.subscribe((s, changed) => {
    if (changed.has('view') || changed.has('sel')) updateMapLink();
  });

  // Presenter mode: full screen where the browser allows it, large type, high contrast.
  const presenter = byId('presenter');
  let presenting = false;
  function present(on) {
    presenting = on;
    document.body.classList.toggle('is-presenting', on);
    presenter.setAttribute('aria-pressed', String(on));
    setText(presenter.querySelector('.button-text'), on ? 'Exit presenting' : 'Present');
    const page = /** @type {any} */ (document.documentElement);
    const doc = /** @type {any} */ (document);
    const request = page.requestFullscreen || page.webkitRequestFullscreen;
    const exit = doc.exitFullscreen || doc.webkitExitFullscreen;
    const full = doc.fullscreenElement || doc.webkitFullscreenElement;
    // Full screen is a bonus: refused (no user gesture, a frame without allow="fullscreen"),
    // the class alone still gives the large, high-contrast layout.
    if (on && !full && request) Promise.resolve(request.call(page)).catch(() => {});
    if (!on && full && exit) Promise.resolve(exit.call(doc)).catch(() => {});
  }
  presenter.addEventListener('click', () => present(!presenting));
  for (const type of ['fullscreenchange', 'webkitfullscreenchange']) {
    document.addEventListener(type, () => {
      const doc = /** @type {any} */ (document);
      if (!(doc.fullscreenElement || doc.webkitFullscreenElement) && presenting) present(false);
    });
  }

  const printView = createPrintView(byId('print-view'), { story, data, stateOf: (i) => chapterState(chapters[i], { start: data.start, end: data.end }) });
  byId('print-story').addEventListener('click', () => {
    printView.build();
    window.print();
  });

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = /** @type {HTMLElement} */ (e.target);
    const tag = target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return;
    if (viewer.mapKey(e)) {
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case 'ArrowRight':
      case 'PageDown':
        go(index + 1, { focus: true });
        break;
      case 'ArrowLeft':
      case 'PageUp':
        go(index - 1, { focus: true });
        break;
      case 'Home':
        if (target.closest('.panel')) return;
        go(0, { focus: true });
        break;
      case 'End':
        if (target.closest('.panel')) return;
        go(chapters.length - 1, { focus: true });
        break;
      case 'p':
      case 'P':
        present(!presenting);
        break;
      case 'Escape':
        if (store.get().sel) document.querySelector('.panel-close')?.click();
        else if (presenting) present(false);
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  });

  await viewer.finish();
  viewer.publish(() => ({ story: story.id, chapter: chapters[index].id, index, chapters: chapters.length, presenting }));
  await nextFrame();
  document.documentElement.dataset.ready = '1';
}

/**
 * filterNotes says which filters a chapter applies, as short badges ("ISKP only").
 * @param {Record<string, string>|undefined} filters
 * @param {Map<string, string>} names country names by code
 */
function filterNotes(filters, names) {
  if (!filters) return [];
  const lists = { kind: KINDS, actor: ACTORS, attribution: ATTRIBUTIONS };
  const notes = [];
  for (const [param, value] of Object.entries(filters)) {
    const values = String(value).split(',').filter(Boolean);
    if (param === 'q') notes.push(`matching “${value}”`);
    else if (param === 'country') notes.push(`in ${values.map((v) => names.get(v) || v).join(' and ')}`);
    else if (lists[param]) notes.push(`${values.map((v) => labelOf(lists[param], v)).join(', ')} only`);
  }
  return notes.map((text) => el('span', { class: 'when-filter', text }));
}
