import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderMarimekko, type MarimekkoDatum } from './marimekko.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';
import { MIN_TARGET, tooltipOf } from './marks.ts';
import { textWidth } from './text.ts';

const data: MarimekkoDatum[] = [
  { key: '1', label: '1类行业', share: 0.5, value: 0.006, valueText: '0.60%', shareText: '50.0%', selected: false },
  { key: '2', label: '2类行业', share: 0.3, value: 0.024, valueText: '2.40%', shareText: '30.0%', selected: true },
  { key: '3', label: '3类行业', share: 0.2, value: 0.068, valueText: '6.80%', shareText: '20.0%', selected: false },
];
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

describe('renderMarimekko', () => {
  it('draws selectable columns as wide as their share, with a reference line', async () => {
    const svg = newSvg();
    renderMarimekko(svg, data, {
      width: 420,
      palette: testPalette,
      tickFormat: pct,
      ariaLabel: (d) => `${d.label} ${d.valueText}`,
      onSelect: () => {},
      references: [{ value: 0.025, label: '全行平均 2.50%', scope: 'bank' }],
    });
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/marimekko-reference.svg.txt');
  });

  it('a column with no NPL (no height) or a sliver of balance is a target: its hit area spans the plot, at least 24 px wide', () => {
    const svg = newSvg();
    renderMarimekko(
      svg,
      [
        { ...data[0]!, share: 0.99, value: 0 },
        { ...data[2]!, share: 0.01 },
      ],
      { width: 420, palette: testPalette, ariaLabel: (d) => d.label, tooltip: (d) => ({ title: d.label, lines: [d.valueText] }), onSelect: () => {} },
    );
    const [flat, sliver] = [...svg.querySelectorAll('.mark')];
    expect(flat!.querySelector('.shape')!.getAttribute('height')).toBe('0');
    expect(Number(flat!.querySelector('.hit')!.getAttribute('height'))).toBeGreaterThan(200);
    expect(Number(sliver!.querySelector('.shape')!.getAttribute('width'))).toBeLessThan(5);
    expect(Number(sliver!.querySelector('.hit')!.getAttribute('width'))).toBe(MIN_TARGET);
    expect(tooltipOf(sliver!)).toEqual({ title: '3类行业', lines: ['6.80%'] });
  });

  it('under a filter: the filtered average and the whole bank, labelled one under the other, stroked differently', async () => {
    const svg = newSvg();
    renderMarimekko(svg, data, {
      width: 420,
      palette: testPalette,
      tickFormat: pct,
      ariaLabel: (d) => `${d.label} ${d.valueText}`,
      references: [
        { value: 0.031, label: '当前筛选平均 3.10%', scope: 'filtered' },
        { value: 0.025, label: '全行平均 2.50%', scope: 'bank' },
      ],
    });
    const lines = [...svg.querySelectorAll('.reference > line:not(.swatch)')];
    expect(lines.map((l) => l.getAttribute('stroke-dasharray'))).toEqual(['0.5 3.5', '4 3']);
    // Each line at its value: the filtered one higher up (a larger ratio).
    expect(Number(lines[0]!.getAttribute('y1'))).toBeLessThan(Number(lines[1]!.getAttribute('y1')));
    const texts = [...svg.querySelectorAll('.reference text')];
    expect(texts.map((t) => t.textContent)).toEqual(['当前筛选平均 3.10%', '全行平均 2.50%']);
    expect(texts.map((t) => Number(t.getAttribute('y')))).toEqual([8, 22]);
    // The plot starts below the second label.
    const tops = [...svg.querySelectorAll('.axis line')].map((l) => Number(l.getAttribute('y1')));
    expect(Math.min(...tops)).toBeGreaterThanOrEqual(30);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/marimekko-references.svg.txt');
  });

  it('makes widths proportional to the shares and fills the plot', () => {
    const svg = newSvg();
    renderMarimekko(svg, data, { width: 420, palette: testPalette, ariaLabel: (d) => d.label });
    const widths = [...svg.querySelectorAll('rect.shape')].map((r) => Number(r.getAttribute('width')));
    const total = widths.reduce((a, b) => a + b, 0);
    widths.forEach((w, i) => expect(w / total).toBeCloseTo(data[i]!.share, 9));
    const xs = [...svg.querySelectorAll('rect.shape')].map((r) => Number(r.getAttribute('x')));
    expect(xs[1]).toBeCloseTo(xs[0]! + widths[0]!, 9);
  });

  it('draws plain images when nothing can be selected, cuts labels that do not fit (whole in the mark\'s title), and redraws from scratch', async () => {
    const svg = newSvg();
    const narrow = [...data, { key: 'x', label: 'A very long segment name', share: 0.04, value: 0.01, valueText: '1.00%', shareText: '4.0%', selected: false }];
    renderMarimekko(svg, narrow, { width: 300, height: 200, palette: testPalette, ariaLabel: (d) => d.label });
    renderMarimekko(svg, narrow.map((d) => ({ ...d, selected: false })), { width: 300, height: 200, palette: testPalette, ariaLabel: (d) => d.label });
    expect(svg.querySelectorAll('.mark')).toHaveLength(4);
    expect(svg.querySelector('.mark')!.getAttribute('role')).toBe('img');
    expect(svg.querySelector('.mark')!.hasAttribute('tabindex')).toBe(false);
    // The narrow column's label, cut even with its neighbour's room, is whole in its mark's title
    // (its accessible name), and only that mark has a title.
    expect([...svg.querySelectorAll('.labels .label')].at(-1)!.textContent).toMatch(/^(.+…)?$/);
    expect([...svg.querySelectorAll('.mark title')].map((t) => t.textContent)).toEqual(['A very long segment name']);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/marimekko-plain.svg.txt');
  });

  it('a phone-narrow column keeps its name and value, beside its neighbours\' texts; a value a reference line would cross is lifted over it', async () => {
    // The branch filter's classes on a 390 px phone: 52.9 % / 35.1 % / 11.9 % of balance.
    const classes: MarimekkoDatum[] = [
      { key: '1', label: '1类行业', share: 0.529, value: 0.0001, valueText: '0.01%', shareText: '52.9%', selected: false },
      { key: '2', label: '2类行业', share: 0.351, value: 0.0033, valueText: '0.33%', shareText: '35.1%', selected: false },
      { key: '3', label: '3类行业', share: 0.119, value: 0.0557, valueText: '5.57%', shareText: '11.9%', selected: false },
    ];
    const svg = newSvg();
    renderMarimekko(svg, classes, {
      width: 308,
      palette: testPalette,
      tickFormat: pct,
      ariaLabel: (d) => d.label,
      references: [
        { value: 0.0079, label: '当前筛选平均 0.79%', scope: 'filtered' },
        { value: 0.0214, label: '全行平均 2.14%', scope: 'bank' },
      ],
    });
    const all = (selector: string) => [...svg.querySelectorAll(selector)];
    const num = (e: Element, name: string) => Number(e.getAttribute(name));
    const rects = all('rect.shape');
    const third = rects[2]!;
    expect(num(third, 'width')).toBeLessThan(textWidth('3类行业', 11) + 4);
    expect(all('.labels .label').map((t) => t.textContent)).toEqual(['1类行业', '2类行业', '3类行业']);
    expect(all('.labels .value').map((t) => t.textContent)).toEqual(['0.01%', '0.33%', '5.57%']);
    expect(all('.labels .share').map((t) => t.textContent)).toEqual(['52.9%', '35.1%', '11.9%']);
    // Inside the plot and apart from the next text of the row.
    for (const row of ['.label', '.value']) {
      const texts = all(`.labels ${row}`);
      const spans = texts.map((t) => [num(t, 'x') - textWidth(t.textContent!, 11) / 2, num(t, 'x') + textWidth(t.textContent!, 11) / 2] as const);
      spans.slice(1).forEach(([from], i) => expect(from).toBeGreaterThan(spans[i]![1]));
      expect(spans.at(-1)![1]).toBeLessThanOrEqual(308);
    }
    // 0.33 % sits under the 0.79 % line: lifted to stand on it; no line runs through a value (glyphs 9 px over the baseline, 3 under).
    const lines = all('.reference > line:not(.swatch)').map((l) => num(l, 'y1'));
    const value = all('.labels .value')[1]!;
    expect(num(value, 'y')).toBeCloseTo(lines[0]! - 4, 6);
    for (const t of all('.labels .value')) for (const line of lines) expect(line <= num(t, 'y') - 10 || line >= num(t, 'y') + 4, `${t.textContent} crossed at ${line}`).toBe(true);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/marimekko-phone.svg.txt');
  });

  it('grouped: a gap with a rule between blocks, each block labelled under its columns; widths still proportional, marks in order', async () => {
    const tiers: MarimekkoDatum[] = [
      { key: 'corp_gold', label: '黄金客户', share: 0.3, value: 0.01, valueText: '1.00%', shareText: '30.0%', selected: false },
      { key: 'corp_high_end', label: '高端客户', share: 0.3, value: 0.02, valueText: '2.00%', shareText: '30.0%', selected: false },
      { key: 'retail_high_end', label: '零售高端', share: 0.4, value: 0.005, valueText: '0.50%', shareText: '40.0%', selected: false },
    ];
    const options = { width: 420, palette: testPalette, tickFormat: pct, ariaLabel: (d: MarimekkoDatum) => d.label, onSelect: () => {} };
    const plain = newSvg();
    renderMarimekko(plain, tiers, options);
    const svg = newSvg();
    renderMarimekko(svg, tiers, { ...options, groups: [{ label: '对公', size: 2 }, { label: '零售', size: 1 }] });
    const names = (s: SVGSVGElement) => [...s.querySelectorAll('.mark')].map((m) => m.getAttribute('aria-label'));
    expect(names(svg)).toEqual(names(plain));
    expect([...svg.querySelectorAll('g.group')].map((g) => [g.getAttribute('role'), g.getAttribute('aria-label'), g.querySelectorAll('.mark').length])).toEqual([
      ['group', '对公', 2],
      ['group', '零售', 1],
    ]);
    expect([...svg.querySelectorAll('.group-label')].map((t) => t.textContent)).toEqual(['对公', '零售']);
    // The rule stands in the gap between the last 对公 column and the 零售 one; widths keep the shares.
    const rects = [...svg.querySelectorAll('rect.shape')].map((r) => ({ x: Number(r.getAttribute('x')), w: Number(r.getAttribute('width')) }));
    const rules = [...svg.querySelectorAll('line.group-rule')].map((l) => Number(l.getAttribute('x1')));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toBeGreaterThan(rects[1]!.x + rects[1]!.w);
    expect(rules[0]).toBeLessThan(rects[2]!.x);
    expect(rects[2]!.x - (rects[1]!.x + rects[1]!.w)).toBeCloseTo(12, 9);
    const total = rects.reduce((sum, r) => sum + r.w, 0);
    rects.forEach((r, i) => expect(r.w / total).toBeCloseTo(tiers[i]!.share, 9));
    // The block labels sit under the shares, centred on their blocks.
    const shareY = Number(svg.querySelector('.labels .share')!.getAttribute('y'));
    const labels = [...svg.querySelectorAll('.group-label')];
    expect(Number(labels[0]!.getAttribute('y'))).toBeGreaterThan(shareY + 6);
    expect(Number(labels[1]!.getAttribute('x'))).toBeCloseTo(rects[2]!.x + rects[2]!.w / 2, 9);
    expect(svg.getAttribute('height')).toBe(plain.getAttribute('height'));
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/marimekko-grouped.svg.txt');
  });

  it('calls onSelect on click and Enter, onDrill on Shift+Enter', () => {
    const svg = newSvg();
    const calls: string[] = [];
    renderMarimekko(svg, data, { width: 420, palette: testPalette, ariaLabel: (d) => d.label, onSelect: (k) => calls.push(`select ${k}`), onDrill: (k) => calls.push(`drill ${k}`) });
    const marks = svg.querySelectorAll('.mark');
    marks[0]!.dispatchEvent(new MouseEvent('click', { detail: 1 }));
    marks[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    marks[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true }));
    expect(calls).toEqual(['select 1', 'select 2', 'drill 3']);
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const label = '<img src=x onerror="alert(1)">';
    renderMarimekko(svg, [{ ...data[0]!, share: 1, label }], { width: 800, palette: testPalette, ariaLabel: (d) => d.label });
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === label)).toBe(true);
  });
});

