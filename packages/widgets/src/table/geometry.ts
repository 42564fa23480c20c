/**
 * The virtual rows: which rows of a scroll area `count × rowHeight` tall are in view at a scroll
 * position, and where each goes. Above the browsers' limit on an element's height the scroll area
 * is scaled, the scroll position mapping proportionally onto the rows. Pure: no DOM.
 */

/** Rows rendered above and below the visible ones. */
const OVERSCAN = 6;

export const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

export interface GeometryInput {
  count: number;
  /** Row height, px (the element's; at least `minRowHeight`). */
  rowHeight: number;
  minRowHeight: number;
  /** The grid's height and its header row's, px (0 when not measured yet). */
  viewport: number;
  head: number;
  /** The grid's scrollTop. */
  scrollPos: number;
  /** The tallest scroll area allowed, px. */
  maxHeight: number;
}

export interface Geometry {
  /** Row height and the body's visible height, px. */
  rh: number;
  vh: number;
  /** The scroll area's height, px. */
  height: number;
  /** The rows rendered: `first` to `end` (exclusive). */
  first: number;
  end: number;
  /** Rows fully in view. */
  screenful: number;
  /** Where row `i` goes in the body, px. */
  top: (i: number) => number;
  /** The scroll position that puts virtual offset `y` at the top of the body. */
  scrollFor: (y: number) => number;
  /** The virtual offset at the top of the body. */
  virtualTop: number;
}

export function geometry(input: GeometryInput, fallbackViewport: number): Geometry {
  const { count, scrollPos } = input;
  const rh = Math.max(input.rowHeight > 0 ? input.rowHeight : 32, input.minRowHeight);
  const vh = Math.max((input.viewport || fallbackViewport) - (input.head || rh), rh);
  const total = count * rh;
  const height = Math.min(total, input.maxHeight);
  const scaled = total > height && height > vh;
  const maxTop = Math.max(total - vh, 0);
  const virtualTop = clamp(scaled ? (scrollPos * (total - vh)) / (height - vh) : scrollPos, 0, maxTop);
  const first = clamp(Math.floor(virtualTop / rh) - OVERSCAN, 0, count);
  const end = clamp(Math.ceil((virtualTop + vh) / rh) + OVERSCAN, first, count);
  return {
    rh,
    vh,
    height,
    first,
    end,
    screenful: Math.max(Math.floor(vh / rh), 1),
    top: (i) => (scaled ? scrollPos + i * rh - virtualTop : i * rh),
    scrollFor: (y) => {
      const v = clamp(y, 0, maxTop);
      return scaled ? (v * (height - vh)) / (total - vh) : v;
    },
    virtualTop,
  };
}

/** The virtual offset to scroll to so that row `row` is wholly in view (the current one when it is). */
export function revealRowTop(g: Geometry, row: number): number {
  const y = row * g.rh;
  if (y < g.virtualTop) return y;
  if (y + g.rh > g.virtualTop + g.vh) return y + g.rh - g.vh;
  return g.virtualTop;
}
