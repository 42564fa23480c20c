import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { contrastRatio, wrapText } from './fit-text.ts';
import { renderHeatmap, type HeatmapCell } from './heatmap.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';
import { textWidth } from './text.ts';

const rows = [
  { key: 'pass', label: '正常' },
  { key: 'special_mention', label: '关注' },
  { key: 'loss', label: '损失' },
];
const cols = [...rows, { key: 'exited', label: '结清/退出' }];
const shares: Record<string, (number | null)[]> = {
  pass: [0.9, 0.05, 0, 0.05],
  special_mention: [0, 0, 1, 0],
  loss: [null, null, null, null],
};
const cells = (selectedRow?: string): HeatmapCell[] =>
  rows.flatMap((r) =>
    cols.map((c, i) => {
      const value = shares[r.key]![i]!;
      return { key: `${r.key}|${c.key}`, row: r.key, col: c.key, value, valueText: value === null ? '—' : `${Math.round(value * 1000) / 10}%`, selected: r.key === selectedRow };
    }),
  );

describe('renderHeatmap', () => {
  it('draws the matrix with titles, a rate column and the selected row outlined', async () => {
    const svg = newSvg();
    renderHeatmap(svg, cells('special_mention'), {
      width: 440,
      palette: testPalette,
      rows,
      cols,
      rowTitle: '期初 2024-11-30',
      colTitle: '期末 2024-12-31 →',
      annotation: { title: '迁徙率', values: ['5.0%', '100%', '—'] },
      ariaLabel: (c) => `${c.row} → ${c.col} ${c.valueText}`,
      onSelect: () => {},
    });
    expect(svg.querySelectorAll('.mark')).toHaveLength(12);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/heatmap-migration.svg.txt');
  });

  it('wraps long column labels, draws images when nothing can be selected, and redraws from scratch', async () => {
    const svg = newSvg();
    const english = cols.map((c) => ({ ...c, label: c.key === 'special_mention' ? 'Special mention' : c.key }));
    renderHeatmap(svg, cells(), { width: 300, palette: testPalette, rows, cols: english, ariaLabel: (c) => c.key });
    renderHeatmap(svg, cells(), { width: 300, palette: testPalette, rows, cols: english, ariaLabel: (c) => c.key });
    expect(svg.querySelectorAll('.mark')).toHaveLength(12);
    expect(svg.querySelector('.mark')!.getAttribute('role')).toBe('img');
    expect([...svg.querySelectorAll('text.col tspan')].map((t) => t.textContent)).toContain('mention');
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/heatmap-plain.svg.txt');
  });

  /** The migration matrix as `<strata-npl>` draws it: five classes to five classes and exited, rates beside. */
  const migration = (lang: 'en' | 'zh-CN', width: number, share = (from: number, to: number) => (from === to ? 1 : 0)) => {
    const names = lang === 'en' ? ['Pass', 'Special mention', 'Substandard', 'Doubtful', 'Loss', 'Exited'] : ['正常', '关注', '次级', '可疑', '损失', '结清/退出'];
    const keys = ['pass', 'special_mention', 'substandard', 'doubtful', 'loss', 'exited'];
    const from = keys.slice(0, 5).map((key, i) => ({ key, label: names[i]! }));
    const to = keys.map((key, i) => ({ key, label: names[i]! }));
    const svg = newSvg();
    const matrix: HeatmapCell[] = from.flatMap((r, i) =>
      to.map((c, j) => {
        const value = share(i, j);
        return { key: `${r.key}|${c.key}`, row: r.key, col: c.key, value, valueText: `${(value * 100).toFixed(value < 0.1 ? 2 : 1)}%`, selected: false };
      }),
    );
    renderHeatmap(svg, matrix, {
      width,
      palette: testPalette,
      rows: from,
      cols: to,
      rowTitle: lang === 'en' ? 'At 2024-11-30' : '期初 2024-11-30',
      colTitle: lang === 'en' ? 'At 2024-12-31 →' : '期末 2024-12-31 →',
      annotation: { title: lang === 'en' ? 'Migration rate' : '迁徙率', values: ['1.26%', '100.0%', '4.65%', '0.00%', '—'] },
      ariaLabel: (c) => c.key,
    });
    return { svg, matrix, labels: to.map((c) => c.label) };
  };
  const size = (node: Element) => Number(node.getAttribute('font-size') ?? node.closest('[font-size]')?.getAttribute('font-size'));
  /** A column label as printed: its lines (its title, the full name on hover, left out). */
  const printed = (text: Element) => [...text.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join(' ');

  it('prints every value at the narrowest width, 100.0 % as 100 %, at 11 px or more (the matrix grows wider instead)', async () => {
    const { svg, matrix } = migration('zh-CN', 200);
    const marks = [...svg.querySelectorAll('.mark')];
    expect(matrix.filter((c) => c.valueText === '100.0%')).toHaveLength(5);
    expect(marks.map((m) => m.querySelector('text')?.textContent)).toEqual(matrix.map((c) => (c.valueText === '100.0%' ? '100%' : c.valueText)));
    for (const text of svg.querySelectorAll('text')) expect(size(text)).toBeGreaterThanOrEqual(11);
    // Wider than asked (its frame scrolls): six cells as wide as "0.00%" at 11 px and 7 px of margin.
    const cell = Number(marks[0]!.querySelector('rect')!.getAttribute('width')) + 2;
    expect(cell).toBe(textWidth('0.00%', 11) + 7);
    expect(Number(svg.getAttribute('width'))).toBeGreaterThan(200 + 6 * 2);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/heatmap-narrow.svg.txt');
  });

  for (const [page, width, upright] of [
    [1440, 1414, true],
    [390, 364, false],
  ] as const) {
    it(`English column labels at ${page} px: ${upright ? 'upright, wrapped at spaces' : 'turned 45°, whole'}, never broken inside a word`, async () => {
      const { svg, labels } = migration('en', width);
      const cols = [...svg.querySelectorAll('text.col')];
      expect(cols.map(printed)).toEqual(labels);
      // The value whole where the cells are wide enough, else without its zero decimal.
      expect([...svg.querySelectorAll('.mark text')].filter((t) => t.textContent === (upright ? '100.0%' : '100%'))).toHaveLength(5);
      expect(cols.every((c) => c.querySelector('title') === null)).toBe(true);
      expect(cols.every((c) => (c.getAttribute('transform') !== null) !== upright)).toBe(true);
      for (const text of svg.querySelectorAll('text')) expect(size(text)).toBeGreaterThanOrEqual(11);
      await expect(normalizeSvg(svg)).toMatchFileSnapshot(`__snapshots__/heatmap-en-${page}.svg.txt`);
    });
  }

  it('cuts a turned label too long for its place with an ellipsis, its full name in a title, no hyphen', () => {
    const svg = newSvg();
    const long = 'Extraordinarily long class name that goes on';
    renderHeatmap(svg, [{ key: 'a|b', row: 'a', col: 'b', value: 1, valueText: '100.0%', selected: false }], {
      width: 200,
      palette: testPalette,
      rows: [{ key: 'a', label: 'A' }],
      cols: [
        { key: 'b', label: long },
        { key: 'c', label: 'Doubtful' },
      ],
      ariaLabel: (c) => c.key,
    });
    const [first, second] = [...svg.querySelectorAll('text.col')];
    expect(printed(first!)).toMatch(/^Extraordinarily long.*…$/);
    expect(printed(first!)).not.toContain('-');
    expect(first!.querySelector('title')!.textContent).toBe(long);
    expect(printed(second!)).toBe('Doubtful');
  });

  it('wraps labels at spaces, hyphenates a Latin word too long for a line, breaks CJK anywhere', () => {
    expect(wrapText('Special mention', 50, 11)).toEqual(['Special', 'mention']);
    expect(wrapText('Substandard', 50, 11)).toEqual(['Substan-', 'dard']);
    expect(wrapText('结清/退出结清/退出', 50, 11)).toEqual(['结清/退出', '结清/退出']);
    expect(wrapText('五级分类迁徙情况', 40, 11)).toEqual(['五级分', '类迁徙…']);
    expect(wrapText('Pass', 50, 11)).toEqual(['Pass']);
    expect(wrapText('A very long label indeed', 50, 11)).toEqual(['A very', 'long lab…']);
  });

  it('keeps cell text at 4.5:1 contrast or more, in the light and the dark palette', () => {
    const dark = { ...testPalette, fg: '#e5e7eb', surface: '#1f2937', accent: '#93c5fd' };
    for (const palette of [testPalette, dark]) {
      const svg = newSvg();
      const ramp: HeatmapCell[] = Array.from({ length: 11 }, (_, i) => ({ key: String(i), row: 'r', col: String(i), value: i / 10, valueText: `${i * 10}%`, selected: false }));
      renderHeatmap(svg, ramp, { width: 800, palette, rows: [{ key: 'r', label: 'r' }], cols: ramp.map((c) => ({ key: c.col, label: c.col })), ariaLabel: (c) => c.key });
      for (const mark of svg.querySelectorAll('.mark')) {
        const fill = mark.querySelector('rect')!.getAttribute('fill')!;
        const ink = mark.querySelector('text')!.getAttribute('fill')!;
        expect(contrastRatio(fill, ink)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('moves focus across the grid with the arrow keys and passes the cell to onSelect', () => {
    const svg = newSvg();
    document.body.append(svg);
    const selected: string[] = [];
    renderHeatmap(svg, cells(), { width: 440, palette: testPalette, rows, cols, ariaLabel: (c) => c.key, onSelect: (c) => selected.push(c.row) });
    const mark = (key: string) => [...svg.querySelectorAll<SVGGElement>('.mark')].find((m) => m.getAttribute('aria-label') === key)!;
    const press = (key: string) => (document.activeElement as SVGGElement).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    expect(mark('pass|pass').getAttribute('tabindex')).toBe('0');
    expect(svg.querySelectorAll('.mark[tabindex="0"]')).toHaveLength(1);
    mark('pass|pass').focus();
    press('ArrowRight');
    press('ArrowDown');
    expect(document.activeElement).toBe(mark('special_mention|special_mention'));
    press(' ');
    expect(selected).toEqual(['special_mention']);
    svg.remove();
  });
});

describe('renderHeatmap redrawn with new figures', () => {
  it('keeps every cell and its parts, and draws what a fresh draw of the new rows draws', () => {
    const draw = (svg: SVGSVGElement, data: HeatmapCell[]) =>
      renderHeatmap(svg, data, {
        width: 440,
        palette: testPalette,
        rows,
        cols,
        annotation: { title: '迁徙率', values: data.slice(0, 3).map((c) => c.valueText) },
        ariaLabel: (c) => `${c.row} → ${c.col} ${c.valueText}`,
        onSelect: () => {},
      });
    const after = cells('pass').map((c) => (c.value === null ? c : { ...c, value: c.value / 2, valueText: `${Math.round(c.value * 500) / 10}%` }));
    expectKeyedRedraw(draw, cells(), after);
  });
});
