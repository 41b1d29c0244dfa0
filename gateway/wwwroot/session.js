// The WebSocket session: handshake (hello/welcome), request ids, liveness and reconnection.
// It knows the envelope of the protocol, not the game.

export const TOKEN_KEY = 'c4.token';
export const NAME_KEY = 'c4.name';

export const storage = {
  get(key) {
    try { return localStorage.getItem(key); } catch { return null; }
  },
  set(key, value) {
    try {
      if (value == null || value === '') localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // Storage disabled (private mode): the session just will not survive a reload.
    }
  },
};

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;
const CHECK_EVERY_MS = 5_000;
const PING_AFTER_IDLE_MS = 20_000;
// The server pings every 15 s, so a socket silent for this long (despite our own ping) is dead.
const DEAD_AFTER_IDLE_MS = 35_000;
// Policy (flooding, slow reader) and message too large: reconnecting would only repeat the problem.
const FATAL_CLOSE_CODES = new Set([1008, 1009]);
const CLOSE_REASONS = {
  1008: 'The server closed the connection (too many messages).',
  1009: 'The server closed the connection (message too large).',
};

/**
 * Exponential backoff with full jitter and a floor: uniform in [0.5 s, min(10 s, 0.5 s · 2^(attempt+1))],
 * so even the first retry is spread out when a restarting gateway drops everyone at once.
 */
export function backoffDelay(attempt) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (attempt + 1));
  return BACKOFF_MIN_MS + Math.random() * (ceiling - BACKOFF_MIN_MS);
}

/**
 * States: 'connecting' (first attempt), 'open' (welcome received), 'reconnecting', 'closed' (gave up).
 * handlers: onState(state, detail), onWelcome(welcome), onMessage(message, request|undefined).
 */
export class Session {
  #url;
  #handlers;
  #ws = null;
  #state = 'connecting';
  #nextRid = 1;
  #pending = new Map();
  #helloRid = null;
  #attempt = 0;
  #retryTimer = null;
  #checkTimer = null;
  #lastHeard = 0;

  constructor(url, handlers) {
    this.#url = url;
    this.#handlers = handlers;
  }

  get state() { return this.#state; }
  get isOpen() { return this.#state === 'open'; }

  start() {
    this.#connect();
  }

  /** Sends a command once the session is open; returns its rid, or null when not connected. */
  send(command) {
    if (!this.isOpen) return null;
    return this.#transmit(command);
  }

  /**
   * Skips the remaining backoff (network came back, tab visible again). After a policy close only the
   * user may ask (`afterGivingUp`), so that it never turns into a loop.
   */
  retryNow(afterGivingUp = false) {
    if (this.#state === 'open' || this.#ws) return;
    if (this.#state === 'closed' && !afterGivingUp) return;
    clearTimeout(this.#retryTimer);
    this.#attempt = 0;
    this.#setState('reconnecting');
    this.#connect();
  }

  #transmit(command) {
    const rid = this.#nextRid++;
    const message = { ...command, rid };
    this.#pending.set(rid, message);
    this.#ws.send(JSON.stringify(message));
    return rid;
  }

  #setState(state, detail = '') {
    this.#state = state;
    this.#handlers.onState(state, detail);
  }

  #connect() {
    let ws;
    try {
      ws = new WebSocket(this.#url);
    } catch (err) {
      this.#scheduleReconnect(String(err));
      return;
    }
    this.#ws = ws;
    ws.onopen = () => this.#sendHello(true);
    ws.onmessage = (event) => this.#receive(event);
    ws.onclose = (event) => this.#closed(event);
  }

  #sendHello(withToken) {
    const hello = { type: 'hello' };
    const name = storage.get(NAME_KEY);
    const token = withToken ? storage.get(TOKEN_KEY) : null;
    if (name) hello.name = name;
    if (token) hello.token = token;
    this.#helloRid = this.#transmit(hello);
  }

  #receive(event) {
    this.#lastHeard = Date.now();
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object') return;

    const request = message.rid == null ? undefined : this.#pending.get(message.rid);
    if (request) this.#pending.delete(message.rid);

    if (request && message.rid === this.#helloRid) {
      this.#handshake(message, request);
    } else if (this.isOpen) {
      this.#handlers.onMessage(message, request);
    }
  }

  #handshake(reply, hello) {
    if (reply.type === 'welcome') {
      storage.set(TOKEN_KEY, reply.token);
      storage.set(NAME_KEY, reply.name);
      this.#attempt = 0;
      this.#startLivenessCheck();
      this.#setState('open');
      this.#handlers.onWelcome(reply);
      return;
    }
    if (reply.type === 'error' && reply.code === 'auth-failed') {
      storage.set(TOKEN_KEY, null);
      this.#sendHello(false);
      return;
    }
    if (reply.type === 'error' && reply.code === 'bad-request' && hello.name) {
      // The stored name was refused: let the server pick one rather than never getting in.
      storage.set(NAME_KEY, null);
      this.#sendHello(Boolean(hello.token));
      return;
    }
    // unavailable, rate-limited, internal…: try again later on a fresh socket.
    this.#abandon(reply.message || 'The server could not start the session.');
  }

  #startLivenessCheck() {
    clearInterval(this.#checkTimer);
    this.#lastHeard = Date.now();
    this.#checkTimer = setInterval(() => {
      const idle = Date.now() - this.#lastHeard;
      if (idle > DEAD_AFTER_IDLE_MS) this.#abandon('The connection stopped responding.');
      else if (idle > PING_AFTER_IDLE_MS) this.#transmit({ type: 'ping' });
    }, CHECK_EVERY_MS);
  }

  /** Drops the current socket without waiting for its close handshake (a dead TCP may never finish it). */
  #abandon(detail) {
    const ws = this.#ws;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try { ws.close(4000, 'client reconnecting'); } catch { /* already closing */ }
    }
    this.#teardown();
    this.#scheduleReconnect(detail);
  }

  #closed(event) {
    this.#teardown();
    if (FATAL_CLOSE_CODES.has(event.code)) {
      this.#setState('closed', event.reason || CLOSE_REASONS[event.code]);
      return;
    }
    // 1001 (gateway shutting down), 1011, 1006 (network) and anything else: come back.
    this.#scheduleReconnect(event.reason);
  }

  #teardown() {
    this.#ws = null;
    this.#helloRid = null;
    this.#pending.clear();
    clearInterval(this.#checkTimer);
  }

  #scheduleReconnect(detail = '') {
    const delay = backoffDelay(this.#attempt++);
    this.#setState('reconnecting', detail);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }
}
