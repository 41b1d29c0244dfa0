// The game clocks (protocol section 9): each side's time left, read from the server's snapshots and moves, and the
// two clocks beside the seats. A reading is pinned to the page's own monotonic clock (performance.now()) at the
// moment it arrived, and the running side counts down from there: the computer's wall clock, which may be off by
// minutes, is never compared with the server's `at`.
//
// A clock here is { initial, increment, red, yellow, running, since, estimated }: red and yellow are the
// milliseconds each had at `since` (a performance.now() time), running the colour whose time goes, or null.

/** Under this, a clock turns red and shows tenths. */
export const LOW_MS = 10_000;

const millis = (value) => (Number.isFinite(value) ? Math.max(0, Math.floor(value)) : null);
const other = (color) => (color === 'red' ? 'yellow' : 'red');

/** A snapshot's `clock`, received at `now`; null for an untimed game. */
export function readClock(clock, now) {
  if (!clock || typeof clock !== 'object') return null;
  return {
    initial: clock.initial,
    increment: Number.isFinite(clock.increment) ? clock.increment : 0,
    red: millis(clock.red) ?? 0,
    yellow: millis(clock.yellow) ?? 0,
    running: clock.running === 'red' || clock.running === 'yellow' ? clock.running : null,
    since: now,
    estimated: false,
  };
}

/** The milliseconds `color` has left at `now`: never below zero. */
export function timeLeft(clock, color, now) {
  const at = clock[color];
  return clock.running === color ? Math.max(0, at - Math.max(0, now - clock.since)) : at;
}

/** Both times as they stand at `now`, with `running` as given (null: both stopped). */
function readAt(clock, now, running) {
  return { ...clock, red: timeLeft(clock, 'red', now), yellow: timeLeft(clock, 'yellow', now), running, since: now };
}

/** A `move` event: the times the server sent with it, and the clock of `turn` (null once the game ended) running. */
export function afterMove(clock, times, turn, now) {
  if (!clock) return null;
  const read = readAt(clock, now, turn ?? null);
  return {
    ...read,
    red: millis(times?.red) ?? read.red,
    yellow: millis(times?.yellow) ?? read.yellow,
    estimated: false,
  };
}

/** Our own move, known from its `played` reply before its `move` event brings the server's times: a guess. */
export function estimateOwnMove(clock, mover, now) {
  if (!clock) return null;
  const read = readAt(clock, now, other(mover));
  read[mover] += clock.increment * 1000;
  return { ...read, estimated: true };
}

/** The game started (its second player joined): `turn`'s clock runs from now. */
export function startClock(clock, turn, now) {
  return clock ? { ...readAt(clock, now, turn), estimated: false } : null;
}

/** The game ended: both clocks stop; `flagged` (the side that ran out of time, or null) shows zero. */
export function stopClock(clock, now, flagged) {
  if (!clock) return null;
  const read = readAt(clock, now, null);
  if (flagged) read[flagged] = 0;
  return read;
}

/** m:ss, with tenths under 10 s (0:09.4), and 0:00 once the time is out. */
export function formatClock(ms) {
  if (ms <= 0) return '0:00';
  if (ms < LOW_MS) return `0:0${Math.floor(ms / 1000)}.${Math.floor((ms % 1000) / 100)}`;
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The two clocks beside the seats (`colors`: seat A's and seat B's), as they stand at `now`; hidden for an untimed
 * game (clock null).
 */
export function renderClocks(clock, [colorA, colorB], now) {
  renderOne(document.getElementById('seat-a-clock'), clock, colorA, now);
  renderOne(document.getElementById('seat-b-clock'), clock, colorB, now);
}

function renderOne(el, clock, color, now) {
  el.hidden = !clock || !color;
  if (el.hidden) return;
  const left = timeLeft(clock, color, now);
  const text = formatClock(left);
  // Only real changes touch the DOM: this runs ten times a second.
  if (el.textContent !== text) el.textContent = text;
  el.classList.toggle('low', left < LOW_MS);
  el.classList.toggle('running', clock.running === color && left > 0);
  el.classList.toggle('out', left <= 0);
  const label = `${color === 'red' ? 'Red' : 'Yellow'}'s clock`;
  if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
}
