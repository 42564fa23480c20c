import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
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
  it('stacks the layers bottom up over the months, with a legend', async () => {
    const svg = newSvg();
    renderStackedArea(svg, rows, { width: 400, palette: testPalette, layers, xTickFormat: (m) => m.slice(0, 7), yTickFormat: wan });
    const paths = svg.querySelectorAll('path.layer');
    expect(paths).toHaveLength(5);
    expect(paths[0]!.getAttribute('fill')).toBe(testPalette.classes[0]);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/stacked-area-months.svg.txt');
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
