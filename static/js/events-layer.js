/**
 * The events on the map: one canvas circle marker per event, created the first time it is
 * shown and then only added or removed as time and filters change, so playback touches a few
 * markers per frame. Co-located events keep their fan-out offsets (see events.js). Network
 * links are drawn as great-circle lines when their event appears; newly reached events pulse
 * once on a separate canvas so the pulse never repaints the other markers.
 */

/* global L */

import { KIND, formatDay, placeText } from './format.js';
import { BASE_RADIUS } from './events.js';
import { el } from './dom.js';
import { palette } from './theme.js';

/**
 * OffsetMarker is a circle marker drawn a fixed number of pixels away from its point. It
 * overrides Leaflet 1.9's private _project (pinned, vendored) because offsets in pixels must
 * stay constant across zooms.
 */
const OffsetMarker = L.CircleMarker.extend({
  _project() {
    const p = this._map.latLngToLayerPoint(this._latlng);
    const o = this.options.offset;
    this._point = o ? p.add(o) : p;
    this._updateBounds();
  },
});

/**
 * RegionCanvas is a canvas renderer tuned for playback. Leaflet repaints the union rectangle
 * of every change, which while playing (Kabul and Paris in one frame) is nearly the whole map
 * and every marker under it. Here a marker that is only added is painted over what is already
 * there, and removals or restyles repaint just the small areas around them, one clip each.
 * Pan and zoom still repaint everything as Leaflet does. Overrides Leaflet 1.9's private
 * _addPath, _extendRedrawBounds, _updatePaths and _redraw (pinned, vendored).
 */
const RegionCanvas = L.Canvas.extend({
  _addPath(layer) {
    if (!this._map) return;
    if (!this._added) this._added = [];
    this._added.push(layer);
    this._redrawRequest = this._redrawRequest || L.Util.requestAnimFrame(this._redraw, this);
  },
  _extendRedrawBounds(layer) {
    const b = layer._pxBounds;
    if (!b) return;
    const pad = (layer.options.weight || 0) + 1;
    if (!this._regions) this._regions = [];
    this._regions.push([Math.floor(b.min.x - pad), Math.floor(b.min.y - pad), Math.ceil(b.max.x + pad), Math.ceil(b.max.y + pad)]);
  },
  _updatePaths() {
    this._regions = null;
    this._added = null;
    this._full = true;
    L.Canvas.prototype._updatePaths.call(this);
  },
  /** sendToBack moves a layer to the bottom of the hit-test order without a repaint. */
  sendToBack(layer) {
    const order = layer._order;
    if (!order || !order.prev) return;
    order.prev.next = order.next;
    if (order.next) order.next.prev = order.prev;
    else this._drawLast = order.prev;
    order.prev = null;
    order.next = this._drawFirst;
    this._drawFirst.prev = order;
    this._drawFirst = order;
  },
  /** repaint repaints everything on the next frame (after playback, to restore z-order). */
  repaint() {
    this._full = true;
    this._redrawRequest = this._redrawRequest || L.Util.requestAnimFrame(this._redraw, this);
  },
  _redraw() {
    this._redrawRequest = null;
    let regions = this._regions ? mergeRegions(this._regions) : [];
    const added = (this._added || []).filter((layer) => layer._order && layer._pxBounds);
    this._regions = null;
    this._added = null;
    if (regions && this._bounds) {
      const size = this._bounds.getSize();
      const area = regions.reduce((sum, r) => sum + (r[2] - r[0]) * (r[3] - r[1]), 0);
      if (area > 0.4 * size.x * size.y) regions = null;
    }
    if (this._full || !regions) {
      this._full = false;
      this._redrawBounds = null;
      L.Canvas.prototype._redraw.call(this);
      return;
    }
    const hits = (b) => regions.some((r) => b.min.x <= r[2] && b.max.x >= r[0] && b.min.y <= r[3] && b.max.y >= r[1]);
    const ctx = this._ctx;
    this._drawing = true;
    if (regions.length) {
      ctx.save();
      ctx.beginPath();
      for (const r of regions) {
        ctx.clearRect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
        ctx.rect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
      }
      ctx.clip();
      for (let order = this._drawFirst; order; order = order.next) {
        if (order.layer._pxBounds && hits(order.layer._pxBounds)) order.layer._updatePath();
      }
      ctx.restore();
    }
    for (const layer of added) if (!regions.length || !hits(layer._pxBounds)) layer._updatePath();
    this._drawing = false;
  },
});

