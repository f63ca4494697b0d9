/**
 * The spread: countries tinted from the day the first event shown reaches them (counted in the
 * browser over the current filters), and the frontier, ISKP's own greatest geodesic distance
 * from the Afghan base so far (from /api/spread?actor=iskp, so events by others never move
 * it), drawn as a great circle of that radius around the base and charted over time.
 */

/* global L */

import { el, svg, setText } from './dom.js';
import { upperBound } from './events.js';
import { dayFromISO, formatMonthShort, formatNumber, placeText } from './format.js';
import { palette } from './theme.js';

const EARTH_KM = 6371.0088;
const CIRCLE_STYLE = { weight: 1.6, opacity: 0.75, dashArray: '6 5', fill: false, interactive: false };
const BASE_STYLE = { radius: 5, weight: 2, fillOpacity: 1, interactive: false };
const FAR_STYLE = { radius: 11, weight: 1.5, opacity: 0.9, fill: false, interactive: false };

/**
 * geodesicCircle returns the points at `km` from centre ([lng, lat]) as [lat, lng], with
 * longitudes unwrapped so the line does not jump at the antimeridian.
 * @param {number[]} centre
 * @param {number} km
 * @param {number} [n]
 */
export function geodesicCircle(centre, km, n = 180) {
  const rad = Math.PI / 180;
  const d = km / EARTH_KM;
  const phi1 = centre[1] * rad;
  const lambda1 = centre[0] * rad;
  const out = [];
  let prev = centre[0];
  for (let k = 0; k <= n; k++) {
    const theta = (2 * Math.PI * k) / n;
    const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta));
    const lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
    let lng = lambda2 / rad;
    while (lng - prev > 180) lng -= 360;
    while (lng - prev < -180) lng += 360;
    prev = lng;
    out.push([phi2 / rad, lng]);
  }
  return out;
}

/**
 * firstReached lists, for each country, the first day an event that passes the filter starts
 * there, earliest first.
 * @param {import('./events.js').EventRecord[]} events sorted by start
 * @param {(ev: import('./events.js').EventRecord) => boolean} pass
 * @returns {Array<{country: string, day: number}>}
 */
export function firstReached(events, pass) {
  const seen = new Map();
  for (const ev of events) {
    if (ev.country && !seen.has(ev.country) && pass(ev)) seen.set(ev.country, ev.s);
  }
  return [...seen].map(([country, day]) => ({ country, day }));
}

/**
 * createSpread draws the base and the frontier and drives the country tint.
 * @param {L.Map} map
 * @param {any} spread the /api/spread?actor=iskp body
 * @param {{start: number, end: number, renderer: L.Renderer, shade: (codes: Set<string>) => void, onSelect: (id: string) => void, eventPoint: (id: string) => L.LatLng|null, names?: Map<string, string>}} opts
 */
