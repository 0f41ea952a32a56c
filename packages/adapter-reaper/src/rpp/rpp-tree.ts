import type { RppProblem } from './rpp-problem.js';

// The tree of an RPP file (and of REAPER's state chunks, which share its syntax):
//   <NAME param param      a block, closed by a line holding only '>'
//   KEY value value        a field: a line of tokens
//   |free text             a text line (notes, comments, code), the text after the '|'
// Every node keeps the exact line it was read from (outside the tree, see rpp-origin.ts), so a
// document written back without changes is the same text, byte for byte, and a changed node is
// written the way REAPER writes it.

export interface RppField {
  type: 'field';
  name: string;
  params: string[];
  /**
   * Indexes of params written in quotes even where none are needed (REAPER quotes file names,
   * versions and some names always). Read from the file; set it on new nodes to match REAPER.
   */
  quoted?: number[];
  /** A trailing comment (from a bare token starting with # or ;), kept as it was. */
  comment?: string;
  /** 1-based line in the file it was read from; 0 for a node made in code. */
  line: number;
}

export interface RppText {
  type: 'text';
  /** The line after its leading '|', trailing spaces included. */
  text: string;
  line: number;
}

export interface RppBlock {
  type: 'block';
  name: string;
  params: string[];
  /** As for fields. */
  quoted?: number[];
  children: RppNode[];
  line: number;
}

export type RppNode = RppField | RppText | RppBlock;

export interface RppDocument {
  /** The top-level nodes: one <REAPER_PROJECT block for a project, any nodes for a chunk. */
  nodes: RppNode[];
  /** The line ending of the file ('\r\n' on Windows), used for every line written anew. */
  eol: '\n' | '\r\n';
  /** What a lenient read repaired or noticed, and warnings of a strict read. */
  problems: RppProblem[];
  file?: string;
}

export function rppField(name: string, ...params: Array<string | number>): RppField {
  return { type: 'field', name, params: params.map(String), line: 0 };
}

/** A field whose params are all strings REAPER writes in quotes (FILE "...", NAME "..."). */
export function rppStringField(name: string, ...params: string[]): RppField {
  return { ...rppField(name, ...params), quoted: params.map((_, i) => i) };
}

export function rppText(text: string): RppText {
  return { type: 'text', text, line: 0 };
}

export function rppBlock(
  name: string,
  params: Array<string | number> = [],
  children: RppNode[] = [],
): RppBlock {
  return { type: 'block', name, params: params.map(String), children, line: 0 };
}

/** `|` lines for a text, one per line of it (REAPER's notes). */
export function rppTextLines(text: string): RppText[] {
  if (text === '') return [];
  return text.split(/\r\n|\n|\r/).map(rppText);
}

type Parent = Pick<RppBlock, 'children'> | Pick<RppDocument, 'nodes'>;
const childrenOf = (parent: Parent): RppNode[] =>
  'children' in parent ? parent.children : parent.nodes;

/** The first block named `name` directly inside `parent`. */
export function findBlock(parent: Parent, name: string): RppBlock | undefined {
  return childrenOf(parent).find((n): n is RppBlock => n.type === 'block' && n.name === name);
}

export function findBlocks(parent: Parent, name: string): RppBlock[] {
  return childrenOf(parent).filter((n): n is RppBlock => n.type === 'block' && n.name === name);
}

/** The first field named `name` directly inside `parent`. */
export function findField(parent: Parent, name: string): RppField | undefined {
  return childrenOf(parent).find((n): n is RppField => n.type === 'field' && n.name === name);
}

export function findFields(parent: Parent, name: string): RppField[] {
  return childrenOf(parent).filter((n): n is RppField => n.type === 'field' && n.name === name);
}

/** The text of a block's `|` lines, joined by line breaks (REAPER's notes). */
export function blockText(block: RppBlock): string {
  return block.children
    .filter((n): n is RppText => n.type === 'text')
    .map((n) => n.text)
    .join('\n');
}

/** The lines of a block that holds data (base64 plug-in state, JS parameters), joined. */
export function blockData(block: RppBlock): string {
  return block.children
    .filter((n): n is RppField => n.type === 'field')
    .map((n) => [n.name, ...n.params].join(' '))
    .join('');
}

/**
 * Sets field `name` in `block` to `params`: the first such field is changed in place, or a new
 * field is inserted after the field named `after` (or at the end of the fields before the first
 * block) when there is none.
 */
export function setField(
  block: RppBlock,
  name: string,
  params: Array<string | number>,
  after?: string,
): RppField {
  const existing = findField(block, name);
  if (existing) {
    existing.params = params.map(String);
    return existing;
  }
  const field = rppField(name, ...params);
  const anchor = after
    ? block.children.findIndex((n) => n.type === 'field' && n.name === after)
    : -1;
  if (anchor >= 0) block.children.splice(anchor + 1, 0, field);
  else {
    const firstBlock = block.children.findIndex((n) => n.type === 'block');
    block.children.splice(firstBlock < 0 ? block.children.length : firstBlock, 0, field);
  }
  return field;
}

/**
 * A copy of `node` and everything under it that no longer remembers the lines it was read
 * from: written into another document it takes that document's indentation and line endings.
 */
export function cloneRppNode<T extends RppNode>(node: T): T {
  const quoted = 'quoted' in node && node.quoted ? { quoted: [...node.quoted] } : {};
  if (node.type === 'block') {
    return {
      ...node,
      ...quoted,
      params: [...node.params],
      children: node.children.map(cloneRppNode),
    };
  }
  if (node.type === 'field') return { ...node, ...quoted, params: [...node.params] };
  return { ...node };
}
