import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatBytes,
  formatGap,
  formatLevel,
  formatPosition,
  formatSeconds,
} from './format.js';

describe('format', () => {
  it('prints play positions in tenths', () => {
    expect(formatPosition(0)).toBe('0:00.0');
    expect(formatPosition(83.46)).toBe('1:23.4');
    expect(formatPosition(3723.45)).toBe('1:02:03.4');
    expect(formatPosition(-3)).toBe('0:00.0');
    expect(formatPosition(59.99)).toBe('0:59.9');
  });

  it('prints lengths, gaps, levels, ages and sizes', () => {
    expect(formatSeconds(245)).toBe('4:05');
    expect(formatSeconds(2.5)).toBe('0:02.5');
    expect(formatGap(2.5)).toBe('2.5 s');
    expect(formatGap(0.1 + 0.2)).toBe('0.3 s');
    expect(formatLevel(-14.24, 'LUFS')).toBe('\u221214.2 LUFS');
    expect(formatLevel(-0.04, 'dB')).toBe('0.0 dB');
    expect(formatLevel(null, 'dBTP')).toBe('n/a');
    expect(formatLevel(Number.NEGATIVE_INFINITY, 'dB')).toBe('\u2212∞ dB');
    expect(formatAge(800)).toBe('just now');
    expect(formatAge(12_000)).toBe('12 s ago');
    expect(formatBytes(21_160)).toBe('21.2 kB');
  });
});
