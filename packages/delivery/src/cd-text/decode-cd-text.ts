import { TapeopError } from '@tapeop/core';
import type { DiscText } from '../disc/disc-layout.js';
import { cdTextLanguageName } from './cd-text-codes.js';
import { cdTextCrc } from './crc16.js';
import {
  CD_TEXT_FIELDS,
  CD_TEXT_PACK_LENGTH,
  PACK_GENRE,
  PACK_SIZE_INFO,
  PACK_UPC_ISRC,
} from './encode-cd-text.js';

const PACK_DISC_ID = 0x86;

/** One language block of CD-Text as read back. */
export interface CdTextBlock {
  block: number;
  /** Language code from the size information (0x09 English), when present. */
  language?: number;
  /** The language's name ('English'), when the code is one of the Latin-script languages. */
  languageName?: string;
  /** Character set from the size information (0x00 ISO 8859-1, 0x01 ASCII, 0x80 MS-JIS). */
  charset?: number;
  disc: DiscText & { discId?: string; upc?: string; genre?: string; genreCode?: number };
  /** Track texts keyed by track number. */
  tracks: Map<number, DiscText & { isrc?: string }>;
}

export interface CdTextProblem {
  /** Byte offset of the pack in the file. */
  offset: number;
  message: string;
}

export interface DecodedCdText {
  blocks: CdTextBlock[];
  /** Packs whose CRC does not match, double-byte text that is not decoded, ...; the text is still read. */
  problems: CdTextProblem[];
}

const FIELD_OF = new Map<number, keyof DiscText>(
  CD_TEXT_FIELDS.map(([type, field]) => [type, field]),
);

/**
 * Reads CDTEXT.BIN (or any lead-in CD-Text dump of 18-byte packs). A wrong CRC is reported,
 * not fatal, since the text usually survives it; a file that is not whole packs, or packs of
 * an unknown type, are errors naming the byte offset.
 */
