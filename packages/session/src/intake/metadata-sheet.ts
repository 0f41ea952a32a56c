import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  cdFramesToSeconds,
  parseEan,
  parseIsrc,
  parseMsf,
  parseTimecode,
  TapeopError,
} from '@tapeop/core';
import { type CsvDelimiter, decodeSheetBytes, parseCsv, type SheetEncoding } from './csv.js';
import type { IntakeProblem, IntakeProblemCode } from './intake-problem.js';
import { isoDate } from './mix-file-name.js';

/** What a column of the sheet holds. Song fields are per row; album fields are per sheet. */
export type SheetField =
  | 'track'
  | 'title'
  | 'performer'
  | 'songwriter'
  | 'composer'
  | 'arranger'
  | 'isrc'
  | 'message'
  | 'gap'
  | 'crossfade'
  | 'file'
  | 'version'
  | 'notes'
  | 'albumTitle'
  | 'albumArtist'
  | 'upc'
  | 'catalogNumber'
  | 'label'
  | 'genre'
  | 'releaseDate'
  | 'language'
  /** Known and deliberately not used (length, duration: the files say that). */
  | 'ignored';

/**
 * Column headers each field is recognized by, compared without case, accents, spaces or
 * punctuation ('Track #', 'track_no' and 'TRACK NO.' are all 'trackno').
 */
export const SHEET_COLUMNS: Record<SheetField, string[]> = {
  track: [
    'track',
    'tracknumber',
    'trackno',
    'tracknr',
    'trk',
    'tr',
    'no',
    'nr',
    'number',
    'num',
    'pos',
    'position',
    'seq',
    'sequence',
    'order',
  ],
  title: ['title', 'tracktitle', 'songtitle', 'song', 'songname', 'name', 'trackname', 'titel'],
  performer: ['performer', 'performers', 'artist', 'artists', 'trackartist', 'interpret'],
  songwriter: [
    'songwriter',
    'songwriters',
    'writer',
    'writers',
    'lyricist',
    'lyrics',
    'words',
    'author',
    'authors',
  ],
  composer: ['composer', 'composers', 'music', 'musicby'],
  arranger: ['arranger', 'arrangers', 'arrangement', 'arrangedby'],
  isrc: ['isrc', 'isrccode', 'isrcs'],
  message: ['message', 'cdtextmessage', 'cdtext'],
  gap: [
    'gap',
    'gaps',
    'gapsec',
    'gapseconds',
    'gapbefore',
    'pause',
    'pausesec',
    'pregap',
    'silence',
    'silencebefore',
    'spacing',
    'space',
  ],
  crossfade: ['crossfade', 'crossfadesec', 'xfade', 'overlap'],
  file: ['file', 'filename', 'mix', 'mixfile', 'audiofile', 'source', 'path'],
  version: ['version', 'mixversion', 'versionlabel'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks'],
  albumTitle: ['album', 'albumtitle', 'release', 'releasetitle'],
  albumArtist: ['albumartist', 'albumperformer', 'releaseartist'],
  upc: ['upc', 'ean', 'upcean', 'barcode', 'gtin', 'mcn'],
  catalogNumber: [
    'catalog',
    'catalogue',
    'catalognumber',
    'cataloguenumber',
    'catalogno',
    'catno',
    'cat',
  ],
  label: ['label', 'recordlabel'],
  genre: ['genre'],
  releaseDate: ['releasedate'],
  language: ['language', 'lang'],
  ignored: ['length', 'duration', 'time', 'runtime', 'bpm', 'key'],
};

const HEADER_TO_FIELD = new Map<string, SheetField>();
for (const [field, names] of Object.entries(SHEET_COLUMNS) as Array<[SheetField, string[]]>) {
  for (const name of names) HEADER_TO_FIELD.set(headerKey(name), field);
}

/** One song row of the sheet, with its values checked and converted. */
export interface SheetRow {
  /** The line the row starts on (1-based, as a text editor counts). */
  line: number;
  trackNumber?: number;
  vinyl?: { side: string; position: number };
  title?: string;
  performer?: string;
  songwriter?: string;
  composer?: string;
  arranger?: string;
  /** Normalized (12 characters, no hyphens). */
  isrc?: string;
  message?: string;
  gapSec?: number;
  crossfadeSec?: number;
  /** The mix's file name or path, when the sheet names it. */
  file?: string;
  version?: string;
  notes?: string;
}

export interface SheetAlbum {
  title?: string;
  artist?: string;
  /** 13 digits (a UPC-A gets its leading 0). */
  upc?: string;
  catalogNumber?: string;
  label?: string;
  genre?: string;
  /** YYYY-MM-DD. */
  releaseDate?: string;
  language?: string;
}

export interface MetadataSheet {
  /** The sheet's file name, as problems name it. */
  fileName: string;
  encoding: SheetEncoding;
  delimiter: CsvDelimiter;
  /** Every column with the field it was recognized as (undefined: not recognized). */
  columns: Array<{ header: string; field: SheetField | undefined }>;
  rows: SheetRow[];
  album: SheetAlbum;
  problems: IntakeProblem[];
}

export interface MetadataSheetOptions {
  /** The sheet's file name, for problems (default 'metadata sheet'). */
  fileName?: string;
  delimiter?: CsvDelimiter;
}

/** Reads and parses a metadata sheet file (see `parseMetadataSheet`). */
export async function readMetadataSheet(
  path: string,
  options: Omit<MetadataSheetOptions, 'fileName'> = {},
): Promise<MetadataSheet> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TapeopError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      `the metadata sheet ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`,
      { details: { path, code }, cause: error },
    );
  }
  return parseMetadataSheet(bytes, { ...options, fileName: basename(path) });
}

