import { mkdir, open, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioHeader, HeaderProblemCode, PcmStream } from './audio-header.js';
import { isDecodable } from './audio-header.js';
import { readAudioHeader, requireDecodable } from './read-audio-header.js';
import {
  aiffFile,
  flacFile,
  infoList,
  rf64Ds64,
  rf64Head,
  riffChunk,
  wavFile,
} from './test-support/audio-files.js';
import { makeTempFolder, runTool } from './test-support/temp-folder.js';

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await makeTempFolder();
});
afterAll(async () => {
  await folder.remove();
});

async function headerOf(name: string, content: Buffer | string): Promise<AudioHeader> {
  const path = join(folder.path, name);
  await writeFile(path, content);
  return readAudioHeader(path);
}

function pcm(header: AudioHeader): PcmStream {
  expect(header.stream?.encoding).toBe('pcm');
  return header.stream as PcmStream;
}

function codes(header: AudioHeader): Array<[HeaderProblemCode, string]> {
  return header.problems.map((p) => [p.code, p.severity]);
}

describe('readAudioHeader: WAV written in code', () => {
  it.each([
    { bits: 16, float: false, sampleFormat: 'int', codec: 'pcm-int' },
    { bits: 24, float: false, sampleFormat: 'int', codec: 'pcm-int' },
    { bits: 32, float: false, sampleFormat: 'int', codec: 'pcm-int' },
    { bits: 8, float: false, sampleFormat: 'uint', codec: 'pcm-int' },
    { bits: 32, float: true, sampleFormat: 'float', codec: 'pcm-float' },
    { bits: 64, float: true, sampleFormat: 'float', codec: 'pcm-float' },
  ] as const)('$bits-bit $sampleFormat', async ({ bits, float, sampleFormat, codec }) => {
    const header = await headerOf(
      `plain-${bits}-${float}.wav`,
      wavFile({ bits, float, sampleRate: 48000, channels: 2, frames: 4800 }),
    );
    expect(header.container).toBe('wav');
    expect(header.codec).toBe(codec);
    expect(header.problems).toEqual([]);
    const stream = pcm(header);
    expect(stream).toMatchObject({
      sampleRate: 48000,
      channels: 2,
      sampleFormat,
      bitsPerSample: bits,
      validBitsPerSample: bits,
      bytesPerSample: bits / 8,
      blockAlign: (bits / 8) * 2,
      frames: 4800,
      declaredFrames: 4800,
      durationSec: 0.1,
      byteOrder: 'little',
      dataLength: 4800 * (bits / 8) * 2,
      declaredDataLength: 4800 * (bits / 8) * 2,
    });
    expect(header.wavFormat?.formatTag).toBe(float ? 3 : 1);
    // The data offset points at the samples: the 8 bytes before it are the data chunk header.
    const bytes = wavFile({ bits, float, sampleRate: 48000, channels: 2, frames: 4800 });
    expect(bytes.toString('latin1', stream.dataOffset - 8, stream.dataOffset - 4)).toBe('data');
    expect(isDecodable(header)).toBe(true);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE: valid bits, channel mask and sub-format', async () => {
    const header = await headerOf(
      'extensible.wav',
      wavFile({ bits: 32, extensible: { validBits: 24, channelMask: 0x3 } }),
    );
    expect(header.problems).toEqual([]);
    expect(header.wavFormat?.extensible).toEqual({
      validBitsPerSample: 24,
      channelMask: 3,
      subFormat: '00000001-0000-0010-8000-00aa00389b71',
      subFormatTag: 1,
    });
    expect(pcm(header)).toMatchObject({
      bitsPerSample: 32,
      validBitsPerSample: 24,
      bytesPerSample: 4,
      channelMask: 3,
      sampleFormat: 'int',
    });
  });

  it('reads an extensible float file', async () => {
    const header = await headerOf(
      'extensible-float.wav',
      wavFile({ bits: 32, float: true, extensible: { subFormatTag: 3 } }),
    );
    expect(header.codec).toBe('pcm-float');
    expect(pcm(header).sampleFormat).toBe('float');
  });

  it('reads BWF bext (v2 with loudness), iXML, LIST/INFO after the data, and skips unknown chunks', async () => {
    const header = await headerOf(
      'bwf.wav',
      wavFile({
        bits: 24,
        sampleRate: 48000,
        frames: 480,
        bext: {
          description: 'Headlights mix 3',
          originator: 'Pro Tools',
          originatorReference: 'USABC1234567',
          originationDate: '2026-03-14',
          originationTime: '17:45:03',
          timeReference: 48000 * 3600 + 12,
          version: 2,
          loudness: [-9.5, 5.2, -0.3, -6.1, -8],
          codingHistory: 'A=PCM,F=48000,W=24,M=stereo,T=original\r\n',
        },
        ixml: '<?xml version="1.0"?><BWFXML><PROJECT>Night Drive</PROJECT></BWFXML>',
        info: { INAM: 'Headlights', IART: 'The Example Band', ISFT: 'Lavf' },
        chunksBefore: [riffChunk('JUNK', Buffer.alloc(28)), riffChunk('odd!', Buffer.from('abc'))],
        chunksAfter: [riffChunk('zzzz', Buffer.alloc(10))],
      }),
    );
    expect(header.problems).toEqual([]);
    expect(header.formatName).toBe('Broadcast Wave (BWF)');
    expect(header.bext).toMatchObject({
      description: 'Headlights mix 3',
      originator: 'Pro Tools',
      originatorReference: 'USABC1234567',
      originationDate: '2026-03-14',
      originationTime: '17:45:03',
      timeReference: 48000 * 3600 + 12,
      timeReferenceSec: 3600.00025,
      version: 2,
      umid: undefined,
      loudness: {
        integratedLufs: -9.5,
        rangeLu: 5.2,
        maxTruePeakDbtp: -0.3,
        maxMomentaryLufs: -6.1,
        maxShortTermLufs: -8,
      },
      codingHistory: 'A=PCM,F=48000,W=24,M=stereo,T=original',
    });
    expect(header.ixml).toMatchObject({ truncated: false });
    expect(header.ixml?.text).toContain('<PROJECT>Night Drive</PROJECT>');
    expect(header.info?.tags).toEqual({
      INAM: 'Headlights',
      IART: 'The Example Band',
      ISFT: 'Lavf',
    });
    expect(header.chunks.map((c) => c.id)).toEqual([
      'JUNK',
      'odd!',
      'fmt ',
      'bext',
      'iXML',
      'data',
      'LIST',
      'zzzz',
    ]);
    // The odd-sized chunk is followed by its pad byte: the next chunk starts one byte later.
    const odd = header.chunks[1]!;
    expect(header.chunks[2]!.offset).toBe(odd.offset + 8 + 3 + 1);
    expect(header.chunks.find((c) => c.id === 'LIST')?.listType).toBe('INFO');
    expect(pcm(header).frames).toBe(480);
  });

  it('cuts a long iXML text at maxTextBytes and says so', async () => {
    const path = join(folder.path, 'long-ixml.wav');
    await writeFile(path, wavFile({ ixml: `<BWFXML>${'x'.repeat(5000)}</BWFXML>` }));
    const header = await readAudioHeader(path, { maxTextBytes: 100 });
    expect(header.ixml?.size).toBe(5000 + 17);
    expect(header.ixml?.text).toHaveLength(100);
    expect(header.ixml?.truncated).toBe(true);
  });

  it('reads on when an odd-sized chunk has no pad byte, with a warning', async () => {
    const header = await headerOf(
      'no-pad.wav',
      wavFile({ chunksBefore: [riffChunk('odd!', Buffer.from('abc'), { omitPad: true })] }),
    );
    expect(codes(header)).toEqual([['missing-pad-byte', 'warning']]);
    expect(header.problems[0]!.offset).toBe(12 + 8 + 3);
    expect(isDecodable(header)).toBe(true);
  });
});

