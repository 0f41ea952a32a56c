import { TapeopError } from '../errors/tapeop-error.js';
import { roundHalfAwayFromZero } from './rounding.js';

/**
 * Seconds to `HH:MM:SS.mmm`, rounded to the nearest millisecond (half away from zero).
 * Negative times get a leading '-'.
 */
export function formatTimecode(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    throw new TapeopError('INVALID_ARGUMENT', `time ${seconds} is not a finite number`);
  }
  const rounded = roundHalfAwayFromZero(seconds * 1000);
  // The sign of what is printed: -0.0004 s rounds to 0 ms and prints without a minus.
  const sign = rounded < 0 ? '-' : '';
  const totalMs = Math.abs(rounded);
  const ms = totalMs % 1000;
  const totalSeconds = (totalMs - ms) / 1000;
  const ss = totalSeconds % 60;
  const totalMinutes = (totalSeconds - ss) / 60;
  const mm = totalMinutes % 60;
  const hh = (totalMinutes - mm) / 60;
  return `${sign}${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}.${pad(ms, 3)}`;
}

const TIMECODE = /^(-)?(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2})(?:\.(\d{1,9}))?$/;

/**
 * `HH:MM:SS.mmm`, `MM:SS.mmm` or `SS.mmm` (fraction optional, any number of digits) to
 * seconds. Minutes and seconds fields must be below 60 when a larger field precedes them.
 */
export function parseTimecode(text: string): number {
  const match = TIMECODE.exec(text.trim());
  if (!match) {
    throw new TapeopError(
      'PARSE_ERROR',
      `"${text}" is not a time (HH:MM:SS.mmm, e.g. 00:04:05.250)`,
    );
  }
  const [, minus, hh, mm, ss, fraction] = match;
  const hours = hh ? Number(hh) : 0;
  const minutes = mm ? Number(mm) : 0;
  const secs = Number(ss);
  if (mm !== undefined && secs >= 60) {
    throw new TapeopError('PARSE_ERROR', `"${text}": seconds must be below 60`);
  }
  if (hh !== undefined && minutes >= 60) {
    throw new TapeopError('PARSE_ERROR', `"${text}": minutes must be below 60`);
  }
  const value = hours * 3600 + minutes * 60 + secs + (fraction ? Number(`0.${fraction}`) : 0);
  return minus ? -value : value;
}

/** A short clock for people: `4:05` or `1:02:03` (rounded to the nearest second). */
export function formatClock(seconds: number): string {
  const total = Math.max(0, roundHalfAwayFromZero(seconds));
  const ss = total % 60;
  const minutes = (total - ss) / 60;
  const mm = minutes % 60;
  const hh = (minutes - mm) / 60;
  return hh > 0 ? `${hh}:${pad(mm, 2)}:${pad(ss, 2)}` : `${mm}:${pad(ss, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
