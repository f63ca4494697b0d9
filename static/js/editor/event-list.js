/**
 * The editor's event list: a full-text search over the API (q=), newest events first, each
 * row a button that opens the event in the form. Only the first rows are in the DOM; "Show
 * more" adds the next ones.
 */

import { el, setText } from '../core/dom.js';
import { formatNumber, placeText } from '../core/format.js';
import { KIND } from '../core/vocab.js';
import { ApiError, listEvents } from './session.js';
import { kindColor } from '../core/theme.js';

const PAGE = 200;
const SEARCH_DELAY_MS = 250;

/**
 * createList mounts the list in root.
 * @param {HTMLElement} root
 * @param {{onSelect: (id: string) => void, onNew: () => void, onError: (err: Error) => void}} opts
 */
export function createList(root, { onSelect, onNew, onError }) {
  const search = /** @type {HTMLInputElement} */ (el('input', {
    type: 'search', class: 'search', id: 'event-search', placeholder: 'Search title, place, summary…',
    autocomplete: 'off', spellcheck: 'false', 'aria-controls': 'event-rows',
  }));
  const summary = el('p', { class: 'list-summary', id: 'list-summary', 'aria-live': 'polite' });
  const rows = el('ol', { class: 'event-list editor-rows', id: 'event-rows', 'aria-labelledby': 'list-summary' });
  const more = el('button', { type: 'button', class: 'more-button', hidden: true, onclick: () => { limit += PAGE; render(); } });
  root.append(
    el('div', { class: 'list-head' },
      el('label', { class: 'visually-hidden', for: 'event-search', text: 'Search events' }),
      search,
      el('button', { type: 'button', class: 'button button-primary', id: 'new-event', onclick: () => onNew() },
        el('span', { 'aria-hidden': 'true', text: '+' }), ' New event')),
    el('div', { class: 'list-scroll' }, summary, rows, more));

  /** @type {any[]} */
  let items = [];
  let limit = PAGE;
  let selected = null;
  let timer = 0;
  let controller = null;

  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => load(), SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      window.clearTimeout(timer);
      load();
    }
  });

  function row(f) {
    const p = f.properties || {};
    const kind = KIND[p.kind] || { label: p.kind || '' };
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = kindColor(p.kind);
    const meta = [p.date_label || p.date || '', placeText(p.place || '', p.country_name || p.country || '')].filter(Boolean).join(' · ');
    return el('li', null, el('button', {
      type: 'button', class: 'event-row', dataset: { id: String(f.id) },
      'aria-current': f.id === selected ? 'true' : null,
      onclick: () => onSelect(String(f.id)),
    },
    swatch,
    el('span', { class: 'row-main' },
      el('span', { class: 'row-title', text: p.title || String(f.id) }),
      el('span', { class: 'row-meta', text: meta }),
      el('span', { class: 'row-id', text: String(f.id) }))));
  }

  function render() {
    rows.replaceChildren(...items.slice(0, limit).map(row));
    const q = search.value.trim();
    setText(summary, items.length === 0
      ? (q ? `No event matches “${q}”.` : 'No events yet.')
      : `${formatNumber(items.length)} ${items.length === 1 ? 'event' : 'events'}${q ? ` matching “${q}”` : ''}`);
    more.hidden = items.length <= limit;
    if (!more.hidden) setText(more, `Show ${formatNumber(Math.min(PAGE, items.length - limit))} more`);
  }

  async function load() {
    if (controller) controller.abort();
    const mine = new AbortController();
    controller = mine;
    root.setAttribute('aria-busy', 'true');
    try {
      const features = await listEvents(search.value.trim(), mine.signal);
      if (controller !== mine) return;
      features.sort((a, b) => String(b.properties.start || '').localeCompare(String(a.properties.start || ''))
        || String(a.properties.title || '').localeCompare(String(b.properties.title || '')));
      items = features;
      limit = PAGE;
      render();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      setText(summary, err instanceof ApiError && err.parameter === 'q' ? `Search: ${err.message}` : 'The events could not be loaded.');
      onError(err);
    } finally {
      if (controller === mine) {
        controller = null;
        root.removeAttribute('aria-busy');
      }
    }
  }

  return {
    /** load fetches the events matching the search box. */
    load,
    /**
     * select marks the event shown in the form (null for none or a new one).
     * @param {string|null} id
     */
    select(id) {
      selected = id;
      for (const b of rows.querySelectorAll('.event-row')) {
        if (/** @type {HTMLElement} */ (b).dataset.id === id) b.setAttribute('aria-current', 'true');
        else b.removeAttribute('aria-current');
      }
    },
  };
}
