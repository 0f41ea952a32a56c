import { TapeopError } from '../errors/tapeop-error.js';

/** dB to linear amplitude gain; -Infinity dB (silence) is gain 0. */
export function dbToGain(db: number): number {
  if (Number.isNaN(db)) throw new TapeopError('INVALID_ARGUMENT', 'gain in dB is NaN');
  if (db === Number.NEGATIVE_INFINITY) return 0;
  return 10 ** (db / 20);
}

/** Linear amplitude gain to dB; gain 0 is -Infinity dB. Negative gains are refused: polarity is a separate switch. */
export function gainToDb(gain: number): number {
  if (Number.isNaN(gain) || gain < 0) {
    throw new TapeopError('INVALID_ARGUMENT', `linear gain ${gain} is not a number of 0 or more`);
  }
  if (gain === 0) return Number.NEGATIVE_INFINITY;
  return 20 * Math.log10(gain);
}

/** The minus sign people read in dB figures (U+2212), not the hyphen. */
export const MINUS = '\u2212';

/**
 * `+1.5 dB`, `−0.5 dB`, `0.0 dB`, `−∞ dB`. Values that round to zero print as 0 without a sign,
 * so a change of -0.04 dB never reads as "−0.0 dB".
 */
export function formatDb(
  db: number | null,
  options: { digits?: number; unit?: string } = {},
): string {
  const { digits = 1, unit = 'dB' } = options;
  const suffix = unit ? ` ${unit}` : '';
  if (db === null || db === Number.NEGATIVE_INFINITY) return `${MINUS}∞${suffix}`;
  if (db === Number.POSITIVE_INFINITY) return `+∞${suffix}`;
  const text = Math.abs(db).toFixed(digits);
  if (Number(text) === 0) return `${text}${suffix}`;
  return `${db < 0 ? MINUS : '+'}${text}${suffix}`;
}

const DB_TEXT = /^([+\-\u2212]?)\s*(inf|∞|infinity|\d+(?:\.\d*)?|\.\d+)\s*(?:db)?$/i;

/** Reads `-3`, `+1.5 dB`, `−0.5dB`, `-inf`, `−∞ dB` back to a number. */
export function parseDb(text: string): number {
  const match = DB_TEXT.exec(text.trim());
  if (!match)
    throw new TapeopError('PARSE_ERROR', `"${text}" is not a level in dB (e.g. -3.0 dB, -inf)`);
  const negative = match[1] === '-' || match[1] === MINUS;
  const magnitude = /^(inf|∞|infinity)$/i.test(match[2] ?? '')
    ? Number.POSITIVE_INFINITY
    : Number(match[2]);
  return negative ? -magnitude : magnitude;
}
