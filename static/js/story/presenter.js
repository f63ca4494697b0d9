/**
 * The story's presenter mode for projectors: full screen where the browser allows it, large
 * type, high contrast.
 */

import { setText } from '../core/dom.js';

/**
 * createPresenter wires the Present button and leaves presenting when the reader leaves full
 * screen by the browser's own means.
 * @param {HTMLElement} button
 * @returns {{readonly presenting: boolean, present: (on: boolean) => void}}
 */
export function createPresenter(button) {
  let presenting = false;
  function present(on) {
    presenting = on;
    document.body.classList.toggle('is-presenting', on);
    button.setAttribute('aria-pressed', String(on));
    setText(button.querySelector('.button-text'), on ? 'Exit presenting' : 'Present');
    const page = /** @type {any} */ (document.documentElement);
    const doc = /** @type {any} */ (document);
    const request = page.requestFullscreen || page.webkitRequestFullscreen;
    const exit = doc.exitFullscreen || doc.webkitExitFullscreen;
    const full = doc.fullscreenElement || doc.webkitFullscreenElement;
    // Full screen is a bonus: refused (no user gesture, a frame without allow="fullscreen"),
    // the class alone still gives the large, high-contrast layout.
    if (on && !full && request) Promise.resolve(request.call(page)).catch(() => {});
    if (!on && full && exit) Promise.resolve(exit.call(doc)).catch(() => {});
  }
  button.addEventListener('click', () => present(!presenting));
  for (const type of ['fullscreenchange', 'webkitfullscreenchange']) {
    document.addEventListener(type, () => {
      const doc = /** @type {any} */ (document);
      if (!(doc.fullscreenElement || doc.webkitFullscreenElement) && presenting) present(false);
    });
  }
  return {
    get presenting() { return presenting; },
    present,
  };
}