export function decodeCdText(bytes: Buffer, file = 'CDTEXT.BIN'): DecodedCdText {
  if (bytes.length % CD_TEXT_PACK_LENGTH !== 0) {
    const whole = Math.floor(bytes.length / CD_TEXT_PACK_LENGTH) * CD_TEXT_PACK_LENGTH;
    throw new TapeopError(
      'PARSE_ERROR',
      `${file}: the file is ${bytes.length} bytes long, not a whole number of 18-byte CD-Text packs; the last pack breaks off at byte ${whole}`,
      {
        details: { file, offset: whole, size: bytes.length },
        hint: 'Some tools put a 4-byte length header before the packs; this file is damaged or of another kind.',
      },
    );
  }
  const problems: CdTextProblem[] = [];
  // type -> block -> packs in file order
  const streams = new Map<
    string,
    {
      type: number;
      block: number;
      firstTrack: number;
      bytes: number[];
      doubleByte: boolean;
      offset: number;
    }
  >();
  const sizeInfo = new Map<number, Buffer[]>();
  for (let offset = 0; offset < bytes.length; offset += CD_TEXT_PACK_LENGTH) {
    const pack = bytes.subarray(offset, offset + CD_TEXT_PACK_LENGTH);
    const type = pack[0]!;
    if (type < 0x80 || type > 0x8f) {
      throw new TapeopError(
        'PARSE_ERROR',
        `${file}: byte ${offset}: pack type 0x${type.toString(16).padStart(2, '0')} is not a CD-Text pack type (0x80-0x8F)`,
        { details: { file, offset }, hint: 'The file is damaged or is not CD-Text.' },
      );
    }
    const crc = pack.readUInt16BE(16);
    const expected = cdTextCrc(pack, 0, 16);
    if (crc !== expected) {
      problems.push({
        offset,
        message: `${file}: byte ${offset}: pack ${offset / CD_TEXT_PACK_LENGTH + 1} has CRC 0x${hex4(crc)}, expected 0x${hex4(expected)}`,
      });
    }
    const block = (pack[3]! >> 4) & 0x07;
    if (type === PACK_SIZE_INFO) {
      const parts = sizeInfo.get(block) ?? [];
      parts.push(pack.subarray(4, 16));
      sizeInfo.set(block, parts);
      continue;
    }
    const key = `${block}:${type}`;
    let stream = streams.get(key);
    if (!stream) {
      stream = {
        type,
        block,
        firstTrack: pack[1]!,
        bytes: [],
        doubleByte: (pack[3]! & 0x80) !== 0,
        offset,
      };
      streams.set(key, stream);
    }
    stream.bytes.push(...pack.subarray(4, 16));
  }

  const blocks = new Map<number, CdTextBlock>();
  const blockOf = (block: number): CdTextBlock => {
    let found = blocks.get(block);
    if (!found) {
      found = { block, disc: {}, tracks: new Map() };
      blocks.set(block, found);
    }
    return found;
  };
  for (const [block, parts] of sizeInfo) {
    const info = Buffer.concat(parts);
    const target = blockOf(block);
    if (info.length >= 36) {
      target.charset = info[0]!;
      target.language = info[28 + block]!;
      const name = cdTextLanguageName(target.language);
      if (name) target.languageName = name;
    }
  }
  for (const stream of streams.values()) {
    const target = blockOf(stream.block);
    if (stream.doubleByte || target.charset === 0x80) {
      problems.push({
        offset: stream.offset,
        message: `${file}: byte ${stream.offset}: block ${stream.block} pack type 0x${stream.type.toString(16)} holds double-byte (MS-JIS) text, which is not decoded`,
      });
      continue;
    }
    if (stream.type === PACK_GENRE) {
      // Two bytes of genre code (big-endian, often starting with a 0 byte), then the text.
      target.disc.genreCode = ((stream.bytes[0] ?? 0) << 8) | (stream.bytes[1] ?? 0);
      const text = splitStrings(stream.bytes.slice(2))[0];
      if (text) target.disc.genre = text;
      continue;
    }
    // TOC (0x88, 0x89) and closed information (0x8D) are not text for people.
    if (stream.type === 0x88 || stream.type === 0x89 || stream.type === 0x8d) continue;
    const strings = splitStrings(stream.bytes);
    // A TAB repeats the previous track's text, which may itself have been a TAB.
    let previous: string | undefined;
    strings.forEach((text, i) => {
      const trackNumber = stream.firstTrack + i;
      const value = text === '\t' ? previous : text;
      previous = value;
      if (!value) return;
      const owner = (trackNumber === 0 ? target.disc : trackOf(target, trackNumber)) as Record<
        string,
        string
      >;
      const field = FIELD_OF.get(stream.type);
      if (field) owner[field] = value;
      else if (stream.type === PACK_DISC_ID && trackNumber === 0) owner.discId = value;
      else if (stream.type === PACK_UPC_ISRC) owner[trackNumber === 0 ? 'upc' : 'isrc'] = value;
    });
  }
  return { blocks: [...blocks.values()].sort((a, b) => a.block - b.block), problems };
}

function trackOf(block: CdTextBlock, track: number): DiscText & { isrc?: string } {
  let found = block.tracks.get(track);
  if (!found) {
    found = {};
    block.tracks.set(track, found);
  }
  return found;
}

/** NUL-terminated ISO 8859-1 strings; the NUL padding after the last string is dropped. */
function splitStrings(bytes: number[]): string[] {
  const strings: string[] = [];
  let current: number[] = [];
  for (const byte of bytes) {
    if (byte === 0) {
      strings.push(Buffer.from(current).toString('latin1'));
      current = [];
    } else {
      current.push(byte);
    }
  }
  if (current.length > 0) strings.push(Buffer.from(current).toString('latin1'));
  // The NUL padding of the last pack reads as empty strings; empty texts are skipped anyway.
  while (strings.length > 0 && strings[strings.length - 1] === '') strings.pop();
  return strings;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}
