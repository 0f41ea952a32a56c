// BS.1770 K-weighting for any sample rate: the two biquads derived from their analog
// prototypes with the bilinear transform, as libebur128's ebur128_init_filter does. At 48 kHz
// this reproduces the coefficients printed in BS.1770 to 14 decimal places (tested).

export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  /** Denominator, normalised so that a0 = 1: y = b0·x + b1·x1 + b2·x2 − a1·y1 − a2·y2. */
  a1: number;
  a2: number;
}

export interface KWeighting {
  /** Stage 1: the high shelf that models the head. */
  shelf: Biquad;
  /** Stage 2: the revised low-frequency B-curve (RLB) high-pass. */
  highPass: Biquad;
}

const SHELF_F0 = 1681.974450955533;
const SHELF_GAIN_DB = 3.999843853973347;
const SHELF_Q = 0.7071752369554196;
const HIGH_PASS_F0 = 38.13547087602444;
const HIGH_PASS_Q = 0.5003270373238773;

export function kWeighting(sampleRate: number): KWeighting {
  const k1 = Math.tan((Math.PI * SHELF_F0) / sampleRate);
  const vh = 10 ** (SHELF_GAIN_DB / 20);
  const vb = vh ** 0.4996667741545416;
  const a0 = 1 + k1 / SHELF_Q + k1 * k1;
  const shelf: Biquad = {
    b0: (vh + (vb * k1) / SHELF_Q + k1 * k1) / a0,
    b1: (2 * (k1 * k1 - vh)) / a0,
    b2: (vh - (vb * k1) / SHELF_Q + k1 * k1) / a0,
    a1: (2 * (k1 * k1 - 1)) / a0,
    a2: (1 - k1 / SHELF_Q + k1 * k1) / a0,
  };
  const k2 = Math.tan((Math.PI * HIGH_PASS_F0) / sampleRate);
  const d = 1 + k2 / HIGH_PASS_Q + k2 * k2;
  const highPass: Biquad = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (k2 * k2 - 1)) / d,
    a2: (1 - k2 / HIGH_PASS_Q + k2 * k2) / d,
  };
  return { shelf, highPass };
}
