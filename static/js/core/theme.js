/**
 * Colours the canvases draw with (basemap, markers, links, timeline), light or dark. CSS has
 * its own copy of the page colours under html[data-theme="dark"]; canvases cannot read CSS
 * cheaply every frame, so they read this palette, which applyTheme switches once, before the
 * map is drawn.
 */

const LIGHT = Object.freeze({
  name: 'light',
  land: '#f4f2ec',
  reached: '#efd9c4',
  borders: '#c9c2b4',
  coast: '#a9bac6',
  markerEdge: '#ffffff',
  link: '#3f4a56',
  accent: '#a5460a',
  base: '#1f2328',
  baseEdge: '#ffffff',
  ringOuter: '#ffffff',
  ringInner: '#16181d',
  highlight: '#a5460a',
  axis: '#d7d3ca',
  tick: '#c9c4b9',
  axisText: '#6b6f76',
  cursor: '#1f2328',
  tipBg: 'rgba(31, 35, 40, 0.88)',
  tipText: '#ffffff',
});

const DARK = Object.freeze({
  name: 'dark',
  land: '#2a2f36',
  reached: '#5a3d2a',
  borders: '#4a525c',
  coast: '#55677a',
  markerEdge: '#14171b',
  link: '#a7b1bd',
  accent: '#f09a5c',
  base: '#f2f0eb',
  baseEdge: '#14171b',
  ringOuter: '#14171b',
  ringInner: '#ffffff',
  highlight: '#f5b27e',
  axis: '#3d434b',
  tick: '#4a515a',
  axisText: '#a4abb4',
  cursor: '#f2f0eb',
  tipBg: 'rgba(242, 240, 235, 0.92)',
  tipText: '#14171b',
});

/** palette holds the current colours; read its fields when drawing, not at import. */
export const palette = { ...LIGHT };

/**
 * resolveTheme turns a requested theme (light, dark or auto) into light or dark; auto follows
 * the reader's prefers-color-scheme.
 * @param {string} requested
 * @returns {'light'|'dark'}
 */
export function resolveTheme(requested) {
  if (requested === 'dark') return 'dark';
  if (requested === 'auto') return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  return 'light';
}

/**
 * applyTheme switches the palette and marks the document (html[data-theme]) so CSS follows.
 * Call it before anything is drawn.
 * @param {'light'|'dark'} name
 */
export function applyTheme(name) {
  Object.assign(palette, name === 'dark' ? DARK : LIGHT);
  document.documentElement.dataset.theme = palette.name;
  const meta = document.querySelector('meta[name="color-scheme"]');
  if (meta) meta.setAttribute('content', palette.name);
}

/**
 * KIND_COLORS colours each kind of event (the vocabulary's values, vocab.js) with Okabe–Ito
 * colours, safe for the common forms of colour blindness; yellow is left out because it
 * vanishes on a light basemap. Presentation, not vocabulary: a kind the domain adds later is
 * drawn in NEUTRAL until it gets a colour here.
 */
const KIND_COLORS = Object.freeze({
  attack: '#D55E00',
  foiled_plot: '#E69F00',
  arrest: '#0072B2',
  threat: '#CC79A7',
  cross_border_strike: '#009E73',
  network: '#56B4E9',
  propaganda: '#7F7F7F',
});

/**
 * LEGEND_KINDS picks the kind whose colour each of the legend's sample symbols borrows: the
 * date precisions, presence, a named target or audience, and a point that is a target.
 */
export const LEGEND_KINDS = Object.freeze({ date: 'arrest', presence: 'attack', named: 'threat', target: 'foiled_plot' });

/** NEUTRAL is the colour of a kind without one, and of neutral legend symbols. */
export const NEUTRAL = '#6b7280';

/**
 * kindColor is the colour a kind of event is drawn in.
 * @param {string} kind
 * @returns {string}
 */
export function kindColor(kind) {
  return Object.hasOwn(KIND_COLORS, kind) ? KIND_COLORS[kind] : NEUTRAL;
}
