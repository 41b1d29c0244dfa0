// The live games view (protocol section 14's `live`): public games being played, the highest rated first, each with a
// Watch button (anyone may watch a public game by its id). The list is asked for again every few seconds while the
// view is shown and the tab visible, and on Refresh.

import { formatRating } from './ratings.js';
import { $ } from './dom.js';

const LIMIT = 50;
export const LIVE_REFRESH_MS = 5_000;

export class LiveView {
  #games = null; // null until the first reply
  #loading = false;
  #error = '';
  #shown = '';
  #timer = null;

  load(send) {
    if (this.#loading) return;
    this.#error = '';
    this.#loading = send({ type: 'live', limit: LIMIT }) != null;
    if (!this.#loading) this.#error = 'Not connected yet.';
  }

  /** Asks again every few seconds while the tab is visible, until `stopPolling`. `onReply` re-renders. */
  startPolling(send) {
    this.stopPolling();
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') this.load(send);
    }, LIVE_REFRESH_MS);
  }

  stopPolling() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  onReply(reply) {
    this.#loading = false;
    this.#error = '';
    this.#games = Array.isArray(reply.games) ? reply.games : [];
  }

  onError(error, describe) {
    this.#loading = false;
    this.#error = describe(error, 'live');
  }

  interrupted() {
    this.#loading = false;
  }

  /** `onWatch(gameId)` opens a game. */
  render(open, onWatch) {
    $('live-refresh').disabled = !open;
    $('live-status').textContent = this.#statusText();
    const games = this.#games ?? [];
    const signature = JSON.stringify([open, games]);
    if (signature === this.#shown) return;
    this.#shown = signature;
    // The list changes under the user every few seconds: a focused Watch button keeps the focus.
    const list = $('live-games');
    const focused = document.activeElement?.closest?.('#live-games > li')?.dataset.gameId;
    list.replaceChildren(...games.map((game) => liveItem(game, open, onWatch)));
    if (focused) [...list.children].find((li) => li.dataset.gameId === focused)?.querySelector('button')?.focus();
  }

  #statusText() {
    if (this.#error) return this.#error;
    if (this.#games === null) return this.#loading ? 'Loading…' : '';
    return this.#games.length === 0 ? 'No public games are being played right now.' : '';
  }
}

function liveItem(game, open, onWatch) {
  const item = document.createElement('li');
  item.className = 'live-item';
  item.dataset.gameId = game.gameId ?? '';

  const players = document.createElement('span');
  players.className = 'live-players';
  players.append(seat(game.red, 'red'), document.createTextNode(' vs '), seat(game.yellow, 'yellow'));

  const details = document.createElement('span');
  details.className = 'live-details';
  details.textContent = [clockLabel(game.clock), `${game.ply ?? 0} moves`, `${game.spectators ?? 0} watching`].join(' · ');

  const watch = document.createElement('button');
  watch.type = 'button';
  watch.className = 'btn btn-small live-watch';
  watch.textContent = 'Watch';
  watch.disabled = !open;
  watch.setAttribute('aria-label', `Watch ${game.red?.name ?? 'Red'} against ${game.yellow?.name ?? 'Yellow'}`);
  watch.addEventListener('click', () => onWatch(game.gameId));

  item.append(players, details, watch);
  return item;
}

/** "3 + 2" (minutes, plus seconds a move) as the presets say it, "45 s + 0" for a clock of odd seconds, or "Untimed". */
function clockLabel(clock) {
  if (!clock) return 'Untimed';
  const initial = clock.initial % 60 === 0 ? String(clock.initial / 60) : `${clock.initial} s`;
  return `${initial} + ${clock.increment ?? 0}`;
}

function seat(player, color) {
  const el = document.createElement('span');
  el.className = 'live-seat';
  el.dataset.color = color;
  const name = document.createElement('span');
  name.className = 'live-name';
  name.textContent = player?.name ?? '?';
  el.append(name);
  const rating = formatRating(player?.rating, Boolean(player?.provisional));
  if (rating) {
    const badge = document.createElement('span');
    badge.className = 'rating';
    badge.textContent = rating;
    el.append(document.createTextNode(' '), badge);
  }
  return el;
}
