import type { Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { textWidth } from './text.ts';

/**
 * A reference line: an average the marks are read against, named by its scope. Under a filter a
 * chart draws two (the filtered average and the whole bank's), so each scope has its own stroke:
 * dashed in the danger colour for the whole bank, dotted and heavier in the text colour for the
 * filtered figure, and every label starts with a swatch of its line (never colour alone).
 */
export interface ReferenceLine {
  value: number;
  /** What the line is, with its figure ("全行平均 2.50%"). */
  label: string;
  /** `bank`: the whole bank (no filter applied); `filtered`: the current filters' figure. */
  scope: 'bank' | 'filtered';
}

type Line = Selection<SVGLineElement, unknown, null, undefined>;

/** Height of one reference label's row. */
export const REFERENCE_ROW = 14;
/** Length of a label's swatch and the gap after it. */
const SWATCH = 16;
const SWATCH_GAP = 4;
const FONT = 11;

/** Applies a scope's stroke (colour, weight, dash) to a line. */
export function referenceStroke(line: Line, scope: ReferenceLine['scope'], palette: Palette): Line {
  return scope === 'bank'
    ? line.attr('stroke', palette.danger).attr('stroke-width', 1.5).attr('stroke-dasharray', '4 3')
    : line.attr('stroke', palette.fg).attr('stroke-width', 2).attr('stroke-dasharray', '0.5 3.5').attr('stroke-linecap', 'round');
}

/** A label's width: swatch, gap and text. */
export function referenceLabelWidth(ref: ReferenceLine): number {
  return SWATCH + SWATCH_GAP + textWidth(ref.label, FONT);
}

/** Draws a reference's label (its swatch, then its text) from `x` on the row centred at `y`. */
export function drawReferenceLabel(g: Selection<SVGGElement, unknown, null, undefined>, ref: ReferenceLine, palette: Palette, x: number, y: number): void {
  referenceStroke(g.append('line').attr('class', 'swatch').attr('x1', x + 1).attr('x2', x + SWATCH - 1).attr('y1', y).attr('y2', y), ref.scope, palette);
  g.append('text')
    .attr('x', x + SWATCH + SWATCH_GAP)
    .attr('y', y)
    .attr('dy', '0.35em')
    .attr('font-size', FONT)
    .attr('fill', ref.scope === 'bank' ? palette.danger : palette.fg)
    .text(ref.label);
}
