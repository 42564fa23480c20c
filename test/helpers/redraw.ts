/**
 * Keyed redraws (renderers/join.ts): drawing `after` (the same keys, other figures) into an SVG
 * that shows `before` keeps every mark and every part of it (the same nodes, in the same order)
 * and gives the SVG that a fresh draw of `after` gives, nothing left over.
 */
import { expect } from 'vitest';
import { newSvg, normalizeSvg } from './svg-snapshot.ts';

export function expectKeyedRedraw<Rows>(draw: (svg: SVGSVGElement, rows: Rows) => void, before: Rows, after: Rows, marks = '.mark'): void {
  const svg = newSvg();
  draw(svg, before);
  const drawn = normalizeSvg(svg);
  const kept = [...svg.querySelectorAll(`${marks}, ${marks} *`)];
  expect(kept.length, 'marks drawn').toBeGreaterThan(0);
  draw(svg, after);
  const fresh = newSvg();
  draw(fresh, after);
  expect(normalizeSvg(svg), 'the redraw is a fresh draw of the new rows').toBe(normalizeSvg(fresh));
  expect(normalizeSvg(svg), 'the figures changed').not.toBe(drawn);
  const now = [...svg.querySelectorAll(`${marks}, ${marks} *`)];
  expect(now.length).toBe(kept.length);
  now.forEach((node, i) => expect(node === kept[i], `node ${i} (${node.tagName}) kept`).toBe(true));
}
