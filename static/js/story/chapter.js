/**
 * A story chapter as map state: its datetime (the API's datetime syntax, see geo/datetime.go),
 * mode, filters and view become the same state the map page keeps in its URL, so a chapter
 * looks the same in the story, in an embed (?story=…&chapter=…) and in the map it links to.
 */

import { dayFromISO, addMonths } from '../core/days.js';
import { edtfLabel } from '../core/format.js';
import { FACETS } from '../core/state.js';

const DAY_MS = 86400000;

/** The API's filter parameters, as story chapters write them, and the state keys they set. */
const CHAPTER_FILTERS = Object.freeze({ kind: 'kinds', actor: 'actors', attribution: 'attributions', country: 'countries' });

/** The map size chapter views are written for; smaller maps zoom out to show the same area. */
const VIEW_WIDTH = 960;
const VIEW_HEIGHT = 600;

/**
 * dateSpan returns the first and last day an EDTF date ("2024", "2024-03", "2024-21" for
 * spring, "2024-03-22") or an RFC 3339 date-time covers, or null if it is neither.
 * @param {string} s
 * @returns {{start: number, end: number}|null}
 */
export function dateSpan(s) {
  if (/[Tt]/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) return null;
    const day = Math.floor(ms / DAY_MS);
    return { start: day, end: day };
  }
  let m = /^(\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    return { start: Date.UTC(y, 0, 1) / DAY_MS, end: Date.UTC(y + 1, 0, 0) / DAY_MS };
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    let n = Number(m[2]);
    let months = 1;
    if (n >= 21 && n <= 24) {
      n = 3 * (n - 21) + 3; // spring starts in March (geo/date.go)
      months = 3;
    } else if (n < 1 || n > 12) return null;
    return { start: Date.UTC(y, n - 1, 1) / DAY_MS, end: Date.UTC(y, n - 1 + months, 0) / DAY_MS };
  }
  const day = dayFromISO(s);
  return Number.isNaN(day) ? null : { start: day, end: day };
}

/**
 * parseDatetime reads the API's datetime parameter: an instant or start/end with open ends
 * ("..", ""), partial dates covering their whole period.
 * @param {string} s
 * @returns {{from: number, to: number}|null} from may be -Infinity and to Infinity
 */
export function parseDatetime(s) {
  const parts = String(s || '').split('/');
  const open = (p) => p === '' || p === '..';
  if (parts.length === 1) {
    const d = open(parts[0]) ? null : dateSpan(parts[0]);
    return d ? { from: d.start, to: d.end } : null;
  }
  if (parts.length !== 2 || (open(parts[0]) && open(parts[1]))) return null;
  const a = open(parts[0]) ? { start: -Infinity } : dateSpan(parts[0]);
  const b = open(parts[1]) ? { end: Infinity } : dateSpan(parts[1]);
  if (!a || !b || b.end < a.start) return null;
  return { from: a.start, to: b.end };
}

/**
 * windowMonths is the window length, in months, whose first day (as the map counts it: the
 * same day `months` earlier, plus one) is `from`, or the shortest window reaching back past it.
 * @param {number} t
 * @param {number} from
 */
export function windowMonths(t, from) {
  for (let w = 1; w <= 240; w++) if (addMonths(t, -w) + 1 <= from) return w;
  return 240;
}

/**
 * chapterLabel says which time a chapter shows: "2015 – 2017", "Up to 26 August 2021".
 * @param {{datetime: string}} chapter
 */
export function chapterLabel(chapter) {
  const parts = String(chapter.datetime || '').split('/');
  const label = (p) => edtfLabel(/[Tt]/.test(p) ? p.slice(0, 10) : p);
  const open = (p) => p === '' || p === '..';
  if (parts.length === 1) return label(parts[0]);
  if (open(parts[0])) return `Up to ${label(parts[1])}`;
  if (open(parts[1])) return `From ${label(parts[0])}`;
  return `${label(parts[0])} – ${label(parts[1])}`;
}

/**
 * fitZoom lowers a chapter's zoom on a map smaller than the one it was written for, so a
 * phone shows the same area as a laptop.
 * @param {number} zoom
 * @param {number} width map width in pixels
 * @param {number} height map height in pixels
 */
export function fitZoom(zoom, width, height) {
  if (!width || !height) return zoom;
  const shrink = Math.min(0, Math.log2(Math.min(width / VIEW_WIDTH, height / VIEW_HEIGHT)));
  return Math.max(1.5, Math.round((zoom + shrink) * 4) / 4);
}

/**
 * chapterState is the map state that shows a chapter: time, window, filters and view. The
 * time is clamped to the data [start, end]; a window keeps its first day.
 * @param {any} chapter
 * @param {{start: number, end: number, width?: number, height?: number}} extent
 * @returns {Partial<import('../core/state.js').State>}
 */
export function chapterState(chapter, { start, end, width = 0, height = 0 }) {
  const iv = parseDatetime(chapter.datetime) || { from: -Infinity, to: Infinity };
  const t = Math.min(end, Math.max(start, iv.to === Infinity ? end : iv.to));
  const patch = { t, mode: 'cumulative', sel: null, q: '' };
  if (chapter.mode === 'window') {
    const from = Math.max(start, iv.from === -Infinity ? start : iv.from);
    patch.mode = 'window';
    patch.win = windowMonths(t, from);
  }
  const filters = chapter.filters || {};
  for (const [param, key] of Object.entries(CHAPTER_FILTERS)) {
    if (!(param in filters)) {
      patch[key] = null;
      continue;
    }
    const allowed = FACETS[key].values;
    patch[key] = new Set(String(filters[param]).split(',').map((v) => v.trim()).filter((v) => v && (!allowed || allowed.includes(v))));
  }
  if (filters.q) patch.q = String(filters.q).slice(0, 200);
  const v = chapter.view;
  if (v && Array.isArray(v.center) && v.center.length === 2) {
    patch.view = { zoom: fitZoom(v.zoom, width, height), lat: v.center[1], lng: v.center[0] };
  }
  return patch;
}

/**
 * findChapter returns the story with storyId (the first if not given or not found) and the
 * index of its chapter chapterId (0 if not found).
 * @param {any[]} stories
 * @param {string|null} storyId
 * @param {string|null} chapterId
 */
export function findChapter(stories, storyId, chapterId) {
  const story = stories.find((s) => s.id === storyId) || stories[0] || null;
  if (!story) return { story: null, index: -1 };
  const index = Math.max(0, story.chapters.findIndex((c) => c.id === chapterId));
  return { story, index };
}
