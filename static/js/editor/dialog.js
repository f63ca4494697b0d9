/**
 * Modal dialogs built on <dialog>: the browser traps focus, Escape closes, and focus returns
 * to where it was. Used instead of the browser's confirm() so that questions read in the
 * page's own words and style and can be driven from the keyboard like the rest of the page.
 */

import { el } from '../core/dom.js';
import { uid } from './fields.js';

/**
 * createDialog builds a modal with a title, a body to fill and a footer for actions.
 * @param {{title: string, className?: string}} opts
 * @returns {{dialog: HTMLDialogElement, heading: HTMLElement, body: HTMLElement, footer: HTMLElement, open: () => void, close: (value?: string) => void, onClose: (fn: (value: string) => void) => void}}
 */
export function createDialog({ title, className }) {
  const headingId = uid('dlg');
  const heading = el('h2', { class: 'dialog-title', id: headingId, text: title });
  const body = el('div', { class: 'dialog-body' });
  const footer = el('div', { class: 'dialog-actions' });
  const dialog = /** @type {HTMLDialogElement} */ (el('dialog', {
    class: `editor-dialog${className ? ` ${className}` : ''}`, 'aria-labelledby': headingId,
  },
  el('div', { class: 'dialog-inner' },
    el('button', { type: 'button', class: 'icon-button dialog-close', 'aria-label': 'Close', onclick: () => close('cancel') }, '×'),
    heading, body, footer)));
  document.body.append(dialog);
  let returnFocus = null;
  const listeners = [];
  function close(value = 'cancel') {
    if (dialog.open) dialog.close(value);
  }
  dialog.addEventListener('close', () => {
    for (const fn of listeners) fn(dialog.returnValue || 'cancel');
    if (returnFocus && returnFocus.isConnected) returnFocus.focus({ preventScroll: true });
    returnFocus = null;
  });
  return {
    dialog,
    heading,
    body,
    footer,
    open() {
      returnFocus = /** @type {HTMLElement|null} */ (document.activeElement);
      dialog.returnValue = '';
      if (!dialog.open) dialog.showModal();
    },
    close,
    onClose(fn) {
      listeners.push(fn);
    },
  };
}

/**
 * ask shows a question with two answers and resolves true when the first is chosen. The safe
 * answer has the focus, so Enter never deletes by accident.
 * @param {{title: string, message: string|Node, confirm: string, cancel?: string, danger?: boolean}} opts
 * @returns {Promise<boolean>}
 */
export function ask({ title, message, confirm, cancel = 'Cancel', danger = false }) {
  const d = createDialog({ title, className: 'dialog-ask' });
  d.dialog.setAttribute('role', 'alertdialog');
  d.body.append(typeof message === 'string' ? el('p', { text: message }) : message);
  const no = el('button', { type: 'button', class: 'button', text: cancel, onclick: () => d.close('cancel') });
  const yes = el('button', {
    type: 'button', class: `button ${danger ? 'ed-button-danger' : 'button-primary'}`, text: confirm,
    dataset: { answer: 'yes' }, onclick: () => d.close('yes'),
  });
  d.footer.append(no, yes);
  return new Promise((resolve) => {
    d.onClose((value) => {
      resolve(value === 'yes');
      d.dialog.remove();
    });
    d.open();
    no.focus();
  });
}
