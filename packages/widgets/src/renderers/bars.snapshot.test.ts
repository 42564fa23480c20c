import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderBars, type BarDatum } from './bars.ts';

const data: BarDatum[] = [
  { key: '3', label: '3类行业', value: 0.068, valueText: '6.80%', selected: false },
  { key: '2', label: '2类行业', value: 0.024, valueText: '2.40%', selected: true },
  { key: '1', label: '1类行业', value: 0.006, valueText: '0.60%', selected: false },
];

describe('renderBars', () => {
  it('draws selectable bars with a reference line', async () => {
    const svg = newSvg();
    renderBars(svg, data, { width: 400, palette: testPalette, ariaLabel: (d) => `${d.label} ${d.valueText}`, onSelect: () => {}, reference: { value: 0.025, label: '全行平均 2.50%' } });
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bars-reference.svg.txt');
  });

  it('draws plain images when nothing can be selected, and redraws from scratch', async () => {
    const svg = newSvg();
    renderBars(svg, data, { width: 300, palette: testPalette, ariaLabel: (d) => d.label });
    renderBars(svg, data.slice(0, 1), { width: 300, palette: testPalette, ariaLabel: (d) => d.label });
    expect(svg.querySelectorAll('.mark')).toHaveLength(1);
    expect(svg.querySelector('.mark')!.getAttribute('role')).toBe('img');
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bars-plain.svg.txt');
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const label = '<img src=x onerror="alert(1)">';
    renderBars(svg, [{ ...data[0]!, label }], { width: 300, palette: testPalette, ariaLabel: (d) => d.label });
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === label)).toBe(true);
  });
});
