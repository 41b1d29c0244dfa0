// The page controller: turns user actions into commands and server messages into state, then renders.

import { GameAnalysis } from './analysis.js';
import * as analysisView from './analysis-view.js';
import { BoardView } from './board.js';
import { CHAT_EVENTS, clearDraft, readDraft, renderChat, showChatError } from './chat.js';
import * as claim from './claim.js';
import { renderClocks } from './clock.js';
import { readCreateCommand, renderCreateForm } from './create-form.js';
import { ANALYSIS_ERROR_TEXT, errorText } from './errors.js';
import { COLUMNS, GameStore, isLive, isPlayer, seatColors } from './games.js';
import { Lobby } from './lobby.js';
import { renderRatingChange } from './ratings.js';
import * as rematch from './rematch.js';
import { NAME_KEY, Session, storage } from './session.js';
import * as view from './view.js';
import { currentView } from './views.js';

const CURRENT_KEY = 'c4.current'; // per tab, so two tabs can show two games
const CURRENT_WATCH_KEY = 'c4.current.watch'; // its watch key when this tab only watches it

// Commands whose failures the user should hear about; the rest (state, ping, resuming a watch) are quiet.
const USER_COMMANDS = new Set(['create', 'join', 'watch', 'unwatch', 'play', 'resign', 'claim', 'rematch', 'decline-rematch']);
const TICK_MS = 100; // the clocks' tenths

function socketUrl() {
  return `${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/ws`;
}

/** What the query string asks for: a `join` or `watch` command, sent once after the first welcome. */
function readIntent() {
  const params = new URLSearchParams(location.search);
  const joinKey = params.get('join');
  const watchKey = params.get('watch');
  if (joinKey) return { type: 'join', joinKey };
  if (watchKey) return { type: 'watch', watchKey };
  return null;
}

/** Printable, trimmed, 1 to 24 characters, or null. */
function cleanName(raw) {
  const name = raw.replace(/\p{Cc}/gu, '').trim();
  return name.length >= 1 && name.length <= 24 ? name : null;
}

