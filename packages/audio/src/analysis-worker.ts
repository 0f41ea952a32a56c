// A worker thread of analyzeAlbum: measures one file per message and posts the result back.
import { parentPort } from 'node:worker_threads';
import { createLogger, toTapeopError } from '@tapeop/core';
import { measureFile } from './analyze/analyze-file.js';
import type { WorkerJob, WorkerMessage } from './analyze/worker-messages.js';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

port.on('message', async (job: WorkerJob) => {
  let lastProgress = 0;
  const logger = createLogger((record) => post({ type: 'log', id: job.id, record }), 'audio');
  try {
    const { analysis, blockEnergies, shortTermEnergies } = await measureFile(job.path, {
      ...job.options,
      logger,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastProgress < 50 && progress.framesDone < progress.frames) return;
        lastProgress = now;
        post({ type: 'progress', id: job.id, progress });
      },
    });
    post({ type: 'done', id: job.id, analysis, blockEnergies, shortTermEnergies }, [
      blockEnergies.buffer as ArrayBuffer,
      shortTermEnergies.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    post({ type: 'failed', id: job.id, error: toTapeopError(error).toJSON() });
  }
});
