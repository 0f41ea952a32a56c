// Writers of real audio files for tests and benchmarks: WAV (PCM, float, extensible, BWF,
// RF64/BW64), AIFF/AIFF-C and FLAC (verbatim subframes). Each follows its specification so
// that sox, ffmpeg and flac read what they write; the tests check that with those tools.
import { createHash } from 'node:crypto';
import { writeExtendedFloat } from '../extended-float.js';
import { crc8, crc16 } from '../flac-frame.js';

export interface ToneOptions {
  sampleRate: number;
  channels: number;
  frames: number;
}

/** A deterministic test signal: a sine per channel, a little apart in pitch, at −6 dBFS. */
export function toneValue(frame: number, channel: number, sampleRate: number): number {
  return 0.5 * Math.sin((2 * Math.PI * (440 + 110 * channel) * frame) / sampleRate);
}

/** Interleaved samples as bytes: signed (or 8-bit unsigned) integers, or IEEE floats. */
export function pcmBytes(
  tone: ToneOptions,
  bytesPerSample: number,
  options: { float?: boolean; byteOrder?: 'little' | 'big'; unsigned8?: boolean } = {},
): Buffer {
  const { sampleRate, channels, frames } = tone;
  const out = Buffer.alloc(frames * channels * bytesPerSample);
  const little = (options.byteOrder ?? 'little') === 'little';
  let at = 0;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const v = toneValue(f, c, sampleRate);
      if (options.float) {
        if (bytesPerSample === 4) little ? out.writeFloatLE(v, at) : out.writeFloatBE(v, at);
        else little ? out.writeDoubleLE(v, at) : out.writeDoubleBE(v, at);
      } else if (bytesPerSample === 1 && options.unsigned8) {
        out[at] = Math.round(v * 127) + 128;
      } else {
        const max = 2 ** (bytesPerSample * 8 - 1) - 1;
        const int = Math.round(v * max);
        little ? out.writeIntLE(int, at, bytesPerSample) : out.writeIntBE(int, at, bytesPerSample);
      }
      at += bytesPerSample;
    }
  }
  return out;
}

/** A RIFF chunk: id, little-endian size, content and the pad byte after odd content. */
export function riffChunk(
  id: string,
  content: Buffer,
  options: { omitPad?: boolean } = {},
): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(content.length, 4);
  const pad = content.length & 1 && !options.omitPad ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([head, content, pad]);
}

export interface BextFields {
  description?: string;
  originator?: string;
  originatorReference?: string;
  originationDate?: string;
  originationTime?: string;
  timeReference?: number;
  version?: number;
  codingHistory?: string;
  loudness?: [number, number, number, number, number];
}

export function bextContent(fields: BextFields): Buffer {
  const history = Buffer.from(fields.codingHistory ?? '', 'latin1');
  const out = Buffer.alloc(602 + history.length);
  out.write(fields.description ?? '', 0, 256, 'latin1');
  out.write(fields.originator ?? '', 256, 32, 'latin1');
  out.write(fields.originatorReference ?? '', 288, 32, 'latin1');
  out.write(fields.originationDate ?? '', 320, 10, 'latin1');
  out.write(fields.originationTime ?? '', 330, 8, 'latin1');
  const reference = fields.timeReference ?? 0;
  out.writeUInt32LE(reference % 2 ** 32, 338);
  out.writeUInt32LE(Math.floor(reference / 2 ** 32), 342);
  out.writeUInt16LE(fields.version ?? 1, 346);
  fields.loudness?.forEach((value, i) => {
    out.writeInt16LE(Math.round(value * 100), 412 + i * 2);
  });
  history.copy(out, 602);
  return out;
}

export function infoList(tags: Record<string, string>): Buffer {
  const parts = Object.entries(tags).map(([id, text]) =>
    riffChunk(id, Buffer.from(`${text}\0`, 'latin1')),
  );
  return riffChunk('LIST', Buffer.concat([Buffer.from('INFO', 'latin1'), ...parts]));
}

