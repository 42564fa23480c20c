/**
 * A chart as a picture for a report: the title, the scope (bank or branch) and month, the active
 * filters and a source line around the chart, on the view's surface colour. The same layout makes
 * the SVG file and the PNG (painted to a canvas on demand: see paint-png.ts).
 */
import { FONT_FAMILY, standalone } from './export.ts';
import type { Palette } from './view.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const PAD = 16;
const MIN_WIDTH = 360;

/** What a picture says about the chart, in the view's language. */
export interface FrameText {
  title: string;
  /** The scope and month: 城北支行 · 2024-12-31. */
  subtitle: string;
  /** The filters, each as the chips name them: 客户分层：黄金客户. */
  filters: string[];
  /** 来源：Strata · 数据截至 2024-12-31. */
  source: string;
  /** Separator between filters on a line (；/ ; ). */
  separator: string;
}

interface Line {
  text: string;
  /** The canvas font of the line. */
  font: string;
  size: number;
  bold: boolean;
  muted: boolean;
  /** The baseline. */
  y: number;
}

export interface FrameLayout {
  width: number;
  height: number;
  /** The chart's own size. */
  chartWidth: number;
  chartHeight: number;
  pad: number;
  chartY: number;
  lines: Line[];
}

let measurer: CanvasRenderingContext2D | null | undefined;

function fontOf(size: number, bold: boolean): string {
  return `${bold ? 'bold' : 'normal'} ${size}px ${FONT_FAMILY}`;
}

function measure(text: string, size: number, bold: boolean): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return [...text].length * size;
  measurer.font = fontOf(size, bold);
  return measurer.measureText(text).width;
}

/** `text` cut (whole characters, with …) to fit `width`. */
function fit(text: string, width: number, size: number, bold: boolean): string {
  if (measure(text, size, bold) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`, size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}

/** Filters laid out on as few lines as fit the width (one filter too long for a line is cut). */
function wrap(items: readonly string[], separator: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}${separator}${item}` : item;
    if (line && measure(next, size, false) > width) {
      lines.push(line);
      line = fit(item, width, size, false);
    } else line = fit(next, width, size, false);
  }
  if (line) lines.push(line);
  return lines;
}

/** Where the words and the chart go in the picture of `chart`. */
export function chartFrame(chart: SVGSVGElement, frame: FrameText): FrameLayout {
  const { width, height } = sizeOf(chart);
  return frameLayout(frame, width, height);
}

function frameLayout(frame: FrameText, chartWidth: number, chartHeight: number): FrameLayout {
  const width = Math.max(MIN_WIDTH, Math.ceil(chartWidth)) + PAD * 2;
  const inner = width - PAD * 2;
  const lines: Line[] = [];
  let y = PAD;
  const add = (text: string, size: number, bold: boolean, muted: boolean, gap = 4) => {
    y += size;
    lines.push({ text, font: fontOf(size, bold), size, bold, muted, y });
    y += gap;
  };
  add(fit(frame.title, inner, 16, true), 16, true, false, 6);
  add(fit(frame.subtitle, inner, 12, false), 12, false, false);
  for (const line of wrap(frame.filters, frame.separator, inner, 12)) add(line, 12, false, true);
  const chartY = y + 8;
  y = chartY + chartHeight + 12;
  add(fit(frame.source, inner, 11, false), 11, false, true, 0);
  return { width, height: Math.ceil(y + PAD), chartWidth, chartHeight, pad: PAD, chartY, lines };
}

function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
  return { width: Number(svg.getAttribute('width')) || svg.clientWidth, height: Number(svg.getAttribute('height')) || svg.clientHeight };
}

/** The picture as an SVG document (the chart's own SVG nested in it). */
export function framedSvg(chart: SVGSVGElement, frame: FrameText, palette: Palette): string {
  const layout = chartFrame(chart, frame);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(layout.width));
  root.setAttribute('height', String(layout.height));
  root.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
  root.setAttribute('font-family', FONT_FAMILY);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', palette.surface);
  root.append(background);
  for (const line of layout.lines) {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(PAD));
    text.setAttribute('y', String(line.y));
    text.setAttribute('font-size', String(line.size));
    if (line.bold) text.setAttribute('font-weight', 'bold');
    text.setAttribute('fill', line.muted ? palette.muted : palette.fg);
    text.setAttribute('class', 'frame');
    // Data text (names) as text: the serializer escapes it.
    text.textContent = line.text;
    root.append(text);
  }
  const nested = standalone(chart, palette.fg);
  nested.removeAttribute('xmlns');
  nested.setAttribute('x', String(PAD));
  nested.setAttribute('y', String(layout.chartY));
  root.append(nested);
  return new XMLSerializer().serializeToString(root);
}
