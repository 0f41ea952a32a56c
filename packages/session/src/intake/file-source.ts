import type { FileHandle } from 'node:fs/promises';

/** How many bytes the first read takes: enough for the headers of nearly every file. */
const HEAD_BYTES = 16 * 1024;

/**
 * Positional reads from an open file. The first bytes come from one initial read; anything
 * further (chunks after a long `data` chunk, the end of a FLAC stream) is read where it is,
 * so a header is read without ever loading the samples.
 */
export class FileSource {
  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly head: Buffer,
  ) {}

  static async open(handle: FileHandle, size: number): Promise<FileSource> {
    const source = new FileSource(handle, size, Buffer.alloc(0));
    const head = await source.readFromDisk(0, Math.min(size, HEAD_BYTES));
    return new FileSource(handle, size, head);
  }

  /** Up to `length` bytes at `offset`; fewer at the end of the file, none past it. */
  async read(offset: number, length: number): Promise<Buffer> {
    const wanted = Math.min(length, this.size - offset);
    if (wanted <= 0) return Buffer.alloc(0);
    if (offset + wanted <= this.head.length) return this.head.subarray(offset, offset + wanted);
    return this.readFromDisk(offset, wanted);
  }

  private async readFromDisk(offset: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.subarray(0, done);
  }
}