/** mergeRegions unites overlapping rectangles; null (repaint all) when there are too many. */
function mergeRegions(rects) {
  if (rects.length > 300) return null;
  const out = [];
  for (const r of rects) {
    let cur = r;
    for (let k = out.length - 1; k >= 0; k--) {
      const o = out[k];
      if (o[0] <= cur[2] && o[2] >= cur[0] && o[1] <= cur[3] && o[3] >= cur[1]) {
        cur = [Math.min(o[0], cur[0]), Math.min(o[1], cur[1]), Math.max(o[2], cur[2]), Math.max(o[3], cur[3])];
        out.splice(k, 1);
        k = out.length;
      }
    }
    out.push(cur);
  }
  return out;
}

const styles = new Map();

/**
 * markerStyle draws the uncertainty of the date: an exact day is a solid disc, a month a
 * dashed ring around a lighter disc, a season a dotted ring, a year a hollow dotted ring.
 * @param {string} kind
 * @param {string} precision
 */
export function markerStyle(kind, precision) {
  const key = `${kind}|${precision}|${palette.name}`;
  if (styles.has(key)) return styles.get(key);
  const color = (KIND[kind] || { color: '#6b7280' }).color;
  let style;
  switch (precision) {
    case 'day':
      style = { color: palette.markerEdge, weight: 1, opacity: 0.95, fillColor: color, fillOpacity: 0.88 };
      break;
    case 'month':
      style = { color, weight: 1.6, opacity: 1, dashArray: '3 2', fillColor: color, fillOpacity: 0.42 };
      break;
    case 'season':
      style = { color, weight: 1.6, opacity: 1, dashArray: '1.5 2.5', fillColor: color, fillOpacity: 0.2 };
      break;
    default:
      style = { color, weight: 1.6, opacity: 1, dashArray: '1 3', fillColor: color, fillOpacity: 0.04 };
  }
  styles.set(key, style);
  return style;
}

const LINK_STYLE = { weight: 1.2, opacity: 0.5, interactive: false };
const LINK_END = { radius: 2.5, stroke: false, fillOpacity: 0.7, interactive: false };
const PULSE_MS = 900;
const MAX_PULSES = 60;
const BIG_BATCH = 200;

/**
 * greatCircle interpolates the shortest path between two [lat, lng] points.
 * @param {number[]} a
 * @param {number[]} b
 * @param {number} [steps]
 */
export function greatCircle(a, b, steps = 24) {
  const rad = Math.PI / 180;
  const v = ([lat, lng]) => [Math.cos(lat * rad) * Math.cos(lng * rad), Math.cos(lat * rad) * Math.sin(lng * rad), Math.sin(lat * rad)];
  const p = v(a);
  const q = v(b);
  const omega = Math.acos(Math.min(1, Math.max(-1, p[0] * q[0] + p[1] * q[1] + p[2] * q[2])));
  if (omega < 1e-6) return [a, b];
  const out = [];
  let prevLng = a[1];
  for (let k = 0; k <= steps; k++) {
    const f = k / steps;
    const s1 = Math.sin((1 - f) * omega) / Math.sin(omega);
    const s2 = Math.sin(f * omega) / Math.sin(omega);
    const x = s1 * p[0] + s2 * q[0];
    const y = s1 * p[1] + s2 * q[1];
    const z = s1 * p[2] + s2 * q[2];
    let lng = Math.atan2(y, x) / rad;
    while (lng - prevLng > 180) lng -= 360;
    while (lng - prevLng < -180) lng += 360;
    prevLng = lng;
    out.push([Math.atan2(z, Math.sqrt(x * x + y * y)) / rad, lng]);
  }
  return out;
}

/**
 * createEventsLayer draws the model's events on map.
 * @param {L.Map} map
 * @param {{events: import('./events.js').EventRecord[], byId: Map<string, import('./events.js').EventRecord>}} model
 * @param {{onSelect: (id: string) => void}} handlers
 */
