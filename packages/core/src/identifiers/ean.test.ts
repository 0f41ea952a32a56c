import { describe, expect, it } from 'vitest';
import { eanCheckDigit, isEan13, normalizeEan, parseEan } from './ean.js';

describe('UPC/EAN-13', () => {
  it('computes check digits (cd-delivery doc §2 examples)', () => {
    expect(eanCheckDigit('501001708843')).toBe(9);
    expect(eanCheckDigit('978096409230')).toBe(3);
    expect(eanCheckDigit('000000000000')).toBe(0);
    expect(() => eanCheckDigit('12345')).toThrow(RangeError);
  });

  it('validates EAN-13s', () => {
    expect(isEan13('9780964092303')).toBe(true);
    expect(isEan13('5010017088439')).toBe(true);
    expect(isEan13('5010017088438')).toBe(false);
    expect(isEan13('501001708843')).toBe(false);
  });

  it('turns a UPC-A into EAN-13 with a leading 0', () => {
    expect(parseEan('036000291452')).toEqual({ ok: true, ean: '0036000291452', wasUpcA: true });
    expect(normalizeEan('0 36000 29145 2')).toBe('0036000291452');
    expect(normalizeEan('978-0-9640923-0-3')).toBe('9780964092303');
  });

  it('finds every single-digit typing mistake', () => {
    const good = '5010017088439';
    for (let i = 0; i < 13; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        const typo = good.slice(0, i) + d + good.slice(i + 1);
        expect(isEan13(typo), typo).toBe(false);
      }
    }
  });

  it.each([
    [
      '5010017088438',
      'has the check digit 8, but the first digits give 9; check the number for a typing mistake',
    ],
    [
      '50100170884',
      'has 11 digits; a UPC/EAN is 13 digits with a valid check digit, or a 12-digit UPC-A',
    ],
    [
      '50100170884391',
      'has 14 digits; a UPC/EAN is 13 digits with a valid check digit, or a 12-digit UPC-A',
    ],
    [
      '501001708843X',
      'contains characters other than digits; a UPC/EAN is 13 digits with a valid check digit, or a 12-digit UPC-A',
    ],
    [
      '',
      'contains characters other than digits; a UPC/EAN is 13 digits with a valid check digit, or a 12-digit UPC-A',
    ],
  ])('explains what is wrong with %j', (input, reason) => {
    expect(parseEan(input)).toEqual({ ok: false, input, reason });
    expect(normalizeEan(input)).toBeUndefined();
  });
});
