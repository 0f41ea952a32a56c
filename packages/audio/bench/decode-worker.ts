// Benchmark worker: decodes files with @tapeop/audio's reader and nothing else.
import { parentPort } from 'node:worker_threads';
import { openAudio } from '../src/index.js';

parentPort?.on('message', async (path: string) => {
  let frames = 0;
  let sum = 0;
  const reader = await openAudio(path);
  for await (const block of reader) {
    frames += block.frames;
    sum += block.channels[0]![block.frames - 1]!; // touch the output
  }
  parentPort?.postMessage({ path, frames, sum });
});
