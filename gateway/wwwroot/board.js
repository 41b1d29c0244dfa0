// The board: 7 column buttons of 6 cells each. Built once, then updated by toggling classes.

import { COLUMNS, ROWS, gridOf } from './games.js';

export class BoardView {
  #el;
  #columns = [];
  #cells = []; // #cells[column][row]
  #shown = { gameId: null, ply: 0 };

  /** onColumn(column) is called for a click or tap anywhere in a column. */
  constructor(el, onColumn) {
    this.#el = el;
    this.#build();
    el.addEventListener('click', (event) => {
      const column = event.target.closest('.column');
      if (column && el.contains(column)) onColumn(Number(column.dataset.col));
    });
    // The drop class must go once played, so that a later disc in the same cell animates again.
    el.addEventListener('animationend', (event) => event.target.classList.remove('drop'));
  }

  #build() {
    for (let col = 0; col < COLUMNS; col++) {
      const column = document.createElement('button');
      column.type = 'button';
      column.className = 'column';
      column.dataset.col = String(col);
      const cells = [];
      // Row 0 first: the column is laid out bottom up (flex column-reverse).
      for (let row = 0; row < ROWS; row++) {
        const cell = document.createElement('span');
        cell.className = 'cell';
        cell.dataset.col = String(col);
        cell.dataset.row = String(row);
        cell.style.setProperty('--fall', String(ROWS - row));
        column.append(cell);
        cells.push(cell);
      }
      this.#el.append(column);
      this.#columns.push(column);
      this.#cells.push(cells);
    }
  }

  /**
   * game: the snapshot to show, or null for an empty board.
   * canPlay: the viewer may drop a disc now (enables the hover preview in `you`'s colour).
   */
  render(game, { canPlay = false } = {}) {
    const moves = game?.moves ?? [];
    const grid = gridOf(moves);
    const wins = new Set((game?.line ?? []).map(([col, row]) => `${col},${row}`));
    const dropped = this.#newDisc(game, moves);

    for (let col = 0; col < COLUMNS; col++) {
      const height = grid[col].length;
      for (let row = 0; row < ROWS; row++) {
        const cell = this.#cells[col][row];
        const color = grid[col][row];
        cell.classList.toggle('red', color === 'red');
        cell.classList.toggle('yellow', color === 'yellow');
        cell.classList.toggle('win', wins.has(`${col},${row}`));
        cell.classList.toggle('next', row === height);
      }
      this.#columns[col].setAttribute('aria-label', columnLabel(col, height));
      this.#columns[col].setAttribute('aria-disabled', String(!canPlay || height >= ROWS));
    }
    if (dropped) this.#cells[dropped.col][dropped.row].classList.add('drop');

    const el = this.#el;
    el.dataset.ply = String(moves.length);
    el.classList.toggle('can-play', canPlay);
    el.classList.toggle('has-line', wins.size > 0);
    el.dataset.me = canPlay ? game.you : '';
    this.#shown = { gameId: game?.gameId ?? null, ply: moves.length };
  }

  /** The cell of the disc to animate: only a single new move in the game already shown. */
  #newDisc(game, moves) {
    if (!game || game.gameId !== this.#shown.gameId || moves.length !== this.#shown.ply + 1) return null;
    const col = moves[moves.length - 1];
    const row = moves.filter((c) => c === col).length - 1;
    return row < ROWS ? { col, row } : null;
  }
}

function columnLabel(col, height) {
  if (height >= ROWS) return `Column ${col + 1}, full`;
  return `Column ${col + 1}, ${height} of ${ROWS} filled`;
}
