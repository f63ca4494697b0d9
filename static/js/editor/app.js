/**
 * Westward's editor page: wiring only. It signs the editor in (or finds the session), then
 * connects the event list, the form, the history and the importer, and routes every save,
 * delete and restore through the API. The open event is kept in the URL (?event=id, ?new)
 * so a reload returns to it.
 */

import { byId, el, setText } from '../dom.js';
import {
  ApiError, setCSRF, me, logout, sources as fetchSources, getEvent, saveEvent, deleteEvent,
} from './api.js';
import { createLoginForm } from './login.js';
import { createList } from './list.js';
import { createForm } from './form.js';
import { sourceOptions } from './citations.js';
import { createHistory } from './history.js';
import { createImporter } from './import.js';
import { ask, createDialog } from './dialog.js';
import { createAccount } from './account.js';

const root = document.documentElement;
const body = document.body;

/** @type {{user: {username: string, role: string}}|null} */
let session = null;
/** @type {Map<string, any>} */
let sourcesById = new Map();
/** @type {Array<[string, string]>} */
let sourceChoices = [];
/** The stored event the form was last filled from, to discard changes back to. */
let loaded = null;
/** @type {ReturnType<typeof build>|null} */
let ui = null;
let toastTimer = 0;

boot();

async function boot() {
  byId('sign-out').addEventListener('click', signOut);
  byId('open-import').addEventListener('click', () => ui && ui.importer.open());
  const account = createAccount({ onSignedOut: () => showLogin('You are signed out everywhere.') });
  byId('open-account').addEventListener('click', () => account.open());
  try {
    await signedIn(await me());
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) showLogin('');
    else if (err instanceof ApiError && err.status === 0) showLogin(err.message);
    else {
      console.error(err);
      setText(byId('boot-status'), `The editor could not start: ${err.message}`);
      byId('boot-status').classList.add('is-error');
    }
  } finally {
    root.dataset.ready = '1';
  }
}

let loginForm = null;

/** showLogin shows the sign-in form in place of the editor. */
function showLogin(message) {
  session = null;
  setCSRF('');
  byId('boot-status').hidden = true;
  byId('editor-view').hidden = true;
  byId('login-view').hidden = false;
  for (const id of ['sign-out', 'open-import', 'open-account', 'who']) byId(id).hidden = true;
  if (!loginForm) {
    loginForm = createLoginForm({ message, onSignedIn: (s) => signedIn(s).catch(fail) });
    byId('login-card').append(loginForm.form);
  } else {
    loginForm.reset(message);
  }
  loginForm.focus();
}

/**
 * signedIn shows the editor for the session /api/login or /api/me returned.
 * @param {{user: any, csrf_token: string}} s
 */
async function signedIn(s) {
  session = s;
  setCSRF(s.csrf_token);
  setText(byId('who'), `${s.user.username} · ${s.user.role}`);
  byId('who').hidden = false;
  byId('sign-out').hidden = false;
  byId('open-import').hidden = false;
  byId('open-account').hidden = false;
  byId('login-view').hidden = true;
  byId('boot-status').hidden = true;
  if (!ui) {
    const list = await fetchSources();
    sourcesById = new Map(list.map((x) => [x.id, x]));
    sourceChoices = sourceOptions(list);
    ui = build();
  }
  byId('editor-view').hidden = false;
  await ui.list.load();
  const params = new URLSearchParams(location.search);
  if (params.has('event')) await openEvent(params.get('event') || '', { force: true });
  else if (params.has('new')) await newEvent({ force: true });
}

/** build creates the editor's views once, on first sign-in. */
function build() {
  const workInner = byId('work-inner');
  const deleted = el('div', { class: 'deleted-note', id: 'deleted-note', role: 'status', hidden: true });
  const formHost = el('div', { class: 'form-host' });
  const historyHost = el('section', { class: 'ed-history', id: 'history', 'aria-labelledby': 'history-title' });
  workInner.append(deleted, formHost, historyHost);

  const list = createList(byId('event-list'), {
    onSelect: (id) => openEvent(id),
    onNew: () => newEvent(),
    onError: (err) => toast(`The events could not be loaded: ${err.message}`, true),
  });
  const form = createForm(formHost, {
    sources: () => sourceChoices,
    onSubmit: () => save(false),
    onDelete: remove,
    onDiscard: discard,
    onBack: back,
  });
  const history = createHistory(historyHost, {
    sourceName: (id) => (sourcesById.get(id) || { publication: id }).publication,
    onRestored: (feature) => {
      showForm(feature);
      form.setStatus('Restored. The restore is recorded in the history.', 'ok');
      ui.list.load().then(() => ui.list.select(String(feature.id)));
    },
    onError: (err) => report(err),
    onLoaded: (latest) => {
      if (latest && loaded && form.storedId === latest.event_id) form.setLastChange(loaded.properties.updated_at || latest.at, latest.by);
    },
  });
  const importer = createImporter({
    onImported: () => list.load(),
    onSignedOut: () => reauth(),
  });
  return { list, form, history, importer, formHost, deleted, workInner };
}

