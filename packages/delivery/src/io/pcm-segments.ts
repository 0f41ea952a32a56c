import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { TapeopError } from '@tapeop/core';

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
  /** Hashes fed with every byte written (e.g. the MD5 for CHECKSUM.MD5). */
  hashes?: Hash[];
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
  chunkBytes?: number;
}

// 4 MiB: large enough that per-call overhead disappears next to the disk, small enough to
// keep two buffers in flight without pressure on a shared machine.
const DEFAULT_CHUNK = 4 * 1024 * 1024;

/**
 * Streams the segments (plus padding) into `sink` at `position`, little-endian. Reads the next
 * chunk while the previous one is being written, so the copy runs at the speed of the slower
 * of the two disks. Returns the number of bytes written.
 */
export async function copyPcm(
  segments: readonly PcmSegment[],
  sink: FileHandle,
  position: number,
  options: CopyPcmOptions = {},
): Promise<number> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  const total = segmentsLength(segments) + (options.padBytes ?? 0);
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let written = 0;
  let flip = 0;
  let pending: Promise<unknown> = Promise.resolve();

  const emit = async (chunk: Buffer): Promise<void> => {
    for (const hash of options.hashes ?? []) hash.update(chunk);
    await pending;
    const at = position + written;
    written += chunk.length;
    const write = writeFully(sink, chunk, at);
    // Handled at once so that a failed write during the next read is not an unhandled
    // rejection; the failure still surfaces when `pending` is awaited.
    write.catch(() => undefined);
    pending = write;
    options.onProgress?.(written, total);
  };

  for (const segment of [...segments, { kind: 'silence', bytes: options.padBytes ?? 0 } as const]) {
    if (segment.kind === 'silence') {
      let left = segment.bytes;
      while (left > 0) {
        throwIfAborted(options.signal);
        const buffer = buffers[flip++ % 2]!;
        const size = Math.min(left, chunkBytes);
        buffer.fill(0, 0, size);
        await emit(buffer.subarray(0, size));
        left -= size;
      }
      continue;
    }
    const source = await openForReading(segment.path);
    try {
      let done = 0;
      while (done < segment.bytes) {
        throwIfAborted(options.signal);
        const buffer = buffers[flip++ % 2]!;
        const size = Math.min(segment.bytes - done, chunkBytes);
        const { bytesRead } = await readFully(source, buffer, size, segment.offset + done);
        if (bytesRead < size) {
          throw new TapeopError(
            'FILE_UNREADABLE',
            `${segment.path}: the file ends at byte ${segment.offset + done + bytesRead}, but its audio should run to byte ${segment.offset + segment.bytes}`,
            {
              details: { file: segment.path, offset: segment.offset + done + bytesRead },
              hint: 'The file is shorter than its header says (truncated copy?); render or copy it again.',
            },
          );
        }
        const chunk = buffer.subarray(0, size);
        if (segment.byteOrder === 'big') chunk.swap16();
        await emit(chunk);
        done += size;
      }
    } finally {
      await source.close();
    }
  }
  await pending;
  return written;
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
