import { describe, expect, it } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { expectKeyedRedraw } from '../../../../test/helpers/redraw.ts';
import { renderFunnel, type FunnelList, type FunnelPanel, type FunnelStageDatum } from './funnel.ts';

const STAGES = [
  ['identified', '线索', 12, '12条 · 218万 · 当前1条', null],
  ['contacted', '已接触', 9, '9条 · 202万 · 当前1条', '↓ 环节 75.0% · 累计 75.0%'],
  ['follow_up', '跟进中', 8, '8条 · 202万 · 当前1条', '↓ 环节 88.9% · 累计 66.7%'],
  ['applied', '已申请', 7, '7条 · 190万 · 当前1条', '↓ 环节 87.5% · 累计 58.3%'],
  ['approved', '已批待放', 6, '6条 · 165万 · 当前1条', '↓ 环节 85.7% · 累计 50.0%'],
  ['disbursed', '已放款', 5, '5条 · 135万 · 当前5条', '↓ 环节 83.3% · 累计 41.7%'],
] as const;

const stages = (selected?: string, scale = 1, disbursedNote?: string): FunnelStageDatum[] =>
  STAGES.map(([stage, label, count, valueText, conversionText]) => ({
    stage,
    label,
    count: count * scale,
    valueText,
    conversionText,
    selected: stage === selected,
    ...(stage === 'disbursed' && disbursedNote ? { noteText: disbursedNote } : {}),
  }));

const lists: FunnelList[] = [
  { title: '待跟进（超过14天未更新）', valueText: '3条 · 45万', items: [{ label: '李娜', valueText: '2条 · 20万 · 最久90天' }, { label: '王强', valueText: '1条 · 25万 · 最久60天' }] },
  { title: '流失原因', valueText: '2条', items: [{ label: '利率不满意', valueText: '1条 · 50.0%', share: 0.5 }, { label: '资质不符', valueText: '1条 · 50.0%', share: 0.5 }], note: '另有1种原因' },
];

const label = (d: FunnelStageDatum, p: FunnelPanel) => `${p.label ?? ''}${d.label} ${d.valueText}`;

