import { constants, statSync, unlinkSync } from 'node:fs';
import { type FileHandle, link, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createUlid, type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { currentProcess, holderLiveness, type LockHolder, parseLockHolder } from './lock-holder.js';

/**
 * An advisory lock between processes: a small file next to the locked file
 * (`notes.jsonl.lock`), created exclusively (O_CREAT|O_EXCL, atomic on local disks and NFSv3+),
 * holding who holds it. Removing it releases the lock.
 *
 * Why not proper-lockfile: its stale-lock takeover removes the lock and creates it again, so two
 * waiters that find the same stale lock can both end up holding it
 * (moxystudio/node-proper-lockfile#121), every writer waits out the whole stale period after a
 * crash, and its lock folder costs a directory create and remove per append. Here:
 *  - a waiter takes over a lock only when its holder is provably dead (same machine and pid
 *    namespace, and the pid is gone or now belongs to a process started later), or when the
 *    lock's heartbeat (its modification time, refreshed by the holder) has not moved for
 *    `staleMs` by the waiter's own clock (another machine on shared storage: no clock
 *    comparison between machines);
 *  - the takeover renames the stale lock aside (only one waiter can) and checks that what it
 *    moved is the lock it judged stale; a fresh lock that slipped in is linked back (a link never
 *    replaces an existing file).
 */
export interface LockOptions {
  /**
   * How long a lock whose holder cannot be checked directly (another machine) may go without a
   * heartbeat before it is taken over. Holders refresh it every third of this. Default 10 s.
   */
  staleMs?: number;
  /** How long to wait for the lock before failing with LOCKED. Default 30 s. */
  timeoutMs?: number;
  logger?: Logger;
}

export interface HeldLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

const DEFAULT_STALE_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Locks this process holds, removed synchronously if the process exits while holding them. */
const held = new Map<string, OwnLock>();
let exitHookInstalled = false;

export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<HeldLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logger = options.logger ?? noopLogger;
  const holder: LockHolder = {
    ...currentProcess(),
    token: createUlid(),
    acquiredAt: new Date().toISOString(),
  };
  const content = JSON.stringify(holder);

  const deadline = Date.now() + timeoutMs;
  const seen = new Map<string, number>();
  let delay = 1;
  let lastHolder: LockHolder | undefined;
  let mine: OwnLock | undefined;
  try {
    for (;;) {
      mine = await tryCreate(lockPath, content);
      if (mine) break;
      const found = await inspect(lockPath);
      if (found === 'gone') continue;
      lastHolder = found.holder;
      if (isStale(found, staleMs, seen)) {
        await takeOver(lockPath, found, holder.token, logger);
        continue;
      }
      if (Date.now() >= deadline) throw lockedError(lockPath, found.holder, timeoutMs);
      // Short, jittered waits: a holder keeps the lock for about one fsync.
      await sleep(delay * (0.5 + Math.random()));
      delay = Math.min(delay * 1.5, 20);
    }
  } catch (error) {
    if (error instanceof TapeopError) throw error;
    throw ioError(lockPath, error, lastHolder);
  }

  const own = mine;
  held.set(lockPath, own);
  installExitHook();
  const heartbeat = setInterval(
    () => {
      const now = new Date();
      own.handle.utimes(now, now).catch(() => {});
    },
    Math.max(100, Math.floor(staleMs / 3)),
  );
  heartbeat.unref();

  let released = false;
  return {
    path: lockPath,
    holder,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(lockPath);
      try {
        await releaseLock(lockPath, own, logger);
      } finally {
        await own.handle.close().catch(() => {});
      }
    },
  };
}

/**
 * The lock file this process created, kept open while held: as long as it is open its inode
 * cannot be reused, so comparing device and inode with what is at the lock path tells exactly
 * whether the lock is still ours.
 */
interface OwnLock {
  handle: FileHandle;
  dev: number;
  ino: number;
}

/** The lock when this process created it; undefined when another lock is in place. */
async function tryCreate(lockPath: string, content: string): Promise<OwnLock | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    await handle.write(content);
    const stats = await handle.stat();
    return { handle, dev: stats.dev, ino: stats.ino };
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(lockPath).catch(() => {});
    throw error;
  }
}

interface FoundLock {
  /** Undefined while a new holder is still writing it, or for a lock made by hand. */
  holder: LockHolder | undefined;
  /** The lock's modification time: the holder's heartbeat. */
  heartbeatMs: number;
}

