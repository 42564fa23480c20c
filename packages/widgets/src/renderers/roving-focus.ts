import { select } from 'd3';

/** A mark's place in a grid: row (a series, a matrix row) and column (a month, a matrix column). */
export interface GridPosition {
  row: number;
  col: number;
}

/**
 * One tab stop for many marks (a roving tabindex): the arrow keys move to the neighbouring mark
 * (left and right within a row, up and down to the nearest row that has the same column), Home
 * and End to the ends of the row (or column). Whichever mark takes focus (keyboard, pointer or code) becomes
 * the tab stop.
 */
export function rovingFocus(
  nodes: readonly SVGElement[],
  positions: readonly GridPosition[],
  start: number,
  /** Which line Home and End run along: a row (series across months) or a column (stages down a funnel). */
  homeEndAlong: 'row' | 'column' = 'row',
): void {
  const at = new Map(positions.map((p, i) => [`${p.row},${p.col}`, i]));
  const rows = positions.length ? Math.max(...positions.map((p) => p.row)) : 0;
  const cols = positions.length ? Math.max(...positions.map((p) => p.col)) : 0;
  const stop = (index: number) => nodes.forEach((node, i) => node.setAttribute('tabindex', i === index ? '0' : '-1'));
  const find = (row: number, col: number, dRow: number, dCol: number): number | undefined => {
    for (let r = row + dRow, c = col + dCol; r >= 0 && r <= rows && c >= 0 && c <= cols; r += dRow, c += dCol) {
      const i = at.get(`${r},${c}`);
      if (i !== undefined) return i;
    }
    return undefined;
  };
  const neighbour = (index: number, key: string): number | undefined => {
    const { row, col } = positions[index]!;
    switch (key) {
      case 'ArrowRight':
        return find(row, col, 0, 1);
      case 'ArrowLeft':
        return find(row, col, 0, -1);
      case 'ArrowDown':
        return find(row, col, 1, 0);
      case 'ArrowUp':
        return find(row, col, -1, 0);
      case 'Home':
        return homeEndAlong === 'row' ? find(row, -1, 0, 1) : find(-1, col, 1, 0);
      case 'End':
        return homeEndAlong === 'row' ? find(row, cols + 1, 0, -1) : find(rows + 1, col, -1, 0);
      default:
        return undefined;
    }
  };
  stop(Math.min(Math.max(start, 0), nodes.length - 1));
  nodes.forEach((node, index) => {
    select(node)
      .on('focus.roving', () => stop(index))
      .on('keydown.roving', (event: KeyboardEvent) => {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        const target = neighbour(index, event.key);
        if (target === undefined) return;
        event.preventDefault();
        nodes[target]!.focus();
      });
  });
}
