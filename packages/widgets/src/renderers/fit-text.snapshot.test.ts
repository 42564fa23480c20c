import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSvg, normalizeSvg, testPalette } from '../../../../test/helpers/svg-snapshot.ts';
import { renderBars } from './bars.ts';
import { renderBullets, type BulletDatum } from './bullet.ts';
import { fitText, wrapText } from './fit-text.ts';
import { boundText, textWidth } from './text.ts';

// Every width estimate counted, with the most characters it can read: the text's, or with a
// ceiling, as many as pass it even if all are the narrowest (0.3 em).
const estimates = vi.hoisted(() => ({ calls: 0, characters: 0 }));
vi.mock('./text.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./text.ts')>();
  return {
    ...original,
    textWidth: (text: string, fontSize: number, max = Infinity) => {
      estimates.calls++;
      estimates.characters += Math.min(text.length, Math.floor(max / (0.3 * fontSize)) + 2);
      return original.textWidth(text, fontSize, max);
    },
  };
});

/** The estimates `run` makes. */
function counted(run: () => unknown): { calls: number; characters: number } {
  estimates.calls = estimates.characters = 0;
  run();
  return { ...estimates };
}

/** `text` repeated to `length` code units. */
const long = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);

/** 100,000 characters, and a short text that shows the same (its start; a run of white space is one space to wrapText). */
const TEXTS: Record<string, { text: string; short: (n: number) => string }> = {
  cjk: { text: long('城北支行营业部', 100_000), short: (n) => long('城北支行营业部', n) },
  latin: { text: long('Substandard loans ', 100_000), short: (n) => long('Substandard loans ', n) },
  word: { text: long('x', 100_000), short: (n) => long('x', n) },
  spaces: { text: `ab${' '.repeat(99_996)}cd`, short: (n) => `ab${' '.repeat(n - 4)}cd` },
  mixed: { text: long('Branch 城北 0042 · 😀 e\u0301 ', 100_000), short: (n) => long('Branch 城北 0042 · 😀 e\u0301 ', n) },
};

afterEach(() => {
  estimates.calls = estimates.characters = 0;
});

describe('fitText and wrapText on long text', () => {
  for (const [name, { text, short }] of Object.entries(TEXTS)) {
    it(`give for 100,000 characters (${name}) what they give for the first few hundred`, () => {
      const head = short(400);
      for (const [width, fontSize] of [
        [0, 12],
        [40, 11],
        [120, 12],
        [300, 10],
      ] as const) {
        expect(fitText(text, width, fontSize)).toBe(fitText(head, width, fontSize));
        for (const lines of [1, 2, 3]) expect(wrapText(text, width, fontSize, lines)).toEqual(wrapText(head, width, fontSize, lines));
      }
      // Cut, with the ellipsis: never the whole text.
      expect(fitText(text, 120, 12)).toMatch(/…$/);
    });

    it(`estimate as often and as much for 100,000 characters (${name}) as for the first 1,000`, () => {
      const head = short(1000);
      for (const width of [40, 120, 300]) {
        const fit = counted(() => fitText(text, width, 12));
        expect(fit).toEqual(counted(() => fitText(head, width, 12)));
        // A first look and a bisection over the characters that could fit (at most width / 3.6 + 1).
        expect(fit.calls).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(width / 3.6 + 2)));
        expect(fit.characters).toBeLessThanOrEqual(fit.calls * (width / 3.6 + 3));
        const wrap = counted(() => wrapText(text, width, 12, 3));
        expect(wrap).toEqual(counted(() => wrapText(head, width, 12, 3)));
        expect(wrap.characters).toBeLessThan(20_000);
      }
    });
  }

  it('fit whole text as it is, and cut where the old one-character-at-a-time search did', () => {
    expect(fitText('城北支行', 100, 12)).toBe('城北支行');
    expect(fitText('城北支行营业部', 50, 12)).toBe('城北支…');
    expect(fitText('Substandard loans', 60, 12)).toBe('Substand…');
    // Trailing spaces are trimmed before the ellipsis; a width that holds no character gives ''.
    expect(fitText('ab     cdefgh', 30, 12)).toBe('ab…');
    expect(fitText('城北', 5, 12)).toBe('');
    expect(wrapText('Substandard', 50, 11)).toEqual(['Substan-', 'dard']);
  });

  it('a width estimate with a ceiling reads no further than it', () => {
    expect(textWidth('城北支行', 12)).toBe(48);
    expect(textWidth('城北支行', 12, 100)).toBe(48);
    // Past the ceiling it stops: some width over 30, not the whole text's.
    const capped = textWidth(TEXTS.cjk!.text, 12, 30);
    expect(capped).toBeGreaterThan(30);
    expect(capped).toBeLessThanOrEqual(48);
  });

  it('boundText keeps short text and cuts long text to its first characters', () => {
    expect(boundText('城北支行', 4)).toBe('城北支行');
    expect(boundText('城北支行营业部', 4)).toBe('城北支行…');
    expect(boundText('ab   cd', 4)).toBe('ab…');
    const mixed = TEXTS.mixed!.text;
    expect(boundText(mixed, 10)).toBe(`${[...mixed].slice(0, 10).join('').trimEnd()}…`);
  });
});

