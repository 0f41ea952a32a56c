import type { HeaderProblemCode } from './audio-header.js';

/** Every kind of problem intake reports; stable, for programs to branch on. */
export type IntakeProblemCode =
  | HeaderProblemCode
  /** The file could not be opened or read (permissions, I/O error). */
  | 'unreadable'
  /** The folder holds no usable mix. */
  | 'no-mixes'
  /** A sample rate outside what a session accepts (8 kHz to 768 kHz). */
  | 'unusual-sample-rate'
  /** The mix's sample rate differs from the rest of the album's. */
  | 'mismatched-sample-rate'
  /** The mix's bit depth differs from the rest of the album's. */
  | 'mismatched-bit-depth'
  | 'mono'
  /** More than 2 channels. */
  | 'multichannel'
  /** Shorter than a CD track may be (4 s). */
  | 'too-short'
  /** The file name says a resolution the header contradicts (`_24-96` on a 16-bit file). */
  | 'name-format-mismatch'
  /** The same bytes as another file. */
  | 'duplicate-content'
  /** Another version of a song that was delivered twice; the newest is kept. */
  | 'duplicate-song'
  /** Two different songs with the same track number in their file names. */
  | 'duplicate-track-number'
  // The metadata sheet.
  | 'unknown-column'
  | 'duplicate-column'
  | 'no-key-column'
  | 'invalid-value'
  | 'duplicate-row'
  | 'duplicate-isrc'
  | 'album-conflict'
  | 'not-utf8'
  // Merging the sheet with the files, and building the session.
  | 'title-differs'
  | 'track-differs'
  | 'version-differs'
  | 'row-without-mix'
  | 'mix-without-row'
  | 'album-title-from-folder'
  | 'path-outside-session';

/**
 * One problem found at intake, located by file and, where it applies, by byte offset (audio)
 * or line and column (the metadata sheet). `message` reads on after the location.
 */
export interface IntakeProblem {
  code: IntakeProblemCode;
  /** 'error': the file or value cannot be used; 'warning': look at it before going on. */
  severity: 'error' | 'warning';
  /** The mix (path relative to the scanned folder) or the sheet, when there is one file. */
  file: string | undefined;
  /** Other files the problem is about (the duplicate, the version left out, ...). */
  related?: string[];
  /** Byte offset in an audio file. */
  offset?: number;
  /** Line in the metadata sheet (1-based). */
  line?: number;
  /** Column header in the metadata sheet. */
  column?: string;
  message: string;
  hint?: string;
}

/** `01 - Song.wav (byte 36): the data chunk ...` / `tracks.csv line 4, ISRC: ...` */
export function formatIntakeProblem(problem: IntakeProblem): string {
  let where = problem.file ?? '';
  if (problem.line !== undefined) where += `${where ? ' ' : ''}line ${problem.line}`;
  if (problem.column !== undefined) where += `${where ? ', ' : ''}${problem.column}`;
  if (problem.offset !== undefined) where += ` (byte ${problem.offset})`;
  return where ? `${where}: ${problem.message}` : problem.message;
}
