import { isTapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { attr, child, element } from './xml-node.js';
import { parseXml } from './xml-parse.js';
import { writeXml } from './xml-write.js';

const parseError = (text: string) => {
  try {
    parseXml(text, { source: 'S.ardour' });
  } catch (error) {
    if (isTapeopError(error, 'PARSE_ERROR')) return error;
    throw error;
  }
  throw new Error('parsed without an error');
};

describe('parseXml', () => {
  it('reads what Ardour writes: declaration, nested elements, attributes, base64 text', () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
<Session version="7002" name="My &amp; &quot;Album&quot;">
  <!-- a comment -->
  <Locations>
    <Location id="12" name="Caf&#233; &#x2603;" start="a0" end="a282240000"/>
  </Locations>
  <Script lua="Lua 5.3">c2NyaXB0cyA9IHt9IA==</Script>
</Session>
`,
    );
    expect(root.name).toBe('Session');
    expect(attr(root, 'name')).toBe('My & "Album"');
    const location = child(child(root, 'Locations')!, 'Location')!;
    expect(attr(location, 'name')).toBe('Café ☃');
    expect(child(root, 'Script')?.text).toBe('c2NyaXB0cyA9IHt9IA==');
  });

  it('round-trips through writeXml, keeping attribute order and awkward characters', () => {
    const tree = element('Session', { b: '2', a: '1' }, [
      element('Location', { name: 'line 1\nline 2\t<tab> & "quotes" \'single\'' }),
      { ...element('Script'), text: 'abc<def>&' },
    ]);
    const again = parseXml(writeXml(tree));
    expect(again.attributes).toEqual([
      ['b', '2'],
      ['a', '1'],
    ]);
    expect(attr(again.children[0]!, 'name')).toBe('line 1\nline 2\t<tab> & "quotes" \'single\'');
    expect(again.children[1]!.text).toBe('abc<def>&');
  });

  it('accepts a byte-order mark, CDATA and single-quoted values', () => {
    const root = parseXml("\uFEFF<a x='1'><![CDATA[<raw>]]></a>");
    expect(attr(root, 'x')).toBe('1');
    expect(root.text).toBe('<raw>');
  });

  it('refuses a control character it cannot write', () => {
    expect(() => writeXml(element('a', { x: 'bell\u0007' }))).toThrow(/control character/);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['empty text', '', /no root element/],
    ['only a declaration', '<?xml version="1.0"?>\n', /no root element/],
    ['text instead of XML', 'RIFF....WAVEfmt ', /must start with "<"/],
    ['truncated in the middle', '<Session>\n  <Routes>\n    <Route name="A"', /never closed/],
    ['truncated after a tag', '<Session>\n  <Routes>\n', /never closed/],
    ['mismatched closing tag', '<a>\n<b></a></b>', /<\/a> closes <b>/],
    ['duplicate attribute', '<a x="1" x="2"/>', /appears twice/],
    ['attribute without quotes', '<a x=1/>', /must be in quotes/],
    ['attribute without value', '<a x/>', /has no value/],
    ['unclosed attribute value', '<a x="1/>', /never closed/],
    ['"<" inside a value', '<a x="a<b"/>', /"<" is not allowed/],
    ['unknown entity', '<a x="&nbsp;"/>', /unknown entity/],
    ['bare ampersand', '<a>fish & chips</a>', /entity/],
    ['bad character reference', '<a x="&#xZZ;"/>', /not a valid character reference/],
    ['content after the root', '<a/><b/>', /content after the root/],
    ['unterminated comment', '<a><!-- oops</a>', /comment is never closed/],
    ['no space between attributes', '<a x="1"y="2"/>', /space is needed/],
    ['closing tag with junk', '<a></a junk>', /not finished/],
  ];
  for (const [what, text, message] of broken) {
    it(`reports broken input with its position: ${what}`, () => {
      const error = parseError(text);
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/^S\.ardour: line \d+, column \d+ \(byte \d+\)/);
      expect(error.details.line).toBeTypeOf('number');
    });
  }

  it('counts the byte offset in UTF-8, so editors can jump to it', () => {
    const error = parseError('<a name="é"><b></a>');
    expect(error.details).toMatchObject({ line: 1, byteOffset: 16 });
  });
});
