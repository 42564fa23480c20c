import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { MIN_TARGET, tooltipOf } from './marks.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';
import { renderStackedArea, type StackedLayer, type StackedRow } from './stacked-area.ts';

const layers: StackedLayer[] = [
  { key: 'pass', label: '正常' },
  { key: 'special_mention', label: '关注' },
  { key: 'substandard', label: '次级' },
  { key: 'doubtful', label: '可疑' },
  { key: 'loss', label: '损失' },
];
const rows: StackedRow[] = [
  { key: '2024-10-31', values: { pass: 2_000_000, special_mention: 100_000, substandard: 50_000, doubtful: 0, loss: 0 } },
  { key: '2024-11-30', values: { pass: 2_200_000, special_mention: 50_000, substandard: 2_000_000 } },
  { key: '2024-12-31', values: { pass: 2_185_000, special_mention: 95_000, substandard: 50_000, doubtful: 1_900_000, loss: 1_000_000 } },
];
const wan = (v: number) => `${v / 10_000}万`;

describe('renderStackedArea', () => {
  const total = (r: StackedRow) => Object.values(r.values).reduce((s, v) => s + v, 0);
  const named = {
    ariaLabel: (r: StackedRow) => `${r.key} ${wan(total(r))}`,
    tooltip: (r: StackedRow) => ({ title: r.key, lines: layers.map((l) => `${l.label} ${wan(r.values[l.key] ?? 0)}`) }),
  };

  it('stacks the layers bottom up over the months, with a legend; each month a mark with its name and tooltip', async () => {
    const svg = newSvg();
    renderStackedArea(svg, rows, { width: 400, palette: testPalette, layers, xTickFormat: (m) => m.slice(0, 7), yTickFormat: wan, ...named });
    const paths = svg.querySelectorAll('path.layer');
    expect(paths).toHaveLength(5);
    expect(paths[0]!.getAttribute('fill')).toBe(testPalette.classes[0]);
    const marks = [...svg.querySelectorAll('.columns .mark')];
    expect(marks.map((m) => m.getAttribute('aria-label'))).toEqual(['2024-10-31 215万', '2024-11-30 425万', '2024-12-31 523万']);
    // Images (they select nothing), one tab stop: the latest month.
    expect(marks.map((m) => m.getAttribute('role'))).toEqual(['img', 'img', 'img']);
    expect(marks.map((m) => m.getAttribute('tabindex'))).toEqual(['-1', '-1', '0']);
    expect(tooltipOf(marks[1]!)).toEqual({ title: '2024-11-30', lines: ['正常 220万', '关注 5万', '次级 200万', '可疑 0万', '损失 0万'] });
    // The hit area is the month's column: the step between months, side by side.
    const hits = marks.map((m) => m.querySelector('rect.hit')!);
    const step = Number(hits[1]!.getAttribute('x')) - Number(hits[0]!.getAttribute('x'));
    for (const h of hits) expect(Number(h.getAttribute('width'))).toBeCloseTo(step, 9);
    // The shape is the stack at the month: as tall as the month's total against the tallest.
    const heights = marks.map((m) => Number(m.querySelector('rect.shape')!.getAttribute('height')));
    expect(heights[0]! / heights[2]!).toBeCloseTo(total(rows[0]!) / total(rows[2]!), 6);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/stacked-area-months.svg.txt');
  });

  it('keeps the hit area of every month at least MIN_TARGET wide on a narrow chart; no marks without names', () => {
    const svg = newSvg();
    const many = Array.from({ length: 24 }, (_, i): StackedRow => ({ key: `m${String(i).padStart(2, '0')}`, values: { pass: 1_000_000 + i } }));
    renderStackedArea(svg, many, { width: 320, palette: testPalette, layers, ...named });
    const widths = [...svg.querySelectorAll('.mark rect.hit')].map((h) => Number(h.getAttribute('width')));
    expect(widths).toHaveLength(24);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(MIN_TARGET);
    renderStackedArea(svg, many, { width: 320, palette: testPalette, layers });
    expect(svg.querySelectorAll('.mark')).toHaveLength(0);
  });

  it('draws a single month as one stacked column, and redraws from scratch', async () => {
    const svg = newSvg();
    renderStackedArea(svg, rows, { width: 300, palette: testPalette, layers });
    renderStackedArea(svg, rows.slice(2), { width: 300, height: 140, palette: testPalette, layers, marginLeft: 64, yTickFormat: wan });
    expect(svg.querySelectorAll('path.layer')).toHaveLength(0);
    const rects = [...svg.querySelectorAll('rect.layer')];
    expect(rects).toHaveLength(5);
    // Heights proportional to the values: loss against pass.
    const h = rects.map((r) => Number(r.getAttribute('height')));
    expect(h[4]! / h[0]!).toBeCloseTo(1_000_000 / 2_185_000, 6);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/stacked-area-single.svg.txt');
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const label = '<img src=x onerror="alert(1)">';
    renderStackedArea(svg, rows, { width: 400, palette: testPalette, layers: [{ key: 'pass', label }] });
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === label)).toBe(true);
  });
});

describe('renderStackedArea redrawn with new figures', () => {
  const draw = (svg: SVGSVGElement, data: StackedRow[]) =>
    renderStackedArea(svg, data, { width: 400, palette: testPalette, layers, yTickFormat: wan, ariaLabel: (r) => `${r.key} ${Object.values(r.values).join(' ')}` });
  const doubled = rows.map((r, i) => ({ ...r, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, v * (i + 2)])) }));

  it('keeps every month and its parts and every layer, and draws what a fresh draw of the new rows draws', () => {
    expectKeyedRedraw(draw, rows, doubled);
    expectKeyedRedraw(draw, rows, doubled, '.layer');
    // One month: a column of rectangles, kept too.
    expectKeyedRedraw(draw, rows.slice(2), doubled.slice(2), '.layer, .mark');
  });

  it('a month whose key goes is removed, a new one made, the others kept; areas and a single column give way to each other', () => {
    const svg = newSvg();
    const check = (data: StackedRow[]) => {
      draw(svg, data);
      const fresh = newSvg();
      draw(fresh, data);
      expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
    };
    check(rows);
    const before = [...svg.querySelectorAll('.mark')];
    check([rows[0]!, rows[2]!, { ...rows[1]!, key: '2025-01-31' }]);
    const after = [...svg.querySelectorAll('.mark')];
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[2]);
    expect(before).not.toContain(after[2]);
    check(rows.slice(0, 1));
    expect(svg.querySelectorAll('path.layer')).toHaveLength(0);
    check(rows);
    expect(svg.querySelectorAll('rect.layer')).toHaveLength(0);
    // Without names, no marks.
    renderStackedArea(svg, rows, { width: 400, palette: testPalette, layers, yTickFormat: wan });
    expect(svg.querySelector('.columns')).toBeNull();
  });
});
