// The analysis of a finished game: the value of every column in the position before each move, asked of the
// server one position at a time (`analyze` with `ply`), from the last move back to the first (the late
// positions are the quick ones). Plain data; nothing touches the DOM or the socket.
//
// Scores follow data/connect4/README.md, for the player to move: above 0 wins (higher is sooner), 0 draws,
// below 0 loses; null is a full column or a value the server did not find within its time budget.

import { COLUMNS, colorOfPly } from './games.js';

const known = (score) => Number.isInteger(score);

/** The top of the known scores, or null when none is known. */
export function bestScore(scores) {
  const values = scores.filter(known);
  return values.length > 0 ? Math.max(...values) : null;
}

/** "+5", "0", "−3", or "?" for an unknown value. */
export function formatScore(score) {
  if (!known(score)) return '?';
  if (score > 0) return `+${score}`;
  return score < 0 ? `−${-score}` : '0';
}

/** What a score means for the player it belongs to, in words (used as a tooltip). */
export function describeScore(score, discsPlayed) {
  if (!known(score)) return 'Not known: full column, or not solved in time';
  if (score === 0) return 'Draw with best play';
  const disc = 22 - Math.abs(score);
  const mine = Math.floor(discsPlayed / 2) + 1; // the mover's disc about to be dropped
  const when = score > 0 ? disc - mine + 1 : disc - Math.floor((discsPlayed + 1) / 2);
  return score > 0 ? `Wins, with its ${ordinal(disc)} disc (${when} more)` : `Loses, to the opponent's ${ordinal(disc)} disc (${when} more)`;
}

function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** A valid `analysis` reply's scores: exactly seven entries, each an integer or null. */
function scoresOf(reply) {
  const scores = reply?.scores;
  if (!Array.isArray(scores) || scores.length !== COLUMNS) return null;
  return scores.map((score) => (known(score) ? score : null));
}

export class GameAnalysis {
  #results = new Map(); // ply → the seven scores of the position after `ply` moves
  pendingPly = null; // the ply of the request that is out, or null
  error = null; // why the last run stopped early, or null

  constructor(gameId, moves) {
    this.gameId = gameId;
    this.moves = [...moves];
  }

  get total() { return this.moves.length; }
  get count() { return this.#results.size; }
  get running() { return this.pendingPly !== null; }
  get done() { return this.count === this.total; }
  get started() { return this.running || this.count > 0 || this.error !== null; }

  /** The latest position not analysed yet, or null when all are. */
  nextPly() {
    for (let ply = this.total - 1; ply >= 0; ply--) {
      if (!this.#results.has(ply)) return ply;
    }
    return null;
  }

  /** Stores the reply to the request for `ply`; false when it is not a usable answer. */
  record(ply, reply) {
    const scores = scoresOf(reply);
    if (!scores || reply.ply !== ply || ply < 0 || ply >= this.total) return false;
    this.#results.set(ply, scores);
    return true;
  }

  scoresAt(ply) {
    return this.#results.get(ply) ?? null;
  }

  /** One row per analysed move, in the order of play. */
  rows() {
    return [...this.#results.keys()].sort((a, b) => a - b).map((ply) => this.#row(ply));
  }

  #row(ply) {
    const scores = this.#results.get(ply);
    const column = this.moves[ply];
    const played = scores[column];
    const best = bestScore(scores);
    return {
      ply,
      number: ply + 1,
      color: colorOfPly(ply),
      column,
      played,
      best,
      mistake: known(played) && known(best) && played < best,
    };
  }

  /** Mistakes found so far, per colour. */
  mistakes() {
    const counts = { red: 0, yellow: 0 };
    for (const row of this.rows()) {
      if (row.mistake) counts[row.color] += 1;
    }
    return counts;
  }
}
