/**
 * An event's history: every recorded change with who made it, when and which fields it
 * touched, newest first. Any revision can be viewed as the event stood after it and restored
 * (restoring is itself a recorded change, so nothing is ever lost).
 */

import { el, setText } from '../core/dom.js';
import { edtfLabel, figureText } from '../core/format.js';
import { KIND, ACTORS, ATTRIBUTIONS, LINK_ROLES, labelOf } from '../core/vocab.js';
import { ApiError, history as fetchHistory, revision as fetchRevision, restore as postRestore } from './session.js';
import { ask, createDialog } from './dialog.js';
import { formatChanged } from './when.js';

const ACTIONS = { create: 'Created', update: 'Edited', delete: 'Deleted', restore: 'Restored', import: 'Imported' };
/** Properties derived from others: a change to them is already told by the field they come from. */
const DERIVED = new Set(['date_label', 'date_precision', 'start', 'end', 'casualties', 'country_name']);
const FIELD_NAMES = { geometry: 'point', location_precision: 'location precision', end_date: 'end date', sources: 'sources', links: 'links' };

/**
 * changedText lists the fields a revision changed, for a reader.
 * @param {{action: string, changed?: string[]}} r
 */
export function changedText(r) {
  if (r.action === 'create') return 'Created';
  if (r.action === 'delete') return 'Deleted';
  const fields = (r.changed || []).filter((f) => !DERIVED.has(f)).map((f) => FIELD_NAMES[f] || f.replace(/_/g, ' '));
  return fields.length ? `Changed ${fields.join(', ')}` : 'No field changed';
}

/**
 * createHistory mounts the history section in root.
 * @param {HTMLElement} root
 * @param {{sourceName: (id: string) => string, onRestored: (feature: any, etag: string) => void, onError: (err: Error) => void, onLoaded: (latest: any|null) => void, etag: () => string}} opts
 *   etag is the ETag of the event as the form holds it, sent as If-Match so a restore does not
 *   overwrite a save made since ("" for a deleted event)
 */
export function createHistory(root, { sourceName, onRestored, onError, onLoaded, etag }) {
  const heading = el('h2', { class: 'history-title', id: 'history-title', text: 'History' });
  const note = el('p', { class: 'ed-note', id: 'history-note' });
  const list = el('ol', { class: 'history-list', id: 'history-list', 'aria-labelledby': 'history-title' });
  root.append(heading, note, list);
  root.hidden = true;
  let current = null;
  let revisions = [];
  let exists = true;

  async function load(id, { deleted = false } = {}) {
    current = id;
    exists = !deleted;
    root.hidden = false;
    list.replaceChildren();
    setText(note, 'Loading the history…');
    try {
      const body = await fetchHistory(id);
      if (current !== id) return;
      revisions = body.revisions || [];
      render();
      onLoaded(revisions[0] || null);
    } catch (err) {
      if (current !== id) return;
      revisions = [];
      if (err instanceof ApiError && err.status === 404) {
        setText(note, 'No change recorded yet: this event is as the original dataset has it.');
      } else {
        setText(note, `The history could not be loaded: ${err.message}`);
        onError(err);
      }
      onLoaded(null);
    }
  }

  function render() {
    setText(note, revisions.length === 1 ? 'One recorded change.' : `${revisions.length} recorded changes, newest first.`);
    const newest = revisions.length ? revisions[0].revision : 0;
    list.replaceChildren(...revisions.map((r) => {
      const canRestore = r.action !== 'delete' && (r.revision !== newest || !exists);
      return el('li', { class: 'revision', dataset: { revision: String(r.revision), action: r.action } },
        el('div', { class: 'revision-main' },
          el('p', { class: 'revision-head' },
            el('span', { class: 'revision-number', text: `Revision ${r.revision}` }),
            el('span', { class: `revision-action action-${r.action}`, text: ACTIONS[r.action] || r.action })),
          el('p', { class: 'revision-meta' },
            el('time', { datetime: r.at, text: formatChanged(r.at) }), ` by ${r.by || 'unknown'}`),
          el('p', { class: 'revision-changed', text: changedText(r) })),
        el('div', { class: 'revision-actions' },
          r.action !== 'delete' ? el('button', {
            type: 'button', class: 'button ed-button-small view-revision', text: 'View',
            'aria-label': `View revision ${r.revision}`, onclick: () => view(r),
          }) : null,
          canRestore ? el('button', {
            type: 'button', class: 'button ed-button-small restore-revision', text: 'Restore',
            'aria-label': `Restore revision ${r.revision}`, onclick: () => restore(r),
          }) : (r.revision === newest && exists ? el('span', { class: 'revision-current', text: 'Current' }) : null)));
    }));
  }

  async function restore(r) {
    const id = current;
    const ok = await ask({
      title: `Restore revision ${r.revision}?`,
      message: `The event goes back to how it stood after revision ${r.revision} (${formatChanged(r.at)}, by ${r.by}). The change is recorded, so it can be undone the same way.`,
      confirm: `Restore revision ${r.revision}`,
    });
    if (!ok || id !== current) return;
    try {
      const restored = await postRestore(id, r.revision, exists ? etag() : '');
      exists = true;
      onRestored(restored.feature, restored.etag);
    } catch (err) {
      onError(err);
    }
  }

  async function view(r) {
    const id = current;
    const d = createDialog({ title: `Revision ${r.revision} of “${id}”`, className: 'dialog-revision' });
    d.onClose(() => d.dialog.remove());
    d.body.append(el('p', { class: 'revision-meta', text: `${ACTIONS[r.action] || r.action} ${formatChanged(r.at)} by ${r.by}. ${changedText(r)}.` }));
    const loading = el('p', { text: 'Loading…' });
    d.body.append(loading);
    const canRestore = r.action !== 'delete' && (r.revision !== revisions[0].revision || !exists);
    d.footer.append(
      el('button', { type: 'button', class: 'button', text: 'Close', onclick: () => d.close() }),
      canRestore ? el('button', {
        type: 'button', class: 'button button-primary', text: `Restore revision ${r.revision}`,
        onclick: () => {
          d.close();
          restore(r);
        },
      }) : null);
    d.open();
    try {
      const feature = await fetchRevision(id, r.revision);
      loading.replaceWith(revisionDetails(feature, new Set(r.changed || []), sourceName));
    } catch (err) {
      setText(loading, `This revision could not be loaded: ${err.message}`);
    }
  }

  return {
    load,
    /** clear hides the section (a new, unsaved event has no history). */
    clear() {
      current = null;
      revisions = [];
      root.hidden = true;
      list.replaceChildren();
    },
  };
}

