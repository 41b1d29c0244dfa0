// The leaderboard view (protocol section 13's `leaderboard`): the ranked players, highest rating first, each name
// opening that player's profile. A player is ranked after 5 rated games, once no longer provisional, so a new server
// has an empty board for a while: the view says so.

import { $ } from './dom.js';

const LIMIT = 100;

export class LeaderboardView {
  #players = null; // null until the first reply
  #loading = false;
  #error = '';
  #shown = '';

  load(send) {
    this.#error = '';
    this.#loading = send({ type: 'leaderboard', limit: LIMIT }) != null;
    if (!this.#loading) this.#error = 'Not connected yet.';
  }

  onReply(reply) {
    this.#loading = false;
    this.#players = Array.isArray(reply.players) ? reply.players : [];
  }

  onError(error, describe) {
    this.#loading = false;
    this.#error = describe(error, 'leaderboard');
  }

  interrupted() {
    this.#loading = false;
  }

  /** `onOpenProfile(playerId)` opens a player's profile; `me` ({ playerId }) marks this player's row. */
  render(me, open, onOpenProfile) {
    $('leaderboard-refresh').disabled = !open || this.#loading;
    $('leaderboard-status').textContent = this.#statusText();
    const players = this.#players ?? [];
    $('leaderboard-table').hidden = players.length === 0;
    const signature = JSON.stringify([me?.playerId, players]);
    if (signature === this.#shown) return;
    this.#shown = signature;
    $('leaderboard').replaceChildren(...players.map((player) => row(player, me, onOpenProfile)));
  }

  #statusText() {
    if (this.#error) return this.#error;
    if (this.#loading && this.#players === null) return 'Loading…';
    if (this.#players?.length === 0) return 'No ranked players yet.';
    return '';
  }
}

function row(player, me, onOpenProfile) {
  const tr = document.createElement('tr');
  tr.dataset.playerId = player.playerId ?? '';
  if (me && player.playerId === me.playerId) tr.setAttribute('aria-current', 'true');
  const name = document.createElement('button');
  name.type = 'button';
  name.className = 'link-button';
  name.textContent = player.name ?? '?';
  name.setAttribute('aria-label', `${player.name ?? '?'}'s profile`);
  name.addEventListener('click', () => onOpenProfile(player.playerId));
  tr.append(cell(String(player.rank ?? '')), cell(name), cell(String(player.rating ?? '')), cell(String(player.games ?? '')));
  return tr;
}

function cell(content) {
  const td = document.createElement('td');
  td.append(content);
  return td;
}
