import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, SyntheticAudio } from '../testing/synthetic-audio.js';
import { makeTempFolder, runTool } from '../testing/temp-folder.js';
import { writeWav } from '../write/wav-writer.js';
import { openAudio } from './audio-reader.js';

// tapeop's own FLAC decoder against the reference decoder: every file is encoded with `flac`
// and decoded by `flac -d`; our samples must be the same, sample for sample.

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await makeTempFolder();
});
afterAll(async () => {
  await folder.remove();
});

async function readAll(path: string): Promise<Float32Array[]> {
  const reader = await openAudio(path);
  const { channels, frames } = reader.format;
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for await (const block of reader) {
    block.channels.forEach((c, i) => {
      out[i]!.set(c, block.startFrame);
    });
  }
  return out;
}

/** Material that makes the encoder use every subframe type and residual coding. */
function material(kind: string, channels: number, frames: number, rate: number): Float32Array[] {
  const random = prng(frames + channels);
  if (kind === 'music' || kind === 'clipped') {
    const generator = new SyntheticAudio({
      material: kind === 'music' ? 'music' : 'clipped-master',
      gain: kind === 'music' ? 0.7 : 2.5,
      sampleRate: rate,
      channels,
      seconds: frames / rate,
      seed: 5,
    });
    const out = Array.from({ length: channels }, () => new Float32Array(frames));
    generator.fill(out);
    return out;
  }
  return Array.from({ length: channels }, (_, c) => {
    const x = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      const t = i / rate;
      if (kind === 'noise')
        x[i] = (random() * 2 - 1) * 0.999; // verbatim and escaped partitions
      else if (kind === 'mixed') {
        // Silence, a DC step, a square wave, a loud sine with noise bursts: CONSTANT, FIXED
        // and LPC subframes, long Rice quotients at the bursts.
        const part = Math.floor((4 * i) / frames);
        x[i] =
          part === 0
            ? 0
            : part === 1
              ? 0.25 * (c + 1)
              : part === 2
                ? Math.sin(2 * Math.PI * 55 * t) > 0
                  ? 0.5
                  : -0.5
                : 0.6 * Math.sin(2 * Math.PI * 440 * (c + 1) * t) +
                  (i % 5000 < 40 ? (random() - 0.5) * 0.8 : 0);
      }
    }
    return x;
  });
}

describe('FLAC decoder: the same samples as flac -d', () => {
  const cases: Array<
    [string, { channels: number; bits: number; rate: number; kind: string; flags: string[] }]
  > = [
    [
      '24-bit stereo music, -5',
      { channels: 2, bits: 24, rate: 96000, kind: 'music', flags: ['-5'] },
    ],
    [
      '16-bit stereo music, -8 (LPC order 12, exhaustive precision)',
      { channels: 2, bits: 16, rate: 44100, kind: 'music', flags: ['-8', '-p'] },
    ],
    [
      '24-bit clipped master, -0 (FIXED predictors)',
      { channels: 2, bits: 24, rate: 48000, kind: 'clipped', flags: ['-0'] },
    ],
    [
      '24-bit stereo, LPC order 32, 4608-sample blocks',
      {
        channels: 2,
        bits: 24,
        rate: 48000,
        kind: 'music',
        flags: ['--lax', '-l', '32', '-b', '4608', '-r', '8'],
      },
    ],
    [
      '16-bit stereo full-scale noise (verbatim, escapes)',
      { channels: 2, bits: 16, rate: 44100, kind: 'noise', flags: ['-5', '-e'] },
    ],
    [
      '24-bit silence, DC, square, bursts; independent channels',
      { channels: 2, bits: 24, rate: 44100, kind: 'mixed', flags: ['-5', '--no-mid-side'] },
    ],
    [
      '16-bit 6 channels, -5',
      { channels: 6, bits: 16, rate: 48000, kind: 'mixed', flags: ['-5', '--channel-map=none'] },
    ],
    [
      '24-bit mono, 192-sample blocks, -8',
      { channels: 1, bits: 24, rate: 96000, kind: 'music', flags: ['-8', '-b', '192'] },
    ],
    [
      '20-bit in 24-bit words (wasted bits)',
      { channels: 2, bits: 24, rate: 44100, kind: 'wasted', flags: ['-5'] },
    ],
  ];

  it.each(cases)('%s', async (name, { channels, bits, rate, kind, flags }) => {
    const frames = 3 * 32768 + 1234;
    const slug = name.replace(/[^a-z0-9]+/gi, '-');
    let x = material(kind === 'wasted' ? 'music' : kind, channels, frames, rate);
    if (kind === 'wasted') {
      // 20 significant bits: the 4 low bits of every 24-bit word are zero.
      x = x.map((c) => c.map((v) => Math.round(v * 2 ** 19) / 2 ** 19));
    }
    const source = join(folder.path, `${slug}.wav`);
    writeWav(source, x, { sampleRate: rate, channels, bitsPerSample: bits });
    const flac = join(folder.path, `${slug}.flac`);
    runTool('flac', ['-s', '-f', ...flags, '-o', flac, source]);
    const reference = join(folder.path, `${slug}.ref.wav`);
    runTool('flac', ['-s', '-f', '-d', '-o', reference, flac]);
    const [ours, theirs] = await Promise.all([readAll(flac), readAll(reference)]);
    expect(ours.length).toBe(channels);
    for (let c = 0; c < channels; c++) {
      expect(ours[c]!.length).toBe(frames);
      let differences = 0;
      for (let i = 0; i < frames; i++) if (ours[c]![i] !== theirs[c]![i]) differences++;
      expect(differences).toBe(0);
    }
  });

  it('refuses a FLAC file cut inside a frame, naming the byte offset', async () => {
    const source = join(folder.path, 'to-cut.wav');
    writeWav(source, material('music', 2, 50000, 44100), {
      sampleRate: 44100,
      channels: 2,
      bitsPerSample: 16,
    });
    const path = join(folder.path, 'cut.flac');
    runTool('flac', ['-s', '-f', '-o', path, source]);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const error = await readAll(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTapeopError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('PARSE_ERROR');
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/byte \d+/);
  });

  it('refuses a frame whose CRC-16 does not match, naming the byte offset', async () => {
    const source = join(folder.path, 'to-flip.wav');
    writeWav(source, material('music', 2, 50000, 44100), {
      sampleRate: 44100,
      channels: 2,
      bitsPerSample: 16,
    });
    const path = join(folder.path, 'flipped.flac');
    runTool('flac', ['-s', '-f', '-o', path, source]);
    const bytes = await readFile(path);
    // One bit in the middle of the audio: only the CRC-16 can tell.
    const at = Math.floor(bytes.length * 0.7);
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(path, bytes);
    const error = await readAll(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTapeopError(error)).toBe(true);
    expect((error as Error).message).toMatch(/damaged FLAC frame at byte \d+/);
  });
});
