/**
 * The conflict view for a save answered 412: what changed since the form was opened (then →
 * now) and what the editor changed, with reapply or discard. The form keeps the typed text.
 */

import { el } from '../core/dom.js';
import { createDialog } from './dialog.js';

/** FIELDS are the parts of an event the form edits, with the names the view shows. */
const FIELDS = [
  ['title', 'Title'], ['summary', 'Summary'], ['date', 'Date'], ['end_date', 'End date'], ['kind', 'Kind'],
  ['actor', 'Actor'], ['attribution', 'Attribution'], ['place', 'Place'], ['country', 'Country'],
  ['geometry', 'Point'], ['location_precision', 'Location precision'], ['location_role', 'Location role'],
  ['tags', 'Tags'], ['notes', 'Notes'], ['sources', 'Sources'], ['links', 'Links'],
];

/** valueOf is a field of a feature: geometry is the feature's, the rest its properties'. */
function valueOf(feature, key) {
  if (!feature) return undefined;
  if (key === 'geometry') return feature.geometry ? feature.geometry.coordinates : undefined;
  return (feature.properties || {})[key];
}

/** same compares two field values as JSON, an absent field being empty. */
function same(a, b) {
  const empty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** show writes a field's value for the view, in words an editor reads. */
function show(key, v) {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '(empty)';
  if (key === 'geometry' && Array.isArray(v)) return `${v[1]}, ${v[0]}`;
  if (key === 'tags' && Array.isArray(v)) return v.join(', ');
  if (key === 'sources' && Array.isArray(v)) return v.map((c) => `${c.source}: “${(c.quotes || []).join(' … ')}”`).join('; ');
  if (key === 'links' && Array.isArray(v)) return v.map((l) => `${l.rel} ${l.event}`).join('; ');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** changedFields lists the fields in which two versions differ. @returns {string[]} */
export function changedFields(a, b) {
  return FIELDS.map(([k]) => k).filter((k) => !same(valueOf(a, k), valueOf(b, k)));
}

/**
 * reapplyPatch is a JSON Merge Patch of the fields the editor changed in mine, which the server
 * merges onto the event as it stands now; a field the editor emptied is removed.
 */
export function reapplyPatch(mine, fields) {
  const patch = { properties: {} };
  for (const k of fields) {
    if (k === 'geometry') {
      patch.geometry = mine.geometry;
      continue;
    }
    const v = mine.properties[k];
    patch.properties[k] = v === undefined ? null : v;
  }
  return patch;
}

/**
 * askConflict shows the conflict and resolves 'reapply', 'discard' or 'cancel' (keep editing).
 * @param {{then: any, now: any, mine: string[], theirs: string[]}} c the event as opened and
 *   now; the fields the editor changed, and those changed since
 */
export function askConflict({ then, now, mine, theirs }) {
  const d = createDialog({ title: 'Someone saved this event while you were editing', className: 'dialog-conflict' });
  d.dialog.setAttribute('role', 'alertdialog');
  d.dialog.id = 'conflict';
  const names = new Map(FIELDS);
  const rows = theirs.map((k) => el('tr', { dataset: { field: k } },
    el('th', { scope: 'row', text: names.get(k) || k }),
    el('td', { class: 'conflict-then', text: show(k, valueOf(then, k)) }),
    el('td', { class: 'conflict-now', text: show(k, valueOf(now, k)) }),
    el('td', { class: 'conflict-note', text: mine.includes(k) ? 'You changed it too: reapplying keeps yours' : '' })));
  d.body.append(
    el('p', { text: `The event was changed after you opened it. Your edits are still in the form.` }),
    theirs.length
      ? el('table', { class: 'conflict-table' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', text: 'Field' }), el('th', { scope: 'col', text: 'When you opened it' }),
          el('th', { scope: 'col', text: 'Now' }), el('th', { scope: 'col', text: '' }))),
        el('tbody', {}, ...rows))
      : el('p', { text: 'No field you edit changed.' }),
    el('p', { class: 'conflict-mine', text: mine.length ? `You changed: ${mine.map((k) => names.get(k) || k).join(', ')}.` : 'You changed nothing.' }));
  const keep = el('button', { type: 'button', class: 'button', text: 'Keep editing', onclick: () => d.close('cancel') });
  const discard = el('button', { type: 'button', class: 'button ed-button-danger', text: 'Discard mine', dataset: { answer: 'discard' }, onclick: () => d.close('discard') });
  const reapply = el('button', {
    type: 'button', class: 'button button-primary', text: 'Reapply my changes on the current version',
    dataset: { answer: 'reapply' }, onclick: () => d.close('reapply'),
  });
  d.footer.append(keep, discard, reapply);
  return new Promise((resolve) => {
    d.onClose((value) => {
      resolve(value === 'reapply' || value === 'discard' ? value : 'cancel');
      d.dialog.remove();
    });
    d.open();
    reapply.focus();
  });
}
