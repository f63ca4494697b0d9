/**
 * The sign-in form. It posts the name and password as JSON to /api/login, which answers
 * with the user and the session's CSRF token (the session itself is an HttpOnly cookie).
 */

import { el } from '../core/dom.js';
import { ApiError, login } from './session.js';
import { field, input } from './fields.js';

/**
 * createLoginForm returns a sign-in form that calls onSignedIn with /api/login's answer.
 * @param {{onSignedIn: (session: {user: any, csrf_token: string}) => void, message?: string}} opts
 * @returns {{form: HTMLFormElement, focus: () => void, reset: (message?: string) => void}}
 */
export function createLoginForm({ onSignedIn, message = '' }) {
  const username = input({ name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const status = el('p', { class: 'login-error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'button button-primary ed-button-wide', text: 'Sign in' });
  const note = el('p', { class: 'login-note', text: message, hidden: !message });
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'login-form', novalidate: true },
    note,
    field('User name', username),
    field('Password', password),
    status,
    submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    status.textContent = '';
    if (!username.value.trim() || !password.value) {
      status.textContent = 'Enter your user name and password.';
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      const session = await login(username.value.trim(), password.value);
      password.value = '';
      onSignedIn(session);
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : String(err);
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });

  return {
    form,
    focus() {
      (username.value ? password : username).focus();
    },
    reset(msg = '') {
      note.textContent = msg;
      note.hidden = !msg;
      status.textContent = '';
      password.value = '';
    },
  };
}
