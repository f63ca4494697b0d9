/**
 * Playback: advances time on animation frames at a speed in months per second. The player
 * owns no state of its own beyond the frame loop; time lives in the store.
 */

/** Average days per month, so a speed in months per second maps to days per millisecond. */
const DAYS_PER_MONTH = 365.2425 / 12;

/**
 * createPlayer runs the loop. tick(days) is called each frame with the days to advance and
 * returns false to stop (at the end of the data).
 * @param {{speed: () => number, tick: (days: number) => boolean, onChange: (playing: boolean) => void}} opts
 */
export function createPlayer({ speed, tick, onChange }) {
  let playing = false;
  let frame = 0;
  let last = 0;

  function step(now) {
    frame = 0;
    if (!playing) return;
    // Cap the step so a background tab or a long frame does not leap years at once.
    const dt = Math.min(100, Math.max(0, now - last));
    last = now;
    const more = tick((dt / 1000) * speed() * DAYS_PER_MONTH);
    if (!more) {
      stop();
      return;
    }
    frame = requestAnimationFrame(step);
  }

  function stop() {
    if (!playing) return;
    playing = false;
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    onChange(false);
  }

  return {
    /** playing reports whether the loop runs. */
    get playing() { return playing; },
    /** play starts the loop. */
    play() {
      if (playing) return;
      playing = true;
      last = performance.now();
      frame = requestAnimationFrame(step);
      onChange(true);
    },
    /** pause stops the loop. */
    pause: stop,
  };
}
