import { describe, expect, it } from 'vitest';
import { formatClock, formatTimecode, parseTimecode } from './timecode.js';

describe('HH:MM:SS.mmm', () => {
  it.each([
    [0, '00:00:00.000'],
    [1.5, '00:00:01.500'],
    [61.25, '00:01:01.250'],
    [3600 + 120 + 3.004, '01:02:03.004'],
    [0.0005, '00:00:00.001'],
    [0.0004, '00:00:00.000'],
    [59.9996, '00:01:00.000'],
    [-2.5, '-00:00:02.500'],
    [-0.0004, '00:00:00.000'],
    [100 * 3600, '100:00:00.000'],
  ])('formats %d as %s', (seconds, text) => {
    expect(formatTimecode(seconds)).toBe(text);
  });

  it.each([
    ['00:00:00.000', 0],
    ['01:02:03.004', 3723.004],
    ['1:02:03', 3723],
    ['02:03.5', 123.5],
    ['3.25', 3.25],
    ['-00:00:02.500', -2.5],
    ['00:00:01.123456', 1.123456],
  ])('parses %s', (text, seconds) => {
    expect(parseTimecode(text)).toBeCloseTo(seconds, 9);
  });

  it('round-trips every millisecond step it formats', () => {
    for (let ms = 0; ms < 4 * 3600 * 1000; ms += 997_331) {
      expect(parseTimecode(formatTimecode(ms / 1000))).toBeCloseTo(ms / 1000, 9);
    }
  });

  it.each([
    ['00:60:00.000', /minutes must be below 60/],
    ['00:00:60.000', /seconds must be below 60/],
    ['1:2:3:4', /not a time/],
    ['abc', /not a time/],
    ['', /not a time/],
    ['00:00:01,5', /not a time/],
  ])('rejects %j', (text, message) => {
    expect(() => parseTimecode(text)).toThrow(message);
  });

  it('refuses non-finite times', () => {
    expect(() => formatTimecode(Number.NaN)).toThrow(/not a finite number/);
  });

  it('formats a short clock for people', () => {
    expect(formatClock(245)).toBe('4:05');
    expect(formatClock(3723.4)).toBe('1:02:03');
    expect(formatClock(59.5)).toBe('1:00');
    expect(formatClock(-3)).toBe('0:00');
  });
});
