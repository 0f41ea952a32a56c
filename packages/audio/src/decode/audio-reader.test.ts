import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, runTool } from '../testing/temp-folder.js';
import { type WavWriterOptions, writeWav } from '../write/wav-writer.js';
import { openAudio } from './audio-reader.js';
import { BLOCK_FRAMES } from './block-decoder.js';

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await makeTempFolder();
});
afterAll(async () => {
  await folder.remove();
});

/** A signal that exercises every code: ramps to both full-scale ends, noise, odd length. */
function signal(channels: number, frames: number): Float32Array[] {
  return Array.from({ length: channels }, (_, c) => {
    const x = new Float32Array(frames);
    for (let i = 0; i < frames; i++) x[i] = Math.sin(i * 0.001 * (c + 1)) * (i % 7 === 0 ? 1 : 0.6);
    x[0] = -1;
    x[1] = 1;
    return x;
  });
}

/** What a decoder must return for a signal written at `bits` (the writer's rounding). */
function quantized(x: Float32Array[], bits: number, float: boolean): Float32Array[] {
  if (float) return x;
  const scale = 2 ** (bits - 1);
  return x.map((ch) =>
    ch.map((v) => Math.max(-scale, Math.min(scale - 1, Math.round(v * scale))) / scale),
  );
}

/** Compares sample arrays without handing 100,000-element diffs to the test runner. */
function expectSameSamples(got: Float32Array | undefined, want: ArrayLike<number> | undefined) {
  expect(got?.length).toBe(want?.length);
  let firstDifference = -1;
  for (let i = 0; i < (want?.length ?? 0); i++) {
    if (got![i] !== Math.fround(want![i]!)) {
      firstDifference = i;
      break;
    }
  }
  expect(
    firstDifference < 0
      ? 'identical'
      : `sample ${firstDifference}: ${got![firstDifference]} vs ${want![firstDifference]}`,
  ).toBe('identical');
}

async function readAll(path: string) {
  const reader = await openAudio(path);
  const channels = Array.from(
    { length: reader.format.channels },
    () => new Float32Array(reader.format.frames),
  );
  let blocks = 0;
  for await (const block of reader) {
    expect(block.frames).toBeLessThanOrEqual(BLOCK_FRAMES);
    block.channels.forEach((ch, c) => {
      channels[c]!.set(ch, block.startFrame);
    });
    blocks++;
  }
  return { reader, channels, blocks };
}

const formats: Array<[string, Omit<WavWriterOptions, 'sampleRate' | 'channels'>]> = [
  ['16-bit', { bitsPerSample: 16 }],
  ['24-bit', { bitsPerSample: 24 }],
  ['32-bit integer', { bitsPerSample: 32 }],
  ['32-bit float', { bitsPerSample: 32, sampleFormat: 'float' }],
  ['64-bit float', { bitsPerSample: 64, sampleFormat: 'float' }],
  ['16-bit extensible', { bitsPerSample: 16, extensible: true }],
  ['24-bit RF64', { bitsPerSample: 24, rf64: true }],
];

describe('openAudio: WAV', () => {
  for (const [name, options] of formats) {
    for (const channels of [1, 2, 6]) {
      it(`decodes ${name}, ${channels} channel(s), exactly, across blocks`, async () => {
        const frames = BLOCK_FRAMES + 1001; // two blocks, the last not a multiple of 4
        const x = signal(channels, frames);
        const path = join(folder.path, `${name}-${channels}.wav`.replace(/ /g, '_'));
        writeWav(path, x, { sampleRate: 48000, channels, ...options });
        const { reader, channels: got, blocks } = await readAll(path);
        expect(blocks).toBe(2);
        expect(reader.format).toMatchObject({
          sampleRate: 48000,
          channels,
          frames,
          bitsPerSample: options.bitsPerSample,
          sampleFormat: options.sampleFormat ?? 'int',
        });
        const want = quantized(x, options.bitsPerSample, options.sampleFormat === 'float');
        for (let c = 0; c < channels; c++) {
          // 32-bit integers and 64-bit floats are delivered as Float32: compare at that precision.
          expectSameSamples(got[c], want[c]);
        }
      });
    }
  }

  it('reports NaN and infinite samples in a float file and delivers them as 0', async () => {
    const x = signal(2, 5000);
    x[1]![1234] = Number.NaN;
    x[0]![3001] = Number.POSITIVE_INFINITY;
    x[1]![3001] = Number.NEGATIVE_INFINITY;
    const path = join(folder.path, 'nan.wav');
    writeWav(path, x, { sampleRate: 44100, channels: 2, bitsPerSample: 32, sampleFormat: 'float' });
    const { reader, channels } = await readAll(path);
    expect(reader.nonFinite).toEqual({ count: 3, firstFrame: 1234 });
    expect(channels[1]![1234]).toBe(0);
    expect(channels[0]![3001]).toBe(0);
    expect(channels[0]![3002]).toBe(x[0]![3002]);
  });
});

