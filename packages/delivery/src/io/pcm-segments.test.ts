import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchFolder } from '../test-support/test-album.js';
import { copyPcm, type PcmSegment } from './pcm-segments.js';

let scratch: Awaited<ReturnType<typeof scratchFolder>>;
beforeEach(async () => {
  scratch = await scratchFolder();
});
afterEach(async () => {
  await scratch.remove();
});

// Small chunks, so that a few hundred KiB go through every buffer of the pipeline many times.
const CHUNK = 16 * 1024;

/** Two source files and the segments that take from them, with what the copy must produce. */
async function sources() {
  const little = randomBytes(300 * 1024 + 4 * 37);
  const big = randomBytes(200 * 1024);
  await writeFile(join(scratch.dir, 'little.raw'), little);
  await writeFile(join(scratch.dir, 'big.raw'), big);
  const segments: PcmSegment[] = [
    { kind: 'silence', bytes: 2352 * 3 },
    { kind: 'file', path: join(scratch.dir, 'little.raw'), offset: 0, bytes: little.length },
    { kind: 'silence', bytes: 4 * 1001 },
    // A slice from inside a big-endian file: swapped to little-endian on the way.
    {
      kind: 'file',
      path: join(scratch.dir, 'big.raw'),
      offset: 1024,
      bytes: 150 * 1024,
      byteOrder: 'big',
    },
  ];
  const swapped = Buffer.from(big.subarray(1024, 1024 + 150 * 1024)).swap16();
  const padBytes = 2352 - 1234;
  const expected = Buffer.concat([
    Buffer.alloc(2352 * 3),
    little,
    Buffer.alloc(4 * 1001),
    swapped,
    Buffer.alloc(padBytes),
  ]);
  return { segments, padBytes, expected };
}