describe('renderMarimekko redrawn with new figures', () => {
  const after = data.map((d, i) => ({ ...d, share: [0.4, 0.35, 0.25][i]!, value: d.value * 1.3, valueText: `${(d.value * 130).toFixed(2)}%`, selected: i === 2 }));
  for (const grouped of [false, true]) {
    it(`keeps every column and its parts, and draws what a fresh draw of the new rows draws${grouped ? ' (grouped)' : ''}`, () => {
      const draw = (svg: SVGSVGElement, rows: MarimekkoDatum[]) =>
        renderMarimekko(svg, rows, {
          width: 420,
          palette: testPalette,
          tickFormat: pct,
          ariaLabel: (d) => `${d.label} ${d.valueText}`,
          onSelect: () => {},
          references: [{ value: rows[1]!.value, label: `平均 ${rows[1]!.valueText}`, scope: 'bank' }],
          groups: grouped ? [{ label: '对公', size: 2 }, { label: '零售', size: 1 }] : undefined,
        });
      expectKeyedRedraw(draw, data, after);
    });
  }
});

describe('renderMarimekko grouped, then not, then grouped again', () => {
  it('each the SVG of a fresh draw', () => {
    const options = (grouped: boolean) => ({
      width: 420,
      palette: testPalette,
      ariaLabel: (d: MarimekkoDatum) => d.label,
      groups: grouped ? [{ label: '对公', size: 2 }, { label: '零售', size: 1 }] : undefined,
    });
    const svg = newSvg();
    for (const grouped of [true, false, true]) {
      renderMarimekko(svg, data, options(grouped));
      const fresh = newSvg();
      renderMarimekko(fresh, data, options(grouped));
      expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
    }
  });
});
