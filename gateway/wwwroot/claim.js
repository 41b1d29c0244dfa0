// Claiming an abandoned game (protocol section 9): in an untimed game between two people, once the opponent has
// been offline for the server's wait, the player may claim the win. The wait comes from the `presence` event's
// `claimableIn` (kept as the opponent's `claimableAt`, on the page's monotonic clock); after a reload the page does
// not know it, so the button is offered at once and a refusal tells how long is left.

import { hasBot, isPlayer, otherColor } from './games.js';

/** The offline opponent of a game in which a claim may come, or null. */
export function absentOpponent(game) {
  if (!game || !isPlayer(game) || game.status !== 'playing' || game.clock || hasBot(game)) return null;
  const opponent = game[otherColor(game.you)];
  return opponent && !opponent.online ? opponent : null;
}

/** The milliseconds left before a claim is allowed, 0 when it is (or when the page cannot know). */
export function claimWait(game, now) {
  const at = absentOpponent(game)?.claimableAt;
  return at == null ? 0 : Math.max(0, at - now);
}

/** A `not-allowed` answer to `claim`: the server's message says how many milliseconds are left, when any. */
export function applyRefusal(game, error, now) {
  const opponent = absentOpponent(game);
  const match = /(\d+)\s*ms/.exec(error.message ?? '');
  if (!opponent || !match) return false;
  opponent.claimableAt = now + Number(match[1]);
  return true;
}

/** m:ss, rounded up: the time a person waits. */
function formatWait(ms) {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The Claim button: shown while the opponent is away, enabled when the wait is over. */
export function renderClaim(game, now, connected) {
  const button = document.getElementById('claim');
  const shown = absentOpponent(game) !== null;
  button.hidden = !shown;
  if (!shown) return;
  const wait = claimWait(game, now);
  const text = wait > 0 ? `Claim the win in ${formatWait(wait)}` : 'Claim the win';
  if (button.textContent !== text) button.textContent = text;
  button.disabled = wait > 0 || !connected;
}