const sessionStore = {
  get(key) { try { return sessionStorage.getItem(key); } catch { return null; } },
  set(key, value) {
    try {
      if (value == null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch { /* storage disabled: the current game is just not remembered across reloads */ }
  },
};

class App {
  #games = new GameStore({ ...rematch.REMATCH_EVENTS, ...CHAT_EVENTS });
  #session = new Session(socketUrl(), {
    onState: (state, detail) => this.#onState(state, detail),
    onWelcome: (welcome) => this.#onWelcome(welcome),
    onMessage: (message, request) => this.#onMessage(message, request),
  });
  #lobby = new Lobby(this.#session, {
    showGame: (gameId) => this.#select(gameId),
    openGame: (gameId, ratings) => this.#openGame(gameId, ratings),
    seatOf: (gameId) => { const game = this.#games.get(gameId); return game && isPlayer(game) ? game.you : null; },
    render: () => this.#render(),
  });
  #board = new BoardView(document.getElementById('board'), (column) => this.#play(column));
  #nameInput = document.getElementById('name');
  #currentId = sessionStore.get(CURRENT_KEY);
  #intent = readIntent();
  #playsInFlight = new Set(); // gameIds
  #resyncing = new Set(); // gameIds with a `state` request out
  #resumedWatches = new Map(); // rid → gameId of `watch` commands that restore spectating after a reconnect
  #analyses = new Map(); // gameId → GameAnalysis
  #picked = null; // the ply whose position the board shows from the analysis, or null for the game itself

  start() {
    this.#nameInput.value = storage.get(NAME_KEY) ?? '';
    this.#bindControls();
    this.#lobby.bind();
    renderCreateForm();
    this.#render();
    this.#session.start();
    setInterval(() => this.#renderTimers(), TICK_MS);
  }

  // ---- user actions -------------------------------------------------------------------------------

  #bindControls() {
    const byId = (id) => document.getElementById(id);
    byId('create').addEventListener('click', () => this.#create());
    byId('resign').addEventListener('click', () => this.#resign());
    byId('analyze').addEventListener('click', () => this.#analyze());
    byId('analysis-end').addEventListener('click', () => this.#pick(null));
    byId('claim').addEventListener('click', () => this.#claim());
    byId('rematch-offer').addEventListener('click', () => this.#rematch('rematch'));
    byId('rematch-accept').addEventListener('click', () => this.#rematch('rematch'));
    byId('rematch-decline').addEventListener('click', () => this.#rematch('decline-rematch'));
    byId('rematch-open').addEventListener('click', () => this.#openRematch());
    byId('chat-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#say();
    });
    for (const id of ['opponent-kind', 'clock']) byId(id).addEventListener('change', renderCreateForm);
    byId('reconnect').addEventListener('click', () => this.#session.retryNow(true));
    this.#nameInput.addEventListener('change', () => this.#rename());

    for (const button of document.querySelectorAll('[data-copy]')) {
      button.addEventListener('click', () => view.copyLink(button.dataset.copy, button));
    }
    for (const button of document.querySelectorAll('[data-share]')) {
      button.hidden = typeof navigator.share !== 'function';
      button.addEventListener('click', () => this.#share(byId(button.dataset.share).value));
    }

    document.addEventListener('keydown', (event) => this.#onKey(event));
    // Skip the rest of the backoff when the network or the user comes back.
    window.addEventListener('online', () => this.#session.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.#session.retryNow();
    });
  }

  #onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (event.target.closest?.('input, select, textarea, [contenteditable]') || currentView() !== 'play') return;
    const column = Number(event.key) - 1;
    if (Number.isInteger(column) && column >= 0 && column < COLUMNS) {
      event.preventDefault();
      this.#play(column);
    }
  }

  #play(column) {
    const game = this.#current();
    if (!game) return;
    if (!isPlayer(game)) {
      view.showMessage('You are watching this game');
      return;
    }
    if (this.#playsInFlight.has(game.gameId)) return;
    const rid = this.#send({ type: 'play', gameId: game.gameId, column, ply: game.moves.length });
    if (rid != null) this.#playsInFlight.add(game.gameId);
  }

  #create() {
    const command = readCreateCommand();
    if (command) this.#send(command);
  }

  #resign() {
    const game = this.#current();
    if (game && isPlayer(game) && isLive(game)) this.#send({ type: 'resign', gameId: game.gameId });
  }

  #claim() {
    const game = this.#current();
    if (claim.absentOpponent(game)) this.#send({ type: 'claim', gameId: game.gameId });
  }

  /** `rematch` offers one (or accepts the opponent's); `decline-rematch` declines the opponent's offer. */
  #rematch(type) {
    const game = this.#current();
    if (!game || !isPlayer(game) || game.status !== 'over' || game.rematchSent) return;
    if (this.#send({ type, gameId: game.gameId }) != null) rematch.markSent(game);
    this.#render();
  }

  /** From a finished game to its rematch (the page moves there by itself when it sees the rematch start). */
  #openRematch() {
    const newGameId = this.#current()?.rematch?.newGameId;
    if (!newGameId) return;
    if (!this.#games.has(newGameId)) this.#requestState(newGameId);
    this.#select(newGameId);
    this.#render();
  }

  #say() {
    const game = this.#current();
    const text = readDraft();
    if (!game || !text) return;
    if (this.#session.send({ type: 'say', gameId: game.gameId, text }) == null) showChatError('Not connected yet, one moment…');
  }

  #rename() {
    const name = cleanName(this.#nameInput.value);
    if (!name) {
      this.#nameInput.value = storage.get(NAME_KEY) ?? '';
      return;
    }
    this.#nameInput.value = name;
    storage.set(NAME_KEY, name);
    document.getElementById('name-hint').hidden = false;
  }

  async #share(url) {
    try {
      await navigator.share({ title: 'Connect 4', text: 'Play Connect 4 with me', url });
    } catch {
      // Cancelled by the user, or refused: the Copy button is right next to it.
    }
  }

  #select(gameId) {
    if (gameId !== this.#currentId) this.#picked = null;
    this.#currentId = gameId;
    sessionStore.set(CURRENT_KEY, gameId);
    this.#rememberWatchKey();
  }

  /** A spectator's reload must watch again, and only the watch key lets it: keep it next to the game id. */
  #rememberWatchKey() {
    const game = this.#current();
    sessionStore.set(CURRENT_WATCH_KEY, game && !isPlayer(game) ? game.watchKey ?? null : null);
  }

  /** Analyses every position of the current finished game, or resumes an analysis that stopped. */
  #analyze() {
    const game = this.#current();
    if (!game || game.status !== 'over' || game.moves.length === 0) return;
    let analysis = this.#analyses.get(game.gameId);
    if (!analysis || analysis.total !== game.moves.length) {
      analysis = new GameAnalysis(game.gameId, game.moves);
      this.#analyses.set(game.gameId, analysis);
    }
    if (analysis.running) return;
    analysis.error = null;
    this.#analyzeNext(analysis);
    this.#render();
  }

  /** One `analyze` at a time: the server answers a connection's commands in order, so a queue would block play. */
  #analyzeNext(analysis) {
    analysis.pendingPly = null;
    const ply = analysis.nextPly();
    if (ply === null) return;
    if (this.#session.send({ type: 'analyze', gameId: analysis.gameId, ply }) == null) {
      analysis.error = 'Not connected.';
    } else {
      analysis.pendingPly = ply;
    }
  }

  /** A game from a history or the live list, watched by its id (anyone may watch a finished or a public game). */
  #openGame(gameId, ratings) {
    if (ratings) this.#games.noteRatings(gameId, ratings);
    this.#send({ type: 'watch', gameId });
  }

  #pick(ply) {
    this.#picked = ply;
    this.#render();
  }

  #dismiss(gameId) {
    const game = this.#games.get(gameId);
    if (!game) return;
    if (!isPlayer(game) && isLive(game)) this.#send({ type: 'unwatch', gameId });
    this.#forget(gameId);
    this.#render();
  }

  // ---- server messages ----------------------------------------------------------------------------

  #send(command) {
    const rid = this.#session.send(command);
    if (rid == null) view.showMessage('Not connected yet, one moment…');
    return rid;
  }

  #requestState(gameId) {
    if (this.#resyncing.has(gameId)) return;
    if (this.#session.send({ type: 'state', gameId }) != null) this.#resyncing.add(gameId);
  }

  #onState(state, detail) {
    if (state !== 'open') {
      // Replies to commands on the old socket will never come.
      this.#playsInFlight.clear();
      this.#resyncing.clear();
      this.#resumedWatches.clear();
      this.#interruptAnalyses();
      for (const game of this.#games.all()) rematch.applyError(game);
    }
    this.#lobby.onConnection(state);
    view.renderConnection(state, detail);
    if (state === 'closed') view.showMessage(`Disconnected: ${detail || 'the server closed the connection'}`, 0);
    this.#render();
  }

  #interruptAnalyses() {
    for (const analysis of this.#analyses.values()) {
      if (!analysis.running) continue;
      analysis.pendingPly = null;
      analysis.error = 'The connection was lost.';
    }
  }

  #onWelcome(welcome) {
    if (document.activeElement !== this.#nameInput) this.#nameInput.value = welcome.name ?? '';
    document.getElementById('name-hint').hidden = true;
    this.#lobby.onWelcome(welcome);
    const listed = new Set(welcome.games ?? []);
    this.#resumeOwnGames(listed);
    this.#restoreCurrent(listed);
    this.#actOnIntent();
    this.#render();
  }

  /**
   * The welcome's snapshots cover the unfinished games we play. Games we only watched must be watched
   * again on this socket, and games we played that are no longer listed ended while we were away.
   */
  #resumeOwnGames(listed) {
    for (const game of this.#games.all()) {
      if (listed.has(game.gameId) || !isLive(game)) continue;
      if (isPlayer(game)) {
        this.#requestState(game.gameId);
      } else if (game.watchKey) {
        const rid = this.#session.send({ type: 'watch', watchKey: game.watchKey });
        if (rid != null) this.#resumedWatches.set(rid, game.gameId);
      }
    }
  }

  /**
   * After a reload this tab knows only the id of the game it showed. The welcome brings it back when it is
   * an unfinished game we play; otherwise ask for it (a finished game of ours: `state`; a game we watched:
   * `watch` again), and forget it quietly if the server no longer has it.
   */
  #restoreCurrent(listed) {
    const gameId = this.#currentId;
    if (!gameId || this.#games.has(gameId) || listed.has(gameId)) return;
    const watchKey = sessionStore.get(CURRENT_WATCH_KEY);
    if (watchKey) {
      const rid = this.#session.send({ type: 'watch', watchKey });
      if (rid != null) this.#resumedWatches.set(rid, gameId);
    } else {
      this.#requestState(gameId);
    }
  }

  /** A `state` or `watch` request for this game is out: its snapshot is on the way. */
  #awaiting(gameId) {
    return this.#resyncing.has(gameId) || [...this.#resumedWatches.values()].includes(gameId);
  }

  #actOnIntent() {
    if (!this.#intent) return;
    if (this.#session.send(this.#intent) == null) return;
    this.#intent = null;
    // A reload must not join again; the game stays reachable through the token's welcome.
    history.replaceState(null, '', '/');
  }

  #onMessage(message, request) {
    if (this.#lobby.receive(message, request)) {
      this.#render();
      return;
    }
    switch (message.type) {
      case 'game':
        this.#onSnapshot(message);
        break;
      case 'created':
      case 'joined':
        this.#select(message.gameId);
        break;
      case 'watching':
        if (!this.#resumedWatches.delete(message.rid)) this.#select(message.gameId);
        break;
      case 'played':
        this.#onPlayed(message, request);
        break;
      case 'analysis':
        this.#onAnalysis(message, request);
        break;
      case 'rematch': // a reply
      case 'rematch-declined': // the reply to our decline, or the event telling us of the opponent's
        if (request) this.#onRematchReply(message, request);
        else this.#onGameEvent(message);
        break;
      case 'rematch-started':
        this.#onGameEvent(message);
        // Every page that showed the finished game moves to the new one, whose snapshot follows.
        if (message.gameId === this.#currentId) this.#select(message.newGameId);
        break;
      case 'said':
        if (request?.type === 'say') clearDraft(request.text);
        break;
      case 'error':
        this.#onError(message, request);
        break;
      default:
        if (this.#games.handles(message.type)) this.#onGameEvent(message);
    }
    this.#render();
  }

  #onSnapshot(snapshot) {
    this.#games.replace(snapshot);
    this.#resyncing.delete(snapshot.gameId);
    if (snapshot.gameId === this.#currentId) this.#rememberWatchKey();
    else if (!this.#games.has(this.#currentId) && !this.#awaiting(this.#currentId)) this.#select(snapshot.gameId);
  }

  #onGameEvent(event) {
    if (this.#games.apply(event) === 'gap') this.#requestState(event.gameId);
  }

  #onPlayed(reply, request) {
    const gameId = request?.gameId ?? reply.gameId;
    this.#playsInFlight.delete(gameId);
    if (request?.type !== 'play') return;
    if (this.#games.applyOwnMove(gameId, request.column, reply.ply) === 'gap') this.#requestState(gameId);
  }

  #onRematchReply(reply, request) {
    const game = this.#games.get(request.gameId);
    if (game) rematch.applyReply(game, reply);
    if (reply.status === 'started' && reply.newGameId && request.gameId === this.#currentId) this.#select(reply.newGameId);
  }

  #onAnalysis(reply, request) {
    const analysis = this.#analyses.get(request?.gameId);
    if (request?.type !== 'analyze' || !analysis || analysis.pendingPly !== request.ply) return;
    if (analysis.record(request.ply, reply)) {
      this.#analyzeNext(analysis);
      return;
    }
    analysis.pendingPly = null;
    analysis.error = 'The server did not analyse the position asked for.';
  }

  #onAnalysisError(error, request) {
    const analysis = this.#analyses.get(request.gameId);
    if (!analysis || analysis.pendingPly !== request.ply) return;
    analysis.pendingPly = null;
    analysis.error = ANALYSIS_ERROR_TEXT[error.code] ?? `${errorText(error, 'analyze')}.`;
  }

  #onError(error, request) {
    if (!request) {
      if (error.message) view.showMessage(error.message);
      return;
    }
    if (request.type === 'analyze') {
      this.#onAnalysisError(error, request);
      return;
    }
    if (request.type === 'say') {
      showChatError(errorText(error, 'say'));
      return;
    }
    const { type } = request;
    const resumedGameId = this.#resumedWatches.get(error.rid);
    this.#resumedWatches.delete(error.rid);
    const gameId = request.gameId ?? resumedGameId;
    if (type === 'play') this.#playsInFlight.delete(gameId);
    if (type === 'state') this.#resyncing.delete(gameId);
    if (type === 'rematch' || type === 'decline-rematch') this.#onRematchError(error, gameId);
    if (type === 'claim' && this.#onClaimError(error, gameId)) return;

    if (error.code === 'stale' && gameId) {
      this.#requestState(gameId);
      view.showMessage('The board was behind: updated, try again');
      return;
    }
    // A game we resume that the server no longer knows is gone for good.
    if (error.code === 'not-found' && (type === 'state' || resumedGameId)) {
      if (gameId === this.#currentId) view.showMessage('That game is no longer available');
      this.#forget(gameId);
    }
    if (type === 'join' && error.code === 'own-game') this.#openOwnGame(request.joinKey);

    if (USER_COMMANDS.has(type) && !resumedGameId) view.showMessage(errorText(error, type));
  }

  #onRematchError(error, gameId) {
    const game = this.#games.get(gameId);
    if (game) rematch.applyError(game);
    // The offer lapsed, or the rematch started elsewhere: the snapshot says which.
    if (error.code === 'not-allowed') this.#requestState(gameId);
  }

  /** A claim refused while the opponent is still away: the countdown restarts from the server's word. */
  #onClaimError(error, gameId) {
    if (error.code !== 'not-allowed') return false;
    if (claim.applyRefusal(this.#games.get(gameId), error, performance.now())) {
      view.showMessage('Your opponent may still come back: wait for the countdown');
      return true;
    }
    this.#requestState(gameId);
    return false;
  }

  #forget(gameId) {
    this.#games.remove(gameId);
    this.#analyses.delete(gameId);
    if (gameId === this.#currentId) this.#select(this.#games.all().at(-1)?.gameId ?? null);
  }

  #openOwnGame(joinKey) {
    const game = this.#games.all().find((g) => g.joinKey === joinKey);
    if (game) this.#select(game.gameId);
  }

  // ---- rendering ----------------------------------------------------------------------------------

  #current() {
    return this.#currentId ? this.#games.get(this.#currentId) ?? null : null;
  }

  #render() {
    const game = this.#current();
    const open = this.#session.isOpen;
    const canPlay = Boolean(open && game && isPlayer(game) && game.status === 'playing'
      && game.turn === game.you && !this.#playsInFlight.has(game.gameId));

    const analysis = game ? this.#analyses.get(game.gameId) ?? null : null;
    const picked = analysis?.scoresAt(this.#picked) ? this.#picked : null;
    this.#board.render(picked === null ? game : positionOf(game, picked), { canPlay: canPlay && picked === null });
    const layout = document.querySelector('.layout');
    layout.classList.toggle('offline', !open);
    layout.classList.toggle('no-game', !game);
    view.renderStatus(game, this.#idleText());
    renderRatingChange(game);
    view.renderSeats(game, storage.get(NAME_KEY));
    view.renderResign(game);
    this.#renderTimers();
    rematch.renderRematch(game, open);
    renderChat(game, open);
    this.#renderAnalysis(game, analysis, picked);
    view.renderLinks(game);
    view.renderGameList(this.#games.all(), this.#currentId, {
      onSelect: (gameId) => { this.#select(gameId); this.#render(); },
      onDismiss: (gameId) => this.#dismiss(gameId),
    });
    this.#lobby.render(open);
    this.#renderTitle();
  }

  /** The clocks and the wait before a claim: on every render, and every tick between messages. */
  #renderTimers() {
    const game = this.#current();
    const now = performance.now();
    renderClocks(game?.clock ?? null, seatColors(game), now);
    claim.renderClaim(game, now, this.#session.isOpen);
  }

  #renderAnalysis(game, analysis, picked) {
    analysisView.renderAnalyzeButton(game, analysis);
    analysisView.renderAnalysis(game, analysis, picked, (ply) => this.#pick(ply));
    analysisView.renderColumnScores(game?.moves ?? [], picked, picked === null ? null : analysis.scoresAt(picked));
  }

  #idleText() {
    const state = this.#session.state;
    if (state === 'connecting') return 'Connecting…';
    if (state === 'reconnecting') return 'Reconnecting…';
    if (state === 'closed') return 'Disconnected';
    if (this.#currentId) return 'Loading the game…';
    if (this.#intent?.type === 'join') return 'Joining the game…';
    if (this.#intent?.type === 'watch') return 'Opening the game…';
    if (this.#lobby.seeking) return 'Looking for an opponent…';
    return 'Create a game and invite a friend';
  }

  /** A hint in the tab title when any game waits for you, for players who switched tabs. */
  #renderTitle() {
    const waiting = this.#games.all().some((g) => g.status === 'playing' && g.turn === g.you);
    document.title = waiting ? 'Your turn · Connect 4' : 'Connect 4';
  }
}

/** The game as it stood after its first `ply` moves, for the board. */
function positionOf(game, ply) {
  return { ...game, moves: game.moves.slice(0, ply), line: null };
}

new App().start();
