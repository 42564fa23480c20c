import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderClassTrend, type ClassTrendColumn, type ClassTrendLayer } from './class-trend.ts';
import { textWidth } from './text.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';

const layers: ClassTrendLayer[] = [
  { key: 'special_mention', label: '关注' },
  { key: 'substandard', label: '次级' },
  { key: 'doubtful', label: '可疑' },
  { key: 'loss', label: '损失' },
];
const colors = testPalette.classes.slice(1);
const columns: ClassTrendColumn[] = [
  { key: '2024-10-31', values: { special_mention: 30_000_000, substandard: 8_000_000, doubtful: 2_500_000, loss: 500_000 }, totalText: '4100.00万' },
  { key: '2024-11-30', values: { special_mention: 35_000_000, substandard: 9_500_000, doubtful: 3_000_000, loss: 700_000 }, totalText: '4820.00万' },
  { key: '2024-12-31', values: { special_mention: 42_000_000, substandard: 12_000_000, doubtful: 4_000_000 }, totalText: '5800.00万' },
];
const base = {
  palette: testPalette,
  layers,
  colors,
  xTickFormat: (m: string) => m.slice(0, 7),
  yTickFormat: (v: number) => `${v / 10_000}万`,
  ariaLabel: (c: ClassTrendColumn) => `${c.key} ${c.totalText}`,
};

describe('renderClassTrend', () => {
  it('stacks the classes bottom up in a column per month on their own scale, totals above, one tab stop', async () => {
    const svg = newSvg();
    renderClassTrend(svg, columns, { ...base, width: 400 });
    const marks = [...svg.querySelectorAll('g.mark')];
    expect(marks.map((m) => m.getAttribute('aria-label'))).toEqual(['2024-10-31 4100.00万', '2024-11-30 4820.00万', '2024-12-31 5800.00万']);
    expect(marks.map((m) => m.getAttribute('tabindex'))).toEqual(['-1', '-1', '0']);
    expect(marks.every((m) => m.getAttribute('role') === 'img')).toBe(true);
    expect([...svg.querySelectorAll('text.total')].map((t) => t.textContent)).toEqual(['4100.00万', '4820.00万', '5800.00万']);
    // Heights proportional to the values: 关注 against 次级 in the last month; a missing class draws nothing.
    const last = [...marks[2]!.querySelectorAll('rect.layer')].map((r) => Number(r.getAttribute('height')));
    expect(last[1]! / last[0]!).toBeCloseTo(12 / 42, 6);
    expect(last[3]).toBe(0);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/class-trend-months.svg.txt');
  });

  it('keeps only the latest total where totals do not fit side by side', () => {
    const svg = newSvg();
    const many = Array.from({ length: 24 }, (_, i): ClassTrendColumn => ({ key: `m${String(i).padStart(2, '0')}`, values: { special_mention: 1 + i }, totalText: `${1 + i}.00万元整` }));
    renderClassTrend(svg, many, { ...base, width: 320 });
    expect([...svg.querySelectorAll('text.total')].map((t) => t.textContent)).toEqual(['24.00万元整']);
    expect(svg.querySelectorAll('g.mark')).toHaveLength(24);
  });

  it('puts the latest total over its own column, above a taller neighbour it spans; no total covers another', async () => {
    const svg = newSvg();
    // Twelve months, November the tallest, December lower (the industry filter's shape); too narrow for every total.
    const year = Array.from({ length: 12 }, (_, i): ClassTrendColumn => {
      const v = i === 10 ? 12_000_000 : i === 11 ? 10_200_500 : 2_000_000 + i * 500_000;
      return { key: `2024-${String(i + 1).padStart(2, '0')}`, values: { special_mention: v }, totalText: `${(v / 10_000).toFixed(2)}万` };
    });
    renderClassTrend(svg, year, { ...base, width: 340 });
    const totals = [...svg.querySelectorAll('text.total')];
    expect(totals.map((t) => t.textContent)).toEqual(['1020.05万']);
    const rect = (i: number) => svg.querySelectorAll('g.mark')[i]!.querySelector('rect.layer')!;
    const attr = (e: Element, name: string) => Number(e.getAttribute(name));
    const december = rect(11);
    const november = rect(10);
    const label = totals[0]!;
    // Centred on December's column unless that would run past the plot's right edge; inside the chart.
    const half = textWidth('1020.05万', 11) / 2;
    expect(attr(label, 'x') + half).toBeLessThanOrEqual(340 - 12 + 0.001);
    expect(label.getAttribute('text-anchor')).toBe('middle');
    expect(attr(label, 'x')).toBeGreaterThan(attr(november, 'x') + attr(november, 'width') / 2);
    // It spans November's column, so it stands above November's top (not on its bar).
    expect(attr(label, 'x') - half).toBeLessThan(attr(november, 'x') + attr(november, 'width'));
    expect(attr(label, 'y')).toBeLessThanOrEqual(attr(november, 'y') - 4);
    expect(attr(december, 'y')).toBeGreaterThan(attr(november, 'y'));
    // A leader from under the total down to December's top says whose total it is.
    const leader = svg.querySelectorAll('g.mark')[11]!.querySelector('line.leader')!;
    expect(attr(leader, 'x1')).toBeCloseTo(attr(december, 'x') + attr(december, 'width') / 2, 6);
    expect(attr(leader, 'y1')).toBeGreaterThan(attr(label, 'y'));
    expect(attr(leader, 'y2')).toBeLessThan(attr(december, 'y'));
    expect(svg.querySelectorAll('line.leader')).toHaveLength(1);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/class-trend-tallest-before.svg.txt');
  });

  it('where every total fits, each stands over its own column at its own height', () => {
    const svg = newSvg();
    renderClassTrend(svg, columns, { ...base, width: 400 });
    const marks = [...svg.querySelectorAll('g.mark')];
    marks.forEach((m) => {
      const rects = [...m.querySelectorAll('rect.layer')];
      const top = Math.min(...rects.map((r) => Number(r.getAttribute('y'))));
      const r = rects[0]!;
      const total = m.querySelector('text.total')!;
      expect(Number(total.getAttribute('x'))).toBeCloseTo(Number(r.getAttribute('x')) + Number(r.getAttribute('width')) / 2, 6);
      expect(Number(total.getAttribute('y'))).toBeCloseTo(top - 4, 6);
    });
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const label = '<img src=x onerror="alert(1)">';
    renderClassTrend(svg, columns, { ...base, width: 400, layers: [{ key: 'special_mention', label }] });
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === label)).toBe(true);
  });
});

