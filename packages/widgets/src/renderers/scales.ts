/**
 * The two scales the charts use, with d3-scale's arithmetic step for step (scales.test.ts checks
 * them against d3's own on many domains, bit for bit), and the heatmap's colour ramp with
 * d3-interpolate's. d3's linear scale brings d3-format (its tick formats, which Strata does not
 * use: labels are formatted in i18n.ts) and d3-interpolate into the page; these bring only
 * d3-array's tick steps.
 */
import { tickIncrement, ticks } from 'd3';
import { formatRgb, parseColour } from './colour.ts';

export interface LinearScale {
  (value: number): number;
  /** The domain after `nice`. */
  readonly domain: readonly [number, number];
  /** Round values across the domain, about `count` of them (d3-array's `ticks`). */
  ticks(count: number): number[];
}

export interface LinearOptions {
  /** Extend the domain to round values, as d3's `scale.nice(count)`. */
  nice?: number;
  /** Keep values outside the domain at its ends, as d3's `scale.clamp(true)`. */
  clamp?: boolean;
}

/** d3's `scaleLinear().domain(domain).range(range)` with `.nice(count)` and `.clamp(true)` when asked. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number], options: LinearOptions = {}): LinearScale {
  const [d0, d1] = options.nice === undefined ? domain : niceDomain(domain, options.nice);
  const [lo, hi] = d0 <= d1 ? [d0, d1] : [d1, d0];
  // d3's bimap: a reversed domain reverses the range instead.
  const [a, b, r0, r1] = d1 < d0 ? [d1, d0, range[1], range[0]] : [d0, d1, range[0], range[1]];
  const span = b - a;
  const scale = ((value: number) => {
    const x = options.clamp ? Math.max(lo, Math.min(hi, value)) : value;
    const t = span ? (x - a) / span : Number.isNaN(span) ? NaN : 0.5;
    return r0 * (1 - t) + r1 * t;
  }) as LinearScale;
  Object.defineProperty(scale, 'domain', { value: [d0, d1] as const });
  scale.ticks = (count: number) => ticks(d0, d1, count);
  return scale;
}

/** d3-scale's `linearish.nice`: widen the ends to the tick step until it no longer changes. */
function niceDomain(domain: readonly [number, number], count: number): [number, number] {
  const reversed = domain[1] < domain[0];
  let start = reversed ? domain[1] : domain[0];
  let stop = reversed ? domain[0] : domain[1];
  let previous: number | undefined;
  for (let tries = 10; tries > 0; tries--) {
    const step = tickIncrement(start, stop, count);
    if (step === previous) return reversed ? [stop, start] : [start, stop];
    if (step > 0) {
      start = Math.floor(start / step) * step;
      stop = Math.ceil(stop / step) * step;
    } else if (step < 0) {
      start = Math.ceil(start * step) / step;
      stop = Math.floor(stop * step) / step;
    } else {
      break;
    }
    previous = step;
  }
  // As d3: an empty or unusable domain, or one that never settles, stays as it was.
  return [domain[0], domain[1]];
}

export interface PointScale {
  /** The point of a category (undefined for one not in the domain). */
  (category: string): number | undefined;
  /** The distance between neighbouring points. */
  readonly step: number;
}

/** d3's `scalePoint().domain(categories).range(range).padding(padding)` (align 0.5, not rounded). */
export function pointScale(categories: readonly string[], range: readonly [number, number], padding: number): PointScale {
  const unique = [...new Set(categories)];
  const n = unique.length;
  const reverse = range[1] < range[0];
  let start = reverse ? range[1] : range[0];
  const stop = reverse ? range[0] : range[1];
  // A point scale is a band scale with an inner padding of 1.
  const step = (stop - start) / Math.max(1, n - 1 + padding * 2);
  start += (stop - start - step * (n - 1)) * 0.5;
  const points = unique.map((_, i) => start + step * i);
  if (reverse) points.reverse();
  const at = new Map(unique.map((category, i) => [category, points[i]!]));
  const scale = ((category: string) => at.get(category)) as PointScale;
  Object.defineProperty(scale, 'step', { value: step });
  return scale;
}

/** The colour a share `t` of the way from `from` to `to`, as d3's `interpolateRgb(from, to)(t)`. */
export function mixRgb(from: string, to: string): (t: number) => string {
  const a = parseColour(from);
  const b = parseColour(to);
  // d3-interpolate's channel: a straight line, or the one defined end when the other is not.
  const channel = (x: number, y: number) => {
    const d = y - x;
    return d ? (t: number) => x + t * d : () => (Number.isNaN(x) ? y : x);
  };
  const r = channel(a.r, b.r);
  const g = channel(a.g, b.g);
  const bl = channel(a.b, b.b);
  const opacity = channel(a.opacity, b.opacity);
  return (t) => formatRgb({ r: r(t), g: g(t), b: bl(t), opacity: opacity(t) });
}
