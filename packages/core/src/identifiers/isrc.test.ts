import { describe, expect, it } from 'vitest';
import { formatIsrc, isIsrc, normalizeIsrc, parseIsrc } from './isrc.js';

describe('ISRC', () => {
  it.each([
    ['GBAAA2400001', 'GBAAA2400001'],
    ['GB-AAA-24-00001', 'GBAAA2400001'],
    ['gb-aaa-24-00001', 'GBAAA2400001'],
    ['ISRC GB AAA 24 00001', 'GBAAA2400001'],
    ['isrc:GB.AAA.24.00001', 'GBAAA2400001'],
    [' US-S1Z-99-00001 ', 'USS1Z9900001'],
    ['QZ_ES5_26_00002', 'QZES52600002'],
    // Iceland (IS) with a registrant starting RC: the code itself begins with "ISRC".
    ['ISRC12400001', 'ISRC12400001'],
    ['is-rc1-24-00001', 'ISRC12400001'],
    ['ISRC ISRC12400001', 'ISRC12400001'],
  ])('normalizes %j', (input, isrc) => {
    expect(normalizeIsrc(input)).toBe(isrc);
    const parsed = parseIsrc(input);
    expect(parsed.ok && parsed.isrc).toBe(isrc);
  });

  it('splits a valid ISRC into its parts', () => {
    expect(parseIsrc('US-S1Z-99-00001')).toEqual({
      ok: true,
      isrc: 'USS1Z9900001',
      parts: { country: 'US', registrant: 'S1Z', year: '99', designation: '00001' },
    });
  });

  it.each([
    [
      'GBAAA240001',
      'has 11 characters without hyphens; an ISRC has 12 characters: 2 letters, 3 letters or digits, 2 digits, 5 digits',
    ],
    [
      '',
      'has 0 characters without hyphens; an ISRC has 12 characters: 2 letters, 3 letters or digits, 2 digits, 5 digits',
    ],
    [
      'G1AAA2400001',
      'country code "G1" must be 2 letters (check for 0 or 1 typed for the letter O or I)',
    ],
    [
      '12AAA2400001',
      'country code "12" must be 2 letters (check for 0 or 1 typed for the letter O or I)',
    ],
    ['GBA#A2400001', 'registrant code "A#A" must be 3 letters or digits'],
    ['GBAAAO400001', 'year "O4" must be 2 digits (check for the letter O or I typed for 0 or 1)'],
    [
      'GBAAA24I0001',
      'designation code "I0001" must be 5 digits (check for the letter O or I typed for 0 or 1)',
    ],
    ['GBAAA240000X', 'designation code "0000X" must be 5 digits'],
  ])('explains what is wrong with %j', (input, reason) => {
    expect(parseIsrc(input)).toEqual({ ok: false, input, reason });
  });

  it('validates only the stored form', () => {
    expect(isIsrc('GBAAA2400001')).toBe(true);
    expect(isIsrc('GB-AAA-24-00001')).toBe(false);
    expect(isIsrc('gbaaa2400001')).toBe(false);
  });

  it('formats for display', () => {
    expect(formatIsrc('GBAAA2400001')).toBe('GB-AAA-24-00001');
    expect(formatIsrc('not one')).toBe('not one');
  });
});
