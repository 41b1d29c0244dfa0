// Quick play (protocol section 12): the Play now card. Play now sends `seek` with one of the create form's clock
// presets and the rated choice; the card then shows the wait (the seconds waited, and Cancel, which sends `unseek`).
// When the server pairs the seek, `paired` comes, then the game's snapshot: the controller shows the game.
//
// A seek lives on the server while its player has a connection. When this page's socket drops, the page forgets its
// seek and offers Play now again (pressing it after the reconnect seeks anew). If another tab of the same player kept
// a connection, the server may keep the seek and pair it later: this page then gets `paired` like every tab of the
// player and shows the game all the same.

import { copyClockPresets, presetClock } from './create-form.js';
import { $ } from './dom.js';

const ELAPSED_EVERY_MS = 250;

// 'idle'; 'asking' (seek sent, no reply yet); 'seeking' (the server holds seekId); 'cancelling' (unseek sent).
const WAITING = new Set(['asking', 'seeking', 'cancelling']);

export class QuickPlay {
  #send;
  #state = 'idle';
  #seekId = null;
  #since = 0; // performance.now() when Play now was pressed
  #cancelWanted = false; // Cancel was pressed before the server said which seek to cancel
  #note = ''; // what the card says while idle: how the last search ended
  #timer = null;

  /** `send(command)` returns the command's rid, or null when not connected. */
  constructor(send) {
    this.#send = send;
  }

  get seeking() { return WAITING.has(this.#state); }

  /** The card's controls; `onChange()` re-renders the page after an action. */
  bind(onChange) {
    copyClockPresets($('seek-clock'));
    $('seek').addEventListener('click', () => { this.play(); onChange(); });
    $('unseek').addEventListener('click', () => { this.cancel(); onChange(); });
  }

  /** Play now: seeks in the pool of the chosen clock and rated choice. */
  play() {
    if (this.seeking) return;
    const command = { type: 'seek', rated: $('seek-rated').checked };
    const clock = presetClock($('seek-clock').value);
    if (clock) command.clock = clock;
    if (this.#send(command) == null) {
      this.#idle('Not connected yet, one moment…');
      return;
    }
    this.#state = 'asking';
    this.#seekId = null;
    this.#cancelWanted = false;
    this.#since = performance.now();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#renderElapsed(), ELAPSED_EVERY_MS);
  }

  cancel() {
    if (this.#state === 'asking') {
      this.#cancelWanted = true;
    } else if (this.#state === 'seeking') {
      if (this.#send({ type: 'unseek', seekId: this.#seekId }) != null) this.#state = 'cancelling';
    }
  }

  /** The reply to our `seek`: the server holds it (the same seekId again if this player already seeks in that pool). */
  onSeeking(reply) {
    if (this.#state !== 'asking') return; // paired before the reply came, or the socket changed
    this.#state = 'seeking';
    this.#seekId = reply.seekId;
    if (this.#cancelWanted) this.cancel();
  }

  onUnseeked() {
    if (this.#state === 'cancelling') this.#idle('Search cancelled.');
  }

  /** Paired: by our seek, or by one another tab of this player made. */
  onPaired() {
    this.#idle('Opponent found.');
  }

  /**
   * A refused `seek` or `unseek`; returns the text to tell the user, or null. An `unseek` answered not-found came too
   * late: the seek was paired (its `paired` shows the game) or has lapsed; either way nothing is sought any more.
   */
  onError(error, request, describe) {
    if (request.type === 'unseek') {
      if (error.code === 'not-found') {
        if (this.#state === 'cancelling') this.#idle('');
        return null;
      }
      if (this.#state === 'cancelling') this.#state = 'seeking';
      return describe(error, 'unseek');
    }
    if (this.#state === 'asking') this.#idle('');
    return describe(error, 'seek');
  }

  /** The socket closed: the server lets the seek lapse with the player's last connection, so the page forgets it. */
  lost() {
    if (this.seeking) this.#idle('The connection dropped and the search stopped: press Play now again.');
  }

  #idle(note) {
    this.#state = 'idle';
    this.#seekId = null;
    this.#cancelWanted = false;
    this.#note = note;
    clearInterval(this.#timer);
    this.#timer = null;
  }

  render(open) {
    const waiting = this.seeking;
    $('seek-form').hidden = waiting;
    $('seeking').hidden = !waiting;
    $('seek').disabled = !open;
    $('unseek').disabled = !open || this.#state === 'cancelling' || this.#cancelWanted;
    const status = $('seek-status');
    const text = this.#statusText();
    if (status.textContent !== text) status.textContent = text;
    this.#renderElapsed();
  }

  /** The seconds waited: on every render, and between messages by the card's own timer. */
  #renderElapsed() {
    if (!this.seeking) return;
    const elapsed = $('seek-elapsed');
    const seconds = `${Math.floor(Math.max(0, performance.now() - this.#since) / 1000)} s`;
    if (elapsed.textContent !== seconds) elapsed.textContent = seconds;
  }

  #statusText() {
    if (this.#state === 'cancelling' || this.#cancelWanted) return 'Cancelling…';
    return this.seeking ? 'Looking for an opponent…' : this.#note;
  }
}
