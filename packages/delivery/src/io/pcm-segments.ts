import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { TapeopError } from '@tapeop/core';
import { BackgroundMd5 } from './background-md5.js';

/**
 * A stretch of 16-bit stereo PCM: digital silence, or bytes of a file (the data chunk of a WAV,
 * a slice of an IMAGE.DAT). A disc image or a per-song master is a list of these, streamed in
 * order, so no deliverable ever holds the whole programme in memory.
 */
export type PcmSegment =
  | { kind: 'silence'; bytes: number }
  | {
      kind: 'file';
      path: string;
      /** Where the segment's first byte is in the file. */
      offset: number;
      bytes: number;
      /** Byte order of the samples in the file; big-endian input is swapped to little-endian. */
      byteOrder?: 'little' | 'big';
    };

export function segmentsLength(segments: readonly PcmSegment[]): number {
  return segments.reduce((sum, s) => sum + s.bytes, 0);
}

export interface CopyPcmOptions {
  /** Zero bytes added after the segments (to fill a sector). */
  padBytes?: number;
  /** Also compute the MD5 of every byte written (on a worker thread, while copying). */
  md5?: boolean;
  /**
   * Hand the written bytes to the disk as the copy goes (fdatasync every 64 MiB, alongside
   * the writes), so that the caller's final fsync has little left to wait for. Use it when
   * the file will be flushed anyway; it does not replace that final fsync.
   */
  flush?: boolean;
  /** Bytes between two flushes (default 64 MiB). */
  flushEveryBytes?: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
  chunkBytes?: number;
}

export interface CopyPcmResult {
  bytes: number;
  /** Lower-case hex, when `md5` was asked for. */
  md5?: string;
}

// 4 MiB: large enough that per-call overhead disappears next to the disk, small enough to
// keep a few buffers in flight without pressure on a shared machine.
const DEFAULT_CHUNK = 4 * 1024 * 1024;
// Chunks in flight (32 MiB): the reader runs ahead of the writer and the hasher, so a write
// the kernel holds up for a moment (dirty-page throttling, a busy disk, another process on
// the core) does not leave the hasher, the slowest step, waiting for bytes.
const SLOTS = 8;
const DEFAULT_FLUSH_EVERY = 64 * 1024 * 1024;

/**
 * Streams the segments (plus padding) into `sink` at `position`, little-endian. Each chunk is
 * read into one of a few buffers, then written and hashed while the next chunks are read, so
 * the copy runs at the speed of the slowest of reading, writing and hashing, not their sum.
 */
export async function copyPcm(
  segments: readonly PcmSegment[],
  sink: FileHandle,
  position: number,
  options: CopyPcmOptions = {},
): Promise<CopyPcmResult> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  const total = segmentsLength(segments) + (options.padBytes ?? 0);
  const hasher = options.md5 ? new BackgroundMd5(SLOTS, chunkBytes) : undefined;
  const buffers =
    hasher?.buffers ?? Array.from({ length: SLOTS }, () => Buffer.allocUnsafe(chunkBytes));
  const busy: Array<Promise<unknown>> = buffers.map(() => Promise.resolve());
  let queued = 0;
  let chunks = 0;
  // One write at a time, in file order. With up to four writes side by side to the one file
  // (and four buffers), the copy cost three to five times the system CPU time it costs now
  // (1.1-2.2 s against 0.25-0.45 s for an 80-minute image), time taken from the hash's core.
  let writing: Promise<void> = Promise.resolve();
  const flusher = options.flush
    ? new ProgressiveFlush(sink, options.flushEveryBytes ?? DEFAULT_FLUSH_EVERY)
    : undefined;

  // Takes the next free buffer; `fill` puts up to `size` bytes in it; then it is written and hashed.
  const emit = async (size: number, fill: (buffer: Buffer) => Promise<void>): Promise<void> => {
    throwIfAborted(options.signal);
    flusher?.throwIfFailed();
    const slot = chunks++ % buffers.length;
    await busy[slot];
    const buffer = buffers[slot]!;
    await fill(buffer);
    const chunk = buffer.subarray(0, size);
    const at = position + queued;
    queued += size;
    writing = writing.then(async () => {
      await writeFully(sink, chunk, at);
      flusher?.wrote(size);
    });
    const done = Promise.all([writing, hasher?.hash(slot, size)]);
    // Handled at once so that a failed write during the next read is not an unhandled
    // rejection; the failure still surfaces when the slot is awaited.
    done.catch(() => undefined);
    busy[slot] = done;
    options.onProgress?.(queued, total);
  };

  try {
    for (const segment of [
      ...segments,
      { kind: 'silence', bytes: options.padBytes ?? 0 } as const,
    ]) {
      if (segment.kind === 'silence') {
        for (let left = segment.bytes; left > 0; left -= chunkBytes) {
          const size = Math.min(left, chunkBytes);
          await emit(size, async (buffer) => {
            buffer.fill(0, 0, size);
          });
        }
        continue;
      }
      const source = await openForReading(segment.path);
      try {
        for (let done = 0; done < segment.bytes; done += chunkBytes) {
          const size = Math.min(segment.bytes - done, chunkBytes);
          const at = segment.offset + done;
          await emit(size, async (buffer) => {
            const { bytesRead } = await readFully(source, buffer, size, at);
            if (bytesRead < size) {
              throw new TapeopError(
                'FILE_UNREADABLE',
                `${segment.path}: the file ends at byte ${at + bytesRead}, but its audio should run to byte ${segment.offset + segment.bytes}`,
                {
                  details: { file: segment.path, offset: at + bytesRead },
                  hint: 'The file is shorter than its header says (truncated copy?); render or copy it again.',
                },
              );
            }
            if (segment.byteOrder === 'big') buffer.subarray(0, size).swap16();
          });
        }
      } finally {
        await source.close();
      }
    }
    await Promise.all(busy);
    await flusher?.finish();
    return { bytes: queued, ...(hasher ? { md5: await hasher.digest() } : {}) };
  } finally {
    await Promise.allSettled(busy);
    await flusher?.settle();
    await hasher?.close();
  }
}

