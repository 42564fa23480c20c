/// <reference types="mocha" />
import { expect } from 'chai';
import { rgb } from 'd3';
import { formatRgb, parseColour } from './colour.ts';

const channels = (c: { r: number; g: number; b: number; opacity: number }) => [c.r, c.g, c.b, c.opacity];

describe("colours: d3-color's channels and text, without its parser in the page", () => {
  it('reads hex, rgb() and rgba() (numbers and percentages), named colours, transparent and nonsense as d3-color does', () => {
    const texts = [
      '#1f2937', '#FFF', '#0f766e', '#12345678', '#abcd', '#00000000',
      'rgb(10, 20, 30)', 'rgba(200, 100, 0, 0.5)', 'rgba(0, 0, 0, 0)', 'rgb(100%, 50%, 0%)', 'rgba(10%, 20%, 30%, 0.25)',
      'steelblue', 'White', 'rebeccapurple', 'transparent', 'not a colour', '',
    ];
    for (const text of texts) {
      const d3 = rgb(text);
      expect(channels(parseColour(text)), text).to.deep.equal(channels(d3));
    }
  });

  it('reads the colour syntaxes d3-color does not (fractional channels, space-separated rgb(), hsl() through the browser)', () => {
    expect(channels(parseColour('rgb(10.5,20,30)'))).to.deep.equal([10.5, 20, 30, 1]);
    expect(channels(parseColour('rgb(0 0 0 / 0.18)'))).to.deep.equal([0, 0, 0, 0.18]);
    expect(channels(parseColour('hsl(0, 100%, 50%)'))).to.deep.equal([255, 0, 0, 1]);
  });

  it('writes channels as d3-color writes them: rounded into 0–255, rgba() only when not opaque', () => {
    const cases = [
      { r: 12.4, g: 12.5, b: 255.7, opacity: 1 },
      { r: -3, g: 0, b: 300, opacity: 0.5 },
      { r: NaN, g: 10, b: 20, opacity: NaN },
      { r: 1, g: 2, b: 3, opacity: 1.5 },
      { r: 1, g: 2, b: 3, opacity: 0 },
    ];
    for (const c of cases) expect(formatRgb(c), JSON.stringify(c)).to.equal(rgb(c.r, c.g, c.b, c.opacity).toString());
  });
});
