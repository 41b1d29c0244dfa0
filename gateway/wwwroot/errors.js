// What the page says when the server refuses a command: by command where the meaning differs, else by code.

const ERROR_TEXT = {
  'not-your-turn': 'It is not your turn',
  'column-full': 'That column is full',
  'bad-column': 'There is no such column',
  'game-over': 'The game is over',
  'not-started': 'Wait for an opponent to join',
  'not-a-player': 'You are watching this game',
  'not-allowed': 'That is not possible now',
  'game-full': 'That game already has two players',
  'own-game': 'That is your own invite link: send it to a friend',
  'rate-limited': 'Slow down a little',
  unavailable: 'The server is busy, please try again',
  unsupported: 'The server does not offer that',
  internal: 'Something went wrong on the server',
};

const COMMAND_ERROR_TEXT = {
  join: { 'not-found': 'That invite link does not lead to a game' },
  watch: { 'not-found': 'That game could not be found' },
  create: { 'bad-request': 'The server refused those settings' },
  claim: {
    'not-allowed': 'Your opponent is back, or may still come back',
    'game-over': 'The game is already over',
  },
  rematch: { 'not-allowed': 'A rematch of this game is no longer possible' },
  'decline-rematch': { 'not-allowed': 'There is no rematch offer to decline any more' },
  seek: { 'bad-request': 'The server refused those settings' },
  profile: { 'not-found': 'That player could not be found.' },
  history: { 'not-found': 'That player could not be found.' },
  say: {
    'rate-limited': 'Too many messages: wait a second',
    'bad-request': 'That message cannot be sent: 1 to 280 characters, on one line',
    'not-found': 'You can no longer chat in this game',
  },
};

/** The text for a refused `analyze`, shown in the analysis card. */
export const ANALYSIS_ERROR_TEXT = {
  'not-allowed': 'Only finished games can be analysed.',
  'not-found': 'The server no longer shows you this game, so it cannot analyse it.',
  'bad-request': 'The server refused to analyse this game.',
  unsupported: 'This server does not analyse games.',
  unavailable: 'The server is busy: try again in a moment.',
  'rate-limited': 'Too many requests: try again in a moment.',
};

export function errorText(error, commandType) {
  const text = COMMAND_ERROR_TEXT[commandType]?.[error.code];
  if (text) return text;
  if (error.code === 'not-found') return 'That game could not be found';
  return ERROR_TEXT[error.code] ?? error.message ?? 'Something went wrong';
}