describe('renderFunnel', () => {
  it('draws one selectable funnel with conversions, a stage note under its bar, and the lists under it', async () => {
    const svg = newSvg();
    renderFunnel(svg, [{ key: 'all', label: null, stages: stages('applied', 1, '计入贷款投放 120万') }], { width: 560, palette: testPalette, lists, ariaLabel: label, onSelect: () => {} });
    expect(svg.querySelectorAll('.mark')).toHaveLength(6);
    // The note is printed under the disbursed bar, and the lists start below it.
    const note = svg.querySelector('.figures [data-stage="disbursed"] text.note')!;
    expect(note.textContent).toBe('计入贷款投放 120万');
    expect(svg.querySelectorAll('text.note')).toHaveLength(1);
    const disbursedTop = Number(/translate\(0,([\d.]+)\)/.exec(svg.querySelector('.mark[data-stage="disbursed"]')!.getAttribute('transform')!)![1]);
    const listTop = Number(svg.querySelector('.list line')!.getAttribute('y1'));
    // Below the note's line (its centre plus half its 11 px font).
    expect(listTop).toBeGreaterThan(disbursedTop + Number(note.getAttribute('y')) + 6);
    // One tab stop: the selected stage.
    expect([...svg.querySelectorAll('.mark')].map((m) => m.getAttribute('tabindex'))).toEqual(['-1', '-1', '-1', '0', '-1', '-1']);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/funnel-single.svg.txt');
  });

  it('stacks label and figures over full-width bars when narrow; a long list total goes under its title', async () => {
    const svg = newSvg();
    const narrow: FunnelList[] = [{ title: 'Overdue follow-ups (idle over 14 days)', valueText: '652 · ¥66.67M', items: [{ label: 'A very long manager name that will not fit', valueText: '76 · ¥8.93M · oldest 92 days' }] }];
    renderFunnel(svg, [{ key: 'all', label: null, stages: stages() }], { width: 294, palette: testPalette, lists: narrow, ariaLabel: label, onSelect: () => {} });
    // The bars start at the left edge and the widest spans the whole width.
    expect(svg.querySelector('.mark .shape')!.getAttribute('x')).toBe('0');
    expect(svg.querySelector('.mark .shape')!.getAttribute('width')).toBe('294');
    expect(svg.querySelector('.list-value')!.getAttribute('x')).toBe('0');
    expect(svg.querySelector('.item title')!.textContent).toBe('A very long manager name that will not fit');
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/funnel-narrow.svg.txt');
  });

  it('draws small multiples in as many columns as fit, redrawing from scratch', async () => {
    const svg = newSvg();
    const panels: FunnelPanel[] = [
      { key: 'B1', label: '城北支行', stages: stages(undefined, 2) },
      { key: 'B2', label: '城南支行', stages: stages() },
      { key: 'B3', label: '一个名字非常非常非常非常长的支行营业部', stages: stages() },
    ];
    renderFunnel(svg, panels, { width: 320, palette: testPalette, ariaLabel: label });
    renderFunnel(svg, panels, { width: 600, palette: testPalette, ariaLabel: label });
    expect(svg.querySelectorAll('.panel')).toHaveLength(3);
    expect(svg.querySelector('.mark')!.getAttribute('role')).toBe('img');
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/funnel-split.svg.txt');
  });

  it('keyboard: Enter selects, Shift+Enter drills, arrows move the one tab stop', () => {
    const svg = newSvg();
    document.body.append(svg);
    const calls: string[] = [];
    const panels: FunnelPanel[] = [
      { key: 'a', label: 'A', stages: stages() },
      { key: 'b', label: 'B', stages: stages() },
    ];
    renderFunnel(svg, panels, { width: 600, palette: testPalette, ariaLabel: label, onSelect: (s) => calls.push(`select ${s}`), onDrill: (s) => calls.push(`drill ${s}`) });
    const marks = [...svg.querySelectorAll<SVGGElement>('.mark')];
    marks[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    marks[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    marks[0]!.dispatchEvent(new MouseEvent('click', { detail: 1, bubbles: true }));
    expect(calls).toEqual(['select identified', 'drill identified', 'select identified']);
    marks[0]!.focus();
    marks[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(marks[1]);
    marks[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(document.activeElement).toBe(marks[7]);
    expect(marks.filter((m) => m.getAttribute('tabindex') === '0')).toEqual([marks[7]]);
    marks[7]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(document.activeElement).toBe(marks[11]);
    // A redraw keeps the focus on the same stage.
    renderFunnel(svg, panels, { width: 600, palette: testPalette, ariaLabel: label, onSelect: () => {} });
    expect(document.activeElement?.getAttribute('data-stage')).toBe('disbursed');
    expect(document.activeElement?.getAttribute('data-panel')).toBe('b');
    svg.remove();
  });

  it('renders data text as text, never markup', () => {
    const svg = newSvg();
    const evil = '<img src=x onerror="alert(1)">';
    renderFunnel(svg, [{ key: evil, label: evil, stages: stages() }], {
      width: 320,
      palette: testPalette,
      ariaLabel: label,
      lists: [{ title: evil, items: [{ label: evil, valueText: '1' }] }],
    });
    expect(svg.querySelector('img')).toBeNull();
    expect([...svg.querySelectorAll('text')].filter((t) => t.textContent === evil).length).toBeGreaterThan(1);
  });
});

describe('renderFunnel redrawn with new figures', () => {
  const options = (rows: { lists?: FunnelList[] }) => ({ width: 560, palette: testPalette, lists: rows.lists, ariaLabel: label, onSelect: () => {} });
  const single = (selected: string | undefined, scale: number, note?: string): FunnelPanel[] => [{ key: 'all', label: null, stages: stages(selected, scale, note) }];
  const shifted = lists.map((l) => ({ ...l, valueText: `${l.valueText} +`, items: l.items.map((d) => ({ ...d, valueText: `${d.valueText} +`, share: d.share === undefined ? undefined : d.share / 2 })) }));

  it('one funnel: keeps every stage and its parts, and draws what a fresh draw of the new rows draws', () => {
    const draw = (svg: SVGSVGElement, rows: { panels: FunnelPanel[]; lists: FunnelList[] }) => renderFunnel(svg, rows.panels, options(rows));
    expectKeyedRedraw(draw, { panels: single(undefined, 1), lists }, { panels: single('applied', 2, '计入贷款投放 120万'), lists: shifted });
    // The list items and the figures are kept too.
    expectKeyedRedraw(draw, { panels: single(undefined, 1), lists }, { panels: single('applied', 2), lists: shifted }, '.item, .figures');
  });

  it('small multiples: keeps every panel and stage', () => {
    const panels = (scale: number, selected?: string): FunnelPanel[] => [
      { key: 'B1', label: '城北支行', stages: stages(selected, 2 * scale) },
      { key: 'B2', label: '城南支行', stages: stages(selected, scale) },
    ];
    const draw = (svg: SVGSVGElement, rows: FunnelPanel[]) => renderFunnel(svg, rows, { width: 600, palette: testPalette, ariaLabel: label, onSelect: () => {} });
    expectKeyedRedraw(draw, panels(1), panels(3, 'contacted'), '.panel');
  });

  it('a stage or panel whose key goes is removed, a new one made in its place, the others kept; one funnel and the grid give way to each other', () => {
    const svg = newSvg();
    const draw = (panels: FunnelPanel[], withLists = true) => {
      renderFunnel(svg, panels, options({ lists: withLists ? lists : [] }));
      const fresh = newSvg();
      renderFunnel(fresh, panels, options({ lists: withLists ? lists : [] }));
      expect(normalizeSvg(svg)).toBe(normalizeSvg(fresh));
    };
    draw(single(undefined, 1));
    const before = [...svg.querySelectorAll('.mark')];
    const next = stages(undefined, 1).filter((d) => d.stage !== 'contacted');
    next.splice(2, 0, { ...next[2]!, stage: 'visited', label: '已走访' });
    draw([{ key: 'all', label: null, stages: next }], false);
    const after = [...svg.querySelectorAll('.mark')];
    expect(after.map((m) => m.getAttribute('data-stage'))).toEqual(['identified', 'follow_up', 'visited', 'applied', 'approved', 'disbursed']);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[2]);
    expect(before).not.toContain(after[2]);
    expect(after.slice(3)).toEqual(before.slice(3));
    expect(svg.querySelector('.list')).toBeNull();
    draw([
      { key: 'B1', label: '城北支行', stages: stages() },
      { key: 'B2', label: '城南支行', stages: stages() },
    ]);
    const b2 = svg.querySelector('.panel[aria-label="城南支行"]');
    draw([
      { key: 'B2', label: '城南支行', stages: stages(undefined, 2) },
      { key: 'B3', label: '城西支行', stages: stages() },
    ]);
    expect(svg.querySelector('.panel')).toBe(b2);
    draw(single('applied', 1));
    expect(svg.querySelector('.panel')).toBeNull();
    // No panels: nothing but the lists, where a fresh draw puts them.
    draw([]);
    expect(svg.querySelector('.mark')).toBeNull();
  });
});
