import { isTapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { decodeSheetBytes, parseCsv } from './csv.js';

const cells = (text: string, delimiter?: ',' | ';' | '\t') =>
  parseCsv(text, delimiter ? { delimiter } : {}).records.map((r) => r.cells);

function parseError(text: string): { message: string; details: Record<string, unknown> } {
  try {
    parseCsv(text, { fileName: 'tracks.csv' });
  } catch (error) {
    expect(isTapeopError(error, 'PARSE_ERROR')).toBe(true);
    return error as { message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a parse error');
}

describe('parseCsv', () => {
  it('reads plain comma-separated rows', () => {
    expect(cells('track,title\n1,Headlights\n2,City Lights\n')).toEqual([
      ['track', 'title'],
      ['1', 'Headlights'],
      ['2', 'City Lights'],
    ]);
  });

  it('strips a UTF-8 BOM and reads CRLF line ends', () => {
    const table = parseCsv('\uFEFFtrack,title\r\n1,Café\r\n');
    expect(table.records.map((r) => r.cells)).toEqual([
      ['track', 'title'],
      ['1', 'Café'],
    ]);
  });

  it('reads old Mac CR line ends', () => {
    expect(cells('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('detects ; (European Excel) and tab separators', () => {
    const semicolon = parseCsv('track;title;gap\n1;Headlights, Part 1;2,5\n');
    expect(semicolon.delimiter).toBe(';');
    expect(semicolon.records[1]!.cells).toEqual(['1', 'Headlights, Part 1', '2,5']);
    expect(parseCsv('track\ttitle\n1\tA\n').delimiter).toBe('\t');
  });

  it("follows Excel's sep= line", () => {
    const table = parseCsv('sep=;\ntrack;title\n1;A,B\n');
    expect(table.delimiter).toBe(';');
    expect(table.records).toEqual([
      { line: 2, cells: ['track', 'title'] },
      { line: 3, cells: ['1', 'A,B'] },
    ]);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks, and counts lines', () => {
    const table = parseCsv(
      'track,title,notes\n1,"Say ""Hello""","line one\r\nline two"\n2,"a,b",\n',
    );
    expect(table.records).toEqual([
      { line: 1, cells: ['track', 'title', 'notes'] },
      { line: 2, cells: ['1', 'Say "Hello"', 'line one\nline two'] },
      { line: 4, cells: ['2', 'a,b', ''] },
    ]);
  });

  it('keeps a quote inside an unquoted field', () => {
    expect(cells('title\n12" Version\n')).toEqual([['title'], ['12" Version']]);
  });

  it('keeps empty fields and trailing empty rows (the sheet skips them)', () => {
    expect(cells('a,b,c\n1,,3\n,,\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
    ]);
    expect(cells('"",x\n')).toEqual([['', 'x']]);
  });

  it('reads a last line without a line end', () => {
    expect(cells('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads an empty text as no records', () => {
    expect(cells('')).toEqual([]);
    expect(cells('\uFEFF')).toEqual([]);
  });

  it('refuses an unterminated quote and names the line and column where it opens', () => {
    const error = parseError('track,title\n1,Headlights\n2,"City Lights\n3,Outro\n');
    expect(error.message).toBe(
      'tracks.csv: line 3, column 3: the quoted field that starts here never ends (no closing ")',
    );
    expect(error.details).toMatchObject({ file: 'tracks.csv', line: 3, column: 3 });
  });

  it('refuses text after a closing quote', () => {
    const error = parseError('track,title\n1,"Head"lights\n');
    expect(error.message).toContain('line 2, column 9: text after the closing quote');
  });
});

describe('decodeSheetBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeSheetBytes(Buffer.from('Café', 'utf8'))).toEqual({
      text: 'Café',
      encoding: 'utf-8',
    });
    // TextDecoder drops the BOM; parseCsv drops it too when it gets text with one.
    expect(decodeSheetBytes(Buffer.from('\uFEFFCafé', 'utf8')).text).toBe('Café');
  });

  it("reads UTF-16 with a BOM (Excel's Unicode Text)", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('track\ttitle', 'utf16le')]);
    expect(decodeSheetBytes(le)).toEqual({ text: 'track\ttitle', encoding: 'utf-16le' });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeSheetBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe(
      'track\ttitle',
    );
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    // 'Beyoncé – Halo' and '€' in Windows-1252: é = 0xE9, en dash = 0x96, euro = 0x80.
    const bytes = Buffer.from([
      0x42, 0x65, 0x79, 0x6f, 0x6e, 0x63, 0xe9, 0x20, 0x96, 0x20, 0x48, 0x61, 0x6c, 0x6f, 0x80,
    ]);
    expect(decodeSheetBytes(bytes)).toEqual({ text: 'Beyoncé – Halo€', encoding: 'windows-1252' });
  });
});
