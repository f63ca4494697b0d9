/**
 * The event panel: what happened and who says so. Casualties are shown as the range across
 * sources and then source by source with each source's own hedge ("at least 95"), followed by
 * the sources with their quotes and publication details. Built with DOM APIs only.
 */

import { el } from '../core/dom.js';
import { fetchHistory, STATIC } from '../core/api.js';
import { figureText, edtfLabel, formatDay, placeText } from '../core/format.js';
import { KIND, MEASURES, ACTORS, ATTRIBUTIONS, LINK_ROLES, DATE_PRECISION, LOCATION_PRECISION, LOCATION_ROLES, labelOf } from '../core/vocab.js';
import { kindColor } from '../core/theme.js';

/** REACH_TEXT says how the reach rule counts an event (geo.Reach). */
const REACH_TEXT = Object.freeze({
  presence: 'presence: counts toward reach',
  alleged: 'alleged presence: shown hatched, counted apart unless alleged presence is included',
  named: 'a target or audience named, not presence: never counts as reached',
});

/**
 * createPanel manages the panel element (side panel on wide screens, bottom sheet on phones).
 * @param {HTMLElement} root
 * @param {{sources: Map<string, any>, onClose: () => void}} opts
 */
export function createPanel(root, { sources, onClose }) {
  let current = null;

  function close() {
    onClose();
  }

  function sourceName(id) {
    const s = sources.get(id);
    return s ? s.publication : id;
  }

  function casualties(p) {
    const rows = [];
    for (const { id: measure, label } of MEASURES) {
      const range = p.casualties && p.casualties[measure];
      const perSource = (p.sources || []).flatMap((c) => (c.figures || [])
        .filter((f) => f.measure === measure)
        .map((f) => ({ source: c.source, text: figureText(f) })));
      if (!range && perSource.length === 0) continue;
      rows.push(el('div', { class: 'figure' },
        el('div', { class: 'figure-head' },
          el('span', { class: 'figure-label', text: label }),
          el('span', { class: 'figure-range', text: range ? range.label : '—' })),
        perSource.length ? el('ul', { class: 'figure-sources' },
          perSource.map((f) => el('li', null, el('span', { text: sourceName(f.source) }), el('span', { class: 'figure-value', text: f.text })))) : null));
    }
    return rows.length ? el('section', { class: 'panel-section', 'aria-labelledby': 'panel-figures' },
      el('h3', { id: 'panel-figures', text: 'Casualties and detentions' }), rows) : null;
  }

  function linksSection(p) {
    const links = p.links || [];
    if (!links.length) return null;
    return el('section', { class: 'panel-section', 'aria-labelledby': 'panel-links' },
      el('h3', { id: 'panel-links', text: 'Linked places' }),
      el('ul', { class: 'links' }, links.map((l) => el('li', null,
        el('p', { class: 'link-head' },
          el('strong', { text: LINK_ROLES[l.role] || l.role }), ` — ${l.place || l.country}`),
        l.quote ? el('blockquote', { class: 'quote' }, el('p', { text: `“${l.quote}”` }),
          el('footer', { text: sourceName(l.source) })) : null))));
  }

  function sourcesSection(p) {
    const cites = p.sources || [];
    if (!cites.length) return null;
    return el('section', { class: 'panel-section', 'aria-labelledby': 'panel-sources' },
      el('h3', { id: 'panel-sources', text: cites.length === 1 ? 'Source' : `Sources (${cites.length})` }),
      el('ol', { class: 'sources' }, cites.map((c) => {
        const s = sources.get(c.source) || { publication: c.source, title: '', authors: [] };
        // only web addresses become links: a stored javascript: URL stays inert text
        const linked = /^https?:\/\//i.test(s.url || '');
        const title = linked
          ? el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: s.title || s.url })
          : el('span', { text: s.title });
        const meta = [(s.authors || []).join(', '), s.published ? edtfLabel(s.published) : '', linked ? '' : 'no public link']
          .filter(Boolean).join(' · ');
        return el('li', { class: 'source' },
          el('p', { class: 'source-pub', text: s.publication }),
          s.title || s.url ? el('p', { class: 'source-title' }, title) : null,
          meta ? el('p', { class: 'source-meta', text: meta }) : null,
          s.published_note ? el('p', { class: 'source-note', text: s.published_note }) : null,
          (c.quotes || []).map((q) => el('blockquote', { class: 'quote' }, el('p', { text: `“${q}”` }))));
      })));
  }

  // changesSection shows when the event last changed and, on request, its change log: every
  // recorded edit with its date, kind and the fields it touched.
  function changesSection(ev) {
    const updated = ev.props.updated_at;
    if (!updated || STATIC) return null;
    const when = new Date(updated);
    const log = el('ol', { class: 'change-log', hidden: true });
    const button = el('button', { type: 'button', class: 'link-button change-log-toggle', 'aria-expanded': 'false', text: 'Show the change log' });
    button.addEventListener('click', async () => {
      const open = button.getAttribute('aria-expanded') === 'true';
      button.setAttribute('aria-expanded', String(!open));
      button.textContent = open ? 'Show the change log' : 'Hide the change log';
      log.hidden = open;
      if (open || log.childElementCount) return;
      try {
        const h = await fetchHistory(ev.id);
        const revs = (h && h.revisions) || [];
        log.replaceChildren(...(revs.length ? revs.map((r) => el('li', null,
          el('time', { datetime: r.at, text: new Date(r.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) }),
          ` · ${r.action} by ${r.by}`,
          r.changed && r.changed.length ? ` · ${r.changed.join(', ')}` : '')) : [el('li', { text: 'No edits since it was loaded from the sources.' })]));
      } catch (err) {
        log.replaceChildren(el('li', { text: 'The change log could not be loaded.' }));
      }
    });
    return el('section', { class: 'panel-section', 'aria-labelledby': 'panel-changes' },
      el('h3', { id: 'panel-changes', text: 'Changes' }),
      el('p', { class: 'source-meta' }, 'Last changed ',
        el('time', { datetime: updated, text: when.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }) })),
      button, log);
  }

  return {
    /** current is the id of the event shown, or null. */
    get current() { return current; },
    /**
     * show renders ev; focus moves to the title when the reader asked for it (not on load).
     * @param {import('./events.js').EventRecord} ev
     * @param {{focus?: boolean}} [opts]
     */
    show(ev, opts = {}) {
      current = ev.id;
      const p = ev.props;
      const kind = KIND[ev.kind] || { label: ev.kind };
      const dot = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      dot.style.background = kindColor(ev.kind);
      const dateLabel = p.date_label || formatDay(ev.s);
      const precision = DATE_PRECISION[ev.precision] || ev.precision;
      const endLabel = p.end_date ? ` to ${edtfLabel(p.end_date)}` : '';
      const place = placeText(p.place, p.country_name);
      root.replaceChildren(...[
        el('div', { class: 'panel-grip', 'aria-hidden': 'true' }),
        el('header', { class: 'panel-head' },
          el('p', { class: 'panel-kind' }, dot, kind.label),
          el('button', { type: 'button', class: 'icon-button panel-close', 'aria-label': 'Close event details', onclick: close }, '×')),
        el('h2', { id: 'panel-title', class: 'panel-title', tabindex: '-1', text: ev.title }),
        el('p', { class: 'panel-date' },
          el('time', { datetime: p.date, text: `${dateLabel}${endLabel}` }),
          el('span', { class: 'precision', text: precision })),
        el('dl', { class: 'facts' },
          el('dt', { text: 'Place' }), el('dd', null, place,
            p.location_precision ? el('span', { class: 'precision', text: LOCATION_PRECISION[p.location_precision] || p.location_precision }) : null),
          el('dt', { text: 'The point is' }), el('dd', { class: 'role', text: LOCATION_ROLES[ev.role] || ev.role }),
          el('dt', { text: 'Actor' }), el('dd', { text: labelOf(ACTORS, ev.actor) }),
          el('dt', { text: 'Attribution' }), el('dd', { text: labelOf(ATTRIBUTIONS, ev.attribution) }),
          el('dt', { text: 'Counts as' }), el('dd', { class: 'reach', text: REACH_TEXT[ev.reach] || ev.reach })),
        casualties(p),
        p.summary ? el('section', { class: 'panel-section', 'aria-labelledby': 'panel-summary' },
          el('h3', { id: 'panel-summary', text: 'What happened' }), el('p', { class: 'summary', text: p.summary })) : null,
        p.notes ? el('section', { class: 'panel-section', 'aria-labelledby': 'panel-notes' },
          el('h3', { id: 'panel-notes', text: 'Notes' }), el('p', { class: 'notes', text: p.notes })) : null,
        linksSection(p),
        sourcesSection(p),
        (p.tags || []).length ? el('ul', { class: 'tags', 'aria-label': 'Tags' }, p.tags.map((t) => el('li', { text: t }))) : null,
        changesSection(ev),
      ].filter(Boolean));
      root.hidden = false;
      root.scrollTop = 0;
      document.body.classList.add('has-panel');
      if (opts.focus) root.querySelector('#panel-title').focus({ preventScroll: true });
    },
    /** hide closes the panel. */
    hide() {
      current = null;
      root.hidden = true;
      root.replaceChildren();
      document.body.classList.remove('has-panel');
    },
  };
}
