/**
 * Westward's editor page: wiring only. It signs the editor in (or finds the session), then
 * builds the workspace (editor/workspace.js: the event list, the form, the history and the
 * importer) and routes every save, delete and restore through the API. The editor's state is
 * one object (editor/state.js), made here and passed down.
 */

import { byId, setText } from '../core/dom.js';
import { ApiError, setCSRF, me, logout, sources as fetchSources } from '../editor/session.js';
import { loadVocabulary } from '../core/vocab.js';
import { createLoginForm } from '../editor/login.js';
import { sourceOptions } from '../editor/citations.js';
import { createDialog } from '../editor/dialog.js';
import { createToast } from '../editor/toast.js';
import { createEditorState } from '../editor/state.js';
import { createAccount } from '../editor/account.js';
import { buildWorkspace, hideWork, leaveOK, newEvent, openEvent, setURL } from '../editor/workspace.js';

boot();

async function boot() {
  const ed = createEditorState({ toast: createToast(byId('toast')), reauth: () => reauth(ed) });
  byId('sign-out').addEventListener('click', () => signOut(ed));
  byId('open-import').addEventListener('click', () => ed.ui && ed.ui.importer.open());
  const account = createAccount({ onSignedOut: () => showLogin(ed, 'You are signed out everywhere.') });
  byId('open-account').addEventListener('click', () => account.open());
  try {
    await signedIn(ed, await me());
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) showLogin(ed, '');
    else if (err instanceof ApiError && err.status === 0) showLogin(ed, err.message);
    else {
      console.error(err);
      setText(byId('boot-status'), `The editor could not start: ${err.message}`);
      byId('boot-status').classList.add('is-error');
    }
  } finally {
    document.documentElement.dataset.ready = '1';
  }
}

/** showLogin shows the sign-in form in place of the editor. */
function showLogin(ed, message) {
  ed.session = null;
  setCSRF('');
  byId('boot-status').hidden = true;
  byId('editor-view').hidden = true;
  byId('login-view').hidden = false;
  for (const id of ['sign-out', 'open-import', 'open-account', 'who']) byId(id).hidden = true;
  if (!ed.loginForm) {
    ed.loginForm = createLoginForm({ message, onSignedIn: (s) => signedIn(ed, s).catch((err) => fail(ed, err)) });
    byId('login-card').append(ed.loginForm.form);
  } else {
    ed.loginForm.reset(message);
  }
  ed.loginForm.focus();
}

/**
 * signedIn shows the editor for the session /api/login or /api/me returned.
 * @param {import('../editor/state.js').EditorState} ed
 * @param {{user: any, csrf_token: string}} s
 */
async function signedIn(ed, s) {
  ed.session = s;
  setCSRF(s.csrf_token);
  setText(byId('who'), `${s.user.username} · ${s.user.role}`);
  byId('who').hidden = false;
  byId('sign-out').hidden = false;
  byId('open-import').hidden = false;
  byId('open-account').hidden = false;
  byId('login-view').hidden = true;
  byId('boot-status').hidden = true;
  if (!ed.ui) {
    const [list] = await Promise.all([fetchSources(), loadVocabulary()]);
    ed.sourcesById = new Map(list.map((x) => [x.id, x]));
    ed.sourceChoices = sourceOptions(list);
    ed.ui = buildWorkspace(ed);
  }
  byId('editor-view').hidden = false;
  await ed.ui.list.load();
  const params = new URLSearchParams(location.search);
  if (params.has('event')) await openEvent(ed, params.get('event') || '', { force: true });
  else if (params.has('new')) await newEvent(ed, { force: true });
}

/** reauth asks for the password again when the session has ended, keeping the form as it is. */
function reauth(ed) {
  const d = createDialog({ title: 'Sign in again', className: 'dialog-login' });
  const f = createLoginForm({
    message: 'Your session has ended. Sign in again; your changes are still here.',
    onSignedIn: (s) => {
      ed.session = s;
      setCSRF(s.csrf_token);
      d.close();
      if (ed.ui) ed.ui.form.setStatus('Signed in again. Save once more.', '');
    },
  });
  d.body.append(f.form);
  d.onClose(() => {
    d.dialog.remove();
    if (!ed.session) showLogin(ed, '');
  });
  ed.session = null;
  d.open();
  f.focus();
}

async function signOut(ed) {
  if (!(await leaveOK(ed))) return;
  try {
    await logout();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) {
      ed.toast(`Signing out failed: ${err.message}`, true);
      return;
    }
  }
  if (ed.ui) hideWork(ed);
  setURL(undefined);
  showLogin(ed, 'Signed out.');
}

function fail(ed, err) {
  console.error(err);
  ed.toast(`Something went wrong: ${err.message}`, true);
}
