import { TapeopError } from '@tapeop/core';
import { type ChannelRole, defaultChannelLayout } from '../dsp/channel-weights.js';
import type { MeterSettings } from './loudness-meter.js';

/** Measurement options shared by every entry point (all optional). */
export interface MeasureOptions {
  /** Channel roles in file order; default: from the WAV channel mask, else the usual order. */
  channelLayout?: ChannelRole[];
  /** A sample at or above this level is at full scale; default: the format's largest code. */
  clipThresholdDbfs?: number;
  /** Consecutive full-scale samples that make a clipping run (default 3, the CD-era rule). */
  clipMinRun?: number;
  /** Clipping runs listed with positions (all runs are counted; default 100). */
  maxClipRuns?: number;
  /** Level at or below which the head and tail count as silence (default −60 dBFS). */
  silenceThresholdDbfs?: number;
  /** Seconds of silence appended for the loudness range (Tech 3342 file meters; default 1.5). */
  lraPaddingSeconds?: number;
}

export const DEFAULT_CLIP_MIN_RUN = 3;
export const DEFAULT_MAX_CLIP_RUNS = 100;
export const DEFAULT_SILENCE_THRESHOLD_DBFS = -60;
export const DEFAULT_LRA_PADDING_SECONDS = 1.5;

/**
 * The largest code of a format as a fraction of full scale: (2^(b−1) − 1) / 2^(b−1) for
 * b-bit integers (the positive peak; −1.0 is reached too), 1.0 for floating point.
 */
export function fullScaleThreshold(sampleFormat: 'int' | 'float', bitsPerSample: number): number {
  if (sampleFormat === 'float') return 1;
  const half = 2 ** (bitsPerSample - 1);
  return Math.fround((half - 1) / half);
}

export function meterSettings(
  format: {
    sampleRate: number;
    channels: number;
    sampleFormat: 'int' | 'float';
    bitsPerSample: number;
    layout?: ChannelRole[];
  },
  options: MeasureOptions = {},
): MeterSettings {
  const layout = options.channelLayout ?? format.layout ?? defaultChannelLayout(format.channels);
  if (layout.length !== format.channels) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `channelLayout lists ${layout.length} channels but the audio has ${format.channels}`,
      { details: { layout, channels: format.channels } },
    );
  }
  return {
    sampleRate: format.sampleRate,
    layout,
    clipThreshold:
      options.clipThresholdDbfs === undefined
        ? fullScaleThreshold(format.sampleFormat, format.bitsPerSample)
        : Math.fround(10 ** (options.clipThresholdDbfs / 20)),
    clipMinRun: options.clipMinRun ?? DEFAULT_CLIP_MIN_RUN,
    maxClipRuns: options.maxClipRuns ?? DEFAULT_MAX_CLIP_RUNS,
    silenceThreshold: 10 ** ((options.silenceThresholdDbfs ?? DEFAULT_SILENCE_THRESHOLD_DBFS) / 20),
    lraPaddingSeconds: options.lraPaddingSeconds ?? DEFAULT_LRA_PADDING_SECONDS,
  };
}
