import { closeSync, openSync, readSync } from 'node:fs';
import { TapeopError } from '@tapeop/core';
import {
  type DecodableAudioHeader,
  type FlacStreamFacts,
  parseFlacFrameHeader,
} from '@tapeop/session';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { KernelEngine } from '../wasm/kernel-engine.js';
import { BLOCK_FRAMES, type BlockDecoder, type NonFiniteReport } from './block-decoder.js';

const READ_BYTES = 1 << 20;
/** Frames handed to the decoder per call (fewer calls into WebAssembly). */
const FRAMES_PER_CALL = 64;

/**
 * Streams a FLAC file through @wasm-audio-decoders/flac (libFLAC compiled to WebAssembly,
 * which verifies every frame's CRC-16). The frames are cut here, with @tapeop/session's frame
 * header parser (sync code, fields and CRC-8 checked, and each frame must start at the sample
 * where the previous one ended), because the library's own parser drops the last frame.
 * The file is read 1 MiB at a time; decoded audio goes block by block into the engine.
 */
export class FlacDecoder implements BlockDecoder {
  readonly header: DecodableAudioHeader;
  readonly engine: KernelEngine;
  readonly nonFinite: NonFiniteReport = { count: 0, firstFrame: null };
  position = 0;
  private readonly fd: number;
  private readonly decoder = new FLACDecoder();
  private readonly facts: FlacStreamFacts;
  // Undecoded bytes: buffer[start, end) is the file from byte bufferOffset + start.
  private buffer = new Uint8Array(2 * READ_BYTES);
  private start = 0;
  private end = 0;
  private bufferOffset: number;
  private fileOffset: number;
  private eof = false;
  private nextSample = 0;
  private framesGiven = 0;
  private closed = false;
  // libFLAC's float output divides by 2^(bits−1) − 1; the codes are restored and divided by
  // 2^(bits−1) (the rescale_codes kernel), so that FLAC and WAV of the same audio measure
  // identically.
  private readonly codeScale: number;
  private readonly fullScale: number;
  // Decoded audio waiting to be handed out: one array per channel per decode call.
  private readonly pending: Float32Array[][] = [];
  private pendingOffset = 0;
  private pendingFrames = 0;

  constructor(header: DecodableAudioHeader, engine?: KernelEngine) {
    if (header.stream.encoding !== 'flac') throw new Error('FlacDecoder needs a FLAC stream');
    this.header = header;
    this.engine = engine ?? new KernelEngine(header.stream.channels, BLOCK_FRAMES, 0);
    const info = header.flac;
    this.facts = {
      sampleRate: header.stream.sampleRate,
      channels: header.stream.channels,
      bitsPerSample: header.stream.bitsPerSample,
      maxBlockSize: info?.maxBlockSize ?? 0,
    };
    this.codeScale = 2 ** (header.stream.bitsPerSample - 1) - 1;
    this.fullScale = 2 ** (header.stream.bitsPerSample - 1);
    this.fileOffset = header.stream.dataOffset;
    this.bufferOffset = this.fileOffset;
    try {
      this.fd = openSync(header.path, 'r');
    } catch (error) {
      throw new TapeopError('FILE_UNREADABLE', `${header.path} cannot be opened for decoding`, {
        details: { path: header.path },
        cause: error,
      });
    }
  }

  async next(): Promise<number> {
    if (this.closed) return 0;
    await this.decoder.ready;
    while (this.pendingFrames < BLOCK_FRAMES && !(this.eof && this.start === this.end)) {
      await this.decodeMore();
    }
    const frames = Math.min(BLOCK_FRAMES, this.pendingFrames);
    if (frames === 0) {
      this.checkLength();
      return 0;
    }
    const channels = this.header.stream.channels;
    let filled = 0;
    while (filled < frames) {
      const chunk = this.pending[0]!;
      const available = chunk[0]!.length - this.pendingOffset;
      const take = Math.min(available, frames - filled);
      for (let c = 0; c < channels; c++) {
        this.engine
          .channel(c, frames)
          .set(chunk[c]!.subarray(this.pendingOffset, this.pendingOffset + take), filled);
      }
      filled += take;
      this.pendingOffset += take;
      if (this.pendingOffset === chunk[0]!.length) {
        this.pending.shift();
        this.pendingOffset = 0;
      }
    }
    for (let c = 0; c < channels; c++) {
      this.engine.exports.rescale_codes(
        this.engine.channelAddress[c]!,
        Math.ceil(frames / 4) * 4,
        this.codeScale,
        1 / this.fullScale,
      );
    }
    this.pendingFrames -= frames;
    this.position += frames;
    return frames;
  }

