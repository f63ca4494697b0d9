/**
 * The editor's workspace: the event list beside the form and the history, and moving between
 * events. The open event is kept in the URL (?event=id, ?new) so a reload returns to it. Every
 * function takes the editor's state (state.js).
 */

import { byId, el, setText } from '../core/dom.js';
import { ApiError, getEvent, derivedId } from './session.js';
import { createList } from './event-list.js';
import { createForm } from './form.js';
import { createHistory } from './history.js';
import { createImporter } from './import.js';
import { ask } from './dialog.js';
import { save, remove, report } from './save.js';

/** @typedef {ReturnType<typeof buildWorkspace>} Workspace */

/**
 * buildWorkspace creates the editor's views once, on first sign-in.
 * @param {import('./state.js').EditorState} ed
 */
export function buildWorkspace(ed) {
  const workInner = byId('work-inner');
  const deleted = el('div', { class: 'deleted-note', id: 'deleted-note', role: 'status', hidden: true });
  const formHost = el('div', { class: 'form-host' });
  const historyHost = el('section', { class: 'ed-history', id: 'history', 'aria-labelledby': 'history-title' });
  workInner.append(deleted, formHost, historyHost);

  const list = createList(byId('event-list'), {
    onSelect: (id) => openEvent(ed, id),
    onNew: () => newEvent(ed),
    onError: (err) => ed.toast(`The events could not be loaded: ${err.message}`, true),
  });
  const form = createForm(formHost, {
    sources: () => ed.sourceChoices,
    deriveId: derivedId,
    onSubmit: () => save(ed, false),
    onDelete: () => remove(ed),
    onDiscard: () => discard(ed),
    onBack: () => back(ed),
  });
  const history = createHistory(historyHost, {
    sourceName: (id) => (ed.sourcesById.get(id) || { publication: id }).publication,
    etag: () => ed.etag,
    onRestored: (feature, etag) => {
      showForm(ed, feature, etag);
      form.setStatus('Restored. The restore is recorded in the history.', 'ok');
      list.load().then(() => list.select(String(feature.id)));
    },
    onError: (err) => report(ed, err),
    onLoaded: (latest) => {
      if (latest && ed.loaded && form.storedId === latest.event_id) form.setLastChange(ed.loaded.properties.updated_at || latest.at, latest.by);
    },
  });
  const importer = createImporter({
    onImported: () => list.load(),
    onSignedOut: () => ed.reauth(),
  });
  return { list, form, history, importer, formHost, deleted, workInner };
}

/**
 * setURL keeps the open event in the address bar.
 * @param {string|null|undefined} id null for a new event, undefined for none
 */
export function setURL(id) {
  const p = new URLSearchParams();
  if (id === null) p.set('new', '');
  else if (id) p.set('event', id);
  const q = p.toString().replace(/=$/, '');
  history.replaceState(null, '', `${location.pathname}${q ? `?${q}` : ''}`);
}

/**
 * leaveOK asks before unsaved changes are thrown away.
 * @param {import('./state.js').EditorState} ed
 */
export async function leaveOK(ed) {
  if (!ed.ui || ed.ui.workInner.hidden || !ed.ui.form.isDirty()) return true;
  return ask({
    title: 'Discard unsaved changes?',
    message: 'The event has changes that are not saved. They will be lost.',
    confirm: 'Discard changes',
    cancel: 'Keep editing',
    danger: true,
  });
}

function showWork(ed) {
  byId('empty-state').hidden = true;
  ed.ui.workInner.hidden = false;
  document.body.classList.add('has-form');
}

/**
 * hideWork shows the empty state in place of the form.
 * @param {import('./state.js').EditorState} ed
 */
export function hideWork(ed) {
  document.body.classList.remove('has-form');
  ed.ui.workInner.hidden = true;
  byId('empty-state').hidden = false;
}

/**
 * showForm fills the form with a stored event and shows its history.
 * @param {import('./state.js').EditorState} ed
 * @param {any} feature
 * @param {string} etag the ETag the server answered with the feature
 */
export function showForm(ed, feature, etag) {
  const { ui } = ed;
  ed.loaded = feature;
  ed.etag = etag;
  ui.deleted.hidden = true;
  ui.formHost.hidden = false;
  ui.form.edit(feature);
  ui.history.load(String(feature.id));
  ui.list.select(String(feature.id));
  setURL(String(feature.id));
  showWork(ed);
}

/**
 * openEvent loads an event into the form.
 * @param {import('./state.js').EditorState} ed
 * @param {string} id
 * @param {{force?: boolean}} [opts]
 */
export async function openEvent(ed, id, opts = {}) {
  if (!opts.force && !(await leaveOK(ed))) return;
  try {
    const { feature, etag } = await getEvent(id);
    showForm(ed, feature, etag);
    ed.ui.form.focusTitle();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      showDeleted(ed, id, `There is no event “${id}” now. If it was deleted, its history below can bring it back.`);
      return;
    }
    report(ed, err);
  }
}

/**
 * newEvent shows an empty form.
 * @param {import('./state.js').EditorState} ed
 * @param {{force?: boolean}} [opts]
 */
export async function newEvent(ed, opts = {}) {
  if (!opts.force && !(await leaveOK(ed))) return;
  const { ui } = ed;
  ed.loaded = null;
  ed.etag = '';
  ui.deleted.hidden = true;
  ui.formHost.hidden = false;
  ui.form.create();
  ui.history.clear();
  ui.list.select(null);
  setURL(null);
  showWork(ed);
  ui.form.focusTitle();
}

/**
 * showDeleted replaces the form by a note and the event's history, to restore from.
 * @param {import('./state.js').EditorState} ed
 * @param {string} id
 * @param {string} message
 */
export function showDeleted(ed, id, message) {
  const { ui } = ed;
  ed.loaded = null;
  ed.etag = '';
  ui.formHost.hidden = true;
  setText(ui.deleted, message);
  ui.deleted.hidden = false;
  ui.history.load(id, { deleted: true });
  ui.list.select(null);
  setURL(id);
  showWork(ed);
}

function discard(ed) {
  const { form } = ed.ui;
  if (form.storedId !== null && ed.loaded) form.edit(ed.loaded);
  else form.create();
  form.setStatus('Changes discarded.');
}

/** back returns to the list (on a phone the form covers it). */
async function back(ed) {
  if (!(await leaveOK(ed))) return;
  hideWork(ed);
  ed.ui.list.select(null);
  setURL(undefined);
  const search = document.getElementById('event-search');
  if (search) search.focus();
}
