import type { LogRecord, TapeopError } from '@tapeop/core';
import type { MeasureOptions } from '../measure/meter-settings.js';
import type { AnalysisProgress } from './analyze-file.js';
import type { FileAnalysis } from './file-analysis.js';

/** What the main thread sends a worker: one file to measure. */
export interface WorkerJob {
  id: number;
  path: string;
  options: MeasureOptions;
}

/** What a worker sends back. */
export type WorkerMessage =
  | { type: 'progress'; id: number; progress: AnalysisProgress }
  | { type: 'log'; id: number; record: LogRecord }
  | {
      type: 'done';
      id: number;
      analysis: FileAnalysis;
      blockEnergies: Float64Array;
      shortTermEnergies: Float64Array;
    }
  | { type: 'failed'; id: number; error: ReturnType<TapeopError['toJSON']> };