describe('readAudioHeader: WAV written by sox (independent reference)', () => {
  it.each([
    { name: 'sox-16.wav', args: ['-b', '16', '-c', '2', '-r', '44100'], bits: 16, format: 'int' },
    { name: 'sox-24.wav', args: ['-b', '24', '-c', '2', '-r', '96000'], bits: 24, format: 'int' },
    { name: 'sox-32.wav', args: ['-b', '32', '-c', '2', '-r', '48000'], bits: 32, format: 'int' },
    {
      name: 'sox-float.wav',
      args: ['-e', 'floating-point', '-b', '32', '-c', '2', '-r', '44100'],
      bits: 32,
      format: 'float',
    },
    {
      name: 'sox-8-mono.wav',
      args: ['-b', '8', '-c', '1', '-r', '22050'],
      bits: 8,
      format: 'uint',
    },
    { name: 'sox-6ch.wav', args: ['-b', '24', '-c', '6', '-r', '48000'], bits: 24, format: 'int' },
  ])('$name agrees with soxi', async ({ name, args, bits, format }) => {
    const path = join(folder.path, name);
    runTool('sox', ['-n', ...args, path, 'synth', '0.25', 'sine', '440']);
    const header = await readAudioHeader(path);
    expect(header.problems).toEqual([]);
    const stream = pcm(header);
    expect(stream.sampleRate).toBe(Number(runTool('soxi', ['-r', path])));
    expect(stream.channels).toBe(Number(runTool('soxi', ['-c', path])));
    expect(stream.frames).toBe(Number(runTool('soxi', ['-s', path])));
    expect(stream.validBitsPerSample).toBe(Number(runTool('soxi', ['-b', path])));
    expect(stream.bitsPerSample).toBe(bits);
    expect(stream.sampleFormat).toBe(format);
    if (name === 'sox-6ch.wav') {
      expect(header.wavFormat?.formatTag).toBe(0xfffe);
      expect(stream.channelMask).toBe(0x3f);
    }
  });
});

