import type { RppBlock, RppDocument, RppNode } from './rpp-tree.js';

// Where each node of a parsed document came from: its exact line (indentation, quoting, spaces)
// and what the line said when it was read. Kept outside the nodes so the tree stays plain data
// (it compares, clones and serializes to JSON as what it means) and no caller can forget to
// drop a stale line after changing a node: the serializer writes the original line only while
// the node still says what the line says.

export interface LineOrigin {
  /** Blank lines that stood before this line, with their endings. */
  before: string;
  indent: string;
  /** The line without its ending. */
  raw: string;
  eol: string;
  /** What the line said when read: name and params of a field or block, text of a text line. */
  name: string;
  params: readonly string[];
  text?: string;
  comment?: string;
}

export interface BlockCloseOrigin {
  before: string;
  raw: string;
  eol: string;
}

export interface DocumentOrigin {
  bom: boolean;
  /** Blank lines after the last node. */
  trailing: string;
}

export const lineOrigins = new WeakMap<RppNode, LineOrigin>();
export const closeOrigins = new WeakMap<RppBlock, BlockCloseOrigin>();
export const documentOrigins = new WeakMap<RppDocument, DocumentOrigin>();

const sameParams = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** True while `node` still says what the line it was read from says. */
export function isUnchanged(node: RppNode, origin: LineOrigin): boolean {
  if (node.type === 'text') return origin.text !== undefined && node.text === origin.text;
  if (origin.text !== undefined) return false;
  if (node.name !== origin.name || !sameParams(node.params, origin.params)) return false;
  return node.type === 'block' || node.comment === origin.comment;
}
