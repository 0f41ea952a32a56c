import type { Ds64Chunk, PcmStream, WavFormat } from './audio-header.js';
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
import { formatBytes, fourCc, isPrintableFourCc } from './text-field.js';
import { BEXT_FIXED_BYTES, BEXT_MIN_BYTES, parseBext, parseInfoList } from './wav-metadata.js';

export interface WavReadOptions {
  maxTextBytes: number;
}

const SIZE_UNKNOWN = 0xffffffff;
const FOUR_GIB = 2 ** 32;
/** The GUID tail every standard WAVE_FORMAT_EXTENSIBLE sub-format shares (KSDATAFORMAT_SUBTYPE_*). */
const STANDARD_GUID_TAIL = '-0000-0010-8000-00aa00389b71';
const MAX_METADATA_BYTES = 1024 * 1024;

const FORMAT_TAG_NAMES: Record<number, string> = {
  1: 'PCM',
  2: 'Microsoft ADPCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'µ-law',
  17: 'IMA ADPCM',
  80: 'MPEG',
  85: 'MPEG Layer 3',
  146: 'Dolby AC-3 (S/PDIF)',
  255: 'AAC',
  5648: 'AAC (ADTS)',
  8192: 'Dolby AC-3',
  65534: 'WAVE_FORMAT_EXTENSIBLE',
};
const LOSSY_TAGS = new Set([0x0050, 0x0055, 0x0092, 0x00ff, 0x1610, 0x2000]);

function tagName(tag: number): string {
  return FORMAT_TAG_NAMES[tag] ?? `format tag 0x${tag.toString(16).padStart(4, '0')}`;
}

/**
 * Reads a RIFF/WAVE, RF64 or BW64 header (`header.container` says which). Walks every chunk
 * with positional reads, so chunks after a long `data` chunk (LIST, iXML written at the end)
 * are found without reading the samples.
 */
