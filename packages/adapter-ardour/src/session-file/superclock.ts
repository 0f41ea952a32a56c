import { TapeopError } from '@tapeop/core';

/**
 * Ardour 7 stores audio-time positions in "superclock" ticks: 282,240,000 per second, a number
 * every common sample rate divides, so a sample position converts exactly
 * (48 kHz: 5,880 ticks per sample; 44.1 kHz: 6,400).
 */
export const SUPERCLOCK_PER_SECOND = 282_240_000;

/** Whether positions at `sampleRate` convert to superclock ticks without rounding. */
export function isExactRate(sampleRate: number): boolean {
  return Number.isInteger(sampleRate) && sampleRate > 0 && SUPERCLOCK_PER_SECOND % sampleRate === 0;
}

export function samplesToSuperclock(samples: number, sampleRate: number): number {
  if (isExactRate(sampleRate)) return samples * (SUPERCLOCK_PER_SECOND / sampleRate);
  return Math.round((samples * SUPERCLOCK_PER_SECOND) / sampleRate);
}

export function superclockToSamples(ticks: number, sampleRate: number): number {
  if (isExactRate(sampleRate)) return Math.round(ticks / (SUPERCLOCK_PER_SECOND / sampleRate));
  return Math.round((ticks * sampleRate) / SUPERCLOCK_PER_SECOND);
}

/** `a<ticks>`: an audio-time position as Ardour writes it. */
export function formatTimepos(samples: number, sampleRate: number): string {
  return `a${samplesToSuperclock(samples, sampleRate)}`;
}

/** `a<length>@a<position>`: a duration anchored at a position, as Ardour writes region lengths. */
export function formatTimecnt(lengthSamples: number, positionSamples: number, sampleRate: number) {
  return `${formatTimepos(lengthSamples, sampleRate)}@${formatTimepos(positionSamples, sampleRate)}`;
}

const TIMEPOS = /^a(-?\d+)$/;
const BEATPOS = /^b(-?\d+)$/;

/**
 * Reads an `a<ticks>` position. Music-time positions (`b<ticks>`, glued to bars and beats)
 * depend on the tempo map, which tapeop does not evaluate: they are refused with a clear error.
 */
export function parseTimepos(text: string, where: string): number {
  const match = TIMEPOS.exec(text);
  if (match) return Number(match[1]);
  if (BEATPOS.test(text)) {
    throw new TapeopError(
      'UNSUPPORTED',
      `${where}: "${text}" is a music-time (bars and beats) position, which tapeop does not read`,
      {
        hint: 'In Ardour, set the item or marker to audio time (unglue it from bars and beats) and save again.',
      },
    );
  }
  throw new TapeopError('PARSE_ERROR', `${where}: "${text}" is not an Ardour time position`, {
    details: { where, value: text },
  });
}

/** Reads `a<length>@a<position>` (or a bare `a<length>`) and returns the length. */
export function parseTimecnt(text: string, where: string): number {
  const at = text.indexOf('@');
  return parseTimepos(at < 0 ? text : text.slice(0, at), where);
}
