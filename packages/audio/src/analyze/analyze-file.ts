import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { audioFormatOf, openBlockDecoder } from '../decode/audio-reader.js';
import type { BlockDecoder } from '../decode/block-decoder.js';
import { LoudnessMeter } from '../measure/loudness-meter.js';
import { type MeasureOptions, meterSettings } from '../measure/meter-settings.js';
import { type FileAnalysis, toFileAnalysis } from './file-analysis.js';

export interface AnalysisProgress {
  path: string;
  framesDone: number;
  /** Frames in the file. */
  frames: number;
  /** framesDone / frames, 0 … 1. */
  fraction: number;
}

export interface AnalyzeFileOptions extends MeasureOptions {
  /** Called after each block (about every 0.7 s of audio at 48 kHz). */
  onProgress?: (progress: AnalysisProgress) => void;
  signal?: AbortSignal;
  logger?: Logger;
}

/** A file's analysis plus the block energies the album figures are pooled from. */
export interface FileMeasurement {
  analysis: FileAnalysis;
  blockEnergies: Float64Array;
  shortTermEnergies: Float64Array;
}

/** Decodes and measures one file in this thread; the core of analyzeFile and the workers. */
export async function measureFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileMeasurement> {
  const logger = options.logger ?? noopLogger;
  const decoder = await openBlockDecoder(path);
  try {
    return await measureDecoder(decoder, options, logger);
  } finally {
    await decoder.close();
  }
}

async function measureDecoder(
  decoder: BlockDecoder,
  options: AnalyzeFileOptions,
  logger: Logger,
): Promise<FileMeasurement> {
  const path = decoder.header.path;
  const format = audioFormatOf(decoder.header);
  const settings = meterSettings(
    {
      sampleRate: format.sampleRate,
      channels: format.channels,
      sampleFormat: format.sampleFormat,
      bitsPerSample: format.bitsPerSample,
      layout: format.channelLayout,
    },
    options,
  );
  const started = performance.now();
  const meter = new LoudnessMeter(decoder.engine, settings);
  for (;;) {
    if (options.signal?.aborted) {
      throw new TapeopError('CANCELLED', `analysis of ${path} was cancelled`, {
        details: { path },
      });
    }
    const frames = await decoder.next();
    if (frames === 0) break;
    meter.process(frames);
    options.onProgress?.({
      path,
      framesDone: decoder.position,
      frames: format.frames,
      fraction: format.frames > 0 ? decoder.position / format.frames : 1,
    });
  }
  const result = meter.finish();
  if (decoder.position !== format.frames) {
    // FLAC headers may not know their length; everything else must match to the frame.
    format.frames = decoder.position;
    format.durationSec = decoder.position / format.sampleRate;
  }
  const analysis = toFileAnalysis(path, format, result, settings, decoder.nonFinite);
  logger.debug('analysed', {
    path,
    seconds: format.durationSec,
    ms: Math.round(performance.now() - started),
  });
  if (decoder.nonFinite.count > 0) {
    logger.warn('non-finite samples measured as silence', {
      path,
      count: decoder.nonFinite.count,
      firstFrame: decoder.nonFinite.firstFrame,
    });
  }
  return {
    analysis,
    blockEnergies: result.blockEnergies,
    shortTermEnergies: result.shortTermEnergies,
  };
}

/**
 * Measures one audio file: loudness (integrated, momentary and short-term maxima, range),
 * true and sample peak, clipping runs, DC offset, head and tail silence, correlation and PLR.
 * Streams the file block by block in this thread (the event loop gets a turn between blocks);
 * analyzeAlbum spreads files over worker threads.
 *
 * Throws TapeopError: FILE_NOT_FOUND, FILE_UNREADABLE, PARSE_ERROR (damaged or truncated,
 * with the byte offset), UNSUPPORTED (lossy or unknown formats), CANCELLED.
 */
export async function analyzeFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  return (await measureFile(path, options)).analysis;
}
