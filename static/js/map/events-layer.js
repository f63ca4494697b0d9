/**
 * The events on the map, drawn by one canvas renderer (events-canvas.js) and only added or
 * removed as time and filters change, so playback touches a few events per frame. Co-located
 * events keep their fan-out offsets (see events.js). Network links are drawn as great-circle
 * lines when their event appears; newly reached events pulse once on a separate canvas, so
 * that the pulse never repaints the other markers; the selection's ring and a story chapter's
 * haloes are drawn there too.
 */

/* global L */

import { figuresText, formatDay, placeText } from '../core/format.js';
import { el } from '../core/dom.js';
import { palette, kindColor } from '../core/theme.js';
import { EventsCanvas } from './events-canvas.js';

/**
 * OffsetMarker is a circle marker drawn a fixed number of pixels away from its point (a pulse,
 * a ring or a halo around a fanned-out event). It overrides Leaflet 1.9's private _project
 * (pinned, vendored) because offsets in pixels must stay constant across zooms.
 */
const OffsetMarker = L.CircleMarker.extend({
  _project() {
    const p = this._map.latLngToLayerPoint(this._latlng);
    const o = this.options.offset;
    this._point = o ? p.add(o) : p;
    this._updateBounds();
  },
});

const LINK_STYLE = { weight: 1.2, opacity: 0.5, interactive: false };
const LINK_END = { radius: 2.5, stroke: false, fillOpacity: 0.7, interactive: false };
const TARGET_END = { radius: 5, weight: 2, opacity: 0.9, fill: false, interactive: false };
const PULSE_MS = 900;
const MAX_PULSES = 60;

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
  const { events } = model;
  const tip = L.tooltip({ direction: 'top', className: 'event-tip', opacity: 1 });
  // On a touch screen every marker is hit within 12 px of its centre: a 24 px target (WCAG 2.5.8).
  const coarse = window.matchMedia('(pointer: coarse)').matches;
  const renderer = new EventsCanvas(events, { pane: 'events', tolerance: coarse || L.Browser.mobile ? 3 : 1, minReach: coarse ? 12 : 0 }, {
    onClick: (ev) => onSelect(ev.id),
    onChoose: (evs, at) => {
      map.closeTooltip(tip);
      chooser.setLatLng(at).setContent(chooserOf(evs)).openOn(map);
      const first = chooser.getElement() && chooser.getElement().querySelector('.chooser-pick');
      if (first) first.focus({ preventScroll: true });
    },
    onHover: (ev) => {
      if (!ev) {
        map.closeTooltip(tip);
        return;
      }
      tip.options.offset = [0, -ev.radius];
      tip.setContent(el('div', null,
        el('strong', { text: ev.title }),
        el('span', { text: `${ev.props.date_label || formatDay(ev.s)} · ${placeText(ev.props.place, ev.countryName)}` }),
        figuresText(ev.props.casualties) ? el('span', { text: figuresText(ev.props.casualties) }) : null));
      tip.setLatLng(pointOf(ev));
      map.openTooltip(tip);
    },
  });
  const chooser = L.popup({ className: 'event-chooser', maxWidth: 320, minWidth: 200, autoPanPadding: [24, 24] });

  /**
   * chooserOf lists the events under the pointer, topmost first, as buttons that select one:
   * "3 events here".
   * @param {import('./events.js').EventRecord[]} evs
   */
  function chooserOf(evs) {
    const swatch = (ev) => {
      const dot = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      dot.style.background = kindColor(ev.kind); // a property: the CSP allows no style attribute
      return dot;
    };
    const onkeydown = (e) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      map.closePopup(chooser);
      map.getContainer().focus({ preventScroll: true });
    };
    return el('div', { class: 'chooser', role: 'group', 'aria-label': `${evs.length} events here`, onkeydown },
      el('p', { class: 'chooser-head', text: `${evs.length} events here` }),
      el('ul', null, ...evs.map((ev) => el('li', null,
        el('button', {
          type: 'button', class: 'chooser-pick', 'data-id': ev.id,
          onclick: () => {
            map.closePopup(chooser);
            onSelect(ev.id);
          },
        },
        swatch(ev),
        el('strong', { text: ev.title }),
        el('span', { class: 'chooser-when', text: ev.props.date_label || formatDay(ev.s) }))))));
  }

  map.addLayer(renderer);
  const { shown } = renderer;
  const linkRenderer = L.canvas({ pane: 'links' });
  const pulseRenderer = L.canvas({ pane: 'pulse' });
  const links = new Array(events.length);
  const linkGroup = L.layerGroup().addTo(map);
  const pulses = [];
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  let drawn = 0;
  let linksOn = false;
  let selection = null;
  let pulseFrame = 0;

  function offsetOf(ev) {
    return ev.dx || ev.dy ? L.point(ev.dx, ev.dy) : null;
  }

  function linksOf(ev) {
    let ls = links[ev.i];
    if (!ls) {
      ls = [];
      for (const link of ev.props.links || []) {
        if (!link.coordinates || link.coordinates.length < 2) continue;
        const from = [link.coordinates[1], link.coordinates[0]];
        if (link.role === 'target') {
          // A further place the same item names: a hollow ring in the item's colour, tied to it
          // by a dotted line; it is named, not reached.
          const color = kindColor(ev.kind);
          ls.push(L.polyline(greatCircle(from, [ev.lat, ev.lng]), { ...LINK_STYLE, dashArray: '1 4', color, renderer: linkRenderer }));
          ls.push(L.circleMarker(from, { ...TARGET_END, color, renderer: linkRenderer }));
          continue;
        }
        ls.push(L.polyline(greatCircle(from, [ev.lat, ev.lng]), { ...LINK_STYLE, color: palette.link, renderer: linkRenderer }));
        ls.push(L.circleMarker(from, { ...LINK_END, fillColor: palette.link, renderer: linkRenderer }));
      }
      links[ev.i] = ls;
    }
    return ls;
  }

  /** pointOf is where ev's marker is drawn, offset included, at the current zoom. */
  function pointOf(ev) {
    const p = shown[ev.i] ? renderer.pointOf(ev.i) : null;
    return p ? map.layerPointToLatLng(p) : L.latLng(ev.lat, ev.lng);
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
    const color = kindColor(ev.kind);
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
      if (!highlighted.has(events[i].id) || !shown[i]) {
        halo.remove();
        halos.delete(i);
      }
    }
    for (const id of highlighted) {
      const ev = model.byId.get(id);
      if (!ev || halos.has(ev.i) || !shown[ev.i]) continue;
      const halo = new OffsetMarker([ev.lat, ev.lng], {
        renderer: pulseRenderer, radius: ev.radius + 4.5, color: palette.highlight, weight: 2.5, opacity: 0.95,
        fill: false, interactive: false, offset: offsetOf(ev),
      }).addTo(map);
      halos.set(ev.i, halo);
    }
  }

  function placeRing() {
    const show = selection && shown[selection.i];
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
      renderer.hide(diff.removed);
      if (linksOn) for (const i of diff.removed) for (const l of links[i] || []) linkGroup.removeLayer(l);
      renderer.show(diff.added);
      const animate = opts.animate && !reduceMotion && diff.added.length <= MAX_PULSES;
      for (const i of diff.added) {
        const ev = events[i];
        if (linksOn && ev.props.links && ev.props.links.length) for (const l of linksOf(ev)) linkGroup.addLayer(l);
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
     * @param {Uint8Array} visible visible[i] is 1 when events[i] is shown
     */
    showLinks(visible) {
      if (linksOn) return;
      linksOn = true;
      for (const ev of events) {
        if (visible[ev.i] && ev.props.links && ev.props.links.length) for (const l of linksOf(ev)) linkGroup.addLayer(l);
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
