/// <reference path="./webassembly.d.ts" />
// (The reference lets packages that typecheck these sources through the source condition see the declarations.)
import { buildKernelModule } from './kernels.js';

/** Samples of history kept before each channel's block, for the true-peak FIR (11 needed). */
export const HISTORY = 16;
/** Bytes of slack after every buffer: the kernels work in groups of 4 samples and may over-read. */
const SLACK = 64;

interface KernelExports {
  s16le_stereo(src: number, left: number, right: number, groups: number): void;
  s16le_mono(src: number, left: number, groups: number): void;
  s24le_stereo(src: number, left: number, right: number, groups: number): void;
  s24le_mono(src: number, left: number, groups: number): void;
  f32le_stereo(src: number, left: number, right: number, groups: number): number;
  f32le_mono(src: number, left: number, groups: number): number;
  channel_stats(p: number, n: number, clip: number, out: number): void;
  stereo_stats(a: number, b: number, n: number, clip: number, out: number): void;
  clip_runs(
    p: number,
    n: number,
    clip: number,
    minRun: number,
    state: number,
    out: number,
    maxOut: number,
  ): number;
  kweight_pair(a: number, b: number, n: number, coef: number, state: number, out: number): void;
  kweight_one(a: number, n: number, coef: number, state: number, out: number): void;
  true_peak_4x(p: number, n: number, peak: number): number;
  true_peak_2x(p: number, n: number, peak: number): number;
  flac_residual(
    src: number,
    state: number,
    out: number,
    n: number,
    order: number,
    partitionOrder: number,
    parameterBits: number,
  ): number;
  crc16(p: number, n: number, tables: number): number;
  i32_to_f32(src: number, dst: number, n: number, scale: number): void;
  [lpc: `flac_lpc_${number}`]: (
    out: number,
    n: number,
    coefficients: number,
    shift: number,
  ) => void;
}

let compiled: WebAssembly.Module | undefined;

/** The compiled kernel module, assembled and compiled once per thread. */
function kernelModule(): WebAssembly.Module {
  // (The module's bytes live in a plain ArrayBuffer; saying so lets the sources typecheck under the DOM
  // library too, as they are when the panel checks the hub's types.)
  compiled ??= new WebAssembly.Module(buildKernelModule() as Uint8Array<ArrayBuffer>);
  return compiled;
}

const align = (n: number) => Math.ceil(n / 16) * 16;

/**
 * One instance of the kernels with its memory laid out for `channels` channels and blocks of up
 * to `blockFrames` frames:
 *
 *   scratch (128 B) · K-weighting coefficients (80 B, then 160 B the kernels fill with their
 *   f64x2 splats) · K-weighting state (96 B per channel) ·
 *   per channel [history 16 f32 · block · slack] · raw input bytes ·
 *   clipping: per channel the open run (8 B), then the runs of one block (i32 start, length)
 *
 * Everything a decoder or meter touches in the hot path lives here, so a block never leaves
 * WebAssembly memory between reading the file and the last measurement.
 */
export class KernelEngine {
  readonly channels: number;
  readonly blockFrames: number;
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly scratch = 0;
  readonly coefficients = 128;
  readonly kState = 368;
  /** Byte address of sample 0 of each channel's block. */
  readonly channelAddress: number[];
  /** Byte address and capacity of the raw input bytes. */
  readonly rawAddress: number;
  readonly rawCapacity: number;
  /** Byte address of each channel's clipping-run state (i32 open run, i32 runs counted). */
  readonly clipState: number[];
  /** Byte address and capacity (in runs) of the list of runs of one block. */
  readonly clipRuns: number;
  readonly clipRunCapacity: number;
  private readonly channelStride: number;

  constructor(channels: number, blockFrames: number, maxBytesPerFrame: number) {
    if (blockFrames % 4 !== 0) throw new Error('blockFrames must be a multiple of 4');
    this.channels = channels;
    this.blockFrames = blockFrames;
    const planarStart = align(this.kState + 96 * channels);
    this.channelStride = align(HISTORY * 4 + blockFrames * 4 + SLACK);
    this.channelAddress = Array.from(
      { length: channels },
      (_, c) => planarStart + c * this.channelStride + HISTORY * 4,
    );
    this.rawAddress = align(planarStart + channels * this.channelStride);
    this.rawCapacity = blockFrames * maxBytesPerFrame;
    const clipStart = align(this.rawAddress + this.rawCapacity + SLACK);
    this.clipState = Array.from({ length: channels }, (_, c) => clipStart + 8 * c);
    this.clipRuns = align(clipStart + 8 * channels);
    // A block holds at most blockFrames / 2 + 1 runs (each needs a sample outside it).
    this.clipRunCapacity = blockFrames / 2 + 1;
    const bytes = this.clipRuns + 8 * this.clipRunCapacity;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
  }

  /** The block of channel c, `frames` long, as a view (valid until the next block). */
  channel(c: number, frames = this.blockFrames): Float32Array {
    return new Float32Array(this.memory.buffer, this.channelAddress[c], frames);
  }

  /** Channel c's block with its history in front: index HISTORY is sample 0. */
  channelWithHistory(c: number): Float32Array {
    return new Float32Array(
      this.memory.buffer,
      (this.channelAddress[c] ?? 0) - HISTORY * 4,
      HISTORY + this.blockFrames + 4,
    );
  }

  raw(length = this.rawCapacity): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.rawAddress, length);
  }

  f64(address: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, address, length);
  }

  /** Clears the history and the K-weighting state (a new file). */
  reset(): void {
    for (let c = 0; c < this.channels; c++) this.channelWithHistory(c).fill(0);
    this.f64(this.kState, 12 * this.channels).fill(0);
    for (const address of this.clipState) new Int32Array(this.memory.buffer, address, 2).fill(0);
  }

  /** Moves the last HISTORY samples of a block of `frames` in front of the next block. */
  keepHistory(frames: number): void {
    for (let c = 0; c < this.channels; c++) {
      const view = this.channelWithHistory(c);
      view.copyWithin(0, frames, frames + HISTORY);
    }
  }
}
