/**
 * The time bar: the speed, window and mode controls, the play and step buttons, the player
 * and the timeline strip, all routed through the store.
 */

import { byId, el, setText } from '../core/dom.js';
import { addMonths, isoFromDay, monthEnd, monthStart } from '../core/days.js';
import { formatDay, plural } from '../core/format.js';
import { SPEEDS, WINDOWS } from '../core/state.js';
import { createPlayer } from './player.js';
import { createTimeline } from './timeline.js';

/**
 * wireTimeSelects fills the time bar's selects and radios from the store and routes their
 * changes to it. They get their options before the map is sized: their width can wrap the bar
 * on a phone. The returned sync shows a change of the store.
 * @param {any} store
 * @returns {(s: any, changed: Set<string>) => void}
 */
export function wireTimeSelects(store) {
  const speedSelect = byId('speed');
  for (const v of SPEEDS) speedSelect.append(el('option', { value: String(v), text: `${v} mo/s` }));
  speedSelect.addEventListener('change', () => store.set({ speed: Number(speedSelect.value) }));
  const windowSelect = byId('window-len');
  const fillWindows = (win) => {
    const values = WINDOWS.includes(win) ? WINDOWS : [...WINDOWS, win].sort((a, b) => a - b);
    windowSelect.replaceChildren(...values.map((v) => el('option', { value: String(v), text: plural(v, 'month') })));
    windowSelect.value = String(win);
  };
  windowSelect.addEventListener('change', () => store.set({ win: Number(windowSelect.value), mode: 'window' }));
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener('change', () => store.set({ mode: radio.value }));
  }
  fillWindows(store.get().win);
  speedSelect.value = String(store.get().speed);
  byId(store.get().mode === 'window' ? 'mode-window' : 'mode-cumulative').checked = true;
  setText(byId('now-date'), formatDay(store.get().t));
  return (s, changed) => {
    if (changed.has('playing')) {
      byId('play').classList.toggle('is-playing', s.playing);
      byId('play').setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
      byId('narration').setAttribute('aria-live', s.playing ? 'off' : 'polite');
    }
    if (changed.has('mode') || changed.has('win')) {
      byId(s.mode === 'window' ? 'mode-window' : 'mode-cumulative').checked = true;
      fillWindows(s.win);
    }
    if (changed.has('speed')) speedSelect.value = String(s.speed);
  };
}

/**
 * createTimeControls builds the player and the timeline and wires the play and step buttons.
 * Playback stops at the end of the data, or where playUntil says (an embed's autoplay).
 * @param {{store: any, viewer: any, model: any, start: number, end: number}} ctx
 */
export function createTimeControls({ store, viewer, model, start, end }) {
  let stopAt = end;
  const player = createPlayer({
    speed: () => store.get().speed,
    tick: (days) => {
      const t = Math.min(stopAt, store.get().t + days);
      store.set({ t });
      return t < stopAt;
    },
    onChange: (playing) => {
      if (!playing) stopAt = end;
      store.set(playing ? { playing } : { playing, t: Math.floor(store.get().t) });
    },
  });
  const timeline = createTimeline(byId('timeline'), {
    start, end,
    onSeek: (day) => {
      player.pause();
      store.set({ t: viewer.clampDay(day) });
    },
    onRange: (from, to) => {
      player.pause();
      const months = Math.max(1, Math.round((to - from + 1) / (365.2425 / 12)));
      store.set({ mode: 'window', win: months, t: Math.min(end, monthEnd(to)) });
    },
  });
  const togglePlay = () => {
    if (player.playing) {
      player.pause();
      return;
    }
    // From the end, playback starts where the chosen scope's first event starts (2015 for
    // ISKP), not at the data's first day.
    if (store.get().t >= end) {
      const first = model.events.find(viewer.pass);
      store.set({ t: first ? viewer.clampDay(first.s) : start });
    }
    player.play();
  };
  // Steps land on month ends, so a step shows whole months; the first step forward from
  // mid-month completes the current month.
  const stepMonth = (n) => {
    player.pause();
    const t = Math.floor(store.get().t);
    const m = monthStart(t);
    const next = n > 0 && t < monthEnd(t) ? monthEnd(addMonths(m, n - 1)) : monthEnd(addMonths(m, n));
    store.set({ t: viewer.clampDay(next) });
  };
  byId('play').addEventListener('click', togglePlay);
  byId('step-back').addEventListener('click', () => stepMonth(-1));
  byId('step-fwd').addEventListener('click', () => stepMonth(1));
  return {
    player, timeline, togglePlay, stepMonth,
    /** showTime moves the strip's cursor and the clock to time. */
    showTime(time) {
      timeline.setTime(time.t, time.from);
      setText(byId('now-date'), formatDay(time.t));
      byId('now-date').setAttribute('datetime', isoFromDay(time.t));
    },
    /** playFrom plays from start until the day given (an embed's autoplay). */
    playFrom(from, until) {
      stopAt = until;
      store.set({ t: from });
      player.play();
    },
  };
}
