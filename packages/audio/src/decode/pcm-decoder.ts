import { closeSync, openSync, readSync } from 'node:fs';
import { TapeopError } from '@tapeop/core';
import type { DecodableAudioHeader, PcmStream } from '@tapeop/session';
import { KernelEngine } from '../wasm/kernel-engine.js';
import { BLOCK_FRAMES, type BlockDecoder, type NonFiniteReport } from './block-decoder.js';

type Fast = 's16le_stereo' | 's16le_mono' | 's24le_stereo' | 's24le_mono';
type FastFloat = 'f32le_stereo' | 'f32le_mono';

/** The SIMD kernel for the common layouts; everything else goes through the general loop. */
function fastKernel(stream: PcmStream): Fast | FastFloat | undefined {
  if (stream.byteOrder !== 'little' || stream.channels > 2) return undefined;
  const layout = stream.channels === 2 ? 'stereo' : 'mono';
  if (stream.sampleFormat === 'int' && stream.bytesPerSample === 2) return `s16le_${layout}`;
  if (stream.sampleFormat === 'int' && stream.bytesPerSample === 3) return `s24le_${layout}`;
  if (stream.sampleFormat === 'float' && stream.bytesPerSample === 4) return `f32le_${layout}`;
  return undefined;
}

/**
 * Streams the samples of a WAV, BWF, RF64/BW64, AIFF or AIFF-C file (integer 8-32 bits,
 * offset-binary 8 bits, float 32/64 bits, either byte order, any channel count) with
 * positional reads of one block at a time into WebAssembly memory. Never holds more than one
 * block of the file.
 */
export class PcmDecoder implements BlockDecoder {
  readonly header: DecodableAudioHeader;
  readonly engine: KernelEngine;
  readonly nonFinite: NonFiniteReport = { count: 0, firstFrame: null };
  position = 0;
  private readonly stream: PcmStream;
  private readonly fd: number;
  private readonly kernel: Fast | FastFloat | undefined;
  private closed = false;

  constructor(header: DecodableAudioHeader, engine?: KernelEngine) {
    if (header.stream.encoding !== 'pcm') throw new Error('PcmDecoder needs a PCM stream');
    this.header = header;
    this.stream = header.stream;
    this.engine =
      engine ?? new KernelEngine(this.stream.channels, BLOCK_FRAMES, this.stream.blockAlign);
    this.kernel = fastKernel(this.stream);
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
    const { stream, engine } = this;
    const frames = Math.min(BLOCK_FRAMES, stream.frames - this.position);
    if (frames <= 0 || this.closed) return 0;
    const bytes = frames * stream.blockAlign;
    const offset = stream.dataOffset + this.position * stream.blockAlign;
    const raw = engine.raw(bytes);
    let got = 0;
    while (got < bytes) {
      const n = readSync(this.fd, raw, got, bytes - got, offset + got);
      if (n === 0) {
        throw new TapeopError(
          'PARSE_ERROR',
          `${this.header.path} ends at byte ${offset + got}, inside its audio data (expected ${stream.dataOffset + stream.frames * stream.blockAlign} bytes of header and samples)`,
          {
            details: { path: this.header.path, offset: offset + got },
            hint: 'The file was cut off after it was scanned; ask for it again.',
          },
        );
      }
      got += n;
    }
    if (this.kernel) this.decodeFast(this.kernel, frames);
    else this.decodeGeneral(frames);
    this.position += frames;
    return frames;
  }

