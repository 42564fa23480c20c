/**
 * Paints a live SVG (what Strata's renderers draw) onto a canvas, element by element, with the
 * styles the browser computed for it: g and nested svg (transforms, clip to the viewport, opacity),
 * rect (with rx), line, path, polyline, polygon, circle, ellipse and text (font, anchor, baseline,
 * fill, stroke, paint order, tspans inline or on their own lines). No image is loaded, so a page
 * whose CSP forbids blob: and data: images can still make a PNG.
 */

const SKIP = new Set(['title', 'desc', 'defs', 'clipPath', 'mask', 'style', 'script', 'marker', 'linearGradient', 'radialGradient', 'pattern', 'foreignObject']);

type Ctx = CanvasRenderingContext2D;

/** Paints `svg` with its top-left corner at the context's origin. */
export function paintSvg(ctx: Ctx, svg: SVGSVGElement): void {
  paintChildren(ctx, svg);
}

function paintChildren(ctx: Ctx, parent: Element): void {
  for (const child of parent.children) if (child instanceof SVGElement) paintElement(ctx, child);
}

function paintElement(ctx: Ctx, el: SVGElement): void {
  if (SKIP.has(el.localName)) return;
  const cs = getComputedStyle(el);
  if (cs.display === 'none') return;
  ctx.save();
  try {
    ctx.globalAlpha *= number(cs.opacity, 1);
    if (el instanceof SVGGraphicsElement && !(el instanceof SVGSVGElement)) {
      const m = el.transform.baseVal.consolidate()?.matrix;
      if (m) ctx.transform(m.a, m.b, m.c, m.d, m.e, m.f);
    }
    switch (el.localName) {
      case 'g':
      case 'a':
        paintChildren(ctx, el);
        break;
      case 'svg':
        paintNested(ctx, el as SVGSVGElement, cs);
        break;
      case 'text':
        if (cs.visibility !== 'hidden') paintText(ctx, el as SVGTextElement, cs);
        break;
      default: {
        const path = shapePath(el);
        if (path && cs.visibility !== 'hidden') fillAndStroke(ctx, path, cs);
      }
    }
  } finally {
    ctx.restore();
  }
}

function paintNested(ctx: Ctx, svg: SVGSVGElement, cs: CSSStyleDeclaration): void {
  const x = svg.x.baseVal.value;
  const y = svg.y.baseVal.value;
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  ctx.translate(x, y);
  if (cs.overflow !== 'visible') {
    ctx.beginPath();
    ctx.rect(0, 0, width, height);
    ctx.clip();
  }
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0 && box.height > 0 && width > 0 && height > 0) {
    ctx.scale(width / box.width, height / box.height);
    ctx.translate(-box.x, -box.y);
  }
  paintChildren(ctx, svg);
}

function length(list: SVGAnimatedLength): number {
  return list.baseVal.value;
}

function shapePath(el: SVGElement): Path2D | undefined {
  const path = new Path2D();
  if (el instanceof SVGRectElement) {
    const w = length(el.width);
    const h = length(el.height);
    if (w <= 0 || h <= 0) return undefined;
    const rx = Math.min(w / 2, length(el.rx) || length(el.ry));
    const ry = Math.min(h / 2, length(el.ry) || rx);
    if (rx > 0) path.roundRect(length(el.x), length(el.y), w, h, [Math.min(rx, ry)]);
    else path.rect(length(el.x), length(el.y), w, h);
    return path;
  }
  if (el instanceof SVGLineElement) {
    path.moveTo(length(el.x1), length(el.y1));
    path.lineTo(length(el.x2), length(el.y2));
    return path;
  }
  if (el instanceof SVGCircleElement) {
    path.arc(length(el.cx), length(el.cy), length(el.r), 0, Math.PI * 2);
    return path;
  }
  if (el instanceof SVGEllipseElement) {
    path.ellipse(length(el.cx), length(el.cy), length(el.rx), length(el.ry), 0, 0, Math.PI * 2);
    return path;
  }
  if (el instanceof SVGPathElement) {
    const d = el.getAttribute('d');
    return d ? new Path2D(d) : undefined;
  }
  if (el instanceof SVGPolylineElement || el instanceof SVGPolygonElement) {
    const points = [...el.points];
    if (points.length === 0) return undefined;
    points.forEach((p, i) => (i === 0 ? path.moveTo(p.x, p.y) : path.lineTo(p.x, p.y)));
    if (el instanceof SVGPolygonElement) path.closePath();
    return path;
  }
  return undefined;
}

function number(text: string, fallback: number): number {
  const n = parseFloat(text);
  return Number.isFinite(n) ? n : fallback;
}

/** A computed paint (`rgb(…)`, `none`, `url(#…)`): what a canvas can use, or undefined. */
function paint(value: string): string | undefined {
  return value === 'none' || value === '' || value.startsWith('url(') ? undefined : value;
}