/**
 * revisionDetails shows a stored event read-only, marking the fields the revision changed.
 * @param {any} feature
 * @param {Set<string>} changed
 * @param {(id: string) => string} sourceName
 */
function revisionDetails(feature, changed, sourceName) {
  const p = feature.properties || {};
  const coords = (feature.geometry && feature.geometry.coordinates) || [];
  const rows = [
    ['title', 'Title', p.title],
    ['summary', 'Summary', p.summary],
    ['date', 'Date', [p.date_label || edtfLabel(p.date), p.date ? `(${p.date})` : ''].join(' ')],
    ['end_date', 'End date', p.end_date ? `${edtfLabel(p.end_date)} (${p.end_date})` : '—'],
    ['kind', 'Kind', (KIND[p.kind] || { label: p.kind }).label],
    ['actor', 'Actor', labelOf(ACTORS, p.actor)],
    ['attribution', 'Attribution', labelOf(ATTRIBUTIONS, p.attribution)],
    ['place', 'Place', p.place],
    ['country', 'Country', [p.country, p.country_name && p.country_name !== p.country ? `(${p.country_name})` : ''].join(' ')],
    ['geometry', 'Point', coords.length === 2 ? `${coords[1]}, ${coords[0]} (lat, lon)` : '—'],
    ['location_precision', 'Location precision', p.location_precision],
    ['tags', 'Tags', (p.tags || []).join(', ') || '—'],
    ['notes', 'Notes', p.notes || '—'],
  ];
  const dl = el('dl', { class: 'facts revision-facts' });
  for (const [key, label, value] of rows) {
    const mark = changed.has(key) ? el('span', { class: 'changed-badge', text: 'changed' }) : null;
    dl.append(el('dt', null, label, mark ? ' ' : null, mark), el('dd', { text: value == null || value === '' ? '—' : String(value) }));
  }
  const cites = (p.sources || []).map((c) => el('li', { class: 'source' },
    el('p', { class: 'source-pub', text: sourceName(c.source) }),
    (c.quotes || []).map((q) => el('blockquote', { class: 'quote' }, el('p', { text: `“${q}”` }))),
    (c.figures || []).length ? el('p', {
      class: 'source-figures',
      text: c.figures.map((f) => `${f.measure}: ${figureText(f)}${f.subject ? ` (${f.subject})` : ''}`).join('; '),
    }) : null));
  const links = (p.links || []).map((l) => el('li', null,
    el('p', { class: 'link-head' }, el('strong', { text: LINK_ROLES[l.role] || l.role }), ` — ${l.place}, ${l.country}`),
    l.quote ? el('blockquote', { class: 'quote' }, el('p', { text: `“${l.quote}”` }), el('footer', { text: sourceName(l.source) })) : null));
  return el('div', { class: 'revision-details' },
    dl,
    el('h3', { class: 'ed-subhead' }, 'Sources', changed.has('sources') ? el('span', { class: 'changed-badge', text: 'changed' }) : null),
    el('ol', { class: 'sources' }, cites),
    links.length ? el('h3', { class: 'ed-subhead' }, 'Network links', changed.has('links') ? el('span', { class: 'changed-badge', text: 'changed' }) : null) : null,
    links.length ? el('ul', { class: 'links' }, links) : null);
}
