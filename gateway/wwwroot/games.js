// Local copies of the games this page knows about: the last snapshot of each, kept current by events.
// Everything here is plain data and pure rules; nothing touches the DOM or the socket. `now` is the page's
// monotonic time (performance.now()) at which a message arrived, for the clocks and the wait before a claim.

import { afterMove, estimateOwnMove, readClock, startClock, stopClock } from './clock.js';

export const COLUMNS = 7;
export const ROWS = 6;

export const otherColor = (color) => (color === 'red' ? 'yellow' : 'red');
export const colorOfPly = (index) => (index % 2 === 0 ? 'red' : 'yellow');
export const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** The discs of each column, bottom up: grid[column][row] is 'red' or 'yellow'. */
export function gridOf(moves) {
  const grid = Array.from({ length: COLUMNS }, () => []);
  moves.forEach((column, index) => grid[column]?.push(colorOfPly(index)));
  return grid;
}

export const isPlayer = (game) => game.you === 'red' || game.you === 'yellow';
export const isLive = (game) => game.status !== 'over';
/** The computer's seat: its player id is `bot:<level>`. */
export const isBot = (player) => typeof player?.playerId === 'string' && player.playerId.startsWith('bot:');
export const hasBot = (game) => isBot(game.red) || isBot(game.yellow);

/** The colours of seat A (you, or Red for a spectator) and seat B (your opponent, or Yellow); '' without a game. */
export function seatColors(game) {
  if (!game) return ['', ''];
  return isPlayer(game) ? [game.you, otherColor(game.you)] : ['red', 'yellow'];
}

function normalize(snapshot, now) {
  return {
    ...snapshot,
    moves: Array.isArray(snapshot.moves) ? [...snapshot.moves] : [],
    line: Array.isArray(snapshot.line) ? snapshot.line : null,
    spectators: snapshot.spectators ?? 0,
    clock: readClock(snapshot.clock, now),
    chat: Array.isArray(snapshot.chat) ? [...snapshot.chat] : [],
    rematch: snapshot.rematch ?? null,
  };
}

/**
 * What a snapshot does not say but the page learnt from events: when an absent player may be claimed against
 * (only `presence` tells), and how the last rematch offer was answered.
 */
function carryOver(previous, next) {
  for (const color of ['red', 'yellow']) {
    const before = previous[color];
    const after = next[color];
    if (before?.claimableAt != null && after && !after.online && after.playerId === before.playerId) {
      after.claimableAt = before.claimableAt;
    }
  }
  if (previous.rematchNote && !next.rematch) next.rematchNote = previous.rematchNote;
  // Snapshots do not carry a rated game's change: only its `over` event (or a history entry) told it.
  if (previous.ratings && !next.ratings) next.ratings = previous.ratings;
}

// Each returns 'applied', 'duplicate' (already known) or 'gap' (something was missed).
const EVENT_APPLIERS = {
  move(game, event, now) {
    const seen = game.moves.length;
    // Our own move may already be applied from its `played` reply, with the clocks guessed: the server's replace them.
    if (event.ply === seen && game.moves[seen - 1] === event.column) {
      if (game.clock?.estimated) game.clock = afterMove(game.clock, event.clock, event.turn, now);
      return 'duplicate';
    }
    if (event.ply !== seen + 1) return 'gap';
    game.moves.push(event.column);
    game.turn = event.turn ?? null;
    if (game.status === 'waiting') game.status = 'playing';
    game.clock = afterMove(game.clock, event.clock, game.turn, now);
    return 'applied';
  },
  over(game, event, now) {
    const flagged = event.reason === 'timeout' && event.result !== 'draw' ? otherColor(event.result) : null;
    Object.assign(game, {
      clock: stopClock(game.clock, now, flagged),
      status: 'over',
      turn: null,
      result: event.result,
      reason: event.reason ?? null,
      line: Array.isArray(event.line) ? event.line : null,
      joinKey: null,
      ratings: event.ratings ?? game.ratings ?? null,
    });
    return 'applied';
  },
  'joined-by'(game, event, now) {
    game[event.color] = { ...event.player, online: true };
    game.joinKey = null;
    if (game.status === 'waiting') {
      game.status = 'playing';
      game.turn = colorOfPly(game.moves.length);
      game.clock = startClock(game.clock, game.turn, now);
    }
    return 'applied';
  },
  presence(game, event, now) {
    const player = game[event.color];
    if (!player) return 'applied';
    player.online = event.online;
    // An offline player of an untimed game between two people may be claimed against after `claimableIn`.
    player.claimableAt = !event.online && Number.isFinite(event.claimableIn) ? now + event.claimableIn : null;
    return 'applied';
  },
  spectators(game, event) {
    game.spectators = event.count;
    return 'applied';
  },
};

