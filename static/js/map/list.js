/**
 * The event list: the events in the current time and filters, newest first, as buttons a
 * screen reader can walk. Rows are built once per event and reused, and only the first pages
 * are in the DOM, so refreshing the list while playing stays cheap.
 */

import { el, setText } from '../core/dom.js';
import { formatNumber, plural, formatDay, placeText } from '../core/format.js';
import { kindColor } from '../core/theme.js';

const PAGE = 100;

/**
 * createList mounts the list in root.
 * @param {HTMLElement} root
 * @param {{onSelect: (id: string) => void}} opts
 */
export function createList(root, { onSelect }) {
  const summary = el('p', { class: 'list-summary', id: 'list-summary' });
  const list = el('ol', { class: 'event-list', 'aria-labelledby': 'list-summary' });
  const more = el('button', {
    type: 'button', class: 'more-button', hidden: true,
    onclick: () => {
      limit += PAGE;
      render();
    },
  });
  root.append(summary, list, more);
  /** @type {import('./events.js').EventRecord[]} */
  let items = [];
  let shown = [];
  let limit = PAGE;
  let selected = null;
  const rows = new Map();

  function row(ev) {
    let li = rows.get(ev.i);
    if (li) return li;
    const p = ev.props;
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    const color = kindColor(ev.kind);
    if (ev.precision === 'day') swatch.style.background = color;
    else swatch.style.border = `2px dashed ${color}`;
    const place = placeText(p.place, ev.countryName);
    li = el('li', null, el('button', {
      type: 'button', class: 'event-row', dataset: { id: ev.id },
      onclick: () => onSelect(ev.id),
    },
    swatch,
    el('span', { class: 'row-main' },
      el('span', { class: 'row-title', text: ev.title }),
      el('span', { class: 'row-meta', text: `${p.date_label || formatDay(ev.s)} · ${place}` })),
    ev.props.casualties && ev.props.casualties.killed ? el('span', { class: 'row-toll', text: ev.props.casualties.killed.label }) : null));
    rows.set(ev.i, li);
    return li;
  }

  function render() {
    const next = items.slice(0, limit);
    const same = next.length === shown.length && next.every((ev, k) => ev === shown[k]);
    if (!same) {
      list.replaceChildren(...next.map(row));
      shown = next;
      markSelected();
    }
    const rest = items.length - next.length;
    more.hidden = rest <= 0;
    if (rest > 0) setText(more, `Show ${formatNumber(Math.min(PAGE, rest))} more of ${formatNumber(rest)}`);
    setText(summary, items.length ? `${plural(items.length, 'event')}, newest first` : 'No events in this time and these filters.');
  }

  function markSelected() {
    for (const ev of shown) {
      const button = rows.get(ev.i).firstChild;
      const on = ev.id === selected;
      if (on) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  // Up and down walk the rows; left and right stay with the time controls.
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const li = e.target.closest('li');
    const next = li && (e.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling);
    if (next) next.firstChild.focus();
    e.preventDefault();
  });

  return {
    /**
     * update shows events (any order; they are sorted newest first here).
     * @param {import('./events.js').EventRecord[]} events
     */
    update(events) {
      items = events.slice().sort((a, b) => b.s - a.s || b.i - a.i);
      render();
    },
    /**
     * setSelected marks the event's row; reveal scrolls it into view, paging as needed.
     * @param {string|null} id
     * @param {{reveal?: boolean}} [opts]
     */
    setSelected(id, opts = {}) {
      selected = id;
      if (opts.reveal && id) {
        const at = items.findIndex((ev) => ev.id === id);
        if (at >= limit) {
          limit = Math.ceil((at + 1) / PAGE) * PAGE;
          render();
        }
      }
      markSelected();
      if (opts.reveal && id) {
        const ev = shown.find((x) => x.id === id);
        if (ev && root.offsetParent) rows.get(ev.i).scrollIntoView({ block: 'nearest' });
      }
    },
    /**
     * neighbour is the id `step` rows away from id in the list (the newest when id is not
     * listed), for stepping through events with the keyboard.
     * @param {string|null} id
     * @param {number} step
     */
    neighbour(id, step) {
      if (!items.length) return null;
      const at = items.findIndex((ev) => ev.id === id);
      if (at < 0) return items[0].id;
      const k = Math.min(items.length - 1, Math.max(0, at + step));
      return items[k].id;
    },
  };
}