describe('readAudioHeader: RF64 and BW64', () => {
  it.each(['RF64', 'BW64'] as const)(
    'reads a small %s file through its ds64 chunk',
    async (magic) => {
      const header = await headerOf(`small-${magic}.wav`, wavFile({ rf64: magic, frames: 1000 }));
      expect(header.container).toBe(magic.toLowerCase());
      expect(header.problems).toEqual([]);
      expect(header.ds64).toMatchObject({ dataSize: 4000, sampleCount: 1000 });
      expect(header.chunks.find((c) => c.id === 'data')?.size).toBe(4000);
      expect(pcm(header).frames).toBe(1000);
    },
  );

  it('reads an RF64 file written by ffmpeg', async () => {
    const path = join(folder.path, 'ffmpeg-rf64.wav');
    runTool('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=0.5',
      '-ac',
      '2',
      '-c:a',
      'pcm_s24le',
      '-rf64',
      'always',
      '-y',
      path,
    ]);
    const header = await readAudioHeader(path);
    expect(header.container).toBe('rf64');
    expect(header.problems).toEqual([]);
    expect(pcm(header)).toMatchObject({
      sampleRate: 48000,
      channels: 2,
      bitsPerSample: 24,
      frames: 24000,
    });
  });

  it('reads a 5 GiB RF64 file (sparse) without reading its samples, including a chunk past 4 GiB', async () => {
    const dataSize = 5 * 2 ** 30;
    const fmt = wavFile().subarray(12, 12 + 24); // the fmt chunk of a 16-bit stereo file
    const headBytes = Buffer.concat([
      rf64Head('RF64'),
      rf64Ds64(0, dataSize, dataSize / 4),
      fmt,
      Buffer.from('data\xff\xff\xff\xff', 'latin1'),
    ]);
    const dataStart = headBytes.length;
    const list = infoList({ INAM: 'Long Take' });
    const fileSize = dataStart + dataSize + list.length;
    headBytes.writeUInt32LE((fileSize - 8) % 2 ** 32, 20);
    headBytes.writeUInt32LE(Math.floor((fileSize - 8) / 2 ** 32), 24);
    const path = join(folder.path, 'huge.wav');
    const handle = await open(path, 'w');
    await handle.write(headBytes, 0, headBytes.length, 0);
    await handle.write(list, 0, list.length, dataStart + dataSize);
    await handle.close();

    const header = await readAudioHeader(path);
    expect(header.fileSize).toBe(fileSize);
    expect(header.problems).toEqual([]);
    expect(header.ds64).toMatchObject({
      riffSize: fileSize - 8,
      dataSize,
      sampleCount: dataSize / 4,
    });
    expect(pcm(header)).toMatchObject({
      dataOffset: dataStart,
      dataLength: dataSize,
      frames: dataSize / 4,
    });
    const listChunk = header.chunks.find((c) => c.id === 'LIST');
    expect(listChunk!.offset).toBeGreaterThan(2 ** 32);
    expect(header.info?.tags).toEqual({ INAM: 'Long Take' });
    await truncate(path, 0);
  });

  it('finds a truncated RF64 file whose ds64 promises 5 GiB', async () => {
    const fmt = wavFile().subarray(12, 12 + 24);
    const bytes = Buffer.concat([
      rf64Head('RF64'),
      rf64Ds64(5 * 2 ** 30 + 72, 5 * 2 ** 30, 5 * 2 ** 28),
      fmt,
      Buffer.from('data\xff\xff\xff\xff', 'latin1'),
      Buffer.alloc(40000),
    ]);
    const header = await headerOf('rf64-cut.wav', bytes);
    expect(codes(header)).toEqual([['truncated', 'error']]);
    expect(header.problems[0]!.offset).toBe(12 + 36 + 24);
    expect(pcm(header)).toMatchObject({ frames: 10000, declaredFrames: 5 * 2 ** 28 });
  });

  it('reads a plain WAV over 4 GiB whose data size wrapped around (sparse file)', async () => {
    const small = wavFile({ frames: 100 });
    const dataSize = 2 ** 32 + 400;
    small.writeUInt32LE(dataSize % 2 ** 32, 40);
    const path = join(folder.path, 'wrapped.wav');
    await writeFile(path, small.subarray(0, 44));
    await truncate(path, 44 + dataSize);
    const header = await readAudioHeader(path);
    expect(codes(header)).toEqual([['size-mismatch', 'warning']]);
    expect(header.problems[0]!.message).toContain('wrapped past 4 GiB');
    expect(pcm(header).frames).toBe(dataSize / 4);
    await truncate(path, 0);
  });

  it('refuses an RF64 file without a ds64 chunk', async () => {
    const bytes = wavFile();
    bytes.write('RF64', 0, 'latin1');
    const header = await headerOf('rf64-no-ds64.wav', bytes);
    expect(codes(header)).toContainEqual(['missing-chunk', 'error']);
    expect(header.problems[0]!.message).toContain('must start with a ds64 chunk');
  });
});