describe('renderClassTrend redrawn with new figures', () => {
  const draw = (svg: SVGSVGElement, rows: ClassTrendColumn[]) => renderClassTrend(svg, rows, { ...base, width: 400 });
  const scaled = (k: number) => columns.map((c) => ({ ...c, values: Object.fromEntries(Object.entries(c.values).map(([key, v]) => [key, v * k * (c.key === '2024-11-30' ? 3 : 1)])), totalText: `${c.totalText}×${k}` }));

  it('keeps every column and its layers, and draws what a fresh draw of the new rows draws', () => {
    expectKeyedRedraw(draw, columns, scaled(2));
  });

  it('a month whose key goes is removed, a new one made in its place, the others kept', () => {
    const svg = newSvg();
    draw(svg, columns);
    const before = [...svg.querySelectorAll('g.mark')];
    const next = [columns[0]!, { ...columns[1]!, key: '2025-01-31' }, columns[2]!].map((c) => ({ ...c }));
    next.push(next.splice(1, 1)[0]!);
    draw(svg, next);
    const fresh = newSvg();
    draw(fresh, next);
    expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
    const after = [...svg.querySelectorAll('g.mark')];
    expect(after.map((m) => m.getAttribute('aria-label'))).toEqual(['2024-10-31 4100.00万', '2024-12-31 5800.00万', '2025-01-31 4820.00万']);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[2]);
    expect(before).not.toContain(after[2]);
  });
});
