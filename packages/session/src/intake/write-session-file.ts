import { randomBytes } from 'node:crypto';
import { access, link, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem, type Session, TapeopError, validateSession } from '@tapeop/core';

export interface WriteSessionOptions {
  /** Replace an existing session.json (default false: a session is never overwritten by accident). */
  overwrite?: boolean;
}

/**
 * Writes `session` as `session.json` in `sessionFolder`, atomically: the JSON goes to a
 * temporary file in the same folder, is flushed to disk, then takes the final name, so a
 * crash never leaves half a session. Refuses an invalid document (SCHEMA_INVALID) and an
 * existing session.json unless `overwrite` (CONFLICT). Returns the path written.
 */
export async function writeSessionFile(
  sessionFolder: string,
  session: Session,
  options: WriteSessionOptions = {},
): Promise<string> {
  const checked = validateSession(session);
  if (!checked.ok) {
    throw new TapeopError(
      'SCHEMA_INVALID',
      `the session is not valid: ${checked.problems.map(formatProblem).join('; ')}`,
      {
        details: { problems: checked.problems },
      },
    );
  }
  const target = join(sessionFolder, 'session.json');
  const temporary = join(
    sessionFolder,
    `.session.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(session, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(temporary, target);
    } else {
      await renameWithoutReplacing(temporary, target);
    }
  } catch (error) {
    await unlink(temporary).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new TapeopError('CONFLICT', `${target} already exists`, {
        details: { path: target },
        hint: 'Open the existing session, or write with overwrite to replace it.',
        cause: error,
      });
    }
    if (code === 'ENOENT') {
      throw new TapeopError(
        'FILE_NOT_FOUND',
        `the session folder ${sessionFolder} does not exist`,
        {
          details: { path: sessionFolder },
          cause: error,
        },
      );
    }
    throw new TapeopError(
      'IO_ERROR',
      `${target} could not be written: ${(error as Error).message}`,
      {
        details: { path: target, code },
        cause: error,
      },
    );
  }
  return target;
}

/**
 * link() fails when the target exists, so no session written meanwhile is replaced. File
 * systems without hard links (FAT, some network shares) get a check and a rename instead.
 */
async function renameWithoutReplacing(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
    await unlink(from);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
      throw error;
  }
  const exists = await access(to).then(
    () => true,
    () => false,
  );
  if (exists) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
  await rename(from, to);
}