/** A file handle whose calls can be counted or made to fail, over a real file. */
function instrumented(
  handle: FileHandle,
  faults: { writeFailsAfter?: number; datasyncFails?: boolean } = {},
) {
  const calls = { datasync: 0, writesInFlight: 0, mostWritesInFlight: 0 };
  let written = 0;
  const proxy = new Proxy(handle, {
    get(target, property) {
      if (property === 'write') {
        return async (buffer: Buffer, offset: number, length: number, position: number) => {
          calls.writesInFlight++;
          calls.mostWritesInFlight = Math.max(calls.mostWritesInFlight, calls.writesInFlight);
          try {
            // A slow disk: writes issued side by side would overlap here.
            await new Promise((resolve) => setTimeout(resolve, 1));
            if (faults.writeFailsAfter !== undefined && written + length > faults.writeFailsAfter) {
              throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
            }
            const result = await target.write(buffer, offset, length, position);
            written += result.bytesWritten;
            return result;
          } finally {
            calls.writesInFlight--;
          }
        };
      }
      if (property === 'datasync') {
        return async () => {
          calls.datasync++;
          if (faults.datasyncFails) {
            throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
          }
          await target.datasync();
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { proxy, calls };
}

describe('copyPcm', () => {
  it("hashes on the worker exactly the bytes written: the MD5 equals md5sum's of the file", async () => {
    const { segments, padBytes, expected } = await sources();
    const path = join(scratch.dir, 'out.raw');
    const handle = await open(path, 'wx');
    const header = Buffer.from('not part of the audio');
    let result: Awaited<ReturnType<typeof copyPcm>>;
    try {
      await handle.write(header, 0, header.length, 0);
      result = await copyPcm(segments, handle, header.length, {
        md5: true,
        padBytes,
        chunkBytes: CHUNK,
      });
    } finally {
      await handle.close();
    }
    const file = await readFile(path);
    expect(file.subarray(header.length).equals(expected)).toBe(true);
    expect(result.bytes).toBe(expected.length);
    expect(result.md5).toBe(createHash('md5').update(expected).digest('hex'));
    // md5sum of the audio alone, as CHECKSUM.MD5 lists IMAGE.DAT.
    await writeFile(join(scratch.dir, 'audio.raw'), file.subarray(header.length));
    const md5sum = execFileSync('md5sum', [join(scratch.dir, 'audio.raw')], { encoding: 'utf8' });
    expect(result.md5).toBe(md5sum.slice(0, 32));
  });

  it('writes one chunk at a time, in order, and flushes as it goes when asked', async () => {
    const { segments, padBytes, expected } = await sources();
    const path = join(scratch.dir, 'out.raw');
    const handle = await open(path, 'wx');
    const { proxy, calls } = instrumented(handle);
    const progress: number[] = [];
    try {
      const result = await copyPcm(segments, proxy, 0, {
        md5: true,
        padBytes,
        chunkBytes: CHUNK,
        flush: true,
        flushEveryBytes: 64 * 1024,
        onProgress: (done) => progress.push(done),
      });
      expect(result.md5).toBe(createHash('md5').update(expected).digest('hex'));
    } finally {
      await handle.close();
    }
    expect((await readFile(path)).equals(expected)).toBe(true);
    expect(calls.mostWritesInFlight).toBe(1);
    // One flush at a time, so fewer than one per 64 KiB when the disk is slow, never more.
    expect(calls.datasync).toBeGreaterThan(0);
    expect(calls.datasync).toBeLessThanOrEqual(Math.floor(expected.length / (64 * 1024)));
    expect(progress.at(-1)).toBe(expected.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('does not flush unless asked', async () => {
    const { segments, padBytes } = await sources();
    const handle = await open(join(scratch.dir, 'out.raw'), 'wx');
    const { proxy, calls } = instrumented(handle);
    try {
      await copyPcm(segments, proxy, 0, { padBytes, chunkBytes: CHUNK, flushEveryBytes: 1024 });
    } finally {
      await handle.close();
    }
    expect(calls.datasync).toBe(0);
  });

  it('stops at a write that fails mid-copy and reports that error', async () => {
    const { segments, padBytes } = await sources();
    const handle = await open(join(scratch.dir, 'out.raw'), 'wx');
    const { proxy } = instrumented(handle, { writeFailsAfter: 5 * CHUNK });
    try {
      await expect(
        copyPcm(segments, proxy, 0, { md5: true, padBytes, chunkBytes: CHUNK }),
      ).rejects.toThrow('EIO: i/o error, write');
    } finally {
      await handle.close();
    }
  });

  it('reports a flush that fails', async () => {
    const { segments, padBytes } = await sources();
    const handle = await open(join(scratch.dir, 'out.raw'), 'wx');
    const { proxy } = instrumented(handle, { datasyncFails: true });
    try {
      await expect(
        copyPcm(segments, proxy, 0, {
          md5: true,
          padBytes,
          chunkBytes: CHUNK,
          flush: true,
          flushEveryBytes: CHUNK,
        }),
      ).rejects.toThrow('EIO: i/o error, fdatasync');
    } finally {
      await handle.close();
    }
  });

  it('names the file and byte offset where a source ends too early', async () => {
    const short = randomBytes(100 * 1024);
    await writeFile(join(scratch.dir, 'short.raw'), short);
    const handle = await open(join(scratch.dir, 'out.raw'), 'wx');
    try {
      const error = await copyPcm(
        [{ kind: 'file', path: join(scratch.dir, 'short.raw'), offset: 44, bytes: 200 * 1024 }],
        handle,
        0,
        { md5: true, chunkBytes: CHUNK },
      ).catch((e: unknown) => e);
      expect(isTapeopError(error) && error.code).toBe('FILE_UNREADABLE');
      expect((error as Error).message).toContain(
        `short.raw: the file ends at byte ${short.length}, but its audio should run to byte ${44 + 200 * 1024}`,
      );
    } finally {
      await handle.close();
    }
  });

  it('stops when cancelled between chunks', async () => {
    const { segments, padBytes } = await sources();
    const handle = await open(join(scratch.dir, 'out.raw'), 'wx');
    const controller = new AbortController();
    try {
      const error = await copyPcm(segments, handle, 0, {
        md5: true,
        padBytes,
        chunkBytes: CHUNK,
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 3 * CHUNK) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(isTapeopError(error) && error.code).toBe('CANCELLED');
    } finally {
      await handle.close();
    }
  });
});
