import type { FlacStream, FlacStreamInfo } from './audio-header.js';
import type { FileSource } from './file-source.js';
import { findFlacEnd } from './flac-frame.js';
import { addProblem, type HeaderDraft, HINT_ASK_AGAIN } from './header-draft.js';
import { formatBytes } from './text-field.js';

export interface FlacReadOptions {
  /** Check the last frame's CRC to find files that were cut off (one extra read at the end). */
  verifyEnd: boolean;
  maxTextBytes: number;
}

const BLOCK_NAMES = [
  'STREAMINFO',
  'PADDING',
  'APPLICATION',
  'SEEKTABLE',
  'VORBIS_COMMENT',
  'CUESHEET',
  'PICTURE',
];
const STREAMINFO_BYTES = 34;
/** How far back from the end to look for the last frame when STREAMINFO has no frame size. */
const MAX_TAIL_BYTES = 1024 * 1024;

/**
 * Reads a FLAC stream's metadata blocks from `start` (0, or after an ID3v2 tag some taggers
 * put in front), then checks that the stream really ends with a whole frame.
 */
export async function readFlacHeader(
  source: FileSource,
  header: HeaderDraft,
  start: number,
  options: FlacReadOptions,
): Promise<void> {
  const fileSize = source.size;
  let pos = start + 4;
  let info: Omit<FlacStreamInfo, 'firstFrameOffset' | 'endCheck'> | undefined;
  let last = false;
  let broken = false;
  while (!last && !broken) {
    if (pos + 4 > fileSize) {
      addProblem(
        header,
        'truncated',
        'error',
        pos,
        `the file ends at byte ${fileSize}, inside the FLAC metadata (a block header was expected at byte ${pos})`,
        HINT_ASK_AGAIN,
      );
      broken = true;
      break;
    }
    const blockHead = await source.read(pos, 4);
    last = (blockHead[0]! & 0x80) !== 0;
    const type = blockHead[0]! & 0x7f;
    const size = blockHead.readUIntBE(1, 3);
    const blockStart = pos + 4;
    const name = BLOCK_NAMES[type] ?? (type === 127 ? 'INVALID' : `block type ${type}`);
    header.chunks.push({ id: name, offset: pos, size });
    if (type === 127) {
      addProblem(
        header,
        'invalid-chunk',
        'error',
        pos,
        `the metadata block at byte ${pos} has the forbidden type 127`,
      );
      broken = true;
      break;
    }
    if (blockStart + size > fileSize) {
      addProblem(
        header,
        'chunk-past-end',
        'error',
        pos,
        `the ${name} block at byte ${pos} declares ${formatBytes(size)}, but only ${formatBytes(fileSize - blockStart)} remain in the file`,
        HINT_ASK_AGAIN,
      );
      broken = true;
      break;
    }
    if (header.chunks.length === 1 && type !== 0) {
      addProblem(
        header,
        'missing-chunk',
        'error',
        pos,
        `a FLAC stream must start with a STREAMINFO block, but byte ${pos} starts a ${name} block`,
      );
      broken = true;
      break;
    }
    if (type === 0 && info === undefined) {
      if (size < STREAMINFO_BYTES) {
        addProblem(
          header,
          'invalid-format',
          'error',
          pos,
          `the STREAMINFO block at byte ${pos} has ${formatBytes(size)}, not 34`,
        );
        broken = true;
        break;
      }
      info = parseStreamInfo(await source.read(blockStart, STREAMINFO_BYTES));
    } else if (type === 4) {
      readVorbisComment(
        await source.read(blockStart, Math.min(size, options.maxTextBytes)),
        header,
        pos,
      );
    }
    pos = blockStart + size;
  }

  if (!info) {
    if (!header.problems.some((p) => p.severity === 'error')) {
      addProblem(header, 'missing-chunk', 'error', start, 'no STREAMINFO block was found');
    }
    return;
  }
  const firstFrameOffset = pos;
  const flac: FlacStreamInfo = { ...info, firstFrameOffset, endCheck: 'not-checked' };
  header.flac = flac;
  if (broken) return;

  const impossible =
    info.sampleRate === 0
      ? 'the STREAMINFO block gives a sample rate of 0 Hz'
      : info.bitsPerSample < 4
        ? `the STREAMINFO block says ${info.bitsPerSample} bits per sample`
        : undefined;
  if (impossible) {
    addProblem(header, 'invalid-format', 'error', start + 8, impossible);
    return;
  }

  const audioEnd = await endOfAudio(source);
  let frames = info.totalSamples;
  if (firstFrameOffset >= audioEnd) {
    if (info.totalSamples > 0) {
      addProblem(
        header,
        'truncated',
        'error',
        firstFrameOffset,
        `STREAMINFO promises ${info.totalSamples} samples, but the file ends at byte ${firstFrameOffset}, before the first audio frame`,
        HINT_ASK_AGAIN,
      );
    }
    frames = 0;
  } else {
    const sync = await source.read(firstFrameOffset, 2);
    if (sync[0] !== 0xff || (sync[1]! & 0xfe) !== 0xf8) {
      addProblem(
        header,
        'invalid-format',
        'error',
        firstFrameOffset,
        `no FLAC frame starts at byte ${firstFrameOffset}, after the last metadata block`,
      );
      return;
    }
    if (options.verifyEnd) frames = await checkEnd(source, header, flac, audioEnd);
    else flac.endCheck = 'unverified';
  }
  if (info.totalSamples === 0 && flac.endCheck !== 'complete') {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      start + 8,
      'STREAMINFO does not give the number of samples, so the length of the file is not known without decoding it',
      'Re-encode the file with the flac tool to write its length.',
    );
  }
  const stream: FlacStream = {
    encoding: 'flac',
    sampleRate: info.sampleRate,
    channels: info.channels,
    sampleFormat: 'int',
    bitsPerSample: info.bitsPerSample,
    validBitsPerSample: info.bitsPerSample,
    channelMask: undefined,
    frames,
    declaredFrames: info.totalSamples > 0 ? info.totalSamples : undefined,
    durationSec: frames / info.sampleRate,
    dataOffset: firstFrameOffset,
    dataLength: Math.max(0, audioEnd - firstFrameOffset),
  };
  header.stream = stream;
}

