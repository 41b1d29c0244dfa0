// The chat of the current game (protocol section 11): the lines the server sends (the snapshot's `chat`, then
// `chat` events), the form that says one, and its errors. Players read and speak in the players' room, spectators
// in theirs: the page shows whatever the server sends it. Names and text are plain text: they only ever go into
// textContent, never into markup.

import { hasBot, isPlayer } from './games.js';
import { $, parseServerTime } from './dom.js';

export const MAX_CHAT_LENGTH = 280;
const KEEP_LINES = 200; // as many as the server keeps per room
const ERROR_SHOWN_MS = 4000;

/** `at` as a sortable key: the server writes from 0 to 7 decimals of seconds. */
function atKey(at) {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(String(at ?? ''));
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(7, '0')}` : String(at ?? '');
}

const lineKey = (line) => `${atKey(line.at)}|${line.from?.playerId ?? ''}|${line.text}`;

/** The `chat` event, for the GameStore: the line joins the game's, in the order of `at`, once. */
export const CHAT_EVENTS = {
  chat(game, event) {
    const lines = game.chat;
    const key = lineKey(event);
    if (lines.some((line) => lineKey(line) === key)) return 'duplicate';
    // Lines said in separate turns may arrive out of order (rarely): `at` orders them.
    let index = lines.length;
    while (index > 0 && atKey(lines[index - 1].at) > atKey(event.at)) index--;
    lines.splice(index, 0, event);
    if (lines.length > KEEP_LINES) lines.splice(0, lines.length - KEEP_LINES);
    return 'applied';
  },
};

/** The text to send, trimmed, or null when there is nothing to say. */
export function readDraft() {
  const text = $('chat-input').value.trim();
  return text.length > 0 ? text.slice(0, MAX_CHAT_LENGTH) : null;
}

/** Our line was said: the input is emptied, unless something else was typed meanwhile. */
export function clearDraft(text) {
  const input = $('chat-input');
  if (input.value.trim() === text) input.value = '';
}

let errorTimer = null;

/** An error under the input for a few seconds (rate-limited, refused text, not connected…). */
export function showChatError(text) {
  const el = $('chat-error');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { el.hidden = true; }, ERROR_SHOWN_MS);
}

/** Nobody answers the human of a game against the computer: only its spectators have someone to talk to. */
const chatShown = (game) => Boolean(game) && !(isPlayer(game) && hasBot(game));

let shown = { gameId: null, keys: [] };

/** The chat card of the current game: its room, its lines (added at the end when only new ones came). */
export function renderChat(game, connected) {
  const card = $('chat-card');
  card.hidden = !chatShown(game);
  $('chat-send').disabled = !connected;
  if (card.hidden) {
    shown = { gameId: null, keys: [] };
    return;
  }
  $('chat-room').textContent = isPlayer(game)
    ? 'Between you and your opponent: spectators do not see it.'
    : 'Between spectators: the players do not see it.';

  const list = $('chat-lines');
  const keys = game.chat.map(lineKey);
  const sameStart = shown.gameId === game.gameId && shown.keys.every((key, i) => keys[i] === key);
  if (sameStart && keys.length === shown.keys.length) return;
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  if (sameStart) {
    list.append(...game.chat.slice(shown.keys.length).map((line) => lineItem(game, line)));
  } else {
    list.replaceChildren(...game.chat.map((line) => lineItem(game, line)));
  }
  shown = { gameId: game.gameId, keys };
  $('chat-empty').hidden = keys.length > 0;
  if (stick || !sameStart) list.scrollTop = list.scrollHeight;
}

function lineItem(game, line) {
  const item = document.createElement('li');
  item.className = 'chat-line';
  const color = ['red', 'yellow'].find((c) => game[c]?.playerId && game[c].playerId === line.from?.playerId);
  item.dataset.color = color ?? '';
  item.dataset.mine = String(isPlayer(game) && color === game.you);

  const name = document.createElement('span');
  name.className = 'chat-name';
  name.textContent = line.from?.name ?? '?';
  const time = document.createElement('time');
  time.className = 'chat-time';
  const when = parseServerTime(line.at);
  if (when) {
    time.dateTime = when.toISOString();
    time.textContent = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  const text = document.createElement('span');
  text.className = 'chat-text';
  text.textContent = line.text ?? '';
  item.append(name, time, text);
  return item;
}