describe('readAudioHeader: AIFF and AIFF-C', () => {
  it.each([44100, 48000, 88200, 96000, 176400, 192000, 11025, 22050, 8000])(
    'reads the 80-bit extended sample rate %i',
    async (sampleRate) => {
      const header = await headerOf(
        `rate-${sampleRate}.aif`,
        aiffFile({ sampleRate, frames: 100 }),
      );
      expect(header.problems).toEqual([]);
      expect(pcm(header).sampleRate).toBe(sampleRate);
    },
  );

  it.each([
    {
      compression: undefined,
      bits: 16,
      byteOrder: 'big',
      format: 'int',
      container: 'aiff',
      name: 'AIFF',
    },
    {
      compression: undefined,
      bits: 24,
      byteOrder: 'big',
      format: 'int',
      container: 'aiff',
      name: 'AIFF',
    },
    {
      compression: 'NONE',
      bits: 16,
      byteOrder: 'big',
      format: 'int',
      container: 'aifc',
      name: 'AIFF-C',
    },
    {
      compression: 'sowt',
      bits: 16,
      byteOrder: 'little',
      format: 'int',
      container: 'aifc',
      name: 'AIFF-C (sowt)',
    },
    {
      compression: 'sowt',
      bits: 24,
      byteOrder: 'little',
      format: 'int',
      container: 'aifc',
      name: 'AIFF-C (sowt)',
    },
    {
      compression: 'fl32',
      bits: 32,
      byteOrder: 'big',
      format: 'float',
      container: 'aifc',
      name: 'AIFF-C (fl32)',
    },
    {
      compression: 'fl64',
      bits: 64,
      byteOrder: 'big',
      format: 'float',
      container: 'aifc',
      name: 'AIFF-C (fl64)',
    },
  ] as const)(
    '$name $bits-bit',
    async ({ compression, bits, byteOrder, format, container, name }) => {
      const bytes = aiffFile({ compression, bits, frames: 441, channels: 2 });
      const header = await headerOf(`aiff-${compression}-${bits}.aiff`, bytes);
      expect(header.problems).toEqual([]);
      expect(header.container).toBe(container);
      expect(header.formatName).toBe(name);
      const stream = pcm(header);
      expect(stream).toMatchObject({
        byteOrder,
        sampleFormat: format,
        bitsPerSample: bits,
        frames: 441,
      });
      // The first sample of channel 0 is the tone's first value (0): its bytes are zero; channel 1's
      // second sample is not. Reading at dataOffset in the right byte order finds the tone.
      const at = stream.dataOffset + stream.blockAlign + stream.bytesPerSample;
      const read =
        format === 'float'
          ? bits === 32
            ? bytes.readFloatBE(at)
            : bytes.readDoubleBE(at)
          : byteOrder === 'big'
            ? bytes.readIntBE(at, bits / 8)
            : bytes.readIntLE(at, bits / 8);
      const expected = 0.5 * Math.sin((2 * Math.PI * 550) / 44100);
      const scale = format === 'float' ? 1 : 2 ** (bits - 1) - 1;
      expect(read / scale).toBeCloseTo(expected, 4);
      expect(header.info?.tags).toEqual({ NAME: 'Test Tone' });
    },
  );

  it.each([
    { name: 'sox.aiff', args: ['-b', '24', '-r', '96000'] },
    { name: 'sox.aifc', args: ['-b', '16', '-r', '44100'] },
  ])('$name agrees with soxi', async ({ name, args }) => {
    const path = join(folder.path, name);
    runTool('sox', ['-n', ...args, '-c', '2', path, 'synth', '0.3', 'sine', '440']);
    const header = await readAudioHeader(path);
    expect(header.problems).toEqual([]);
    const stream = pcm(header);
    expect(stream.sampleRate).toBe(Number(runTool('soxi', ['-r', path])));
    expect(stream.frames).toBe(Number(runTool('soxi', ['-s', path])));
    expect(stream.validBitsPerSample).toBe(Number(runTool('soxi', ['-b', path])));
  });

  it('reports a compressed AIFF-C it cannot read', async () => {
    const header = await headerOf('ima4.aifc', aiffFile({ compression: 'ima4', name: 'IMA 4:1' }));
    expect(codes(header)).toEqual([['unsupported-format', 'error']]);
    expect(header.problems[0]!.message).toContain("'ima4' (IMA 4:1)");
    expect(header.stream).toBeUndefined();
  });

  it('finds an AIFF whose COMM promises more frames than the file holds', async () => {
    const bytes = aiffFile({ frames: 1000 });
    const header = await headerOf('aiff-cut.aif', bytes.subarray(0, bytes.length - 400));
    expect(codes(header)).toEqual([['truncated', 'error']]);
    expect(pcm(header)).toMatchObject({ frames: 900, declaredFrames: 1000 });
  });

  it('finds an AIFF whose SSND chunk is shorter than COMM says', async () => {
    const header = await headerOf(
      'aiff-short-ssnd.aif',
      aiffFile({ frames: 100, commFrames: 200 }),
    );
    expect(codes(header)).toEqual([['truncated', 'error']]);
    expect(header.problems[0]!.message).toContain('holds only');
  });

  it('reports a missing SSND chunk', async () => {
    const bytes = aiffFile({ frames: 10 });
    const ssndAt = bytes.indexOf('SSND');
    bytes.write('XXXX', ssndAt, 'latin1');
    const header = await headerOf('aiff-no-ssnd.aif', bytes);
    expect(codes(header)).toEqual([['missing-chunk', 'error']]);
    expect(header.problems[0]!.message).toContain('no SSND chunk');
  });
});

