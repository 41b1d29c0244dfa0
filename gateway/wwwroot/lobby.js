// Everything around the games (protocol sections 12 to 14): quick play, the player's own rating, the profile, the
// leaderboard and the live games, and the tabs between the views. It sends its own commands and takes their replies;
// the controller hands it every message first and keeps the games.

import { errorText } from './errors.js';
import { LeaderboardView } from './leaderboard.js';
import { LiveView } from './live.js';
import { ProfileView } from './profile.js';
import { QuickPlay } from './quickplay.js';
import { renderMyRating } from './ratings.js';
import { showMessage } from './view.js';
import { bindTabs, currentView, showView } from './views.js';

const COMMANDS = new Set(['seek', 'unseek', 'profile', 'history', 'leaderboard', 'live']);

export class Lobby {
  #session;
  #handlers;
  #me = null; // { playerId, name, rating, provisional }
  #quickPlay;
  #profile = new ProfileView();
  #leaderboard = new LeaderboardView();
  #live = new LiveView();
  #ratedEnds = new Map(); // gameId → this player's rating after it: a rated game of ours just ended, its snapshot asked for
  #send = (command) => this.#session.send(command);

  /**
   * handlers: showGame(gameId), a game this player was paired into (its snapshot follows); openGame(gameId, ratings),
   * watch a game by its id (ratings: what a history entry knows of its rating change, or null); seatOf(gameId), this
   * player's colour in a game the page knows, or null; render().
   */
  constructor(session, handlers) {
    this.#session = session;
    this.#handlers = handlers;
    this.#quickPlay = new QuickPlay(this.#send);
  }

  get seeking() { return this.#quickPlay.seeking; }

  bind() {
    const render = () => this.#handlers.render();
    this.#quickPlay.bind(render);
    bindTabs((view) => {
      this.#open(view, this.#me?.playerId);
      render();
    });
    document.getElementById('history-more').addEventListener('click', () => { this.#profile.more(this.#send); render(); });
    document.getElementById('leaderboard-refresh').addEventListener('click', () => { this.#leaderboard.load(this.#send); render(); });
    document.getElementById('live-refresh').addEventListener('click', () => { this.#live.load(this.#send); render(); });
  }

  /** Shows `view`, asking the server for what it lists; a profile is `playerId`'s. */
  #open(view, playerId) {
    this.#live.stopPolling();
    if (view === 'profile' && playerId) this.#profile.load(playerId, this.#send);
    if (view === 'leaderboard') this.#leaderboard.load(this.#send);
    if (view === 'live') {
      this.#live.load(this.#send);
      this.#live.startPolling(this.#send);
    }
    showView(view);
  }

  #openProfile = (playerId) => {
    this.#open('profile', playerId);
    this.#handlers.render();
  };

  #openGame = (gameId, ratings = null) => {
    if (!gameId) return;
    this.#handlers.openGame(gameId, ratings);
    this.#open('play');
    this.#handlers.render();
  };

  /** A history entry: its game, with the rating change the entry knows (one side's) until the game says more. */
  #openEntry = (entry) => {
    const rated = entry.rated && Number.isFinite(entry.ratingBefore) && Number.isFinite(entry.ratingAfter);
    this.#openGame(entry.gameId, rated ? { [entry.color]: { before: entry.ratingBefore, after: entry.ratingAfter } } : null);
  };

  onConnection(state) {
    if (state === 'open') return;
    this.#ratedEnds.clear(); // the welcome brings our rating afresh
    this.#quickPlay.lost();
    this.#profile.interrupted();
    this.#leaderboard.interrupted();
    this.#live.interrupted();
  }

  /** A new session: who we are, and the view shown asked for again (the replies of the old socket will not come). */
  onWelcome(welcome) {
    this.#me = { playerId: welcome.playerId, name: welcome.name, rating: welcome.rating, provisional: welcome.provisional };
    const view = currentView();
    if (view !== 'play') this.#open(view, this.#profile.playerId ?? this.#me.playerId);
  }

  /** Takes the messages that are the lobby's; returns false for the others (which it may also look at). */
  receive(message, request) {
    switch (message.type) {
      case 'seeking':
        this.#quickPlay.onSeeking(message);
        return true;
      case 'unseeked':
        this.#quickPlay.onUnseeked();
        return true;
      case 'paired':
        this.#quickPlay.onPaired();
        this.#handlers.showGame(message.gameId);
        this.#open('play');
        return true;
      case 'profile':
        this.#profile.onProfile(message, request);
        return true;
      case 'history':
        this.#profile.onHistory(message, request);
        return true;
      case 'leaderboard':
        this.#leaderboard.onReply(message);
        return true;
      case 'live':
        this.#live.onReply(message);
        return true;
      case 'over':
        this.#onOver(message);
        return false;
      case 'game':
        this.#onSnapshot(message);
        return false;
      case 'error':
        if (!COMMANDS.has(request?.type)) return false;
        this.#onError(message, request);
        return true;
      default:
        return false;
    }
  }

  /**
   * A rated game of ours ended: the `over` event has our new rating. Whether it is still provisional only the game's
   * seats say (our profile may not have applied the game yet), so its snapshot is asked for.
   */
  #onOver(over) {
    const color = this.#handlers.seatOf(over.gameId);
    const after = over.ratings?.[color]?.after;
    if (!this.#me || !Number.isFinite(after)) return;
    this.#me.rating = after;
    this.#ratedEnds.set(over.gameId, after);
    this.#send({ type: 'state', gameId: over.gameId });
  }

  #onSnapshot(snapshot) {
    const after = this.#ratedEnds.get(snapshot.gameId);
    const seat = snapshot[snapshot.you];
    if (after === undefined || !this.#me || seat?.rating !== after) return;
    this.#ratedEnds.delete(snapshot.gameId);
    this.#me.provisional = Boolean(seat.provisional);
  }

  #onError(error, request) {
    switch (request.type) {
      case 'seek':
      case 'unseek': {
        const text = this.#quickPlay.onError(error, request, errorText);
        if (text) showMessage(text);
        break;
      }
      case 'profile':
      case 'history':
        this.#profile.onError(error, request, errorText);
        break;
      case 'leaderboard':
        this.#leaderboard.onError(error, errorText);
        break;
      default:
        this.#live.onError(error, errorText);
    }
  }

  render(open) {
    renderMyRating(this.#me);
    this.#quickPlay.render(open);
    const view = currentView();
    if (view === 'profile') this.#profile.render(this.#me, open, { onOpenGame: this.#openEntry, onOpenProfile: this.#openProfile });
    if (view === 'leaderboard') this.#leaderboard.render(this.#me, open, this.#openProfile);
    if (view === 'live') this.#live.render(open, this.#openGame);
  }
}
