import { createHash, type Hash } from 'node:crypto';
import type { Note } from '@tapeop/core';
import type { JournalIssue } from './journal-issue.js';
import { type JournalLine, type ParsedJournal, parseJournal } from './parse-journal.js';

/** What identifies the file read: the same device and inode is the same file. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

interface Cache {
  identity: FileIdentity;
  /** Bytes parsed: up to and including the last newline seen. */
  offset: number;
  /** SHA-1 of those bytes, to prove they are still the same. */
  digest: string;
  /** A hash fed with those bytes, to extend without hashing them again. */
  hash: Hash;
  lines: JournalLine[];
  issues: JournalIssue[];
  lineCount: number;
  seen: Set<string>;
}

/**
 * Parses a journal file again and again (the hub queries it on every request) without parsing
 * the same lines twice: the lines up to the last newline are kept, and the next read parses only
 * what was appended after them. Whether the kept part is still what is in the file is checked,
 * not assumed: same device and inode, at least as long, and the same SHA-1 over those bytes
 * (hashing is many times cheaper than parsing and validating), so a hand edit anywhere, even one
 * that keeps the size, is read afresh. A last line without its newline is never kept: it may be
 * an append in progress.
 *
 * The notes it returns are frozen, because they are shared between reads.
 */
export class JournalReader {
  private cache: Cache | undefined;

  constructor(private readonly source: string) {}

  parse(bytes: Buffer, identity: FileIdentity): ParsedJournal {
    const base = this.reusable(bytes, identity);
    const hash = base ? base.hash : createHash('sha1');
    const start = base?.offset ?? 0;
    const completeEnd = bytes.lastIndexOf(0x0a) + 1;

    let lines = base?.lines ?? [];
    let issues = base?.issues ?? [];
    let lineCount = base?.lineCount ?? 0;
    const seen = base?.seen ?? new Set<string>();
    let offset = start;
    if (completeEnd > start) {
      const grown = parseJournal(
        bytes,
        this.source,
        { offset: start, lineCount, seen },
        completeEnd,
      );
      freeze(grown.lines);
      lines = base ? pushAll(lines, grown.lines) : grown.lines;
      issues = base ? pushAll(issues, grown.issues) : grown.issues;
      lineCount = grown.lineCount;
      hash.update(bytes.subarray(start, completeEnd));
      offset = completeEnd;
    }
    this.cache = {
      identity,
      offset,
      digest: hash.copy().digest('hex'),
      hash,
      lines,
      issues,
      lineCount,
      seen,
    };

    const result: ParsedJournal = {
      lines: [...lines],
      issues: [...issues],
      lineCount,
      byteLength: bytes.length,
      endsWithNewline: bytes.length === 0 || bytes[bytes.length - 1] === 0x0a,
    };
    if (offset < bytes.length) {
      // The unfinished last line: read now, never kept.
      const tail = parseJournal(bytes, this.source, {
        offset,
        lineCount,
        seen: new Set(seen),
      });
      freeze(tail.lines);
      result.lines.push(...tail.lines);
      result.issues.push(...tail.issues);
      result.lineCount = tail.lineCount;
    }
    return result;
  }

  /** The kept part, if the file still starts with exactly those bytes. */
  private reusable(bytes: Buffer, identity: FileIdentity): Cache | undefined {
    const cache = this.cache;
    this.cache = undefined;
    if (!cache) return undefined;
    if (cache.identity.dev !== identity.dev || cache.identity.ino !== identity.ino)
      return undefined;
    if (bytes.length < cache.offset) return undefined;
    const digest = createHash('sha1').update(bytes.subarray(0, cache.offset)).digest('hex');
    return digest === cache.digest ? cache : undefined;
  }
}

function pushAll<T>(target: T[], items: T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

function freeze(lines: JournalLine[]) {
  for (const line of lines) deepFreeze(line.note);
}

function deepFreeze(value: Note | object) {
  Object.freeze(value);
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null && !Object.isFrozen(inner)) deepFreeze(inner);
  }
}
