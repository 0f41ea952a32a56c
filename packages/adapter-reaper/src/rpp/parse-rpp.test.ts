import { isTapeopError } from '@tapeop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRAFTED_RPP, rppFixture, THIRD_PARTY_RPP } from '../../test/rpp-fixtures.js';
import { parseRpp } from './parse-rpp.js';
import { readRpp } from './read-rpp.js';
import {
  findBlock,
  findField,
  findFields,
  type RppBlock,
  rppBlock,
  rppField,
  rppText,
  setField,
} from './rpp-tree.js';
import { formatRppNodes, serializeRpp } from './serialize-rpp.js';

function parseError(text: string, file = 'broken.RPP') {
  try {
    parseRpp(text, { file });
  } catch (error) {
    if (isTapeopError(error)) return error;
    throw error;
  }
  throw new Error('parseRpp accepted broken input');
}

describe('parseRpp and serializeRpp', () => {
  it.each([...THIRD_PARTY_RPP, ...CRAFTED_RPP])(
    'write %s back byte for byte when nothing changed',
    (name) => {
      const text = rppFixture(name);
      const document = parseRpp(text);
      expect(document.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(serializeRpp(document)).toBe(text);
    },
  );

  it('keeps CRLF, the byte order mark, blank lines and a missing final line break', () => {
    const text = rppFixture('tricky-strings-crlf.RPP');
    const document = parseRpp(text);
    expect(document.eol).toBe('\r\n');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('>')).toBe(true);
    expect(serializeRpp(document)).toBe(text);
  });

  it('reads blocks, fields and text lines with their line numbers', () => {
    const document = parseRpp(rppFixture('mastering-session.RPP'));
    const root = document.nodes[0] as RppBlock;
    expect(root).toMatchObject({
      type: 'block',
      name: 'REAPER_PROJECT',
      params: ['0.1', '7.27/linux-x86_64', '1732438800'],
      quoted: [1],
      line: 1,
    });
    const notes = findBlock(root, 'NOTES')!;
    expect(notes.children).toEqual([
      { type: 'text', text: 'Client: Example Records', line: 3 },
      {
        type: 'text',
        text: 'Revision 2: | pipes stay | in notes, and trailing spaces stay  ',
        line: 4,
      },
      { type: 'text', text: '', line: 5 },
      { type: 'text', text: '<not a block> and >not a close', line: 6 },
    ]);
    expect(findField(root, 'SAMPLERATE')).toEqual({
      type: 'field',
      name: 'SAMPLERATE',
      params: ['48000', '1', '0'],
      line: 20,
    });
    const future = findBlock(root, 'SOME_FUTURE_EXTENSION')!;
    expect(future.params).toEqual(['3', 'opaque data']);
    expect(findBlock(future, 'NESTED')!.children).toMatchObject([
      { type: 'field', name: 'KEY', params: ['value', 'with', 'spaces'] },
      { type: 'text', text: 'text line' },
    ]);
    expect(findFields(root, 'MARKER')).toHaveLength(8);
  });

  it('writes a changed line anew and keeps every other line exactly', () => {
    const text = rppFixture('nikarh-mother-project.RPP');
    const document = parseRpp(text);
    const root = document.nodes[0] as RppBlock;
    const track = root.children.find(
      (n): n is RppBlock => n.type === 'block' && n.name === 'TRACK',
    )!;
    setField(track, 'NAME', ['MIDI keys & pads']);
    const out = serializeRpp(document);
    const before = text.split('\n');
    const after = out.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([['    NAME MIDI', '    NAME "MIDI keys & pads"']]);
  });

  it('indents new nodes under their parent with the file line endings', () => {
    const text = rppFixture('tricky-strings-crlf.RPP');
    const document = parseRpp(text);
    const root = document.nodes[0] as RppBlock;
    root.children.push(rppBlock('EXTSTATE', [], [rppBlock('TAPEOP', [], [rppField('K', 'a b')])]));
    const out = serializeRpp(document);
    // the blank line that stood before the project's '>' stays there
    expect(
      out.endsWith('  <EXTSTATE\r\n    <TAPEOP\r\n      K "a b"\r\n    >\r\n  >\r\n  \r\n>'),
    ).toBe(true);
    expect(serializeRpp(parseRpp(out))).toBe(out);
  });

  it('adds a line break before a node written after a last line that had none', () => {
    const document = parseRpp('<A\n>');
    document.nodes.push(rppField('B', 1));
    expect(serializeRpp(document)).toBe('<A\n>\nB 1\n');
  });

  it('formats nodes canonically for state chunks', () => {
    const nodes = [
      rppField('BYPASS', 0, 0, 0),
      rppBlock('JS', ['utility/volume', ''], [rppField('0.5', '0', '-')]),
      rppBlock('NOTES', [], [rppText(' two  spaces ')]),
    ];
    expect(formatRppNodes(nodes)).toBe(
      'BYPASS 0 0 0\n<JS utility/volume ""\n  0.5 0 -\n>\n<NOTES\n  | two  spaces \n>\n',
    );
  });

  it('reads an empty text as an empty chunk', () => {
    expect(parseRpp('').nodes).toEqual([]);
    expect(serializeRpp(parseRpp('\n\n'))).toBe('\n\n');
  });
});

