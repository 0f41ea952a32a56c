// Decoding of one FLAC frame (RFC 9639 §9): subframes (CONSTANT, VERBATIM, FIXED, LPC), Rice
// residuals (both parameter widths, escaped partitions), wasted bits, the three stereo
// decorrelations, and the frame's CRC-16. The frame header is parsed by @tapeop/session and the
// subframe headers here; the residuals, the predictors and the CRC run as WebAssembly kernels
// (wasm/flac-kernels.ts) over the file bytes, which the caller keeps in the engine's memory.
// Samples are 32-bit integer codes with 64-bit prediction sums: exact up to 30 bits per sample
// (a side channel has one more).
import {
  crc16,
  type FlacFrameHeader,
  type FlacStreamFacts,
  parseFlacFrameHeader,
} from '@tapeop/session';
import type { KernelEngine } from '../wasm/kernel-engine.js';

/** Why a frame could not be decoded. `needMore`: the frame runs past the bytes given. */
export class FlacFrameError extends Error {
  constructor(
    message: string,
    readonly needMore = false,
  ) {
    super(message);
  }
}

const needMore = () => new FlacFrameError('the frame runs past the end of the data', true);

/** A big-endian bit reader over bytes[0, limit); reading past `limit` is caught per partition. */
class BitReader {
  bytes: Uint8Array = new Uint8Array(0);
  /** Position in bits from bytes[0]. */
  pos = 0;
  limitBits = 0;

  /** The next 32 bits (zeros past the array) without moving. */
  peek32(): number {
    const bytes = this.bytes;
    const i = this.pos >>> 3;
    const r = this.pos & 7;
    const word =
      ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    if (r === 0) return word;
    return ((word << r) | (bytes[i + 4]! >>> (8 - r))) >>> 0;
  }

  /** n bits (0-32) as an unsigned number. */
  read(n: number): number {
    if (n === 0) return 0;
    const value = this.peek32() >>> (32 - n);
    this.pos += n;
    return n === 32 ? value >>> 0 : value;
  }

  /** n bits (1-33) as a two's-complement signed number. */
  readSigned(n: number): number {
    if (n <= 32) {
      const value = this.read(n);
      return n === 32 ? value | 0 : value >= 2 ** (n - 1) ? value - 2 ** n : value;
    }
    const high = this.read(n - 32);
    const low = this.read(32);
    const value = high * 2 ** 32 + low;
    return value >= 2 ** (n - 1) ? value - 2 ** n : value;
  }

  /** A unary number: zeros up to a one (the one is consumed). */
  unary(): number {
    let zeros = 0;
    for (;;) {
      const word = this.peek32();
      if (word !== 0) {
        const z = Math.clz32(word);
        this.pos += z + 1;
        return zeros + z;
      }
      zeros += 32;
      this.pos += 32;
      if (this.pos > this.limitBits) throw needMore();
    }
  }

  check(): void {
    if (this.pos > this.limitBits) throw needMore();
  }
}

/** A decoded frame: `header.blockSize` codes per channel at the decoder's channelAddress. */
export interface DecodedFlacFrame {
  header: FlacFrameHeader;
  /** Bytes from the sync code to the end of the CRC-16. */
  bytes: number;
}

/** The deepest FLAC the decoder takes: its 32-bit sample arithmetic holds a 31-bit side channel. */
export const FLAC_MAX_BITS = 30;

const FIXED_COEFFICIENTS = [[], [1], [2, -1], [3, -3, 1], [4, -6, 4, -1]];

const align = (n: number) => Math.ceil(n / 16) * 16;

/**
 * Decodes the frames of one stream. The file bytes are in the engine's memory at a buffer the
 * caller owns; this decoder's work area (bit position, coefficients, CRC tables, one i32 array
 * of codes per channel) is `workBytes(facts)` bytes at `base`. The codes are valid until the
 * next frame.
 */