describe('readAudioHeader: FLAC', () => {
  it('reads a FLAC file written in code that the flac tool accepts', async () => {
    const written = flacFile({
      bits: 24,
      sampleRate: 96000,
      channels: 2,
      frames: 9600,
      blockSize: 1024,
    });
    const path = join(folder.path, 'code.flac');
    await writeFile(path, written.bytes);
    runTool('flac', ['-t', '-s', path]); // throws when flac finds the file invalid
    const header = await readAudioHeader(path);
    expect(header.problems).toEqual([]);
    expect(header.flac).toMatchObject({
      minBlockSize: 1024,
      maxBlockSize: 1024,
      sampleRate: 96000,
      channels: 2,
      bitsPerSample: 24,
      totalSamples: 9600,
      md5: written.md5,
      firstFrameOffset: written.frameOffsets[0],
      endCheck: 'complete',
    });
    expect(header.stream).toMatchObject({
      encoding: 'flac',
      frames: 9600,
      declaredFrames: 9600,
      dataOffset: written.frameOffsets[0],
      durationSec: 0.1,
    });
    expect(runTool('metaflac', ['--show-md5sum', path]).trim()).toBe(written.md5);
  });

  it('reads a FLAC file encoded by the flac tool, with its Vorbis comments', async () => {
    const wav = join(folder.path, 'for-flac.wav');
    const path = join(folder.path, 'tool.flac');
    await writeFile(wav, wavFile({ bits: 24, sampleRate: 48000, frames: 48000 }));
    runTool('flac', [
      '-s',
      '-f',
      '-T',
      'TITLE=Headlights',
      '-T',
      'ISRC=QZES52600001',
      '-o',
      path,
      wav,
    ]);
    const header = await readAudioHeader(path);
    expect(header.problems).toEqual([]);
    expect(header.flac?.totalSamples).toBe(
      Number(runTool('metaflac', ['--show-total-samples', path])),
    );
    expect(header.flac?.md5).toBe(runTool('metaflac', ['--show-md5sum', path]).trim());
    expect(header.flac?.maxBlockSize).toBe(
      Number(runTool('metaflac', ['--show-max-blocksize', path])),
    );
    expect(header.flac?.endCheck).toBe('complete');
    expect(header.info).toMatchObject({
      kind: 'vorbis-comment',
      tags: { TITLE: 'Headlights', ISRC: 'QZES52600001' },
    });
    expect(header.stream).toMatchObject({ sampleRate: 48000, bitsPerSample: 24, frames: 48000 });
    expect(header.chunks.map((c) => c.id)).toContain('VORBIS_COMMENT');
  });

  it('finds a FLAC file cut off inside a frame (encoded by flac)', async () => {
    const wav = join(folder.path, 'for-cut.wav');
    const whole = join(folder.path, 'whole.flac');
    await writeFile(wav, wavFile({ bits: 16, sampleRate: 44100, frames: 44100 }));
    runTool('flac', ['-s', '-f', '-o', whole, wav]);
    const bytes = await (await import('node:fs/promises')).readFile(whole);
    const header = await headerOf('cut.flac', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(codes(header)).toEqual([['truncated', 'error']]);
    expect(header.flac?.endCheck).toBe('truncated');
    expect(header.stream!.frames).toBeGreaterThan(0);
    expect(header.stream!.frames).toBeLessThan(44100);
    expect(header.stream!.frames % 4096).toBe(0);
  });

  it('finds a FLAC file cut exactly between two frames', async () => {
    const written = flacFile({ frames: 4410, blockSize: 1000 });
    const header = await headerOf(
      'cut-at-frame.flac',
      written.bytes.subarray(0, written.frameOffsets[2]),
    );
    expect(codes(header)).toEqual([['truncated', 'error']]);
    expect(header.problems[0]!.message).toContain('the last whole frame ends at sample 2000');
    expect(header.stream!.frames).toBe(2000);
  });

  it('takes the length from the last frame when STREAMINFO does not give it', async () => {
    const written = flacFile({ frames: 4410, blockSize: 1000, unknownLength: true });
    const header = await headerOf('unknown-length.flac', written.bytes);
    expect(header.problems).toEqual([]);
    expect(header.stream).toMatchObject({ frames: 4410, declaredFrames: undefined });
  });

  it('reads FLAC behind an ID3v2 tag and before an ID3v1 tag', async () => {
    const written = flacFile({ frames: 2000 });
    const id3 = Buffer.alloc(10 + 20);
    id3.write('ID3', 0, 'latin1');
    id3[3] = 3;
    id3[9] = 20;
    const id3v1 = Buffer.alloc(128);
    id3v1.write('TAG', 0, 'latin1');
    const header = await headerOf('id3.flac', Buffer.concat([id3, written.bytes, id3v1]));
    expect(header.problems).toEqual([]);
    expect(header.formatName).toBe('FLAC (with an ID3 tag)');
    expect(header.flac?.firstFrameOffset).toBe(30 + written.frameOffsets[0]!);
    expect(header.flac?.endCheck).toBe('complete');
  });

  it('skips the end check when asked', async () => {
    const path = join(folder.path, 'no-check.flac');
    await writeFile(path, flacFile().bytes);
    const header = await readAudioHeader(path, { verifyFlacEnd: false });
    expect(header.flac?.endCheck).toBe('unverified');
    expect(header.stream?.frames).toBe(4410);
  });

  it('reports a metadata block that runs past the end of the file', async () => {
    const bytes = flacFile({ vorbisComment: { TITLE: 'x' } }).bytes;
    const header = await headerOf('block-past-end.flac', bytes.subarray(0, 60));
    expect(codes(header)).toEqual([['chunk-past-end', 'error']]);
    expect(header.problems[0]!.offset).toBe(42);
  });
});

describe('readAudioHeader: lossy and unsupported formats', () => {
  it.each([
    {
      name: 'ref.mp3',
      args: ['-c:a', 'libmp3lame', '-b:a', '192k'],
      container: 'mp3',
      code: 'lossy',
    },
    { name: 'ref.ogg', args: ['-c:a', 'libopus'], container: 'ogg', code: 'lossy' },
    { name: 'ref.m4a', args: ['-c:a', 'aac'], container: 'aac', code: 'lossy' },
    { name: 'alac.m4a', args: ['-c:a', 'alac'], container: 'other', code: 'unsupported-format' },
    {
      name: 'ref.caf',
      args: ['-c:a', 'pcm_s16le', '-f', 'caf'],
      container: 'other',
      code: 'unsupported-format',
    },
    { name: 'adpcm.wav', args: ['-c:a', 'adpcm_ms'], container: 'wav', code: 'unsupported-format' },
  ])('$name (written by ffmpeg): $code', async ({ name, args, container, code }) => {
    const path = join(folder.path, name);
    runTool('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=0.5',
      '-ac',
      '2',
      ...args,
      '-y',
      path,
    ]);
    const header = await readAudioHeader(path);
    expect(header.container).toBe(container);
    expect(codes(header)).toEqual([[code, code === 'lossy' ? 'warning' : 'error']]);
    expect(header.stream).toBeUndefined();
    if (name === 'adpcm.wav') expect(header.problems[0]!.message).toContain('Microsoft ADPCM');
    if (code === 'lossy') expect(header.codec).toBe('lossy');
  });
});

