/**
 * The spread on the map: countries tinted as the reach rule counts them (reach.js, over the
 * events the filters pass: reached solid, alleged hatched, named as a target outlined), and
 * the frontier, the greatest geodesic distance from the Afghan base that counted presence had
 * reached, drawn as a great circle of that radius and charted over time in the reach card,
 * which says in words which rule is in force.
 */

/* global L */

import { el, svg, setText } from '../core/dom.js';
import { EARTH_KM, computeReach, reachAt } from './reach.js';
import { formatMonthShort, formatNumber, placeText, plural } from '../core/format.js';
import { ACTORS, labelOf } from '../core/vocab.js';
import { palette } from '../core/theme.js';

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
 * ruleText says the rule in force in words: the server's own wording for the default rule
 * (ISKP; claimed and attributed presence), and what the reader changed otherwise.
 * @param {{text: string}} serverRule the default rule, from /api/spread
 * @param {Set<string>|null} actors the actor filter (null: every actor)
 * @param {boolean} includeAlleged
 */
export function ruleText(serverRule, actors, includeAlleged) {
  const isDefault = actors && actors.size === 1 && actors.has('iskp') && !includeAlleged;
  if (isDefault && serverRule && serverRule.text) return serverRule.text;
  const who = actors ? [...actors].map((a) => labelOf(ACTORS, a)) : ACTORS.map((a) => a.label);
  return `Reached: a country with an attack, foiled plot, arrest, cross-border strike or network activity by ${who.join(', ') || 'no actor'}`
    + (includeAlleged ? ', alleged and disputed included' : ' that the sources claim or attribute (alleged and disputed counted apart)')
    + ', counted from the last day its date could be. Threats and propaganda name targets; they never count as reached. '
    + 'Actors other than ISKP are included because the Actor filter says so.';
}

/**
 * createSpread draws the base and the frontier, drives the country tint and fills the card.
 * @param {L.Map} map
 * @param {any} spread the /api/spread body: the base and the default rule in words
 * @param {{start: number, end: number, renderer: L.Renderer, shade: (tint: {reached: Set<string>, alleged: Set<string>, named: Set<string>}) => void, onSelect: (id: string) => void, eventPoint: (id: string) => L.LatLng|null, names?: Map<string, string>}} opts
 */