export async function readWavHeader(
  source: FileSource,
  header: HeaderDraft,
  options: WavReadOptions,
): Promise<void> {
  const fileSize = source.size;
  const head = source.head;
  const magic = fourCc(head, 0);
  const isRf64 = header.container === 'rf64' || header.container === 'bw64';
  if (fileSize < 12) {
    addProblem(
      header,
      'truncated',
      'error',
      fileSize,
      `the file ends after ${formatBytes(fileSize)}, inside the 12-byte ${magic} header`,
      HINT_ASK_AGAIN,
    );
    return;
  }
  const riffSize32 = head.readUInt32LE(4);

  let ds64: Ds64Chunk | undefined;
  let format: WavFormat | undefined;
  let data: { offset: number; start: number; size: number } | undefined;
  let dataComplete = false;
  let stoppedAt: number | undefined;
  let previousOdd = false;
  let dataSizeRepaired = false;
  let pos = 12;

  while (pos + 8 <= fileSize) {
    let chunkHead = await source.read(pos, 8);
    if (!isPrintableFourCc(chunkHead, 0) && previousOdd) {
      // Some writers forget the pad byte after an odd-sized chunk: try one byte earlier.
      const earlier = await source.read(pos - 1, 8);
      if (isPrintableFourCc(earlier, 0)) {
        addProblem(
          header,
          'missing-pad-byte',
          'warning',
          pos - 1,
          `the odd-sized chunk before byte ${pos - 1} has no pad byte; the chunks that follow were read without it`,
        );
        pos -= 1;
        chunkHead = earlier;
      }
    }
    if (!isPrintableFourCc(chunkHead, 0)) {
      const afterAudio = data !== undefined && format !== undefined;
      reportInvalidChunk(header, pos, afterAudio);
      stoppedAt = pos;
      break;
    }
    const id = fourCc(chunkHead, 0);
    const size32 = chunkHead.readUInt32LE(4);
    const start = pos + 8;
    let size = size32;

    if (isRf64 && size32 === SIZE_UNKNOWN) {
      const fromDs64 = id === 'data' ? ds64?.dataSize : ds64?.table.find((t) => t.id === id)?.size;
      if (fromDs64 === undefined) {
        addProblem(
          header,
          'invalid-format',
          'error',
          pos,
          `the '${id}' chunk at byte ${pos} leaves its size to the ds64 chunk, which does not give it`,
        );
        stoppedAt = pos;
        break;
      }
      size = fromDs64;
    }

    if (id === 'data' && !isRf64) {
      size = await resolvePlainDataSize(header, pos, size32, fileSize - start, () =>
        looksLikeChunkAt(source, start + size32 + (size32 & 1)),
      );
      dataSizeRepaired = size !== size32;
    }

    header.chunks.push({ id, offset: pos, size });
    const end = start + size;

    if (id === 'data') {
      data = { offset: pos, start, size };
      if (end > fileSize) {
        const present = fileSize - start;
        addProblem(
          header,
          'truncated',
          'error',
          pos,
          `the data chunk at byte ${pos} promises ${formatBytes(size)} of audio, but the file ends ${formatBytes(present)} into it`,
          HINT_ASK_AGAIN,
        );
        stoppedAt = fileSize;
        break;
      }
      dataComplete = true;
    } else if (end > fileSize) {
      const afterAudio = dataComplete && format !== undefined;
      reportChunkPastEnd(header, { id, offset: pos, size }, fileSize - start, afterAudio);
      stoppedAt = pos;
      break;
    } else if (id === 'ds64') {
      if (isRf64 && ds64 === undefined) ds64 = await readDs64(source, header, pos, start, size);
    } else if (id === 'fmt ') {
      if (format === undefined) format = await readFormat(source, header, pos, start, size);
    } else if (id === 'bext') {
      await readBextChunk(source, header, pos, start, size, format?.sampleRate);
    } else if (id === 'iXML') {
      const wanted = Math.min(size, options.maxTextBytes);
      const bytes = await source.read(start, wanted);
      header.ixml = {
        offset: pos,
        size,
        text: bytes.toString('utf8').replace(/\0+$/, ''),
        truncated: wanted < size,
      };
    } else if (id === 'LIST') {
      await readList(source, header, pos, start, size);
    }

    if (isRf64 && header.chunks.length === 1 && id !== 'ds64') {
      addProblem(
        header,
        'missing-chunk',
        'error',
        pos,
        `an ${header.container.toUpperCase()} file must start with a ds64 chunk (its 64-bit sizes), but byte ${pos} starts a '${id}' chunk`,
        'The file is damaged or was written by a broken tool; ask for it again.',
      );
      stoppedAt = pos;
      break;
    }
    previousOdd = (size & 1) === 1;
    pos = end + (size & 1);
  }

  if (header.bext && format && header.bext.timeReferenceSec === undefined) {
    header.bext.timeReferenceSec = header.bext.timeReference / format.sampleRate;
  }
  if (header.bext) header.formatName = isRf64 ? header.formatName : 'Broadcast Wave (BWF)';
  if (ds64) header.ds64 = ds64;
  if (format) header.wavFormat = format;

  if (!format)
    reportMissingChunk(
      header,
      "'fmt ' chunk (the format description)",
      stoppedAt,
      HINT_EXPORT_AGAIN,
    );
  if (!data) reportMissingChunk(header, "'data' chunk (the audio)", stoppedAt, HINT_NO_AUDIO);

  const riffEnd = 8 + (isRf64 && riffSize32 === SIZE_UNKNOWN ? (ds64?.riffSize ?? 0) : riffSize32);
  if (
    dataComplete &&
    stoppedAt === undefined &&
    !dataSizeRepaired &&
    riffEnd !== fileSize &&
    riffEnd + 1 !== fileSize &&
    riffSize32 !== 0
  ) {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      4,
      `the ${magic} header says the file is ${formatBytes(riffEnd)} long, but it is ${formatBytes(fileSize)}`,
    );
  }

  if (format && data) buildStream(header, format, data, fileSize, ds64);
}

