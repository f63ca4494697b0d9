/**
 * The events' canvas: one Leaflet canvas renderer that draws every shown event itself, with no
 * Leaflet layer per event. Adding a circle marker costs Leaflet about 10 µs (options, events,
 * projection, bookkeeping), more than drawing it: 100 ms for 10,000 events before the first
 * frame. Here an event is an index into the model, projected once, and drawn as a sprite: a
 * small canvas per style and radius, drawn with Leaflet's own circle-marker strokes. Copying a
 * sprite rasterises some fifteen times faster than a dashed, anti-aliased circle, which is most
 * of the cost of a frame once hundreds of markers are repainted in it.
 *
 * While playing, an added event is painted over what is already there, and a removed one
 * clears a small region in which only the events crossing it are repainted; pan and zoom, and
 * settle() after playback, repaint everything in order: big markers under small ones, so that
 * small markers stay visible, and equal sizes in time order. Hover and click are hit-tested
 * here, in the reverse of that order: a click over several markers offers them all, so that a
 * big marker under small ones (Crocus City Hall's) is reachable from the map too.
 *
 * It extends Leaflet 1.9's L.Canvas (pinned, vendored), overriding its private _draw, _redraw,
 * _updatePaths, _onClick, _handleMouseHover and _handleMouseOut.
 */

/* global L */

import { palette, kindColor } from '../core/theme.js';

const styles = new Map();

/**
 * markerStyle draws what the sources support. The fill says how exactly the date is known
 * (an exact day solid, a month lighter, a season and a year fainter: an imprecise event is
 * faded over its whole span, never a solid dot on its first day). The ring says how the reach
 * rule counts it (geo.Reach): presence a plain edge, alleged presence a dashed ring, a target
 * or audience only named (threats, propaganda) a hollow ring. A point that stands for a target
 * rather than where something happened (a foiled plot placed at its stated target) gets an
 * inner ring, a bull's-eye. The same object is returned for the same style.
 * @param {string} kind
 * @param {string} precision
 * @param {string} [reach] presence | alleged | named
 * @param {string} [role] occurrence | target | subject | audience
 */
export function markerStyle(kind, precision, reach = 'presence', role = 'occurrence') {
  const key = `${kind}|${precision}|${reach}|${role}|${palette.name}`;
  if (styles.has(key)) return styles.get(key);
  const color = kindColor(kind);
  const fill = FILL_BY_PRECISION[precision] ?? FILL_BY_PRECISION.year;
  let style;
  if (reach === 'named') {
    style = { color, weight: 2, opacity: 1, fillColor: color, fillOpacity: 0.06 };
  } else if (reach === 'alleged') {
    style = { color, weight: 1.6, opacity: 1, dashArray: '3 2', fillColor: color, fillOpacity: fill * 0.8 };
  } else if (precision === 'day') {
    style = { color: palette.markerEdge, weight: 1, opacity: 0.95, fillColor: color, fillOpacity: fill };
  } else {
    style = { color, weight: 1.4, opacity: 0.9, fillColor: color, fillOpacity: fill };
  }
  if (role === 'target') style = { ...style, target: color };
  styles.set(key, style);
  return style;
}

/** FILL_BY_PRECISION fades a marker by how little is known of its date. */
const FILL_BY_PRECISION = Object.freeze({ day: 0.88, month: 0.5, season: 0.3, year: 0.18 });

/** drawnRadius is the radius Leaflet's canvas draws a circle marker with: whole pixels, ≥ 1. */
function drawnRadius(r) {
  return Math.max(Math.round(r), 1);
}

/**
 * @typedef {object} Sprite
 * @property {ImageBitmap|HTMLCanvasElement} image
 * @property {number} half  pixels from the centre to the sprite's edge
 * @property {number} size  the sprite's width and height in CSS pixels
 * @property {number} edge  half the stroke's width, which hit-testing counts as the marker's
 */

/** @type {Map<object, Map<number, Sprite>>} sprites by style object, then radius */
const sprites = new Map();
/** @type {OffscreenCanvas|null} one canvas to draw every sprite on, in turn */
let easel = null;

/**
 * spriteOf draws a circle marker of this style and radius once, as Leaflet's canvas renderer
 * draws one (its _fillStroke): the fill, then the stroke, dashed or not, with round caps. A
 * retina screen gets sprites of twice the resolution, as Leaflet's canvases are.
 * @param {ReturnType<typeof markerStyle>} style
 * @param {number} r drawn radius
 * @returns {Sprite}
 */
