import type { Logger, Session } from '@tapeop/core';
import { noopLogger, oneAtATime } from '@tapeop/core';
import { readSession, type SessionLocation, writeSession } from './session-file.js';
import { lockSessionFile } from './session-lock.js';

/** This process's writers of one file, one at a time; a lock then serialises processes. */
const serialized = oneAtATime();

export interface SessionUpdate<T> {
  before: Session;
  after: Session;
  /** Whatever the change function returned besides the session. */
  value: T;
  /** Nothing changed: the file was not written. */
  unchanged: boolean;
}

/**
 * Reads the session, applies `change`, validates and writes the result, with every other writer
 * (in this process and in others, through the lock file next to session.json) waiting its turn,
 * so no change is lost. `change` may return the same object unchanged to write nothing.
 */
export async function updateSession<T = undefined>(
  location: SessionLocation,
  change: (
    session: Session,
  ) => Promise<{ session: Session; value?: T }> | { session: Session; value?: T },
  options: { logger?: Logger } = {},
): Promise<SessionUpdate<T>> {
  const logger = options.logger ?? noopLogger;
  return serialized(location.file, async () => {
    const lock = await lockSessionFile(location, logger);
    try {
      const { session: before } = await readSession(location, logger);
      const { session: next, value } = await change(structuredClone(before));
      if (JSON.stringify(next) === JSON.stringify(before))
        return { before, after: before, value: value as T, unchanged: true };
      const after = await writeSession(location, next);
      return { before, after, value: value as T, unchanged: false };
    } finally {
      await lock.release();
    }
  });
}
