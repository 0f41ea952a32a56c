import { CD_SAMPLE_RATE, TapeopError } from '@tapeop/core';
import { writeFileAtomic } from '../io/atomic-file.js';
import {
  type CopyPcmOptions,
  copyPcm,
  type PcmSegment,
  segmentsLength,
} from '../io/pcm-segments.js';
import { id3Chunk, infoChunk, riffChunk, type WavTags } from './wav-metadata.js';

const CHANNELS = 2;
const BITS = 16;
const BLOCK_ALIGN = (CHANNELS * BITS) / 8;

export interface CdWavResult {
  path: string;
  /** Byte offset of the first audio byte (the data chunk's payload). */
  dataOffset: number;
  dataBytes: number;
  /** MD5 of the audio bytes alone (the data chunk's payload), to compare with any other copy. */
  audioMd5: string;
}

export interface CdWavOptions extends Pick<CopyPcmOptions, 'onProgress' | 'signal'> {
  tags?: WavTags;
  fsync?: boolean;
}

/**
 * Writes CD audio (44.1 kHz, 16-bit, stereo PCM) as a WAV file: fmt, then the metadata chunks
 * (before the audio, so that readers that stop at `data` still see them), then data. The file
 * is written to a temporary name and renamed into place.
 */
export async function writeCdWav(
  path: string,
  segments: readonly PcmSegment[],
  options: CdWavOptions = {},
): Promise<CdWavResult> {
  const dataBytes = segmentsLength(segments);
  if (dataBytes % BLOCK_ALIGN !== 0) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `${path}: ${dataBytes} bytes of audio is not a whole number of stereo 16-bit sample frames`,
    );
  }
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // WAVE_FORMAT_PCM
  fmt.writeUInt16LE(CHANNELS, 2);
  fmt.writeUInt32LE(CD_SAMPLE_RATE, 4);
  fmt.writeUInt32LE(CD_SAMPLE_RATE * BLOCK_ALIGN, 8);
  fmt.writeUInt16LE(BLOCK_ALIGN, 12);
  fmt.writeUInt16LE(BITS, 14);
  const metadata = options.tags ? [infoChunk(options.tags), id3Chunk(options.tags)] : [];
  const chunks = [riffChunk('fmt ', fmt), ...metadata.filter((c): c is Buffer => c !== undefined)];
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(dataBytes, 4);
  const before = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks, dataHeader]);
  const riffSize = before.length + dataBytes;
  if (riffSize > 0xffffffff) {
    throw new TapeopError(
      'UNSUPPORTED',
      `${path}: ${dataBytes} bytes of audio do not fit a RIFF WAV file (4 GiB)`,
    );
  }
  const riffHeader = Buffer.alloc(8);
  riffHeader.write('RIFF', 0, 'latin1');
  riffHeader.writeUInt32LE(riffSize, 4);
  const header = Buffer.concat([riffHeader, before]);

  let audioMd5 = '';
  const fsync = options.fsync ?? true;
  await writeFileAtomic(
    path,
    async (handle) => {
      await handle.write(header, 0, header.length, 0);
      const copied = await copyPcm(segments, handle, header.length, {
        md5: true,
        flush: fsync,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      audioMd5 = copied.md5 ?? '';
    },
    { fsync },
  );
  return { path, dataOffset: header.length, dataBytes, audioMd5 };
}
