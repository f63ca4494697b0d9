/**
 * The options of the embeddable map (/embed, embed.html), read from its URL. Everything an
 * embed shows comes from its URL: no cookies, no storage.
 *
 * The view, as on the map page (state.js reads these):
 *   t        YYYY-MM-DD      the day shown        default: the end of the latest event's month
 *   mode     window          show only a window of months       default: every event to date
 *   w        1–240           the window, in months              default 12
 *   speed    1,2,4,8,16      playback speed, months per second  default 4
 *   kind     comma list      kinds shown (the queryables' kind values)     default: all; empty: none
 *   actor    comma list      actors shown (the queryables' actor values)   default: ISKP alone
 *   attr     comma list      attributions shown (the queryables' values)  default: all
 *   country  comma list      ISO 3166-1 alpha-2 codes           default: all
 *   q        text            search words                       default: none
 *   event    event id        the event whose panel is open      default: none
 *   map      zoom/lat/lng    the map view, e.g. 4/38/48         default: fitted to the events
 *
 * The frame, read here:
 *   legend    0|1            the legend                         default 1
 *   timeline  0|1            the time bar (play, steps, timeline); with 0 a caption says the
 *                            time shown                         default 1
 *   filters   0|1            a Filters button opening the filters and the event list
 *                                                               default 0
 *   autoplay  0|1            play from the start of the data up to t when loaded (not when the
 *                            reader prefers reduced motion)     default 0
 *   scroll    0|1            zoom with the scroll wheel (off so the host page scrolls)
 *                                                               default 0
 *   theme     light|dark|auto   colours; auto follows prefers-color-scheme   default light
 *   height    auto           size to the content rather than fill the frame: the map takes
 *                            a landscape shape and the page reports its height (below)
 *                                                               default: fill the frame
 *   story     story id       with chapter: show that chapter's time, filters, view and
 *                            highlighted events (they replace t, mode, w and the filters)
 *                                                               default: none
 *   chapter   chapter id     see story; the story's first chapter if absent or unknown
 *
 * Height protocol: when framed, the page posts {type: "westward:height", height: N} (N in CSS
 * pixels, the document's content height) to its parent with postMessage whenever that height
 * changes. /embed.js, on the host page, sets the height of the iframe it came from.
 */

/**
 * @typedef {object} EmbedOptions
 * @property {boolean} legend
 * @property {boolean} timeline
 * @property {boolean} filters
 * @property {boolean} autoplay
 * @property {boolean} scroll
 * @property {'light'|'dark'|'auto'} theme
 * @property {boolean} autoHeight
 * @property {string|null} story
 * @property {string|null} chapter
 */

/** EMBED_DEFAULTS are the options of a bare /embed URL. @type {Readonly<EmbedOptions>} */
export const EMBED_DEFAULTS = Object.freeze({
  legend: true, timeline: true, filters: false, autoplay: false, scroll: false, theme: 'light',
  autoHeight: false, story: null, chapter: null,
});

const THEMES = ['light', 'dark', 'auto'];
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * parseEmbedOptions reads the frame's options; unknown or malformed values fall back to the
 * defaults.
 * @param {string} search e.g. location.search
 * @returns {EmbedOptions}
 */
export function parseEmbedOptions(search) {
  const p = new URLSearchParams(search);
  const flag = (name) => {
    const v = p.get(name);
    if (v === '1' || v === 'true') return true;
    if (v === '0' || v === 'false') return false;
    return EMBED_DEFAULTS[name];
  };
  const slug = (name) => (SLUG.test(p.get(name) || '') ? p.get(name) : null);
  const theme = p.get('theme');
  return {
    legend: flag('legend'),
    timeline: flag('timeline'),
    filters: flag('filters'),
    autoplay: flag('autoplay'),
    scroll: flag('scroll'),
    theme: THEMES.includes(theme) ? /** @type {any} */ (theme) : EMBED_DEFAULTS.theme,
    autoHeight: p.get('height') === 'auto',
    story: slug('story'),
    chapter: slug('chapter'),
  };
}

/**
 * embedQuery writes the options that differ from the defaults as query parameters.
 * @param {Partial<EmbedOptions>} opts
 * @returns {URLSearchParams}
 */
export function embedQuery(opts) {
  const o = { ...EMBED_DEFAULTS, ...opts };
  const p = new URLSearchParams();
  for (const name of ['legend', 'timeline', 'filters', 'autoplay', 'scroll']) {
    if (o[name] !== EMBED_DEFAULTS[name]) p.set(name, o[name] ? '1' : '0');
  }
  if (o.theme !== EMBED_DEFAULTS.theme) p.set('theme', o.theme);
  if (o.autoHeight) p.set('height', 'auto');
  if (o.story) p.set('story', o.story);
  if (o.chapter) p.set('chapter', o.chapter);
  return p;
}
