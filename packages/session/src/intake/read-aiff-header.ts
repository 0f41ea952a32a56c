import type { AiffCompression, PcmStream } from './audio-header.js';
import { readExtendedFloat } from './extended-float.js';
import type { FileSource } from './file-source.js';
import {
  addProblem,
  type HeaderDraft,
  HINT_ASK_AGAIN,
  HINT_CONVERT,
  HINT_EXPORT_AGAIN,
  HINT_NO_AUDIO,
  reportChunkPastEnd,
  reportInvalidChunk,
  reportMissingChunk,
} from './header-draft.js';
import { formatBytes, fourCc, isPrintableFourCc, readTextField } from './text-field.js';

/** How an AIFF-C compression type lays out its samples; undefined = not PCM. */
interface SampleLayout {
  sampleFormat: PcmStream['sampleFormat'];
  byteOrder: PcmStream['byteOrder'];
  /** Fixed bytes per sample, or undefined to take them from COMM's sample size. */
  bytes: number | undefined;
}

const LAYOUTS: Record<string, SampleLayout> = {
  NONE: { sampleFormat: 'int', byteOrder: 'big', bytes: undefined },
  twos: { sampleFormat: 'int', byteOrder: 'big', bytes: undefined },
  sowt: { sampleFormat: 'int', byteOrder: 'little', bytes: undefined },
  in24: { sampleFormat: 'int', byteOrder: 'big', bytes: 3 },
  in32: { sampleFormat: 'int', byteOrder: 'big', bytes: 4 },
  '42ni': { sampleFormat: 'int', byteOrder: 'little', bytes: 3 },
  '23ni': { sampleFormat: 'int', byteOrder: 'little', bytes: 4 },
  fl32: { sampleFormat: 'float', byteOrder: 'big', bytes: 4 },
  FL32: { sampleFormat: 'float', byteOrder: 'big', bytes: 4 },
  fl64: { sampleFormat: 'float', byteOrder: 'big', bytes: 8 },
  FL64: { sampleFormat: 'float', byteOrder: 'big', bytes: 8 },
  'raw ': { sampleFormat: 'uint', byteOrder: 'big', bytes: 1 },
};

const TEXT_CHUNKS = new Set(['NAME', 'AUTH', '(c) ', 'ANNO']);

interface Comm {
  offset: number;
  channels: number;
  frames: number;
  sampleSize: number;
  sampleRate: number;
  compression: AiffCompression | undefined;
}

/** Reads an AIFF or AIFF-C header (`header.container` says which). Big-endian throughout. */
export async function readAiffHeader(source: FileSource, header: HeaderDraft): Promise<void> {
  const fileSize = source.size;
  const isAifc = header.container === 'aifc';
  if (fileSize < 12) {
    addProblem(
      header,
      'truncated',
      'error',
      fileSize,
      `the file ends after ${formatBytes(fileSize)}, inside the 12-byte FORM header`,
      HINT_ASK_AGAIN,
    );
    return;
  }
  const formEnd = 8 + source.head.readUInt32BE(4);
  let comm: Comm | undefined;
  let ssnd: { offset: number; dataStart: number; dataSize: number; chunkEnd: number } | undefined;
  let stoppedAt: number | undefined;
  let pos = 12;

  while (pos + 8 <= fileSize) {
    const chunkHead = await source.read(pos, 8);
    const audioFound = comm !== undefined && ssnd !== undefined;
    if (!isPrintableFourCc(chunkHead, 0)) {
      reportInvalidChunk(header, pos, audioFound);
      stoppedAt = pos;
      break;
    }
    const id = fourCc(chunkHead, 0);
    const size = chunkHead.readUInt32BE(4);
    const start = pos + 8;
    const end = start + size;
    header.chunks.push({ id, offset: pos, size });

    if (id === 'SSND') {
      if (size < 8 || start + 8 > fileSize) {
        addProblem(
          header,
          start + 8 > fileSize ? 'truncated' : 'invalid-format',
          'error',
          pos,
          `the SSND chunk at byte ${pos} is too short to hold its 8-byte offset and block size`,
          HINT_ASK_AGAIN,
        );
        stoppedAt = pos;
        break;
      }
      const bytes = await source.read(start, 8);
      const dataOffset = bytes.readUInt32BE(0);
      ssnd = {
        offset: pos,
        dataStart: start + 8 + dataOffset,
        dataSize: Math.max(0, size - 8 - dataOffset),
        chunkEnd: end,
      };
      if (end > fileSize) {
        // Whether this is truncation depends on COMM's frame count: decided in buildStream.
        stoppedAt = fileSize;
        break;
      }
    } else if (end > fileSize) {
      reportChunkPastEnd(header, { id, offset: pos, size }, fileSize - start, audioFound);
      stoppedAt = pos;
      break;
    } else if (id === 'COMM' && comm === undefined) {
      comm = await readComm(source, header, pos, start, size, isAifc);
    } else if (TEXT_CHUNKS.has(id)) {
      const text = readTextField(await source.read(start, Math.min(size, 64 * 1024)));
      header.info ??= { kind: 'aiff-text', offset: pos, tags: {} };
      const tags = header.info.tags;
      if (text) tags[id] = tags[id] ? `${tags[id]}; ${text}` : text;
    }
    pos = end + (size & 1);
  }

  if (!comm)
    reportMissingChunk(header, 'COMM chunk (the format description)', stoppedAt, HINT_EXPORT_AGAIN);
  if (!ssnd) reportMissingChunk(header, 'SSND chunk (the audio)', stoppedAt, HINT_NO_AUDIO);
  if (comm?.compression) header.aiffCompression = comm.compression;
  if (comm && ssnd) {
    const complete = buildStream(header, comm, ssnd, fileSize);
    if (complete && stoppedAt === undefined && formEnd !== fileSize && formEnd + 1 !== fileSize) {
      addProblem(
        header,
        'size-mismatch',
        'warning',
        4,
        `the FORM header says the file is ${formatBytes(formEnd)} long, but it is ${formatBytes(fileSize)}`,
      );
    }
  }
}

