import { joinRppTokens } from './rpp-line.js';
import { closeOrigins, documentOrigins, isUnchanged, lineOrigins } from './rpp-origin.js';
import type { RppDocument, RppNode } from './rpp-tree.js';

/** Indentation REAPER gives each level. */
const STEP = '  ';

/**
 * Writes a tree back as RPP text. Nodes read from a file and not changed since are written
 * exactly as they were read (indentation, quoting, line endings, blank lines); new or changed
 * nodes are written as REAPER writes them, indented under their parent, with the document's
 * line ending. Blocks a lenient read had to close get their '>'.
 */
export function serializeRpp(document: RppDocument): string {
  const out = new LineWriter(document.eol);
  const origin = documentOrigins.get(document);
  if (origin?.bom) out.parts.push('\uFEFF');
  for (const node of document.nodes) writeNode(node, '', out);
  if (origin?.trailing) out.line('', origin.trailing);
  return out.parts.join('');
}

class LineWriter {
  readonly parts: string[] = [];
  /** False after a line written without its ending (the file's last line had none). */
  private atLineStart = true;
  constructor(readonly eol: string) {}

  line(text: string, eol: string): void {
    if (!this.atLineStart) this.parts.push(this.eol);
    this.parts.push(text, eol);
    this.atLineStart = eol !== '' || text === '';
  }
}

function writeNode(node: RppNode, indent: string, out: LineWriter): void {
  const origin = lineOrigins.get(node);
  if (origin?.before) out.line('', origin.before);
  const ownIndent = origin?.indent ?? indent;
  if (origin && isUnchanged(node, origin)) out.line(origin.raw, origin.eol);
  else out.line(ownIndent + lineText(node), origin ? origin.eol : out.eol);
  if (node.type !== 'block') return;
  const childIndent = ownIndent + STEP;
  for (const child of node.children) writeNode(child, childIndent, out);
  const close = closeOrigins.get(node);
  if (close) {
    if (close.before) out.line('', close.before);
    out.line(close.raw, close.eol);
  } else out.line(`${ownIndent}>`, out.eol);
}

/**
 * Nodes as REAPER writes them, ignoring the lines they were read from: `indent` before the
 * first level, two spaces more for each level below, `eol` after every line. This is the form
 * of a state chunk (a track's, a plug-in's) as tapeop stores and compares it.
 */
export function formatRppNodes(nodes: readonly RppNode[], indent = '', eol = '\n'): string {
  const out: string[] = [];
  const write = (node: RppNode, at: string) => {
    out.push(at, lineText(node), eol);
    if (node.type !== 'block') return;
    for (const child of node.children) write(child, at + STEP);
    out.push(at, '>', eol);
  };
  for (const node of nodes) write(node, indent);
  return out.join('');
}

function lineText(node: RppNode): string {
  switch (node.type) {
    case 'text':
      return `|${node.text}`;
    case 'block':
      return `<${joinRppTokens(node.name, node.params, node.quoted)}`;
    case 'field': {
      const line = joinRppTokens(node.name, node.params, node.quoted);
      if (node.comment === undefined) return line;
      return line === '' ? node.comment : `${line} ${node.comment}`;
    }
  }
}