describe('readAudioHeader: broken files', () => {
  it('an empty file', async () => {
    const header = await headerOf('empty.wav', Buffer.alloc(0));
    expect(codes(header)).toEqual([['empty', 'error']]);
    expect(header.problems[0]!.offset).toBe(0);
  });

  it('a text file renamed .wav', async () => {
    const header = await headerOf(
      'notes.wav',
      'Hi! Here are the mixes, let me know.\r\nCheers, Sam\r\n',
    );
    expect(codes(header)).toEqual([['text-file', 'error']]);
    expect(header.problems[0]!.message).toContain('"Hi! Here are the mixes');
  });

  it('an HTML error page saved as .wav', async () => {
    const header = await headerOf(
      'download.wav',
      '<!DOCTYPE html><html><body>Access denied</body></html>',
    );
    expect(codes(header)).toEqual([['text-file', 'error']]);
  });

  it('wrong magic: unknown bytes named .wav', async () => {
    const bytes = wavFile();
    bytes[0] = 0x00;
    bytes[1] = 0x13;
    const header = await headerOf('wrong-magic.wav', bytes);
    expect(codes(header)).toEqual([['wrong-magic', 'error']]);
    expect(header.problems[0]!.message).toContain('00 13 46 46');
    expect(header.problems[0]!.offset).toBe(0);
  });

  it('wrong magic: a RIFF file that is not WAVE', async () => {
    const bytes = wavFile();
    bytes.write('AVI ', 8, 'latin1');
    const header = await headerOf('video.wav', bytes);
    expect(codes(header)).toEqual([['wrong-magic', 'error']]);
    expect(header.problems[0]!.message).toContain("a RIFF file of type 'AVI '");
  });

  it('an AIFF named .wav is read, with a warning', async () => {
    const header = await headerOf('really-aiff.wav', aiffFile());
    expect(header.container).toBe('aiff');
    expect(codes(header)).toEqual([['wrong-magic', 'warning']]);
    expect(isDecodable(header)).toBe(true);
  });

  it('truncated: the data chunk promises more than the file holds', async () => {
    const bytes = wavFile({ frames: 1000 });
    const header = await headerOf('truncated.wav', bytes.subarray(0, 44 + 1000 + 2));
    expect(codes(header)).toEqual([['truncated', 'error']]);
    expect(header.problems[0]).toMatchObject({
      offset: 36,
      message:
        'the data chunk at byte 36 promises 4,000 bytes of audio, but the file ends 1,002 bytes into it',
    });
    expect(pcm(header)).toMatchObject({ frames: 250, declaredFrames: 1000, dataLength: 1002 });
    expect(isDecodable(header)).toBe(false);
  });

  it('truncated inside the RIFF header', async () => {
    const header = await headerOf('tiny.wav', Buffer.from('RIFF\x10\x00', 'latin1'));
    expect(codes(header)).toEqual([['truncated', 'error']]);
  });

  it('a chunk size past the end of the file, before the audio', async () => {
    const big = riffChunk('LIST', Buffer.alloc(16));
    big.writeUInt32LE(0x7fffff00, 4);
    const header = await headerOf('chunk-past-end.wav', wavFile({ chunksBefore: [big] }));
    expect(codes(header)).toEqual([
      ['chunk-past-end', 'error'],
      ['missing-chunk', 'error'],
      ['missing-chunk', 'error'],
    ]);
    expect(header.problems[0]!.offset).toBe(12);
    expect(header.problems[1]!.message).toBe(
      "no 'fmt ' chunk (the format description) was found before byte 12, where reading stopped",
    );
  });

  it('a chunk size past the end of the file, after the complete audio: a warning', async () => {
    const cut = riffChunk('LIST', Buffer.alloc(16));
    cut.writeUInt32LE(5000, 4);
    const header = await headerOf('tail-past-end.wav', wavFile({ chunksAfter: [cut] }));
    expect(codes(header)).toEqual([['chunk-past-end', 'warning']]);
    expect(isDecodable(header)).toBe(true);
  });

  it('garbage where a chunk header should be', async () => {
    const header = await headerOf(
      'garbage.wav',
      wavFile({ chunksBefore: [Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])] }),
    );
    expect(codes(header)).toEqual([
      ['invalid-chunk', 'error'],
      ['missing-chunk', 'error'],
      ['missing-chunk', 'error'],
    ]);
  });

  it('a WAV without fmt chunk and one without data chunk', async () => {
    const noFmt = wavFile();
    noFmt.write('fmx ', 12, 'latin1');
    expect(codes(await headerOf('no-fmt.wav', noFmt))).toEqual([['missing-chunk', 'error']]);
    const noData = wavFile();
    noData.write('dota', 36, 'latin1');
    const header = await headerOf('no-data.wav', noData);
    expect(codes(header)).toEqual([['missing-chunk', 'error']]);
    expect(header.problems[0]!.message).toContain("no 'data' chunk");
  });

  it('impossible format values', async () => {
    const zeroAlign = wavFile();
    zeroAlign.writeUInt16LE(0, 32);
    expect(codes(await headerOf('zero-align.wav', zeroAlign))).toEqual([
      ['invalid-format', 'error'],
    ]);
    const shortFmt = Buffer.concat([
      Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'),
      riffChunk('fmt ', Buffer.alloc(10)),
      riffChunk('data', Buffer.alloc(8)),
    ]);
    expect(codes(await headerOf('short-fmt.wav', shortFmt))).toEqual([
      ['invalid-format', 'error'],
      ['missing-chunk', 'error'],
    ]);
  });

  it('a data chunk that declares 0 bytes but is followed by audio (a writer that crashed)', async () => {
    const bytes = wavFile({ frames: 100 });
    bytes.writeUInt32LE(0, 40);
    bytes.writeUInt32LE(0, 4);
    const header = await headerOf('unfinished.wav', bytes);
    expect(codes(header)).toEqual([['size-mismatch', 'warning']]);
    expect(pcm(header).frames).toBe(100);
  });

  it('a RIFF size that disagrees with the file size', async () => {
    const bytes = wavFile();
    bytes.writeUInt32LE(1234, 4);
    expect(codes(await headerOf('riff-size.wav', bytes))).toEqual([['size-mismatch', 'warning']]);
  });

  it('an MPEG frame with no extension', async () => {
    const header = await headerOf('mystery', Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]));
    expect(header.container).toBe('mp3');
    expect(codes(header)).toEqual([['lossy', 'warning']]);
  });

  it('a ZIP archive', async () => {
    const header = await headerOf('mixes.zip', Buffer.from('PK\x03\x04rest', 'latin1'));
    expect(codes(header)).toEqual([['not-audio', 'error']]);
    expect(header.problems[0]!.message).toBe('is a ZIP archive, not an audio file');
  });
});

