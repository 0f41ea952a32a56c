import type { XmlElement } from './xml-node.js';

// Newlines and tabs in attribute values are written as character references: a parser would
// otherwise normalize them to spaces (XML 1.0 §3.3.3) and a marker name would lose its lines.
const escapeAttribute = (value: string): string =>
  value.replace(/[&<>"\n\r\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });

const escapeText = (value: string): string =>
  value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

// XML 1.0 cannot carry these characters at all, not even as references.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Serializes an element tree the way Ardour lays out its session files (two-space indent). */
export function writeXml(root: XmlElement): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const walk = (node: XmlElement, depth: number) => {
    const indent = '  '.repeat(depth);
    const attrs = node.attributes
      .map(([key, value]) => {
        if (FORBIDDEN.test(value)) {
          throw new RangeError(
            `the value of ${key} in <${node.name}> contains a control character XML cannot hold`,
          );
        }
        return ` ${key}="${escapeAttribute(value)}"`;
      })
      .join('');
    if (node.children.length === 0 && node.text === undefined) {
      lines.push(`${indent}<${node.name}${attrs}/>`);
      return;
    }
    if (node.children.length === 0) {
      lines.push(`${indent}<${node.name}${attrs}>${escapeText(node.text ?? '')}</${node.name}>`);
      return;
    }
    lines.push(`${indent}<${node.name}${attrs}>${node.text ? escapeText(node.text) : ''}`);
    for (const c of node.children) walk(c, depth + 1);
    lines.push(`${indent}</${node.name}>`);
  };
  walk(root, 0);
  return `${lines.join('\n')}\n`;
}
