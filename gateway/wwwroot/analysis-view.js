// The analysis on the page: the Analyse button, the progress line, the move list (`#analysis`) and the
// values of the seven columns above the board for the position the user picked.

import { COLUMNS, ROWS, capitalize, colorOfPly, gridOf, isPlayer } from './games.js';
import { bestScore, describeScore, formatScore } from './analysis.js';
import { $, span } from './dom.js';

/** The Analyse button: for a finished game with moves, until its analysis is complete. */
export function renderAnalyzeButton(game, analysis) {
  const button = $('analyze');
  const offered = Boolean(game && game.status === 'over' && game.moves.length > 0);
  button.hidden = !offered || Boolean(analysis?.done);
  button.disabled = Boolean(analysis?.running);
  button.textContent = buttonText(analysis);
}

function buttonText(analysis) {
  if (analysis?.running) return 'Analysing…';
  return analysis?.count > 0 || analysis?.error ? 'Resume the analysis' : 'Analyse the game';
}

/**
 * The analysis card of the current game; `picked` is the ply whose position the board shows (or null),
 * `onPick(ply)` is called when a row is chosen.
 */
export function renderAnalysis(game, analysis, picked, onPick) {
  const card = $('analysis-card');
  card.hidden = !analysis?.started;
  if (card.hidden) return;
  renderProgress(game, analysis);
  renderRows(game, analysis, picked, onPick);
  renderPositionNote(game, picked);
}

function renderProgress(game, analysis) {
  const status = $('analysis-status');
  status.dataset.state = analysis.running ? 'running' : analysis.error ? 'error' : analysis.done ? 'done' : 'stopped';
  status.textContent = progressText(game, analysis);
  $('analysis').setAttribute('aria-busy', String(analysis.running));
}

function progressText(game, analysis) {
  if (analysis.running) return `Analysing move ${analysis.pendingPly + 1} of ${analysis.total}…`;
  if (analysis.error) return `${analysis.error} ${analysis.count} of ${analysis.total} moves analysed.`;
  if (!analysis.done) return `${analysis.count} of ${analysis.total} moves analysed.`;
  const counts = analysis.mistakes();
  const parts = ['red', 'yellow'].map((color) => `${playerLabel(game, color)}: ${plural(counts[color], 'mistake')}`);
  return `Done. ${parts.join(' · ')}.`;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "You", the player's name, or the colour. */
function playerLabel(game, color) {
  if (isPlayer(game) && game.you === color) return 'You';
  return game[color]?.name ?? capitalize(color);
}

let shownRows = '';

function renderRows(game, analysis, picked, onPick) {
  const rows = analysis.rows();
  // Rebuild only on a visible change, so that keyboard focus in the list survives unrelated events.
  const signature = JSON.stringify([game.gameId, picked, rows]);
  if (signature === shownRows) return;
  shownRows = signature;
  const list = $('analysis');
  const focused = document.activeElement?.closest?.('#analysis > li')?.dataset.ply;
  list.replaceChildren(...rows.map((row) => rowItem(game, row, row.ply === picked, onPick)));
  if (focused !== undefined) list.querySelector(`li[data-ply="${focused}"] button`)?.focus();
}

function rowItem(game, row, picked, onPick) {
  const item = document.createElement('li');
  item.className = 'analysis-row';
  item.classList.toggle('mistake', row.mistake);
  item.classList.toggle('picked', picked);
  Object.assign(item.dataset, {
    ply: String(row.ply),
    color: row.color,
    column: String(row.column),
    playedScore: Number.isInteger(row.played) ? String(row.played) : '',
    bestScore: Number.isInteger(row.best) ? String(row.best) : '',
  });

  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'analysis-pick';
  button.setAttribute('aria-pressed', String(picked));
  button.setAttribute('aria-label', rowLabel(game, row));
  button.append(...rowCells(game, row));
  button.addEventListener('click', () => onPick(picked ? null : row.ply));
  item.append(button);
  return item;
}

function rowCells(game, row) {
  const who = span('a-who');
  who.dataset.color = row.color;
  who.title = playerLabel(game, row.color);
  who.append(span('a-disc'), span('a-name', playerLabel(game, row.color)));
  const played = span('a-played', formatScore(row.played));
  played.title = describeScore(row.played, row.ply);
  const best = span('a-best', formatScore(row.best));
  best.title = describeScore(row.best, row.ply);
  const mark = span('a-mark', row.mistake ? 'Mistake' : '');
  return [span('a-num', String(row.number)), who, span('a-col', String(row.column + 1)), played, best, mark];
}

function rowLabel(game, row) {
  const mistake = row.mistake ? ', a mistake' : '';
  return `Move ${row.number}: ${playerLabel(game, row.color)} played column ${row.column + 1}, `
    + `score ${formatScore(row.played)}, best ${formatScore(row.best)}${mistake}. Show the position before it.`;
}

function renderPositionNote(game, picked) {
  const note = $('analysis-position');
  note.hidden = picked == null;
  if (picked == null) return;
  const color = colorOfPly(picked);
  $('analysis-position-text').textContent =
    `Before move ${picked + 1}: the values above the board are for ${playerLabel(game, color)} (${color}).`;
}

/**
 * The seven values above the board for the position after `ply` moves (null: hide them). The best known
 * values are highlighted, the column then played is outlined, full columns stay blank, unknown ones show "?".
 */
export function renderColumnScores(moves, ply, scores) {
  const row = $('column-scores');
  row.hidden = scores == null;
  if (scores == null) return;
  const grid = gridOf(moves.slice(0, ply));
  const best = bestScore(scores);
  row.replaceChildren(...Array.from({ length: COLUMNS }, (_, col) =>
    columnScore(col, scores[col], { full: grid[col].length >= ROWS, best, played: moves[ply] === col, ply })));
}

function columnScore(col, score, { full, best, played, ply }) {
  const el = span('column-score', full ? '' : formatScore(score));
  el.dataset.col = String(col);
  el.dataset.score = Number.isInteger(score) ? String(score) : '';
  el.classList.toggle('best', Number.isInteger(score) && score === best);
  el.classList.toggle('played', played);
  el.classList.toggle('full', full);
  el.title = full ? `Column ${col + 1}: full` : `Column ${col + 1}: ${describeScore(score, ply)}`;
  return el;
}
