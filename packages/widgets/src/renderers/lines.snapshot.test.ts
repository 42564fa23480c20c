import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderLines, type LineSeries } from './lines.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';

const months = ['2024-10-31', '2024-11-30', '2024-12-31'];
const series = (selected?: string): LineSeries[] =>
  [
    { key: '1', label: '1类行业', values: [0.005, 0.006, null] },
    { key: '3', label: '3类行业', values: [0.06, 0.064, 0.068] },
  ].map((s) => ({
    key: s.key,
    label: s.label,
    points: months.map((m, i) => ({
      key: `${s.key}|${m}`,
      x: m,
      value: s.values[i] ?? null,
      valueText: s.values[i] == null ? '—' : `${(s.values[i]! * 100).toFixed(2)}%`,
      selected: m === selected,
    })),
  }));
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

describe('renderLines', () => {
  it('draws a line per series with a legend, points as selectable marks, the selected month shaded', async () => {
    const svg = newSvg();
    renderLines(svg, series('2024-11-30'), {
      width: 400,
      palette: testPalette,
      categories: months,
      xTickFormat: (m) => m.slice(0, 7),
      yTickFormat: pct,
      ariaLabel: (p, s) => `${s.label} ${p.x} ${p.valueText}`,
      onSelect: () => {},
    });
    expect(svg.querySelectorAll('.mark')).toHaveLength(5);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/lines-selectable.svg.txt');
  });

  it('draws one series without a legend, points as focusable images', async () => {
    const svg = newSvg();
    renderLines(svg, series().slice(1), { width: 300, height: 160, palette: testPalette, categories: months, marginLeft: 64, ariaLabel: (p) => p.valueText });
    expect(svg.querySelector('.legend')).toBeNull();
    const marks = [...svg.querySelectorAll('.mark')];
    expect(marks.map((m) => m.getAttribute('role'))).toEqual(['img', 'img', 'img']);
    // One tab stop: the latest point.
    expect(marks.map((m) => m.getAttribute('tabindex'))).toEqual(['-1', '-1', '0']);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/lines-single.svg.txt');
  });

  it('moves focus with the arrow keys (months left and right, series up and down) and selects with Enter', () => {
    const svg = newSvg();
    document.body.append(svg);
    const selected: string[] = [];
    renderLines(svg, series(), { width: 400, palette: testPalette, categories: months, ariaLabel: (p) => p.key, onSelect: (m) => selected.push(m) });
    const mark = (key: string) => [...svg.querySelectorAll<SVGGElement>('.mark')].find((m) => m.getAttribute('aria-label') === key)!;
    const press = (key: string) => (document.activeElement as SVGGElement).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    // Series 1 has no December point: its tab stop is its November point.
    expect(mark('1|2024-11-30').getAttribute('tabindex')).toBe('0');
    mark('1|2024-11-30').focus();
    press('ArrowLeft');
    expect(document.activeElement).toBe(mark('1|2024-10-31'));
    press('ArrowDown');
    expect(document.activeElement).toBe(mark('3|2024-10-31'));
    press('End');
    expect(document.activeElement).toBe(mark('3|2024-12-31'));
    press('ArrowUp'); // nothing above December
    expect(document.activeElement).toBe(mark('3|2024-12-31'));
    expect(mark('3|2024-12-31').getAttribute('tabindex')).toBe('0');
    expect(mark('1|2024-11-30').getAttribute('tabindex')).toBe('-1');
    press('Enter');
    expect(selected).toEqual(['2024-12-31']);
    svg.remove();
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const label = '<img src=x onerror="alert(1)">';
    const [one, two] = series();
    renderLines(svg, [{ ...one!, label }, two!], { width: 400, palette: testPalette, categories: months, ariaLabel: (p) => p.key });
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === label)).toBe(true);
  });
});

describe('renderLines redrawn with new figures', () => {
  it('keeps every point and its parts, and draws what a fresh draw of the new rows draws', () => {
    const draw = (svg: SVGSVGElement, rows: LineSeries[]) =>
      renderLines(svg, rows, { width: 400, palette: testPalette, categories: months, yTickFormat: pct, ariaLabel: (p, s) => `${s.label} ${p.x} ${p.valueText}`, onSelect: () => {} });
    const after = series('2024-12-31').map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, value: p.value === null ? null : p.value * 1.5 })) }));
    expectKeyedRedraw(draw, series(), after);
  });
});