export function createSpread(map, spread, { start, end, renderer, shade, onSelect, eventPoint, names: known }) {
  const base = spread.base && spread.base.coordinates;
  /** @type {Array<{country: string, day: number}>} */
  let countries = [];
  let countryDays = [];
  const names = new Map(known || []);
  for (const c of spread.countries || []) names.set(c.country, c.name);
  const steps = (spread.frontier || [])
    .map((f) => ({ ...f, day: dayFromISO(f.date) }))
    .filter((f) => !Number.isNaN(f.day))
    .sort((a, b) => a.day - b.day);
  const stepDays = steps.map((f) => f.day);
  const maxKm = Math.max(1, ...steps.map((f) => f.distance_km));
  let reachedCount = -1;
  let stepIndex = -2;
  let shownDay = NaN;

  let circle = null;
  let far = null;
  if (base) {
    const baseMarker = L.circleMarker([base[1], base[0]], { ...BASE_STYLE, color: palette.baseEdge, fillColor: palette.base, renderer }).addTo(map);
    baseMarker.bindTooltip(el('span', { text: `${spread.base.name.split(',')[0]} (base)` }), {
      permanent: true, direction: 'bottom', offset: [0, 6], className: 'base-label',
    });
    circle = L.polyline([], { ...CIRCLE_STYLE, color: palette.accent, renderer });
    far = L.circleMarker([0, 0], { ...FAR_STYLE, color: palette.accent, renderer });
  }

  // The card: the current reach, its place and a step chart of reach over time.
  const W = 200;
  const H = 44;
  const cx = (day) => ((day - start) / Math.max(1, end - start)) * W;
  const cy = (km) => H - 2 - (km / maxKm) * (H - 6);
  let d = `M0 ${H - 2}`;
  for (const f of steps) {
    const x = cx(f.day).toFixed(1);
    d += ` H${x} V${cy(f.distance_km).toFixed(1)}`;
  }
  d += ` H${W}`;
  const cursor = svg('line', { x1: 0, x2: 0, y1: 0, y2: H, class: 'frontier-cursor' });
  const value = el('strong', { class: 'frontier-km', text: '—' });
  const where = el('button', {
    type: 'button', class: 'link-button frontier-place', disabled: true,
    onclick: () => {
      const f = steps[stepIndex];
      if (f) onSelect(f.event);
    },
  });
  const card = el('section', { class: 'frontier-card', 'aria-label': 'ISKP’s farthest reach from its base' },
    el('p', { class: 'frontier-title' }, 'ISKP’s farthest reach',
      spread.base ? el('span', { class: 'frontier-from', text: ` from ${spread.base.name.split(',')[0]}` }) : null),
    el('p', { class: 'frontier-value' }, value, where),
    svg('svg', { class: 'frontier-chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      svg('path', { d: `${d} V${H} H0 Z`, class: 'frontier-area' }),
      svg('path', { d, class: 'frontier-line' }),
      cursor));
  const Card = L.Control.extend({
    options: { position: 'topright' },
    onAdd() {
      L.DomEvent.disableClickPropagation(card);
      return card;
    },
  });
  new Card().addTo(map);

  return {
    /** reached is the number of countries reached at the last setTime. */
    get reached() { return Math.max(0, reachedCount); },
    /**
     * setCountries sets the days countries are first reached (see firstReached) and re-tints.
     * @param {Array<{country: string, day: number}>} list
     */
    setCountries(list) {
      countries = list.filter((c) => !Number.isNaN(c.day)).sort((a, b) => a.day - b.day);
      countryDays = countries.map((c) => c.day);
      reachedCount = -1;
      if (!Number.isNaN(shownDay)) this.setTime(shownDay);
    },
    /**
     * setTime updates tint, circle and card for day t; cheap when nothing crossed a step.
     * @param {number} day
     */
    setTime(day) {
      const t = Math.floor(day);
      shownDay = t;
      cursor.setAttribute('x1', cx(t).toFixed(1));
      cursor.setAttribute('x2', cx(t).toFixed(1));
      const k = upperBound(countryDays, t);
      if (k !== reachedCount) {
        reachedCount = k;
        shade(new Set(countries.slice(0, k).map((c) => c.country)));
      }
      const s = upperBound(stepDays, t) - 1;
      if (s === stepIndex) return;
      stepIndex = s;
      const f = steps[s];
      if (!f) {
        setText(value, '—');
        setText(where, 'no events yet');
        where.disabled = true;
        if (circle) {
          circle.remove();
          far.remove();
        }
        return;
      }
      setText(value, `${formatNumber(Math.round(f.distance_km))} km`);
      setText(where, `${placeText(f.place, names.get(f.country) || f.country)} · ${formatMonthShort(f.day)}`);
      where.disabled = false;
      if (circle) {
        circle.setLatLngs(geodesicCircle(base, f.distance_km));
        if (!map.hasLayer(circle)) circle.addTo(map);
        const p = eventPoint(f.event);
        if (p) {
          far.setLatLng(p);
          if (!map.hasLayer(far)) far.addTo(map);
        } else far.remove();
      }
    },
  };
}
