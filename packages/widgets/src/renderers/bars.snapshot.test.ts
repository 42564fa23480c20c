import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderBars, type BarDatum } from './bars.ts';
import { MIN_TARGET, tooltipOf } from './marks.ts';
import { renderLines } from './lines.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';

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

  it('grouped: each block under its label, a gap and a rule between blocks; marks keep their order and names', async () => {
    const tiers: BarDatum[] = [
      { key: 'corp_gold', label: '黄金客户', value: 1_000_000, valueText: '100.00万 · 1户', selected: false },
      { key: 'corp_high_end', label: '高端客户', value: 1_900_000, valueText: '190.00万 · 1户', selected: false },
      { key: 'retail_high_end', label: '零售高端', value: 1_590_000, valueText: '159.00万 · 2户', selected: true },
      { key: 'retail_general', label: '零售一般', value: 50_000, valueText: '5.00万 · 1户', selected: false },
    ];
    const options = { width: 390, palette: testPalette, ariaLabel: (d: BarDatum) => `${d.label} ${d.valueText}`, onSelect: () => {} };
    const plain = newSvg();
    renderBars(plain, tiers, options);
    const svg = newSvg();
    renderBars(svg, tiers, { ...options, groups: [{ label: '对公', size: 2 }, { label: '零售', size: 2 }] });
    const names = (s: SVGSVGElement) => [...s.querySelectorAll('.mark')].map((m) => m.getAttribute('aria-label'));
    expect(names(svg)).toEqual(names(plain));
    // Each block a labelled group holding its marks, its label drawn (hidden from assistive technology: the group is named).
    const groups = [...svg.querySelectorAll('g.group')];
    expect(groups.map((g) => [g.getAttribute('role'), g.getAttribute('aria-label'), g.querySelectorAll('.mark').length])).toEqual([
      ['group', '对公', 2],
      ['group', '零售', 2],
    ]);
    expect([...svg.querySelectorAll('.group-label')].map((t) => [t.textContent, t.getAttribute('aria-hidden')])).toEqual([
      ['对公', 'true'],
      ['零售', 'true'],
    ]);
    // One rule, between the blocks: below the last 对公 row's target, above the 零售 label.
    const rules = [...svg.querySelectorAll('line.group-rule')];
    expect(rules).toHaveLength(1);
    const y = (m: Element) => Number(/translate\(0,([\d.]+)\)/.exec(m.getAttribute('transform')!)![1]);
    const marks = [...svg.querySelectorAll('.mark')];
    const ruleY = Number(rules[0]!.getAttribute('y1'));
    expect(ruleY).toBeGreaterThan(y(marks[1]!) + 22 + 3);
    expect(ruleY).toBeLessThan(Number(svg.querySelectorAll('.group-label')[1]!.getAttribute('y')) - 6);
    // Rows within a block keep their spacing; the chart grows by two label rows and the gap.
    expect(y(marks[3]!) - y(marks[2]!)).toBe(y(marks[1]!) - y(marks[0]!));
    expect(Number(svg.getAttribute('height')) - Number(plain.getAttribute('height'))).toBe(2 * 18 + 12);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bars-grouped.svg.txt');
  });

  describe('on a phone in English (long tier names, values with customer counts)', () => {
    const tiers: BarDatum[] = [
      { key: 'corp_gold', label: 'Gold (corporate)', value: 55_800_000, valueText: '¥55.80M · 10 customers', selected: true },
      { key: 'corp_high_end', label: 'High-end (corporate customers)', value: 510_290_000, valueText: '¥510.29M · 107 customers', selected: false },
      { key: 'corp_general', label: 'General (corporate)', value: 0, valueText: '¥0.00M · 0 customers', selected: false },
    ];
    const options = { palette: testPalette, ariaLabel: (d: BarDatum) => `${d.label} ${d.valueText}`, onSelect: () => {}, groups: [{ label: 'Corporate', size: 3 }] };
    const rowY = (m: Element) => Number(/translate\(0,([\d.]+)\)/.exec(m.getAttribute('transform')!)![1]);

    for (const width of [320, 374]) {
      it(`${width} px: label and value on a line above a bar of the chart's whole width; the height as when wide`, async () => {
        const svg = newSvg();
        renderBars(svg, tiers, { ...options, width });
        const marks = [...svg.querySelectorAll('.mark')];
        const bars = marks.map((m) => m.querySelector('.shape')!);
        // The largest bar runs from the left margin to the right one; the others in proportion (¥55.80M: 55.8 / 510.29 of it).
        const full = width - 4 - 8;
        expect(bars.map((b) => Number(b.getAttribute('x')))).toEqual([4, 4, 4]);
        expect(Number(bars[1]!.getAttribute('width'))).toBeCloseTo(full, 6);
        expect(Number(bars[0]!.getAttribute('width'))).toBeCloseTo((full * 55.8) / 510.29, 6);
        expect(Number(bars[0]!.getAttribute('width'))).toBeGreaterThan(30);
        // Bar below the text line, inside the row's target; the selected bar outlined.
        expect(bars.map((b) => [b.getAttribute('y'), b.getAttribute('height')])).toEqual(Array(3).fill(['13', '10']));
        expect(bars[0]!.getAttribute('stroke')).toBe(testPalette.fg);
        // Labels start at the left edge, values end at the right one, on the same line.
        const values = [...svg.querySelectorAll('.values text')];
        expect(values.map((v) => [v.textContent, v.getAttribute('x'), v.getAttribute('text-anchor')])).toEqual(tiers.map((d) => [d.valueText, String(width - 8), 'end']));
        const label = marks[0]!.querySelector('text')!;
        expect([label.textContent, label.getAttribute('x'), label.getAttribute('text-anchor')]).toEqual(['Gold (corporate)', '4', 'start']);
        expect(Number(values[0]!.getAttribute('y'))).toBe(rowY(marks[0]!) + Number(label.getAttribute('y')));
        // A label that does not fit beside its value is cut, whole in the accessible name.
        const cut = svg.querySelector('.cut-labels text');
        if (width === 320) {
          expect(cut!.textContent).toMatch(/^High-end \(corporate.*…$/);
          expect(marks[1]!.getAttribute('aria-label')).toBe('High-end (corporate customers) ¥510.29M · 107 customers');
        }
        // Rows keep their pitch: the height does not follow the width.
        const wide = newSvg();
        renderBars(wide, tiers, { ...options, width: 1000 });
        expect(wide.querySelector('.shape')!.getAttribute('y')).toBeNull();
        expect(svg.getAttribute('height')).toBe(wide.getAttribute('height'));
        await expect(normalizeSvg(svg)).toMatchFileSnapshot(`__snapshots__/bars-narrow-${width}.svg.txt`);
      });
    }
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

describe('renderBars redrawn with new figures', () => {
  const draw = (grouped: boolean) => (svg: SVGSVGElement, rows: BarDatum[]) =>
    renderBars(svg, rows, {
      width: 400,
      palette: testPalette,
      ariaLabel: (d) => `${d.label} ${d.valueText}`,
      onSelect: () => {},
      references: [{ value: rows[0]!.value, label: `平均 ${rows[0]!.valueText}`, scope: 'bank' }],
      groups: grouped ? [{ label: '对公', size: 1 }, { label: '零售', size: 2 }] : undefined,
    });
  const after = data.map((d, i) => ({ ...d, value: d.value * (i + 2), valueText: `${(d.value * (i + 2) * 100).toFixed(2)}%`, selected: i === 0 }));

  it('keeps every bar and its parts, and draws what a fresh draw of the new rows draws', () => {
    expectKeyedRedraw(draw(false), data, after);
  });

  it('grouped, too', () => {
    expectKeyedRedraw(draw(true), data, after);
  });

  it('a bar whose key goes is removed, a new one made in its row, the others kept', () => {
    const svg = newSvg();
    draw(false)(svg, data);
    const [first, second] = [...svg.querySelectorAll('.mark')];
    const next = [data[0]!, { ...data[2]!, key: '9', label: '9类行业' }, data[1]!];
    draw(false)(svg, next);
    const fresh = newSvg();
    draw(false)(fresh, next);
    expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
    const marks = [...svg.querySelectorAll('.mark')];
    expect(marks).toHaveLength(3);
    expect(marks[0]).toBe(first);
    expect(marks[2]).toBe(second);
    expect(svg.querySelectorAll('.values text')).toHaveLength(3);
  });
});

describe('renderBars over another drawing', () => {
  const options = (grouped: boolean) => ({
    width: 400,
    palette: testPalette,
    ariaLabel: (d: BarDatum) => d.label,
    groups: grouped ? [{ label: '对公', size: 1 }, { label: '零售', size: 2 }] : undefined,
  });

  it('grouped, then not, then grouped again: each the SVG of a fresh draw', () => {
    const svg = newSvg();
    for (const grouped of [true, false, true]) {
      renderBars(svg, data, options(grouped));
      const fresh = newSvg();
      renderBars(fresh, data, options(grouped));
      expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
    }
  });

  it("another renderer's drawing is cleared first (a view switched from its lines to its bars)", () => {
    const svg = newSvg();
    renderLines(svg, [{ key: 's', label: 's', points: [{ key: 'a', x: 'a', value: 1, valueText: '1', selected: false }] }], {
      width: 400,
      palette: testPalette,
      categories: ['a'],
      ariaLabel: (p) => p.valueText,
    });
    renderBars(svg, data, options(false));
    const fresh = newSvg();
    renderBars(fresh, data, options(false));
    expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
  });
});
