import { TapeopError } from '@tapeop/core';
import type { XmlElement } from './xml-node.js';

const NAMED_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

// Sticky: matched at a position without slicing the text.
const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;

export interface XmlParseOptions {
  /** Named in error messages (the .ardour file's path). */
  source?: string;
}

/**
 * Parses the XML that Ardour writes (elements, attributes, text, comments, CDATA, the XML
 * declaration) into an XmlElement tree. Anything malformed throws PARSE_ERROR naming the
 * line, column and byte offset, so a hand-edited or truncated session file is easy to fix.
 */
export function parseXml(text: string, options: XmlParseOptions = {}): XmlElement {
  const source = options.source ?? 'XML text';
  let pos = 0;

  const fail = (message: string, at = pos): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    const byteOffset = Buffer.byteLength(before, 'utf8');
    throw new TapeopError(
      'PARSE_ERROR',
      `${source}: line ${line}, column ${column} (byte ${byteOffset}): ${message}`,
      {
        details: { file: options.source, line, column, byteOffset },
        hint: 'The file is not well-formed XML. If Ardour wrote it, it may be truncated; open the newest .bak or snapshot in the session folder.',
      },
    );
  };

  const startsWith = (s: string) => text.startsWith(s, pos);
  const skipSpace = () => {
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
  };
  const skipPast = (end: string, what: string) => {
    const at = text.indexOf(end, pos);
    if (at < 0) fail(`${what} is never closed (missing "${end}")`);
    pos = at + end.length;
  };

  const readName = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(text);
    if (!match) {
      fail(
        pos >= text.length
          ? 'the text ends where a name was expected'
          : `a name was expected, found "${text[pos]}"`,
      );
    }
    pos += match![0].length;
    return match![0];
  };

  const decode = (raw: string, at: number): string =>
    !raw.includes('&')
      ? raw
      : raw.replace(/&([^;&\s<]*);?/g, (match, body: string, index: number) => {
          if (!match.endsWith(';')) fail(`"&" must start an entity such as &amp;`, at + index);
          if (body.startsWith('#')) {
            const code =
              body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
            if (!Number.isInteger(code) || code < 0 || code > 0x10ffff)
              fail(`"&${body};" is not a valid character reference`, at + index);
            return String.fromCodePoint(code);
          }
          const named = NAMED_ENTITIES[body];
          if (named === undefined) fail(`unknown entity "&${body};"`, at + index);
          return named!;
        });

  const readAttributes = (node: XmlElement) => {
    for (;;) {
      const hadSpace = pos < text.length && isSpace(text.charCodeAt(pos));
      skipSpace();
      if (pos >= text.length) fail(`the tag <${node.name}> is never closed`);
      const c = text[pos];
      if (c === '>' || c === '/') return;
      if (!hadSpace) fail(`a space is needed before the attribute in <${node.name}>`);
      const nameAt = pos;
      const name = readName();
      skipSpace();
      if (text[pos] !== '=') fail(`the attribute "${name}" of <${node.name}> has no value`);
      pos++;
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'")
        fail(`the value of "${name}" in <${node.name}> must be in quotes`);
      const valueStart = pos + 1;
      const end = text.indexOf(quote!, valueStart);
      if (end < 0) fail(`the value of "${name}" in <${node.name}> is never closed`);
      const raw = text.slice(valueStart, end);
      const lt = raw.indexOf('<');
      if (lt >= 0) fail(`"<" is not allowed in the value of "${name}"`, valueStart + lt);
      if (node.attributes.some(([key]) => key === name))
        fail(`the attribute "${name}" appears twice in <${node.name}>`, nameAt);
      node.attributes.push([name, decode(raw, valueStart)]);
      pos = end + 1;
    }
  };

  // Skips the prolog: declaration, comments, processing instructions, a DOCTYPE.
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<?')) skipPast('?>', 'a processing instruction');
      else if (startsWith('<!--')) skipPast('-->', 'a comment');
      else if (startsWith('<!DOCTYPE')) skipPast('>', 'the DOCTYPE');
      else return;
    }
  };

  const readElement = (): XmlElement => {
    const start = pos;
    pos++; // '<'
    const node: XmlElement = { name: readName(), attributes: [], children: [], offset: start };
    readAttributes(node);
    if (startsWith('/>')) {
      pos += 2;
      return node;
    }
    pos++; // '>'
    let textParts = '';
    for (;;) {
      if (pos >= text.length) fail(`<${node.name}> is never closed (the text ends early)`, start);
      if (startsWith('</')) {
        const closeAt = pos;
        pos += 2;
        const name = readName();
        skipSpace();
        if (text[pos] !== '>') fail(`the closing tag </${name}> is not finished`);
        pos++;
        if (name !== node.name)
          fail(`</${name}> closes <${node.name}> (opened at byte ${start})`, closeAt);
        if (textParts.trim().length > 0) node.text = textParts;
        return node;
      }
      if (startsWith('<!--')) skipPast('-->', 'a comment');
      else if (startsWith('<![CDATA[')) {
        const end = text.indexOf(']]>', pos);
        if (end < 0) fail('a CDATA section is never closed');
        textParts += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith('<?')) skipPast('?>', 'a processing instruction');
      else if (text[pos] === '<') node.children.push(readElement());
      else {
        const next = text.indexOf('<', pos);
        const end = next < 0 ? text.length : next;
        textParts += decode(text.slice(pos, end), pos);
        pos = end;
      }
    }
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  skipMisc();
  if (pos >= text.length) fail('the text has no root element');
  if (text[pos] !== '<') fail(`the text must start with "<", found "${text[pos]}"`);
  const root = readElement();
  skipMisc();
  if (pos < text.length) fail('there is content after the root element');
  return root;
}
