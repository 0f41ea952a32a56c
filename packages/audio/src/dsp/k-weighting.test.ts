import { describe, expect, it } from 'vitest';
import { kWeighting } from './k-weighting.js';

describe('kWeighting', () => {
  it('reproduces the BS.1770 coefficients at 48 kHz to 14 decimal places', () => {
    const { shelf, highPass } = kWeighting(48000);
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-14);
    close(shelf.b0, 1.53512485958697);
    close(shelf.b1, -2.69169618940638);
    close(shelf.b2, 1.19839281085285);
    close(shelf.a1, -1.69065929318241);
    close(shelf.a2, 0.73248077421585);
    close(highPass.a1, -1.99004745483398);
    close(highPass.a2, 0.99007225036621);
  });

  it('derives the 44.1 kHz coefficients given in the delivery doc', () => {
    const { shelf, highPass } = kWeighting(44100);
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-13);
    close(shelf.b0, 1.53084123005035);
    close(shelf.b1, -2.65097999515473);
    close(shelf.b2, 1.16907907992159);
    close(shelf.a1, -1.66365511325602);
    close(shelf.a2, 0.71259542807323);
    close(highPass.a1, -1.9891696736298);
    close(highPass.a2, 0.98919903578704);
  });

  it('keeps the high-pass numerator at 1, −2, 1 at every rate (the kernels rely on it)', () => {
    for (const rate of [8000, 22050, 44100, 48000, 96000, 192000, 384000]) {
      const { highPass } = kWeighting(rate);
      expect([highPass.b0, highPass.b1, highPass.b2]).toEqual([1, -2, 1]);
    }
  });
});
