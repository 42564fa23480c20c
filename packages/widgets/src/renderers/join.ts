/**
 * Keyed d3 updates, for renderers that draw again into the same SVG (a click's new figures): the
 * marks are joined to their rows by key (`selection.data(rows, key).join(enter, update, exit)`),
 * so a redraw moves and resizes the nodes already there instead of building new ones, and each
 * mark's parts (its shape, its hit area, its label) are kept the same way. A redraw gives the SVG a
 * fresh draw of the same rows gives: nodes in the rows' order, none left over.
 */
import type { BaseType, Selection } from 'd3';

type Any = Selection<BaseType, unknown, BaseType, unknown>;

/** The selector of `tag` with the classes of `cls` (space-separated; none: an element without a class). */
const childSelector = (tag: string, cls: string) => (cls ? `${tag}.${cls.trim().split(/\s+/).join('.')}` : `${tag}:not([class])`);

/** Makes the entering children: before the first child matching `before`, else last. */
const enterAs =
  (tag: string, cls: string, before?: string) =>
  (enter: Selection<BaseType, unknown, BaseType, unknown>['enter'] extends () => infer E ? E : never) =>
    (before ? enter.insert(tag, `:scope > ${before}`) : enter.append(tag)).attr('class', cls || null);

/**
 * The children `tag.cls` of each node of `parent`, one per row of `rows` (a list, or a function of
 * the parent's datum), matched by `key`: kept, made (before the first child matching `before`, if
 * any, else last), or removed; in the rows' order.
 */
export function keyed<Datum, Parent extends BaseType, PDatum>(
  parent: Selection<Parent, PDatum, BaseType, unknown>,
  tag: string,
  cls: string,
  rows: readonly Datum[] | ((d: PDatum, i: number) => readonly Datum[]),
  key: (d: Datum, i: number) => string,
  before?: string,
): Selection<SVGElement, Datum, Parent, PDatum> {
  const children = parent.selectChildren<SVGElement, Datum>(childSelector(tag, cls));
  const bound = typeof rows === 'function' ? children.data((d: PDatum, i: number) => rows(d, i) as Datum[], key) : children.data(rows as Datum[], key);
  return (bound as unknown as Any).join(enterAs(tag, cls, before)) as unknown as Selection<
    SVGElement,
    Datum,
    Parent,
    PDatum
  >;
}

/**
 * The one child `tag.cls` of each node of `parent` for which `on` holds (removed where it does not),
 * carrying its parent's datum: a mark's shape or label, or a layer of the chart. Made before the
 * first child matching `before` (a part drawn only sometimes keeps its place), else last.
 */
export function part<Datum, Parent extends BaseType, PDatum>(
  parent: Selection<Parent, Datum, BaseType | null, PDatum>,
  tag: string,
  cls: string,
  on: (d: Datum, i: number) => boolean = () => true,
  before?: string,
): Selection<SVGElement, Datum, Parent, Datum> {
  const any = parent as unknown as Any;
  const children = any.selectChildren(childSelector(tag, cls));
  const bound = children.data((d: unknown, i: number) => (on(d as Datum, i) ? [d] : []));
  return bound.join(enterAs(tag, cls, before)) as unknown as Selection<
    SVGElement,
    Datum,
    Parent,
    Datum
  >;
}

/** The renderer that drew each SVG last. */
const drawnBy = new WeakMap<SVGSVGElement, string>();

/**
 * Makes `svg` the drawing of `renderer`: cleared when another renderer drew it last (a view
 * switched from its bars to its matrix), as a keyed redraw updates only the nodes of its own.
 */
export function claim(svg: SVGSVGElement, renderer: string): void {
  if (drawnBy.get(svg) === renderer) return;
  svg.replaceChildren();
  drawnBy.set(svg, renderer);
}
