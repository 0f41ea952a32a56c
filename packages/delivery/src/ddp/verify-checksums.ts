import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { md5 } from '../io/pcm-segments.js';
import { readChecksumLists } from './checksum-file.js';

export interface DdpProblem {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  /** Byte offset in `file`. */
  offset?: number;
  /** Line number, for checksum lists. */
  line?: number;
}

export interface DdpChecksumResult {
  /** The checksum list the entry comes from (CHECKSUM.MD5, MD5-Checksum.md5, ...). */
  list: string;
  line: number;
  name: string;
  expected: string;
  /** Undefined when the file is missing or cannot be read. */
  actual?: string;
  ok: boolean;
}

export interface ChecksumVerification {
  /** The checksum lists found (CHECKSUM.MD5 or any *.md5). */
  lists: string[];
  checksums: DdpChecksumResult[];
  problems: DdpProblem[];
}

/**
 * Hashes every file the DDP folder's checksum lists name and compares it with the list: a
 * mismatch names the file and the list's line; a listed file that is missing names the line.
 * Each file is read once however many lists name it.
 */
export async function verifyChecksums(
  dir: string,
  options: { onProgress?: (file: string, bytesDone: number) => void } = {},
): Promise<ChecksumVerification> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const lists = await readChecksumLists(dir);
  const problems: DdpProblem[] = [];
  const checksums: DdpChecksumResult[] = [];
  type Digest = { md5: string } | { missing: true } | { unreadable: string };
  const digests = new Map<string, Promise<Digest>>();
  const digestOf = (name: string) => {
    let digest = digests.get(name.toLowerCase());
    if (!digest) {
      const actual = names.find((n) => n.toLowerCase() === name.toLowerCase());
      digest = actual
        ? md5File(join(dir, actual), (done) => options.onProgress?.(actual, done)).then(
            (md5): Digest => ({ md5 }),
            (error: NodeJS.ErrnoException): Digest => ({ unreadable: error.code ?? 'error' }),
          )
        : Promise.resolve({ missing: true });
      digests.set(name.toLowerCase(), digest);
    }
    return digest;
  };
  for (const parsed of lists) {
    const list = parsed.list;
    for (const bad of parsed.unreadable) {
      problems.push({
        severity: 'warning',
        file: list,
        line: bad.line,
        message: `${list}: line ${bad.line} is not an MD5 checksum line: ${JSON.stringify(bad.text.slice(0, 60))}`,
      });
    }
    for (const entry of parsed.entries) {
      const digest = await digestOf(entry.name);
      const actual = 'md5' in digest ? digest.md5 : undefined;
      const ok = actual === entry.md5;
      checksums.push({
        list,
        line: entry.line,
        name: entry.name,
        expected: entry.md5,
        ...(actual ? { actual } : {}),
        ok,
      });
      if ('unreadable' in digest) {
        problems.push({
          severity: 'error',
          file: list,
          line: entry.line,
          message: `${list}: line ${entry.line}: ${entry.name} cannot be read (${digest.unreadable}).`,
        });
      } else if (actual === undefined) {
        problems.push({
          severity: 'error',
          file: list,
          line: entry.line,
          message: `${list}: line ${entry.line}: ${entry.name} is listed but missing from the DDP.`,
        });
      } else if (!ok) {
        problems.push({
          severity: 'error',
          file: entry.name,
          line: entry.line,
          message: `${entry.name}: MD5 ${actual} does not match ${entry.md5} in ${list} line ${entry.line}; the file changed after the DDP was written.`,
        });
      }
    }
  }
  if (lists.length === 0) {
    problems.push({
      severity: 'warning',
      message:
        "The DDP has no checksum list (CHECKSUM.MD5 or *.md5); its files cannot be checked against the writer's checksums.",
    });
  }
  return { lists: lists.map((l) => l.list), checksums, problems };
}

/** The MD5 of a whole file, streamed in 4 MiB chunks, lower-case hex. */
export async function md5File(path: string, onProgress?: (done: number) => void): Promise<string> {
  const hash = md5();
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done);
  }
  return hash.digest('hex');
}