/**
 * Parses a metadata sheet: a CSV with a header row and one row per song. Columns are
 * recognized by the names in `SHEET_COLUMNS`; album columns (album, UPC, label, ...) may be
 * filled on any row. Values that cannot be used (an invalid ISRC, a gap that is not a time)
 * are left out and reported with their line and column; a CSV that cannot be parsed at all
 * throws PARSE_ERROR with the line.
 */
export function parseMetadataSheet(
  input: string | Uint8Array,
  options: MetadataSheetOptions = {},
): MetadataSheet {
  const fileName = options.fileName ?? 'metadata sheet';
  const decoded =
    typeof input === 'string'
      ? { text: input, encoding: 'utf-8' as const }
      : decodeSheetBytes(input);
  const table = parseCsv(decoded.text, {
    fileName,
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  const problems: IntakeProblem[] = [];
  const problem = (
    code: IntakeProblemCode,
    severity: IntakeProblem['severity'],
    message: string,
    at: { line?: number; column?: string; hint?: string } = {},
  ): void => {
    problems.push({
      code,
      severity,
      file: fileName,
      ...(at.line !== undefined ? { line: at.line } : {}),
      ...(at.column !== undefined ? { column: at.column } : {}),
      message,
      ...(at.hint ? { hint: at.hint } : {}),
    });
  };
  if (decoded.encoding === 'windows-1252') {
    problem(
      'not-utf8',
      'warning',
      'is not UTF-8; it was read as Windows-1252 (what Excel on Windows writes)',
      {
        hint: 'Check accented names; export as "CSV UTF-8" to be sure.',
      },
    );
  }

  const nonEmpty = table.records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const headerRecord = nonEmpty[0];
  const sheet: MetadataSheet = {
    fileName,
    encoding: decoded.encoding,
    delimiter: table.delimiter,
    columns: [],
    rows: [],
    album: {},
    problems,
  };
  if (!headerRecord) {
    problem(
      'no-key-column',
      'error',
      'is empty: it needs a header row (track, title, ...) and a row per song',
    );
    return sheet;
  }

  const fieldColumn = new Map<SheetField, number>();
  sheet.columns = headerRecord.cells.map((raw, index) => {
    const header = raw.trim();
    const field = header === '#' ? 'track' : HEADER_TO_FIELD.get(headerKey(header));
    if (!header) return { header, field: undefined };
    if (!field) {
      problem(
        'unknown-column',
        'warning',
        `"${header}" is not a column tapeop knows; it was left out`,
        {
          line: headerRecord.line,
          column: header,
          hint: `Known columns: ${Object.keys(SHEET_COLUMNS)
            .filter((f) => f !== 'ignored')
            .join(', ')} (and their usual other names).`,
        },
      );
    } else if (field !== 'ignored' && fieldColumn.has(field)) {
      const first = headerRecord.cells[fieldColumn.get(field)!]!.trim();
      problem(
        'duplicate-column',
        'warning',
        `"${header}" is a second ${field} column after "${first}"; only "${first}" is used`,
        {
          line: headerRecord.line,
          column: header,
        },
      );
      return { header, field: undefined };
    } else {
      fieldColumn.set(field, index);
    }
    return { header, field };
  });
  if (!fieldColumn.has('track') && !fieldColumn.has('title') && !fieldColumn.has('file')) {
    problem(
      'no-key-column',
      'error',
      `has no track, title or file column, so its rows cannot be matched to mixes (the header row is line ${headerRecord.line})`,
      { hint: 'Add a header row with at least a "track" or "title" column.' },
    );
    return sheet;
  }

  const albumSeen = new Map<keyof SheetAlbum, { value: string; line: number }>();
  const trackLines = new Map<string, number>();
  const isrcLines = new Map<string, number>();
  for (const record of nonEmpty.slice(1)) {
    const row: SheetRow = { line: record.line };
    let hasSongValue = false;
    const extra = record.cells.slice(sheet.columns.length).filter((c) => c.trim() !== '');
    if (extra.length > 0) {
      problem(
        'invalid-value',
        'warning',
        `has ${extra.length} more cell(s) than the header row has columns; they were left out`,
        {
          line: record.line,
        },
      );
    }
    for (const [index, { header, field }] of sheet.columns.entries()) {
      const value = (record.cells[index] ?? '').trim();
      if (!field || field === 'ignored' || value === '') continue;
      const at = { line: record.line, column: header };
      const read = readCell(field, value);
      if (read.kind === 'invalid') {
        problem(
          'invalid-value',
          'error',
          `${JSON.stringify(value)} ${read.reason}; the value was left out`,
          {
            ...at,
            ...(read.hint ? { hint: read.hint } : {}),
          },
        );
      } else if (read.kind === 'album') {
        setAlbum(read.key, read.value, at);
      } else {
        Object.assign(row, read.values);
        hasSongValue = true;
        if (read.warning)
          problem('invalid-value', 'warning', `${JSON.stringify(value)} ${read.warning}`, at);
      }
    }
    if (!hasSongValue) continue;
    const trackKey = row.vinyl
      ? `${row.vinyl.side}${row.vinyl.position}`
      : row.trackNumber?.toString();
    if (trackKey !== undefined) {
      const first = trackLines.get(trackKey);
      if (first !== undefined) {
        problem(
          'duplicate-row',
          'error',
          `track ${trackKey} is also on line ${first}; each track number belongs to one row`,
          {
            line: row.line,
            column: sheet.columns[fieldColumn.get('track')!]!.header,
          },
        );
      } else trackLines.set(trackKey, row.line);
    }
    if (row.isrc) {
      const first = isrcLines.get(row.isrc);
      if (first !== undefined) {
        problem(
          'duplicate-isrc',
          'error',
          `ISRC ${row.isrc} is also on line ${first}; each recording has its own ISRC`,
          {
            line: row.line,
            column: sheet.columns[fieldColumn.get('isrc')!]!.header,
          },
        );
      } else isrcLines.set(row.isrc, row.line);
    }
    sheet.rows.push(row);
  }
  return sheet;

  function setAlbum(
    key: keyof SheetAlbum,
    value: string,
    at: { line: number; column: string },
  ): void {
    const seen = albumSeen.get(key);
    if (!seen) {
      albumSeen.set(key, { value, line: at.line });
      sheet.album[key] = value;
    } else if (seen.value !== value) {
      problem(
        'album-conflict',
        'warning',
        `${JSON.stringify(value)} differs from ${JSON.stringify(seen.value)} on line ${seen.line}; the album has one ${at.column}, the first was used`,
        at,
      );
    }
  }
}

type CellRead =
  | { kind: 'invalid'; reason: string; hint?: string }
  | { kind: 'album'; key: keyof SheetAlbum; value: string }
  | { kind: 'song'; values: Partial<SheetRow>; warning?: string };

/** Checks and converts one cell of a recognized column. */
function readCell(field: Exclude<SheetField, 'ignored'>, value: string): CellRead {
  switch (field) {
    case 'track': {
      const track = parseTrackCell(value);
      if (!track) {
        return {
          kind: 'invalid',
          reason: 'is not a track number (1 to 99, or a vinyl side and position such as A1)',
        };
      }
      return { kind: 'song', values: track };
    }
    case 'isrc': {
      const isrc = parseIsrc(value);
      if (!isrc.ok) return { kind: 'invalid', reason: `is not an ISRC: it ${isrc.reason}` };
      return { kind: 'song', values: { isrc: isrc.isrc } };
    }
    case 'gap':
    case 'crossfade': {
      const seconds = parseSeconds(value);
      if (seconds === undefined) {
        return {
          kind: 'invalid',
          reason: 'is not a time',
          hint: 'Write seconds (2, 2.5 or 2,5), MM:SS.mmm, or CD time MM:SS:FF.',
        };
      }
      return {
        kind: 'song',
        values: field === 'gap' ? { gapSec: seconds } : { crossfadeSec: seconds },
        ...(seconds > 60
          ? { warning: `is a ${field} of ${seconds} s, which is unusually long` }
          : {}),
      };
    }
    case 'upc': {
      const ean = parseEan(value);
      if (!ean.ok) return { kind: 'invalid', reason: `is not a UPC/EAN: it ${ean.reason}` };
      return { kind: 'album', key: 'upc', value: ean.ean };
    }
    case 'releaseDate': {
      const date = parseDate(value);
      if (!date) return { kind: 'invalid', reason: 'is not a date (YYYY-MM-DD or DD.MM.YYYY)' };
      return { kind: 'album', key: 'releaseDate', value: date };
    }
    case 'albumTitle':
      return { kind: 'album', key: 'title', value };
    case 'albumArtist':
      return { kind: 'album', key: 'artist', value };
    case 'catalogNumber':
    case 'label':
    case 'genre':
    case 'language':
      return { kind: 'album', key: field, value };
    default:
      return { kind: 'song', values: { [field]: value } };
  }
}

function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** '1', '01', '1.', 'Track 1', '1/12', 'A1' (vinyl). */
function parseTrackCell(value: string): Pick<SheetRow, 'trackNumber' | 'vinyl'> | undefined {
  const vinyl = /^([A-Ha-h])\s*(\d{1,2})$/.exec(value);
  if (vinyl) return { vinyl: { side: vinyl[1]!.toUpperCase(), position: Number(vinyl[2]) } };
  const track = /^(?:track\s*)?(\d{1,3})\.?(?:\s*\/\s*\d+)?$/i.exec(value);
  if (!track) return undefined;
  const n = Number(track[1]);
  return n >= 1 && n <= 99 ? { trackNumber: n } : undefined;
}

/**
 * Seconds from what people type for a gap: '2', '2.5', '2,5', '2 s', '2sec', '1500 ms',
 * 'M:SS(.mmm)', and CD time 'MM:SS:FF' (75 frames a second), the unit of a PQ sheet.
 */
export function parseSeconds(value: string): number | undefined {
  const text = value.trim().toLowerCase();
  const number = /^(\d+(?:[.,]\d+)?)\s*(s|sec|secs|seconds?|ms)?$/.exec(text);
  if (number) {
    const n = Number(number[1]!.replace(',', '.'));
    return number[2] === 'ms' ? n / 1000 : n;
  }
  try {
    if (/^\d{1,3}:\d{2}:\d{2}$/.test(text)) return cdFramesToSeconds(parseMsf(text));
    const seconds = parseTimecode(text);
    return seconds >= 0 ? seconds : undefined;
  } catch {
    return undefined;
  }
}

/** 'YYYY-MM-DD' or 'DD.MM.YYYY' to 'YYYY-MM-DD', when it is a real date. */
function parseDate(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const european = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (european) return isoDate(Number(european[3]), Number(european[2]), Number(european[1]));
  return undefined;
}
