/**
 * What the embed does as a guest on another site's page: its theme and the controls its URL
 * asks for, set before anything is drawn, and its height reported to the framing page.
 */

import { byId } from '../core/dom.js';
import { applyTheme, resolveTheme } from '../core/theme.js';

/**
 * prepareEmbed sets the embed's theme and shows only the controls its URL asks for, before
 * anything is drawn, and reports the page's height to a framing page.
 * @param {import('./embed-options.js').EmbedOptions} embed
 */
export function prepareEmbed(embed) {
  applyTheme(resolveTheme(embed.theme));
  const body = document.body.classList;
  body.toggle('no-timeline', !embed.timeline);
  body.toggle('no-filters', !embed.filters);
  body.toggle('auto-height', embed.autoHeight);
  if (!embed.timeline) byId('timebar').hidden = true;
  if (!embed.filters) {
    document.querySelector('.skip-link').hidden = true;
    byId('sidebar').hidden = true;
    byId('toggle-sidebar').hidden = true;
  }
  reportHeight();
}

/**
 * reportHeight tells a framing page the content height whenever it changes: the message
 * {type: "westward:height", height: N} that /embed.js listens for (see embed-options.js).
 */
function reportHeight() {
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last || height <= 0) return;
    last = height;
    window.parent.postMessage({ type: 'westward:height', height }, '*');
  };
  new ResizeObserver(post).observe(document.body);
  post();
}
