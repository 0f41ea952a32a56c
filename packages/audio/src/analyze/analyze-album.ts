import { availableParallelism } from 'node:os';
import { type Logger, noopLogger, TapeopError, toTapeopError } from '@tapeop/core';
import type { MeasureOptions } from '../measure/meter-settings.js';
import { type AlbumFigures, albumFigures } from './album-figures.js';
import { type AnalysisProgress, type FileMeasurement, measureFile } from './analyze-file.js';
import type { FileAnalysis } from './file-analysis.js';
import { sharedAnalysisPool } from './worker-pool.js';

/** A file that could not be analysed; the album goes on without it. */
export interface FileFailure {
  status: 'failed';
  path: string;
  error: ReturnType<TapeopError['toJSON']>;
}

export type AlbumEntry = (FileAnalysis & { status: 'ok' }) | FileFailure;

export interface AlbumAnalysis {
  /** One entry per path, in the order given. */
  files: AlbumEntry[];
  /** Figures over the files that were analysed; null when none was. */
  album: AlbumFigures | null;
}

export interface AlbumProgress extends AnalysisProgress {
  /** Index of the file in `paths`. */
  fileIndex: number;
  filesDone: number;
  fileCount: number;
  /** Progress of the whole album, 0 … 1 (files weigh equally). */
  albumFraction: number;
}

export interface AnalyzeAlbumOptions extends MeasureOptions {
  /** Files measured at once, each in its own worker thread (default: the number of cores). */
  concurrency?: number;
  /** Use worker threads (default true); false measures one file at a time in this thread. */
  threads?: boolean;
  onProgress?: (progress: AlbumProgress) => void;
  /** Called as each file finishes, in the order they finish. */
  onFile?: (entry: AlbumEntry, fileIndex: number) => void;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * Analyses every file of an album (see analyzeFile for the figures) and the album as a whole:
 * integrated loudness and range of the whole sequence, the loudest and quietest songs and the
 * spread between them. Files are spread over worker threads. A file that cannot be read
 * becomes a `failed` entry with its error (file and byte offset) and the others go on.
 */
export async function analyzeAlbum(
  paths: string[],
  options: AnalyzeAlbumOptions = {},
): Promise<AlbumAnalysis> {
  const logger = options.logger ?? noopLogger;
  const measureOptions: MeasureOptions = {
    ...(options.channelLayout ? { channelLayout: options.channelLayout } : {}),
    ...(options.clipThresholdDbfs !== undefined
      ? { clipThresholdDbfs: options.clipThresholdDbfs }
      : {}),
    ...(options.clipMinRun !== undefined ? { clipMinRun: options.clipMinRun } : {}),
    ...(options.maxClipRuns !== undefined ? { maxClipRuns: options.maxClipRuns } : {}),
    ...(options.silenceThresholdDbfs !== undefined
      ? { silenceThresholdDbfs: options.silenceThresholdDbfs }
      : {}),
    ...(options.lraPaddingSeconds !== undefined
      ? { lraPaddingSeconds: options.lraPaddingSeconds }
      : {}),
  };
  const concurrency = Math.max(
    1,
    Math.min(paths.length, options.concurrency ?? availableParallelism()),
  );
  const useThreads = options.threads ?? true;
  const pool = useThreads && paths.length > 0 ? sharedAnalysisPool(concurrency) : undefined;
  const fractions = new Float64Array(paths.length);
  let filesDone = 0;
  const report = (fileIndex: number, progress: AnalysisProgress) => {
    fractions[fileIndex] = progress.fraction;
    const albumFraction = fractions.reduce((a, b) => a + b, 0) / paths.length;
    options.onProgress?.({
      ...progress,
      fileIndex,
      filesDone,
      fileCount: paths.length,
      albumFraction,
    });
  };

  const measurements: Array<FileMeasurement | undefined> = [];
  const entries: AlbumEntry[] = [];
  const one = async (path: string, index: number) => {
    try {
      if (options.signal?.aborted) {
        throw new TapeopError('CANCELLED', `analysis of ${path} was cancelled`, {
          details: { path },
        });
      }
      const measurement = pool
        ? await pool.measure(
            path,
            measureOptions,
            (p) => report(index, p),
            (record) => logger[record.level](record.message, record.fields),
          )
        : await measureFile(path, {
            ...measureOptions,
            logger,
            onProgress: (p) => report(index, p),
            ...(options.signal ? { signal: options.signal } : {}),
          });
      measurements[index] = measurement;
      entries[index] = { status: 'ok', ...measurement.analysis };
    } catch (error) {
      const failure = toTapeopError(error, 'INTERNAL');
      logger.warn('file not analysed', { path, code: failure.code, message: failure.message });
      entries[index] = { status: 'failed', path, error: failure.toJSON() };
    }
    filesDone++;
    fractions[index] = 1;
    options.onFile?.(entries[index]!, index);
  };

  // `concurrency` files in flight at a time, taken in order.
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < paths.length; index = next++) await one(paths[index]!, index);
  };
  await Promise.all(Array.from({ length: pool ? concurrency : 1 }, lane));
  const measured = measurements.filter((m): m is FileMeasurement => m !== undefined);
  return { files: entries, album: measured.length > 0 ? albumFigures(measured) : null };
}
