/**
 * The grid's scroll: its measured box (height, inner width, header row's height, scroll bars'
 * sizes, read when the grid or its header resizes, in the next frame) and its scroll position (as
 * the scroll events report it), what the virtual rows and the hidden-column cue are computed from.
 * A click or a key scrolls from these, not from the DOM, so that the browser need not lay the
 * page out inside the event.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { geometry, revealRowTop, type Geometry } from './geometry.ts';
import { nextColumnsLeft, revealColumnLeft, type ColumnLayout } from './layout.ts';
import { DEFAULT_HEIGHT } from './styles.ts';

export interface Box {
  /** The grid's inner width, px. */
  width: number;
  /** The header row's height, px. */
  head: number;
  /** The scroll bars' sizes (vertical, horizontal), px. */
  barX: number;
  barY: number;
}

export class GridScroll implements ReactiveController {
  /** The grid's inner height, px (0 until measured). */
  viewport = 0;
  box: Box = { width: 0, head: 0, barX: 0, barY: 0 };
  /** scrollTop and scrollLeft. */
  top = 0;
  left = 0;
  private toStart = false;
  private observer?: ResizeObserver;
  private grid?: HTMLElement;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly find: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  /** Which rows are in view and where each goes, for `count` rows `rowHeight` px tall in a scroll area at most `maxHeight` tall. */
  geometry(count: number, layout: ColumnLayout, rowHeight: number, maxHeight: number): Geometry {
    const { viewport, top: scrollPos } = this;
    return geometry({ count, rowHeight, minRowHeight: layout.metrics.minRowHeight, viewport, head: this.box.head, scrollPos, maxHeight }, DEFAULT_HEIGHT);
  }

  /**
   * Back to the top left (a new result): at once in the state, in the DOM after the next render;
   * only when the grid is scrolled (as its scroll events said): setting the scroll position after
   * the render's writes makes the browser lay the page out there and then, once per click.
   */
  reset(): void {
    this.toStart ||= this.top !== 0 || this.left !== 0;
    this.top = 0;
    this.left = 0;
    this.host.requestUpdate();
  }

  onScroll = (event: Event): void => {
    const grid = event.currentTarget as HTMLElement;
    this.top = grid.scrollTop;
    this.left = grid.scrollLeft;
    this.host.requestUpdate();
  };

  /** Scrolls so that row `row` (none when negative) and column `col` are in view. */
  reveal(g: Geometry, layout: ColumnLayout, row: number, col: number): void {
    const grid = this.find();
    if (!grid) return;
    if (row >= 0) {
      const top = revealRowTop(g, row);
      if (top !== g.virtualTop) {
        this.top = grid.scrollTop = g.scrollFor(top);
        this.host.requestUpdate();
      }
    }
    this.scrollLeftTo(grid, revealColumnLeft(layout, col, this.left, this.width(grid)));
  }

  /** The more-columns button: shows the next hidden columns, or from the last ones goes back to the first. */
  nextColumns(layout: ColumnLayout): void {
    const grid = this.find();
    if (grid) this.scrollLeftTo(grid, nextColumnsLeft(layout, this.left, this.width(grid)));
  }

  private scrollLeftTo(grid: HTMLElement, left: number): void {
    if (left === this.left) return;
    this.left = grid.scrollLeft = left;
    this.host.requestUpdate();
  }

  private width(grid: HTMLElement): number {
    return this.box.width || grid.clientWidth;
  }

  hostUpdated(): void {
    const grid = this.find() ?? undefined;
    if (grid && this.toStart) {
      this.toStart = false;
      grid.scrollTop = 0;
      grid.scrollLeft = 0;
    }
    if (grid === this.grid) return;
    this.observer?.disconnect();
    this.grid = grid;
    if (!grid) return;
    // Next frame: a re-render that resizes the grid must not happen inside the observer's callback.
    this.observer ??= new ResizeObserver(() => requestAnimationFrame(() => this.measure()));
    this.observer.observe(grid);
    const head = grid.querySelector('.head');
    if (head) this.observer.observe(head);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.grid = undefined;
  }

  private measure(): void {
    const grid = this.grid;
    if (!grid) return;
    let changed = false;
    const height = grid.clientHeight;
    if (height > 0 && height !== this.viewport) {
      this.viewport = height;
      changed = true;
    }
    const head = grid.querySelector<HTMLElement>('.head')?.offsetHeight ?? 0;
    // Outer minus inner size: the scroll bar and the 1px borders.
    const box = { width: grid.clientWidth, head, barX: grid.offsetWidth - grid.clientWidth - 2, barY: grid.offsetHeight - grid.clientHeight - 2 };
    const old = this.box;
    if (box.width !== old.width || box.head !== old.head || box.barX !== old.barX || box.barY !== old.barY) {
      this.box = box;
      changed = true;
    }
    if (changed) this.host.requestUpdate();
  }
}
