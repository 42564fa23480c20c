/** How wide a text is in the page's font, and how much of a cell's text is laid out. */
import { boundText, textWidth } from '../renderers/text.ts';
import { estimate, type ColumnLayout, type Measure } from './layout.ts';

/** The narrowest glyph at a cell's font size, px. */
const NARROWEST_GLYPH = 3;

/**
 * A cell's text as it is laid out, and whether it is cut (then its title has it whole). A browser
 * lays out the whole of a text even where CSS hides most of it, so a cell gets no more characters
 * than its column's lines could show (CSS then puts in the ellipsis); cut is estimated, not measured.
 */
export function cellText(text: string, columnWidth: number, layout: ColumnLayout, numeric = false): { shown: string; cut: boolean } {
  const { font, padding, lines } = layout.metrics;
  // Numbers keep to one line (styles.ts).
  const room = (columnWidth - padding) * (numeric ? 1 : lines);
  const shown = boundText(text, Math.ceil(room / NARROWEST_GLYPH));
  return { shown, cut: shown !== text || textWidth(text, font, room) > room };
}

let canvas: CanvasRenderingContext2D | null | undefined;

/** Text measured in `family` on a canvas (no layout, nothing loaded); the estimate without one. */
export function measureIn(family: string): Measure {
  return (text, font, bold) => {
    canvas ??= document.createElement('canvas').getContext('2d');
    if (!canvas) return estimate(text, font, bold);
    canvas.font = `${bold ? 600 : 400} ${font}px ${family}`;
    return canvas.measureText(text).width;
  };
}
