import { TapeopError } from '../errors/tapeop-error.js';
import { type Rounding, roundBy } from './rounding.js';

function assertRate(sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `sample rate ${sampleRate} is not a positive integer`,
    );
  }
}

function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw new TapeopError('INVALID_ARGUMENT', `${what} ${value} is not a finite number`);
  }
}

/** Seconds to sample frames. Rounds to the nearest sample (half away from zero) by default. */
export function secondsToSamples(
  seconds: number,
  sampleRate: number,
  rounding: Rounding = 'nearest',
): number {
  assertRate(sampleRate);
  assertFinite(seconds, 'time');
  return roundBy(seconds * sampleRate, rounding);
}

/** Sample frames to seconds; exact up to floating point. */
export function samplesToSeconds(samples: number, sampleRate: number): number {
  assertRate(sampleRate);
  assertFinite(samples, 'sample position');
  return samples / sampleRate;
}

/** A position at one rate to the same moment at another rate, rounded to the nearest sample. */
export function convertSampleRate(
  samples: number,
  fromRate: number,
  toRate: number,
  rounding: Rounding = 'nearest',
): number {
  assertRate(fromRate);
  assertRate(toRate);
  assertFinite(samples, 'sample position');
  if (fromRate === toRate) return samples;
  return roundBy((samples * toRate) / fromRate, rounding);
}