/**
 * setURL keeps the open event in the address bar.
 * @param {string|null} id null for a new event, undefined for none
 */
function setURL(id) {
  const p = new URLSearchParams();
  if (id === null) p.set('new', '');
  else if (id) p.set('event', id);
  const q = p.toString().replace(/=$/, '');
  history.replaceState(null, '', `${location.pathname}${q ? `?${q}` : ''}`);
}

/** leaveOK asks before unsaved changes are thrown away. */
async function leaveOK() {
  if (!ui || ui.workInner.hidden || !ui.form.isDirty()) return true;
  return ask({
    title: 'Discard unsaved changes?',
    message: 'The event has changes that are not saved. They will be lost.',
    confirm: 'Discard changes',
    cancel: 'Keep editing',
    danger: true,
  });
}

function showWork() {
  byId('empty-state').hidden = true;
  ui.workInner.hidden = false;
  body.classList.add('has-form');
}

/** showForm fills the form with a stored event and shows its history. */
function showForm(feature) {
  loaded = feature;
  ui.deleted.hidden = true;
  ui.formHost.hidden = false;
  ui.form.edit(feature);
  ui.history.load(String(feature.id));
  ui.list.select(String(feature.id));
  setURL(String(feature.id));
  showWork();
}

/**
 * openEvent loads an event into the form.
 * @param {string} id
 * @param {{force?: boolean}} [opts]
 */
async function openEvent(id, opts = {}) {
  if (!opts.force && !(await leaveOK())) return;
  try {
    const feature = await getEvent(id);
    showForm(feature);
    ui.form.focusTitle();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      showDeleted(id, `There is no event “${id}” now. If it was deleted, its history below can bring it back.`);
      return;
    }
    report(err);
  }
}

/** newEvent shows an empty form. */
async function newEvent(opts = {}) {
  if (!opts.force && !(await leaveOK())) return;
  loaded = null;
  ui.deleted.hidden = true;
  ui.formHost.hidden = false;
  ui.form.create();
  ui.history.clear();
  ui.list.select(null);
  setURL(null);
  showWork();
  ui.form.focusTitle();
}

/** showDeleted replaces the form by a note and the event's history, to restore from. */
function showDeleted(id, message) {
  loaded = null;
  ui.formHost.hidden = true;
  setText(ui.deleted, message);
  ui.deleted.hidden = false;
  ui.history.load(id, { deleted: true });
  ui.list.select(null);
  setURL(id);
  showWork();
}

/**
 * save sends the form; a point outside its country is confirmed with the editor first.
 * @param {boolean} confirmOutside
 */
