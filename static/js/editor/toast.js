/**
 * The editor's toast: a short message at the bottom of the page that goes away by itself.
 */

import { setText } from '../core/dom.js';

/**
 * createToast returns the function that shows a message in node: for 4 seconds, or 8 for an
 * error; a new message replaces the one shown.
 * @param {HTMLElement} node
 * @returns {(text: string, isError?: boolean) => void}
 */
export function createToast(node) {
  let timer = 0;
  return (text, isError = false) => {
    setText(node, text);
    node.classList.toggle('is-error', isError);
    node.classList.add('is-shown');
    window.clearTimeout(timer);
    timer = window.setTimeout(() => node.classList.remove('is-shown'), isError ? 8000 : 4000);
  };
}