function strokeStyle(ctx: Ctx, cs: CSSStyleDeclaration): boolean {
  const stroke = paint(cs.stroke);
  const width = number(cs.strokeWidth, 1);
  if (!stroke || width <= 0) return false;
  ctx.strokeStyle = stroke;
  ctx.lineWidth = width;
  ctx.lineCap = cs.strokeLinecap as CanvasLineCap;
  ctx.lineJoin = (cs.strokeLinejoin === 'arcs' || cs.strokeLinejoin === 'miter-clip' ? 'miter' : cs.strokeLinejoin) as CanvasLineJoin;
  const dashes = cs.strokeDasharray === 'none' ? [] : cs.strokeDasharray.split(/[\s,]+/).map((d) => number(d, 0));
  ctx.setLineDash(dashes);
  return true;
}

function fillAndStroke(ctx: Ctx, path: Path2D, cs: CSSStyleDeclaration): void {
  const alpha = ctx.globalAlpha;
  const fill = paint(cs.fill);
  if (fill) {
    ctx.fillStyle = fill;
    ctx.globalAlpha = alpha * number(cs.fillOpacity, 1);
    ctx.fill(path, cs.fillRule === 'evenodd' ? 'evenodd' : 'nonzero');
  }
  if (strokeStyle(ctx, cs)) {
    ctx.globalAlpha = alpha * number(cs.strokeOpacity, 1);
    ctx.stroke(path);
  }
  ctx.globalAlpha = alpha;
}

interface Run {
  text: string;
  cs: CSSStyleDeclaration;
  /** An absolute x: the run starts a new chunk there (a tspan of its own line). */
  x?: number;
  y?: number;
  dx: number;
  dy: number;
}

function firstLength(list: SVGAnimatedLengthList): number | undefined {
  return list.baseVal.numberOfItems > 0 ? list.baseVal.getItem(0).value : undefined;
}

function runsOf(text: SVGTextElement, cs: CSSStyleDeclaration): Run[] {
  const runs: Run[] = [];
  for (const node of text.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.textContent) runs.push({ text: node.textContent, cs, dx: 0, dy: 0 });
    } else if (node instanceof SVGTSpanElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || !node.textContent) continue;
      runs.push({ text: node.textContent, cs: style, x: firstLength(node.x), y: firstLength(node.y), dx: firstLength(node.dx) ?? 0, dy: firstLength(node.dy) ?? 0 });
    }
  }
  return runs;
}

function font(cs: CSSStyleDeclaration): string {
  return `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
}

function baseline(cs: CSSStyleDeclaration): CanvasTextBaseline {
  switch (cs.dominantBaseline) {
    case 'middle':
    case 'central':
      return 'middle';
    case 'hanging':
    case 'text-before-edge':
      return 'hanging';
    default:
      return 'alphabetic';
  }
}

function paintText(ctx: Ctx, el: SVGTextElement, cs: CSSStyleDeclaration): void {
  const runs = runsOf(el, cs);
  let x = (firstLength(el.x) ?? 0) + (firstLength(el.dx) ?? 0);
  let y = (firstLength(el.y) ?? 0) + (firstLength(el.dy) ?? 0);
  const anchor = cs.textAnchor;
  ctx.textBaseline = baseline(cs);
  ctx.textAlign = 'left';
  // Chunks: runs from one absolute x to the next, each anchored as a whole.
  const chunks: Run[][] = [];
  for (const run of runs) {
    if (run.x !== undefined || chunks.length === 0) chunks.push([run]);
    else chunks.at(-1)!.push(run);
  }
  for (const chunk of chunks) {
    const first = chunk[0]!;
    if (first.x !== undefined) x = first.x;
    const widths = chunk.map((run) => {
      ctx.font = font(run.cs);
      return ctx.measureText(run.text).width + run.dx;
    });
    const total = widths.reduce((a, b) => a + b, 0);
    let pen = anchor === 'middle' ? x - total / 2 : anchor === 'end' ? x - total : x;
    chunk.forEach((run, i) => {
      if (run.y !== undefined) y = run.y;
      y += run.dy;
      pen += run.dx;
      ctx.font = font(run.cs);
      drawRun(ctx, run.text, pen, y, run.cs);
      pen += widths[i]! - run.dx;
    });
    x = pen;
  }
}

function drawRun(ctx: Ctx, text: string, x: number, y: number, cs: CSSStyleDeclaration): void {
  const alpha = ctx.globalAlpha;
  const fill = () => {
    const color = paint(cs.fill);
    if (!color) return;
    ctx.fillStyle = color;
    ctx.globalAlpha = alpha * number(cs.fillOpacity, 1);
    ctx.fillText(text, x, y);
  };
  const stroke = () => {
    if (!strokeStyle(ctx, cs)) return;
    ctx.globalAlpha = alpha * number(cs.strokeOpacity, 1);
    ctx.strokeText(text, x, y);
  };
  // paint-order: stroke first draws a halo under the letters.
  if (cs.paintOrder.startsWith('stroke')) {
    stroke();
    fill();
  } else {
    fill();
    stroke();
  }
  ctx.globalAlpha = alpha;
}
