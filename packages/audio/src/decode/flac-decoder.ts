import { closeSync, openSync, readSync } from 'node:fs';
import { TapeopError } from '@tapeop/core';
import type { DecodableAudioHeader } from '@tapeop/session';
import { KernelEngine } from '../wasm/kernel-engine.js';
import { BLOCK_FRAMES, type BlockDecoder, type NonFiniteReport } from './block-decoder.js';
import { FLAC_MAX_BITS, FlacFrameDecoder, FlacFrameError } from './flac-frame-decoder.js';

const READ_BYTES = 1 << 20;
/** Bytes after the file buffer that the bit readers may touch past its end. */
const SLACK = 64;

/**
 * Streams a FLAC file with tapeop's own frame decoder (flac-frame-decoder.ts: every subframe
 * type, Rice residuals, stereo decorrelation, each frame's CRC-16 checked), verified sample
 * for sample against the reference `flac -d` in the tests. Frames follow one another: each
 * must start at the sample where the previous one ended. The file is read 1 MiB at a time;
 * decoded audio goes block by block into the engine, as codes / 2^(bits−1) like the WAV path,
 * so a FLAC and a WAV of the same audio measure identically.
 */
export class FlacDecoder implements BlockDecoder {
  readonly header: DecodableAudioHeader;
  readonly engine: KernelEngine;
  readonly nonFinite: NonFiniteReport = { count: 0, firstFrame: null };
  position = 0;
  private readonly fd: number;
  private readonly frames: FlacFrameDecoder;
  // The file bytes live in WebAssembly memory (the kernels read them there), in the engine's
  // raw area: buffer[start, end) is the file from byte bufferOffset + start.
  private readonly buffer: Uint8Array;
  private readonly bufferAddress: number;
  private start = 0;
  private end = 0;
  private bufferOffset: number;
  private fileOffset: number;
  private eof = false;
  private nextSample = 0;
  private readonly fixedBlocks: boolean;
  /** Bytes that hold any frame of this stream (STREAMINFO's largest frame when it says). */
  private readonly frameHint: number;
  private readonly promised: number;
  private readonly scale: number;
  // The decoded frame being handed out: samples [frameOffset, frameLength) are still to give.
  private frameOffset = 0;
  private frameLength = 0;
  private closed = false;

  constructor(header: DecodableAudioHeader) {
    if (header.stream.encoding !== 'flac') throw new Error('FlacDecoder needs a FLAC stream');
    this.header = header;
    const info = header.flac;
    const { channels, bitsPerSample } = header.stream;
    if (bitsPerSample > FLAC_MAX_BITS) {
      throw new TapeopError(
        'UNSUPPORTED',
        `${header.path}: FLAC of ${bitsPerSample} bits per sample is not supported (up to ${FLAC_MAX_BITS})`,
        { details: { path: header.path, bitsPerSample } },
      );
    }
    const facts = {
      sampleRate: header.stream.sampleRate,
      channels,
      bitsPerSample,
      maxBlockSize: info?.maxBlockSize ?? 0,
    };
    // Room for one read and the largest frame the stream can have (twice a verbatim frame).
    const largestFrame = 2 * Math.ceil(((facts.maxBlockSize || 65535) * channels * 33) / 8) + 64;
    const bufferBytes = READ_BYTES + largestFrame;
    const rawBytes = bufferBytes + SLACK + FlacFrameDecoder.workBytes(facts);
    this.engine = new KernelEngine(channels, BLOCK_FRAMES, Math.ceil(rawBytes / BLOCK_FRAMES));
    this.bufferAddress = this.engine.rawAddress;
    this.buffer = new Uint8Array(this.engine.memory.buffer, this.bufferAddress, bufferBytes);
    this.frames = new FlacFrameDecoder(
      facts,
      this.engine,
      this.bufferAddress + bufferBytes + SLACK,
    );
    this.fixedBlocks = facts.maxBlockSize > 0;
    this.frameHint = Math.min(largestFrame, info?.maxFrameSize || largestFrame);
    this.promised = info?.totalSamples ?? 0;
    this.scale = 2 ** -(bitsPerSample - 1);
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
    const { engine } = this;
    const channels = this.header.stream.channels;
    let filled = 0;
    while (filled < BLOCK_FRAMES) {
      if (this.frameOffset === this.frameLength && !this.decodeFrame()) break;
      const take = Math.min(this.frameLength - this.frameOffset, BLOCK_FRAMES - filled);
      for (let c = 0; c < channels; c++) {
        engine.exports.i32_to_f32(
          this.frames.channelAddress[c]! + 4 * this.frameOffset,
          engine.channelAddress[c]! + 4 * filled,
          take,
          this.scale,
        );
      }
      filled += take;
      this.frameOffset += take;
    }
    if (filled === 0) {
      this.checkLength();
      return 0;
    }
    this.position += filled;
    return filled;
  }

  /** Decodes the next frame; false at the end of the stream. */
  private decodeFrame(): boolean {
    for (;;) {
      if (this.promised > 0 && this.nextSample >= this.promised) return false; // (a tag may follow)
      // Read on before a frame that may not be whole yet (an exception per refill is costly).
      if (this.end - this.start < this.frameHint && !this.eof) {
        this.fill();
        continue;
      }
      if (this.start === this.end) return false;
      try {
        const frame = this.frames.decode(this.bufferAddress, this.buffer, this.start, this.end);
        if (frame.header.firstSample !== this.nextSample && this.fixedBlocks) {
          throw new FlacFrameError(
            `the frame starts at sample ${frame.header.firstSample} instead of ${this.nextSample}`,
          );
        }
        this.start += frame.bytes;
        this.nextSample += frame.header.blockSize;
        this.frameOffset = 0;
        this.frameLength = frame.header.blockSize;
        return true;
      } catch (error) {
        if (!(error instanceof FlacFrameError)) throw error;
        if (error.needMore && !this.eof) {
          this.fill();
          continue;
        }
        throw this.damaged(
          this.start,
          error.needMore ? 'the file ends inside the frame' : error.message,
        );
      }
    }
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
    const room = Math.min(READ_BYTES, this.buffer.length - this.end);
    if (room === 0) {
      throw this.damaged(
        0,
        `a frame longer than ${this.buffer.length} bytes, more than its block size allows`,
      );
    }
    const n = readSync(this.fd, this.buffer, this.end, room, this.fileOffset);
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

  private checkLength(): void {
    if (this.promised > 0 && this.position !== this.promised) {
      throw new TapeopError(
        'PARSE_ERROR',
        `${this.header.path} decodes to ${this.position} frames but its STREAMINFO promises ${this.promised}; the audio ends at byte ${this.fileOffset}`,
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
  }
}
