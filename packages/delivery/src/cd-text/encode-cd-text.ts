import { TapeopError } from '@tapeop/core';
import type { DiscText } from '../disc/disc-layout.js';
import { cdTextGenreCode, cdTextLanguageCode, LANGUAGE_ENGLISH } from './cd-text-codes.js';
import { cdTextCrc } from './crc16.js';

export const CD_TEXT_PACK_LENGTH = 18;
/** One language block holds 256 packs (the sequence number is one byte): 253 text + 3 size packs. */
export const CD_TEXT_MAX_PACKS = 256;
const SIZE_PACKS = 3;
const CHARSET_ISO_8859_1 = 0x00;

/** The text pack types in the order they are written, with their DiscText field. */
export const CD_TEXT_FIELDS = [
  [0x80, 'title'],
  [0x81, 'performer'],
  [0x82, 'songwriter'],
  [0x83, 'composer'],
  [0x84, 'arranger'],
  [0x85, 'message'],
] as const satisfies ReadonlyArray<readonly [number, keyof DiscText]>;

export const PACK_GENRE = 0x87;
export const PACK_UPC_ISRC = 0x8e;
export const PACK_SIZE_INFO = 0x8f;

export interface CdTextInput {
  disc: DiscText;
  /** One entry per track, in track order. */
  tracks: DiscText[];
  /** The disc's genre (pack 0x87): a name from the CD-Text genre list, or free text (code "Not Defined"). */
  genre?: string;
  /** Language of the block, as a name ('English', 'German', ...); default English. */
  language?: string;
  /** Number of the first track (1 unless the disc continues another). */
  firstTrack?: number;
  /**
   * Also write the UPC/EAN and ISRCs as pack type 0x8E. Off by default: cue2ddp, Sonoris and
   * HOFA do not write it, and the Q channel (the PQ descriptor) already carries both codes.
   */
  codes?: { upc?: string; isrcs: Array<string | undefined> };
}

/**
 * CDTEXT.BIN: one English block of ISO 8859-1 text, laid out as cue2ddp 1.1 writes it (the
 * golden packs in cd-text.test.ts): each type's strings (disc first, then every track, empty
 * for a track without that text) NUL-terminated and cut into 12-byte payloads, the last one
 * padded with NULs; one sequence number across all packs; then three size-information packs.
 * Returns an empty buffer when there is no text at all.
 */
export function encodeCdText(input: CdTextInput): Buffer {
  const firstTrack = input.firstTrack ?? 1;
  const packs: Buffer[] = [];
  const counts = new Uint8Array(16);

  const addStrings = (type: number, strings: Buffer[]) => {
    let item = 0;
    let offset = 0;
    while (item < strings.length) {
      if (packs.length >= CD_TEXT_MAX_PACKS - SIZE_PACKS) {
        throw new TapeopError(
          'RED_BOOK',
          'The CD-Text does not fit one language block (253 text packs of 12 characters); shorten titles, credits or messages.',
          { details: { packs: packs.length } },
        );
      }
      const pack = Buffer.alloc(CD_TEXT_PACK_LENGTH);
      pack[0] = type;
      pack[1] = item === 0 ? 0 : firstTrack + item - 1;
      pack[2] = packs.length;
      pack[3] = Math.min(offset, 15);
      for (let i = 0; i < 12 && item < strings.length; i++) {
        pack[4 + i] = strings[item]![offset++]!;
        if (offset === strings[item]!.length) {
          item++;
          offset = 0;
        }
      }
      counts[type - 0x80]!++;
      packs.push(pack);
    }
  };

  for (const [type, field] of CD_TEXT_FIELDS) {
    const texts = [input.disc[field], ...input.tracks.map((t) => t[field])];
    if (texts.every((t) => !t)) continue;
    addStrings(
      type,
      texts.map((text, i) =>
        latin1Terminated(text ?? '', field, i === 0 ? 'the disc' : `track ${firstTrack + i - 1}`),
      ),
    );
  }
  if (input.genre) {
    const code = cdTextGenreCode(input.genre);
    addStrings(PACK_GENRE, [
      Buffer.concat([
        Buffer.of(code >> 8, code & 0xff),
        latin1Terminated(input.genre, 'genre', 'the disc'),
      ]),
    ]);
  }
  if (input.codes && (input.codes.upc || input.codes.isrcs.some(Boolean))) {
    addStrings(PACK_UPC_ISRC, [
      latin1Terminated(input.codes.upc ?? '', 'UPC/EAN', 'the disc'),
      ...input.tracks.map((_, i) =>
        latin1Terminated(input.codes?.isrcs[i] ?? '', 'ISRC', `track ${firstTrack + i}`),
      ),
    ]);
  }
  if (packs.length === 0) return Buffer.alloc(0);

  counts[PACK_SIZE_INFO - 0x80] = SIZE_PACKS;
  const sizes = Buffer.alloc(36);
  sizes[0] = CHARSET_ISO_8859_1;
  sizes[1] = firstTrack;
  sizes[2] = firstTrack + input.tracks.length - 1;
  sizes[3] = 0; // no copyright flag
  sizes.set(counts, 4);
  sizes[20] = packs.length + SIZE_PACKS - 1; // last sequence number of block 0
  sizes[28] = languageCode(input.language); // language of block 0
  for (let part = 0; part < SIZE_PACKS; part++) {
    const pack = Buffer.alloc(CD_TEXT_PACK_LENGTH);
    pack[0] = PACK_SIZE_INFO;
    pack[1] = part;
    pack[2] = packs.length;
    sizes.copy(pack, 4, part * 12, part * 12 + 12);
    packs.push(pack);
  }
  for (const pack of packs) pack.writeUInt16BE(cdTextCrc(pack, 0, 16), 16);
  return Buffer.concat(packs);
}

function languageCode(language: string | undefined): number {
  if (language === undefined) return LANGUAGE_ENGLISH;
  const code = cdTextLanguageCode(language);
  if (code === undefined) {
    throw new TapeopError(
      'RED_BOOK',
      `The CD-Text language "${language}" has no code among the Latin-script languages CD-Text can carry (English, German, French, Spanish, ...).`,
      { details: { language } },
    );
  }
  return code;
}

/** ISO 8859-1 bytes plus the NUL terminator; control characters and anything beyond Latin-1 are refused. */
function latin1Terminated(text: string, field: string, owner: string): Buffer {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      throw new TapeopError(
        'RED_BOOK',
        `The CD-Text ${field} of ${owner} contains a control character (code ${code}) at position ${i + 1}; CD-Text is one line of plain text.`,
        { details: { field, owner, text } },
      );
    }
    if (code > 0xff) {
      throw new TapeopError(
        'RED_BOOK',
        `The CD-Text ${field} of ${owner} ("${text}") contains "${text[i]}", which ISO 8859-1 (the CD-Text character set) cannot hold.`,
        {
          details: { field, owner, text },
          hint: 'Write the text with Latin characters only (é, ü, ñ are fine; curly quotes, dashes and non-Latin scripts are not).',
        },
      );
    }
  }
  return Buffer.concat([Buffer.from(text, 'latin1'), Buffer.of(0)]);
}
