/**
 * Form building blocks shared by the editor's sections: labelled fields, selects from the
 * API's enums, quote word counts, and the errors the server names by parameter path
 * ("sources[1].quotes[0]"). Every control that can be at fault carries that path in
 * data-param, so an error finds its field with one selector.
 */

import { el } from '../core/dom.js';

/** MAX_QUOTE_WORDS mirrors geo.MaxQuoteWords: the dataset quotes sources, it does not republish them. */
export const MAX_QUOTE_WORDS = 30;

let counter = 0;

/**
 * uid returns a page-unique element id.
 * @param {string} prefix
 */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * field wraps a control with its label, an optional hint and the place its error will show.
 * The control gets an id if it has none, and data-param if param is given. `after` (a word
 * count, a list of suggestions) sits right under the control, in a box popups can anchor to.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {{param?: string, hint?: string|Node, className?: string, after?: Node|null}} [opts]
 * @returns {HTMLElement}
 */
export function field(label, control, opts = {}) {
  if (!control.id) control.id = uid('f');
  if (opts.param) control.dataset.param = opts.param;
  const hint = opts.hint ? el('p', { class: 'ed-hint', id: uid('hint') }, opts.hint) : null;
  if (hint) describe(control, hint.id);
  return el('div', { class: `ed-field${opts.className ? ` ${opts.className}` : ''}` },
    el('label', { for: control.id, text: label }),
    opts.after ? el('div', { class: 'ed-control' }, control, opts.after) : control,
    hint,
    el('p', { class: 'ed-error', hidden: true }));
}

/**
 * group is a fieldset whose error shows under its legend, for a set of controls the server
 * names as one (a citation's quotes, a point's coordinates).
 * @param {string} legend
 * @param {string} param
 * @param {...any} children
 * @returns {HTMLFieldSetElement}
 */
export function group(legend, param, ...children) {
  return /** @type {HTMLFieldSetElement} */ (el('fieldset', { class: 'ed-group', dataset: param ? { param } : null },
    el('legend', { text: legend }),
    el('p', { class: 'ed-error', hidden: true }),
    ...children));
}

/**
 * select builds a select from [value, label] pairs with an optional leading placeholder.
 * @param {Array<[string, string]>} options
 * @param {{placeholder?: string, value?: string}} [opts]
 * @returns {HTMLSelectElement}
 */
export function select(options, opts = {}) {
  const s = /** @type {HTMLSelectElement} */ (el('select', { class: 'select' },
    opts.placeholder != null ? el('option', { value: '', text: opts.placeholder }) : null,
    options.map(([value, label]) => el('option', { value, text: label }))));
  if (opts.value != null) setSelect(s, opts.value);
  return s;
}

/**
 * setSelect selects value, adding it as an option when the list lacks it (a stored value the
 * page does not know must survive a save unchanged, or be fixed by hand).
 * @param {HTMLSelectElement} s
 * @param {string} value
 */
export function setSelect(s, value) {
  const v = value == null ? '' : String(value);
  if (v && ![...s.options].some((o) => o.value === v)) s.append(el('option', { value: v, text: `${v} (unknown)` }));
  s.value = v;
}

/**
 * describe adds an id to a control's aria-describedby.
 * @param {Element} control
 * @param {string} id
 */
export function describe(control, id) {
  const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) ids.push(id);
  control.setAttribute('aria-describedby', ids.join(' '));
}

function undescribe(control, id) {
  const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
  if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
  else control.removeAttribute('aria-describedby');
}

/** countWords counts words as the server does (strings.Fields). @param {string} text */
export function countWords(text) {
  const t = String(text || '').trim();
  return t ? t.split(/\s+/).length : 0;
}

/**
 * quoteBox is a quote textarea with a live word count against the limit.
 * @param {string} value
 * @returns {{textarea: HTMLTextAreaElement, count: HTMLElement}}
 */
