import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a journal lock, written into the lock folder so that a waiting process can tell a
 * live holder from one that crashed. On Linux the pid namespace and the process start time make
 * the pid check exact (a pid reused by another process is not mistaken for the holder).
 */
export interface LockHolder {
  token: string;
  pid: number;
  host: string;
  pidNamespace?: string;
  processStart?: string;
  acquiredAt: string;
}

let self: Omit<LockHolder, 'token' | 'acquiredAt'> | undefined;

export function currentProcess(): Omit<LockHolder, 'token' | 'acquiredAt'> {
  if (!self) {
    const pidNamespace = linuxPidNamespace();
    const processStart = linuxProcessStart(process.pid);
    self = {
      pid: process.pid,
      host: hostname(),
      ...(pidNamespace ? { pidNamespace } : {}),
      ...(processStart ? { processStart } : {}),
    };
  }
  return self;
}

export function parseLockHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.token !== 'string' || typeof value.pid !== 'number') return undefined;
    if (typeof value.host !== 'string' || typeof value.acquiredAt !== 'string') return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * 'dead' when the holder's process certainly no longer exists, 'alive' when it certainly does,
 * 'unknown' when this process cannot tell (another machine, another pid namespace).
 */
export type HolderLiveness = 'alive' | 'dead' | 'unknown';

export function holderLiveness(holder: LockHolder): HolderLiveness {
  const me = currentProcess();
  if (holder.host !== me.host) return 'unknown';
  if (holder.pidNamespace !== me.pidNamespace) return 'unknown';
  if (me.processStart !== undefined && holder.processStart !== undefined) {
    // Linux: the same pid with another start time is another process.
    const start = linuxProcessStart(holder.pid);
    return start === holder.processStart ? 'alive' : 'dead';
  }
  try {
    process.kill(holder.pid, 0);
    // The pid exists, but without a start time it may have been reused: not proof of life.
    return 'unknown';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'dead';
    return 'unknown';
  }
}

function linuxPidNamespace(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
function linuxProcessStart(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
