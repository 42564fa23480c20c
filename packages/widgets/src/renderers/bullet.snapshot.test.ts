import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderBullets, type BulletDatum, type BulletOptions } from './bullet.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';

const row = (key: string, label: string, rank: number, value: number | null, extra: Partial<BulletDatum> = {}): BulletDatum => ({
  key,
  label,
  rankText: String(rank),
  value,
  valueText: value === null ? '—' : `${(value * 100).toFixed(1)}%`,
  detailText: value === null ? '12万 / 无目标' : `${Math.round(value * 100)}万 / 100万`,
  statusText: value === null ? '无目标' : value >= 0.7 ? '领先序时' : '落后序时',
  ahead: value !== null && value >= 0.7,
  flagged: false,
  flagText: '后5名',
  selected: false,
  ...extra,
});

const data: BulletDatum[] = [
  row('B06', '高新区支行', 1, 2.6),
  row('B02', '城南支行', 2, 1.116, { selected: true }),
  row('B08', '站前支行', 3, 0.973),
  row('B01', '城北支行', 4, 0.893, { flagged: true }),
  row('B07', '营业部', 5, 0.819, { flagged: true }),
  row('B03', '开发区支行', 6, 0.778, { flagged: true }),
  row('B05', '城西支行', 7, 0.658, { flagged: true }),
  row('B04', '城东支行', 8, 0.544, { flagged: true }),
  row('B09', '无目标支行', 9, null),
];

const options = (extra: Partial<BulletOptions> = {}): BulletOptions => ({
  width: 320,
  palette: testPalette,
  ariaLabel: (d) => `第${d.rankText}名 ${d.label} ${d.valueText}${d.flagged ? ' 后5名' : ''}`,
  pace: { value: 0.7, label: '序时进度 70.0%' },
  legend: { actual: '实际', target: '目标' },
  tickFormat: (v) => `${Math.round(v * 100)}%`,
  onSelect: () => {},
  ...extra,
});

