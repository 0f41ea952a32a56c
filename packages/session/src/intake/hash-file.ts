import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { TapeopError } from '@tapeop/core';

export interface HashOptions {
  /** Called after each chunk with the number of bytes it held. */
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal;
}

const CHUNK_BYTES = 1024 * 1024;

/** SHA-256 of a whole file, lower-case hex, read as a stream in 1 MiB chunks. */
export async function sha256File(path: string, options: HashOptions = {}): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) {
        throw new TapeopError('CANCELLED', `hashing ${path} was cancelled`, { details: { path } });
      }
      hash.update(chunk);
      options.onBytes?.(chunk.length);
    }
  } catch (error) {
    if (error instanceof TapeopError) throw error;
    throw new TapeopError(
      'IO_ERROR',
      `${path} could not be read to the end: ${(error as Error).message}`,
      {
        details: { path },
        cause: error,
      },
    );
  } finally {
    stream.destroy();
  }
  return hash.digest('hex');
}
