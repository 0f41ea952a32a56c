import { isTapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import {
  formatTimecnt,
  formatTimepos,
  isExactRate,
  parseTimecnt,
  parseTimepos,
  samplesToSuperclock,
  superclockToSamples,
} from './superclock.js';

describe('superclock', () => {
  it('counts 5,880 ticks per sample at 48 kHz and 6,400 at 44.1 kHz', () => {
    expect(samplesToSuperclock(1, 48_000)).toBe(5_880);
    expect(samplesToSuperclock(1, 44_100)).toBe(6_400);
    expect(formatTimepos(48_000, 48_000)).toBe('a282240000');
    expect(formatTimecnt(96_000, 48_000, 48_000)).toBe('a564480000@a282240000');
  });

  it('converts every sample position exactly at the common rates, up to hours', () => {
    for (const rate of [44_100, 48_000, 88_200, 96_000, 176_400, 192_000]) {
      expect(isExactRate(rate)).toBe(true);
      for (const samples of [0, 1, 587, 588, rate * 3600 * 3 + 17]) {
        expect(superclockToSamples(samplesToSuperclock(samples, rate), rate)).toBe(samples);
      }
    }
    expect(isExactRate(47_999)).toBe(false);
  });

  it('reads positions and lengths as Ardour writes them', () => {
    expect(parseTimepos('a5880', 'x')).toBe(5_880);
    expect(parseTimecnt('a564480000@a282240000', 'x')).toBe(564_480_000);
    expect(parseTimecnt('a100', 'x')).toBe(100);
  });

  it('refuses music-time positions and anything else with a clear error', () => {
    try {
      parseTimepos('b1920', 'S.ardour <Location name="A">');
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'UNSUPPORTED')).toBe(true);
      expect((error as Error).message).toMatch(/<Location name="A">.*music-time/);
    }
    for (const bad of ['', '12', 'a', 'a12x', 'a1.5', ' a1']) {
      expect(() => parseTimepos(bad, 'x')).toThrow(/not an Ardour time position/);
    }
  });
});