/**
 * Plain WAV `data` sizes that writers get wrong in known ways. Returns the size to use.
 * 0xFFFFFFFF (a writer that streamed and never came back), 0 followed by audio (a writer that
 * crashed), and a size that wrapped past 4 GiB all mean: the audio runs to the end of the file.
 */
async function resolvePlainDataSize(
  header: HeaderDraft,
  pos: number,
  size32: number,
  remaining: number,
  chunkFollows: () => Promise<boolean>,
): Promise<number> {
  if (size32 === remaining || size32 + 1 === remaining) return size32;
  if (size32 === SIZE_UNKNOWN && remaining < SIZE_UNKNOWN) {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      pos + 4,
      `the data chunk at byte ${pos} does not give its size (0xFFFFFFFF); the audio was read to the end of the file`,
      'The writer did not finish the header; check that the mix plays to its end.',
    );
    return remaining;
  }
  if (size32 === 0 && remaining > 0 && !(await chunkFollows())) {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      pos + 4,
      `the data chunk at byte ${pos} declares 0 bytes, but ${formatBytes(remaining)} follow; the audio was read to the end of the file`,
      'The writer probably never finished the file; check that the mix plays to its end, or ask for it again.',
    );
    return remaining;
  }
  if (remaining > size32 && (remaining - size32) % FOUR_GIB === 0 && !(await chunkFollows())) {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      pos + 4,
      `the data chunk at byte ${pos} declares ${formatBytes(size32)}, a size that wrapped past 4 GiB; the audio was read to the end of the file (${formatBytes(remaining)})`,
      'Files over 4 GiB should be RF64 or BW64; ask the studio to export RF64 next time.',
    );
    return remaining;
  }
  return size32;
}

async function looksLikeChunkAt(source: FileSource, pos: number): Promise<boolean> {
  if (pos + 8 > source.size) return pos >= source.size - 1;
  return isPrintableFourCc(await source.read(pos, 4), 0);
}

async function readDs64(
  source: FileSource,
  header: HeaderDraft,
  pos: number,
  start: number,
  size: number,
): Promise<Ds64Chunk | undefined> {
  if (size < 28) {
    addProblem(
      header,
      'invalid-format',
      'error',
      pos,
      `the ds64 chunk at byte ${pos} has ${formatBytes(size)}; it needs at least 28`,
    );
    return undefined;
  }
  const bytes = await source.read(start, Math.min(size, MAX_METADATA_BYTES));
  const u64 = (at: number): number =>
    bytes.readUInt32LE(at) + bytes.readUInt32LE(at + 4) * FOUR_GIB;
  const tableLength = bytes.readUInt32LE(24);
  const table: Ds64Chunk['table'] = [];
  for (let i = 0; i < tableLength && 28 + i * 12 + 12 <= bytes.length; i++) {
    const at = 28 + i * 12;
    table.push({ id: fourCc(bytes, at), size: u64(at + 4) });
  }
  const ds64 = { offset: pos, riffSize: u64(0), dataSize: u64(8), sampleCount: u64(16), table };
  const largest = Math.max(ds64.riffSize, ds64.dataSize, ...table.map((t) => t.size));
  if (!Number.isSafeInteger(largest)) {
    addProblem(
      header,
      'invalid-format',
      'error',
      pos,
      `the ds64 chunk at byte ${pos} declares sizes beyond 8 PiB, which no audio file has`,
    );
    return undefined;
  }
  return ds64;
}

