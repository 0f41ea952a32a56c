import type { BextChunk, InfoTags } from './audio-header.js';
import { fourCc, isPrintableFourCc, readTextField } from './text-field.js';

/** Bytes of the fixed part of a `bext` chunk, before the coding history (EBU Tech 3285 v2). */
export const BEXT_FIXED_BYTES = 602;
/** Anything shorter cannot hold the fields up to the version number. */
export const BEXT_MIN_BYTES = 348;

/** Parses the content of a `bext` chunk (`bytes` starts after the chunk header). */
export function parseBext(
  bytes: Buffer,
  offset: number,
  sampleRate: number | undefined,
): BextChunk {
  const timeReference = bytes.readUInt32LE(338) + bytes.readUInt32LE(342) * 2 ** 32;
  const version = bytes.readUInt16LE(346);
  const umidBytes = bytes.subarray(348, Math.min(412, bytes.length));
  const umid = umidBytes.some((b) => b !== 0) ? umidBytes.toString('hex') : undefined;
  const bext: BextChunk = {
    offset,
    description: readTextField(bytes, 0, 256),
    originator: readTextField(bytes, 256, 288),
    originatorReference: readTextField(bytes, 288, 320),
    originationDate: readTextField(bytes, 320, 330),
    originationTime: readTextField(bytes, 330, 338),
    timeReference,
    timeReferenceSec: sampleRate ? timeReference / sampleRate : undefined,
    version,
    umid,
    codingHistory:
      bytes.length > BEXT_FIXED_BYTES ? readTextField(bytes, BEXT_FIXED_BYTES, bytes.length) : '',
  };
  if (version >= 2 && bytes.length >= 422) {
    const values = [412, 414, 416, 418, 420].map((at) => bytes.readInt16LE(at));
    if (values.some((v) => v !== 0)) {
      // 0x7FFF marks a value the writer did not measure.
      const field = (i: number): number | undefined => {
        const v = values[i]!;
        return v === 0x7fff ? undefined : v / 100;
      };
      bext.loudness = {
        integratedLufs: field(0),
        rangeLu: field(1),
        maxTruePeakDbtp: field(2),
        maxMomentaryLufs: field(3),
        maxShortTermLufs: field(4),
      };
    }
  }
  return bext;
}

export type InfoParse = { tags: InfoTags; brokenAt: number | undefined };

/**
 * Parses a `LIST` chunk of type INFO. `bytes` is the chunk content (starting with 'INFO'),
 * `offset` the file offset of that content. Stops at the first malformed sub-chunk and says where.
 */
export function parseInfoList(bytes: Buffer, offset: number, listOffset: number): InfoParse {
  const tags: Record<string, string> = {};
  let pos = 4;
  let brokenAt: number | undefined;
  while (pos + 8 <= bytes.length) {
    if (!isPrintableFourCc(bytes, pos)) {
      brokenAt = offset + pos;
      break;
    }
    const id = fourCc(bytes, pos);
    const size = bytes.readUInt32LE(pos + 4);
    const start = pos + 8;
    if (start + size > bytes.length) {
      brokenAt = offset + pos;
      break;
    }
    const text = readTextField(bytes, start, start + size);
    if (text) tags[id] = tags[id] ? `${tags[id]}; ${text}` : text;
    pos = start + size + (size & 1);
  }
  return { tags: { kind: 'riff-info', offset: listOffset, tags }, brokenAt };
}
