/**
 * A story chapter's text beside the map: its heading, when and which filters it shows, its
 * narrative, the events it cites, the progress bar and the address (?chapter=<id>, and
 * ?story=<id> when it is not the first story), and the link to the full map of this view.
 */

import { byId, el, setText } from '../core/dom.js';
import { formatDay, placeText } from '../core/format.js';
import { labelOf, KINDS, ACTORS, ATTRIBUTIONS } from '../core/vocab.js';
import { toQuery } from '../core/state.js';
import { kindColor } from '../core/theme.js';
import { chapterLabel } from './chapter.js';

/**
 * createChapterView returns render(i), which shows chapter i's text, markCited(id), which
 * marks the cited event that is selected, and updateMapLink, which points the full map's link
 * at the view shown.
 * @param {{chapters: any[], model: any, store: any, viewer: any, storyParam: string|null}} ctx
 */
export function createChapterView({ chapters, model, store, viewer, storyParam }) {
  const names = new Map(model.events.map((ev) => [ev.country, ev.countryName]));
  const select = /** @type {HTMLSelectElement} */ (byId('chapter-select'));

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
  function render(i) {
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
  return { render, markCited, updateMapLink };
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