function parseStreamInfo(b: Buffer): Omit<FlacStreamInfo, 'firstFrameOffset' | 'endCheck'> {
  const md5 = b.subarray(18, 34);
  return {
    minBlockSize: b.readUInt16BE(0),
    maxBlockSize: b.readUInt16BE(2),
    minFrameSize: b.readUIntBE(4, 3),
    maxFrameSize: b.readUIntBE(7, 3),
    sampleRate: (b[10]! << 12) | (b[11]! << 4) | (b[12]! >> 4),
    channels: ((b[12]! >> 1) & 7) + 1,
    bitsPerSample: (((b[12]! & 1) << 4) | (b[13]! >> 4)) + 1,
    totalSamples: (b[13]! & 0x0f) * 2 ** 32 + b.readUInt32BE(14),
    md5: md5.some((x) => x !== 0) ? md5.toString('hex') : undefined,
  };
}

function readVorbisComment(bytes: Buffer, header: HeaderDraft, offset: number): void {
  // Little-endian lengths, unlike the rest of FLAC (the Vorbis comment format).
  const tags: Record<string, string> = {};
  let pos = 0;
  const u32 = (): number | undefined => {
    if (pos + 4 > bytes.length) return undefined;
    const v = bytes.readUInt32LE(pos);
    pos += 4;
    return v;
  };
  const vendorLength = u32();
  if (vendorLength === undefined) return;
  pos += vendorLength;
  const count = u32() ?? 0;
  for (let i = 0; i < count; i++) {
    const length = u32();
    if (length === undefined || pos + length > bytes.length) break;
    const field = bytes.toString('utf8', pos, pos + length);
    pos += length;
    const eq = field.indexOf('=');
    if (eq <= 0) continue;
    const key = field.slice(0, eq).toUpperCase();
    const value = field.slice(eq + 1);
    tags[key] = tags[key] ? `${tags[key]}; ${value}` : value;
  }
  header.info = { kind: 'vorbis-comment', offset, tags };
}

/** Where the audio frames end: before an ID3v1 or APEv2 tag some taggers append. */
async function endOfAudio(source: FileSource): Promise<number> {
  let end = source.size;
  if (end >= 128 && (await source.read(end - 128, 3)).toString('latin1') === 'TAG') end -= 128;
  if (end >= 32) {
    const footer = await source.read(end - 32, 32);
    if (footer.toString('latin1', 0, 8) === 'APETAGEX') {
      const size = footer.readUInt32LE(12);
      const hasHeader = (footer.readUInt32LE(20) & 0x80000000) !== 0;
      end -= size + (hasHeader ? 32 : 0);
    }
  }
  return end;
}

async function checkEnd(
  source: FileSource,
  header: HeaderDraft,
  flac: FlacStreamInfo,
  audioEnd: number,
): Promise<number> {
  const audioLength = audioEnd - flac.firstFrameOffset;
  const window = Math.min(
    audioLength,
    flac.maxFrameSize > 0 ? 2 * flac.maxFrameSize + 64 : MAX_TAIL_BYTES,
  );
  const tailStart = audioEnd - window;
  const tail = await source.read(tailStart, window);
  const found = findFlacEnd(tail, flac);
  const total = flac.totalSamples;
  if (found.status === 'no-frame') {
    flac.endCheck = 'unverified';
    addProblem(
      header,
      'truncated',
      total > 0 ? 'warning' : 'error',
      tailStart,
      `no FLAC frame was found in the last ${formatBytes(window)} of the file, so its end could not be checked`,
      'Test the file with `flac -t`; if it fails, ask the studio to send it again.',
    );
    return total;
  }
  if (found.status === 'complete') {
    flac.endCheck = 'complete';
    if (total === 0) return found.endSample;
    if (found.endSample < total) {
      flac.endCheck = 'truncated';
      addProblem(
        header,
        'truncated',
        'error',
        audioEnd,
        `STREAMINFO promises ${total} samples, but the last whole frame ends at sample ${found.endSample}; the file ends at byte ${audioEnd}`,
        HINT_ASK_AGAIN,
      );
      return found.endSample;
    }
    if (found.endSample > total) {
      addProblem(
        header,
        'size-mismatch',
        'warning',
        audioEnd,
        `STREAMINFO says ${total} samples, but the frames run to sample ${found.endSample}`,
      );
    }
    return total;
  }
  flac.endCheck = 'truncated';
  const cutAt = tailStart + found.cutFrameAt;
  addProblem(
    header,
    'truncated',
    'error',
    cutAt,
    `the file ends inside the FLAC frame that starts at byte ${cutAt}${total > 0 ? `; only ${found.completeSamples} of the ${total} samples STREAMINFO promises are whole` : ''}`,
    HINT_ASK_AGAIN,
  );
  return found.completeSamples;
}
