import { describe, expect, it } from 'vitest';
import { compareNatural, sortNatural } from './natural-sort.js';

describe('natural sort', () => {
  it('puts 2 before 10 and leading zeros where they belong', () => {
    const names = ['10 Ten.wav', '2 Two.wav', '1 One.wav', '02b.wav', '003 Three.wav'];
    expect([...names].sort(compareNatural)).toEqual([
      '1 One.wav',
      '2 Two.wav',
      '02b.wav',
      '003 Three.wav',
      '10 Ten.wav',
    ]);
  });

  it('compares version numbers inside names', () => {
    expect(sortNatural(['Song v10.wav', 'Song v9.wav', 'Song v1.wav'], (n) => n)).toEqual([
      'Song v1.wav',
      'Song v9.wav',
      'Song v10.wav',
    ]);
  });

  it('ignores case and accents, then falls back to the exact text', () => {
    expect(compareNatural('café.wav', 'Cafe.wav')).not.toBe(0);
    expect(['b.wav', 'B.wav', 'a.wav'].sort(compareNatural)).toEqual(['a.wav', 'B.wav', 'b.wav']);
    expect(['Écho.wav', 'Delta.wav', 'Fox.wav'].sort(compareNatural)).toEqual([
      'Delta.wav',
      'Écho.wav',
      'Fox.wav',
    ]);
  });

  it('handles numbers longer than a double holds', () => {
    expect(compareNatural('x123456789012345678901', 'x123456789012345678902')).toBeLessThan(0);
  });

  it('sorts A1..A5 before B1 (vinyl sides)', () => {
    expect(['B1 x.wav', 'A10 y.wav', 'A2 z.wav'].sort(compareNatural)).toEqual([
      'A2 z.wav',
      'A10 y.wav',
      'B1 x.wav',
    ]);
  });
});
