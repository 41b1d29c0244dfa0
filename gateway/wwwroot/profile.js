// The profile view (protocol section 13): a player's name, rating, deviation, record and games, and its finished
// games newest first, a page at a time (`history` with `before`: the More button). Your own by default; a name in the
// leaderboard or a history opens that player's. Each game can be replayed (and analysed) by watching it by its id.
// Names are plain text: they only ever go into textContent.

import { describeRating, formatChange, formatRating } from './ratings.js';
import { $, parseServerTime, span } from './dom.js';

export const HISTORY_PAGE = 20;

const RESULT_TEXT = { win: 'Won', loss: 'Lost', draw: 'Draw' };
const REASON_TEXT = {
  four: 'four in a row',
  full: 'board full',
  resign: 'resignation',
  timeout: 'on time',
  abandoned: 'abandoned',
};

export class ProfileView {
  playerId = null; // whose profile is shown
  #profile = null;
  #entries = [];
  #next = null; // the cursor of the next (older) page, or null at the oldest
  #loading = false;
  #error = '';
  #shownList = '';

  /** Asks for `playerId`'s profile and first page of history (again, when it is already shown: it may have changed). */
  load(playerId, send) {
    if (playerId !== this.playerId) {
      this.playerId = playerId;
      this.#profile = null;
      this.#entries = [];
      this.#next = null;
    }
    this.#error = '';
    const asked = send({ type: 'profile', playerId }) != null
      && send({ type: 'history', playerId, limit: HISTORY_PAGE }) != null;
    this.#loading = asked;
    if (!asked) this.#error = 'Not connected yet.';
  }

  /** The next page of older games. */
  more(send) {
    if (this.#next == null || this.#loading || !this.playerId) return;
    this.#loading = send({ type: 'history', playerId: this.playerId, before: this.#next, limit: HISTORY_PAGE }) != null;
  }

  /** A `profile` reply for `request.playerId`; replies about another player than the one shown are stale. */
  onProfile(reply, request) {
    if (request?.playerId !== this.playerId) return;
    this.#profile = reply;
  }

  onHistory(reply, request) {
    if (request?.playerId !== this.playerId) return;
    this.#loading = false;
    const games = Array.isArray(reply.games) ? reply.games : [];
    if (request.before == null) {
      this.#entries = games;
    } else if (request.before === this.#next) {
      const known = new Set(this.#entries.map((entry) => entry.gameId));
      this.#entries.push(...games.filter((entry) => !known.has(entry.gameId)));
    }
    this.#next = Number.isFinite(reply.next) ? reply.next : null;
  }

  onError(error, request, describe) {
    if (request?.playerId !== this.playerId) return;
    this.#loading = false;
    this.#error = describe(error, request.type);
  }

  /** The socket closed: replies to the requests out will never come. */
  interrupted() {
    this.#loading = false;
  }

  /**
   * `me` is this player ({ playerId }), `handlers` are onOpenGame(entry) and onOpenProfile(playerId).
   */
  render(me, open, handlers) {
    const profile = this.#profile;
    const mine = Boolean(me && this.playerId === me.playerId);
    $('profile-title').textContent = profile ? `${profile.name}${mine ? ' (you)' : ''}` : 'Profile';
    $('profile-status').textContent = this.#statusText();
    $('profile-facts').hidden = !profile;
    if (profile) renderFacts(profile);
    this.#renderHistory(handlers);
    $('history-empty').hidden = !profile || this.#loading || this.#entries.length > 0;
    const more = $('history-more');
    more.hidden = this.#next == null;
    more.disabled = !open || this.#loading;
  }

  #statusText() {
    if (this.#error) return this.#error;
    if (this.#loading) return 'Loading…';
    return '';
  }

  #renderHistory({ onOpenGame, onOpenProfile }) {
    // Rebuild only on a visible change, so that keyboard focus in the list survives unrelated events.
    const signature = JSON.stringify([this.playerId, this.#entries]);
    if (signature === this.#shownList) return;
    this.#shownList = signature;
    $('history').replaceChildren(...this.#entries.map((entry) => historyItem(entry, onOpenGame, onOpenProfile)));
  }
}

function renderFacts(profile) {
  const rating = $('profile-rating');
  rating.textContent = formatRating(profile.rating, profile.provisional);
  rating.title = describeRating(profile.rating, profile.provisional);
  $('profile-deviation').textContent = String(profile.deviation ?? '');
  $('profile-provisional').textContent = profile.provisional
    ? 'Yes: the rating is still settling (its deviation is above 110)'
    : 'No';
  const record = profile.record ?? {};
  $('profile-record').textContent = `${record.wins ?? 0} won, ${record.losses ?? 0} lost, ${record.draws ?? 0} drawn`;
  $('profile-games').textContent = String(profile.games ?? 0);
}

function historyItem(entry, onOpenGame, onOpenProfile) {
  const item = document.createElement('li');
  item.className = 'history-item';
  item.dataset.result = entry.result ?? '';
  item.dataset.gameId = entry.gameId ?? '';

  const result = span('h-result', RESULT_TEXT[entry.result] ?? entry.result ?? '');
  result.dataset.color = entry.color ?? '';
  result.title = `Played ${entry.color}`;

  const opponent = span('h-opponent', 'vs ');
  const name = opponentName(entry.opponent);
  if (entry.opponent?.playerId) {
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'link-button h-opponent-name';
    link.textContent = name;
    link.setAttribute('aria-label', `${name}'s profile`);
    link.addEventListener('click', () => onOpenProfile(entry.opponent.playerId));
    opponent.append(link);
  } else {
    opponent.append(span('h-opponent-name', name));
  }

  const rated = entry.rated && Number.isFinite(entry.ratingBefore) && Number.isFinite(entry.ratingAfter);
  const rating = span('h-rating', rated ? formatChange(entry.ratingBefore, entry.ratingAfter) : 'unrated');
  if (rated) rating.dataset.delta = String(entry.ratingAfter - entry.ratingBefore);

  const date = document.createElement('time');
  date.className = 'h-date';
  const ended = parseServerTime(entry.endedAt);
  if (ended) {
    date.dateTime = ended.toISOString();
    date.textContent = ended.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  }

  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'btn btn-small h-open';
  open.textContent = 'Replay';
  open.setAttribute('aria-label', `Replay the game against ${name}: ${(RESULT_TEXT[entry.result] ?? '').toLowerCase()}, ${entry.moves} moves`);
  open.addEventListener('click', () => onOpenGame(entry));

  item.append(result, opponent, span('h-reason', REASON_TEXT[entry.reason] ?? entry.reason ?? ''), rating,
    span('h-moves', `${entry.moves ?? 0} moves`), date, open);
  return item;
}

function opponentName(opponent) {
  if (Number.isInteger(opponent?.bot)) return `Computer (level ${opponent.bot})`;
  return opponent?.name ?? '?';
}
