/**
 * A place-name typeahead over the server's offline gazetteer (GET /api/geocode). It follows
 * the ARIA combobox pattern: the input keeps focus, arrow keys move through the ranked
 * candidates, Enter or a click picks one, Escape closes. Picking fills the place, country,
 * coordinates and precision through onPick. Nothing is asked of any outside service.
 */

import { el, setText } from '../core/dom.js';
import { formatNumber } from '../core/format.js';
import { geocode } from './session.js';
import { uid } from './fields.js';

const DELAY_MS = 220;
const MIN_CHARS = 2;

/**
 * @typedef {{name: string, country: string, country_name: string, coordinates: number[], precision: string, population?: number}} Candidate
 */

/**
 * attachGeocoder turns a text input into a place combobox. The returned element (the list
 * and its credit line) must be placed right after the input, inside a positioned parent.
 * @param {HTMLInputElement} inputEl
 * @param {{country: () => string, onPick: (c: Candidate) => void}} opts
 * @returns {HTMLElement}
 */
export function attachGeocoder(inputEl, { country, onPick }) {
  const listId = uid('places');
  const list = el('ul', { class: 'geocode-list', id: listId, role: 'listbox', 'aria-label': 'Matching places' });
  const state = el('p', { class: 'geocode-state' });
  const credit = el('p', { class: 'geocode-credit', text: 'Place names: GeoNames, CC BY 4.0' });
  const popup = el('div', { class: 'geocode-popup', hidden: true }, state, list, credit);
  inputEl.setAttribute('role', 'combobox');
  inputEl.setAttribute('aria-autocomplete', 'list');
  inputEl.setAttribute('aria-expanded', 'false');
  inputEl.setAttribute('aria-controls', listId);
  inputEl.setAttribute('autocomplete', 'off');

  /** @type {Candidate[]} */
  let results = [];
  let active = -1;
  let timer = 0;
  let controller = null;
  let lastQuery = '';

  function open(show) {
    popup.hidden = !show;
    inputEl.setAttribute('aria-expanded', String(show));
    if (!show) {
      inputEl.removeAttribute('aria-activedescendant');
      active = -1;
    }
  }

  function setActive(i) {
    const options = list.querySelectorAll('[role="option"]');
    active = options.length ? (i + options.length) % options.length : -1;
    options.forEach((o, k) => o.setAttribute('aria-selected', String(k === active)));
    if (active >= 0) {
      inputEl.setAttribute('aria-activedescendant', options[active].id);
      options[active].scrollIntoView({ block: 'nearest' });
    } else {
      inputEl.removeAttribute('aria-activedescendant');
    }
  }

  function pick(i) {
    const c = results[i];
    if (!c) return;
    open(false);
    window.clearTimeout(timer);
    lastQuery = c.name;
    onPick(c);
  }

  function render() {
    list.replaceChildren(...results.map((c, i) => {
      const bits = [c.country_name ? `${c.country_name} (${c.country})` : c.country,
        c.precision ? `${c.precision} precision` : '',
        c.population ? `pop. ${formatNumber(c.population)}` : ''].filter(Boolean);
      return el('li', {
        class: 'geocode-option', role: 'option', id: `${listId}-${i}`, 'aria-selected': 'false',
        dataset: { country: c.country, precision: c.precision },
        onmousedown: (ev) => ev.preventDefault(), // keep the focus in the input
        onclick: () => pick(i),
      },
      el('span', { class: 'geocode-name', text: c.name }),
      el('span', { class: 'geocode-meta', text: bits.join(' · ') }));
    }));
    active = -1;
  }

  async function search() {
    const q = inputEl.value.trim();
    if (q.length < MIN_CHARS) {
      open(false);
      return;
    }
    if (controller) controller.abort();
    const mine = new AbortController();
    controller = mine;
    lastQuery = q;
    setText(state, 'Searching…');
    state.hidden = false;
    open(true);
    try {
      const body = await geocode(q, country(), mine.signal);
      if (controller !== mine) return;
      results = body.results || [];
      render();
      setText(state, results.length ? '' : `No place called “${q}”. Type the coordinates or place the pin on the map.`);
      state.hidden = results.length > 0;
      if (document.activeElement === inputEl) open(true);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      results = [];
      render();
      setText(state, `Place search failed: ${err.message}`);
      state.hidden = false;
    } finally {
      if (controller === mine) controller = null;
    }
  }

  inputEl.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DELAY_MS);
  });
  inputEl.addEventListener('keydown', (ev) => {
    const shown = !popup.hidden && results.length > 0;
    switch (ev.key) {
      case 'ArrowDown':
        if (!shown) {
          if (inputEl.value.trim().length >= MIN_CHARS) search();
          return;
        }
        ev.preventDefault();
        setActive(active + 1);
        break;
      case 'ArrowUp':
        if (!shown) return;
        ev.preventDefault();
        setActive(active - 1);
        break;
      case 'Enter':
        if (shown && active >= 0) {
          ev.preventDefault();
          pick(active);
        }
        break;
      case 'Escape':
        if (!popup.hidden) {
          ev.preventDefault();
          ev.stopPropagation();
          open(false);
        }
        break;
      default:
    }
  });
  inputEl.addEventListener('blur', () => {
    window.setTimeout(() => open(false), 120);
  });
  inputEl.addEventListener('focus', () => {
    if (results.length && inputEl.value.trim() === lastQuery) open(true);
  });
  return popup;
}
