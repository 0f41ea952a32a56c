import { randomBytes } from 'node:crypto';
import { chmod, type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TapeopError } from '@tapeop/core';

/**
 * Writes `content` to `path` through a temporary file in the same folder, flushed to disk and
 * then renamed over `path`: a reader (REAPER starting up, another tool) sees the old file or the
 * whole new one, never a part, and a crash leaves the old file in place. An existing file keeps
 * its permissions. Bytes are written as given (a string as UTF-8, or latin1 with `encoding`).
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: { encoding?: 'utf8' | 'latin1' } = {},
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.tapeop-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  const mode = await stat(path).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx', mode);
    if (typeof content === 'string') await handle.writeFile(content, options.encoding ?? 'utf8');
    else await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (mode !== undefined) {
      // open() applies the umask; give the new file exactly the old one's permissions.
      await chmod(temporary, mode);
    }
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw ioError(error, path, 'written');
  }
}

/** A TapeopError for a failed file operation, naming the file and what to do. */
export function ioError(error: unknown, path: string, what: 'read' | 'written'): TapeopError {
  if (error instanceof TapeopError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const hints: Record<string, string> = {
    ENOENT: `The folder ${dirname(path)} does not exist; check the path.`,
    EACCES: `tapeop may not ${what === 'read' ? 'read' : 'write'} ${path}; check its permissions (and that no other program holds it).`,
    EPERM: `tapeop may not ${what === 'read' ? 'read' : 'write'} ${path}; check its permissions (and that no other program holds it).`,
    ENOSPC: 'The disk is full; free some space and try again.',
    EROFS: `${dirname(path)} is on a read-only file system.`,
  };
  return new TapeopError(
    code === 'ENOENT' && what === 'read' ? 'FILE_NOT_FOUND' : 'IO_ERROR',
    `${path} could not be ${what}: ${(error as Error)?.message ?? String(error)}`,
    {
      details: { file: path, ...(code ? { code } : {}) },
      ...(code && hints[code] ? { hint: hints[code] } : {}),
      cause: error,
    },
  );
}