async function readFormat(
  source: FileSource,
  header: HeaderDraft,
  pos: number,
  start: number,
  size: number,
): Promise<WavFormat | undefined> {
  if (size < 16) {
    addProblem(
      header,
      'invalid-format',
      'error',
      pos,
      `the 'fmt ' chunk at byte ${pos} has ${formatBytes(size)}; a format description needs at least 16`,
    );
    return undefined;
  }
  const bytes = await source.read(start, Math.min(size, 64));
  const formatTag = bytes.readUInt16LE(0);
  const format: WavFormat = {
    offset: pos,
    formatTag,
    formatTagName: tagName(formatTag),
    channels: bytes.readUInt16LE(2),
    sampleRate: bytes.readUInt32LE(4),
    byteRate: bytes.readUInt32LE(8),
    blockAlign: bytes.readUInt16LE(12),
    bitsPerSample: bytes.readUInt16LE(14),
  };
  if (formatTag === 0xfffe) {
    if (bytes.length < 40) {
      addProblem(
        header,
        'invalid-format',
        'error',
        pos,
        `the 'fmt ' chunk at byte ${pos} says WAVE_FORMAT_EXTENSIBLE but has ${formatBytes(size)}, not the 40 that needs`,
      );
      return format;
    }
    const guid = readGuid(bytes, 24);
    format.extensible = {
      validBitsPerSample: bytes.readUInt16LE(18),
      channelMask: bytes.readUInt32LE(20),
      subFormat: guid,
      subFormatTag: guid.endsWith(STANDARD_GUID_TAIL) ? bytes.readUInt32LE(24) : undefined,
    };
  }
  return format;
}

/** A GUID as written in WAV (first three groups little-endian), in its usual text form. */
function readGuid(bytes: Buffer, at: number): string {
  const hex = (from: number, to: number): string => bytes.subarray(from, to).toString('hex');
  const d1 = bytes.readUInt32LE(at).toString(16).padStart(8, '0');
  const d2 = bytes
    .readUInt16LE(at + 4)
    .toString(16)
    .padStart(4, '0');
  const d3 = bytes
    .readUInt16LE(at + 6)
    .toString(16)
    .padStart(4, '0');
  return `${d1}-${d2}-${d3}-${hex(at + 8, at + 10)}-${hex(at + 10, at + 16)}`;
}

async function readBextChunk(
  source: FileSource,
  header: HeaderDraft,
  pos: number,
  start: number,
  size: number,
  sampleRate: number | undefined,
): Promise<void> {
  if (size < BEXT_MIN_BYTES) {
    addProblem(
      header,
      'invalid-format',
      'warning',
      pos,
      `the bext chunk at byte ${pos} has ${formatBytes(size)}, too few for its fields (${BEXT_FIXED_BYTES}); it was ignored`,
    );
    return;
  }
  const bytes = await source.read(start, Math.min(size, BEXT_FIXED_BYTES + MAX_METADATA_BYTES));
  header.bext = parseBext(bytes, pos, sampleRate);
}

async function readList(
  source: FileSource,
  header: HeaderDraft,
  pos: number,
  start: number,
  size: number,
): Promise<void> {
  if (size < 4) return;
  const type = fourCc(await source.read(start, 4), 0);
  const entry = header.chunks[header.chunks.length - 1];
  if (entry) entry.listType = type;
  if (type !== 'INFO' || header.info) return;
  const wanted = Math.min(size, MAX_METADATA_BYTES);
  const bytes = await source.read(start, wanted);
  const { tags, brokenAt } = parseInfoList(bytes, start, pos);
  header.info = tags;
  if (brokenAt !== undefined && wanted === size) {
    addProblem(
      header,
      'invalid-chunk',
      'warning',
      brokenAt,
      `the LIST/INFO chunk at byte ${pos} is malformed at byte ${brokenAt}; the tags after it were ignored`,
    );
  }
}

/** Bytes and valid bits per sample of a PCM format, or what makes the format impossible. */
function pcmLayout(
  format: WavFormat,
  isFloat: boolean,
): { bytesPerSample: number; validBits: number } | string {
  const { channels, sampleRate, blockAlign } = format;
  if (channels === 0) return 'the format description says 0 channels';
  if (sampleRate === 0) return 'the format description says a sample rate of 0 Hz';
  if (blockAlign === 0 || blockAlign % channels !== 0) {
    return `the block size (${blockAlign} bytes per frame) is not a whole number of bytes for each of the ${channels} channels`;
  }
  const bytesPerSample = blockAlign / channels;
  const containerBits = bytesPerSample * 8;
  const validBits = format.extensible?.validBitsPerSample || format.bitsPerSample;
  if (validBits === 0 || validBits > containerBits || format.bitsPerSample > containerBits) {
    return `${format.bitsPerSample} bits per sample${format.extensible ? ` (${validBits} valid)` : ''} do not fit in ${bytesPerSample} bytes per sample`;
  }
  if (isFloat && bytesPerSample !== 4 && bytesPerSample !== 8) {
    return `float samples of ${containerBits} bits; IEEE float samples have 32 or 64 bits`;
  }
  return { bytesPerSample, validBits };
}

