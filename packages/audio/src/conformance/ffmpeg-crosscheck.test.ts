// Cross-check against an independent meter: FFmpeg's ebur128 filter (installed by .ci/run).
// Integrated loudness must agree within 0.1 LU on every kind of material; true peak and
// loudness range are compared loosely (FFmpeg resamples to 192 kHz for its true peak and
// reads LRA from a histogram). FFmpeg, like libebur128, appends no silence for the loudness
// range, so ours is compared with that padding turned off (lraPaddingSeconds: 0).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../analyze/analyze-file.js';
import { type Material, synthesize } from '../testing/synthetic-audio.js';
import { makeTempFolder, runTool } from '../testing/temp-folder.js';
import { type WavWriterOptions, writeWav } from '../write/wav-writer.js';

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await makeTempFolder();
});
afterAll(async () => {
  await folder.remove();
});

interface FfmpegFigures {
  integratedLufs: number;
  loudnessRangeLu: number;
  truePeakDbtp: number;
}

/** Runs ffmpeg's ebur128 and reads the final integrated loudness to 3 decimals. */
export function ffmpegEbur128(path: string): FfmpegFigures {
  const output = runTool('ffmpeg', [
    '-nostats',
    '-hide_banner',
    '-i',
    path,
    '-af',
    'ebur128=peak=true:metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=-',
    '-f',
    'null',
    '-',
  ]);
  const values = [...output.matchAll(/lavfi\.r128\.I=(-?[\d.]+)/g)].map((m) => Number(m[1]));
  return { integratedLufs: values.at(-1) ?? Number.NaN, ...ffmpegSummary(path) };
}

function ffmpegSummary(path: string): Omit<FfmpegFigures, 'integratedLufs'> {
  // The summary goes to stderr; run again with stderr captured through 2>&1 semantics.
  const text = runTool('sh', [
    '-c',
    `ffmpeg -nostats -hide_banner -i "${path}" -af ebur128=peak=true -f null - 2>&1`,
  ]);
  const summary = text.slice(text.lastIndexOf('Summary:'));
  const lra = /LRA:\s+(-?[\d.]+) LU/.exec(summary);
  const peak = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  return { loudnessRangeLu: Number(lra?.[1]), truePeakDbtp: Number(peak?.[1]) };
}

const cases: Array<{
  name: string;
  material: Material;
  format: WavWriterOptions;
  gain?: number;
  seconds: number;
}> = [
  {
    name: 'pink noise, 44.1 kHz 16-bit stereo',
    material: 'pink-noise',
    format: { sampleRate: 44100, channels: 2, bitsPerSample: 16 },
    seconds: 20,
  },
  {
    name: 'music-like mix, 48 kHz 24-bit stereo',
    material: 'music',
    format: { sampleRate: 48000, channels: 2, bitsPerSample: 24 },
    seconds: 40,
  },
  {
    name: 'music-like mix, 96 kHz 24-bit stereo',
    material: 'music',
    format: { sampleRate: 96000, channels: 2, bitsPerSample: 24 },
    seconds: 20,
  },
  {
    name: 'clipped loud master, 44.1 kHz 16-bit stereo',
    material: 'clipped-master',
    gain: 3.5,
    format: { sampleRate: 44100, channels: 2, bitsPerSample: 16 },
    seconds: 30,
  },
  {
    name: 'music-like mix, 32-bit float mono at 44.1 kHz',
    material: 'music',
    format: { sampleRate: 44100, channels: 1, bitsPerSample: 32, sampleFormat: 'float' },
    seconds: 20,
  },
  {
    name: 'pink noise, 5.1 at 48 kHz 24-bit (LFE excluded, surrounds +1.5 dB)',
    material: 'pink-noise',
    format: { sampleRate: 48000, channels: 6, bitsPerSample: 24, channelMask: 0x3f },
    seconds: 15,
  },
];

describe('cross-check with ffmpeg ebur128', () => {
  for (const c of cases) {
    it(`${c.name}: integrated loudness within 0.1 LU`, async () => {
      const x = synthesize({
        material: c.material,
        sampleRate: c.format.sampleRate,
        channels: c.format.channels,
        seconds: c.seconds,
        seed: c.name.length,
        ...(c.gain ? { gain: c.gain } : {}),
      });
      const path = join(folder.path, `${c.name.replace(/[^a-z0-9]+/gi, '-')}.wav`);
      writeWav(path, x, c.format);
      const ours = await analyzeFile(path, { lraPaddingSeconds: 0 });
      const theirs = ffmpegEbur128(path);
      expect(Number.isFinite(theirs.integratedLufs)).toBe(true);
      expect(Math.abs(ours.integratedLufs! - theirs.integratedLufs)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(ours.truePeakDbtp! - theirs.truePeakDbtp)).toBeLessThanOrEqual(0.5);
      if (c.seconds >= 20) {
        expect(Math.abs(ours.loudnessRangeLu! - theirs.loudnessRangeLu)).toBeLessThanOrEqual(1);
      }
    });
  }
});
