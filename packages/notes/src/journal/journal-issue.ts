import type { Problem } from '@tapeop/core';

/**
 * Something found while reading notes.jsonl. Reading never stops at one: the entries around
 * it are read as usual, and the file is left exactly as it is.
 *
 * - `torn-last-line`: the last line is cut short, as a crash in the middle of an append leaves it.
 * - `torn-line`: a line cut short the same way, earlier in the file (a later append started
 *   after it on a fresh line).
 * - `unterminated-last-line`: the last line is a complete entry but lacks its final newline;
 *   the entry is used.
 * - `not-json`, `not-utf8`: a line that is not JSON, or not UTF-8 text (a hand edit gone wrong).
 * - `invalid-note`: JSON, but not a valid Note document; `problems` says why.
 * - `duplicate-id`: an entry whose id an earlier line already used; the earlier one counts.
 * - `dangling-reference`: an amendment or retraction of an entry the journal does not hold.
 * - `bad-reference`: an amendment of a retraction, or a retraction of a retraction; ignored.
 */
export type JournalIssueKind =
  | 'torn-last-line'
  | 'torn-line'
  | 'unterminated-last-line'
  | 'not-json'
  | 'not-utf8'
  | 'invalid-note'
  | 'duplicate-id'
  | 'dangling-reference'
  | 'bad-reference';

export interface JournalIssue {
  kind: JournalIssueKind;
  /** 'error': the line was skipped. 'warning': the entry was used, or only a reference ignored. */
  severity: 'error' | 'warning';
  /** 1-based line number in notes.jsonl. */
  line: number;
  /** Byte offset of the start of that line. */
  byteOffset: number;
  /** Plain words, naming the file and the line. */
  message: string;
  /** The start of the line as it is in the file (at most 120 characters). */
  excerpt?: string;
  /** For `invalid-note`: what is wrong with the document. */
  problems?: Problem[];
  /** The entry concerned, when the line had a readable id. */
  id?: string;
}