describe('openAudio: AIFF, AIFF-C and FLAC (written by sox and flac)', () => {
  it.each([
    ['AIFF 16-bit', 'aiff', ['-b', '16']],
    ['AIFF 24-bit', 'aiff', ['-b', '24']],
    ['AIFF-C float', 'aifc', ['-e', 'floating-point', '-b', '32']],
  ])('%s decodes like the WAV it was made from', async (_name, extension, soxArgs) => {
    const bits = soxArgs.includes('floating-point') ? 32 : Number(soxArgs[1]);
    const source = join(folder.path, `source-${extension}-${bits}.wav`);
    const x = signal(2, 20000).map((c) => c.map((v) => v * 0.9));
    writeWav(source, x, {
      sampleRate: 44100,
      channels: 2,
      bitsPerSample: bits,
      sampleFormat: soxArgs.includes('floating-point') ? 'float' : 'int',
    });
    const target = join(folder.path, `converted-${bits}.${extension}`);
    runTool('sox', [source, ...soxArgs, target]);
    // sox carries samples as 32-bit integers inside: compare with its own way back to WAV.
    const back = join(folder.path, `back-${extension}-${bits}.wav`);
    runTool('sox', [target, ...soxArgs, back]);
    const wav = await readAll(back);
    const aiff = await readAll(target);
    expect(aiff.reader.format.container).toBe(extension === 'aifc' ? 'aifc' : 'aiff');
    expect(aiff.reader.format.frames).toBe(20000);
    for (let c = 0; c < 2; c++) expectSameSamples(aiff.channels[c], wav.channels[c]);
  });

  it.each([16, 24])('FLAC %i-bit decodes like the WAV it was made from', async (bits) => {
    const source = join(folder.path, `flac-source-${bits}.wav`);
    writeWav(source, signal(2, BLOCK_FRAMES * 2 + 77), {
      sampleRate: 96000,
      channels: 2,
      bitsPerSample: bits,
    });
    const target = join(folder.path, `song-${bits}.flac`);
    runTool('flac', ['-s', '-f', '-o', target, source]);
    const wav = await readAll(source);
    const flac = await readAll(target);
    expect(flac.reader.format).toMatchObject({ container: 'flac', frames: BLOCK_FRAMES * 2 + 77 });
    for (let c = 0; c < 2; c++) expectSameSamples(flac.channels[c], wav.channels[c]);
  });
});

describe('openAudio: broken input', () => {
  const expectError = async (path: string, code: string, pattern: RegExp) => {
    const error = await readAll(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTapeopError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(pattern);
  };

  it('refuses a truncated WAV, naming the byte offset', async () => {
    const path = join(folder.path, 'cut.wav');
    writeWav(path, signal(2, 10000), { sampleRate: 48000, channels: 2, bitsPerSample: 24 });
    await truncate(path, 30001);
    await expectError(path, 'PARSE_ERROR', /byte|offset|\d{4,}/);
  });

  it('refuses a text file named .wav', async () => {
    const path = join(folder.path, 'notes.wav');
    await writeFile(path, 'Mix notes: please make the vocal louder.\n');
    await expectError(path, 'PARSE_ERROR', /text/i);
  });

  it('refuses an empty file and random bytes', async () => {
    const empty = join(folder.path, 'empty.wav');
    await writeFile(empty, '');
    await expectError(empty, 'PARSE_ERROR', /empty/);
    const noise = join(folder.path, 'noise.aif');
    await writeFile(noise, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) & 0xff)));
    await expectError(noise, 'PARSE_ERROR', /./);
  });

  it('refuses a FLAC file with a damaged frame, naming the byte offset', async () => {
    const source = join(folder.path, 'to-damage.wav');
    writeWav(source, signal(2, 100000), { sampleRate: 44100, channels: 2, bitsPerSample: 16 });
    const path = join(folder.path, 'damaged.flac');
    runTool('flac', ['-s', '-f', '-o', path, source]);
    const bytes = await readFile(path);
    const middle = Math.floor(bytes.length / 2);
    for (let i = middle; i < middle + 3000; i++) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    await writeFile(path, bytes);
    await expectError(path, 'PARSE_ERROR', /byte \d+/);
  });

  it('refuses a missing file', async () => {
    await expectError(join(folder.path, 'nowhere.wav'), 'FILE_NOT_FOUND', /does not exist/);
  });
});