export function createEventsLayer(map, model, { onSelect }) {
  map.createPane('links').style.zIndex = '380';
  map.createPane('events').style.zIndex = '420';
  map.createPane('pulse').style.zIndex = '440';
  const renderer = new RegionCanvas({ pane: 'events', tolerance: L.Browser.mobile ? 3 : 1 });
  const linkRenderer = L.canvas({ pane: 'links' });
  const pulseRenderer = L.canvas({ pane: 'pulse' });
  const { events } = model;
  const markers = new Array(events.length);
  const links = new Array(events.length);
  const group = L.featureGroup().addTo(map);
  const linkGroup = L.layerGroup().addTo(map);
  const pulses = [];
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  let drawn = 0;
  let linksOn = false;
  let selection = null;
  let pulseFrame = 0;

  const tip = L.tooltip({ direction: 'top', className: 'event-tip', opacity: 1 });
  group.on('click', (e) => onSelect(e.layer.eventRecord.id));
  group.on('mouseover', (e) => {
    const ev = e.layer.eventRecord;
    tip.options.offset = [0, -ev.radius];
    tip.setContent(el('div', null,
      el('strong', { text: ev.title }),
      el('span', { text: `${ev.props.date_label || formatDay(ev.s)} · ${placeText(ev.props.place, ev.countryName)}` })));
    tip.setLatLng(pointOf(ev));
    map.openTooltip(tip);
  });
  group.on('mouseout', () => map.closeTooltip(tip));

  function offsetOf(ev) {
    return ev.dx || ev.dy ? L.point(ev.dx, ev.dy) : null;
  }

  function markerOf(ev) {
    let m = markers[ev.i];
    if (!m) {
      m = new OffsetMarker([ev.lat, ev.lng], {
        ...markerStyle(ev.kind, ev.precision),
        radius: ev.radius, renderer, offset: offsetOf(ev), bubblingMouseEvents: false,
      });
      m.eventRecord = ev;
      markers[ev.i] = m;
    }
    return m;
  }

  function linksOf(ev) {
    let ls = links[ev.i];
    if (!ls) {
      ls = [];
      for (const link of ev.props.links || []) {
        if (!link.coordinates || link.coordinates.length < 2) continue;
        const from = [link.coordinates[1], link.coordinates[0]];
        ls.push(L.polyline(greatCircle(from, [ev.lat, ev.lng]), { ...LINK_STYLE, color: palette.link, renderer: linkRenderer }));
        ls.push(L.circleMarker(from, { ...LINK_END, fillColor: palette.link, renderer: linkRenderer }));
      }
      links[ev.i] = ls;
    }
    return ls;
  }

  /** pointOf is where ev's marker is drawn, offset included, at the current zoom. */
  function pointOf(ev) {
    const m = markers[ev.i];
    if (m && m._point && map.hasLayer(m)) return map.layerPointToLatLng(m._point);
    return L.latLng(ev.lat, ev.lng);
  }

  function animatePulses(now) {
    pulseFrame = 0;
    for (let k = pulses.length - 1; k >= 0; k--) {
      const p = pulses[k];
      const f = (now - p.t0) / PULSE_MS;
      if (f >= 1) {
        p.marker.remove();
        pulses.splice(k, 1);
        continue;
      }
      const ease = 1 - (1 - f) * (1 - f);
      p.marker.setRadius(p.r + 14 * ease);
      p.marker.setStyle({ opacity: 0.85 * (1 - f) });
    }
    if (pulses.length) pulseFrame = requestAnimationFrame(animatePulses);
  }

  function pulse(ev) {
    if (pulses.length >= MAX_PULSES) return;
    const color = (KIND[ev.kind] || { color: '#333' }).color;
    const marker = new OffsetMarker([ev.lat, ev.lng], {
      renderer: pulseRenderer, radius: ev.radius, color, weight: 2.5, opacity: 0.85, fill: false,
      interactive: false, offset: offsetOf(ev),
    }).addTo(map);
    pulses.push({ marker, r: ev.radius, t0: performance.now() });
    if (!pulseFrame) pulseFrame = requestAnimationFrame(animatePulses);
  }

  const ring = {
    outer: new OffsetMarker([0, 0], { renderer: pulseRenderer, radius: 8, color: palette.ringOuter, weight: 6, opacity: 1, fill: false, interactive: false }),
    inner: new OffsetMarker([0, 0], { renderer: pulseRenderer, radius: 8, color: palette.ringInner, weight: 2.5, opacity: 1, fill: false, interactive: false }),
  };

  // Highlighted events (a story chapter's) wear a halo while they are shown.
  /** @type {Set<string>} */
  let highlighted = new Set();
  /** @type {Map<number, L.Layer>} */
  const halos = new Map();

  function placeHalos() {
    for (const [i, halo] of halos) {
      if (!highlighted.has(events[i].id) || !markers[i] || !map.hasLayer(markers[i])) {
        halo.remove();
        halos.delete(i);
      }
    }
    for (const id of highlighted) {
      const ev = model.byId.get(id);
      if (!ev || halos.has(ev.i) || !markers[ev.i] || !map.hasLayer(markers[ev.i])) continue;
      const halo = new OffsetMarker([ev.lat, ev.lng], {
        renderer: pulseRenderer, radius: ev.radius + 4.5, color: palette.highlight, weight: 2.5, opacity: 0.95,
        fill: false, interactive: false, offset: offsetOf(ev),
      }).addTo(map);
      halos.set(ev.i, halo);
    }
  }

  function placeRing() {
    const show = selection && markers[selection.i] && map.hasLayer(markers[selection.i]);
    for (const m of [ring.outer, ring.inner]) {
      if (!show) {
        if (map.hasLayer(m)) m.remove();
        continue;
      }
      m.options.offset = offsetOf(selection);
      m.setLatLng([selection.lat, selection.lng]);
      m.setRadius(selection.radius + 4);
      if (!map.hasLayer(m)) m.addTo(map);
    }
  }

  return {
    /** drawn is the number of event markers on the map. */
    get drawn() { return drawn; },
    /**
     * apply adds and removes markers (and their links, once showLinks has run); animate
     * pulses the added ones when there are few.
     * @param {{added: number[], removed: number[]}} diff
     * @param {{animate?: boolean}} [opts]
     */
    apply(diff, opts = {}) {
      const withLinks = linksOn;
      for (const i of diff.removed) {
        const m = markers[i];
        if (m) group.removeLayer(m);
        for (const l of links[i] || []) linkGroup.removeLayer(l);
      }
      const animate = opts.animate && !reduceMotion && diff.added.length <= MAX_PULSES;
      // Big markers go under small ones so that every event stays clickable: a large batch is
      // added biggest first; a few new big markers are sent to the back, the biggest last.
      const batch = diff.added.length > BIG_BATCH;
      const added = diff.added.length > 1
        ? diff.added.slice().sort((a, b) => (events[b].radius - events[a].radius) * (batch ? 1 : -1))
        : diff.added;
      for (const i of added) {
        const ev = events[i];
        const m = markerOf(ev);
        group.addLayer(m);
        if (!batch && ev.radius > BASE_RADIUS) renderer.sendToBack(m);
        if (withLinks && ev.props.links && ev.props.links.length) for (const l of linksOf(ev)) linkGroup.addLayer(l);
        if (animate) pulse(ev);
      }
      drawn += diff.added.length - diff.removed.length;
      if (selection && (diff.added.length || diff.removed.length)) placeRing();
      if (highlighted.size && (diff.added.length || diff.removed.length)) placeHalos();
    },
    /** settle repaints every marker in its proper order, once playback stops. */
    settle() {
      renderer.repaint();
    },
    /**
     * showLinks draws the links of the events shown so far and of every event added later.
     * The first draw leaves links out so the markers appear as fast as a bare map's.
     * @param {Uint8Array} shown
     */
    showLinks(shown) {
      if (linksOn) return;
      linksOn = true;
      for (const ev of events) {
        if (shown[ev.i] && ev.props.links && ev.props.links.length) for (const l of linksOf(ev)) linkGroup.addLayer(l);
      }
    },
    /**
     * setSelected rings the selected event (or clears the ring for null).
     * @param {import('./events.js').EventRecord|null} ev
     */
    setSelected(ev) {
      selection = ev;
      placeRing();
    },
    /**
     * setHighlighted haloes the events with these ids whenever they are shown.
     * @param {Iterable<string>} ids
     */
    setHighlighted(ids) {
      highlighted = new Set(ids);
      placeHalos();
    },
    /**
     * reveal pans the map so ev is in view, clear of the bottom sheet or side panel.
     * @param {import('./events.js').EventRecord} ev
     * @param {{bottom?: number, right?: number}} [pad] pixels covered by overlays
     */
    reveal(ev, pad = {}) {
      const target = pointOf(ev);
      map.panInside(target, {
        paddingTopLeft: [40, 40],
        paddingBottomRight: [40 + (pad.right || 0), 40 + (pad.bottom || 0)],
        animate: !reduceMotion,
      });
    },
    /** pointOf is where ev is drawn, as a LatLng. */
    pointOf,
  };
}
