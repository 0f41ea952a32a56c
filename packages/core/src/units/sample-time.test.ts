import { describe, expect, it } from 'vitest';
import { ceilTolerant, floorTolerant, roundHalfAwayFromZero } from './rounding.js';
import { convertSampleRate, samplesToSeconds, secondsToSamples } from './sample-time.js';

describe('rounding', () => {
  it('rounds halves away from zero and never returns -0', () => {
    expect(roundHalfAwayFromZero(0.5)).toBe(1);
    expect(roundHalfAwayFromZero(-0.5)).toBe(-1);
    expect(roundHalfAwayFromZero(2.4999)).toBe(2);
    expect(Object.is(roundHalfAwayFromZero(-0.2), 0)).toBe(true);
  });

  it('floors and ceils values a hair off an integer onto it', () => {
    expect(floorTolerant(0.1 * 3 * 10)).toBe(3); // 3.0000000000000004
    expect(ceilTolerant(4410.000000000001)).toBe(4410);
    expect(floorTolerant(2.7)).toBe(2);
    expect(ceilTolerant(2.2)).toBe(3);
  });
});

describe('samples and seconds', () => {
  it('converts seconds to samples, rounding to the nearest sample', () => {
    expect(secondsToSamples(1, 44_100)).toBe(44_100);
    expect(secondsToSamples(0.1, 44_100)).toBe(4410);
    expect(secondsToSamples(2.5, 48_000)).toBe(120_000);
    expect(secondsToSamples(1 / 3, 44_100)).toBe(14_700);
    expect(secondsToSamples(0.00001, 44_100)).toBe(0);
    expect(secondsToSamples(0.0000114, 44_100)).toBe(1); // 0.50274 samples
    expect(secondsToSamples(0.0001, 44_100, 'floor')).toBe(4);
    expect(secondsToSamples(0.0001, 44_100, 'ceil')).toBe(5);
  });

  it('converts samples to seconds exactly', () => {
    expect(samplesToSeconds(44_100, 44_100)).toBe(1);
    expect(samplesToSeconds(22_050, 44_100)).toBe(0.5);
    expect(samplesToSeconds(0, 96_000)).toBe(0);
  });

  it('round-trips sample positions through seconds at common rates', () => {
    for (const rate of [44_100, 48_000, 88_200, 96_000, 192_000]) {
      for (const samples of [0, 1, 587, 588, 123_456_789, 2 ** 40]) {
        expect(secondsToSamples(samplesToSeconds(samples, rate), rate)).toBe(samples);
      }
    }
  });

  it('moves a position between rates', () => {
    expect(convertSampleRate(48_000, 48_000, 44_100)).toBe(44_100);
    expect(convertSampleRate(1, 48_000, 44_100)).toBe(1); // 0.91875
    expect(convertSampleRate(1, 48_000, 44_100, 'floor')).toBe(0);
    expect(convertSampleRate(441, 44_100, 96_000)).toBe(960);
    expect(convertSampleRate(777, 96_000, 96_000)).toBe(777);
  });

  it('refuses rates that are not positive integers and non-finite times', () => {
    expect(() => secondsToSamples(1, 0)).toThrow(/sample rate 0/);
    expect(() => secondsToSamples(1, 44_100.5)).toThrow(/sample rate/);
    expect(() => secondsToSamples(Number.NaN, 44_100)).toThrow(/not a finite number/);
    expect(() => samplesToSeconds(Number.POSITIVE_INFINITY, 44_100)).toThrow(/not a finite number/);
    expect(() => convertSampleRate(1, 44_100, -1)).toThrow(/sample rate -1/);
  });
});
