import type { Logger, Note } from '@tapeop/core';
import { type Journal, openJournal } from '@tapeop/notes';
import type { SessionLocation } from './session-file.js';

/** The journal of a session folder, with the author of this run (config, then the OS user). */
export function sessionJournal(
  location: SessionLocation,
  options: { logger: Logger; author?: string },
): Journal {
  return openJournal(location.dir, {
    logger: options.logger,
    ...(options.author ? { author: options.author } : {}),
  });
}

export interface ChangeLine {
  text: string;
  /** Default 'change'. */
  kind?: Note['kind'];
  songId?: string;
  data?: Record<string, unknown>;
}

/**
 * Writes what a command changed in the session as journal entries, in one durable append
 * under the journal's lock (the CLI, the hub and other processes may write at the same time).
 */
export async function recordChanges(
  location: SessionLocation,
  lines: ChangeLine[],
  options: { logger: Logger; author?: string },
): Promise<Note[]> {
  if (lines.length === 0) return [];
  return sessionJournal(location, options).appendAll(
    lines.map((line) => ({
      kind: line.kind ?? 'change',
      text: line.text,
      scope: line.songId ? { kind: 'song', songId: line.songId } : { kind: 'session' },
      ...(line.data ? { data: line.data } : {}),
    })),
  );
}
