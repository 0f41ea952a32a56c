import type { DecodableAudioHeader } from '@tapeop/session';
import type { KernelEngine } from '../wasm/kernel-engine.js';

/** Frames per block: a multiple of 4 (the kernels' group), about 0.7 s at 48 kHz. */
export const BLOCK_FRAMES = 32_768;

/** Samples that were NaN or infinite in a floating-point file (replaced by 0 for measuring). */
export interface NonFiniteReport {
  count: number;
  /** The first frame that held one, or null when there were none. */
  firstFrame: number | null;
}

/**
 * Decodes a file block by block straight into a KernelEngine's channel buffers (planar f32,
 * full scale ±1). `next()` returns the frames of the next block, 0 at the end; every block but
 * the last is BLOCK_FRAMES long. The buffers are reused: a block is valid until the next call.
 */
export interface BlockDecoder {
  readonly header: DecodableAudioHeader;
  readonly engine: KernelEngine;
  /** Frames decoded so far. */
  readonly position: number;
  readonly nonFinite: NonFiniteReport;
  next(): Promise<number>;
  close(): Promise<void>;
}
