import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteNeedsBlock, quoteRppValue, tokenizeRppLine } from './rpp-line.js';
import { RppProblemLog } from './rpp-problem.js';

const strict = () => new RppProblemLog(false, 'test.RPP');
const lenient = () => new RppProblemLog(true, 'test.RPP');

describe('tokenizeRppLine', () => {
  it('reads bare tokens, the three quote styles and empty strings', () => {
    const line = `MARKER 1 2.5 "two words" 'say "hi"' \`it's "x"\` "" bare`;
    expect(tokenizeRppLine(line, 1, strict())).toEqual({
      tokens: ['MARKER', '1', '2.5', 'two words', 'say "hi"', `it's "x"`, '', 'bare'],
      quoted: [false, false, false, true, true, true, true, false],
    });
  });

  it('keeps quote characters inside a bare token, as REAPER writes hel"lo', () => {
    expect(tokenizeRppLine('NAME hel"lo', 1, strict()).tokens).toEqual(['NAME', 'hel"lo']);
    expect(tokenizeRppLine('NAME <>', 1, strict()).tokens).toEqual(['NAME', '<>']);
  });

  it('splits on tabs and runs of spaces', () => {
    expect(tokenizeRppLine('\tVOLPAN\t1   0 \t-1', 1, strict()).tokens).toEqual([
      'VOLPAN',
      '1',
      '0',
      '-1',
    ]);
  });

  it('reads a bare token starting with # or ; as a comment, as REAPER does (reaper-kb.ini)', () => {
    const log = strict();
    expect(tokenizeRppLine('KEY 1 65 _RS1 0\t\t # Main : A : Custom: x.lua', 4, log)).toEqual({
      tokens: ['KEY', '1', '65', '_RS1', '0'],
      quoted: [false, false, false, false, false],
      comment: '# Main : A : Custom: x.lua',
    });
    expect(log.problems).toMatchObject([{ code: 'comment', severity: 'warning', line: 4 }]);
    // inside quotes a # is text
    expect(tokenizeRppLine('NAME "#1 single"', 1, strict()).tokens).toEqual(['NAME', '#1 single']);
  });

  it('refuses an unterminated quote with the line and column', () => {
    expect(() => tokenizeRppLine('  NAME "Headlights', 17, strict())).toThrow(
      /test\.RPP line 17, column 8: the " quote opened here never closes/,
    );
    try {
      tokenizeRppLine('NAME `abc', 3, strict());
    } catch (error) {
      expect(error).toMatchObject({
        code: 'PARSE_ERROR',
        details: { file: 'test.RPP', line: 3, column: 6, problem: 'unterminated-quote' },
      });
    }
  });

  it('in lenient mode takes the rest of the line and reports it', () => {
    const log = lenient();
    expect(tokenizeRppLine('NAME "Head lights', 9, log).tokens).toEqual(['NAME', 'Head lights']);
    expect(log.problems).toEqual([
      expect.objectContaining({
        code: 'unterminated-quote',
        severity: 'error',
        line: 9,
        column: 6,
      }),
    ]);
  });

  it('warns when text follows a closing quote without a space', () => {
    const log = strict();
    expect(tokenizeRppLine('NAME "a"b', 2, log).tokens).toEqual(['NAME', 'a', 'b']);
    expect(log.problems).toMatchObject([{ code: 'text-after-quote', line: 2, column: 9 }]);
  });
});

describe('quoteRppValue', () => {
  it('writes values the way REAPER does', () => {
    expect(quoteRppValue('Summer')).toBe('Summer');
    expect(quoteRppValue('{5F1E2A0C-1111-4C3B-9D2E-0A1B2C3D4E5F}')).toBe(
      '{5F1E2A0C-1111-4C3B-9D2E-0A1B2C3D4E5F}',
    );
    expect(quoteRppValue('')).toBe('""');
    expect(quoteRppValue('Vocal Backtrack')).toBe('"Vocal Backtrack"');
    expect(quoteRppValue('"hey')).toBe(`'"hey'`);
    expect(quoteRppValue(`say "it's"`)).toBe(`\`say "it's"\``);
    expect(quoteRppValue('#TITLE=A|ISRC=QZES52600001')).toBe('"#TITLE=A|ISRC=QZES52600001"');
    expect(quoteRppValue(';x')).toBe('";x"');
    expect(quoteRppValue('media/kick.wav', true)).toBe('"media/kick.wav"');
  });

  it("cannot hold \", ' and ` on one line: REAPER writes ` as ', quoteNeedsBlock says so", () => {
    const name = `'''\`\`\`"""`;
    expect(quoteNeedsBlock(name)).toBe(true);
    expect(quoteRppValue(name)).toBe("`''''''\"\"\"`");
    expect(quoteNeedsBlock(`it's "x"`)).toBe(false);
  });

  it('writes line breaks as spaces (a line cannot hold one)', () => {
    expect(quoteRppValue('two\nlines')).toBe('"two lines"');
  });

  it('reads back every value it writes (that a line can hold)', () => {
    const value = fc
      .string({
        unit: fc.constantFrom('a', ' ', '"', "'", '`', '#', ';', '|', '<', '>', '\t', 'é'),
      })
      .filter((v) => !quoteNeedsBlock(v));
    fc.assert(
      fc.property(value, value, (a, b) => {
        const line = `KEY ${quoteRppValue(a)} ${quoteRppValue(b)}`;
        const { tokens, comment } = tokenizeRppLine(line, 1, strict());
        expect(comment).toBeUndefined();
        expect(tokens).toEqual(['KEY', a, b]);
      }),
      { numRuns: 500 },
    );
  });
});
