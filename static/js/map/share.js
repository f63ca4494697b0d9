/**
 * The Share dialog: the permalink of the current view and embed code for the same view, as a
 * plain iframe or a responsive one whose height follows its content (/embed.js). The embed's
 * options are the URL parameters of embed-options.js. The code is text for the reader to copy;
 * it is built as a string with every attribute escaped and only ever shown in a textarea.
 */

import { byId, setText } from '../core/dom.js';
import { STATIC } from '../core/api.js';
import { toQuery } from '../core/state.js';
import { embedQuery } from './embed-options.js';

const MIN_HEIGHT = 300;
const MAX_HEIGHT = 2000;
const DEFAULT_HEIGHT = 600;

/**
 * escapeAttr makes text safe inside a double-quoted HTML attribute.
 * @param {string} s
 */
export function escapeAttr(s) {
  return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * tag writes an HTML start tag; attributes with null values are left out, true ones are bare.
 * @param {string} name
 * @param {Record<string, string|number|boolean|null>} attrs
 */
function tag(name, attrs) {
  const parts = Object.entries(attrs)
    .filter(([, v]) => v != null && v !== false)
    .map(([k, v]) => (v === true ? k : `${k}="${escapeAttr(String(v))}"`));
  return `<${name}${parts.length ? ` ${parts.join(' ')}` : ''}>`;
}

/**
 * embedCode is the HTML a host page pastes to show a view.
 * @param {{src: string, full: string, title: string, height: number, responsive: boolean, script: string}} o
 */
export function embedCode({ src, full, title, height, responsive, script }) {
  const iframe = `${tag('iframe', {
    src, title, width: '100%', height, loading: 'lazy', frameborder: '0', allow: 'fullscreen',
    scrolling: responsive ? 'no' : null,
  })}</iframe>`;
  const link = `<p>${tag('a', { href: full })}View the full map</a></p>`;
  if (!responsive) return `${iframe}\n${link}`;
  return `<div data-westward-embed>${iframe}</div>${tag('script', { src: script, async: true })}</script>\n${link}`;
}

/**
 * createShareDialog wires the dialog in index.html.
 * @param {{dialog: HTMLDialogElement, opener: HTMLElement, state: () => import('../core/state.js').State, describe: () => string}} opts
 */
export function createShareDialog({ dialog, opener, state, describe }) {
  const link = /** @type {HTMLInputElement} */ (byId('share-link'));
  const code = /** @type {HTMLTextAreaElement} */ (byId('share-code'));
  const height = /** @type {HTMLInputElement} */ (byId('embed-height'));
  const theme = /** @type {HTMLSelectElement} */ (byId('embed-theme'));
  const checks = Object.fromEntries(['legend', 'timeline', 'filters', 'autoplay', 'responsive']
    .map((name) => [name, /** @type {HTMLInputElement} */ (byId(`embed-${name}`))]));
  const preview = /** @type {HTMLAnchorElement} */ (byId('share-preview'));
  const status = byId('share-status');
  let statusTimer = 0;

  const pageURL = (path, query) => {
    const u = new URL(path, location.href);
    u.search = query;
    u.hash = '';
    return u.href;
  };

  function update() {
    const query = toQuery(state());
    const full = pageURL(location.pathname, query);
    link.value = full;
    const h = Math.round(Number(height.value));
    const frameHeight = Number.isFinite(h) && h >= MIN_HEIGHT && h <= MAX_HEIGHT ? h : DEFAULT_HEIGHT;
    const responsive = checks.responsive.checked;
    const options = embedQuery({
      legend: checks.legend.checked, timeline: checks.timeline.checked, filters: checks.filters.checked,
      autoplay: checks.autoplay.checked, theme: /** @type {any} */ (theme.value), autoHeight: responsive,
    }).toString();
    const src = pageURL(STATIC ? 'embed.html' : 'embed', [query, options].filter(Boolean).join('&'));
    preview.href = src;
    code.value = embedCode({
      src, full, title: `Westward map: ${describe()}`, height: frameHeight, responsive, script: new URL('embed.js', location.href).href,
    });
    code.scrollTop = 0;
  }

  function say(text) {
    setText(status, text);
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(() => setText(status, ''), 2500);
  }

  async function copy(field, what) {
    field.focus();
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      say(`${what} copied`);
    } catch {
      // No clipboard permission (an insecure origin, a locked-down browser): the text is
      // selected, and the old copy command usually still works.
      say(document.execCommand('copy') ? `${what} copied` : 'Press Ctrl+C (⌘C) to copy');
    }
  }

  opener.addEventListener('click', () => {
    update();
    setText(status, '');
    dialog.showModal();
    link.focus();
    link.select();
  });
  dialog.addEventListener('close', () => opener.focus());
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  // Keep Tab inside the dialog (the page behind is inert, but the browser's own UI is not).
  dialog.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const focusable = [...dialog.querySelectorAll('button, [href], input, select, textarea')]
      .filter((n) => !n.disabled && n.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      last.focus();
      e.preventDefault();
    } else if (!e.shiftKey && document.activeElement === last) {
      first.focus();
      e.preventDefault();
    }
  });
  for (const input of [height, theme, ...Object.values(checks)]) {
    input.addEventListener('input', update);
    input.addEventListener('change', update);
  }
  byId('copy-link').addEventListener('click', () => copy(link, 'Link'));
  byId('copy-code').addEventListener('click', () => copy(code, 'Embed code'));
  return { update };
}
