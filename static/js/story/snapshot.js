/**
 * A static SVG drawing of the map at one view, for printing: the countries (tinted when
 * reached), their names where they fit, ISKP's frontier circle, the base and the events shown,
 * with the chapter's events haloed. It projects the same Natural Earth TopoJSON the map draws
 * in Web Mercator at the chapter's centre and zoom, so the printed map matches the screen.
 * SVG scales crisply on paper and needs no canvas capture (which a print cannot wait for).
 */

/* global topojson */

import { svg } from '../core/dom.js';
import { SHAPE_NAME_TO_ALPHA2 } from '../map/countries.js';
import { NUMERIC_TO_ALPHA2, unwrapRings, labelInfo, labelPoint } from '../map/basemap.js';
import { markerStyle } from '../map/events-canvas.js';
import { geodesicCircle } from '../map/spread.js';
import { palette } from '../core/theme.js';

/** The drawing's size in SVG units (it scales to the page). */
export const SNAPSHOT_WIDTH = 960;
export const SNAPSHOT_HEIGHT = 560;

let prepared = null;

/** prepare turns the TopoJSON into features, rings and label candidates once. */
function prepare(topo) {
  if (prepared && prepared.topo === topo) return prepared;
  const features = topojson.feature(topo, topo.objects.countries).features;
  for (const f of features) unwrapRings(f.geometry);
  const shapes = features.map((f) => {
    const g = f.geometry;
    const polygons = !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    return {
      code: NUMERIC_TO_ALPHA2[f.id] || SHAPE_NAME_TO_ALPHA2[f.properties.name] || '',
      rings: polygons.flat(),
      label: labelInfo(f),
    };
  });
  prepared = { topo, shapes };
  return prepared;
}

/**
 * mercator projects [lat, lng] to pixels of a world 256·2^zoom wide, centred on the view.
 * @param {{lat: number, lng: number, zoom: number}} view
 */
function mercator(view) {
  const size = 256 * 2 ** view.zoom;
  const world = (lat, lng) => {
    const phi = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
    return [((lng + 180) / 360) * size, ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * size];
  };
  const [cx, cy] = world(view.lat, view.lng);
  return (lat, lng) => {
    const [x, y] = world(lat, lng);
    return [x - cx + SNAPSHOT_WIDTH / 2, y - cy + SNAPSHOT_HEIGHT / 2];
  };
}

