// Everything on the page except the board: status line, seats, share links, game list, connection, toasts.

import { capitalize, hasBot, isPlayer, otherColor, detailText, seatColors, statusText } from './games.js';
import { fillRating } from './ratings.js';
import { $ } from './dom.js';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  open: 'Online',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

export function renderConnection(state, detail) {
  const el = $('connection');
  el.dataset.state = state;
  el.textContent = CONNECTION_TEXT[state] ?? state;
  el.title = detail || '';
  $('reconnect').hidden = state !== 'closed';
  $('create').disabled = state !== 'open';
}

/** The headline and the line under it; data-tone (mine, theirs, waiting, won, lost, over) styles them. */
export function renderStatus(game, idleText) {
  const status = $('status');
  const detail = $('status-detail');
  if (!game) {
    status.textContent = idleText;
    status.dataset.tone = 'idle';
    status.dataset.turn = '';
    detail.textContent = '';
    return;
  }
  status.textContent = statusText(game);
  status.dataset.tone = toneOf(game);
  status.dataset.turn = game.status === 'playing' ? game.turn ?? '' : '';
  detail.textContent = detailText(game);
}

function toneOf(game) {
  if (game.status === 'waiting') return 'waiting';
  if (game.status === 'playing') return game.turn === game.you ? 'mine' : 'theirs';
  if (game.result === 'draw' || !isPlayer(game)) return 'over';
  return game.result === game.you ? 'won' : 'lost';
}

/**
 * Seat A is you (or Red, for a spectator), seat B your opponent (or Yellow). `#opponent` is seat B's name; each
 * seat's rating stands beside its name.
 */
export function renderSeats(game, myName) {
  const spectator = game && !isPlayer(game);
  const [colorA, colorB] = seatColors(game);
  const playerA = game?.[colorA] ?? null;
  const playerB = game?.[colorB] ?? null;
  const turn = game?.status === 'playing' ? game.turn : null;

  fillSeat('a', {
    color: colorA,
    name: playerA?.name ?? (spectator ? 'Waiting…' : myName || 'You'),
    role: !game ? '' : spectator ? presenceText(capitalize(colorA), playerA) : 'You',
    online: spectator ? Boolean(playerA?.online) : true,
    toMove: Boolean(turn && turn === colorA),
    seated: spectator && Boolean(playerA),
    player: playerA,
  });
  fillSeat('b', {
    color: colorB,
    name: playerB?.name ?? (game ? 'Waiting…' : '—'),
    role: !game ? '' : presenceText(spectator ? capitalize(colorB) : 'Opponent', playerB),
    online: Boolean(playerB?.online),
    toMove: Boolean(turn && turn === colorB),
    seated: Boolean(playerB),
    player: playerB,
  });

  const you = $('you');
  you.textContent = game?.you ?? '—';
  you.dataset.color = game?.you ?? '';
  $('spectators').textContent = String(game?.spectators ?? 0);
}

function presenceText(label, player) {
  if (!player) return label;
  return `${label} · ${player.online ? 'online' : 'offline'}`;
}

function fillSeat(which, { color, name, role, online, toMove, seated, player }) {
  const seat = $(`seat-${which}`);
  seat.dataset.color = color;
  seat.dataset.presence = seated ? (online ? 'online' : 'offline') : '';
  seat.classList.toggle('to-move', toMove);
  const nameEl = which === 'a' ? $('seat-a-name') : $('opponent');
  nameEl.textContent = name;
  nameEl.dataset.online = String(online);
  $(`seat-${which}-role`).textContent = role;
  fillRating($(`seat-${which}-rating`), player);
}

export function renderResign(game) {
  $('resign').hidden = !(game && isPlayer(game) && game.status === 'playing');
}

/**
 * Invite link while a seat is free (players only get the join key; never against the computer), watch link
 * for any game.
 */
export function renderLinks(game) {
  const joinKey = game?.status === 'waiting' && !hasBot(game) ? game.joinKey : null;
  const watchKey = game?.watchKey ?? null;
  setLink('invite', joinKey && `${location.origin}/?join=${encodeURIComponent(joinKey)}`);
  setLink('watch', watchKey && `${location.origin}/?watch=${encodeURIComponent(watchKey)}`);
  $('share').hidden = !joinKey && !watchKey;
}

function setLink(kind, url) {
  $(`${kind}-row`).hidden = !url;
  const input = $(`${kind}-link`);
  if (input.value !== (url || '')) input.value = url || '';
}

/** One entry per known game; `onSelect(gameId)` and `onDismiss(gameId)` come from the controller. */
let shownList = '';

export function renderGameList(games, currentId, { onSelect, onDismiss }) {
  $('games-card').hidden = games.length < 2;
  // Rebuild only on a visible change, so that keyboard focus in the list survives unrelated events.
  const signature = JSON.stringify([currentId, games.map((g) => [g.gameId, gameTitle(g), statusText(g)])]);
  if (signature === shownList) return;
  shownList = signature;
  const list = $('games');
  list.replaceChildren(...games.map((game) => gameListItem(game, game.gameId === currentId, onSelect, onDismiss)));
}

function gameListItem(game, current, onSelect, onDismiss) {
  const item = document.createElement('li');
  item.className = 'game-item';
  item.dataset.tone = toneOf(game);

  const select = document.createElement('button');
  select.type = 'button';
  select.className = 'game-select';
  if (current) select.setAttribute('aria-current', 'true');
  const title = document.createElement('span');
  title.className = 'game-title';
  title.textContent = gameTitle(game);
  const state = document.createElement('span');
  state.className = 'game-state';
  state.textContent = statusText(game);
  select.append(title, state);
  select.addEventListener('click', () => onSelect(game.gameId));
  item.append(select);

  // Unfinished games you play stay until they end; anything else may be put away.
  if (!isPlayer(game) || game.status === 'over') {
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'game-dismiss';
    dismiss.textContent = '×';
    dismiss.setAttribute('aria-label', `Remove ${gameTitle(game)} from the list`);
    dismiss.addEventListener('click', () => onDismiss(game.gameId));
    item.append(dismiss);
  }
  return item;
}

function gameTitle(game) {
  if (!isPlayer(game)) return `${game.red?.name ?? '?'} vs ${game.yellow?.name ?? '?'}`;
  return `vs ${game[otherColor(game.you)]?.name ?? '…'}`;
}

let toastTimer = null;

/** A short message near the board that goes away by itself, after `ms` (0: stays until the next one). */
export function showMessage(text, ms = 3500) {
  const el = $('message');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  if (ms > 0) toastTimer = setTimeout(() => { el.hidden = true; }, ms);
}

export async function copyLink(inputId, button) {
  const input = $(inputId);
  let copied = false;
  try {
    await navigator.clipboard.writeText(input.value);
    copied = true;
  } catch {
    // No clipboard API (insecure context, old browser) or permission refused: select for a manual copy.
    input.focus();
    input.select();
    input.setSelectionRange(0, input.value.length);
    try { copied = document.execCommand('copy'); } catch { copied = false; }
  }
  flashLabel(button, copied ? 'Copied!' : 'Selected: copy it');
}

const flashTimers = new WeakMap();

function flashLabel(button, text) {
  const original = button.dataset.label ?? button.textContent;
  button.dataset.label = original;
  button.textContent = text;
  clearTimeout(flashTimers.get(button));
  flashTimers.set(button, setTimeout(() => { button.textContent = original; }, 1800));
}
