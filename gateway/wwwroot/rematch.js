// Rematch (protocol section 10): what the page knows of a finished game's rematch, and the row that offers,
// accepts or declines one. A game's `rematch` is the server's (null, { offeredBy } or { newGameId }); its
// `rematchNote` is what the page saw happen to the last offer ('declined': the opponent declined ours;
// 'you-declined'); its `rematchSent` is true while our `rematch` or `decline-rematch` awaits its reply.

import { hasBot, isPlayer, otherColor } from './games.js';
import { $ } from './dom.js';

/** The events of a rematch, for the GameStore: (game, event) → 'applied'. */
export const REMATCH_EVENTS = {
  'rematch-offer'(game, event) {
    game.rematch = { offeredBy: event.from };
    game.rematchNote = null;
    return 'applied';
  },
  // The event (no rid) goes to the offerer; the reply to our own decline is applied by `applyReply`.
  'rematch-declined'(game) {
    game.rematch = null;
    game.rematchNote = 'declined';
    return 'applied';
  },
  'rematch-started'(game, event) {
    game.rematch = { newGameId: event.newGameId };
    game.rematchNote = null;
    return 'applied';
  },
};

/** Our `rematch` or `decline-rematch` was sent. */
export function markSent(game) {
  game.rematchSent = true;
}

/** The reply to our `rematch` (`rematch`, status offered or started) or `decline-rematch` (`rematch-declined`). */
export function applyReply(game, reply) {
  game.rematchSent = false;
  if (reply.type === 'rematch-declined') {
    game.rematch = null;
    game.rematchNote = 'you-declined';
  } else if (reply.status === 'started' && reply.newGameId) {
    game.rematch = { newGameId: reply.newGameId };
    game.rematchNote = null;
  } else if (reply.status === 'offered') {
    game.rematch = { offeredBy: game.you };
    game.rematchNote = null;
  }
}

/** Our command failed (nothing changed on the server), or its reply will never come (the socket closed). */
export function applyError(game) {
  game.rematchSent = false;
}

/** A rematch needs a finished game with two players, seen by one of them. */
const offerable = (game) => Boolean(game && isPlayer(game) && game.status === 'over' && game.red && game.yellow);

/**
 * The rematch row of the current game: its line of text and the buttons that fit (Rematch; Accept rematch and
 * Decline; Go to the rematch). Hidden for spectators, unfinished games and games without an opponent.
 */
export function renderRematch(game, connected) {
  const row = $('rematch');
  row.hidden = !offerable(game);
  if (row.hidden) return;
  const state = stateOf(game);
  const status = $('rematch-status');
  if (status.textContent !== state.text) status.textContent = state.text;
  $('rematch-offer').hidden = !state.offer;
  $('rematch-accept').hidden = !state.answer;
  $('rematch-decline').hidden = !state.answer;
  $('rematch-open').hidden = !state.open;
  const busy = !connected || Boolean(game.rematchSent);
  for (const id of ['rematch-offer', 'rematch-accept', 'rematch-decline']) $(id).disabled = busy;
}

function stateOf(game) {
  const rematch = game.rematch ?? {};
  if (rematch.newGameId) return { text: 'The rematch has started.', open: true };
  if (rematch.offeredBy === game.you) return { text: 'Rematch offered… waiting for your opponent.' };
  if (rematch.offeredBy === otherColor(game.you)) return { text: 'Your opponent offers a rematch.', answer: true };
  const notes = {
    declined: 'Your opponent declined the rematch.',
    'you-declined': 'You declined the rematch.',
  };
  const text = notes[game.rematchNote] ?? (hasBot(game) ? 'Play the computer again, colours swapped.' : '');
  return { text, offer: true };
}
