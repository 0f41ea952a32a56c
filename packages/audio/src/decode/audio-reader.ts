import { TapeopError } from '@tapeop/core';
import {
  type AudioHeader,
  type DecodableAudioHeader,
  readAudioHeader,
  requireDecodable,
} from '@tapeop/session';
import { type ChannelRole, channelLayoutFromMask } from '../dsp/channel-weights.js';
import type { BlockDecoder, NonFiniteReport } from './block-decoder.js';
import { FlacDecoder } from './flac-decoder.js';
import { PcmDecoder } from './pcm-decoder.js';

/** The format facts of a decodable file, as every result reports them. */
export interface AudioFormat {
  /** 'wav', 'rf64', 'aiff', 'aifc', 'flac' (the session schema's words). */
  container: AudioHeader['container'];
  codec: AudioHeader['codec'];
  /** For people: 'WAV', 'Broadcast Wave (BWF)', 'RF64', 'AIFF-C (sowt)', 'FLAC', ... */
  formatName: string;
  sampleRate: number;
  channels: number;
  /** The bit depth that carries audio (valid bits). */
  bitsPerSample: number;
  sampleFormat: 'int' | 'float';
  frames: number;
  durationSec: number;
  /** Channel roles used for the loudness weights. */
  channelLayout: ChannelRole[];
  fileSize: number;
}

export function audioFormatOf(header: DecodableAudioHeader): AudioFormat {
  const s = header.stream;
  return {
    container: header.container,
    codec: header.codec,
    formatName: header.formatName,
    sampleRate: s.sampleRate,
    channels: s.channels,
    bitsPerSample: s.validBitsPerSample,
    sampleFormat: s.sampleFormat === 'float' ? 'float' : 'int',
    frames: s.frames,
    durationSec: s.durationSec,
    channelLayout: channelLayoutFromMask(s.channelMask ?? 0, s.channels),
    fileSize: header.fileSize,
  };
}

/** Reads the header with @tapeop/session and opens the right decoder. */
export async function openBlockDecoder(path: string): Promise<BlockDecoder> {
  const header = requireDecodable(await readAudioHeader(path));
  return header.stream.encoding === 'flac' ? new FlacDecoder(header) : new PcmDecoder(header);
}

/** One block of decoded audio: planar, ±1 full scale. */
export interface AudioBlock {
  /** Index of the block's first frame in the file. */
  startFrame: number;
  frames: number;
  /** One array per channel, `frames` long. Reused: valid until the next block is read. */
  channels: Float32Array[];
}

/** A streaming reader over one file. Iterate it with `for await`, or call `read()`. */
export interface AudioReader extends AsyncIterable<AudioBlock> {
  readonly path: string;
  readonly header: DecodableAudioHeader;
  readonly format: AudioFormat;
  /** NaN and infinite samples seen so far (float files); they are delivered as 0. */
  readonly nonFinite: NonFiniteReport;
  /** The next block, or null at the end of the file. */
  read(): Promise<AudioBlock | null>;
  close(): Promise<void>;
}

/**
 * Opens an audio file for streaming: WAV, BWF, RF64/BW64 (8-32-bit integer, 32/64-bit float,
 * WAVE_FORMAT_EXTENSIBLE), AIFF, AIFF-C and FLAC. Holds one block (32,768 frames) in memory,
 * whatever the file's size. Bad input throws TapeopError naming the file and byte offset.
 */
export async function openAudio(path: string): Promise<AudioReader> {
  const decoder = await openBlockDecoder(path);
  const format = audioFormatOf(decoder.header);
  let closed = false;
  const read = async (): Promise<AudioBlock | null> => {
    if (closed) throw new TapeopError('INVALID_ARGUMENT', `${path}: the reader is closed`);
    const startFrame = decoder.position;
    const frames = await decoder.next();
    if (frames === 0) return null;
    return {
      startFrame,
      frames,
      channels: Array.from({ length: format.channels }, (_, c) =>
        decoder.engine.channel(c, frames),
      ),
    };
  };
  const close = async () => {
    closed = true;
    await decoder.close();
  };
  return {
    path,
    header: decoder.header,
    format,
    get nonFinite() {
      return decoder.nonFinite;
    },
    read,
    close,
    async *[Symbol.asyncIterator]() {
      try {
        for (let block = await read(); block; block = await read()) yield block;
      } finally {
        await close();
      }
    },
  };
}