async function readComm(
  source: FileSource,
  header: HeaderDraft,
  pos: number,
  start: number,
  size: number,
  isAifc: boolean,
): Promise<Comm | undefined> {
  const needed = isAifc ? 22 : 18;
  if (size < needed) {
    addProblem(
      header,
      'invalid-format',
      'error',
      pos,
      `the COMM chunk at byte ${pos} has ${formatBytes(size)}; it needs at least ${needed}`,
    );
    return undefined;
  }
  const bytes = await source.read(start, Math.min(size, 300));
  let compression: AiffCompression | undefined;
  if (isAifc) {
    const nameLength = bytes.length > 22 ? bytes[22]! : 0;
    compression = {
      type: fourCc(bytes, 18),
      name: readTextField(bytes, 23, Math.min(bytes.length, 23 + nameLength)),
    };
  }
  return {
    offset: pos,
    channels: bytes.readInt16BE(0),
    frames: bytes.readUInt32BE(2),
    sampleSize: bytes.readInt16BE(6),
    sampleRate: readExtendedFloat(bytes, 8),
    compression,
  };
}

/** Fills `header.stream`; returns true when the audio is complete. */
function buildStream(
  header: HeaderDraft,
  comm: Comm,
  ssnd: { offset: number; dataStart: number; dataSize: number; chunkEnd: number },
  fileSize: number,
): boolean {
  const type = comm.compression?.type ?? 'NONE';
  const layout = LAYOUTS[type];
  if (!layout) {
    header.codec = 'other';
    addProblem(
      header,
      'unsupported-format',
      'error',
      comm.offset,
      `is compressed as '${type}'${comm.compression?.name ? ` (${comm.compression.name})` : ''}; tapeop reads uncompressed AIFF and AIFF-C`,
      HINT_CONVERT,
    );
    return false;
  }
  header.codec = layout.sampleFormat === 'float' ? 'pcm-float' : 'pcm-int';
  if (type !== 'NONE') header.formatName = `AIFF-C (${type})`;
  const invalid = (message: string): false => {
    addProblem(header, 'invalid-format', 'error', comm.offset, message);
    return false;
  };
  if (comm.channels < 1) return invalid(`the COMM chunk says ${comm.channels} channels`);
  if (!(comm.sampleRate > 0) || !Number.isFinite(comm.sampleRate)) {
    return invalid(`the COMM chunk gives the sample rate as ${comm.sampleRate}`);
  }
  const bytesPerSample = layout.bytes ?? Math.ceil(comm.sampleSize / 8);
  const validBits =
    layout.sampleFormat === 'float' || layout.bytes !== undefined
      ? bytesPerSample * 8
      : comm.sampleSize;
  if (
    validBits < 1 ||
    bytesPerSample > 8 ||
    (layout.sampleFormat !== 'float' && bytesPerSample > 4)
  ) {
    return invalid(`the COMM chunk says ${comm.sampleSize} bits per sample; AIFF holds 1 to 32`);
  }
  const sampleRate = Math.round(comm.sampleRate);
  if (Math.abs(sampleRate - comm.sampleRate) > 1e-6) {
    addProblem(
      header,
      'invalid-format',
      'warning',
      comm.offset + 16,
      `the sample rate ${comm.sampleRate} Hz is not a whole number; it was taken as ${sampleRate} Hz`,
    );
  }
  const blockAlign = bytesPerSample * comm.channels;
  const declaredDataLength = comm.frames * blockAlign;
  const present = Math.max(0, Math.min(ssnd.dataSize, fileSize - ssnd.dataStart));
  const dataLength = Math.min(present, declaredDataLength);
  const frames = Math.floor(dataLength / blockAlign);
  let complete = true;
  if (frames < comm.frames) {
    complete = false;
    const fileEnds = ssnd.chunkEnd > fileSize;
    addProblem(
      header,
      'truncated',
      'error',
      ssnd.offset,
      fileEnds
        ? `the COMM chunk promises ${comm.frames} frames (${formatBytes(declaredDataLength)}) from byte ${ssnd.dataStart}, but the file ends ${formatBytes(present)} into them`
        : `the COMM chunk promises ${comm.frames} frames (${formatBytes(declaredDataLength)}), but the SSND chunk at byte ${ssnd.offset} holds only ${formatBytes(ssnd.dataSize)}`,
      HINT_ASK_AGAIN,
    );
  } else if (ssnd.chunkEnd > fileSize) {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      ssnd.offset,
      `the SSND chunk at byte ${ssnd.offset} declares more bytes than the file holds, but all ${comm.frames} frames the COMM chunk promises are there`,
    );
  }
  const stream: PcmStream = {
    encoding: 'pcm',
    sampleRate,
    channels: comm.channels,
    sampleFormat: layout.sampleFormat,
    bitsPerSample: bytesPerSample * 8,
    validBitsPerSample: validBits,
    channelMask: undefined,
    frames,
    declaredFrames: comm.frames,
    durationSec: frames / sampleRate,
    dataOffset: ssnd.dataStart,
    dataLength,
    byteOrder: layout.byteOrder,
    bytesPerSample,
    blockAlign,
    declaredDataLength,
  };
  header.stream = stream;
  return complete;
}
