import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  formatProblem,
  type Logger,
  noopLogger,
  type Problem,
  parseSession,
  type Session,
  TapeopError,
  validateSession,
} from '@tapeop/core';
import { writeFileAtomic } from './write-file-atomic.js';

export const SESSION_FILE = 'session.json';

export interface SessionLocation {
  /** The session folder (absolute). */
  dir: string;
  /** Its session.json (absolute). */
  file: string;
}

/**
 * Where a session is, from what the user typed: a session folder, or the session.json in it.
 * A missing folder or a folder without session.json says how to make one.
 */
export async function locateSession(given: string, cwd: string): Promise<SessionLocation> {
  const path = resolve(cwd, given);
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (found instanceof Error) {
    if (found.code === 'ENOENT')
      throw new TapeopError('FILE_NOT_FOUND', `there is no session folder at ${path}`, {
        details: { path },
        hint: `Check the path, or create a session there: tapeop init ${given} --from <folder of mixes>`,
      });
    throw new TapeopError('FILE_UNREADABLE', `cannot open ${path}: ${found.message}`, {
      cause: found,
      details: { path },
      hint: 'Check the permissions of the folder.',
    });
  }
  if (found.isFile()) {
    if (basename(path) !== SESSION_FILE && !path.endsWith('.json'))
      throw new TapeopError('INVALID_ARGUMENT', `${path} is a file, not a session folder`, {
        details: { path },
        hint: 'Give the session folder (the one holding session.json).',
      });
    return { dir: dirname(path), file: path };
  }
  const file = join(path, SESSION_FILE);
  const hasFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!hasFile)
    throw new TapeopError(
      'FILE_NOT_FOUND',
      `${path} is not a session folder: it has no ${SESSION_FILE}`,
      {
        details: { path, file },
        hint: `Create the session first: tapeop init ${given} --from <folder of mixes>`,
      },
    );
  return { dir: path, file };
}

export interface LoadedSession {
  session: Session;
  location: SessionLocation;
  /** What the check found that does not stop work (printed as warnings). */
  warnings: Problem[];
  /** The text as read, to tell whether someone changed the file since. */
  text: string;
}

/**
 * Reads and validates session.json. An invalid file throws SCHEMA_INVALID whose message names
 * the file and lists each problem with its JSON pointer (`/songs/2/isrc: ...`).
 */
export async function readSession(
  location: SessionLocation,
  logger: Logger = noopLogger,
): Promise<LoadedSession> {
  let text: string;
  try {
    text = await readFile(location.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TapeopError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      `cannot read ${location.file}: ${(error as Error).message}`,
      {
        cause: error,
        details: { file: location.file },
        hint: 'Check the path and the permissions.',
      },
    );
  }
  const result = parseSession(text);
  if (!result.ok) throw sessionProblems(location.file, result.problems);
  for (const warning of result.warnings) logger.warn(`${location.file}: ${formatProblem(warning)}`);
  if (result.upgradedFrom !== undefined)
    logger.info(
      `${location.file} is a Session.${result.upgradedFrom} document; it is written back as ${result.value.schema} when changed`,
    );
  return { session: result.value, location, warnings: result.warnings, text };
}

export function sessionProblems(
  file: string,
  problems: Problem[],
  options: { change?: boolean } = {},
): TapeopError {
  const errors = problems.filter((p) => p.severity === 'error');
  const shown = errors.slice(0, 20).map((p) => `  ${formatProblem(p)}`);
  if (errors.length > shown.length) shown.push(`  ... and ${errors.length - shown.length} more`);
  const tooNew = problems.some((p) => p.rule === 'schema-too-new');
  return new TapeopError(
    tooNew ? 'SCHEMA_TOO_NEW' : 'SCHEMA_INVALID',
    options.change
      ? `the change would make the session invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}); ${file} is unchanged:\n${shown.join('\n')}`
      : `${file} is not a valid session (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${shown.join('\n')}`,
    {
      details: { file, problems },
      hint: tooNew
        ? 'This session was written by a newer tapeop; upgrade tapeop to work on it.'
        : options.change
          ? 'Change the values named above (each line starts with its JSON pointer) and try again.'
          : `Fix the fields named above in ${file} (each line starts with its JSON pointer), then run the command again.`,
    },
  );
}

/** Validates a session and writes it atomically, stamping `updatedAt`. Never writes an invalid one. */
export async function writeSession(location: SessionLocation, session: Session): Promise<Session> {
  const stamped: Session = { ...session, updatedAt: new Date().toISOString() };
  const result = validateSession(stamped);
  if (!result.ok) {
    throw sessionProblems(location.file, result.problems, { change: true });
  }
  await writeFileAtomic(location.file, `${JSON.stringify(stamped, null, 2)}\n`);
  return stamped;
}
