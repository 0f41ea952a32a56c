import { TapeopError } from '@tapeop/core';

/**
 * Something wrong in an RPP file, with where it is. `error`s stop a strict read; in a lenient
 * read they are repaired as REAPER would read the line and reported. `warning`s never stop a
 * read (REAPER reads the line, just not the way it looks).
 */
export interface RppProblem {
  code: RppProblemCode;
  severity: 'error' | 'warning';
  /** 1-based line of the file. */
  line: number;
  /** 1-based column, where it helps. */
  column?: number;
  message: string;
}

export type RppProblemCode =
  | 'not-text'
  | 'empty'
  | 'not-a-project'
  | 'unterminated-quote'
  | 'text-after-quote'
  | 'comment'
  | 'empty-tag'
  | 'stray-close'
  | 'unterminated-block'
  | 'after-project'
  | 'bad-value'
  | 'unpaired-region'
  | 'unknown-fx';

/** `file.RPP line 12, column 4` (or without the file name when there is none). */
export function rppLocation(file: string | undefined, line: number, column?: number): string {
  const where = `line ${line}${column === undefined ? '' : `, column ${column}`}`;
  return file ? `${file} ${where}` : where;
}

/** The PARSE_ERROR a strict read throws for an error-level problem. */
export function rppParseError(problem: RppProblem, file: string | undefined): TapeopError {
  return new TapeopError(
    'PARSE_ERROR',
    `${rppLocation(file, problem.line, problem.column)}: ${problem.message}`,
    {
      details: {
        ...(file === undefined ? {} : { file }),
        line: problem.line,
        ...(problem.column === undefined ? {} : { column: problem.column }),
        problem: problem.code,
      },
      hint: 'Open the project in REAPER and save it again, or repair the line in a text editor. tapeop reads damaged projects with { lenient: true }, which reports each problem and keeps going.',
    },
  );
}

/** Collects problems; in strict mode the first error throws. */
export class RppProblemLog {
  readonly problems: RppProblem[] = [];
  constructor(
    private readonly lenient: boolean,
    private readonly file: string | undefined,
  ) {}

  report(problem: RppProblem): void {
    if (problem.severity === 'error' && !this.lenient) throw rppParseError(problem, this.file);
    this.problems.push(problem);
  }
}
