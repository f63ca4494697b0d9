/**
 * The timeline strip: events per month stacked by kind on a canvas (an event known only to a
 * season, a year or a span of months is spread evenly over the months it could fall in, drawn
 * faded above the events dated to their month or day, so no month shows a spike that is only
 * an artefact of precision), with the current-time
 * cursor and, in window mode, the window shaded. Click to jump, drag the cursor to scrub,
 * drag elsewhere to select a time window. Bars are painted once to an offscreen canvas and
 * composited each frame, so moving the cursor while playing costs two image copies.
 */

import { el } from '../core/dom.js';
import { monthIndex, dayFromMonthIndex, yearOf } from '../core/days.js';
import { formatDay, formatMonthShort, plural } from '../core/format.js';
import { KINDS } from '../core/vocab.js';
import { palette, kindColor } from '../core/theme.js';

const PAD_L = 10;
const PAD_R = 10;
const AXIS = 16;
const TOP = 6;

/**
 * createTimeline mounts the strip in root.
 * @param {HTMLElement} root
 * @param {{start: number, end: number, onSeek: (day: number) => void, onRange: (from: number, to: number) => void}} opts
 */
export function createTimeline(root, { start, end, onSeek, onRange }) {
  const canvas = el('canvas', {
    class: 'timeline-canvas', tabindex: 0, role: 'slider',
    'aria-label': 'Timeline of events per month. Click to jump, drag across it to select a window.',
    'aria-valuemin': 0, 'aria-valuemax': end - start,
  });
  root.append(canvas);
  const ctx = canvas.getContext('2d');
  const bars = document.createElement('canvas');
  const firstMonth = monthIndex(start);
  const nMonths = monthIndex(end) - firstMonth + 1;
  let counts = [];
  let spread = [];
  let exact = new Uint32Array(nMonths);
  let totals = new Float32Array(nMonths);
  let max = 1;
  let width = 0;
  let height = 0;
  let dpr = 1;
  let t = NaN;
  let from = -Infinity;
  let drag = null;
  let hoverX = -1;
  let frame = 0;

  const x = (day) => PAD_L + ((day - start) / (end + 1 - start)) * (width - PAD_L - PAD_R);
  const dayAt = (px) => start + ((px - PAD_L) / (width - PAD_L - PAD_R)) * (end + 1 - start);
  const seekDay = (px) => Math.min(end, Math.max(start, Math.round(dayAt(px)) - 1));
  const localX = (e) => e.clientX - canvas.getBoundingClientRect().left;

  function resize() {
    const w = root.clientWidth;
    const h = canvas.clientHeight || 64;
    const d = window.devicePixelRatio || 1;
    if (w === width && h === height && d === dpr) return;
    width = w;
    height = h;
    dpr = d;
    for (const c of [canvas, bars]) {
      c.width = Math.round(w * d);
      c.height = Math.round(h * d);
    }
    paintBars();
    draw();
  }

  function paintBars() {
    const b = bars.getContext('2d');
    b.setTransform(dpr, 0, 0, dpr, 0, 0);
    b.clearRect(0, 0, width, height);
    const base = height - AXIS;
    const room = base - TOP;
    for (let m = 0; m < nMonths; m++) {
      if (!totals[m]) continue;
      const x0 = x(dayFromMonthIndex(firstMonth + m));
      const x1 = x(dayFromMonthIndex(firstMonth + m + 1));
      const gap = x1 - x0 > 3 ? 1 : 0;
      let y = base;
      for (const [layer, alpha] of [[counts, 1], [spread, 0.4]]) {
        b.globalAlpha = alpha;
        for (let k = 0; k < KINDS.length; k++) {
          const n = layer[m][k];
          if (!n) continue;
          const h = (n / max) * room;
          b.fillStyle = kindColor(KINDS[k].id);
          b.fillRect(x0, y - h, Math.max(1, x1 - x0 - gap), h);
          y -= h;
        }
      }
      b.globalAlpha = 1;
    }
  }

  function draw() {
    frame = 0;
    if (!width || Number.isNaN(t)) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const base = height - AXIS;
    const cursor = x(t + 1);
    const left = from === -Infinity ? PAD_L : x(from);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (from !== -Infinity) {
      ctx.fillStyle = 'rgba(213, 94, 0, 0.08)';
      ctx.fillRect(left, 0, cursor - left, base);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 0.22;
    ctx.drawImage(bars, 0, 0);
    ctx.globalAlpha = 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left * dpr, 0, (cursor - left) * dpr, canvas.height);
    ctx.clip();
    ctx.drawImage(bars, 0, 0);
    ctx.restore();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    // Axis: a baseline and the years.
    ctx.fillStyle = palette.axis;
    ctx.fillRect(PAD_L, base, width - PAD_L - PAD_R, 1);
    ctx.font = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    const yearPx = x(start + 365.25) - x(start);
    const every = yearPx < 26 ? 2 : 1;
    for (let y = yearOf(start); y <= yearOf(end); y++) {
      const day = Date.UTC(y, 0, 1) / 86400000;
      if (day < start) continue;
      const px = x(day);
      ctx.fillStyle = palette.tick;
      ctx.fillRect(px, base, 1, 4);
      if ((y - yearOf(start)) % every) continue;
      const label = yearPx < 34 ? `'${String(y).slice(2)}` : String(y);
      if (px + 2 + ctx.measureText(label).width > width) continue;
      ctx.fillStyle = palette.axisText;
      ctx.fillText(label, px + 2, base + 4);
    }

    // Window edge and cursor.
    if (from !== -Infinity) {
      ctx.fillStyle = 'rgba(165, 70, 10, 0.55)';
      ctx.fillRect(left - 0.5, 0, 1, base);
    }
    ctx.fillStyle = palette.cursor;
    ctx.fillRect(cursor - 1, 0, 2, base + 2);
    ctx.beginPath();
    ctx.arc(cursor, 5, 4.5, 0, Math.PI * 2);
    ctx.fill();

    if (drag && drag.mode === 'range') {
      const a = Math.min(drag.x0, drag.x1);
      const b = Math.max(drag.x0, drag.x1);
      ctx.fillStyle = 'rgba(0, 114, 178, 0.15)';
      ctx.fillRect(a, 0, b - a, base);
      ctx.fillStyle = 'rgba(0, 114, 178, 0.8)';
      ctx.fillRect(a, 0, 1, base);
      ctx.fillRect(b - 1, 0, 1, base);
    }
    if (hoverX >= PAD_L && hoverX <= width - PAD_R && !drag) {
      const day = Math.min(end, Math.max(start, Math.floor(dayAt(hoverX))));
      const m = monthIndex(day) - firstMonth;
      const wide = totals[m] - exact[m];
      const label = `${formatMonthShort(day)} · ${plural(exact[m] || 0, 'event')} dated to it`
        + (wide > 0.05 ? ` + ${wide.toFixed(1)} spread from wider dates` : '');
      ctx.font = '600 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      const w = ctx.measureText(label).width + 10;
      const lx = Math.min(width - PAD_R - w, Math.max(PAD_L, hoverX - w / 2));
      ctx.fillStyle = palette.tipBg;
      ctx.fillRect(lx, 2, w, 17);
      ctx.fillStyle = palette.tipText;
      ctx.fillText(label, lx + 5, 5);
    }
  }

  const request = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };

  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    canvas.setPointerCapture(e.pointerId);
    const px = localX(e);
    drag = { x0: px, x1: px, mode: Math.abs(px - x(t + 1)) <= 12 ? 'scrub' : 'pending' };
    canvas.focus({ preventScroll: true });
    e.preventDefault();
  });
  canvas.addEventListener('pointermove', (e) => {
    const px = localX(e);
    hoverX = e.pointerType === 'mouse' ? px : -1;
    if (drag) {
      drag.x1 = px;
      if (drag.mode === 'pending' && Math.abs(drag.x1 - drag.x0) > 6) drag.mode = 'range';
      if (drag.mode === 'scrub') onSeek(seekDay(px));
    }
    request();
  });
  canvas.addEventListener('pointerleave', () => {
    hoverX = -1;
    request();
  });
  const finish = (e, cancelled) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    if (!cancelled) {
      if (d.mode === 'pending' || d.mode === 'scrub') onSeek(seekDay(localX(e)));
      else if (d.mode === 'range') {
        const a = Math.max(start, Math.floor(dayAt(Math.min(d.x0, d.x1))));
        const b = Math.min(end, Math.floor(dayAt(Math.max(d.x0, d.x1))));
        if (b >= a) onRange(a, b);
      }
    }
    request();
  };
  canvas.addEventListener('pointerup', (e) => finish(e, false));
  canvas.addEventListener('pointercancel', (e) => finish(e, true));
  new ResizeObserver(resize).observe(root);
  resize();

  return {
    /** canvas is the focusable strip (role slider). */
    canvas,
    /**
     * setData recounts the bars from the events that pass the filters.
     * @param {import('./events.js').EventRecord[]} events
     * @param {(ev: import('./events.js').EventRecord) => boolean} pass
     */
    setData(events, pass) {
      counts = Array.from({ length: nMonths }, () => new Float32Array(KINDS.length));
      spread = Array.from({ length: nMonths }, () => new Float32Array(KINDS.length));
      exact = new Uint32Array(nMonths);
      totals = new Float32Array(nMonths);
      const kindIndex = Object.fromEntries(KINDS.map((k, i) => [k.id, i]));
      for (const ev of events) {
        if (!pass(ev)) continue;
        const k = kindIndex[ev.kind] ?? KINDS.length - 1;
        const m0 = monthIndex(ev.s) - firstMonth;
        const m1 = monthIndex(ev.e) - firstMonth;
        if (m0 === m1) {
          if (m0 < 0 || m0 >= nMonths) continue;
          counts[m0][k]++;
          exact[m0]++;
          totals[m0]++;
          continue;
        }
        const w = 1 / (m1 - m0 + 1);
        for (let m = Math.max(0, m0); m <= Math.min(nMonths - 1, m1); m++) {
          spread[m][k] += w;
          totals[m] += w;
        }
      }
      max = Math.max(1, ...totals);
      paintBars();
      request();
    },
    /**
     * monthTotals are the bars' heights per month from the first month: events dated to the
     * month or day, plus each wider-dated event's share (for tests and the benchmark).
     */
    get monthTotals() { return { first: firstMonth, exact: Array.from(exact), total: Array.from(totals) }; },
    /**
     * setTime moves the cursor to day t; windowStart is the window's first day or -Infinity.
     * @param {number} day
     * @param {number} windowStart
     */
    setTime(day, windowStart) {
      const d = Math.floor(day);
      if (d !== t) {
        canvas.setAttribute('aria-valuenow', String(d - start));
        canvas.setAttribute('aria-valuetext', formatDay(d));
      }
      t = d;
      from = windowStart;
      request();
    },
  };
}
