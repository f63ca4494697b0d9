/**
 * Filters: kind, actor, attribution and country checkboxes with live counts, and a text
 * search. Checked means shown; a facet with every box checked is "no filter" (null in the
 * state). Counts are facet counts: how many events in the current time would show if that box
 * alone changed, i.e. each facet counted against all the other filters.
 */

import { el, setText } from '../core/dom.js';
import { formatNumber } from '../core/format.js';
import { KINDS, ACTORS, ATTRIBUTIONS } from '../core/vocab.js';
import { kindColor } from '../core/theme.js';
import { FACETS, DEFAULTS } from '../core/state.js';
import { searchText } from './events.js';

/**
 * matcher compiles the state's filters into a predicate; `except` leaves one facet out.
 * @param {import('../core/state.js').State} state
 * @param {string} [except] a FACETS key
 * @returns {(ev: import('./events.js').EventRecord) => boolean}
 */
export function matcher(state, except) {
  const terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
  const sets = Object.entries(FACETS)
    .filter(([key]) => key !== except && state[key])
    .map(([key, facet]) => [state[key], facet.field]);
  return (ev) => {
    for (const [set, field] of sets) if (!set.has(ev[field])) return false;
    for (const term of terms) if (!searchText(ev).includes(term)) return false;
    return true;
  };
}

/**
 * facetCounts counts, per facet value, the events in time that pass every other filter.
 * @param {import('./events.js').EventRecord[]} events
 * @param {import('../core/state.js').State} state
 * @param {(ev: import('./events.js').EventRecord) => boolean} inTime
 */
export function facetCounts(events, state, inTime) {
  const keys = Object.keys(FACETS);
  const counts = Object.fromEntries(keys.map((k) => [k, new Map()]));
  const terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
  const pass = new Array(keys.length);
  for (const ev of events) {
    if (!inTime(ev)) continue;
    if (terms.length && !terms.every((term) => searchText(ev).includes(term))) continue;
    let failures = 0;
    keys.forEach((key, k) => {
      const set = state[key];
      pass[k] = !set || set.has(ev[FACETS[key].field]);
      if (!pass[k]) failures++;
    });
    if (failures > 1) continue;
    keys.forEach((key, k) => {
      if (failures === 1 && pass[k]) return;
      const value = ev[FACETS[key].field];
      counts[key].set(value, (counts[key].get(value) || 0) + 1);
    });
  }
  return counts;
}

/**
 * createFilters renders the controls into root.
 * @param {HTMLElement} root
 * @param {{countries: Array<{id: string, label: string}>, onChange: (patch: Partial<import('../core/state.js').State>) => void}} opts
 */
export function createFilters(root, { countries, onChange }) {
  const lists = {
    kinds: KINDS.map((k) => ({ ...k, color: kindColor(k.id) })), actors: ACTORS, attributions: ATTRIBUTIONS, countries,
  };
  const titles = { kinds: 'Kind', actors: 'Actor', attributions: 'Attribution', countries: 'Country' };
  /** @type {Record<string, Map<string, {input: HTMLInputElement, count: HTMLElement, row: HTMLElement}>>} */
  const rows = {};
  let searchTimer = 0;

  const search = el('input', {
    type: 'search', id: 'search', class: 'search', placeholder: 'Search events…',
    autocomplete: 'off', spellcheck: 'false',
    oninput: () => {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(() => onChange({ q: search.value.trim() }), 150);
    },
  });
  const reset = el('button', {
    type: 'button', class: 'link-button', text: 'Reset all',
    onclick: () => onChange({ q: '', kinds: null, actors: DEFAULTS.actors, attributions: null, countries: null, alleged: false }),
  });
  const alleged = el('input', { type: 'checkbox', id: 'count-alleged', onchange: () => onChange({ alleged: alleged.checked }) });
  root.append(
    el('div', { class: 'filters-head' },
      el('label', { for: 'search', class: 'visually-hidden', text: 'Search events' }),
      search, reset),
  );

  for (const [key, list] of Object.entries(lists)) {
    rows[key] = new Map();
    const name = titles[key].toLowerCase();
    const changed = () => {
      const checked = list.filter((item) => rows[key].get(item.id).input.checked).map((item) => item.id);
      onChange({ [key]: checked.length === list.length ? null : new Set(checked) });
    };
    const options = list.map((item) => {
      const input = el('input', { type: 'checkbox', value: item.id, checked: true, onchange: changed });
      const swatch = item.color ? el('span', { class: 'swatch', 'aria-hidden': 'true' }) : null;
      if (swatch) swatch.style.background = item.color;
      const count = el('span', { class: 'count', text: '0' });
      const row = el('label', { class: 'option' }, input, swatch, el('span', { class: 'option-name', text: item.label }), count);
      rows[key].set(item.id, { input, count, row });
      return row;
    });
    const all = (value) => () => {
      for (const r of rows[key].values()) r.input.checked = value;
      onChange({ [key]: value ? null : new Set() });
    };
    const titleId = `facet-${key}`;
    root.append(el('div', { class: `facet facet-${key}`, role: 'group', 'aria-labelledby': titleId },
      el('div', { class: 'facet-head' },
        el('h2', { class: 'facet-title', id: titleId, text: titles[key] }),
        el('button', { type: 'button', class: 'link-button', text: 'All', 'aria-label': `All: show every ${name}`, onclick: all(true) }),
        el('button', { type: 'button', class: 'link-button', text: 'None', 'aria-label': `None: hide every ${name}`, onclick: all(false) })),
      key === 'actors' ? el('p', { class: 'facet-note', text: 'ISKP alone by default. Checking another actor adds its events to the map and to what counts as reached; the reach card then says so.' }) : null,
      el('div', { class: 'options' }, options),
      key === 'attributions' ? el('label', { class: 'option option-rule' }, alleged,
        el('span', { class: 'option-name', text: 'Count alleged and disputed presence as reached (otherwise hatched and counted apart)' })) : null));
  }

  return {
    /**
     * sync shows the state's filters in the controls (after loading a URL or a reset).
     * @param {import('../core/state.js').State} state
     */
    sync(state) {
      if (document.activeElement !== search && search.value !== state.q) search.value = state.q;
      alleged.checked = Boolean(state.alleged);
      for (const key of Object.keys(lists)) {
        for (const [id, r] of rows[key]) r.input.checked = !state[key] || state[key].has(id);
      }
    },
    /**
     * setCounts writes the live counts; options with nothing to show are dimmed, not hidden,
     * so the list does not jump while playing.
     * @param {Record<string, Map<string, number>>} counts
     */
    setCounts(counts) {
      for (const key of Object.keys(lists)) {
        for (const [id, r] of rows[key]) {
          const n = counts[key].get(id) || 0;
          setText(r.count, formatNumber(n));
          r.row.classList.toggle('is-empty', n === 0);
        }
      }
    },
  };
}