async function inspect(lockPath: string): Promise<FoundLock | 'gone'> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(lockPath, 'r');
    const stats = await handle.stat();
    const text = await handle.readFile('utf8');
    return { holder: parseLockHolder(text), heartbeatMs: stats.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  } finally {
    await handle?.close();
  }
}

function isStale(found: FoundLock, staleMs: number, seen: Map<string, number>): boolean {
  if (found.holder) {
    const liveness = holderLiveness(found.holder);
    if (liveness === 'dead') return true;
    if (liveness === 'alive') return false;
  }
  // The holder cannot be checked: stale when the heartbeat stood still for staleMs of our time.
  const key = `${found.holder?.token ?? '?'}@${found.heartbeatMs}`;
  const firstSeen = seen.get(key);
  if (firstSeen === undefined) {
    seen.set(key, Date.now());
    return false;
  }
  return Date.now() - firstSeen >= staleMs;
}

async function takeOver(lockPath: string, found: FoundLock, token: string, logger: Logger) {
  const aside = `${lockPath}.${token}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone cleared it first
    throw error;
  }
  const moved = await inspect(aside).catch(() => 'gone' as const);
  if (moved === 'gone') return;
  const same =
    moved.holder?.token === found.holder?.token &&
    (found.holder !== undefined || moved.heartbeatMs === found.heartbeatMs);
  if (!same) {
    // A fresh lock replaced the stale one between our look and our rename: give it back.
    try {
      await link(aside, lockPath);
    } catch (error) {
      logger.error('could not put back a journal lock moved by mistake', {
        lock: lockPath,
        error: String(error),
      });
    }
    await unlink(aside).catch(() => {});
    return;
  }
  await unlink(aside);
  logger.warn(`took over a stale lock on ${basename(lockPath)}`, {
    lock: lockPath,
    holder: found.holder,
  });
  await sweepLeftovers(lockPath).catch(() => {});
}

/** Removes locks that waiters moved aside and then crashed before removing. */
async function sweepLeftovers(lockPath: string) {
  const folder = dirname(lockPath);
  const prefix = `${basename(lockPath)}.`;
  for (const name of await readdir(folder)) {
    if (!name.startsWith(prefix) || !name.endsWith('.stale')) continue;
    const path = join(folder, name);
    const stats = await stat(path);
    if (Date.now() - stats.mtimeMs > 60_000) await unlink(path).catch(() => {});
  }
}

async function releaseLock(lockPath: string, own: OwnLock, logger: Logger) {
  // Remove the lock only if it is still ours: a holder that stalled past the stale period
  // (another machine) may have been taken over, and the lock is now someone else's.
  const current = await stat(lockPath).catch(() => undefined);
  if (!current || current.dev !== own.dev || current.ino !== own.ino) {
    logger.error('the journal lock was taken over while this process held it', {
      lock: lockPath,
    });
    return;
  }
  try {
    await unlink(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(lockPath, error);
  }
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [lockPath, own] of held) {
      try {
        const current = statSync(lockPath);
        if (current.dev === own.dev && current.ino === own.ino) unlinkSync(lockPath);
      } catch {
        // Nothing more can be done while exiting; the next writer sees our pid is gone.
      }
    }
  });
}

function lockedError(lockPath: string, holder: LockHolder | undefined, timeoutMs: number) {
  const who = holder
    ? `process ${holder.pid} on ${holder.host} (since ${holder.acquiredAt})`
    : 'an unknown process';
  return new TapeopError(
    'LOCKED',
    `${lockPath} is held by ${who}; gave up after ${Math.round(timeoutMs / 1000)} s`,
    {
      details: { lock: lockPath, ...(holder ? { holder } : {}) },
      hint: 'Another tapeop process (the CLI or the hub) is writing this journal. Wait for it to finish; a lock left by a crashed process is taken over automatically. If no tapeop process is running anywhere, delete that file.',
    },
  );
}

function ioError(lockPath: string, error: unknown, holder?: LockHolder) {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = dirname(lockPath);
  if (code === 'ENOENT') {
    return new TapeopError('FILE_NOT_FOUND', `the session folder ${folder} does not exist`, {
      cause: error,
      details: { folder },
      hint: 'Check the session path, or create the session first (tapeop init).',
    });
  }
  return new TapeopError(
    'IO_ERROR',
    `cannot lock the journal in ${folder}: ${(error as Error).message ?? String(error)}`,
    {
      cause: error,
      details: { lock: lockPath, ...(code ? { errno: code } : {}), ...(holder ? { holder } : {}) },
      hint:
        code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'The session folder is not writable by this user; check its permissions or copy the session to a writable place.'
          : 'Check that the session folder is reachable and the disk is not full.',
    },
  );
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
