import { describe, expect, it } from 'vitest';
import { crc8, crc16, findFlacEnd, parseFlacFrameHeader } from './flac-frame.js';
import { flacFile } from './test-support/audio-files.js';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const stream = { sampleRate: 44100, channels: 2, bitsPerSample: 16, maxBlockSize: 1000 };

describe('FLAC frame checks', () => {
  it('computes the CRCs FLAC uses (check values of CRC-8/SMBUS and CRC-16/UMTS)', () => {
    expect(crc8(ascii('123456789'), 0, 9)).toBe(0xf4);
    expect(crc16(ascii('123456789'), 0, 9)).toBe(0xfee8);
  });

  it('parses frame headers and rejects near misses', () => {
    const { bytes, frameOffsets } = flacFile({ frames: 3000, blockSize: 1000 });
    const second = parseFlacFrameHeader(bytes, frameOffsets[1]!, stream);
    expect(second).toMatchObject({ at: frameOffsets[1], blockSize: 1000, firstSample: 1000 });
    // Another channel count, or a header whose CRC-8 does not match, is not a frame of this stream.
    expect(
      parseFlacFrameHeader(bytes, frameOffsets[1]!, { ...stream, channels: 1 }),
    ).toBeUndefined();
    const damaged = Buffer.from(bytes);
    const at = frameOffsets[1]! + 4;
    damaged[at] = damaged[at]! ^ 1;
    expect(parseFlacFrameHeader(damaged, frameOffsets[1]!, stream)).toBeUndefined();
  });

  it('finds a complete end, a cut inside a frame and a stream with no frame', () => {
    const { bytes, frameOffsets } = flacFile({ frames: 3000, blockSize: 1000 });
    const audio = bytes.subarray(frameOffsets[0]!);
    expect(findFlacEnd(audio, stream)).toEqual({ status: 'complete', endSample: 3000 });
    const cut = bytes.subarray(frameOffsets[0]!, frameOffsets[2]! + 100);
    expect(findFlacEnd(cut, stream)).toEqual({
      status: 'truncated',
      completeSamples: 2000,
      cutFrameAt: frameOffsets[2]! - frameOffsets[0]!,
      confirmed: true,
    });
    expect(findFlacEnd(Buffer.alloc(100), stream)).toEqual({ status: 'no-frame' });
  });
});
