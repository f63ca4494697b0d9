/**
 * The editor's own credentials, in one dialog: change the password (which ends the editor's
 * other sessions), list, make and revoke API tokens for scripts, and sign out everywhere
 * (every session and every token). Tokens are shown once, when made; the server keeps only
 * their hash.
 */

import { el } from '../core/dom.js';
import { ApiError, request } from './session.js';
import { ask, createDialog } from './dialog.js';
import { field, input } from './fields.js';

const DATE = { day: 'numeric', month: 'short', year: 'numeric' };

/** when formats an RFC 3339 time for the token list. @param {string} at */
function when(at) {
  return new Date(at).toLocaleDateString('en-GB', DATE);
}

/**
 * createAccount returns the account dialog's opener. onSignedOut runs after signing out
 * everywhere, when this page's session has ended too.
 * @param {{onSignedOut: () => void}} opts
 * @returns {{open: () => void}}
 */
export function createAccount({ onSignedOut }) {
  return {
    open() {
      const d = createDialog({ title: 'Your account', className: 'dialog-account' });
      d.body.append(passwordForm(), tokenSection(), everywhereSection(d, onSignedOut));
      d.footer.append(el('button', { type: 'button', class: 'button', text: 'Close', onclick: () => d.close() }));
      d.onClose(() => d.dialog.remove());
      d.open();
    },
  };
}

/** status is a line that says how the last action went. */
function status() {
  return el('p', { class: 'account-status', role: 'status' });
}

/** say writes msg into line, as an error or not. */
function say(line, msg, error = false) {
  line.textContent = msg;
  line.classList.toggle('is-error', error);
}

function passwordForm() {
  const current = input({ type: 'password', name: 'current_password', autocomplete: 'current-password', required: true });
  const next = input({ type: 'password', name: 'new_password', autocomplete: 'new-password', required: true, minlength: 10 });
  const line = status();
  const form = el('form', { class: 'account-password', novalidate: true },
    el('h3', { text: 'Password' }),
    field('Current password', current),
    field('New password', next, { hint: 'At least 10 characters. Your other sessions end; this one stays.' }),
    el('button', { type: 'submit', class: 'button button-primary', text: 'Change the password' }),
    line);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await request('PUT', '/api/me/password', { json: { current_password: current.value, new_password: next.value } });
      current.value = next.value = '';
      say(line, 'Password changed. Your other sessions have ended.');
    } catch (err) {
      const which = err instanceof ApiError && err.parameter === 'current_password' ? 'The current password is wrong.' : err.message;
      say(line, which, true);
    }
  });
  return form;
}

function tokenSection() {
  const list = el('ul', { class: 'token-list' });
  const name = input({ name: 'token_name', required: true, maxlength: 64, placeholder: 'What it is for, e.g. nightly import' });
  const days = input({ type: 'number', name: 'expires_in_days', min: 1, max: 365, value: '90' });
  const made = el('div', { class: 'token-made', hidden: true });
  const line = status();

  async function load() {
    try {
      const res = await request('GET', '/api/tokens');
      const tokens = res.tokens || [];
      list.replaceChildren(...(tokens.length ? tokens.map(row) : [el('li', { class: 'token-none', text: 'No tokens.' })]));
    } catch (err) {
      say(line, `The tokens could not be loaded: ${err.message}`, true);
    }
  }

  /** row is one token: what it is for, whose, when it expires and was last used, and Revoke. */
  function row(t) {
    const revoke = el('button', { type: 'button', class: 'button button-quiet', text: 'Revoke', 'aria-label': `Revoke “${t.name}”`, dataset: { token: String(t.id) } });
    revoke.addEventListener('click', async () => {
      try {
        await request('DELETE', `/api/tokens/${t.id}`);
        say(line, `Revoked “${t.name}”.`);
        await load();
      } catch (err) {
        say(line, err.message, true);
      }
    });
    return el('li', { class: 'token-row', dataset: { name: t.name } },
      el('span', { class: 'token-name', text: t.name }),
      el('span', { class: 'token-meta', text: `${t.username} · expires ${when(t.expires_at)} · ${t.last_used_at ? `last used ${when(t.last_used_at)}` : 'never used'}` }),
      revoke);
  }

  const form = el('form', { class: 'token-form', novalidate: true },
    field('Name', name),
    field('Days until it expires', days, { hint: '90 by default, 365 at most.' }),
    el('button', { type: 'submit', class: 'button', text: 'Make a token' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const t = await request('POST', '/api/tokens', { json: { name: name.value.trim(), expires_in_days: Number(days.value) || 0 } });
      name.value = '';
      const shown = input({ readonly: true, value: t.token, class: 'ed-input token-secret', 'aria-label': 'The new token' });
      made.replaceChildren(el('p', { text: `Copy the token for “${t.name}” now: it is not shown again. Send it as Authorization: Bearer ….` }), shown);
      made.hidden = false;
      say(line, '');
      shown.select();
      await load();
    } catch (err) {
      say(line, err.message, true);
    }
  });
  load();
  return el('section', { class: 'account-tokens' }, el('h3', { text: 'API tokens' }), list, made, form, line);
}

function everywhereSection(d, onSignedOut) {
  const line = status();
  const button = el('button', { type: 'button', class: 'button ed-button-danger', text: 'Sign out everywhere' });
  button.addEventListener('click', async () => {
    const ok = await ask({
      title: 'Sign out everywhere?',
      message: 'Every session of yours ends, this one included, and every API token of yours stops working.',
      confirm: 'Sign out everywhere',
      danger: true,
    });
    if (!ok) return;
    try {
      await request('POST', '/api/logout/everywhere');
      d.close();
      onSignedOut();
    } catch (err) {
      say(line, err.message, true);
    }
  });
  return el('section', { class: 'account-everywhere' },
    el('h3', { text: 'Sign out everywhere' }),
    el('p', { text: 'For a lost device or a password someone else may know: ends all your sessions and revokes all your tokens.' }),
    button, line);
}
