// FLAC frame headers (RFC 9639 §9.1), read only to check how a stream ends: a FLAC file that
// was cut off has no valid last frame, and STREAMINFO alone cannot tell.

export interface FlacStreamFacts {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  maxBlockSize: number;
}

export interface FlacFrameHeader {
  /** Offset of the sync code in the buffer that was parsed. */
  at: number;
  blockSize: number;
  /** The first sample of the frame (frame number × block size for fixed-block streams). */
  firstSample: number;
  /** Bytes of the header, CRC-8 included: the first subframe starts at at + headerBytes. */
  headerBytes: number;
  /** The channel assignment code: 0-7 independent channels, 8 left/side, 9 side/right, 10 mid/side. */
  channelAssignment: number;
}

const CRC8_TABLE = makeTable(0x07, 8);
const CRC16_TABLE = makeTable(0x8005, 16);

function makeTable(poly: number, width: 8 | 16): Uint16Array {
  const table = new Uint16Array(256);
  const top = 1 << (width - 1);
  const mask = (1 << width) - 1;
  for (let i = 0; i < 256; i++) {
    let crc = i << (width - 8);
    for (let bit = 0; bit < 8; bit++)
      crc = crc & top ? ((crc << 1) ^ poly) & mask : (crc << 1) & mask;
    table[i] = crc;
  }
  return table;
}

/** CRC-8 of a frame header (polynomial x^8 + x^2 + x + 1, initial 0). */
export function crc8(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = CRC8_TABLE[crc ^ bytes[i]!]!;
  return crc;
}

/** CRC-16 of a whole frame (polynomial x^16 + x^15 + x^2 + 1, initial 0). */
export function crc16(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++)
    crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[(crc >> 8) ^ bytes[i]!]!;
  return crc;
}

const RATES: Record<number, number> = {
  1: 88200,
  2: 176400,
  3: 192000,
  4: 8000,
  5: 16000,
  6: 22050,
  7: 24000,
  8: 32000,
  9: 44100,
  10: 48000,
  11: 96000,
};
const SAMPLE_SIZES: Record<number, number> = { 1: 8, 2: 12, 4: 16, 5: 20, 6: 24, 7: 32 };

/**
 * Parses the frame header at `at` and checks it against the stream: sync code, reserved bits,
 * channel count, sample size and rate, block size, and the header's CRC-8. Returns undefined
 * for anything that is not a valid header of this stream (compressed audio can look like a
 * sync code by chance; the checks make a false match very unlikely).
 */
