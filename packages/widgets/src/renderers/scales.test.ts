/// <reference types="mocha" />
import { expect } from 'chai';
import { interpolateRgb, scaleLinear, scalePoint } from 'd3';
import { linearScale, mixRgb, pointScale } from './scales.ts';

/** A fixed pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the charts' scales: d3-scale's figures, bit for bit", () => {
  const next = random(20261203);
  /** Amounts as the charts meet them: zero, tiny, yuan to 亿, negative changes, equal ends. */
  const magnitudes = [0, 1e-4, 0.0371, 1, 7, 95_000, 4_635_000, 1.6e9, 2.575e9, 1e12];
  const domains: [number, number][] = [[0, 0], [0, 1], [5, 5], [-3, 0], [0, -3], [1, 0]];
  for (const m of magnitudes) domains.push([0, m], [0, m * (1 + next())], [-m * next(), m * next()], [m * next(), m]);
  const ranges: [number, number][] = [[0, 300], [260, 20], [44.5, 1391.25], [0, 0]];

  it('linear: the value of every point, the niced domain and the ticks, with and without clamp', () => {
    let compared = 0;
    for (const domain of domains) {
      for (const range of ranges) {
        for (const nice of [undefined, 3, 4]) {
          for (const clamp of [false, true]) {
            const d3 = scaleLinear().domain(domain).range(range);
            if (nice !== undefined) d3.nice(nice);
            d3.clamp(clamp);
            const ours = linearScale(domain, range, { nice, clamp });
            const where = `domain ${domain}, range ${range}, nice ${nice}, clamp ${clamp}`;
            expect(ours.domain, where).to.deep.equal(d3.domain());
            expect(ours.ticks(4), where).to.deep.equal(d3.ticks(4));
            const lo = Math.min(...domain);
            const hi = Math.max(...domain);
            for (const x of [lo, hi, (lo + hi) / 2, lo - 1, hi * 1.5 + 1, lo + (hi - lo) * next(), 0]) {
              expect(Object.is(ours(x), d3(x)), `${where}: x ${x} → ${ours(x)}, d3 ${d3(x)}`).to.equal(true);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).to.equal(domains.length * ranges.length * 3 * 2 * 7);
  });

  it('point: each category, the step, padding and a reversed range, duplicates and unknown names', () => {
    const lists = [[], ['2024-12-31'], ['a', 'b'], ['2024-10-31', '2024-11-30', '2024-12-31'], ['x', 'y', 'x', 'z'], Array.from({ length: 24 }, (_, i) => `m${i}`)];
    for (const categories of lists) {
      for (const range of ranges) {
        for (const padding of [0, 0.5, 1]) {
          const d3 = scalePoint<string>().domain(categories).range(range).padding(padding);
          const ours = pointScale(categories, range, padding);
          const where = `${categories.length} categories, range ${range}, padding ${padding}`;
          expect(ours.step, where).to.equal(d3.step());
          for (const c of [...categories, 'not there']) expect(ours(c), `${where}: ${c}`).to.equal(d3(c));
        }
      }
    }
  });

  it("mixRgb: the heatmap's ramp, d3-interpolate's colours at every step (hex, rgb(), transparent, named)", () => {
    const pairs = [['#ffffff', '#2563eb'], ['#111827', '#60a5fa'], ['rgb(10, 20, 30)', 'rgba(200, 100, 0, 0.5)'], ['transparent', '#2563eb'], ['steelblue', 'not a colour']];
    for (const [from, to] of pairs) {
      const d3 = interpolateRgb(from!, to!);
      const ours = mixRgb(from!, to!);
      for (let i = 0; i <= 20; i++) expect(ours(i / 20), `${from} → ${to} at ${i / 20}`).to.equal(d3(i / 20));
    }
  });
});
