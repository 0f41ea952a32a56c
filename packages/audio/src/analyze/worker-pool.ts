import { Worker } from 'node:worker_threads';
import { type Logger, TapeopError } from '@tapeop/core';
import type { MeasureOptions } from '../measure/meter-settings.js';
import { analysisWorkerSpec } from '../worker-url.js';
import type { AnalysisProgress, FileMeasurement } from './analyze-file.js';
import type { WorkerJob, WorkerMessage } from './worker-messages.js';

interface Pending {
  job: WorkerJob;
  onProgress: (progress: AnalysisProgress) => void;
  resolve: (measurement: FileMeasurement) => void;
  reject: (error: TapeopError) => void;
}

/** A fixed set of analysis worker threads taking files from one queue. */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    size: number,
    private readonly logger: Logger,
  ) {
    const spec = analysisWorkerSpec();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(spec.script, { eval: spec.eval, execArgv: spec.execArgv });
      worker.on('message', (message: WorkerMessage) => this.onMessage(worker, message));
      worker.on('error', (error) => this.onCrash(worker, error));
      worker.on('exit', (code) => {
        if (!this.closed) this.onCrash(worker, new Error(`worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  measure(
    path: string,
    options: MeasureOptions,
    onProgress: (progress: AnalysisProgress) => void,
  ): Promise<FileMeasurement> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, path, options }, onProgress, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
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
      const { level, message: text, fields } = message.record;
      this.logger[level](text, fields);
      return;
    }
    this.running.delete(worker);
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
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    pending?.reject(
      new TapeopError(
        'INTERNAL',
        `the analysis worker for ${pending.job.path} failed: ${error.message}`,
        {
          details: { path: pending.job.path },
          cause: error,
        },
      ),
    );
    if (this.workers.length === 0) {
      for (const waiting of this.queue.splice(0)) {
        waiting.reject(
          new TapeopError('INTERNAL', `no analysis worker is left to measure ${waiting.job.path}`, {
            details: { path: waiting.job.path },
          }),
        );
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