function buildStream(
  header: HeaderDraft,
  format: WavFormat,
  data: { offset: number; start: number; size: number },
  fileSize: number,
  ds64: Ds64Chunk | undefined,
): void {
  const tag = format.extensible ? format.extensible.subFormatTag : format.formatTag;
  const tagText = format.extensible
    ? `WAVE_FORMAT_EXTENSIBLE with sub-format ${format.extensible.subFormat}`
    : `${format.formatTagName} (format tag 0x${format.formatTag.toString(16).padStart(4, '0')})`;
  if (tag !== undefined && LOSSY_TAGS.has(tag)) {
    header.codec = 'lossy';
    addProblem(
      header,
      'lossy',
      'warning',
      format.offset,
      `holds ${tagName(tag)} audio inside a WAV file: a lossy file is not a mix`,
      HINT_CONVERT,
    );
    return;
  }
  if (tag !== 1 && tag !== 3) {
    header.codec = 'other';
    addProblem(
      header,
      'unsupported-format',
      'error',
      format.offset,
      `is coded as ${tagText}; tapeop reads integer PCM and IEEE float`,
      HINT_CONVERT,
    );
    return;
  }
  const isFloat = tag === 3;
  header.codec = isFloat ? 'pcm-float' : 'pcm-int';
  const layout = pcmLayout(format, isFloat);
  if (typeof layout === 'string') {
    addProblem(header, 'invalid-format', 'error', format.offset, layout);
    return;
  }
  const { channels, sampleRate, blockAlign } = format;
  const { bytesPerSample, validBits } = layout;
  const containerBits = bytesPerSample * 8;
  if (!isFloat && bytesPerSample > 4) {
    header.codec = 'other';
    addProblem(
      header,
      'unsupported-format',
      'error',
      format.offset,
      `holds ${containerBits}-bit integer samples; tapeop reads integer PCM up to 32 bits`,
      HINT_CONVERT,
    );
    return;
  }

  const dataLength = Math.min(data.size, fileSize - data.start);
  const frames = Math.floor(dataLength / blockAlign);
  const declaredFrames = Math.floor(data.size / blockAlign);
  if (data.size % blockAlign !== 0 && data.size <= fileSize - data.start) {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      data.offset,
      `the data chunk holds ${formatBytes(data.size)}, not a whole number of ${blockAlign}-byte frames; the last ${formatBytes(data.size % blockAlign)} were ignored`,
    );
  }
  if (ds64 && ds64.sampleCount !== 0 && ds64.sampleCount !== declaredFrames) {
    addProblem(
      header,
      'size-mismatch',
      'warning',
      ds64.offset,
      `the ds64 chunk counts ${ds64.sampleCount} frames, but the data chunk holds ${declaredFrames}; the data chunk was used`,
    );
  }
  const mask = format.extensible?.channelMask;
  const stream: PcmStream = {
    encoding: 'pcm',
    sampleRate,
    channels,
    sampleFormat: isFloat ? 'float' : bytesPerSample === 1 ? 'uint' : 'int',
    bitsPerSample: containerBits,
    validBitsPerSample: validBits,
    channelMask: mask ? mask : undefined,
    frames,
    declaredFrames,
    durationSec: frames / sampleRate,
    dataOffset: data.start,
    dataLength,
    byteOrder: 'little',
    bytesPerSample,
    blockAlign,
    declaredDataLength: data.size,
  };
  header.stream = stream;
}
