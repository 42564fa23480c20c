import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderTreemap, type TreemapDatum } from './treemap.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';

const data: TreemapDatum[] = [
  { key: 'retail_general', label: '零售一般', value: 52_000, valueText: '5.2万', selected: false },
  { key: 'corp_high_end', label: '高端客户', value: 190_000, valueText: '19万', selected: false },
  { key: 'retail_high_end', label: '零售高端', value: 159_000, valueText: '15.9万', selected: false },
  { key: 'corp_gold', label: '黄金客户', value: 100_000, valueText: '10万', selected: true },
  { key: 'retail_potential', label: '潜力高端', value: 9_500, valueText: '9,500元', selected: false },
  { key: 'corp_mid', label: '中端客户', value: 0, valueText: '0元', selected: false },
];

const ariaLabel = (d: TreemapDatum) => `${d.label} ${d.valueText}${d.selected ? ', selected' : ''}`;

describe('renderTreemap', () => {
  it('lays out selectable cells, largest first, the selection outlined and the rest dimmed', async () => {
    const svg = newSvg();
    renderTreemap(svg, data, { width: 400, palette: testPalette, ariaLabel, onSelect: () => {} });
    const marks = [...svg.querySelectorAll('.mark')];
    // Zero has no area: five cells, in value order.
    expect(marks.map((m) => m.getAttribute('aria-label'))).toEqual(['高端客户 19万', '零售高端 15.9万', '黄金客户 10万, selected', '零售一般 5.2万', '潜力高端 9,500元']);
    expect(marks.map((m) => m.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'true', 'false', 'false']);
    expect(marks.every((m) => m.getAttribute('role') === 'button' && m.getAttribute('tabindex') === '0')).toBe(true);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/treemap-selectable.svg.txt');
  });

  it('cell areas are proportional to the values and tile the chart', () => {
    const svg = newSvg();
    renderTreemap(svg, data, { width: 600, height: 300, palette: testPalette, ariaLabel });
    const rects = [...svg.querySelectorAll('rect.shape')];
    const areas = rects.map((r) => Number(r.getAttribute('width')) * Number(r.getAttribute('height')));
    const values = [190_000, 159_000, 100_000, 52_000, 9_500];
    const scale = areas[0]! / values[0]!;
    // Rounded to whole pixels with 2 px gaps: proportional within a few percent for the big cells.
    for (let i = 0; i < 3; i++) expect(areas[i]! / (values[i]! * scale)).toBeGreaterThan(0.9);
    for (let i = 0; i < 3; i++) expect(areas[i]! / (values[i]! * scale)).toBeLessThan(1.1);
    expect(svg.getAttribute('viewBox')).toBe('0 0 600 300');
  });

  it('prints label (cut to its cell) and value only where they fit, and plain images when nothing can be selected', async () => {
    const svg = newSvg();
    renderTreemap(svg, data, { width: 200, height: 120, palette: testPalette, ariaLabel });
    expect(svg.querySelector('.mark')!.getAttribute('role')).toBe('img');
    expect(svg.querySelector('.mark')!.hasAttribute('tabindex')).toBe(false);
    for (const mark of svg.querySelectorAll('.mark')) {
      const rect = mark.querySelector('rect')!;
      const texts = mark.querySelectorAll('text');
      // No text overflows its cell: a label needs one line of room, a value a second.
      if (texts.length > 0) expect(Number(rect.getAttribute('height'))).toBeGreaterThanOrEqual(23);
      if (texts.length > 1) expect(Number(rect.getAttribute('height'))).toBeGreaterThanOrEqual(38);
    }
    // The smallest cell is too small for its label; its name is still in its aria-label and title.
    const smallest = [...svg.querySelectorAll('.mark')].at(-1)!;
    expect(smallest.querySelectorAll('text')).toHaveLength(0);
    expect(smallest.querySelector('title')!.textContent).toBe('潜力高端 9,500元');
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/treemap-small.svg.txt');
  });

  it('is deterministic and redraws from scratch', () => {
    const a = newSvg();
    const b = newSvg();
    renderTreemap(a, data, { width: 320, palette: testPalette, ariaLabel, onSelect: () => {} });
    renderTreemap(b, [...data].reverse(), { width: 320, palette: testPalette, ariaLabel, onSelect: () => {} });
    expect(normalizeSvg(a)).toBe(normalizeSvg(b));
    renderTreemap(a, data.slice(0, 1), { width: 320, palette: testPalette, ariaLabel });
    expect(a.querySelectorAll('.mark')).toHaveLength(1);
    expect(a.querySelector('rect')!.getAttribute('width')).toBe('320');
  });

  it('picks a readable text colour for each cell (dimmed cells and the selection included)', () => {
    const svg = newSvg();
    renderTreemap(svg, data, { width: 600, height: 300, palette: testPalette, ariaLabel, onSelect: () => {} });
    const ink = (key: string) => [...svg.querySelectorAll('.mark')].find((m) => m.getAttribute('aria-label')!.startsWith(key))!.querySelector('text')!.getAttribute('fill');
    expect(ink('黄金客户')).toBe(testPalette.fg); // dark text on the amber selection
    expect(ink('高端客户')).toBe(testPalette.fg); // dark text on a dimmed cell
    const svg2 = newSvg();
    renderTreemap(svg2, data.map((d) => ({ ...d, selected: false })), { width: 600, height: 300, palette: testPalette, ariaLabel });
    expect(svg2.querySelector('text')!.getAttribute('fill')).toBe(testPalette.surface); // white on the accent
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const label = '<img src=x onerror="alert(1)">';
    renderTreemap(svg, [{ ...data[1]!, label }], { width: 600, palette: testPalette, ariaLabel: (d) => d.label });
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === label)).toBe(true);
  });

  it('calls onSelect on click, Enter and Space, onDrill on double click and Shift+Enter', () => {
    const svg = newSvg();
    const calls: string[] = [];
    renderTreemap(svg, data, { width: 400, palette: testPalette, ariaLabel, onSelect: (k) => calls.push(`select ${k}`), onDrill: (k) => calls.push(`drill ${k}`) });
    const mark = svg.querySelector('.mark')!;
    mark.dispatchEvent(new MouseEvent('click', { detail: 1 }));
    mark.dispatchEvent(new MouseEvent('click', { detail: 2 }));
    mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    mark.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true }));
    mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(calls).toEqual(['select corp_high_end', 'drill corp_high_end', 'select corp_high_end', 'select corp_high_end', 'drill corp_high_end']);
  });
});

