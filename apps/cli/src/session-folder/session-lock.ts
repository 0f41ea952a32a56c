import type { Logger } from '@tapeop/core';
import { acquireLock, type HeldLock } from '@tapeop/notes';
import type { SessionLocation } from './session-file.js';

/**
 * The lock between processes that write session.json (two CLI commands and the hub): the same
 * crash-safe lock file the journal uses (`session.json.lock`), from @tapeop/notes.
 */
export function lockSessionFile(location: SessionLocation, logger: Logger): Promise<HeldLock> {
  return acquireLock(`${location.file}.lock`, { logger });
}