describe('renderBullets', () => {
  it('without a target legend: share bars, no target ticks, no pace line, neither ahead nor behind', async () => {
    const svg = newSvg();
    const shares = [
      row('B01', '城北支行', 0, 0.75, { rankText: '', valueText: '75.0%', detailText: '实际 60万', statusText: '占未筛选实际', ahead: null }),
      row('B02', '城南支行', 0, 0, { rankText: '', valueText: '0.00%', detailText: '实际 0元', statusText: '占未筛选实际', ahead: null }),
    ];
    renderBullets(svg, shares, options({ width: 560, pace: null, legend: { actual: '占未筛选实际' } }));
    expect(svg.querySelectorAll('line.target, line.pace')).toHaveLength(0);
    expect(svg.querySelector('.legend')!.textContent).toBe('占未筛选实际');
    expect([...svg.querySelectorAll('.mark .shape')].map((r) => Number(r.getAttribute('width')) > 0)).toEqual([true, false]);
    // Neither good nor bad news: the status in the muted colour.
    expect([...svg.querySelectorAll('.status tspan')].map((t) => t.getAttribute('fill'))).toEqual([testPalette.muted, testPalette.muted]);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bullet-share.svg.txt');
  });

  it('draws ranked bullets: bar, target tick, pace line, the bottom five banded and labelled', async () => {
    const svg = newSvg();
    renderBullets(svg, data, options({ width: 560 }));
    // Wide: the bullets start after the names.
    expect(Number(svg.querySelector('.mark .track')!.getAttribute('x'))).toBeGreaterThan(100);
    expect(svg.querySelectorAll('.mark')).toHaveLength(9);
    expect(svg.querySelectorAll('.mark.flagged')).toHaveLength(5);
    expect([...svg.querySelectorAll('.flag')].map((f) => f.textContent)).toEqual(Array(5).fill('▼后5名'));
    // An outlier beyond 200 % runs to the edge with an arrow instead of squashing the rest.
    expect(svg.querySelectorAll('.overflow')).toHaveLength(1);
    // No target: no bar, no tick.
    expect(svg.querySelector('[data-key="B09"] .shape')).toBeNull();
    expect(svg.querySelector('[data-key="B09"] .target')).toBeNull();
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bullet-ranked.svg.txt');
  });

  it('stacks names and figures above and below full-width bullets when narrow', async () => {
    const svg = newSvg();
    renderBullets(svg, data, options({ width: 294 }));
    const track = svg.querySelector('.mark .track')!;
    expect(Number(track.getAttribute('x'))).toBeLessThan(30);
    expect(Number(track.getAttribute('width'))).toBeGreaterThan(240);
    expect([...svg.querySelectorAll('.flag')]).toHaveLength(5);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bullet-narrow.svg.txt');
  });

  it('narrow, in English: the pace line crosses each bullet only, never the figures above and below it (▼Bottom 5)', () => {
    const svg = newSvg();
    const en = data.map((d) => ({ ...d, statusText: d.ahead ? 'Ahead of pace' : 'Behind pace', flagText: 'Bottom 5' }));
    renderBullets(svg, en, options({ width: 358, pace: { value: 1, label: 'Pace 100.0%' } }));
    const pace = svg.querySelector('path.pace')!;
    expect(svg.querySelector('line.pace')).toBeNull();
    // One segment per row, across the bar (6 px either side of the bullet's centre; the bar is 10 px high).
    const segments = [...pace.getAttribute('d')!.matchAll(/M([\d.]+),([\d.]+)V([\d.]+)/g)].map((m) => m.slice(1).map(Number));
    expect(segments).toHaveLength(en.length);
    const rows = [...svg.querySelectorAll('.figures > g')];
    segments.forEach(([px, y1, y2], i) => {
      const rowTop = Number(/translate\(0,([\d.]+)\)/.exec(rows[i]!.getAttribute('transform')!)![1]);
      const mid = rowTop + 21;
      expect([y1, y2]).toEqual([mid - 6, mid + 6]);
      expect(px).toBe(Number(svg.querySelector('.mark .target')!.getAttribute('x1')));
      // The figures' lines (centred 7 and 37 px into the row, 12 and 11 px type) lie outside it, descenders included.
      expect(rowTop + 7 + 0.6 * 12).toBeLessThanOrEqual(y1!);
      expect(rowTop + 37 - 0.5 * 11).toBeGreaterThanOrEqual(y2!);
    });
    expect(rows.map((g) => Number(g.querySelector('.value')!.getAttribute('y')))).toEqual(Array(en.length).fill(7));
    expect(rows.map((g) => Number(g.querySelector('.status')!.getAttribute('y')))).toEqual(Array(en.length).fill(37));
    expect([...svg.querySelectorAll('.flag')].map((f) => f.textContent)).toEqual(Array(5).fill('▼Bottom 5'));
  });

  it('draws plain images without a pace when nothing can be selected, and redraws from scratch', async () => {
    const svg = newSvg();
    renderBullets(svg, data, options());
    renderBullets(svg, data.slice(1, 3), options({ width: 480, pace: null, onSelect: undefined }));
    expect(svg.querySelectorAll('.mark')).toHaveLength(2);
    expect(svg.querySelector('.mark')!.getAttribute('role')).toBe('img');
    expect(svg.querySelector('.pace')).toBeNull();
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bullet-plain.svg.txt');
  });

  it('keyboard: one tab stop (the selected row), arrows move it, Enter selects, Shift+Enter drills', () => {
    const svg = newSvg();
    document.body.append(svg);
    const calls: string[] = [];
    renderBullets(svg, data, options({ onSelect: (k) => calls.push(`select ${k}`), onDrill: (k) => calls.push(`drill ${k}`) }));
    const marks = [...svg.querySelectorAll<SVGGElement>('.mark')];
    expect(marks.filter((m) => m.getAttribute('tabindex') === '0')).toEqual([marks[1]]);
    marks[1]!.focus();
    marks[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(marks[2]);
    marks[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    marks[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    expect(calls).toEqual(['select B08', 'drill B08']);
    marks[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(document.activeElement).toBe(marks[8]);
    svg.remove();
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const evil = '<img src=x onerror="alert(1)">';
    renderBullets(svg, [row('x', evil, 1, 0.5)], options({ width: 900 }));
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === evil)).toBe(true);
  });
});

describe('renderBullets redrawn with new figures', () => {
  it('keeps every row and its parts, and draws what a fresh draw of the new rows draws', () => {
    const after = data.map((d) => (d.value === null ? d : { ...d, value: d.value * 0.95, valueText: `${(d.value * 95).toFixed(1)}%`, selected: d.key === 'B08' }));
    expectKeyedRedraw((svg, rows: BulletDatum[]) => renderBullets(svg, rows, options()), data, after);
    expectKeyedRedraw((svg, rows: BulletDatum[]) => renderBullets(svg, rows, options({ width: 640 })), data, after, 'g.figures > g');
  });
});
