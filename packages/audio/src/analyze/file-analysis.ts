import type { AudioFormat } from '../decode/audio-reader.js';
import type { NonFiniteReport } from '../decode/block-decoder.js';
import type { ChannelRole } from '../dsp/channel-weights.js';
import type { MeterResult, MeterSettings } from '../measure/loudness-meter.js';

/** One clipping run: consecutive samples at full scale on one channel. */
export interface ClipRun {
  /** 0-based channel index. */
  channel: number;
  /** Frame index of the first sample of the run. */
  startFrame: number;
  /** `startFrame / sampleRate`. */
  startSec: number;
  /** Samples in the run. */
  length: number;
}

export interface ClippingReport {
  /** The level counted as full scale, dBFS (the format's largest code unless set). */
  thresholdDbfs: number;
  /** Consecutive full-scale samples that make a run. */
  minRun: number;
  /** Runs found (all of them). */
  runCount: number;
  /** Samples at full scale, in runs or alone, over all channels. */
  clippedSamples: number;
  /** The first runs, in file order per channel, at most `maxClipRuns` (default 100). */
  runs: ClipRun[];
}

export interface ChannelFigures {
  role: ChannelRole;
  samplePeakDbfs: number | null;
  truePeakDbtp: number | null;
  /** Unweighted RMS level. */
  rmsDbfs: number | null;
  /** Mean sample value as a fraction of full scale. */
  dcOffset: number;
}

/**
 * The analysis of one file. Levels are rounded to 0.01; a level of silence (minus infinity)
 * is null, so the object is plain JSON.
 */
export interface FileAnalysis {
  path: string;
  format: AudioFormat;
  /** Integrated loudness, BS.1770-4/-5 gated (LUFS); null when everything is below −70. */
  integratedLufs: number | null;
  /** Largest momentary loudness (400 ms window, every 10 ms), LUFS. */
  momentaryMaxLufs: number | null;
  /** Largest short-term loudness (3 s window, every 10 ms), LUFS. */
  shortTermMaxLufs: number | null;
  /** Loudness range (EBU Tech 3342), LU; null for programmes under 3 s or silence. */
  loudnessRangeLu: number | null;
  /** True peak (BS.1770 Annex 2), dBTP, largest over all channels. */
  truePeakDbtp: number | null;
  /** The oversampling used for the true peak: 4 below 96 kHz, 2 up to 192 kHz, else 1. */
  truePeakOversampling: 1 | 2 | 4;
  /** Largest sample magnitude, dBFS. */
  samplePeakDbfs: number | null;
  clipping: ClippingReport;
  /** Mean sample value per channel as a fraction of full scale (DC offset). */
  dcOffset: number[];
  /** Seconds before the first sample above the silence threshold. */
  headSilenceSec: number;
  /** Seconds after the last sample above the silence threshold. */
  tailSilenceSec: number;
  /** The silence threshold used, dBFS. */
  silenceThresholdDbfs: number;
  /** Pearson correlation of L and R (−1 … +1); null unless the first two channels are L/R. */
  correlation: number | null;
  /** Peak-to-loudness ratio: truePeakDbtp − integratedLufs, dB. */
  plrDb: number | null;
  /** NaN or infinite samples in a float file: counted, measured as 0, first frame given. */
  nonFiniteSamples: NonFiniteReport;
  channels: ChannelFigures[];
}

const round = (value: number, digits = 2) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** dB of a linear level, rounded; null for silence. */
export function levelDb(linear: number): number | null {
  return linear > 0 ? round(20 * Math.log10(linear)) : null;
}

const maybe = (value: number | null) => (value === null ? null : round(value));

export function toFileAnalysis(
  path: string,
  format: AudioFormat,
  result: MeterResult,
  settings: MeterSettings,
  nonFinite: NonFiniteReport,
): FileAnalysis {
  const rate = format.sampleRate;
  const samplePeak = Math.max(0, ...result.channels.map((c) => c.samplePeak));
  const truePeak = Math.max(0, ...result.channels.map((c) => c.truePeak));
  const truePeakDbtp = levelDb(truePeak);
  const integratedLufs = maybe(result.integratedLufs);
  return {
    path,
    format,
    integratedLufs,
    momentaryMaxLufs: maybe(result.momentaryMaxLufs),
    shortTermMaxLufs: maybe(result.shortTermMaxLufs),
    loudnessRangeLu: maybe(result.loudnessRangeLu),
    truePeakDbtp,
    truePeakOversampling: result.truePeakOversampling,
    samplePeakDbfs: levelDb(samplePeak),
    clipping: {
      thresholdDbfs: round(20 * Math.log10(settings.clipThreshold), 4),
      minRun: settings.clipMinRun,
      runCount: result.clipping.runCount,
      clippedSamples: result.clipping.clippedSamples,
      runs: result.clipping.runs.map((r) => ({
        channel: r.channel,
        startFrame: r.startFrame,
        startSec: round(r.startFrame / rate, 4),
        length: r.length,
      })),
    },
    dcOffset: result.channels.map((c) => round(c.mean, 7)),
    headSilenceSec: round(result.headSilenceFrames / rate, 3),
    tailSilenceSec: round(result.tailSilenceFrames / rate, 3),
    silenceThresholdDbfs: round(20 * Math.log10(settings.silenceThreshold), 1),
    correlation: result.correlation === null ? null : round(result.correlation, 3),
    plrDb:
      truePeakDbtp !== null && result.integratedLufs !== null
        ? round(20 * Math.log10(truePeak) - result.integratedLufs)
        : null,
    nonFiniteSamples: { ...nonFinite },
    channels: result.channels.map((c) => ({
      role: c.role,
      samplePeakDbfs: levelDb(c.samplePeak),
      truePeakDbtp: levelDb(c.truePeak),
      rmsDbfs: levelDb(Math.sqrt(c.meanSquare)),
      dcOffset: round(c.mean, 7),
    })),
  };
}