describe('parseRpp on broken input', () => {
  const truncated = rppFixture('nikarh-mother-project.RPP').split('\n').slice(0, 200).join('\n');

  it('refuses a truncated file, naming the blocks left open and where they opened', () => {
    const error = parseError(truncated, 'Mother Project.RPP');
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(
      /^Mother Project\.RPP line 200: the text ends inside <ITEM \(line 200\), inside <TRACK \(line 140\), inside <REAPER_PROJECT \(line 1\): the file is cut off or a '>' is missing$/,
    );
    expect(error.details).toMatchObject({ file: 'Mother Project.RPP', line: 200 });
    expect(error.hint).toMatch(/lenient/);
  });

  it('in lenient mode closes what is open, reports it, and writes a whole file', () => {
    const document = parseRpp(truncated, { lenient: true });
    expect(document.problems).toMatchObject([
      { code: 'unterminated-block', severity: 'error', line: 200 },
    ]);
    const repaired = serializeRpp(document);
    expect(repaired.startsWith(truncated)).toBe(true);
    expect(parseRpp(repaired).problems).toEqual([]);
  });

  it('refuses bad quoting with the line and column', () => {
    const error = parseError('<REAPER_PROJECT 0.1 "7.0" 1\n  <TRACK\n    NAME "Drums\n  >\n>\n');
    expect(error.message).toBe(
      'broken.RPP line 3, column 10: the " quote opened here never closes (the line ends first)',
    );
    expect(error.details).toMatchObject({ line: 3, column: 10, problem: 'unterminated-quote' });
  });

  it('refuses a ">" that closes nothing, and drops it in lenient mode', () => {
    const text = '<REAPER_PROJECT 0.1 "7.0" 1\n  <TRACK\n  >\n  >\n  RIPPLE 0\n>\n';
    expect(parseError(text).message).toBe(
      "broken.RPP line 6: '>' closes a block that was never opened",
    );
    const document = parseRpp(text, { lenient: true });
    expect(document.problems).toMatchObject([{ code: 'stray-close', line: 6 }]);
    // REAPER reads the early '>' as the project's end; the lenient read does too
    expect(document.nodes.map((n) => (n.type === 'field' ? n.name : n.type))).toEqual([
      'block',
      'RIPPLE',
    ]);
  });

  it('refuses a block without a name', () => {
    expect(parseError('<REAPER_PROJECT\n  <\n  >\n>\n').message).toBe(
      "broken.RPP line 2, column 3: '<' opens a block without a name",
    );
  });

  it('refuses a binary file in both modes, with the byte and line', () => {
    const text = '<REAPER_PROJECT\n  RIPPLE 0\n\u0000\u0001\u0002';
    expect(parseError(text).message).toMatch(
      /^broken\.RPP line 3: byte 27 is a NUL byte: this is a binary file/,
    );
    expect(() => parseRpp(text, { lenient: true })).toThrow(/NUL byte/);
  });

  it('reports the warnings of a strict read without stopping', () => {
    const document = parseRpp('<REAPER_PROJECT\n  NAME "a"b\n  KEY 1 # note\n>\n');
    expect(document.problems.map((p) => [p.code, p.severity, p.line])).toEqual([
      ['text-after-quote', 'warning', 2],
      ['comment', 'warning', 3],
    ]);
  });
});

describe('parseRpp and readRpp on damaged projects (property)', () => {
  const text = rppFixture('mastering-session.RPP');
  // TAPEOP_PROPERTY_RUNS=5000 for a deeper search (minutes on a busy machine).
  const runs = Number(process.env.TAPEOP_PROPERTY_RUNS ?? 300);
  const timeout = 20_000 + runs * 40;
  // Damage as it happens: a cut-off file, lost or doubled characters, stray quotes and brackets.
  const damage = fc
    .array(
      fc.record({
        at: fc.nat({ max: text.length }),
        remove: fc.nat({ max: 40 }),
        insert: fc.constantFrom('', '"', "'", '`', '<', '>', '\n>', '\n<X', '|', '\n', '#', '\r'),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((edits) => {
      let damaged = text;
      for (const { at, remove, insert } of edits) {
        const i = Math.min(at, damaged.length);
        damaged = damaged.slice(0, i) + insert + damaged.slice(i + remove);
      }
      return damaged;
    });

  it(
    'a strict read gives a project or a PARSE_ERROR with a line, never anything else',
    () => {
      fc.assert(
        fc.property(damage, (damaged) => {
          try {
            readRpp(damaged);
          } catch (error) {
            expect(isTapeopError(error, 'PARSE_ERROR')).toBe(true);
            expect((error as { details: { line: number } }).details.line).toBeGreaterThanOrEqual(1);
          }
        }),
        { numRuns: runs },
      );
    },
    timeout,
  );

  it(
    'a lenient read of text that still starts as a project always reads, and writes back whole',
    () => {
      fc.assert(
        fc.property(damage, (damaged) => {
          // the first line still opens the project block (no damage in its name)
          fc.pre(/^<REAPER_PROJECT(?:[ \t]|\r?\n)/.test(damaged));
          const project = readRpp(damaged, { lenient: true });
          const repaired = serializeRpp(project.document);
          // the repaired file parses strictly, except for problems that are about single lines
          const again = parseRpp(repaired, { lenient: true });
          expect(
            again.problems.filter(
              (p) => p.code === 'unterminated-block' || p.code === 'stray-close',
            ),
          ).toEqual([]);
        }),
        { numRuns: runs },
      );
    },
    timeout,
  );
});
