import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderBars, type BarDatum } from './bars.ts';
import { MIN_TARGET, tooltipOf } from './marks.ts';

const data: BarDatum[] = [
  { key: '3', label: '3类行业', value: 0.068, valueText: '6.80%', selected: false },
  { key: '2', label: '2类行业', value: 0.024, valueText: '2.40%', selected: true },
  { key: '1', label: '1类行业', value: 0.006, valueText: '0.60%', selected: false },
];

describe('renderBars', () => {
  it('draws selectable bars with a reference line', async () => {
    const svg = newSvg();
    renderBars(svg, data, {
      width: 400,
      palette: testPalette,
      ariaLabel: (d) => `${d.label} ${d.valueText}`,
      onSelect: () => {},
      references: [{ value: 0.025, label: '全行平均 2.50%', scope: 'bank' }],
    });
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bars-reference.svg.txt');
  });

  it('under a filter: the filtered average and the whole bank, each labelled on its own row, stroked differently', async () => {
    const svg = newSvg();
    renderBars(svg, data, {
      width: 400,
      palette: testPalette,
      ariaLabel: (d) => `${d.label} ${d.valueText}`,
      references: [
        { value: 0.031, label: '当前筛选平均 3.10%', scope: 'filtered' },
        { value: 0.025, label: '全行平均 2.50%', scope: 'bank' },
      ],
    });
    const lines = [...svg.querySelectorAll('.reference > line:not(.swatch)')];
    expect(lines.map((l) => l.getAttribute('stroke-dasharray'))).toEqual(['0.5 3.5', '4 3']);
    // Each label carries a swatch of its own line, and the labels do not share a row.
    const swatches = [...svg.querySelectorAll('.reference line.swatch')];
    expect(swatches.map((l) => l.getAttribute('stroke-dasharray'))).toEqual(['0.5 3.5', '4 3']);
    const texts = [...svg.querySelectorAll('.reference text')];
    expect(texts.map((t) => t.textContent)).toEqual(['当前筛选平均 3.10%', '全行平均 2.50%']);
    expect(new Set(texts.map((t) => t.getAttribute('y'))).size).toBe(2);
    // The bars start below both labels.
    expect(svg.querySelector('.mark')!.getAttribute('transform')).toBe('translate(0,36)');
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bars-references.svg.txt');
  });

  it('draws plain images when nothing can be selected, and redraws from scratch', async () => {
    const svg = newSvg();
    renderBars(svg, data, { width: 300, palette: testPalette, ariaLabel: (d) => d.label });
    renderBars(svg, data.slice(0, 1), { width: 300, palette: testPalette, ariaLabel: (d) => d.label });
    expect(svg.querySelectorAll('.mark')).toHaveLength(1);
    expect(svg.querySelector('.mark')!.getAttribute('role')).toBe('img');
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bars-plain.svg.txt');
  });

  it('a zero bar is a target of full row width and at least 24 px high; marks keep the tooltip given, without a title', () => {
    const svg = newSvg();
    const zero = { key: '0', label: '短名', value: 0, valueText: '0.00%', selected: false };
    renderBars(svg, [...data, zero, { ...zero, key: '9', label: '一个长得放不下的行业名称'.repeat(4) }], {
      width: 300,
      palette: testPalette,
      ariaLabel: (d) => d.label,
      tooltip: (d) => ({ title: d.label, lines: [`不良率${d.valueText}`] }),
      onSelect: () => {},
    });
    const marks = [...svg.querySelectorAll('.mark')];
    const hit = marks[3]!.querySelector('.hit')!;
    expect(Number(hit.getAttribute('width'))).toBe(300);
    expect(Number(hit.getAttribute('height'))).toBeGreaterThanOrEqual(MIN_TARGET);
    expect(marks[3]!.querySelector('.shape')!.getAttribute('width')).toBe('0');
    expect(tooltipOf(marks[3]!)).toEqual({ title: '短名', lines: ['不良率0.00%'] });
    // The cut label's whole name is in the tooltip: no native title besides it.
    expect(svg.querySelectorAll('title')).toHaveLength(0);
    // Rows' hit areas do not overlap.
    const box = (m: Element) => {
      const y = Number(/translate\(0,([\d.]+)\)/.exec(m.getAttribute('transform')!)![1]) + Number(m.querySelector('.hit')!.getAttribute('y'));
      return [y, y + Number(m.querySelector('.hit')!.getAttribute('height'))] as const;
    };
    for (let i = 1; i < marks.length; i++) expect(box(marks[i]!)[0]).toBeGreaterThanOrEqual(box(marks[i - 1]!)[1]);
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const label = '<img src=x onerror="alert(1)">';
    renderBars(svg, [{ ...data[0]!, label }], { width: 300, palette: testPalette, ariaLabel: (d) => d.label });
    expect(svg.querySelector('img')).toBeNull();
    // Too long for the labels' room: cut in the chart, whole in the mark's tooltip.
    expect([...svg.querySelectorAll('text, title')].some((t) => t.textContent === label)).toBe(true);
  });
});
