/**
 * Rounds half away from zero. Positions in tapeop are converted between rates and units with
 * this one rule, so a value rounds the same way whichever direction it is converted from,
 * and -0.5 and 0.5 are treated alike (Math.round would send -0.5 to -0).
 */
export function roundHalfAwayFromZero(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}

/**
 * Products like 0.1 * 44100 land a hair off an integer (4410.000000000001). Before floor or
 * ceil we snap values within this distance of an integer onto it, so that exact positions
 * stay exact.
 */
const EPSILON = 1e-7;

export function floorTolerant(value: number): number {
  const nearest = Math.round(value);
  return Math.abs(value - nearest) < EPSILON ? nearest : Math.floor(value);
}

export function ceilTolerant(value: number): number {
  const nearest = Math.round(value);
  return Math.abs(value - nearest) < EPSILON ? nearest : Math.ceil(value);
}

export type Rounding = 'nearest' | 'floor' | 'ceil';

export function roundBy(value: number, rounding: Rounding): number {
  if (rounding === 'floor') return floorTolerant(value);
  if (rounding === 'ceil') return ceilTolerant(value);
  return roundHalfAwayFromZero(value);
}
