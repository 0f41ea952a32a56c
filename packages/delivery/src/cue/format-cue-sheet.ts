import { formatMsf, TapeopError } from '@tapeop/core';
import { type DiscLayout, type DiscText, trackPregap, trackStart } from '../disc/disc-layout.js';
import { flagNames } from '../pq-sheet/pq-sheet.js';

/**
 * Where the FILE starts, chosen explicitly since CDRWIN leaves it open:
 * - `included`: the file holds the image from disc time 00:00:00, track 1's pause included
 *   (IMAGE.DAT, or a master rendered from the start of the album). Index times equal the
 *   absolute disc times; track 1 has INDEX 00 00:00:00 and INDEX 01 at 00:02:00 or later.
 * - `excluded`: the file starts at track 1's index 1. Track 1 gets INDEX 01 00:00:00 and a
 *   PREGAP command for its pause (silence the burner generates); every other time moves
 *   earlier by track 1's start.
 */
export type CueLeadIn = 'included' | 'excluded';

export type CueFileType = 'WAVE' | 'BINARY' | 'MOTOROLA' | 'AIFF';

export interface CueSheetInput {
  layout: DiscLayout;
  /** The audio file's name as the CUE refers to it (usually relative to the CUE). */
  fileName: string;
  /** Derived from the extension when left out: .wav WAVE, .aif/.aiff AIFF, anything else BINARY (little-endian). */
  fileType?: CueFileType;
  leadIn: CueLeadIn;
  /** A `REM COMMENT` line, e.g. "Album X – master v3 – 2024-05-02". */
  comment?: string;
  lineEnding?: '\n' | '\r\n';
}

export interface CueSheetText {
  text: string;
  /** Texts changed to fit CUE syntax (a double quote inside a title becomes a single quote). */
  warnings: string[];
}

/**
 * A CDRWIN cue sheet of the disc: CATALOG, disc TITLE/PERFORMER/SONGWRITER, one FILE, then per
 * track TITLE/PERFORMER/SONGWRITER, ISRC, FLAGS, PREGAP and INDEX lines in MM:SS:FF. Composer,
 * arranger and message are not CDRWIN commands (cue2ddp warns on them), so they go in REM lines
 * as EAC writes them.
 */
export function formatCueSheet(input: CueSheetInput): CueSheetText {
  const { layout } = input;
  const warnings: string[] = [];
  const quote = (text: string, what: string): string => {
    if (/[\r\n\0]/.test(text)) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `The ${what} ${JSON.stringify(text)} has a line break; a CUE sheet keeps each text on one line`,
      );
    }
    if (text.includes('"')) {
      warnings.push(
        `The ${what} ${JSON.stringify(text)} contains a double quote, which CUE syntax cannot hold; it is written with a single quote.`,
      );
      return `"${text.replaceAll('"', "'")}"`;
    }
    return `"${text}"`;
  };
  if (/["\r\n\0]/.test(input.fileName) || input.fileName === '') {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `The audio file name ${JSON.stringify(input.fileName)} cannot be written in a CUE sheet (empty, or with a quote or line break)`,
    );
  }
  const first = layout.tracks[0];
  if (!first)
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'The disc has no tracks; there is nothing to write a cue sheet for',
    );
  const shift = input.leadIn === 'excluded' ? trackStart(first) : 0;

  const lines: string[] = [];
  if (input.comment) lines.push(`REM COMMENT ${quote(input.comment, 'comment')}`);
  if (layout.upc) lines.push(`CATALOG ${layout.upc}`);
  lines.push(...textLines(layout.text, '', (text, what) => quote(text, `disc ${what}`)));
  lines.push(
    `FILE ${quote(input.fileName, 'file name')} ${input.fileType ?? fileTypeOf(input.fileName)}`,
  );
  for (const track of layout.tracks) {
    const number = String(track.number).padStart(2, '0');
    lines.push(`  TRACK ${number} AUDIO`);
    lines.push(
      ...textLines(track.text, '    ', (text, what) =>
        quote(text, `${what} of track ${track.number}`),
      ),
    );
    if (track.isrc) lines.push(`    ISRC ${track.isrc}`);
    const flags = flagNames(track.flags);
    if (flags.length > 0) lines.push(`    FLAGS ${flags.join(' ')}`);
    if (track === first && input.leadIn === 'excluded') {
      lines.push(`    PREGAP ${formatMsf(trackPregap(track))}`);
    }
    for (const index of track.indexes) {
      if (track === first && input.leadIn === 'excluded' && index.number === 0) continue;
      lines.push(
        `    INDEX ${String(index.number).padStart(2, '0')} ${formatMsf(index.frame - shift)}`,
      );
    }
  }
  const eol = input.lineEnding ?? '\n';
  return { text: lines.join(eol) + eol, warnings };
}

function textLines(
  text: DiscText,
  indent: string,
  quote: (text: string, what: string) => string,
): string[] {
  const lines: string[] = [];
  if (text.title) lines.push(`${indent}TITLE ${quote(text.title, 'title')}`);
  if (text.performer) lines.push(`${indent}PERFORMER ${quote(text.performer, 'performer')}`);
  if (text.songwriter) lines.push(`${indent}SONGWRITER ${quote(text.songwriter, 'songwriter')}`);
  if (text.composer) lines.push(`${indent}REM COMPOSER ${quote(text.composer, 'composer')}`);
  if (text.arranger) lines.push(`${indent}REM ARRANGER ${quote(text.arranger, 'arranger')}`);
  if (text.message) lines.push(`${indent}REM MESSAGE ${quote(text.message, 'message')}`);
  return lines;
}

export function fileTypeOf(fileName: string): CueFileType {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.wav') || lower.endsWith('.wave')) return 'WAVE';
  if (lower.endsWith('.aif') || lower.endsWith('.aiff')) return 'AIFF';
  return 'BINARY';
}
