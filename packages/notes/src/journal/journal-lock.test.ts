import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryLogger, isTapeopError } from '@tapeop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorker, tempSession } from '../test-support/temp-session.js';
import { acquireLock } from './journal-lock.js';
import { currentProcess } from './lock-holder.js';
import { openJournal } from './open-journal.js';

let dir: string;
let cleanup: () => Promise<void>;
let lockPath: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempSession());
  lockPath = join(dir, 'notes.jsonl.lock');
});
afterEach(() => cleanup());

/** Writes a lock file as another process would have left it. */
async function plantLock(holder: Record<string, unknown> | undefined) {
  await writeFile(lockPath, holder ? JSON.stringify(holder) : '', { flag: 'wx' });
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('the journal lock', () => {
  it('lets one holder in at a time', async () => {
    const first = await acquireLock(lockPath);
    let secondIn = false;
    const second = acquireLock(lockPath).then((lock) => {
      secondIn = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(secondIn).toBe(false);
    await first.release();
    const lock = await second;
    expect(secondIn).toBe(true);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('excludes other processes: 4 processes × 150 locked read-modify-writes of a counter', async () => {
    const workers = Array.from({ length: 4 }, () => startWorker(['count', dir, '-', '150']));
    for (const worker of workers) expect((await worker.exited).code).toBe(0);
    expect(await readFile(join(dir, 'counter'), 'utf8')).toBe('600');
  }, 120_000);

  it('names the holder when it gives up waiting for a live one', async () => {
    const held = await acquireLock(lockPath);
    const error = await acquireLock(lockPath, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(isTapeopError(error, 'LOCKED')).toBe(true);
    expect((error as Error).message).toContain(`process ${process.pid}`);
    expect((error as { hint?: string }).hint).toMatch(/crashed process is taken over/);
    await held.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over at once a lock whose holder on this machine is dead', async () => {
    const me = currentProcess();
    await plantLock({ ...me, pid: deadPid(), token: 'old', acquiredAt: '2026-01-01T00:00:00Z' });
    const logger = createMemoryLogger();
    // A lock taken over only when stale would make this wait 60 s and fail with LOCKED at 15 s;
    // no clock is read, so a loaded machine cannot make the test fail.
    const lock = await acquireLock(lockPath, { logger, staleMs: 60_000, timeoutMs: 15_000 });
    expect(logger.records.some((r) => r.level === 'warn' && /stale lock/.test(r.message))).toBe(
      true,
    );
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock from another machine once its heartbeat has stood still for staleMs', async () => {
    await plantLock({
      pid: 1,
      host: 'other-machine',
      token: 'far',
      acquiredAt: '2026-01-01T00:00:00Z',
    });
    const started = Date.now();
    const lock = await acquireLock(lockPath, { staleMs: 300, timeoutMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await lock.release();
  });

  it('does not take over a lock from another machine whose heartbeat moves', async () => {
    await plantLock({
      pid: 1,
      host: 'other-machine',
      token: 'far',
      acquiredAt: '2026-01-01T00:00:00Z',
    });
    const beat = setInterval(() => {
      const now = new Date();
      import('node:fs/promises').then((fs) => fs.utimes(lockPath, now, now));
    }, 50);
    try {
      // Beats every 50 ms against a 2 s stale period: only a stall of the whole process for
      // seconds could look like a dead holder, while a lock without beats is taken at 2 s.
      const error = await acquireLock(lockPath, { staleMs: 2_000, timeoutMs: 3_000 }).catch(
        (e) => e,
      );
      expect(isTapeopError(error, 'LOCKED')).toBe(true);
    } finally {
      clearInterval(beat);
    }
  });

  it('takes over an empty lock file (a holder that crashed while writing it) once it has stood still', async () => {
    await plantLock(undefined);
    const lock = await acquireLock(lockPath, { staleMs: 200, timeoutMs: 5_000 });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('is released when its process exits while holding it', async () => {
    const worker = startWorker(['exit-holding', dir]);
    expect((await worker.exited).code).toBe(0);
    expect(await exists(lockPath)).toBe(false);
  });

  it('after a crash mid-append, other writers go on and every entry survives', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'before the crash' });
    const crasher = startWorker(['crash', dir]);
    await crasher.says('holding');
    const waiting = journal.append({ text: 'waited for the lock' });
    crasher.child.kill('SIGKILL');
    await crasher.exited;
    await waiting;
    await journal.append({ text: 'after' });
    const view = await journal.read();
    expect(view.history.map((n) => n.text)).toEqual([
      'before the crash',
      'waited for the lock',
      'after',
    ]);
    expect(view.issues.map((i) => [i.kind, i.line])).toEqual([['torn-line', 2]]);
    expect(await exists(lockPath)).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['notes.jsonl']);
  });
});