export function createSpread(map, spread, { start, end, renderer, shade, onSelect, eventPoint, names: known }) {
  const base = spread.base && spread.base.coordinates;
  const names = new Map(known || []);
  const baseName = spread.base ? spread.base.name.split(',')[0] : '';
  let reach = { countries: [], frontier: [], alleged: [], named: [] };
  let now = { reached: new Set(), alleged: new Set(), named: new Set(), step: null };
  let tintKey = '';
  let shownStep;
  let shownDay = NaN;
  let maxKm = 1;

  let circle = null;
  let far = null;
  if (base) {
    const baseMarker = L.circleMarker([base[1], base[0]], { ...BASE_STYLE, color: palette.baseEdge, fillColor: palette.base, renderer }).addTo(map);
    baseMarker.bindTooltip(el('span', { text: `${baseName} (base)` }), {
      permanent: true, direction: 'bottom', offset: [0, 6], className: 'base-label',
    });
    circle = L.polyline([], { ...CIRCLE_STYLE, color: palette.accent, renderer });
    far = L.circleMarker([0, 0], { ...FAR_STYLE, color: palette.accent, renderer });
  }

  // The card: the current reach, its place, a step chart of reach over time, the counts and
  // the rule in words.
  const W = 200;
  const H = 44;
  const cx = (day) => ((day - start) / Math.max(1, end - start)) * W;
  const cy = (km) => H - 2 - (km / maxKm) * (H - 6);
  const area = svg('path', { class: 'frontier-area' });
  const line = svg('path', { class: 'frontier-line' });
  const cursor = svg('line', { x1: 0, x2: 0, y1: 0, y2: H, class: 'frontier-cursor' });
  const value = el('strong', { class: 'frontier-km', text: '—' });
  const where = el('button', {
    type: 'button', class: 'link-button frontier-place', disabled: true,
    onclick: () => {
      if (shownStep) onSelect(shownStep.event);
    },
  });
  const counts = el('p', { class: 'reach-counts', id: 'reach-counts' });
  const rule = el('p', { class: 'reach-rule', id: 'reach-rule' });
  const title = el('p', { class: 'frontier-title' }, 'Farthest counted reach',
    baseName ? el('span', { class: 'frontier-from', text: ` from ${baseName}` }) : null);
  const card = el('section', { class: 'frontier-card', 'aria-label': 'Reach: countries and farthest distance from the base' },
    title,
    el('p', { class: 'frontier-value' }, value, where),
    svg('svg', { class: 'frontier-chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      area, line, cursor),
    counts,
    el('details', { class: 'reach-rule-box' }, el('summary', { text: 'Which rule?' }), rule));
  const Card = L.Control.extend({
    options: { position: 'topright' },
    onAdd() {
      L.DomEvent.disableClickPropagation(card);
      return card;
    },
  });
  new Card().addTo(map);

  function drawChart() {
    maxKm = Math.max(1, ...reach.frontier.map((f) => f.km));
    let d = `M0 ${H - 2}`;
    for (const f of reach.frontier) d += ` H${cx(f.day).toFixed(1)} V${cy(f.km).toFixed(1)}`;
    d += ` H${W}`;
    line.setAttribute('d', d);
    area.setAttribute('d', `${d} V${H} H0 Z`);
  }

  function showStep(f) {
    if (f === shownStep) return;
    shownStep = f;
    if (!f) {
      setText(value, '—');
      setText(where, reach.countries.length ? 'nothing counted yet' : 'no counted presence in this view');
      where.disabled = true;
      if (circle) {
        circle.remove();
        far.remove();
      }
      return;
    }
    setText(value, `${formatNumber(Math.round(f.km))} km`);
    const when = f.precision === 'day' ? formatMonthShort(f.day) : `by ${formatMonthShort(f.day)}`;
    setText(where, `${placeText(f.place, names.get(f.country) || f.country)} · ${when}`);
    where.disabled = false;
    if (circle) {
      circle.setLatLngs(geodesicCircle(base, f.km));
      if (!map.hasLayer(circle)) circle.addTo(map);
      const p = eventPoint(f.event);
      if (p) {
        far.setLatLng(p);
        if (!map.hasLayer(far)) far.addTo(map);
      } else far.remove();
    }
  }

  return {
    /** reached is the number of countries reached at the last setTime. */
    get reached() { return now.reached.size; },
    /** alleged is the number of further countries with only alleged presence. */
    get alleged() { return now.alleged.size; },
    /** named is the number of further countries only named as targets. */
    get named() { return now.named.size; },
    /** now is the reach at the last setTime: reached, alleged and named sets and the step. */
    get now() { return now; },
    /** reach is the tally for the current filters (see computeReach). */
    get reach() { return reach; },
    /**
     * setEvents tallies the events that pass the filter under the rule and redraws.
     * @param {import('./events.js').EventRecord[]} events
     * @param {(ev: import('./events.js').EventRecord) => boolean} pass
     * @param {{actors: Set<string>|null, includeAlleged: boolean}} choice
     */
    setEvents(events, pass, { actors, includeAlleged }) {
      reach = computeReach(events, pass, { base, includeAlleged });
      setText(rule, ruleText(spread.rule, actors, includeAlleged));
      drawChart();
      tintKey = '';
      shownStep = undefined;
      if (!Number.isNaN(shownDay)) this.setTime(shownDay);
    },
    /**
     * setTime updates tint, circle, card and counts for day t.
     * @param {number} day
     */
    setTime(day) {
      const t = Math.floor(day);
      shownDay = t;
      cursor.setAttribute('x1', cx(t).toFixed(1));
      cursor.setAttribute('x2', cx(t).toFixed(1));
      now = reachAt(reach, t);
      const key = `${[...now.reached]}|${[...now.alleged]}|${[...now.named]}`;
      if (key !== tintKey) {
        tintKey = key;
        shade({ reached: now.reached, alleged: now.alleged, named: now.named });
        const parts = [plural(now.reached.size, 'country', 'countries') + ' reached'];
        if (now.alleged.size) parts.push(`${formatNumber(now.alleged.size)} more alleged`);
        if (now.named.size) parts.push(`${formatNumber(now.named.size)} more named as targets`);
        setText(counts, parts.join(' · '));
      }
      showStep(now.step);
    },
  };
}
