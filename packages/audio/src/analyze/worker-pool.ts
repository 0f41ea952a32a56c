import { Worker } from 'node:worker_threads';
import { type LogRecord, TapeopError } from '@tapeop/core';
import type { MeasureOptions } from '../measure/meter-settings.js';
import { analysisWorkerSpec } from '../worker-url.js';
import type { AnalysisProgress, FileMeasurement } from './analyze-file.js';
import type { WorkerJob, WorkerMessage } from './worker-messages.js';

interface Pending {
  job: WorkerJob;
  onProgress: (progress: AnalysisProgress) => void;
  onLog: (record: LogRecord) => void;
  resolve: (measurement: FileMeasurement) => void;
  reject: (error: TapeopError) => void;
}

/**
 * Analysis worker threads taking files from one queue. The threads stay up between albums
 * (starting one costs more than measuring a short file) but never keep the process alive:
 * a thread is referenced only while it measures.
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;

  get size(): number {
    return this.workers.length;
  }

  /** Starts threads until there are `size`. */
  grow(size: number): void {
    const spec = analysisWorkerSpec();
    while (this.workers.length < size) {
      const worker = new Worker(spec.script, { eval: spec.eval, execArgv: spec.execArgv });
      worker.on('message', (message: WorkerMessage) => this.onMessage(worker, message));
      worker.on('error', (error) => this.onCrash(worker, error));
      worker.on('exit', (code) => {
        if (!this.closed) this.onCrash(worker, new Error(`worker exited with code ${code}`));
      });
      worker.unref();
      this.workers.push(worker);
      this.idle.push(worker);
    }
    this.dispatch();
  }

  measure(
    path: string,
    options: MeasureOptions,
    onProgress: (progress: AnalysisProgress) => void,
    onLog: (record: LogRecord) => void,
  ): Promise<FileMeasurement> {
    return new Promise((resolve, reject) => {
      const job = { id: this.nextId++, path, options };
      this.queue.push({ job, onProgress, onLog, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private onMessage(worker: Worker, message: WorkerMessage): void {
    const pending = this.running.get(worker);
    if (!pending || pending.job.id !== message.id) return;
    if (message.type === 'progress') {
      pending.onProgress(message.progress);
      return;
    }
    if (message.type === 'log') {
      pending.onLog(message.record);
      return;
    }
    this.running.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (message.type === 'done') {
      pending.resolve({
        analysis: message.analysis,
        blockEnergies: message.blockEnergies,
        shortTermEnergies: message.shortTermEnergies,
      });
    } else {
      const { code, message: text, hint, details } = message.error;
      pending.reject(new TapeopError(code, text, { details, ...(hint ? { hint } : {}) }));
    }
    this.dispatch();
  }

  private onCrash(worker: Worker, error: Error): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    for (const list of [this.workers, this.idle]) {
      const index = list.indexOf(worker);
      if (index >= 0) list.splice(index, 1);
    }
    pending?.reject(
      new TapeopError(
        'INTERNAL',
        `the analysis worker for ${pending.job.path} failed: ${error.message}`,
        { details: { path: pending.job.path }, cause: error },
      ),
    );
    // Replace the thread so that the files still queued get measured.
    if (!this.closed && this.queue.length > 0) this.grow(this.workers.length + 1);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) {
      waiting.reject(
        new TapeopError('CANCELLED', `the analysis of ${waiting.job.path} was stopped`, {
          details: { path: waiting.job.path },
        }),
      );
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

let shared: AnalysisPool | undefined;

/** The process's analysis threads, with at least `size` of them. */
export function sharedAnalysisPool(size: number): AnalysisPool {
  shared ??= new AnalysisPool();
  shared.grow(size);
  return shared;
}

/** Stops the analysis threads (they are started again when needed). */
export async function closeAnalysisWorkers(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