export function quoteBox(value) {
  const textarea = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'ed-input quote-input', rows: '3', spellcheck: 'false' }));
  textarea.value = value || '';
  const count = el('p', { class: 'word-count', id: uid('wc') });
  const update = () => {
    const n = countWords(textarea.value);
    count.textContent = `${n} of ${MAX_QUOTE_WORDS} words`;
    count.classList.toggle('is-over', n > MAX_QUOTE_WORDS);
  };
  textarea.addEventListener('input', update);
  update();
  describe(textarea, count.id);
  return { textarea, count };
}

/**
 * input builds a text-like input.
 * @param {Record<string, any>} attrs
 * @returns {HTMLInputElement}
 */
export function input(attrs) {
  return /** @type {HTMLInputElement} */ (el('input', { type: 'text', class: 'ed-input', ...attrs }));
}

/**
 * findParam finds the control or group named by a parameter path inside root, falling back
 * to the nearest named ancestor path ("sources[1].figures[0].value" → "sources[1].figures" →
 * "sources[1]" → "sources").
 * @param {ParentNode} root
 * @param {string} param
 * @returns {HTMLElement|null}
 */
export function findParam(root, param) {
  let p = param;
  while (p) {
    const node = root.querySelector(`[data-param="${CSS.escape(p)}"]`);
    if (node) return /** @type {HTMLElement} */ (node);
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}

/**
 * showError shows message next to the control or group named by param and returns the
 * element to focus, or null when nothing on the page is named so.
 * @param {ParentNode} root
 * @param {string} param
 * @param {string} message
 * @returns {HTMLElement|null}
 */
export function showError(root, param, message) {
  const node = findParam(root, param);
  if (!node) return null;
  const holder = node.matches('fieldset') ? node : node.closest('.ed-field, fieldset');
  const box = holder && holder.querySelector(':scope > .ed-error');
  if (box) {
    box.id = box.id || uid('err');
    box.textContent = message;
    box.hidden = false;
  }
  const target = node.matches('input, select, textarea, button')
    ? node
    : /** @type {HTMLElement|null} */ (node.querySelector('input, select, textarea, button')) || node;
  target.setAttribute('aria-invalid', 'true');
  if (box) describe(target, box.id);
  if (holder) holder.classList.add('has-error');
  return target;
}

/**
 * labelOfParam returns the visible name of the control or group named by param ('' if none).
 * @param {ParentNode} root
 * @param {string} param
 */
export function labelOfParam(root, param) {
  const node = findParam(root, param);
  if (!node) return '';
  if (node.matches('fieldset')) {
    const legend = node.querySelector(':scope > legend');
    return legend ? legend.textContent || '' : '';
  }
  const label = node.id ? root.querySelector(`label[for="${CSS.escape(node.id)}"]`) : null;
  return label ? label.textContent || '' : '';
}

/**
 * clearErrors removes every error shown inside root.
 * @param {ParentNode} root
 */
export function clearErrors(root) {
  for (const box of root.querySelectorAll('.ed-error:not([hidden])')) {
    box.hidden = true;
    box.textContent = '';
  }
  for (const node of root.querySelectorAll('[aria-invalid="true"]')) {
    node.removeAttribute('aria-invalid');
    for (const id of (node.getAttribute('aria-describedby') || '').split(/\s+/)) {
      if (id.startsWith('err-')) undescribe(node, id);
    }
  }
  for (const node of root.querySelectorAll('.has-error')) node.classList.remove('has-error');
}

/**
 * focusInto focuses node and scrolls it into view, centred, so the sticky bar hides nothing.
 * @param {HTMLElement} node
 */
export function focusInto(node) {
  if (!node.matches('input, select, textarea, button, a[href], [tabindex]')) node.tabIndex = -1;
  node.focus({ preventScroll: true });
  node.scrollIntoView({ block: 'center' });
}

/**
 * parseNumber reads a decimal number from an input, NaN when empty or not a number.
 * @param {string} text
 */
export function parseNumber(text) {
  const t = String(text || '').trim().replace(',', '.');
  return t === '' ? NaN : Number(t);
}
