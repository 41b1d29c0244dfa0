// Ratings on the page (protocol section 13): a rating beside a name ("1512", or "1500?" while provisional), the
// change a rated game made ("1500 → 1512 (+12)"), and the player's own rating in the top bar. Ratings come rounded
// from the server; a player object without one (the computer, an empty seat) shows none.

import { capitalize } from './games.js';
import { $ } from './dom.js';

const PROVISIONAL_NOTE = 'provisional: it is still settling, after few rated games (marked ?)';

/** "1512", "1500?" while provisional, or '' when there is no rating. */
export function formatRating(rating, provisional) {
  return Number.isFinite(rating) ? `${rating}${provisional ? '?' : ''}` : '';
}

/** The words behind a shown rating, for its title and its accessible name. */
export function describeRating(rating, provisional) {
  return provisional ? `Rating ${rating}, ${PROVISIONAL_NOTE}` : `Rating ${rating}`;
}

/** "1500 → 1512 (+12)", "1500 → 1488 (−12)", "1500 → 1500 (±0)". */
export function formatChange(before, after) {
  const delta = after - before;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `${before} → ${after} (${sign}${Math.abs(delta)})`;
}

/** `el` shows `player`'s rating, or is hidden when the player has none. */
export function fillRating(el, player) {
  const text = formatRating(player?.rating, Boolean(player?.provisional));
  el.hidden = text === '';
  if (el.textContent !== text) el.textContent = text;
  el.dataset.provisional = String(Boolean(player?.provisional));
  const title = text ? describeRating(player.rating, Boolean(player.provisional)) : '';
  if (el.title !== title) el.title = title;
  if (title) el.setAttribute('aria-label', title);
  else el.removeAttribute('aria-label');
}

/** The player's own rating in the top bar: from `welcome`, then from its own `profile` after each rated game. */
export function renderMyRating(me) {
  fillRating($('my-rating'), me && { rating: me.rating, provisional: me.provisional });
}

/**
 * Under the result of a rated game, both seats' change ("Alice 1500 → 1512 (+12)"): from the `over` event, or for a
 * game opened from a history, the one side that history knows. Hidden otherwise.
 */
export function renderRatingChange(game) {
  const el = $('rating-change');
  const ratings = game?.status === 'over' ? game.ratings : null;
  const sides = ['red', 'yellow'].filter((color) => Number.isFinite(ratings?.[color]?.before) && Number.isFinite(ratings?.[color]?.after));
  el.hidden = sides.length === 0;
  const signature = JSON.stringify([game?.gameId, sides.map((color) => ratings[color])]);
  if (el.hidden || el.dataset.shown === signature) return;
  el.dataset.shown = signature;
  el.replaceChildren(...sides.map((color) => {
    const side = document.createElement('span');
    side.className = 'rating-step';
    side.dataset.color = color;
    const { before, after } = ratings[color];
    side.dataset.delta = String(after - before);
    side.textContent = `${game[color]?.name ?? capitalize(color)} ${formatChange(before, after)}`;
    return side;
  }));
}