describe('renderers with a very long label', () => {
  const name = long('城北支行营业部（长名称）', 300);
  const bars = (label: string) => [
    { key: 'b1', label, value: 0.03, valueText: '3.00%', selected: false },
    { key: 'b2', label: '城南支行', value: 0.01, valueText: '1.00%', selected: true },
  ];
  const ariaLabel = (d: { label: string; valueText: string }) => `${d.label} ${d.valueText}, 不良率`;

  it('bars: the label cut to the labels\' room, whole in the mark\'s title and accessible name', async () => {
    const svg = newSvg();
    renderBars(svg, bars(name), { width: 400, palette: testPalette, ariaLabel, onSelect: () => {} });
    const [mark, other] = [...svg.querySelectorAll('.mark')];
    // Printed cut beside the mark, not in it (a mark's name must contain the text inside it).
    expect(mark!.querySelector('text')).toBeNull();
    expect(svg.querySelector('.cut-labels text')!.textContent).toMatch(/^城北支行营业部（长.*…$/);
    expect(mark!.querySelector('title')!.textContent).toBe(ariaLabel({ label: name, valueText: '3.00%' }));
    expect(mark!.getAttribute('aria-label')).toBe(ariaLabel({ label: name, valueText: '3.00%' }));
    // The other label fits: printed whole, no title; the marks' keyboard behaviour is unchanged.
    expect(other!.querySelector('text')!.textContent).toBe('城南支行');
    expect(other!.querySelector('title')).toBeNull();
    expect([mark, other].map((m) => [m!.getAttribute('role'), m!.getAttribute('tabindex'), m!.getAttribute('aria-pressed')])).toEqual([
      ['button', '0', 'false'],
      ['button', '0', 'true'],
    ]);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bars-long-label.svg.txt');

    // 100,000 characters draw the same chart: only the title and the accessible name are longer.
    const huge = long('城北支行营业部（长名称）', 100_000);
    const again = newSvg();
    renderBars(again, bars(huge), { width: 400, palette: testPalette, ariaLabel, onSelect: () => {} });
    expect(normalizeSvg(again).replaceAll(huge, 'NAME')).toBe(normalizeSvg(svg).replaceAll(name, 'NAME'));
  });

  it('bullet: a cut label is drawn beside its mark, the mark titled with its accessible name', () => {
    const huge = long('Very long branch name ', 20_000);
    const datum: BulletDatum = {
      key: 'b1',
      label: huge,
      rankText: '1',
      value: 0.8,
      valueText: '80.0%',
      detailText: '80万 / 100万',
      statusText: 'behind',
      ahead: false,
      flagged: false,
      flagText: '',
      selected: false,
    };
    const svg = newSvg();
    const estimated = counted(() =>
      renderBullets(svg, [datum], {
        width: 480,
        palette: testPalette,
        ariaLabel: (d) => `${d.label}, ${d.valueText}`,
        pace: null,
        legend: { actual: 'Actual', target: 'Target' },
        tickFormat: (v) => `${Math.round(v * 100)}%`,
        onSelect: () => {},
      }),
    );
    const mark = svg.querySelector('.mark')!;
    expect(mark.getAttribute('aria-label')).toBe(`${huge}, 80.0%`);
    expect(mark.querySelector('title')!.textContent).toBe(`${huge}, 80.0%`);
    expect(mark.querySelector('text.label')).toBeNull();
    expect(svg.querySelector('.figures text.label')!.textContent).toMatch(/^Very long branch.*…$/);
    // The whole chart estimates a few thousand characters, not the label's twenty thousand.
    expect(estimated.characters).toBeLessThan(5_000);
  });
});
