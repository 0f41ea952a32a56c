import { type Note, TapeopError } from '@tapeop/core';
import type { JournalEntry, JournalView } from './journal-view.js';

type OneOrMany<T> = T | T[];

/**
 * What to look for. Every field given must match (AND); a list matches any of its values (OR).
 * Matching uses the entries as they stand now (amendments applied): a client request marked
 * done by a later amendment is no longer 'open'.
 */
export interface NoteFilter {
  /** Entries about this song (scope.songId). */
  songId?: OneOrMany<string>;
  kind?: OneOrMany<Note['kind']>;
  /** Client requests with this status. */
  status?: OneOrMany<NonNullable<Note['status']>>;
  /** Entries attached to this version milestone (their own versionId, or the last milestone before them). */
  versionId?: OneOrMany<string>;
  /** Written by (the original's author or any amendment's author). */
  author?: OneOrMany<string>;
  /** Client requests asked by. */
  requestedBy?: OneOrMany<string>;
  /** Carrying every one of these tags. */
  tags?: string[];
  /** What the entry is about: 'session', 'song', 'position', 'marker', 'snapshot'. */
  scopeKind?: OneOrMany<Note['scope']['kind']>;
  /** About or linked to this snapshot. */
  snapshotId?: string;
  /** Written at or after this time (the original's time). */
  since?: Date | string | number;
  /** Written before this time. */
  until?: Date | string | number;
  /**
   * Words to find in the text, tags, author and who asked: every word must appear, in any
   * case and with or without accents ('cafe' finds 'Café').
   */
  text?: string;
  /** Also return withdrawn entries. Default false. */
  includeRetracted?: boolean;
}

/** The client requests still open, taking later amendments into account. */
export const openClientRequests: NoteFilter = { kind: 'client-request', status: 'open' };

export function filterEntries(view: JournalView, filter: NoteFilter = {}): JournalEntry[] {
  const pool = filter.includeRetracted
    ? [...view.entries, ...view.retracted].sort((a, b) => a.line - b.line)
    : view.entries;
  const test = compileFilter(filter);
  return pool.filter(test);
}

export function compileFilter(filter: NoteFilter): (entry: JournalEntry) => boolean {
  const checks: Array<(entry: JournalEntry) => boolean> = [];
  const set = <T>(value: OneOrMany<T> | undefined) =>
    value === undefined ? undefined : new Set(Array.isArray(value) ? value : [value]);

  const songs = set(filter.songId);
  if (songs)
    checks.push((e) => e.note.scope.songId !== undefined && songs.has(e.note.scope.songId));
  const kinds = set(filter.kind);
  if (kinds) checks.push((e) => kinds.has(e.note.kind));
  const statuses = set(filter.status);
  if (statuses) checks.push((e) => e.note.status !== undefined && statuses.has(e.note.status));
  const versions = set(filter.versionId);
  if (versions) checks.push((e) => e.versionId !== undefined && versions.has(e.versionId));
  const authors = set(filter.author);
  if (authors) {
    checks.push(
      (e) => authors.has(e.original.author) || e.amendments.some((a) => authors.has(a.author)),
    );
  }
  const askers = set(filter.requestedBy);
  if (askers)
    checks.push((e) => e.note.requestedBy !== undefined && askers.has(e.note.requestedBy));
  const scopes = set(filter.scopeKind);
  if (scopes) checks.push((e) => scopes.has(e.note.scope.kind));
  if (filter.tags && filter.tags.length > 0) {
    const wanted = filter.tags;
    checks.push((e) => wanted.every((tag) => e.note.tags?.includes(tag) ?? false));
  }
  if (filter.snapshotId !== undefined) {
    const id = filter.snapshotId;
    checks.push(
      (e) => e.note.scope.snapshotId === id || (e.note.links?.snapshots?.includes(id) ?? false),
    );
  }
  if (filter.since !== undefined) {
    const since = toTime(filter.since, 'since');
    checks.push((e) => Date.parse(e.original.time) >= since);
  }
  if (filter.until !== undefined) {
    const until = toTime(filter.until, 'until');
    checks.push((e) => Date.parse(e.original.time) < until);
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const words = fold(filter.text).split(/\s+/).filter(Boolean);
    checks.push((e) => {
      const haystack = fold(
        [e.note.text, e.note.author, e.note.requestedBy ?? '', ...(e.note.tags ?? [])].join('\n'),
      );
      return words.every((word) => haystack.includes(word));
    });
  }
  return (entry) => checks.every((check) => check(entry));
}

/** Lower case without accents, for searching as people type. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function toTime(value: Date | string | number, field: string): number {
  const time =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(time)) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `query ${field}: ${JSON.stringify(String(value))} is not a time`,
      {
        details: { field, value },
        hint: 'Give an ISO 8601 time such as 2026-11-20 or 2026-11-20T17:30:00Z.',
      },
    );
  }
  return time;
}