function spriteOf(style, r) {
  let byRadius = sprites.get(style);
  if (!byRadius) {
    byRadius = new Map();
    sprites.set(style, byRadius);
  }
  let sprite = byRadius.get(r);
  if (sprite) return sprite;
  // The stroke spills half its width over the radius; one more pixel for anti-aliasing.
  const half = r + Math.ceil(style.weight) + 1;
  const size = 2 * half;
  const m = L.Browser.retina ? 2 : 1;
  // Hundreds of sprites are made before the first frame: drawing them all on one offscreen
  // canvas and keeping each as an ImageBitmap costs half as much as a canvas each.
  if (!easel && typeof OffscreenCanvas === 'function') easel = new OffscreenCanvas(size * m, size * m);
  const canvas = easel || document.createElement('canvas');
  canvas.width = size * m; // also clears it and resets the context
  canvas.height = size * m;
  const ctx = canvas.getContext('2d');
  ctx.scale(m, m);
  ctx.beginPath();
  ctx.arc(half, half, r, 0, Math.PI * 2, false);
  ctx.globalAlpha = style.fillOpacity;
  ctx.fillStyle = style.fillColor || style.color;
  ctx.fill('evenodd');
  ctx.setLineDash(style.dashArray ? style.dashArray.split(/[, ]+/).map(Number) : []);
  ctx.globalAlpha = style.opacity;
  ctx.lineWidth = style.weight;
  ctx.strokeStyle = style.color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.stroke();
  if (style.target && r >= 4) {
    // The bull's-eye of a point that stands for a target.
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = style.target;
    ctx.beginPath();
    ctx.arc(half, half, Math.max(1.5, r * 0.45), 0, Math.PI * 2, false);
    ctx.stroke();
  }
  const image = easel ? easel.transferToImageBitmap() : canvas;
  sprite = { image, half, size, edge: style.weight / 2 };
  byRadius.set(r, sprite);
  return sprite;
}

/** Beyond this many regions, or this share of the canvas, a full repaint is cheaper. */
const MAX_REGIONS = 300;
const MAX_REGION_SHARE = 0.4;
/** Adding more events than this at once repaints everything, in order. */
const BIG_BATCH = 200;

/**
 * EventsCanvas draws the events of a model. Create it with new EventsCanvas(events, options,
 * handlers) and add it to the map; then show() and hide() events by index.
 * options: Leaflet renderer options (pane, tolerance) and minReach, the least radius a
 * marker is hit at; handlers: {onHover(ev|null), onClick(ev), onChoose(evs, latlng)}.
 */