export interface WavOptions extends Partial<ToneOptions> {
  /** Container bits per sample (8, 16, 24, 32, 64). Default 16. */
  bits?: number;
  float?: boolean;
  /** Write WAVE_FORMAT_EXTENSIBLE with these valid bits and speaker mask. */
  extensible?: { validBits?: number; channelMask?: number; subFormatTag?: number };
  /** Override the format tag (e.g. 2 for ADPCM). */
  formatTag?: number;
  bext?: BextFields;
  ixml?: string;
  info?: Record<string, string>;
  /** Chunks written before fmt (after ds64). */
  chunksBefore?: Buffer[];
  /** Chunks written after data. */
  chunksAfter?: Buffer[];
  /** Write RF64 or BW64 with a ds64 chunk and 0xFFFFFFFF sizes. */
  rf64?: 'RF64' | 'BW64';
}

export function wavFile(options: WavOptions = {}): Buffer {
  const tone = {
    sampleRate: options.sampleRate ?? 44100,
    channels: options.channels ?? 2,
    frames: options.frames ?? 4410,
  };
  const bits = options.bits ?? 16;
  const bytesPerSample = bits / 8;
  const samples = pcmBytes(tone, bytesPerSample, {
    float: options.float,
    unsigned8: bits === 8,
  });
  const blockAlign = bytesPerSample * tone.channels;
  const ext = options.extensible;
  const fmt = Buffer.alloc(ext ? 40 : options.float ? 18 : 16);
  const plainTag = options.float ? 3 : 1;
  fmt.writeUInt16LE(options.formatTag ?? (ext ? 0xfffe : plainTag), 0);
  fmt.writeUInt16LE(tone.channels, 2);
  fmt.writeUInt32LE(tone.sampleRate, 4);
  fmt.writeUInt32LE(tone.sampleRate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bits, 14);
  if (ext) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(ext.validBits ?? bits, 18);
    fmt.writeUInt32LE(ext.channelMask ?? 0, 20);
    fmt.writeUInt32LE(ext.subFormatTag ?? plainTag, 24);
    Buffer.from('00001000800000aa00389b71', 'hex').copy(fmt, 28);
  }
  const chunks = [
    ...(options.chunksBefore ?? []),
    riffChunk('fmt ', fmt),
    ...(options.bext ? [riffChunk('bext', bextContent(options.bext))] : []),
    ...(options.ixml ? [riffChunk('iXML', Buffer.from(options.ixml, 'utf8'))] : []),
  ];
  const data = riffChunk('data', samples);
  const after = [...(options.info ? [infoList(options.info)] : []), ...(options.chunksAfter ?? [])];
  const body = Buffer.concat([...chunks, data, ...after]);
  if (!options.rf64) {
    const head = Buffer.alloc(12);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(4 + body.length, 4);
    head.write('WAVE', 8, 'latin1');
    return Buffer.concat([head, body]);
  }
  const ds64 = rf64Ds64(12 + 36 + body.length - 8, samples.length, tone.frames);
  const file = Buffer.concat([rf64Head(options.rf64), ds64, body]);
  // The data chunk's 32-bit size defers to ds64.
  const dataAt = 12 + ds64.length + chunks.reduce((n, c) => n + c.length, 0);
  file.writeUInt32LE(0xffffffff, dataAt + 4);
  return file;
}

export function rf64Head(magic: 'RF64' | 'BW64'): Buffer {
  const head = Buffer.alloc(12);
  head.write(magic, 0, 'latin1');
  head.writeUInt32LE(0xffffffff, 4);
  head.write('WAVE', 8, 'latin1');
  return head;
}

/** A ds64 chunk (28 bytes of content, no table). */
export function rf64Ds64(riffSize: number, dataSize: number, sampleCount: number): Buffer {
  const content = Buffer.alloc(28);
  const u64 = (value: number, at: number): void => {
    content.writeUInt32LE(value % 2 ** 32, at);
    content.writeUInt32LE(Math.floor(value / 2 ** 32), at + 4);
  };
  u64(riffSize, 0);
  u64(dataSize, 8);
  u64(sampleCount, 16);
  return riffChunk('ds64', content);
}

