import { open, unlink } from 'node:fs/promises';
import { type Logger, TapeopError } from '@tapeop/core';
import type { SessionLocation } from './session-file.js';

export interface SessionLock {
  release(): Promise<void>;
}

// Interim: an exclusive lock file, until @tapeop/notes' acquireLock (stale-lock takeover) lands.
export async function lockSessionFile(
  location: SessionLocation,
  _logger: Logger,
  timeoutMs = 30_000,
): Promise<SessionLock> {
  const path = `${location.file}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid }));
      await handle.close();
      return { release: () => unlink(path).catch(() => {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline)
        throw new TapeopError('LOCKED', `${location.file} is locked by another writer`, {
          details: { lock: path },
          hint: `If no other tapeop is running, remove ${path}.`,
        });
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
