import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSamples } from '../measure/measure-samples.js';
import { synthesize } from '../testing/synthetic-audio.js';
import { makeTempFolder, runTool } from '../testing/temp-folder.js';
import { writeWav } from '../write/wav-writer.js';
import { type AnalysisProgress, analyzeFile } from './analyze-file.js';
import type { FileAnalysis } from './file-analysis.js';

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await makeTempFolder();
});
afterAll(async () => {
  await folder.remove();
});

const quantize = (x: Float32Array[], bits: number) =>
  x.map((c) =>
    c.map(
      (v) =>
        Math.max(
          -(2 ** (bits - 1)),
          Math.min(2 ** (bits - 1) - 1, Math.round(v * 2 ** (bits - 1))),
        ) /
        2 ** (bits - 1),
    ),
  );

function tone(seconds: number, rate: number, amplitude: number, frequency = 1000): Float32Array {
  const x = new Float32Array(Math.round(seconds * rate));
  for (let n = 0; n < x.length; n++)
    x[n] = amplitude * Math.sin((2 * Math.PI * frequency * n) / rate);
  return x;
}

function join3(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('analyzeFile', () => {
  it('measures a file exactly as the same samples in memory, and reports progress', async () => {
    const x = synthesize({
      material: 'music',
      sampleRate: 44100,
      channels: 2,
      seconds: 20,
      seed: 7,
    });
    const path = join(folder.path, 'song.wav');
    writeWav(path, x, { sampleRate: 44100, channels: 2, bitsPerSample: 24 });
    const progress: AnalysisProgress[] = [];
    const analysis = await analyzeFile(path, { onProgress: (p) => progress.push(p) });
    const memory = measureSamples(quantize(x, 24), 44100, {
      sampleFormat: 'int',
      bitsPerSample: 24,
    });
    expect(analysis.integratedLufs).toBe(Math.round(memory.integratedLufs! * 100) / 100);
    expect(analysis.format).toMatchObject({
      container: 'wav',
      sampleRate: 44100,
      channels: 2,
      bitsPerSample: 24,
      frames: 882000,
      durationSec: 20,
      channelLayout: ['L', 'R'],
    });
    expect(analysis.truePeakOversampling).toBe(4);
    expect(analysis.plrDb).toBeCloseTo(analysis.truePeakDbtp! - analysis.integratedLufs!, 1);
    expect(analysis.truePeakDbtp!).toBeGreaterThanOrEqual(analysis.samplePeakDbfs!);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toMatchObject({ framesDone: 882000, frames: 882000, fraction: 1 });
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.framesDone).toBeGreaterThan(progress[i - 1]!.framesDone);
  });

  it('gives the same figures for the same audio as WAV, AIFF and FLAC', async () => {
    const x = synthesize({
      material: 'music',
      sampleRate: 48000,
      channels: 2,
      seconds: 8,
      seed: 3,
    });
    const wav = join(folder.path, 'same.wav');
    writeWav(wav, x, { sampleRate: 48000, channels: 2, bitsPerSample: 16 });
    const aiff = join(folder.path, 'same.aiff');
    const flac = join(folder.path, 'same.flac');
    runTool('sox', [wav, aiff]);
    runTool('flac', ['-s', '-f', '-o', flac, wav]);
    const [a, b, c] = (await Promise.all([wav, aiff, flac].map((p) => analyzeFile(p)))) as [
      FileAnalysis,
      FileAnalysis,
      FileAnalysis,
    ];
    const figures = (r: FileAnalysis) => {
      const { path: _path, format: _format, ...rest } = r;
      return rest;
    };
    expect(figures(b)).toEqual(figures(a));
    expect(figures(c)).toEqual(figures(a));
    expect(c.format.container).toBe('flac');
  });

  it('finds clipping runs with their positions (16-bit: +32767 and −32768 are full scale)', async () => {
    const rate = 44100;
    const left = tone(2, rate, 0.5);
    const right = tone(2, rate, 0.5);
    for (let i = 0; i < 5; i++) left[1000 + i] = 1; // a run of 5 at frame 1000
    for (let i = 0; i < 2; i++) left[5000 + i] = -1; // 2 samples: under the minimum run
    for (let i = 0; i < 3; i++) right[60000 + i] = -1; // a run of 3 on the right
    const path = join(folder.path, 'clipped.wav');
    writeWav(path, [left, right], { sampleRate: rate, channels: 2, bitsPerSample: 16 });
    const r = await analyzeFile(path);
    expect(r.clipping).toMatchObject({ minRun: 3, runCount: 2, clippedSamples: 10 });
    expect(r.clipping.runs).toEqual([
      { channel: 0, startFrame: 1000, startSec: Math.round((1000 / rate) * 1e4) / 1e4, length: 5 },
      {
        channel: 1,
        startFrame: 60000,
        startSec: Math.round((60000 / rate) * 1e4) / 1e4,
        length: 3,
      },
    ]);
    expect(r.clipping.thresholdDbfs).toBeCloseTo(20 * Math.log10(32767 / 32768), 3);
    expect(r.samplePeakDbfs).toBe(0);
    const strict = await analyzeFile(path, { clipMinRun: 2, maxClipRuns: 1 });
    expect(strict.clipping.runCount).toBe(3);
    expect(strict.clipping.runs).toHaveLength(1);
  });

  it('measures head and tail silence, DC offset and correlation', async () => {
    const rate = 48000;
    const body = tone(3, rate, 0.3);
    const left = join3(new Float32Array(rate / 2), body, new Float32Array(1.2 * rate));
    const inverted = left.map((v) => -v);
    const withDc = left.map((v) => v + 0.01);
    const path = join(folder.path, 'edges.wav');
    writeWav(path, [left, inverted], { sampleRate: rate, channels: 2, bitsPerSample: 24 });
    const r = await analyzeFile(path);
    // The sine starts at 0: the first sample above −60 dBFS is a few samples in.
    expect(r.headSilenceSec).toBeGreaterThanOrEqual(0.5);
    expect(r.headSilenceSec).toBeLessThan(0.501);
    expect(r.tailSilenceSec).toBeGreaterThanOrEqual(1.2);
    expect(r.tailSilenceSec).toBeLessThan(1.201);
    expect(r.correlation).toBe(-1);
    expect(r.dcOffset[0]).toBeCloseTo(0, 6);

    const dcPath = join(folder.path, 'dc.wav');
    writeWav(dcPath, [withDc, left], { sampleRate: rate, channels: 2, bitsPerSample: 24 });
    const dc = await analyzeFile(dcPath);
    expect(dc.dcOffset[0]).toBeCloseTo(0.01, 5);
    expect(dc.channels[0]!.dcOffset).toBeCloseTo(0.01, 5);
    expect(dc.headSilenceSec).toBe(0); // the DC alone is above −60 dBFS
    expect(dc.correlation).toBeGreaterThan(0.9);
  });

  it('reports NaN and infinite samples and measures them as silence', async () => {
    const rate = 48000;
    const x = synthesize({
      material: 'music',
      sampleRate: rate,
      channels: 2,
      seconds: 6,
      seed: 11,
    });
    const clean = x.map((c) => c.slice());
    clean[0]![100000] = 0;
    clean[1]![200001] = 0;
    const broken = x.map((c) => c.slice());
    broken[0]![100000] = Number.NaN;
    broken[1]![200001] = Number.POSITIVE_INFINITY;
    const a = join(folder.path, 'clean.wav');
    const b = join(folder.path, 'nan.wav');
    const options = {
      sampleRate: rate,
      channels: 2,
      bitsPerSample: 32,
      sampleFormat: 'float',
    } as const;
    writeWav(a, clean, options);
    writeWav(b, broken, options);
    const [ra, rb] = await Promise.all([analyzeFile(a), analyzeFile(b)]);
    expect(rb.nonFiniteSamples).toEqual({ count: 2, firstFrame: 100000 });
    expect(ra.nonFiniteSamples).toEqual({ count: 0, firstFrame: null });
    expect(rb.integratedLufs).toBe(ra.integratedLufs);
    expect(rb.truePeakDbtp).toBe(ra.truePeakDbtp);
    expect(Number.isFinite(rb.integratedLufs)).toBe(true);
  });

  it('measures silence as null levels, and a mono file with weight 1', async () => {
    const rate = 44100;
    const silent = join(folder.path, 'silent.wav');
    writeWav(silent, [new Float32Array(rate * 4), new Float32Array(rate * 4)], {
      sampleRate: rate,
      channels: 2,
      bitsPerSample: 16,
    });
    const s = await analyzeFile(silent);
    expect(s).toMatchObject({
      integratedLufs: null,
      truePeakDbtp: null,
      samplePeakDbfs: null,
      loudnessRangeLu: null,
      plrDb: null,
      correlation: null,
      headSilenceSec: 4,
      tailSilenceSec: 4,
    });
    const mono = join(folder.path, 'mono.wav');
    writeWav(mono, [tone(10, rate, 1, 997)], { sampleRate: rate, channels: 1, bitsPerSample: 24 });
    const m = await analyzeFile(mono);
    expect(m.format.channelLayout).toEqual(['mono']);
    expect(Math.abs(m.integratedLufs! + 3.01)).toBeLessThan(0.02);
  });

  it('stops when cancelled', async () => {
    const path = join(folder.path, 'long.wav');
    writeWav(
      path,
      synthesize({ material: 'pink-noise', sampleRate: 48000, channels: 2, seconds: 10, seed: 1 }),
      {
        sampleRate: 48000,
        channels: 2,
        bitsPerSample: 16,
      },
    );
    const controller = new AbortController();
    const error = await analyzeFile(path, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(isTapeopError(error, 'CANCELLED')).toBe(true);
  });
});