describe('readAudioHeader: files that cannot be read at all', () => {
  it('throws FILE_NOT_FOUND for a missing file', async () => {
    const error = await readAudioHeader(join(folder.path, 'nope.wav')).catch((e: unknown) => e);
    expect(isTapeopError(error, 'FILE_NOT_FOUND')).toBe(true);
  });

  it('throws FILE_UNREADABLE for a folder', async () => {
    const path = join(folder.path, 'a-folder.wav');
    await mkdir(path);
    const error = await readAudioHeader(path).catch((e: unknown) => e);
    expect(isTapeopError(error, 'FILE_UNREADABLE')).toBe(true);
  });
});

describe('requireDecodable', () => {
  it('returns a header a decoder can read', async () => {
    const header = await headerOf('ok.wav', wavFile());
    expect(requireDecodable(header).stream.encoding).toBe('pcm');
  });

  it('throws PARSE_ERROR with the offset for a damaged file', async () => {
    const header = await headerOf('cut2.wav', wavFile({ frames: 1000 }).subarray(0, 100));
    const error = (() => {
      try {
        requireDecodable(header);
      } catch (e) {
        return e;
      }
    })();
    expect(isTapeopError(error, 'PARSE_ERROR')).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({
      problem: 'truncated',
      offset: 36,
    });
  });

  it('throws UNSUPPORTED for a lossy file', async () => {
    const header = await headerOf('x.mp3', Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]));
    expect(() => requireDecodable(header)).toThrow(/lossy file is not a mix/);
  });
});