export class GameStore {
  #games = new Map();
  #appliers;
  #notedRatings = new Map(); // gameId → { red?|yellow?: { before, after } } learnt from a history entry

  /** `more`: the appliers of further events (rematch, chat), as above: (game, event, now) → outcome. */
  constructor(more = {}) {
    this.#appliers = { ...EVENT_APPLIERS, ...more };
  }

  /** Whether `type` is a game event this store applies. */
  handles(type) { return Object.hasOwn(this.#appliers, type); }

  get(gameId) { return this.#games.get(gameId); }
  has(gameId) { return this.#games.has(gameId); }
  all() { return [...this.#games.values()]; }
  remove(gameId) { this.#games.delete(gameId); }

  /** A `game` snapshot is authoritative: it replaces whatever we had. */
  replace(snapshot, now = performance.now()) {
    const game = normalize(snapshot, now);
    const previous = this.#games.get(snapshot.gameId);
    if (previous) carryOver(previous, game);
    game.ratings ??= this.#notedRatings.get(snapshot.gameId) ?? null;
    this.#games.set(snapshot.gameId, game);
  }

  /** What a history entry says a finished rated game did to a rating, for when its snapshot comes. */
  noteRatings(gameId, ratings) {
    this.#notedRatings.set(gameId, ratings);
    const game = this.#games.get(gameId);
    if (game && !game.ratings) game.ratings = ratings;
  }

  /** Applies a pushed event; returns 'applied', 'duplicate', 'gap' or 'unknown' (no such game here). */
  apply(event, now = performance.now()) {
    const game = this.#games.get(event.gameId);
    if (!game) return 'unknown';
    return this.#appliers[event.type](game, event, now);
  }

  /**
   * Applies our own move from its `played` reply, in case it arrives before (or instead of) the `move`
   * event. `ply` is the count after the move.
   */
  applyOwnMove(gameId, column, ply, now = performance.now()) {
    const game = this.#games.get(gameId);
    if (!game) return 'unknown';
    const seen = game.moves.length;
    if (ply <= seen) return 'duplicate';
    if (ply !== seen + 1 || !isPlayer(game)) return 'gap';
    game.moves.push(column);
    game.turn = otherColor(game.you);
    game.clock = estimateOwnMove(game.clock, game.you, now);
    return 'applied';
  }
}

/** The headline for a game, from the viewer's side: "Your turn", "You win", "Red wins"… */
export function statusText(game) {
  const spectator = !isPlayer(game);
  if (game.status === 'waiting') return 'Waiting for an opponent';
  if (game.status === 'playing') {
    if (spectator) return `${capitalize(game.turn ?? 'red')}'s turn`;
    return game.turn === game.you ? 'Your turn' : "Opponent's turn";
  }
  if (game.result === 'draw') return 'Draw';
  if (spectator) return `${capitalize(game.result ?? 'nobody')} wins`;
  return game.result === game.you ? 'You win' : 'You lose';
}

/** The line under the headline: why a game ended, or what to do while waiting; often ''. */
export function detailText(game) {
  if (game.status === 'waiting' && isPlayer(game)) return 'Send the invite link to a friend.';
  if (game.status === 'playing' && isBot(game[game.turn])) return 'The computer is thinking…';
  if (game.status === 'playing' && isPlayer(game) && game[otherColor(game.you)]?.online === false) {
    return 'Your opponent is offline.';
  }
  if (game.status !== 'over' || !game.reason) return '';
  const loser = game.result === 'draw' ? null : otherColor(game.result);
  const who = () => {
    if (!isPlayer(game)) return capitalize(loser);
    return loser === game.you ? 'You' : 'Your opponent';
  };
  switch (game.reason) {
    case 'four': return 'Four in a row!';
    case 'full': return 'The board is full.';
    case 'resign': return loser ? `${who()} resigned.` : '';
    case 'timeout': return loser ? `${who()} ran out of time.` : '';
    case 'abandoned': return loser ? `${who()} left the game.` : 'The game was abandoned.';
    default: return '';
  }
}
