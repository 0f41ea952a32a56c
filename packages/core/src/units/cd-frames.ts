import { TapeopError } from '../errors/tapeop-error.js';
import { type Rounding, roundBy } from './rounding.js';
import { secondsToSamples } from './sample-time.js';

/** Red Book: a CD frame (sector) is 1/75 s: 588 stereo samples at 44.1 kHz, 2352 bytes. */
export const CD_FRAMES_PER_SECOND = 75;
export const CD_SAMPLE_RATE = 44_100;
export const CD_SAMPLES_PER_FRAME = 588;
export const CD_BYTES_PER_FRAME = 2352;
/** Track 1's index 1 comes at 2 s (150 frames) or later. */
export const CD_LEAD_PREGAP_FRAMES = 150;
/** A track lasts at least 4 s (300 frames). */
export const CD_MIN_TRACK_FRAMES = 300;
export const CD_MAX_TRACKS = 99;
/** The original Red Book limit, 74:00:00: longer programmes get a warning. */
export const CD_WARN_FRAMES = 74 * 60 * CD_FRAMES_PER_SECOND;
/** 79:57:74, the ATIP capacity of an 80-minute CD-R: the default hard limit (plants differ). */
export const CD_DEFAULT_MAX_FRAMES = 359_849;

/**
 * Sample position to CD frames. At 44.1 kHz a frame is exactly 588 samples; at other rates
 * the frame is 1/75 s in time, and the result is rounded (nearest by default).
 */
export function samplesToCdFrames(
  samples: number,
  sampleRate: number,
  rounding: Rounding = 'nearest',
): number {
  return roundBy((samples * CD_FRAMES_PER_SECOND) / sampleRate, rounding);
}

/** CD frames to samples at `sampleRate` (exact at 44.1 and 48 kHz; nearest sample otherwise). */
export function cdFramesToSamples(frames: number, sampleRate: number): number {
  return roundBy((frames * sampleRate) / CD_FRAMES_PER_SECOND, 'nearest');
}

/** Moves a sample position onto a CD frame boundary (the nearest one by default). */
export function snapToCdFrame(
  samples: number,
  sampleRate: number,
  rounding: Rounding = 'nearest',
): number {
  return cdFramesToSamples(samplesToCdFrames(samples, sampleRate, rounding), sampleRate);
}

export function secondsToCdFrames(seconds: number, rounding: Rounding = 'nearest'): number {
  return roundBy(seconds * CD_FRAMES_PER_SECOND, rounding);
}

export function cdFramesToSeconds(frames: number): number {
  return frames / CD_FRAMES_PER_SECOND;
}

/** Whole frames to `MM:SS:FF` (minutes are not capped at 99; CUE sheets never need more). */
export function formatMsf(frames: number): string {
  if (!Number.isInteger(frames) || frames < 0) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `${frames} is not a whole, non-negative number of CD frames`,
    );
  }
  const ff = frames % CD_FRAMES_PER_SECOND;
  const totalSeconds = (frames - ff) / CD_FRAMES_PER_SECOND;
  const ss = totalSeconds % 60;
  const mm = (totalSeconds - ss) / 60;
  return `${pad2(mm)}:${pad2(ss)}:${pad2(ff)}`;
}

const MSF = /^(\d{1,3}):(\d{2}):(\d{2})$/;

/** `MM:SS:FF` to frames. Seconds must be below 60 and frames below 75. */
export function parseMsf(text: string): number {
  const match = MSF.exec(text.trim());
  if (!match) {
    throw new TapeopError('PARSE_ERROR', `"${text}" is not a CD time (MM:SS:FF, e.g. 04:58:10)`);
  }
  const [mm, ss, ff] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (ss >= 60) throw new TapeopError('PARSE_ERROR', `"${text}": seconds must be below 60`);
  if (ff >= CD_FRAMES_PER_SECOND) {
    throw new TapeopError(
      'PARSE_ERROR',
      `"${text}": frames must be below 75 (a CD second has 75 frames)`,
    );
  }
  return (mm * 60 + ss) * CD_FRAMES_PER_SECOND + ff;
}

/** Seconds to the nearest CD frame, then to samples: how gaps in seconds land on a CD timeline. */
export function secondsToCdAlignedSamples(seconds: number, sampleRate: number): number {
  if (sampleRate === CD_SAMPLE_RATE) {
    return secondsToCdFrames(seconds) * CD_SAMPLES_PER_FRAME;
  }
  return snapToCdFrame(secondsToSamples(seconds, sampleRate), sampleRate);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