/**
 * fdatasync every `every` bytes written, one at a time, beside the writes: the disk works
 * while the copy goes on instead of all at once in the final fsync. A failure is kept and
 * thrown at the next chunk, or at the end.
 */
class ProgressiveFlush {
  private unflushed = 0;
  private running: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly sink: FileHandle,
    private readonly every: number,
  ) {}

  wrote(bytes: number): void {
    this.unflushed += bytes;
    if (this.running || this.failure || this.unflushed < this.every) return;
    this.unflushed = 0;
    this.running = this.sink.datasync().then(
      () => {
        this.running = undefined;
      },
      (error: unknown) => {
        this.running = undefined;
        this.failure = { error };
      },
    );
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  async finish(): Promise<void> {
    await this.running;
    this.throwIfFailed();
  }

  /** Waits for a running flush, so that the file is not closed under it. */
  async settle(): Promise<void> {
    await this.running;
  }
}

export function md5(): Hash {
  return createHash('md5');
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new TapeopError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      code === 'ENOENT' ? `${path}: the file does not exist` : `${path}: cannot be read (${code})`,
      { details: { file: path }, cause },
    );
  }
}

async function readFully(handle: FileHandle, buffer: Buffer, size: number, position: number) {
  let bytesRead = 0;
  while (bytesRead < size) {
    const result = await handle.read(buffer, bytesRead, size - bytesRead, position + bytesRead);
    if (result.bytesRead === 0) break;
    bytesRead += result.bytesRead;
  }
  return { bytesRead };
}

async function writeFully(handle: FileHandle, chunk: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, position + done);
    done += bytesWritten;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new TapeopError(
      'CANCELLED',
      'Cancelled before the audio was fully written; nothing was kept.',
    );
  }
}

/** The bytes `start` to `end` (exclusive) of the concatenated segments, as segments; silence fills past their end. */
export function sliceSegments(
  segments: readonly PcmSegment[],
  start: number,
  end: number,
): PcmSegment[] {
  const slice: PcmSegment[] = [];
  let position = 0;
  for (const segment of segments) {
    const from = Math.max(start, position);
    const to = Math.min(end, position + segment.bytes);
    if (to > from) {
      slice.push(
        segment.kind === 'silence'
          ? { kind: 'silence', bytes: to - from }
          : { ...segment, offset: segment.offset + (from - position), bytes: to - from },
      );
    }
    position += segment.bytes;
  }
  const have = segmentsLength(slice);
  if (have < end - start) slice.push({ kind: 'silence', bytes: end - start - have });
  return slice;
}
