/**
 * The event model: API features normalised into records the views share, sorted by start day,
 * with the fan-out slots that keep co-located events apart and the incremental visibility
 * engine that tells, for a time, a window and a filter, which events to add or remove.
 */

import { dayFromISO } from '../core/days.js';

/**
 * @typedef {object} EventRecord
 * @property {number} i        index in model.events (sorted by start, then id)
 * @property {string} id
 * @property {string} title
 * @property {number} lat
 * @property {number} lng
 * @property {number} s        first day the date covers
 * @property {number} e        last day the date covers
 * @property {string} kind
 * @property {string} actor
 * @property {string} attribution
 * @property {string} country
 * @property {string} countryName
 * @property {string} precision   day | month | season | year
 * @property {string} reach       presence | alleged | named: the reach rule's class (geo.Reach)
 * @property {string} role        occurrence | target | subject | audience: what the point stands for
 * @property {number} killed      the highest killed figure across sources (0 if none)
 * @property {number} radius      marker radius in pixels
 * @property {number} dx          fan-out offset in pixels
 * @property {number} dy
 * @property {any} props          the feature's properties as served
 */

const texts = new WeakMap();

/**
 * searchText is the lower-cased text a search matches, built on first use so loading stays
 * fast for readers who never search.
 * @param {EventRecord} ev
 */
export function searchText(ev) {
  let text = texts.get(ev);
  if (text === undefined) {
    const p = ev.props;
    text = [p.title, p.place, p.country_name, p.summary, p.notes, ...(p.tags || [])].join(' ').toLowerCase();
    texts.set(ev, text);
  }
  return text;
}

/** The radius of an event without casualties; sizes grow with the square root of the dead. */
export const BASE_RADIUS = 4;

/**
 * radiusFor sizes a marker by the highest killed figure, so area tracks the toll.
 * @param {number} killed
 */
export function radiusFor(killed) {
  return killed > 0 ? Math.min(20, BASE_RADIUS + 1.25 * Math.sqrt(killed)) : BASE_RADIUS;
}

/** Spacing of the sunflower fan-out; neighbours end up ~1.8× this apart, clear of a base marker. */
const FAN_SPACING = 5;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * buildModel normalises a FeatureCollection.
 * @param {{features: any[]}} collection
 */
export function buildModel(collection) {
  /** @type {EventRecord[]} */
  const events = [];
  for (const f of collection.features) {
    const p = f.properties || {};
    const coords = f.geometry && f.geometry.coordinates;
    if (!coords || coords.length < 2) continue;
    const s = dayFromISO(p.start);
    const e = dayFromISO(p.end);
    if (Number.isNaN(s)) continue;
    const killed = p.casualties && p.casualties.killed ? p.casualties.killed.max : 0;
    events.push({
      i: 0,
      id: String(f.id),
      title: p.title || String(f.id),
      lng: coords[0],
      lat: coords[1],
      s,
      e: Number.isNaN(e) ? s : Math.max(e, s),
      kind: p.kind,
      actor: p.actor,
      attribution: p.attribution,
      country: p.country || '',
      countryName: p.country_name || p.country || '',
      precision: p.date_precision || 'day',
      reach: p.reach || 'named',
      role: p.location_role || 'occurrence',
      killed,
      radius: radiusFor(killed),
      dx: 0,
      dy: 0,
      props: p,
    });
  }
  events.sort((a, b) => a.s - b.s || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  events.forEach((ev, i) => { ev.i = i; });
  fanOut(events);

  const starts = Float64Array.from(events, (ev) => ev.s);
  const byEnd = Int32Array.from(events.keys()).sort((a, b) => events[a].e - events[b].e);
  const ends = Float64Array.from(byEnd, (i) => events[i].e);
  const byId = new Map(events.map((ev) => [ev.id, ev]));
  let start = Infinity;
  let end = -Infinity;
  for (const ev of events) {
    if (ev.s < start) start = ev.s;
    if (ev.e > end) end = ev.e;
  }
  return { events, byId, starts, byEnd, ends, extent: { start, end } };
}

/**
 * fanOut gives events that share a point fixed pixel offsets on a sunflower spiral, in date
 * order, so none hides another at any zoom and each keeps its place while time moves.
 * @param {EventRecord[]} events sorted by start
 */
function fanOut(events) {
  const groups = new Map();
  for (const ev of events) {
    // A numeric key of the point to 1e-4 degrees (about 10 m): cheaper than a string.
    const key = (Math.round(ev.lat * 1e4) + 900000) * 3600001 + Math.round(ev.lng * 1e4) + 1800000;
    const group = groups.get(key);
    if (group) group.push(ev);
    else groups.set(key, [ev]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.forEach((ev, k) => {
      const r = FAN_SPACING * Math.sqrt(k);
      ev.dx = r * Math.cos(k * GOLDEN_ANGLE);
      ev.dy = r * Math.sin(k * GOLDEN_ANGLE);
    });
  }
}

/**
 * upperBound is the index of the first value in the sorted arr greater than x (the count of
 * values ≤ x).
 * @param {number[]} arr
 * @param {number} x
 */
export function upperBound(arr, x) {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(arr, x) {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * createVisibility tracks which events are shown: an event is shown when it passes the filter,
 * has started by day t and, in window mode, has not ended before the window's first day.
 * Moving t only re-examines the events whose start or end lies between the old and new
 * bounds, so playback costs a few events per frame, not the whole set.
 * @param {ReturnType<typeof buildModel>} model
 */
export function createVisibility(model) {
  const { events, starts, byEnd, ends } = model;
  const shown = new Uint8Array(events.length);
  const passes = new Uint8Array(events.length).fill(1);
  let t = -Infinity;
  let from = -Infinity;
  let count = 0;

  const want = (i) => passes[i] === 1 && events[i].s <= t && events[i].e >= from;

  function toggle(i, diff) {
    const w = want(i);
    if (w === (shown[i] === 1)) return;
    shown[i] = w ? 1 : 0;
    count += w ? 1 : -1;
    (w ? diff.added : diff.removed).push(i);
  }

  return {
    /** shown[i] is 1 when events[i] is on the map. */
    shown,
    /** count is the number of events shown. */
    get count() { return count; },
    /**
     * setFilter re-evaluates every event against a new predicate.
     * @param {(ev: EventRecord) => boolean} pass
     */
    setFilter(pass) {
      const diff = { added: [], removed: [] };
      for (let i = 0; i < events.length; i++) {
        passes[i] = pass(events[i]) ? 1 : 0;
        toggle(i, diff);
      }
      return diff;
    },
    /**
     * moveTo shows what is visible at day t with the window starting at day `windowStart`
     * (-Infinity for the cumulative view).
     * @param {number} day
     * @param {number} windowStart
     */
    moveTo(day, windowStart) {
      const diff = { added: [], removed: [] };
      const t0 = t;
      const f0 = from;
      t = Math.floor(day);
      from = windowStart;
      if (t !== t0) {
        const lo = upperBound(starts, Math.min(t0, t));
        const hi = upperBound(starts, Math.max(t0, t));
        for (let i = lo; i < hi; i++) toggle(i, diff);
      }
      if (from !== f0) {
        const a = Math.min(f0, from);
        const b = Math.max(f0, from);
        const lo = lowerBound(ends, a);
        const hi = lowerBound(ends, b);
        for (let k = lo; k < hi; k++) toggle(byEnd[k], diff);
      }
      return diff;
    },
  };
}
