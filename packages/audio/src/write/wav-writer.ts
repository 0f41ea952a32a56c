import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface WavWriterOptions {
  sampleRate: number;
  channels: number;
  /** 16, 24 or 32 for integers; 32 or 64 for float. */
  bitsPerSample: number;
  sampleFormat?: 'int' | 'float';
  /** Write WAVE_FORMAT_EXTENSIBLE (default: when channels > 2 or bits > 16). */
  extensible?: boolean;
  channelMask?: number;
  /** Write an RF64 file (ds64 chunk), as recorders do for files that may pass 4 GiB. */
  rf64?: boolean;
}

/**
 * A streaming WAV writer for tests and the benchmark corpus: planar ±1 floats in, rounded to
 * the nearest integer code (clipped at full scale). Writes to `path.partial` and renames on
 * close, so a file is never seen half-written.
 */
export class WavWriter {
  private readonly fd: number;
  private readonly partial: string;
  private readonly bytesPerSample: number;
  private dataBytes = 0;
  private readonly headerSize: number;
  private buffer = Buffer.alloc(0);

  constructor(
    private readonly path: string,
    private readonly options: WavWriterOptions,
  ) {
    this.bytesPerSample = options.bitsPerSample / 8;
    this.partial = `${path}.partial`;
    this.fd = openSync(this.partial, 'w');
    this.headerSize = this.header(0).length;
    writeSync(this.fd, this.header(0));
  }

  private header(dataBytes: number): Buffer {
    const o = this.options;
    const float = o.sampleFormat === 'float';
    const extensible = o.extensible ?? (o.channels > 2 || o.bitsPerSample > 16);
    const blockAlign = o.channels * this.bytesPerSample;
    const fmt = Buffer.alloc(extensible ? 40 : 16);
    fmt.writeUInt16LE(extensible ? 0xfffe : float ? 3 : 1, 0);
    fmt.writeUInt16LE(o.channels, 2);
    fmt.writeUInt32LE(o.sampleRate, 4);
    fmt.writeUInt32LE(o.sampleRate * blockAlign, 8);
    fmt.writeUInt16LE(blockAlign, 12);
    fmt.writeUInt16LE(o.bitsPerSample, 14);
    if (extensible) {
      fmt.writeUInt16LE(22, 16);
      fmt.writeUInt16LE(o.bitsPerSample, 18);
      fmt.writeUInt32LE(o.channelMask ?? (o.channels === 2 ? 3 : o.channels === 1 ? 4 : 0), 20);
      // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000X-0000-0010-8000-00AA00389B71}
      Buffer.from([
        float ? 3 : 1,
        0,
        0,
        0,
        0,
        0,
        0x10,
        0,
        0x80,
        0,
        0,
        0xaa,
        0,
        0x38,
        0x9b,
        0x71,
      ]).copy(fmt, 24);
    }
    const chunk = (id: string, content: Buffer) => {
      const head = Buffer.alloc(8);
      head.write(id, 0, 'latin1');
      head.writeUInt32LE(content.length, 4);
      return Buffer.concat([head, content]);
    };
    const fmtChunk = chunk('fmt ', fmt);
    if (o.rf64) {
      const ds64 = Buffer.alloc(28);
      const riffSize = 4 + 36 + fmtChunk.length + 8 + dataBytes;
      ds64.writeBigUInt64LE(BigInt(riffSize), 0);
      ds64.writeBigUInt64LE(BigInt(dataBytes), 8);
      ds64.writeBigUInt64LE(BigInt(dataBytes / blockAlign), 16);
      const head = Buffer.alloc(12);
      head.write('RF64', 0, 'latin1');
      head.writeUInt32LE(0xffffffff, 4);
      head.write('WAVE', 8, 'latin1');
      const dataHead = Buffer.alloc(8);
      dataHead.write('data', 0, 'latin1');
      dataHead.writeUInt32LE(0xffffffff, 4);
      return Buffer.concat([head, chunk('ds64', ds64), fmtChunk, dataHead]);
    }
    const head = Buffer.alloc(12);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(4 + fmtChunk.length + 8 + dataBytes + (dataBytes & 1), 4);
    head.write('WAVE', 8, 'latin1');
    const dataHead = Buffer.alloc(8);
    dataHead.write('data', 0, 'latin1');
    dataHead.writeUInt32LE(dataBytes, 4);
    return Buffer.concat([head, fmtChunk, dataHead]);
  }

  /** Appends frames given as one array per channel. */
  write(channels: Float32Array[]): void {
    const frames = channels[0]?.length ?? 0;
    const { bytesPerSample } = this;
    const count = this.options.channels;
    const size = frames * count * bytesPerSample;
    if (this.buffer.length < size) this.buffer = Buffer.alloc(size);
    const out = this.buffer;
    const float = this.options.sampleFormat === 'float';
    const scale = 2 ** (this.options.bitsPerSample - 1);
    for (let c = 0; c < count; c++) {
      const channel = channels[c]!;
      let at = c * bytesPerSample;
      const step = count * bytesPerSample;
      for (let i = 0; i < frames; i++, at += step) {
        const x = channel[i]!;
        if (float) {
          if (bytesPerSample === 4) out.writeFloatLE(x, at);
          else out.writeDoubleLE(x, at);
          continue;
        }
        const scaled = Math.round(x * scale);
        const v = scaled < -scale ? -scale : scaled > scale - 1 ? scale - 1 : scaled;
        out[at] = v & 0xff;
        out[at + 1] = (v >> 8) & 0xff;
        if (bytesPerSample >= 3) out[at + 2] = (v >> 16) & 0xff;
        if (bytesPerSample === 4) out[at + 3] = (v >> 24) & 0xff;
      }
    }
    writeSync(this.fd, out, 0, size);
    this.dataBytes += size;
  }

  /** Writes raw sample bytes (for hand-made test files). */
  writeBytes(bytes: Uint8Array): void {
    writeSync(this.fd, bytes);
    this.dataBytes += bytes.length;
  }

  close(): void {
    if (this.dataBytes & 1 && !this.options.rf64) writeSync(this.fd, Buffer.alloc(1));
    const header = this.header(this.dataBytes);
    if (header.length !== this.headerSize) throw new Error('WAV header size changed');
    writeSync(this.fd, header, 0, header.length, 0);
    closeSync(this.fd);
    renameSync(this.partial, this.path);
  }

  abort(): void {
    closeSync(this.fd);
    rmSync(this.partial, { force: true });
  }
}

/** Writes a whole in-memory signal to a WAV file. */
export function writeWav(path: string, channels: Float32Array[], options: WavWriterOptions): void {
  const writer = new WavWriter(path, options);
  try {
    writer.write(channels);
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
}
