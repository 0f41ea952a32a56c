import { tokenizeRppLine } from './rpp-line.js';
import { closeOrigins, documentOrigins, lineOrigins } from './rpp-origin.js';
import { RppProblemLog, rppParseError } from './rpp-problem.js';
import type { RppBlock, RppDocument, RppNode } from './rpp-tree.js';

export interface ParseRppOptions {
  /**
   * Read damaged files the way REAPER would and report each repair in `problems` (an
   * unterminated quote takes the rest of the line, a stray '>' is dropped, blocks still open
   * at the end are closed) instead of stopping at the first error.
   */
  lenient?: boolean;
  /** The file's name, for messages. */
  file?: string;
}

/**
 * Reads RPP text (a whole project, or a state chunk: any sequence of lines and blocks) into a
 * tree. Every line is kept exactly, so `serializeRpp(parseRpp(text))` gives `text` back.
 * Throws PARSE_ERROR with the line (and column) on broken input unless `lenient`; text that is
 * not text at all (a NUL byte) is refused in both modes.
 */
export function parseRpp(text: string, options: ParseRppOptions = {}): RppDocument {
  const log = new RppProblemLog(options.lenient ?? false, options.file);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = countLines(text, nul);
    throw rppParseError(
      {
        code: 'not-text',
        severity: 'error',
        line,
        message: `byte ${Buffer.byteLength(text.slice(0, nul))} is a NUL byte: this is a binary file, not a REAPER project or chunk`,
      },
      options.file,
    );
  }
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const document: RppDocument = {
    nodes: [],
    eol: dominantEol(body),
    problems: log.problems,
    ...(options.file === undefined ? {} : { file: options.file }),
  };
  const stack: Array<{ block: RppBlock | undefined; children: RppNode[] }> = [
    { block: undefined, children: document.nodes },
  ];
  let before = '';
  let lineNumber = 0;
  const linePattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (const match of body.matchAll(linePattern)) {
    const [whole, raw = '', eol = ''] = match;
    if (whole === '') break; // the empty match at the very end
    lineNumber++;
    const content = raw.replace(/^[ \t]+/, '');
    const indent = raw.slice(0, raw.length - content.length);
    const top = stack[stack.length - 1]!;
    if (content.trim() === '') {
      before += whole;
      continue;
    }
    if (content.trimEnd() === '>') {
      if (stack.length === 1) {
        log.report({
          code: 'stray-close',
          severity: 'error',
          line: lineNumber,
          message: "'>' closes a block that was never opened",
        });
        before = ''; // the repair drops the line
        continue;
      }
      closeOrigins.set(top.block!, { before, raw, eol });
      before = '';
      stack.pop();
      continue;
    }
    let node: RppNode;
    if (content.startsWith('|')) {
      node = { type: 'text', text: content.slice(1), line: lineNumber };
      lineOrigins.set(node, { before, indent, raw, eol, name: '', params: [], text: node.text });
    } else if (content.startsWith('<')) {
      const { tokens, quoted } = tokenizeRppLine(
        content.slice(1),
        lineNumber,
        log,
        indent.length + 1,
      );
      const [name = '', ...params] = tokens;
      if (name === '') {
        log.report({
          code: 'empty-tag',
          severity: 'error',
          line: lineNumber,
          column: indent.length + 1,
          message: "'<' opens a block without a name",
        });
      }
      const block: RppBlock = {
        type: 'block',
        name,
        params,
        ...quotedParams(quoted),
        children: [],
        line: lineNumber,
      };
      lineOrigins.set(block, { before, indent, raw, eol, name, params: [...params] });
      node = block;
    } else {
      const { tokens, quoted, comment } = tokenizeRppLine(content, lineNumber, log, indent.length);
      const [name = '', ...params] = tokens;
      node = {
        type: 'field',
        name,
        params,
        ...quotedParams(quoted),
        ...(comment === undefined ? {} : { comment }),
        line: lineNumber,
      };
      lineOrigins.set(node, {
        before,
        indent,
        raw,
        eol,
        name,
        params: [...params],
        ...(comment === undefined ? {} : { comment }),
      });
    }
    before = '';
    top.children.push(node);
    if (node.type === 'block') stack.push({ block: node, children: node.children });
  }
  if (stack.length > 1) {
    const open = stack
      .slice(1)
      .map(({ block }) => `<${block!.name} (line ${block!.line})`)
      .reverse();
    log.report({
      code: 'unterminated-block',
      severity: 'error',
      line: Math.max(lineNumber, 1),
      message: `the text ends inside ${open.join(', inside ')}: the file is cut off or a '>' is missing`,
    });
  }
  documentOrigins.set(document, { bom, trailing: before });
  return document;
}

/** `{ quoted: [indexes] }` of the params (tokens after the name) that were in quotes. */
function quotedParams(quoted: boolean[]): { quoted?: number[] } {
  const indexes = quoted.flatMap((q, i) => (q && i > 0 ? [i - 1] : []));
  return indexes.length > 0 ? { quoted: indexes } : {};
}

function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text[i] === '\n') line++;
  return line;
}
