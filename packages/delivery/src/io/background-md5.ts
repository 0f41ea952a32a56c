import { Worker } from 'node:worker_threads';

// MD5 is the slowest step of writing a DDP (about 600 MB/s on one core, while the copy itself
// runs at memory speed), so it runs on its own thread: the image is read and written while the
// previous chunks are hashed. The chunks live in shared memory, so nothing is copied to hash.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const views = workerData.buffers.map((shared) => Buffer.from(shared));
const hash = createHash('md5');
parentPort.on('message', (message) => {
  if (message.type === 'chunk') {
    hash.update(views[message.slot].subarray(0, message.length));
    parentPort.postMessage({ type: 'hashed' });
  } else {
    parentPort.postMessage({ type: 'digest', value: hash.digest('hex') });
  }
});
`;

/** An MD5 computed on a worker thread over chunks written into `buffers` (shared with it). */
export class BackgroundMd5 {
  readonly buffers: Buffer[];
  private readonly worker: Worker;
  // The worker answers in order, so one queue of waiting callers is enough.
  private readonly waiting: Array<{
    resolve: (value: string | undefined) => void;
    reject: (error: unknown) => void;
  }> = [];
  private failure: unknown;

  constructor(slots: number, slotBytes: number) {
    const shared = Array.from({ length: slots }, () => new SharedArrayBuffer(slotBytes));
    this.buffers = shared.map((memory) => Buffer.from(memory));
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { buffers: shared } });
    this.worker.on('message', (message: { type: string; value?: string }) => {
      this.waiting.shift()?.resolve(message.value);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`the MD5 worker stopped with code ${code}`));
    });
  }

  /** Hashes `length` bytes of slot `slot`; resolves when the worker is done with the slot. */
  hash(slot: number, length: number): Promise<void> {
    return this.ask({ type: 'chunk', slot, length }).then(() => undefined);
  }

  async digest(): Promise<string> {
    return (await this.ask({ type: 'digest' })) ?? '';
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private ask(message: object): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(message);
    });
  }

  private fail(error: unknown): void {
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}
