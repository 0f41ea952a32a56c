import { describe, expect, it } from 'vitest';
import { readExtendedFloat, writeExtendedFloat } from './extended-float.js';

describe('80-bit extended float (AIFF sample rates)', () => {
  it('reads the bytes AIFF writers put down for 44.1 kHz and 48 kHz', () => {
    expect(readExtendedFloat(Buffer.from('400eac44000000000000', 'hex'))).toBe(44100);
    expect(readExtendedFloat(Buffer.from('400ebb80000000000000', 'hex'))).toBe(48000);
  });

  it.each([8000, 11025, 22050, 44100, 48000, 88200, 96000, 176400, 192000, 352800, 384000, 0.5, 1])(
    'round-trips %f',
    (value) => {
      expect(readExtendedFloat(writeExtendedFloat(value))).toBe(value);
    },
  );

  it('reads zero, negative numbers and gives NaN for infinities', () => {
    expect(readExtendedFloat(Buffer.alloc(10))).toBe(0);
    expect(readExtendedFloat(Buffer.from('c00eac44000000000000', 'hex'))).toBe(-44100);
    expect(readExtendedFloat(Buffer.from('7fff8000000000000000', 'hex'))).toBeNaN();
  });

  it('refuses to write what no sample rate can be', () => {
    expect(() => writeExtendedFloat(-1)).toThrow(RangeError);
    expect(() => writeExtendedFloat(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