describe('renderTreemap redrawn with new figures', () => {
  const draw = (svg: SVGSVGElement, rows: TreemapDatum[]) => renderTreemap(svg, rows, { width: 400, palette: testPalette, ariaLabel, onSelect: () => {} });

  it('keeps every cell and its parts, and draws what a fresh draw of the new rows draws', () => {
    const after = data.map((d) => ({ ...d, value: d.value * 3, valueText: `${d.valueText}×3`, selected: d.key === 'corp_high_end' }));
    expectKeyedRedraw(draw, data, after);
  });

  it('cells re-ranked, gone or new: the kept keys keep their nodes, in the new order', () => {
    const svg = newSvg();
    draw(svg, data);
    const byKey = () => new Map([...svg.querySelectorAll('.mark')].map((m) => [m.getAttribute('aria-label')!.split(' ')[0]!, m]));
    const before = byKey();
    // 零售一般 grows to the largest, 潜力高端 goes, 中端客户 gets a value: the small cell gains a hit area, the big one its value line.
    const next = data
      .filter((d) => d.key !== 'retail_potential')
      .map((d) => (d.key === 'retail_general' ? { ...d, value: 400_000, valueText: '40万' } : d.key === 'corp_mid' ? { ...d, value: 4_000, valueText: '4,000元' } : d));
    draw(svg, next);
    const fresh = newSvg();
    draw(fresh, next);
    expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
    const after = byKey();
    expect([...after.keys()]).toEqual(['零售一般', '高端客户', '零售高端', '黄金客户', '中端客户']);
    for (const label of ['零售一般', '高端客户', '零售高端', '黄金客户']) expect(after.get(label), label).toBe(before.get(label));
    expect(after.get('中端客户')!.querySelector('rect.hit')).not.toBeNull();
  });
});