export const EventsCanvas = L.Canvas.extend({
  /**
   * @param {import('./events.js').EventRecord[]} events
   * @param {{pane: string, tolerance: number, minReach?: number}} options Leaflet renderer options
   * @param {{onHover: (ev: import('./events.js').EventRecord|null) => void, onClick: (ev: import('./events.js').EventRecord) => void, onChoose: (evs: import('./events.js').EventRecord[], at: L.LatLng) => void}} handlers
   */
  initialize(events, options, handlers) {
    L.Canvas.prototype.initialize.call(this, options);
    this._events = events;
    this._handlers = handlers;
    /** shown[i] is 1 while events[i] is on the map. */
    this.shown = new Uint8Array(events.length);
    this._sprites = new Array(events.length);
    this._units = null;
    this._order = null;
    this._rank = null;
    this._added = [];
    this._regions = [];
    this._full = true;
  },

  /**
   * show adds events to the map; they are painted on the next frame.
   * @param {number[]} indices
   */
  show(indices) {
    for (const i of indices) {
      if (this.shown[i]) continue;
      this.shown[i] = 1;
      this._added.push(i);
    }
    if (this._added.length > BIG_BATCH) this._full = true;
    this._request();
  },

  /**
   * hide removes events from the map; the regions they covered are repainted on the next frame.
   * @param {number[]} indices
   */
  hide(indices) {
    const view = this._view();
    for (const i of indices) {
      if (!this.shown[i]) continue;
      this.shown[i] = 0;
      if (view && !this._full) this._regions.push(this._box(i, view));
    }
    this._request();
  },

  /** repaint repaints every event in order on the next frame (after playback). */
  repaint() {
    this._full = true;
    this._request();
  },

  /**
   * pointOf is where events[i] is drawn, in layer pixels (its fan-out offset included), or
   * null before the map has a view.
   * @param {number} i
   * @returns {L.Point|null}
   */
  pointOf(i) {
    const view = this._view();
    if (!view) return null;
    const u = this._unitPoints();
    const ev = this._events[i];
    return L.point(Math.round(u[2 * i] * view.scale) - view.origin.x + ev.dx, Math.round(u[2 * i + 1] * view.scale) - view.origin.y + ev.dy);
  },

  _request() {
    if (!this._map) return;
    this._redrawRequest = this._redrawRequest || L.Util.requestAnimFrame(this._redraw, this);
  },

  /** _view is what projects an event at the map's current zoom, or null without a view. */
  _view() {
    const map = this._map;
    if (!map || !map._loaded || !this._bounds) return null;
    return { scale: map.options.crs.scale(map.getZoom()), origin: map.getPixelOrigin(), bounds: this._bounds };
  },

  /**
   * _unitPoints projects every event once, at scale 1: at zoom z, Leaflet's projected point is
   * this times crs.scale(z), rounded (as map.latLngToLayerPoint rounds it).
   */
  _unitPoints() {
    if (this._units) return this._units;
    const crs = this._map.options.crs;
    const units = new Float64Array(2 * this._events.length);
    this._events.forEach((ev, i) => {
      const p = crs.transformation.transform(crs.projection.project(L.latLng(ev.lat, ev.lng)), 1);
      units[2 * i] = p.x;
      units[2 * i + 1] = p.y;
    });
    this._units = units;
    return units;
  },

  /**
   * _drawOrder lists every event in painting order: by drawn radius, biggest first, then in
   * time order (the model's). A counting sort: there are only a few radii.
   */
  _drawOrder() {
    if (this._order) return this._order;
    const events = this._events;
    let maxR = 1;
    for (const ev of events) maxR = Math.max(maxR, drawnRadius(ev.radius));
    const next = new Int32Array(maxR + 2);
    for (const ev of events) next[drawnRadius(ev.radius)]++;
    for (let r = maxR, at = 0; r >= 0; r--) {
      const count = next[r];
      next[r] = at;
      at += count;
    }
    const order = new Int32Array(events.length);
    const rank = new Int32Array(events.length);
    events.forEach((ev, i) => {
      const k = next[drawnRadius(ev.radius)]++;
      order[k] = i;
      rank[i] = k;
    });
    this._order = order;
    this._rank = rank;
    return order;
  },

  _spriteOf(i) {
    let sprite = this._sprites[i];
    if (!sprite) {
      const ev = this._events[i];
      sprite = spriteOf(markerStyle(ev.kind, ev.precision, ev.reach, ev.role), drawnRadius(ev.radius));
      this._sprites[i] = sprite;
    }
    return sprite;
  },

  /** _box is the square, in layer pixels, that events[i]'s sprite covers: [x0, y0, x1, y1]. */
  _box(i, view) {
    const u = this._unitPoints();
    const ev = this._events[i];
    const { half } = this._spriteOf(i);
    const x = Math.round(Math.round(u[2 * i] * view.scale) - view.origin.x + ev.dx);
    const y = Math.round(Math.round(u[2 * i + 1] * view.scale) - view.origin.y + ev.dy);
    return [x - half, y - half, x + half, y + half];
  },

  /** _paint draws events[i] unless it lies off the canvas. */
  _paint(i, view) {
    const u = this._unitPoints();
    const ev = this._events[i];
    const sprite = this._spriteOf(i);
    const x = Math.round(Math.round(u[2 * i] * view.scale) - view.origin.x + ev.dx) - sprite.half;
    const y = Math.round(Math.round(u[2 * i + 1] * view.scale) - view.origin.y + ev.dy) - sprite.half;
    const { min, max } = view.bounds;
    if (x + sprite.size < min.x || x > max.x || y + sprite.size < min.y || y > max.y) return;
    this._ctx.drawImage(sprite.image, x, y, sprite.size, sprite.size);
  },

  /** _draw paints every shown event (Leaflet calls it when the renderer is added). */
  _draw() {
    this._full = true;
    this._redraw();
  },

  /** _updatePaths follows a new view (pan, zoom, resize): everything is repainted. */
  _updatePaths() {
    if (this._postponeUpdatePaths) return;
    this._full = true;
    this._redraw();
  },

  _redraw() {
    this._redrawRequest = null;
    const view = this._view();
    if (!view || this._map._animatingZoom) {
      // The view is changing: the repaint that follows it (_updatePaths) shows everything.
      this._full = true;
      return;
    }
    let regions = this._full ? null : mergeRegions(this._regions);
    if (regions && regions.length) {
      const size = view.bounds.getSize();
      const area = regions.reduce((sum, r) => sum + (r[2] - r[0]) * (r[3] - r[1]), 0);
      if (area > MAX_REGION_SHARE * size.x * size.y) regions = null;
    }
    const added = this._added;
    this._added = [];
    this._regions = [];
    if (!regions) {
      this._full = false;
      this._paintAll(view);
      return;
    }
    // New events go on top, whole, in order among themselves; the regions are repainted
    // without them first. (An event shown, hidden and shown again within a frame is listed
    // twice.)
    const fresh = new Set(added.filter((i) => this.shown[i]));
    const ctx = this._ctx;
    const hits = (b) => regions.some((r) => b[0] <= r[2] && b[2] >= r[0] && b[1] <= r[3] && b[3] >= r[1]);
    if (regions.length) {
      ctx.save();
      ctx.beginPath();
      for (const r of regions) {
        ctx.clearRect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
        ctx.rect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
      }
      ctx.clip();
      const order = this._drawOrder();
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        if (this.shown[i] && !fresh.has(i) && hits(this._box(i, view))) this._paint(i, view);
      }
      ctx.restore();
    }
    this._drawOrder();
    const rank = this._rank;
    for (const i of [...fresh].sort((a, b) => rank[a] - rank[b])) this._paint(i, view);
  },

  _paintAll(view) {
    const ctx = this._ctx;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this._container.width, this._container.height);
    ctx.restore();
    const order = this._drawOrder();
    for (let k = 0; k < order.length; k++) {
      if (this.shown[order[k]]) this._paint(order[k], view);
    }
  },

  /** _hit is the topmost shown event under a layer point, or null. */
  _hit(point) {
    return this._hits(point, 1)[0] || null;
  },

  /**
   * _hits lists the shown events under a layer point, topmost first (the reverse of the
   * drawing order), at most limit of them. A marker reaches its radius, half its stroke and
   * the tolerance, as Leaflet's CircleMarker._containsPoint, and never less than the renderer's
   * minReach: on a touch screen every marker is a target of at least 2 × minReach pixels.
   * @param {L.Point} point
   * @param {number} [limit]
   */
  _hits(point, limit = Infinity) {
    const view = this._view();
    if (!view) return [];
    const u = this._unitPoints();
    const order = this._drawOrder();
    const tolerance = this.options.tolerance || 0;
    const minReach = this.options.minReach || 0;
    const out = [];
    for (let k = order.length - 1; k >= 0 && out.length < limit; k--) {
      const i = order[k];
      if (!this.shown[i]) continue;
      const ev = this._events[i];
      const dx = Math.round(u[2 * i] * view.scale) - view.origin.x + ev.dx - point.x;
      const dy = Math.round(u[2 * i + 1] * view.scale) - view.origin.y + ev.dy - point.y;
      const reach = Math.max(ev.radius + this._spriteOf(i).edge + tolerance, minReach);
      if (dx * dx + dy * dy <= reach * reach) out.push(ev);
    }
    return out;
  },

  // A click on one event selects it and goes no further (Leaflet's bubblingMouseEvents: false);
  // on several overlapping ones it offers them all (onChoose), so that a big marker under small
  // ones stays reachable; anywhere else, the map gets it as it would from Leaflet.
  _onClick(e) {
    const point = this._map.mouseEventToLayerPoint(e);
    const evs = this._hits(point);
    if (!evs.length) {
      this._fireEvent(false, e);
      return;
    }
    if (e.type !== 'click' || this._map._draggableMoved(this._map)) return;
    // Kept from the map, whose preclick would close the chooser as soon as it opens.
    L.DomEvent.stopPropagation(e);
    if (evs.length === 1) this._handlers.onClick(evs[0]);
    else this._handlers.onChoose(evs, this._map.layerPointToLatLng(point));
  },

  _handleMouseHover(e, point) {
    if (this._mouseHoverThrottled) return;
    const ev = this._hit(point);
    if (ev !== this._hovered) {
      this._handleMouseOut(e);
      if (ev) {
        L.DomUtil.addClass(this._container, 'leaflet-interactive'); // the pointer cursor
        this._hovered = ev;
        this._handlers.onHover(ev);
      }
    }
    if (!this._hovered) this._fireEvent(false, e);
    this._mouseHoverThrottled = true;
    setTimeout(() => {
      this._mouseHoverThrottled = false;
    }, 32);
  },

  _handleMouseOut() {
    if (!this._hovered) return;
    L.DomUtil.removeClass(this._container, 'leaflet-interactive');
    this._hovered = null;
    this._mouseHoverThrottled = false;
    this._handlers.onHover(null);
  },
});

/** mergeRegions unites overlapping rectangles; null (repaint all) when there are too many. */
function mergeRegions(rects) {
  if (rects.length > MAX_REGIONS) return null;
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
