/**
 * One thing wrong with a document, located by a JSON pointer and said in plain words.
 * `message` reads on after the pointer: `/songs/3/isrc: "GB-AAA-24-0001X" is not an ISRC (...)`.
 */
export interface Problem {
  /** JSON pointer to the offending value ('' is the whole document). */
  pointer: string;
  /** A sentence in plain words, starting with the offending value when there is one. */
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
  severity: 'error' | 'warning';
  /** What kind of problem, for programs: a JSON Schema keyword or a semantic rule name. */
  rule: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.pointer || '/'}: ${problem.message}`;
}

/** A short, readable rendering of a value for a problem message. */
export function representValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `an array of ${value.length}`;
  if (value && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

/** Escapes a property name for use in a JSON pointer (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function joinPointer(base: string, ...keys: Array<string | number>): string {
  return base + keys.map((k) => `/${pointerSegment(k)}`).join('');
}
