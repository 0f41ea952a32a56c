import { TapeopError } from '@tapeop/core';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted field can span lines). */
  line: number;
  cells: string[];
}

export interface CsvOptions {
  /** The separator; by default the one the first line uses most (',', ';' or tab). */
  delimiter?: CsvDelimiter;
  /** The file's name, for error messages. */
  fileName?: string;
}

export interface CsvTable {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
}

/**
 * Parses CSV as spreadsheets export it (RFC 4180 and what Excel, Numbers, LibreOffice and
 * Google Sheets actually write): ',' or ';' or tab separators, quoted fields with separators,
 * doubled quotes and line breaks inside, CRLF, LF or CR line ends, a leading UTF-8 BOM, and
 * Excel's `sep=;` first line. A quote inside an unquoted field is kept as it is (`12" single`).
 * Throws PARSE_ERROR naming the line and column of a quote that never closes or of text after
 * a closing quote.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  let input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let lineOffset = 0;
  let delimiter = options.delimiter;
  const sep = /^sep=([,;\t|])\r?\n?/.exec(input);
  if (sep) {
    delimiter ??= sep[1] as CsvDelimiter;
    input = input.slice(sep[0].length);
    lineOffset = 1;
  }
  delimiter ??= detectDelimiter(input);

  const records: CsvRecord[] = [];
  const where = options.fileName ? `${options.fileName}: ` : '';
  let cells: string[] = [];
  let field = '';
  let line = 1 + lineOffset;
  let column = 1;
  let recordLine = line;
  let i = 0;
  const endRecord = (): void => {
    cells.push(field);
    records.push({ line: recordLine, cells });
    cells = [];
    field = '';
  };

  while (i < input.length) {
    const c = input[i]!;
    if (c === '"' && field === '') {
      // A quoted field: read to the closing quote.
      const openLine = line;
      const openColumn = column;
      i++;
      column++;
      let closed = false;
      while (i < input.length) {
        const q = input[i]!;
        if (q === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            column += 2;
            continue;
          }
          i++;
          column++;
          closed = true;
          break;
        }
        if (q === '\r' || q === '\n') {
          field += '\n';
          i += q === '\r' && input[i + 1] === '\n' ? 2 : 1;
          line++;
          column = 1;
          continue;
        }
        field += q;
        i++;
        column++;
      }
      if (!closed) {
        throw new TapeopError(
          'PARSE_ERROR',
          `${where}line ${openLine}, column ${openColumn}: the quoted field that starts here never ends (no closing ")`,
          {
            details: { file: options.fileName, line: openLine, column: openColumn },
            hint: 'Add the missing closing quote, or remove the stray quote at the start of the field.',
          },
        );
      }
      const next = input[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
        throw new TapeopError(
          'PARSE_ERROR',
          `${where}line ${line}, column ${column}: text after the closing quote of a field (a quoted field ends at the separator)`,
          {
            details: { file: options.fileName, line, column },
            hint: 'Double every quote inside a quoted field ("") or quote the whole field.',
          },
        );
      }
      continue;
    }
    if (c === delimiter) {
      cells.push(field);
      field = '';
      i++;
      column++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      column = 1;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
    column++;
  }
  if (field !== '' || cells.length > 0) endRecord();
  return { delimiter, records };
}

/** The separator the first non-empty line uses most, outside quotes; ',' when there is none. */
function detectDelimiter(input: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seen = false;
  for (const c of input) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (seen) break;
      continue;
    }
    seen = true;
    if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  const best = (Object.keys(counts) as CsvDelimiter[]).reduce((a, b) =>
    counts[b] > counts[a] ? b : a,
  );
  return counts[best] > 0 ? best : ',';
}

export type SheetEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Text from the bytes of an exported sheet: UTF-8 (with or without BOM), UTF-16 with a BOM
 * (Excel's "Unicode Text"), or, when the bytes are not valid UTF-8, Windows-1252 (Excel's
 * "CSV" on Windows), which the caller should mention.
 */
export function decodeSheetBytes(bytes: Uint8Array): { text: string; encoding: SheetEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// 0x80-0x9F of Windows-1252 (the rest is Latin-1). Node 20's TextDecoder('windows-1252')
// decodes these as C1 control characters, so the table is here.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) {
    text += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  }
  return text;
}
