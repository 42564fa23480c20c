/**
 * The grid's keys: arrows move the active cell, Home/End go to the first/last column (with Ctrl
 * or ⌘ to the first/last row), Page Up/Down move by a screenful; Enter or Space on a header sorts,
 * Enter on a row opens it. Pure: the element applies what a key does.
 */

/** The active cell: row index (-1 is the header row) and column index. */
export interface Cell {
  row: number;
  col: number;
}

/** What a key does: move the active cell, sort by its column, open its row, nothing but keep the key (Space on a row), or not the grid's key (undefined). */
export type KeyAction = { move: Cell } | 'sort' | 'drill' | 'keep' | undefined;

export interface GridSize {
  /** The last row's and the last column's index. */
  lastRow: number;
  lastCol: number;
  /** Rows fully in view. */
  screenful: number;
}

export function keyAction(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>, at: Cell, size: GridSize): KeyAction {
  let { row, col } = at;
  const { lastRow, lastCol, screenful } = size;
  switch (event.key) {
    case 'ArrowDown':
      row = Math.min(row + 1, lastRow);
      break;
    case 'ArrowUp':
      row = Math.max(row - 1, -1);
      break;
    case 'ArrowRight':
      col = Math.min(col + 1, lastCol);
      break;
    case 'ArrowLeft':
      col = Math.max(col - 1, 0);
      break;
    case 'Home':
      col = 0;
      if (event.ctrlKey || event.metaKey) row = 0;
      break;
    case 'End':
      col = lastCol;
      if (event.ctrlKey || event.metaKey) row = lastRow;
      break;
    case 'PageDown':
      row = Math.min(Math.max(row, 0) + screenful, lastRow);
      break;
    case 'PageUp':
      row = Math.max(row - screenful, 0);
      break;
    case 'Enter':
    case ' ':
      return row < 0 ? 'sort' : event.key === 'Enter' ? 'drill' : 'keep';
    default:
      return undefined;
  }
  return { move: { row, col } };
}
