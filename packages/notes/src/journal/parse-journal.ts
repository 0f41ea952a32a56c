import { isUtf8 } from 'node:buffer';
import { formatProblem, type Note, validateNote } from '@tapeop/core';
import type { JournalIssue } from './journal-issue.js';

/** One entry as read from notes.jsonl, with where it is in the file. */
export interface JournalLine {
  note: Note;
  /** 1-based line number. */
  line: number;
  byteOffset: number;
}

export interface ParsedJournal {
  /** Every valid entry, in file order (duplicates of an earlier id left out). */
  lines: JournalLine[];
  issues: JournalIssue[];
  /** Number of lines in the file (a last line without '\n' counts). */
  lineCount: number;
  byteLength: number;
  /** False when the file ends in a line without its newline (torn, or a hand edit). */
  endsWithNewline: boolean;
}

const NEWLINE = 0x0a;
const EXCERPT = 120;

/** Where a parse left off, to go on from there when the file has grown. */
export interface ParseState {
  /** Byte offset of the next line. */
  offset: number;
  /** Lines before it. */
  lineCount: number;
  /** Ids seen before it; the parse adds to this set. */
  seen: Set<string>;
}

/**
 * Reads the bytes of a notes.jsonl file. Every line that is a valid Note becomes an entry; every
 * other line becomes an issue with its line number, and reading goes on with the next line.
 * `source` names the file in messages. With `state`, parsing starts at `state.offset` (a line
 * start) and only bytes before `end` are read.
 */
export function parseJournal(
  bytes: Buffer,
  source: string,
  state: ParseState = { offset: 0, lineCount: 0, seen: new Set() },
  end: number = bytes.length,
): ParsedJournal {
  const result: ParsedJournal = {
    lines: [],
    issues: [],
    lineCount: state.lineCount,
    byteLength: bytes.length,
    endsWithNewline: bytes.length === 0 || bytes[bytes.length - 1] === NEWLINE,
  };
  let from = state.offset;
  // A UTF-8 byte order mark, as some editors add, is not part of the first entry.
  if (from === 0 && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    from = 3;
  }
  if (isUtf8(bytes.subarray(from, end))) readText(bytes, from, end, source, result, state.seen);
  else readBytesLineByLine(bytes, from, end, source, result, state.seen);
  return result;
}

/** The usual case: valid UTF-8, decoded once and split as text. */
function readText(
  bytes: Buffer,
  from: number,
  end: number,
  source: string,
  result: ParsedJournal,
  seen: Set<string>,
) {
  const text = bytes.toString('utf8', from, end);
  // Pure ASCII: a character offset is a byte offset; otherwise count the bytes of each line.
  const ascii = text.length === end - from;
  let start = 0;
  let byteOffset = from;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const terminated = newline !== -1;
    const lineEnd = terminated ? newline : text.length;
    let line = text.slice(start, lineEnd);
    const lineBytes = ascii ? lineEnd - start : Buffer.byteLength(line);
    const at = { line: ++result.lineCount, byteOffset };
    byteOffset += lineBytes + (terminated ? 1 : 0);
    start = lineEnd + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1); // CRLF from an editor
    if (line.trim() === '') continue;
    readLine(line, at, source, !terminated, result, seen);
  }
}

/** Some bytes are not UTF-8: find the lines they are on, report those, read the rest. */
function readBytesLineByLine(
  bytes: Buffer,
  from: number,
  end: number,
  source: string,
  result: ParsedJournal,
  seen: Set<string>,
) {
  let start = from;
  while (start < end) {
    const found = bytes.indexOf(NEWLINE, start);
    const newline = found !== -1 && found < end ? found : -1;
    const terminated = newline !== -1;
    let contentEnd = terminated ? newline : end;
    if (contentEnd > start && bytes[contentEnd - 1] === 0x0d) contentEnd -= 1;
    const at = { line: ++result.lineCount, byteOffset: start };
    start = terminated ? newline + 1 : end;
    if (!isUtf8(bytes.subarray(at.byteOffset, contentEnd))) {
      result.issues.push({
        ...at,
        kind: 'not-utf8',
        severity: 'error',
        message: `${source}, line ${at.line}: not UTF-8 text; skipped`,
        excerpt: bytes.toString(
          'latin1',
          at.byteOffset,
          Math.min(contentEnd, at.byteOffset + EXCERPT),
        ),
      });
      continue;
    }
    const line = bytes.toString('utf8', at.byteOffset, contentEnd);
    if (line.trim() === '') continue;
    readLine(line, at, source, !terminated, result, seen);
  }
}

function readLine(
  text: string,
  at: { line: number; byteOffset: number },
  source: string,
  unterminatedLast: boolean,
  { lines, issues }: ParsedJournal,
  seen: Set<string>,
) {
  // Built only for a line that has an issue: this runs for every line of large journals.
  const where = () => `${source}, line ${at.line}`;
  const excerpt = () => (text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    const cutShort = /end of JSON input|Unterminated string/i.test(reason);
    if (unterminatedLast) {
      issues.push({
        ...at,
        kind: 'torn-last-line',
        severity: 'error',
        message: `${where()}: the last line is cut short (an append was interrupted, e.g. by a crash or power cut); skipped. The next entry will start on a fresh line.`,
        excerpt: excerpt(),
      });
    } else if (cutShort) {
      issues.push({
        ...at,
        kind: 'torn-line',
        severity: 'error',
        message: `${where()}: the line is cut short (an append was interrupted, e.g. by a crash); skipped`,
        excerpt: excerpt(),
      });
    } else {
      issues.push({
        ...at,
        kind: 'not-json',
        severity: 'error',
        message: `${where()}: not valid JSON (${reason}); skipped. Fix or remove the line by hand if it was edited.`,
        excerpt: excerpt(),
      });
    }
    return;
  }
  const result = validateNote(value);
  const id = readId(value);
  if (!result.ok) {
    const shown = result.problems.slice(0, 3).map(formatProblem).join('; ');
    issues.push({
      ...at,
      kind: 'invalid-note',
      severity: 'error',
      message: `${where()}: not a valid Note entry (${shown}); skipped`,
      excerpt: excerpt(),
      problems: result.problems,
      ...(id ? { id } : {}),
    });
    return;
  }
  const note = result.value;
  if (seen.has(note.id)) {
    issues.push({
      ...at,
      kind: 'duplicate-id',
      severity: 'warning',
      message: `${where()}: the id ${note.id} was already used by an earlier line; this copy is ignored`,
      excerpt: excerpt(),
      id: note.id,
    });
    return;
  }
  seen.add(note.id);
  if (unterminatedLast) {
    issues.push({
      ...at,
      kind: 'unterminated-last-line',
      severity: 'warning',
      message: `${where()}: the last entry lacks its final newline; it is complete and used`,
      id: note.id,
    });
  }
  lines.push({ note, line: at.line, byteOffset: at.byteOffset });
}

function readId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