async function save(confirmOutside) {
  const { form } = ui;
  const { feature, errors } = form.read();
  if (errors.length) {
    form.showErrors(errors);
    const first = errors[0];
    form.setStatus(`Not saved: ${form.labelOf(first.param) || first.param}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, 'error');
    return;
  }
  form.clearErrors();
  form.setBusy(true);
  form.setStatus(confirmOutside ? 'Saving with the point outside its country…' : 'Saving…');
  const creating = form.storedId === null;
  let retry = false;
  try {
    const saved = await saveEvent(form.storedId, feature, confirmOutside);
    showForm(saved);
    form.setStatus(creating ? 'Created.' : 'Saved.', 'ok');
    ui.list.load().then(() => ui.list.select(String(saved.id)));
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.parameter === 'geometry' && /outside/i.test(err.message) && !confirmOutside) {
      form.setBusy(false);
      form.setStatus('');
      retry = await ask({
        title: 'The point lies outside the country',
        message: outsideMessage(err.message, feature.properties.country),
        confirm: 'Keep the point and save',
        cancel: 'Fix the point',
      });
      if (!retry) {
        form.showErrors([{ param: 'geometry', message: err.message }]);
        form.setStatus('Not saved: the point lies outside the country.', 'error');
      }
    } else {
      report(err);
    }
  } finally {
    form.setBusy(false);
  }
  if (retry) await save(true);
}

/** outsideMessage explains the server's refusal in the editor's terms. */
function outsideMessage(detail, country) {
  const m = /\(in "([^"]*)"\)/.exec(detail);
  const where = m && m[1] ? `in ${m[1]}` : 'in no country on the map';
  return `The point lies outside ${country} (it is ${where}, by the map’s borders). Keep it if that is right — a strike across a border, an embassy, a ship — or go back and fix the point or the country.`;
}

/** report shows a failed request where it belongs: next to a field, or in the status line. */
function report(err) {
  if (!(err instanceof ApiError)) {
    console.error(err);
    toast(`Something went wrong: ${err.message}`, true);
    return;
  }
  if (err.status === 401) {
    reauth();
    return;
  }
  const { form } = ui;
  if (err.parameter && !ui.formHost.hidden) {
    form.showErrors([{ param: err.parameter, message: err.message }]);
    form.setStatus(`Not saved: ${form.labelOf(err.parameter) || err.parameter}: ${err.message}`, 'error');
    return;
  }
  if (!ui.formHost.hidden && !ui.workInner.hidden) form.setStatus(`Not saved: ${err.message}`, 'error');
  else toast(err.message, true);
}

/** reauth asks for the password again when the session has ended, keeping the form as it is. */
function reauth() {
  const d = createDialog({ title: 'Sign in again', className: 'dialog-login' });
  const f = createLoginForm({
    message: 'Your session has ended. Sign in again; your changes are still here.',
    onSignedIn: (s) => {
      session = s;
      setCSRF(s.csrf_token);
      d.close();
      if (ui) ui.form.setStatus('Signed in again. Save once more.', '');
    },
  });
  d.body.append(f.form);
  d.onClose(() => {
    d.dialog.remove();
    if (!session) showLogin('');
  });
  session = null;
  d.open();
  f.focus();
}

async function remove() {
  const { form } = ui;
  const id = form.storedId;
  if (!id) return;
  const ok = await ask({
    title: 'Delete this event?',
    message: `“${loaded ? loaded.properties.title : id}” will disappear from the map and the API. Its history is kept, so it can be restored.`,
    confirm: 'Delete the event',
    danger: true,
  });
  if (!ok) return;
  form.setBusy(true);
  try {
    await deleteEvent(id);
    showDeleted(id, `Deleted “${id}”. To bring it back, restore a revision below.`);
    ui.list.load();
    toast('Event deleted.');
  } catch (err) {
    report(err);
  } finally {
    form.setBusy(false);
  }
}

function discard() {
  if (ui.form.storedId !== null && loaded) ui.form.edit(loaded);
  else ui.form.create();
  ui.form.setStatus('Changes discarded.');
}

/** back returns to the list (on a phone the form covers it). */
async function back() {
  if (!(await leaveOK())) return;
  body.classList.remove('has-form');
  ui.workInner.hidden = true;
  byId('empty-state').hidden = false;
  ui.list.select(null);
  setURL(undefined);
  const search = document.getElementById('event-search');
  if (search) search.focus();
}

async function signOut() {
  if (!(await leaveOK())) return;
  try {
    await logout();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) {
      toast(`Signing out failed: ${err.message}`, true);
      return;
    }
  }
  if (ui) {
    ui.workInner.hidden = true;
    byId('empty-state').hidden = false;
    body.classList.remove('has-form');
  }
  setURL(undefined);
  showLogin('Signed out.');
}

/**
 * toast shows a short message at the bottom of the page.
 * @param {string} text
 * @param {boolean} [isError]
 */
function toast(text, isError = false) {
  const t = byId('toast');
  setText(t, text);
  t.classList.toggle('is-error', isError);
  t.classList.add('is-shown');
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => t.classList.remove('is-shown'), isError ? 8000 : 4000);
}

function fail(err) {
  console.error(err);
  toast(`Something went wrong: ${err.message}`, true);
}
