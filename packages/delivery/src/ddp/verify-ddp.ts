import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isTapeopError, type Logger, noopLogger } from '@tapeop/core';
import { checkDiscLayout, type DiscCheckOptions } from '../disc/check-disc-layout.js';
import { md5 } from '../io/pcm-segments.js';
import { readChecksumLists } from './checksum-file.js';
import { type DdpFileset, readDdp } from './read-ddp.js';

export interface DdpProblem {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  /** Byte offset in `file`, or the line number for checksum lists. */
  offset?: number;
  line?: number;
}

export interface DdpChecksumResult {
  /** The checksum list the entry comes from (CHECKSUM.MD5, MD5-Checksum.md5, ...). */
  list: string;
  line: number;
  name: string;
  expected: string;
  /** Undefined when the file is missing. */
  actual?: string;
  ok: boolean;
}

export interface DdpVerification {
  dir: string;
  ok: boolean;
  problems: DdpProblem[];
  checksums: DdpChecksumResult[];
  /** The fileset, when it could be read at all. */
  fileset?: DdpFileset;
}

export interface VerifyDdpOptions extends DiscCheckOptions {
  logger?: Logger;
  onProgress?: (file: string, bytesDone: number) => void;
}

/**
 * Checks a DDP the way a plant would before pressing: every descriptor reads, the image has
 * the length DDPMS promises, the disc meets the Red Book rules, CD-Text CRCs are right, and
 * every file matches its MD5 in the checksum lists beside it (CHECKSUM.MD5 or any *.md5).
 * Never throws for a bad DDP: everything wrong is a problem in the report.
 */
export async function verifyDdp(
  dir: string,
  options: VerifyDdpOptions = {},
): Promise<DdpVerification> {
  const logger = options.logger ?? noopLogger;
  const root = resolve(dir);
  const problems: DdpProblem[] = [];
  const checksums: DdpChecksumResult[] = [];
  let fileset: DdpFileset | undefined;
  try {
    fileset = await readDdp(root, { logger });
  } catch (error) {
    if (!isTapeopError(error)) throw error;
    const details = error.details as { file?: string; offset?: number };
    problems.push({
      severity: 'error',
      message: error.message,
      ...(details.file ? { file: details.file } : {}),
      ...(typeof details.offset === 'number' ? { offset: details.offset } : {}),
    });
  }

  if (fileset) {
    for (const note of fileset.notes) {
      problems.push({
        severity: note.includes('CRC') ? 'error' : 'warning',
        message: note,
        ...(fileset.cdTextFile && note.includes('CRC') ? { file: fileset.cdTextFile } : {}),
      });
    }
    for (const problem of checkDiscLayout(fileset.layout, options)) {
      problems.push({ severity: problem.severity, message: problem.message, file: fileset.pqFile });
    }
    if (!fileset.byteOrderCertain) {
      problems.push({
        severity: 'warning',
        message: `The byte order of ${fileset.images[0]?.name ?? 'the image'} could not be told from the audio (silence or noise-like content); little-endian is assumed.`,
      });
    }
  }

  const names = await readdir(root).catch(() => [] as string[]);
  const lists = await readChecksumLists(root);
  const digests = new Map<string, Promise<string | undefined>>();
  const digestOf = (name: string) => {
    let digest = digests.get(name.toLowerCase());
    if (!digest) {
      const actual = names.find((n) => n.toLowerCase() === name.toLowerCase());
      digest = actual
        ? hashFile(join(root, actual), (done) => options.onProgress?.(actual, done))
        : Promise.resolve(undefined);
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
      const actual = await digestOf(entry.name);
      const ok = actual === entry.md5;
      checksums.push({
        list,
        line: entry.line,
        name: entry.name,
        expected: entry.md5,
        ...(actual ? { actual } : {}),
        ok,
      });
      if (actual === undefined) {
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
  } else if (fileset) {
    const covered = new Set(checksums.map((c) => c.name.toLowerCase()));
    const streams = [
      fileset.pqFile,
      ...(fileset.cdTextFile ? [fileset.cdTextFile] : []),
      ...fileset.images.map((i) => i.name),
    ];
    for (const name of streams) {
      if (!covered.has(name.toLowerCase())) {
        problems.push({
          severity: 'warning',
          file: name,
          message: `${name} is not in any checksum list.`,
        });
      }
    }
  }
  const ok = !problems.some((p) => p.severity === 'error');
  return { dir: root, ok, problems, checksums, ...(fileset ? { fileset } : {}) };
}

async function hashFile(path: string, onProgress: (done: number) => void): Promise<string> {
  const hash = md5();
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress(done);
  }
  return hash.digest('hex');
}
