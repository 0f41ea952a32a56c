import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TapeopError } from '@tapeop/core';

/** A temporary name next to `path`, so the final rename stays on one file system. */
export function temporarySibling(path: string, purpose: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/**
 * Writes a file through `write`, into a temporary file in the same folder, flushed to disk,
 * then renamed over `path`: readers see the old file or the whole new one, never a part.
 */
export async function writeFileAtomic(
  path: string,
  write: (handle: FileHandle) => Promise<void>,
  options: { fsync?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporarySibling(path, 'partial');
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx');
    await write(handle);
    if (options.fsync !== false) await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw wrapIoError(error, path);
  }
}

export async function writeBytesAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await writeFileAtomic(path, async (handle) => {
    await handle.writeFile(bytes);
  });
}

export function wrapIoError(error: unknown, path: string): unknown {
  if (error instanceof TapeopError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code) return error;
  return new TapeopError(
    'IO_ERROR',
    `${path}: could not be written (${code}: ${(error as Error).message})`,
    {
      details: { file: path, code },
      hint: code === 'ENOSPC' ? 'The disk is full; free some space and try again.' : undefined,
      cause: error,
    },
  );
}
