import type { RppProblemLog } from './rpp-problem.js';

// One line of REAPER's text formats (RPP projects, state chunks, reaper-kb.ini and the values of
// reaper.ini's csurf lines) read the way REAPER's line parser reads it: tokens separated by
// spaces or tabs; a token that starts with ", ' or ` runs to the next same quote character, so a
// string holding " is written '...', one holding " and ' is written `...`; a bare token that
// starts with # or ; begins a comment (which is why REAPER quotes any string holding a #).

const QUOTES = new Set(['"', "'", '`']);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

export interface RppLineTokens {
  tokens: string[];
  /** Which tokens were written in quotes. */
  quoted: boolean[];
  /** The comment that ends the line (from its # or ;), when there is one. */
  comment?: string;
}

/**
 * Splits `text` into tokens. `lineNumber` and `log` place problems: an unterminated quote is an
 * error (repaired by taking the rest of the line, as REAPER's parser gives up on it), text right
 * after a closing quote and comments are warnings.
 */
export function tokenizeRppLine(
  text: string,
  lineNumber: number,
  log: RppProblemLog,
  /** Characters of the line before `text` (indentation, '<'), for columns in messages. */
  columnOffset = 0,
): RppLineTokens {
  const tokens: string[] = [];
  const quoted: boolean[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) break;
    const c = text[i]!;
    if (QUOTES.has(c)) {
      const end = text.indexOf(c, i + 1);
      if (end < 0) {
        log.report({
          code: 'unterminated-quote',
          severity: 'error',
          line: lineNumber,
          column: columnOffset + i + 1,
          message: `the ${c} quote opened here never closes (the line ends first)`,
        });
        tokens.push(text.slice(i + 1));
        quoted.push(true);
        break;
      }
      tokens.push(text.slice(i + 1, end));
      quoted.push(true);
      i = end + 1;
      if (i < n && !isSpace(text[i])) {
        log.report({
          code: 'text-after-quote',
          severity: 'warning',
          line: lineNumber,
          column: columnOffset + i + 1,
          message: `text follows the closing ${c} quote without a space; REAPER reads it as the next value`,
        });
      }
      continue;
    }
    if (c === '#' || c === ';') {
      log.report({
        code: 'comment',
        severity: 'warning',
        line: lineNumber,
        column: columnOffset + i + 1,
        message: `"${text.slice(i)}" starts with ${c}, which REAPER reads as a comment to the end of the line`,
      });
      return { tokens, quoted, comment: text.slice(i) };
    }
    let end = i;
    while (end < n && !isSpace(text[end])) end++;
    tokens.push(text.slice(i, end));
    quoted.push(false);
    i = end;
  }
  return { tokens, quoted };
}

/**
 * A value as REAPER writes it: bare when it is a plain word (no spaces, quotes, # or ;),
 * otherwise in "...", or '...' when it holds a ", or `...` when it holds both. A value holding
 * all three quote characters cannot be written on one line: REAPER then writes ` as ', which
 * `quoteNeedsBlock` tells (REAPER adds the exact text as a block after the line, e.g. <NAME).
 * Line breaks become spaces.
 */
export function quoteRppValue(raw: string, always = false): string {
  // A line cannot hold a line break: REAPER's own strings never carry one on a line.
  const value = /[\r\n]/.test(raw) ? raw.replace(/[\r\n]+/g, ' ') : raw;
  if (!always && value !== '' && /^[^\s"'`#;]+$/.test(value)) return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `\`${value.replaceAll('`', "'")}\``;
}

/** True when `value` holds ", ' and ` at once, so one line cannot hold it exactly. */
export function quoteNeedsBlock(value: string): boolean {
  return value.includes('"') && value.includes("'") && value.includes('`');
}

/**
 * A line of tokens, each quoted as needed, and the params at `quoted` (indexes) always (a line
 * without tokens is empty).
 */
export function joinRppTokens(
  name: string,
  params: readonly string[],
  quoted: readonly number[] = [],
): string {
  if (name === '' && params.length === 0) return '';
  return [
    quoteRppValue(name),
    ...params.map((param, i) => quoteRppValue(param, quoted.includes(i))),
  ].join(' ');
}