export function parseFlacFrameHeader(
  bytes: Uint8Array,
  at: number,
  stream: FlacStreamFacts,
): FlacFrameHeader | undefined {
  if (at + 6 > bytes.length) return undefined;
  if (bytes[at] !== 0xff || (bytes[at + 1]! & 0xfe) !== 0xf8) return undefined;
  const variable = (bytes[at + 1]! & 1) === 1;
  const blockCode = bytes[at + 2]! >> 4;
  const rateCode = bytes[at + 2]! & 0x0f;
  const channelCode = bytes[at + 3]! >> 4;
  const sizeCode = (bytes[at + 3]! >> 1) & 7;
  if (blockCode === 0 || rateCode === 15 || channelCode > 10 || (bytes[at + 3]! & 1) !== 0) {
    return undefined;
  }
  const channels = channelCode <= 7 ? channelCode + 1 : 2;
  if (channels !== stream.channels) return undefined;
  if (sizeCode !== 0 && SAMPLE_SIZES[sizeCode] !== stream.bitsPerSample) return undefined;
  if (RATES[rateCode] !== undefined && RATES[rateCode] !== stream.sampleRate) return undefined;

  // The frame or sample number, coded like UTF-8 (up to 7 bytes for 36 bits).
  let pos = at + 4;
  const first = bytes[pos]!;
  let length = 1;
  let number = first;
  if (first & 0x80) {
    length = 0;
    for (let mask = 0x80; first & mask; mask >>= 1) length++;
    if (length < 2 || length > 7) return undefined;
    number = length === 7 ? 0 : first & (0xff >> (length + 1));
  }
  if (pos + length > bytes.length) return undefined;
  for (let i = 1; i < length; i++) {
    const b = bytes[pos + i]!;
    if ((b & 0xc0) !== 0x80) return undefined;
    number = number * 64 + (b & 0x3f);
  }
  pos += length;

  let blockSize: number;
  if (blockCode === 1) blockSize = 192;
  else if (blockCode <= 5) blockSize = 576 * 2 ** (blockCode - 2);
  else if (blockCode === 6) {
    if (pos + 1 > bytes.length) return undefined;
    blockSize = bytes[pos]! + 1;
    pos += 1;
  } else if (blockCode === 7) {
    if (pos + 2 > bytes.length) return undefined;
    blockSize = ((bytes[pos]! << 8) | bytes[pos + 1]!) + 1;
    pos += 2;
  } else blockSize = 256 * 2 ** (blockCode - 8);
  if (stream.maxBlockSize > 0 && blockSize > stream.maxBlockSize) return undefined;

  let rate: number | undefined = RATES[rateCode];
  if (rateCode === 12) {
    if (pos + 1 > bytes.length) return undefined;
    rate = bytes[pos]! * 1000;
    pos += 1;
  } else if (rateCode === 13 || rateCode === 14) {
    if (pos + 2 > bytes.length) return undefined;
    rate = ((bytes[pos]! << 8) | bytes[pos + 1]!) * (rateCode === 14 ? 10 : 1);
    pos += 2;
  }
  if (rate !== undefined && rate !== stream.sampleRate) return undefined;

  if (pos + 1 > bytes.length || crc8(bytes, at, pos) !== bytes[pos]) return undefined;
  const firstSample = variable ? number : number * stream.maxBlockSize;
  return { at, blockSize, firstSample, headerBytes: pos + 1 - at, channelAssignment: channelCode };
}

export type FlacEnd =
  | { status: 'complete'; endSample: number }
  | {
      status: 'truncated';
      /** Samples in the complete frames before the cut. */
      completeSamples: number;
      /** Offset (in the buffer) of the frame that was cut off. */
      cutFrameAt: number;
      confirmed: boolean;
    }
  | { status: 'no-frame' };

/**
 * Finds how the stream in `tail` (the last bytes of the audio frames, ending exactly where
 * the audio ends) ends: with a whole frame whose CRC-16 matches, or cut inside a frame.
 */
export function findFlacEnd(tail: Uint8Array, stream: FlacStreamFacts): FlacEnd {
  const candidates: FlacFrameHeader[] = [];
  for (let i = 0; i + 1 < tail.length; i++) {
    if (tail[i] !== 0xff || (tail[i + 1]! & 0xfe) !== 0xf8) continue;
    const frame = parseFlacFrameHeader(tail, i, stream);
    if (frame) candidates.push(frame);
  }
  if (candidates.length === 0) return { status: 'no-frame' };
  const end = tail.length;
  const endsWithCrc = (from: number, to: number): boolean =>
    to - from >= 4 && crc16(tail, from, to - 2) === ((tail[to - 2]! << 8) | tail[to - 1]!);

  // A frame header inside compressed data is rare; checking the nearest few is enough.
  const nearest = candidates.slice(-8).reverse();
  for (const frame of nearest) {
    if (endsWithCrc(frame.at, end)) {
      return { status: 'complete', endSample: frame.firstSample + frame.blockSize };
    }
  }
  // Cut off: the last frame that starts where a whole frame before it ends is the one cut.
  for (let c = candidates.length - 1; c >= 1; c--) {
    const frame = candidates[c]!;
    for (let q = c - 1; q >= Math.max(0, c - 8); q--) {
      if (endsWithCrc(candidates[q]!.at, frame.at)) {
        return {
          status: 'truncated',
          completeSamples: frame.firstSample,
          cutFrameAt: frame.at,
          confirmed: true,
        };
      }
    }
  }
  const last = candidates[candidates.length - 1]!;
  return {
    status: 'truncated',
    completeSamples: last.firstSample,
    cutFrameAt: last.at,
    confirmed: false,
  };
}
