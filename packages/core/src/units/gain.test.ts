import { describe, expect, it } from 'vitest';
import { dbToGain, formatDb, gainToDb, MINUS, parseDb } from './gain.js';

describe('dB and linear gain', () => {
  it('converts the reference points', () => {
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-6)).toBeCloseTo(0.501187, 6);
    expect(dbToGain(20)).toBeCloseTo(10, 12);
    expect(gainToDb(0.5)).toBeCloseTo(-6.0206, 4);
    expect(gainToDb(1)).toBe(0);
    expect(gainToDb(2)).toBeCloseTo(6.0206, 4);
  });

  it('treats silence as -Infinity dB both ways', () => {
    expect(dbToGain(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(gainToDb(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('round-trips levels from -120 to +24 dB', () => {
    for (let db = -120; db <= 24; db += 0.25) expect(gainToDb(dbToGain(db))).toBeCloseTo(db, 9);
  });

  it('refuses NaN and negative gains', () => {
    expect(() => dbToGain(Number.NaN)).toThrow(/NaN/);
    expect(() => gainToDb(-0.5)).toThrow(/not a number of 0 or more/);
    expect(() => gainToDb(Number.NaN)).toThrow(/not a number of 0 or more/);
  });

  it('formats dB the way engineers read it', () => {
    expect(formatDb(1.5)).toBe('+1.5 dB');
    expect(formatDb(-0.5)).toBe(`${MINUS}0.5 dB`);
    expect(formatDb(0)).toBe('0.0 dB');
    expect(formatDb(-0.04)).toBe('0.0 dB');
    expect(formatDb(-0.05)).toBe(`${MINUS}0.1 dB`);
    expect(formatDb(null)).toBe(`${MINUS}∞ dB`);
    expect(formatDb(Number.NEGATIVE_INFINITY)).toBe(`${MINUS}∞ dB`);
    expect(formatDb(-1, { digits: 2, unit: 'dBTP' })).toBe(`${MINUS}1.00 dBTP`);
    expect(formatDb(3, { unit: '' })).toBe('+3.0');
  });

  it.each([
    ['-3', -3],
    ['+1.5 dB', 1.5],
    [`${MINUS}0.5dB`, -0.5],
    ['0', 0],
    ['.5', 0.5],
    ['-inf', Number.NEGATIVE_INFINITY],
    [`${MINUS}∞ dB`, Number.NEGATIVE_INFINITY],
    ['12 DB', 12],
  ])('parses %j', (text, db) => {
    expect(parseDb(text)).toBe(db);
  });

  it.each(['loud', '', '3 dBFS', '1.2.3', '--3'])('rejects %j', (text) => {
    expect(() => parseDb(text)).toThrow(/not a level in dB/);
  });

  it('reads back what it formats', () => {
    for (const db of [-60, -12.3, -0.5, 0, 0.7, 6])
      expect(parseDb(formatDb(db))).toBeCloseTo(db, 1);
  });
});