  /** Reads more of the file into the buffer, keeping the bytes not yet decoded. */
  private fill(): void {
    if (this.eof) return;
    if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.bufferOffset += this.start;
      this.end -= this.start;
      this.start = 0;
    }
    if (this.buffer.length - this.end < READ_BYTES) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer.subarray(0, this.end));
      this.buffer = grown;
    }
    const n = readSync(this.fd, this.buffer, this.end, READ_BYTES, this.fileOffset);
    if (n === 0) this.eof = true;
    this.end += n;
    this.fileOffset += n;
  }

  private damaged(at: number, reason: string): TapeopError {
    const offset = this.bufferOffset + at;
    return new TapeopError(
      'PARSE_ERROR',
      `${this.header.path} has a damaged FLAC frame at byte ${offset} (sample ${this.nextSample}): ${reason}`,
      {
        details: { path: this.header.path, offset, sample: this.nextSample },
        hint: 'Check it with `flac -t`, then ask for the file again.',
      },
    );
  }

  /** Where the frame that starts at `at` ends: the next header that continues the stream. */
  private frameEnd(at: number, blockSize: number): number | undefined {
    const expected = this.nextSample + blockSize;
    let search = at + 2;
    for (;;) {
      const sync = this.buffer.indexOf(0xff, search);
      if (sync < 0 || sync >= this.end) break;
      if (sync + 16 > this.end && !this.eof) return undefined; // header may straddle the buffer
      const next = parseFlacFrameHeader(this.buffer.subarray(0, this.end), sync, this.facts);
      if (next && next.firstSample === expected) return sync;
      search = sync + 1;
    }
    return this.eof ? this.end : undefined;
  }

  private async decodeMore(): Promise<void> {
    const frames: Uint8Array[] = [];
    const offsets: number[] = [];
    while (frames.length < FRAMES_PER_CALL) {
      if (this.start === this.end) {
        if (this.eof) break;
        this.fill();
        continue;
      }
      const view = this.buffer.subarray(0, this.end);
      const frame = parseFlacFrameHeader(view, this.start, this.facts);
      if (!frame) {
        if (this.end - this.start < 16 && !this.eof) {
          this.fill();
          continue;
        }
        throw this.damaged(this.start, 'no valid frame header where the previous frame ended');
      }
      if (frame.firstSample !== this.nextSample && this.facts.maxBlockSize > 0) {
        throw this.damaged(
          this.start,
          `the frame starts at sample ${frame.firstSample} instead of ${this.nextSample}`,
        );
      }
      const frameEnd = this.frameEnd(this.start, frame.blockSize);
      if (frameEnd === undefined) {
        if (frames.length > 0) break; // decode what is cut, then read on
        this.fill();
        continue;
      }
      // A view, not a copy: the decoder copies it into its own memory before the next fill.
      frames.push(this.buffer.subarray(this.start, frameEnd));
      offsets.push(this.bufferOffset + this.start);
      this.start = frameEnd;
      this.nextSample += frame.blockSize;
    }
    if (frames.length === 0) return;
    const decoded = await this.decoder.decodeFrames(frames);
    const error = decoded.errors[0];
    if (error) {
      const index = Math.max(0, Math.min(frames.length - 1, error.frameNumber - this.framesGiven));
      const offset = offsets[index]!;
      throw new TapeopError(
        'PARSE_ERROR',
        `${this.header.path} has a damaged FLAC frame at byte ${offset}: ${error.message.replace(/^Error: /, '')}`,
        {
          details: { path: this.header.path, offset },
          hint: 'Check it with `flac -t`, then ask for the file again.',
        },
      );
    }
    this.framesGiven += frames.length;
    if (decoded.samplesDecoded > 0) {
      const count = decoded.samplesDecoded;
      this.pending.push(decoded.channelData.map((c) => c.subarray(0, count)));
      this.pendingFrames += count;
    }
  }

  private checkLength(): void {
    const promised = this.header.flac?.totalSamples ?? 0;
    if (promised > 0 && this.position !== promised) {
      throw new TapeopError(
        'PARSE_ERROR',
        `${this.header.path} decodes to ${this.position} frames but its STREAMINFO promises ${promised}; the audio ends at byte ${this.fileOffset}`,
        {
          details: { path: this.header.path, offset: this.fileOffset, frames: this.position },
          hint: 'The file is cut off or damaged; ask for it again.',
        },
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    await this.decoder.ready;
    this.decoder.free();
  }
}