export class FlacFrameDecoder {
  /** Byte address of each channel's decoded codes (i32). */
  readonly channelAddress: number[];
  private readonly engine: KernelEngine;
  private readonly facts: FlacStreamFacts;
  private readonly blockCapacity: number;
  private readonly state: number;
  private readonly coefficientAddress: number;
  private readonly tables: number;
  private readonly reader = new BitReader();
  private bufferAddress = 0;

  /** Bytes of work area for a stream (blocks up to maxBlockSize, 65535 when unknown). */
  static workBytes(facts: FlacStreamFacts): number {
    const block = align(4 * ((facts.maxBlockSize || 65535) + 8));
    return 16 + 128 + 4096 + facts.channels * block + 64;
  }

  constructor(facts: FlacStreamFacts, engine: KernelEngine, base: number) {
    if (facts.bitsPerSample > FLAC_MAX_BITS) {
      throw new Error(`FLAC of ${facts.bitsPerSample} bits per sample is not supported`);
    }
    this.facts = facts;
    this.engine = engine;
    this.blockCapacity = facts.maxBlockSize || 65535;
    this.state = align(base);
    this.coefficientAddress = this.state + 16;
    this.tables = this.coefficientAddress + 128;
    const first = this.tables + 4096;
    const block = align(4 * (this.blockCapacity + 8));
    this.channelAddress = Array.from({ length: facts.channels }, (_, c) => first + c * block);
    new Uint16Array(engine.memory.buffer, this.tables, 8 * 256).set(crcSlices());
  }

  /** The codes of channel c, n long (a view). */
  codes(c: number, n: number): Int32Array {
    return new Int32Array(this.engine.memory.buffer, this.channelAddress[c], n);
  }

  /**
   * Decodes the frame whose sync code is at byte `at` of the buffer at `bufferAddress`, with
   * bytes [at, end) of it read. Throws FlacFrameError: needMore when the frame continues past
   * `end`, otherwise for a damaged frame.
   */
  decode(bufferAddress: number, bytes: Uint8Array, at: number, end: number): DecodedFlacFrame {
    const header = parseFlacFrameHeader(bytes.subarray(0, end), at, this.facts);
    if (!header) {
      if (end - at < 16) throw needMore();
      throw new FlacFrameError('no valid frame header');
    }
    const { blockSize, channelAssignment } = header;
    if (blockSize > this.blockCapacity) {
      throw new FlacFrameError(`a block of ${blockSize} samples, more than STREAMINFO allows`);
    }
    this.bufferAddress = bufferAddress;
    const reader = this.reader;
    reader.bytes = bytes;
    reader.pos = (at + header.headerBytes) * 8;
    reader.limitBits = end * 8;
    const bits = this.facts.bitsPerSample;
    for (let c = 0; c < this.facts.channels; c++) {
      // The side channel carries one bit more.
      const side =
        (channelAssignment === 8 && c === 1) ||
        (channelAssignment === 9 && c === 0) ||
        (channelAssignment === 10 && c === 1);
      this.subframe(c, blockSize, side ? bits + 1 : bits);
      reader.check();
    }
    // Zero padding to the byte, then the CRC-16 of everything before it.
    const crcAt = (reader.pos + 7) >>> 3;
    if (crcAt + 2 > end) throw needMore();
    const stored = (bytes[crcAt]! << 8) | bytes[crcAt + 1]!;
    if (this.engine.exports.crc16(bufferAddress + at, crcAt - at, this.tables) !== stored) {
      throw new FlacFrameError('its CRC-16 does not match (the data is damaged)');
    }
    this.decorrelate(channelAssignment, blockSize);
    return { header, bytes: crcAt + 2 - at };
  }

