/**
 * The picture of a chart as a PNG: the frame's words drawn on a canvas, the live chart painted
 * under them (paint-svg.ts), twice the size. Imported on demand by the first PNG export, outside
 * what a page downloads to start.
 */
import type { FrameLayout } from './export-frame.ts';
import { paintSvg } from './paint-svg.ts';
import type { Palette } from './view.ts';

/** The picture as a PNG, painted from the live chart: no image is loaded, so the strict CSP allows it. */
export async function framedPng(chart: SVGSVGElement, layout: FrameLayout, palette: Palette): Promise<Blob> {
  const { chartWidth: width, chartHeight: height, pad } = layout;
  const canvas = document.createElement('canvas');
  canvas.width = layout.width * 2;
  canvas.height = layout.height * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(2, 2);
  ctx.fillStyle = palette.surface;
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.textBaseline = 'alphabetic';
  for (const line of layout.lines) {
    ctx.font = line.font;
    ctx.fillStyle = line.muted ? palette.muted : palette.fg;
    ctx.fillText(line.text, pad, line.y);
  }
  ctx.save();
  ctx.translate(pad, layout.chartY);
  ctx.beginPath();
  ctx.rect(0, 0, width, height);
  ctx.clip();
  paintSvg(ctx, chart);
  ctx.restore();
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
