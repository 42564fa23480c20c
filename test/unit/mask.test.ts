import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskId, maskName } from '@strata/sdk';

describe('maskName', () => {
  it('keeps the first and the last character of a name', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('北方机械有限公司')).toBe('北******司');
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe(null);
  });

  it('counts characters as code points (never half a surrogate pair)', () => {
    expect(maskName('𠮷野家')).toBe('𠮷*家');
    expect(maskName('王𠮷')).toBe('王*');
  });

  it('never shows more than the first and the last character, and keeps the length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', minLength: 3 }), (name) => {
        const chars = Array.from(name);
        const masked = Array.from(maskName(name));
        expect(masked.length).toBe(chars.length);
        expect(masked[0]).toBe(chars[0]);
        expect(masked.at(-1)).toBe(chars.at(-1));
        expect(masked.slice(1, -1).every((c) => c === '*')).toBe(true);
      }),
    );
  });
});

describe('maskId', () => {
  it('keeps the first four and the last four characters', () => {
    expect(maskId('110101199001011234')).toBe('1101**********1234');
    expect(maskId('11010119900101123X')).toBe('1101**********123X');
    expect(maskId('1234567890123456')).toBe('1234********3456');
    expect(maskId(null)).toBe(null);
    expect(maskId('')).toBe('');
  });

  it('never shows a short id whole', () => {
    expect(maskId('123456789')).toBe('12*****89');
    expect(maskId('C00012345')).toBe('C0*****45');
    expect(maskId('12345678')).toBe('12****78');
    expect(maskId('C000123')).toBe('C*****3');
    expect(maskId('C1')).toBe('**');
    expect(maskId('C')).toBe('*');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (id) => {
        const masked = maskId(id);
        expect(Array.from(masked).length).toBe(Array.from(id).length);
        expect(masked).toContain('*');
        // At least half of the characters are hidden.
        expect(Array.from(masked).filter((c) => c === '*').length).toBeGreaterThanOrEqual(Array.from(id).length / 2);
        if (!id.includes('*')) expect(masked).not.toBe(id);
      }),
    );
  });
});