export interface AiffOptions extends Partial<ToneOptions> {
  /** Sample size in bits (COMM). Default 16. */
  bits?: number;
  /** Write AIFF-C with this compression type ('NONE', 'sowt', 'fl32', 'fl64', ...). */
  compression?: string;
  name?: string;
  /** Override the frame count written in COMM. */
  commFrames?: number;
}

function iffChunk(id: string, content: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32BE(content.length, 4);
  return Buffer.concat([head, content, content.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

export function aiffFile(options: AiffOptions = {}): Buffer {
  const tone = {
    sampleRate: options.sampleRate ?? 44100,
    channels: options.channels ?? 2,
    frames: options.frames ?? 4410,
  };
  const bits = options.bits ?? 16;
  const type = options.compression;
  const float = type === 'fl32' || type === 'fl64';
  const bytesPerSample = type === 'fl64' ? 8 : type === 'fl32' ? 4 : Math.ceil(bits / 8);
  const samples = pcmBytes(tone, bytesPerSample, {
    float,
    byteOrder: type === 'sowt' ? 'little' : 'big',
  });
  const aifc = type !== undefined;
  const name = Buffer.from(options.name ?? (type === 'sowt' ? '' : 'not compressed'), 'latin1');
  const pstring = Buffer.concat([Buffer.from([name.length]), name]);
  const pstringPadded = pstring.length & 1 ? Buffer.concat([pstring, Buffer.alloc(1)]) : pstring;
  const comm = Buffer.alloc(18);
  comm.writeInt16BE(tone.channels, 0);
  comm.writeUInt32BE(options.commFrames ?? tone.frames, 2);
  comm.writeInt16BE(float ? bytesPerSample * 8 : bits, 6);
  writeExtendedFloat(tone.sampleRate).copy(comm, 8);
  const commContent = aifc
    ? Buffer.concat([comm, Buffer.from(type, 'latin1'), pstringPadded])
    : comm;
  const ssnd = Buffer.concat([Buffer.alloc(8), samples]);
  const chunks = [
    ...(aifc ? [iffChunk('FVER', Buffer.from([0xa2, 0x80, 0x51, 0x40]))] : []),
    iffChunk('COMM', commContent),
    iffChunk('NAME', Buffer.from('Test Tone', 'latin1')),
    iffChunk('SSND', ssnd),
  ];
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('FORM', 0, 'latin1');
  head.writeUInt32BE(4 + body.length, 4);
  head.write(aifc ? 'AIFC' : 'AIFF', 8, 'latin1');
  return Buffer.concat([head, body]);
}

export interface FlacOptions extends Partial<ToneOptions> {
  /** 8, 16 or 24. Default 16. */
  bits?: number;
  blockSize?: number;
  vorbisComment?: Record<string, string>;
  /** Write 0 as the total sample count (an encoder that did not know it). */
  unknownLength?: boolean;
}

export interface FlacFile {
  bytes: Buffer;
  /** Byte offset of each frame, in order; the last entry is the end of the last frame. */
  frameOffsets: number[];
  md5: string;
}

/** A FLAC file with VERBATIM subframes: valid FLAC that any decoder reads, simple to write. */
export function flacFile(options: FlacOptions = {}): FlacFile {
  const tone = {
    sampleRate: options.sampleRate ?? 44100,
    channels: options.channels ?? 2,
    frames: options.frames ?? 4410,
  };
  const bits = options.bits ?? 16;
  const bytesPerSample = bits / 8;
  const blockSize = options.blockSize ?? 1152;
  const samples = pcmBytes(tone, bytesPerSample, { byteOrder: 'little' });
  const md5 = createHash('md5').update(samples).digest('hex');
  const sizeCode = { 8: 1, 16: 4, 24: 6 }[bits] ?? 0;

  const frames: Buffer[] = [];
  for (let first = 0, number = 0; first < tone.frames; first += blockSize, number++) {
    const count = Math.min(blockSize, tone.frames - first);
    const headBytes = [0xff, 0xf8, (7 << 4) | 0, ((tone.channels - 1) << 4) | (sizeCode << 1)];
    headBytes.push(...utf8Number(number), (count - 1) >> 8, (count - 1) & 0xff);
    const head = Buffer.from(headBytes);
    const crc = Buffer.from([crc8(head, 0, head.length)]);
    const sub: Buffer[] = [];
    for (let c = 0; c < tone.channels; c++) {
      const channel = Buffer.alloc(1 + count * bytesPerSample);
      channel[0] = 0x02; // VERBATIM
      for (let i = 0; i < count; i++) {
        const at = ((first + i) * tone.channels + c) * bytesPerSample;
        channel.writeIntBE(
          samples.readIntLE(at, bytesPerSample),
          1 + i * bytesPerSample,
          bytesPerSample,
        );
      }
      sub.push(channel);
    }
    const frame = Buffer.concat([head, crc, ...sub]);
    const tail = Buffer.alloc(2);
    tail.writeUInt16BE(crc16(frame, 0, frame.length), 0);
    frames.push(Buffer.concat([frame, tail]));
  }

  const info = Buffer.alloc(34);
  info.writeUInt16BE(blockSize, 0);
  info.writeUInt16BE(blockSize, 2);
  info.writeUIntBE(Math.min(...frames.map((f) => f.length)), 4, 3);
  info.writeUIntBE(Math.max(...frames.map((f) => f.length)), 7, 3);
  const total = options.unknownLength ? 0 : tone.frames;
  info[10] = (tone.sampleRate >> 12) & 0xff;
  info[11] = (tone.sampleRate >> 4) & 0xff;
  info[12] = ((tone.sampleRate & 0x0f) << 4) | ((tone.channels - 1) << 1) | ((bits - 1) >> 4);
  info[13] = (((bits - 1) & 0x0f) << 4) | Math.floor(total / 2 ** 32);
  info.writeUInt32BE(total % 2 ** 32, 14);
  Buffer.from(md5, 'hex').copy(info, 18);

  const blocks: Buffer[] = [info];
  const types = [0];
  if (options.vorbisComment) {
    blocks.push(vorbisComment(options.vorbisComment));
    types.push(4);
  }
  const metadata = blocks.map((content, i) => {
    const head = Buffer.alloc(4);
    head[0] = types[i]! | (i === blocks.length - 1 ? 0x80 : 0);
    head.writeUIntBE(content.length, 1, 3);
    return Buffer.concat([head, content]);
  });
  const prefix = Buffer.concat([Buffer.from('fLaC', 'latin1'), ...metadata]);
  const frameOffsets = [prefix.length];
  for (const f of frames) frameOffsets.push(frameOffsets[frameOffsets.length - 1]! + f.length);
  return { bytes: Buffer.concat([prefix, ...frames]), frameOffsets, md5 };
}

function vorbisComment(fields: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n, 0);
    return b;
  };
  const vendor = Buffer.from('tapeop tests', 'utf8');
  parts.push(u32(vendor.length), vendor, u32(Object.keys(fields).length));
  for (const [key, value] of Object.entries(fields)) {
    const field = Buffer.from(`${key}=${value}`, 'utf8');
    parts.push(u32(field.length), field);
  }
  return Buffer.concat(parts);
}

/** FLAC's UTF-8-like coding of frame numbers. */
function utf8Number(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  let value = n;
  let length = 2;
  while (value >= 2 ** (5 * length + 1)) length++;
  for (let i = 0; i < length - 1; i++) {
    out.unshift(0x80 | (value & 0x3f));
    value = Math.floor(value / 64);
  }
  out.unshift(((0xff << (8 - length)) & 0xff) | value);
  return out;
}
