// Local copies of the games this page knows about: the last snapshot of each, kept current by events.
// Everything here is plain data and pure rules; nothing touches the DOM or the socket.

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

function normalize(snapshot) {
  return {
    ...snapshot,
    moves: Array.isArray(snapshot.moves) ? [...snapshot.moves] : [],
    line: Array.isArray(snapshot.line) ? snapshot.line : null,
    spectators: snapshot.spectators ?? 0,
  };
}

// Each returns 'applied', 'duplicate' (already known) or 'gap' (something was missed).
const EVENT_APPLIERS = {
  move(game, event) {
    const seen = game.moves.length;
    // Our own move may already be applied from its `played` reply.
    if (event.ply === seen && game.moves[seen - 1] === event.column) return 'duplicate';
    if (event.ply !== seen + 1) return 'gap';
    game.moves.push(event.column);
    game.turn = event.turn ?? null;
    if (game.status === 'waiting') game.status = 'playing';
    return 'applied';
  },
  over(game, event) {
    Object.assign(game, {
      status: 'over',
      turn: null,
      result: event.result,
      reason: event.reason ?? null,
      line: Array.isArray(event.line) ? event.line : null,
      joinKey: null,
    });
    return 'applied';
  },
  'joined-by'(game, event) {
    game[event.color] = { ...event.player, online: true };
    game.joinKey = null;
    if (game.status === 'waiting') {
      game.status = 'playing';
      game.turn = colorOfPly(game.moves.length);
    }
    return 'applied';
  },
  presence(game, event) {
    if (game[event.color]) game[event.color].online = event.online;
    return 'applied';
  },
  spectators(game, event) {
    game.spectators = event.count;
    return 'applied';
  },
};

export const isGameEvent = (type) => Object.hasOwn(EVENT_APPLIERS, type);

export class GameStore {
  #games = new Map();

  get(gameId) { return this.#games.get(gameId); }
  has(gameId) { return this.#games.has(gameId); }
  all() { return [...this.#games.values()]; }
  remove(gameId) { this.#games.delete(gameId); }

  /** A `game` snapshot is authoritative: it replaces whatever we had. */
  replace(snapshot) {
    this.#games.set(snapshot.gameId, normalize(snapshot));
  }

  /** Applies a pushed event; returns 'applied', 'duplicate', 'gap' or 'unknown' (no such game here). */
  apply(event) {
    const game = this.#games.get(event.gameId);
    if (!game) return 'unknown';
    return EVENT_APPLIERS[event.type](game, event);
  }

  /**
   * Applies our own move from its `played` reply, in case it arrives before (or instead of) the `move`
   * event. `ply` is the count after the move.
   */
  applyOwnMove(gameId, column, ply) {
    const game = this.#games.get(gameId);
    if (!game) return 'unknown';
    const seen = game.moves.length;
    if (ply <= seen) return 'duplicate';
    if (ply !== seen + 1 || !isPlayer(game)) return 'gap';
    game.moves.push(column);
    game.turn = otherColor(game.you);
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
