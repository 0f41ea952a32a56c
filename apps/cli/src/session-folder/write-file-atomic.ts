import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createUlid, TapeopError } from '@tapeop/core';

/**
 * Writes a file so that readers see either the old content or the new, never half of it: a
 * temporary file in the same folder, flushed to disk, then renamed over the target (and the
 * folder flushed, so the rename survives a crash).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${createUlid()}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    throw new TapeopError('IO_ERROR', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
      details: { file: path, ...(code ? { errno: code } : {}) },
      hint:
        code === 'ENOENT'
          ? `The folder ${folder} does not exist.`
          : code === 'EACCES' || code === 'EPERM'
            ? `Check that you may write to ${folder}.`
            : code === 'ENOSPC'
              ? 'The disk is full; free some space and try again (the old file is untouched).'
              : 'The old file is untouched; fix the cause and try again.',
    });
  }
  await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems cannot flush a folder; the rename is still atomic there.
  }
}