  private decodeFast(kernel: Fast | FastFloat, frames: number): void {
    const { engine } = this;
    const e = engine.exports;
    const groups = Math.ceil(frames / 4);
    const [left, right] = engine.channelAddress as [number, number | undefined];
    let bad = 0;
    switch (kernel) {
      case 's16le_stereo':
        e.s16le_stereo(engine.rawAddress, left, right!, groups);
        break;
      case 's24le_stereo':
        e.s24le_stereo(engine.rawAddress, left, right!, groups);
        break;
      case 's16le_mono':
        e.s16le_mono(engine.rawAddress, left, groups);
        break;
      case 's24le_mono':
        e.s24le_mono(engine.rawAddress, left, groups);
        break;
      case 'f32le_stereo':
        bad = e.f32le_stereo(engine.rawAddress, left, right!, groups);
        break;
      case 'f32le_mono':
        bad = e.f32le_mono(engine.rawAddress, left, groups);
        break;
    }
    // The kernels work in groups of 4 frames and may have read past the block's end.
    if (groups * 4 !== frames) bad -= this.uncountPastEnd(frames, groups * 4);
    if (bad > 0) this.noteNonFinite(bad, frames);
  }

  /** Non-finite values the float kernels counted in the bytes after the last frame. */
  private uncountPastEnd(frames: number, decoded: number): number {
    if (this.stream.sampleFormat !== 'float') return 0;
    const view = new DataView(this.engine.memory.buffer, this.engine.rawAddress);
    let count = 0;
    for (let i = frames * this.stream.channels; i < decoded * this.stream.channels; i++) {
      if (!Number.isFinite(view.getFloat32(i * 4, true))) count++;
    }
    return count;
  }

  private noteNonFinite(count: number, frames: number): void {
    this.nonFinite.count += count;
    if (this.nonFinite.firstFrame !== null) return;
    const { stream } = this;
    const view = new DataView(this.engine.memory.buffer, this.engine.rawAddress);
    const little = stream.byteOrder === 'little';
    for (let i = 0; i < frames * stream.channels; i++) {
      const value =
        stream.bytesPerSample === 4
          ? view.getFloat32(i * 4, little)
          : view.getFloat64(i * 8, little);
      if (!Number.isFinite(value)) {
        this.nonFinite.firstFrame = this.position + Math.floor(i / stream.channels);
        return;
      }
    }
  }

  /** Any layout the SIMD kernels do not cover, one sample at a time. */
  private decodeGeneral(frames: number): void {
    const { stream, engine } = this;
    const raw = engine.raw(frames * stream.blockAlign);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const little = stream.byteOrder === 'little';
    const width = stream.bytesPerSample;
    const channels = stream.channels;
    let bad = 0;
    for (let c = 0; c < channels; c++) {
      const out = engine.channel(c, frames);
      let at = c * width;
      const step = stream.blockAlign;
      if (stream.sampleFormat === 'float') {
        for (let i = 0; i < frames; i++, at += step) {
          const v = width === 4 ? view.getFloat32(at, little) : view.getFloat64(at, little);
          if (Number.isFinite(v)) out[i] = v;
          else {
            out[i] = 0;
            bad++;
          }
        }
      } else if (width === 1) {
        const offset = stream.sampleFormat === 'uint' ? 128 : 0;
        for (let i = 0; i < frames; i++, at += step) {
          const byte = raw[at]!;
          out[i] = (stream.sampleFormat === 'uint' ? byte - offset : (byte << 24) >> 24) / 128;
        }
      } else if (width === 2) {
        for (let i = 0; i < frames; i++, at += step) out[i] = view.getInt16(at, little) / 32768;
      } else if (width === 3) {
        for (let i = 0; i < frames; i++, at += step) {
          const v = little
            ? raw[at]! | (raw[at + 1]! << 8) | (raw[at + 2]! << 16)
            : raw[at + 2]! | (raw[at + 1]! << 8) | (raw[at]! << 16);
          out[i] = ((v << 8) >> 8) / 8388608;
        }
      } else if (width === 4) {
        for (let i = 0; i < frames; i++, at += step)
          out[i] = view.getInt32(at, little) / 2147483648;
      } else {
        throw new TapeopError(
          'UNSUPPORTED',
          `${this.header.path}: ${width * 8}-bit integer samples are not supported`,
          { details: { path: this.header.path, bitsPerSample: width * 8 } },
        );
      }
    }
    if (bad > 0) this.noteNonFinite(bad, frames);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
