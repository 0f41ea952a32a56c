import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TapeopError } from '@tapeop/core';

export interface AppendResult {
  /** The file did not exist and was created by this append. */
  created: boolean;
  /** The file ended in a torn line (a crash mid-write); the new lines start on a fresh line. */
  afterTornLine: boolean;
  /** Byte offset where the new lines start. */
  offset: number;
}

const NEWLINE = 0x0a;

/**
 * Appends `lines` (each ending in '\n') to `file` and returns only once they are on disk:
 * one write with O_APPEND, then fsync; a newly created file also gets its folder fsynced so
 * the file's name survives a power cut. Call it under the journal lock.
 *
 * The file is never truncated or rewritten. When it does not end in '\n' (a torn last line),
 * a '\n' goes first, so the torn line stays as it was, on its own line, and reading reports it.
 */
export async function appendDurably(file: string, lines: string): Promise<AppendResult> {
  let handle: FileHandle | undefined;
  let created = false;
  try {
    try {
      handle = await open(file, constants.O_RDWR | constants.O_APPEND);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The first entry: create the file, and remember to make its name durable too.
      try {
        handle = await open(
          file,
          constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL,
        );
        created = true;
      } catch (raced) {
        // Created in between by something that ignores the lock (an editor): append to it.
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
        handle = await open(file, constants.O_RDWR | constants.O_APPEND);
      }
    }
    const { size } = await handle.stat();
    let afterTornLine = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      afterTornLine = last[0] !== NEWLINE;
    }
    const bytes = Buffer.from(afterTornLine ? `\n${lines}` : lines, 'utf8');
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, null);
      written += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (created) await syncFolder(dirname(file));
    return { created, afterTornLine, offset: size + (afterTornLine ? 1 : 0) };
  } catch (error) {
    await handle?.close().catch(() => {});
    throw appendError(file, error);
  }
}

async function syncFolder(folder: string) {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync a folder; NTFS journals the new name itself.
    const code = (error as NodeJS.ErrnoException).code;
    if (process.platform !== 'win32' && code !== 'EINVAL' && code !== 'EISDIR') throw error;
  } finally {
    await handle?.close();
  }
}

function appendError(file: string, error: unknown): TapeopError {
  if (error instanceof TapeopError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new TapeopError('FILE_NOT_FOUND', `the session folder ${dirname(file)} does not exist`, {
      cause: error,
      details: { file },
      hint: 'Check the session path, or create the session first (tapeop init).',
    });
  }
  const hints: Record<string, string> = {
    ENOSPC:
      'The disk is full. Free some space and add the entry again; entries already written are safe.',
    EDQUOT: 'The disk quota is used up. Free some space and add the entry again.',
    EACCES: 'notes.jsonl or its folder is not writable by this user; check the permissions.',
    EPERM: 'notes.jsonl or its folder is not writable by this user; check the permissions.',
    EROFS: 'The session is on a read-only disk; copy it to a writable place to add notes.',
    EISDIR: 'notes.jsonl is a folder; move it aside so the journal can be created.',
  };
  return new TapeopError(
    'IO_ERROR',
    `could not append to ${file}: ${(error as Error).message ?? String(error)}`,
    {
      cause: error,
      details: { file, ...(code ? { errno: code } : {}) },
      hint:
        hints[code ?? ''] ??
        'The entry may be incomplete on disk; reading reports it and the next append starts on a fresh line. Try again.',
    },
  );
}