  private subframe(channel: number, n: number, bits: number): void {
    const reader = this.reader;
    const out = this.codes(channel, n);
    const head = reader.read(8);
    if (head & 0x80) throw new FlacFrameError('a subframe header starts with a 1 bit');
    const type = (head >>> 1) & 0x3f;
    let wasted = 0;
    if (head & 1) wasted = reader.unary() + 1;
    const width = bits - wasted;
    if (width <= 0) throw new FlacFrameError('a subframe wastes all its bits');
    if (type === 0) {
      out.fill(reader.readSigned(width));
    } else if (type === 1) {
      for (let i = 0; i < n; i++) out[i] = reader.readSigned(width);
    } else if ((type >= 8 && type <= 12) || type >= 32) {
      const fixed = type <= 12;
      const order = fixed ? type - 8 : type - 31;
      if (order > n) throw new FlacFrameError('a predictor longer than its block');
      for (let i = 0; i < order; i++) out[i] = reader.readSigned(width);
      const coefficients = new Int32Array(this.engine.memory.buffer, this.coefficientAddress, 32);
      let shift = 0;
      if (fixed) {
        coefficients.set(FIXED_COEFFICIENTS[order]!);
      } else {
        const precision = reader.read(4) + 1;
        if (precision === 16) throw new FlacFrameError('an LPC precision of 16 (reserved)');
        shift = reader.readSigned(5);
        if (shift < 0) throw new FlacFrameError('a negative LPC shift');
        for (let j = 0; j < order; j++) coefficients[j] = reader.readSigned(precision);
      }
      this.residual(channel, n, order);
      if (order > 0) {
        const lpc = this.engine.exports[`flac_lpc_${order}`]!;
        lpc(this.channelAddress[channel]!, n, this.coefficientAddress, shift);
      }
    } else {
      throw new FlacFrameError(`a reserved subframe type (${type})`);
    }
    if (wasted > 0) for (let i = 0; i < n; i++) out[i] = out[i]! << wasted;
  }

  /** The Rice-coded residual of samples [order, n), by the flac_residual kernel. */
  private residual(channel: number, n: number, order: number): void {
    const reader = this.reader;
    const method = reader.read(2);
    if (method > 1) throw new FlacFrameError('a reserved residual coding method');
    const partitionOrder = reader.read(4);
    const perPartition = n >>> partitionOrder;
    if (perPartition << partitionOrder !== n || perPartition < order) {
      throw new FlacFrameError('a residual partition order that does not fit the block');
    }
    const state = new Int32Array(this.engine.memory.buffer, this.state, 2);
    state[0] = reader.pos;
    state[1] = reader.limitBits;
    const status = this.engine.exports.flac_residual(
      this.bufferAddress,
      this.state,
      this.channelAddress[channel]!,
      n,
      order,
      partitionOrder,
      method === 0 ? 4 : 5,
    );
    reader.pos = state[0]!;
    if (status !== 0) throw needMore();
  }

  /** Stereo decorrelation in place (32-bit integers: the side channel has at most 31 bits). */
  private decorrelate(assignment: number, n: number): void {
    if (assignment < 8) return;
    const a = this.codes(0, n);
    const b = this.codes(1, n);
    if (assignment === 8) {
      for (let i = 0; i < n; i++) b[i] = a[i]! - b[i]!; // left, side → left, right
    } else if (assignment === 9) {
      for (let i = 0; i < n; i++) a[i] = a[i]! + b[i]!; // side, right → left, right
    } else {
      for (let i = 0; i < n; i++) {
        const side = b[i]!;
        const mid = (a[i]! << 1) | (side & 1);
        a[i] = (mid + side) >> 1;
        b[i] = (mid - side) >> 1;
      }
    }
  }
}

/** The eight CRC-16 slicing tables (see the crc16 kernel), from @tapeop/session's crc16. */
function crcSlices(): Uint16Array {
  const tables = new Uint16Array(8 * 256);
  const byte = new Uint8Array(9);
  for (let k = 0; k < 8; k++) {
    for (let x = 0; x < 256; x++) {
      byte.fill(0);
      byte[0] = x;
      tables[256 * k + x] = crc16(byte, 0, k + 1);
    }
  }
  return tables;
}