/** ringPath writes a ring as path data, dropping points under half a pixel apart; '' when off the drawing. */
function ringPath(ring, project) {
  let d = '';
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let px = NaN;
  let py = NaN;
  for (const [lng, lat] of ring) {
    const [x, y] = project(lat, lng);
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (Math.abs(x - px) < 0.5 && Math.abs(y - py) < 0.5) continue;
    d += `${d ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
    px = x;
    py = y;
  }
  if (maxX < 0 || minX > SNAPSHOT_WIDTH || maxY < 0 || minY > SNAPSHOT_HEIGHT) return '';
  if (maxX - minX < 0.8 && maxY - minY < 0.8) return '';
  return `${d}Z`;
}

/**
 * drawSnapshot draws the map at a view.
 * @param {{
 *   topo: any|null, view: {lat: number, lng: number, zoom: number},
 *   events: import('../map/events.js').EventRecord[], highlighted: Set<string>, reached: Set<string>,
 *   base: number[]|null, frontierKm: number, title: string,
 * }} o
 * @returns {SVGElement}
 */
export function drawSnapshot({ topo, view, events, highlighted, reached, base, frontierKm, title }) {
  const project = mercator(view);
  const land = [];
  const tinted = [];
  const candidates = [];
  if (topo) {
    const { shapes } = prepare(topo);
    for (const shape of shapes) {
      const d = shape.rings.map((r) => ringPath(r, project)).join('');
      if (!d) continue;
      (reached.has(shape.code) ? tinted : land).push(d);
      const info = shape.label;
      if (!info) continue;
      const scale = 2 ** view.zoom; // label boxes are in zoom-0 pixels
      const w = (info.box.maxX - info.box.minX) * scale;
      const h = (info.box.maxY - info.box.minY) * scale;
      if (w < info.textWidth * 1.1 || h < 16) continue;
      if (!info.latlng) info.latlng = labelPoint(info);
      const [x, y] = project(info.latlng.lat, info.latlng.lng);
      if (x < 30 || x > SNAPSHOT_WIDTH - 30 || y < 12 || y > SNAPSHOT_HEIGHT - 12) continue;
      candidates.push({ x, y, half: info.textWidth / 2 + 4, area: w * h, name: info.name, reached: reached.has(shape.code) });
    }
  }
  // Names go largest country first, each only where it overlaps none placed before.
  const placed = [];
  const labels = [];
  for (const c of candidates.sort((a, b) => b.area - a.area)) {
    const r = [c.x - c.half, c.y - 9, c.x + c.half, c.y + 9];
    if (placed.some((o) => o[0] < r[2] && r[0] < o[2] && o[1] < r[3] && r[1] < o[3])) continue;
    placed.push(r);
    labels.push(svg('text', { x: c.x.toFixed(1), y: c.y.toFixed(1), class: c.reached ? 'snap-label is-reached' : 'snap-label' }, c.name.toUpperCase()));
  }
  const marks = [];
  const halos = [];
  // Biggest first, so small events stay visible on top.
  for (const ev of events.slice().sort((a, b) => b.radius - a.radius)) {
    const [x0, y0] = project(ev.lat, ev.lng);
    const x = x0 + ev.dx;
    const y = y0 + ev.dy;
    if (x < -20 || x > SNAPSHOT_WIDTH + 20 || y < -20 || y > SNAPSHOT_HEIGHT + 20) continue;
    const st = markerStyle(ev.kind, ev.precision, ev.reach, ev.role);
    marks.push(svg('circle', {
      cx: x.toFixed(1), cy: y.toFixed(1), r: ev.radius,
      fill: st.fillColor, 'fill-opacity': st.fillOpacity, stroke: st.color, 'stroke-width': st.weight,
      'stroke-dasharray': st.dashArray || null,
    }));
    if (highlighted.has(ev.id)) {
      halos.push(svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: ev.radius + 4.5, fill: 'none', stroke: palette.highlight, 'stroke-width': 2.5 }));
    }
  }
  let frontier = null;
  let baseMark = null;
  if (base) {
    if (frontierKm > 0) {
      const pts = geodesicCircle(base, frontierKm).map(([lat, lng]) => project(lat, lng));
      frontier = svg('path', {
        d: `M${pts.map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`).join('L')}`,
        fill: 'none', stroke: palette.accent, 'stroke-width': 1.6, 'stroke-dasharray': '6 5', 'stroke-opacity': 0.8,
      });
    }
    const [bx, by] = project(base[1], base[0]);
    baseMark = svg('circle', { cx: bx.toFixed(1), cy: by.toFixed(1), r: 5, fill: palette.base, stroke: palette.baseEdge, 'stroke-width': 2 });
  }
  return svg('svg', {
    class: 'snapshot', viewBox: `0 0 ${SNAPSHOT_WIDTH} ${SNAPSHOT_HEIGHT}`, role: 'img', 'aria-label': title,
    preserveAspectRatio: 'xMidYMid slice',
  },
  svg('rect', { x: 0, y: 0, width: SNAPSHOT_WIDTH, height: SNAPSHOT_HEIGHT, fill: '#d9e2e8' }),
  land.length ? svg('path', { d: land.join(''), fill: palette.land, stroke: palette.borders, 'stroke-width': 0.7 }) : null,
  tinted.length ? svg('path', { d: tinted.join(''), fill: palette.reached, stroke: palette.borders, 'stroke-width': 0.7 }) : null,
  svg('g', { class: 'snap-labels' }, labels),
  frontier,
  svg('g', null, marks),
  svg('g', null, halos),
  baseMark);
}
