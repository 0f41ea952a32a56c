import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSamples } from '../measure/measure-samples.js';
import { synthesize } from '../testing/synthetic-audio.js';
import { makeTempFolder } from '../testing/temp-folder.js';
import { writeWav } from '../write/wav-writer.js';
import { type AlbumProgress, analyzeAlbum } from './analyze-album.js';
import { closeAnalysisWorkers } from './worker-pool.js';

let folder: { path: string; remove: () => Promise<void> };
const songs: string[] = [];
const signals: Float32Array[][] = [];
beforeAll(async () => {
  folder = await makeTempFolder();
  for (const [i, gain] of [0.5, 1, 0.25].entries()) {
    const x = synthesize({
      material: 'music',
      sampleRate: 44100,
      channels: 2,
      seconds: 12,
      seed: i + 20,
    });
    const scaled = x.map((c) => c.map((v) => v * gain));
    signals.push(scaled);
    const path = join(folder.path, `0${i + 1} song.wav`);
    writeWav(path, scaled, {
      sampleRate: 44100,
      channels: 2,
      bitsPerSample: 32,
      sampleFormat: 'float',
    });
    songs.push(path);
  }
});
afterAll(async () => {
  await closeAnalysisWorkers();
  await folder.remove();
});

describe('analyzeAlbum', () => {
  it('measures every song in worker threads, keeps going past a bad file, and sums up the album', async () => {
    const bad = join(folder.path, '02b broken.wav');
    await writeFile(bad, 'RIFF....WAVEjunk');
    const paths = [songs[0]!, bad, songs[1]!, songs[2]!];
    const progress: AlbumProgress[] = [];
    const done: number[] = [];
    const result = await analyzeAlbum(paths, {
      concurrency: 2,
      onProgress: (p) => progress.push(p),
      onFile: (_entry, index) => done.push(index),
    });
    expect(result.files.map((f) => f.status)).toEqual(['ok', 'failed', 'ok', 'ok']);
    const failure = result.files[1]!;
    expect(failure.status === 'failed' && failure.error.code).toBe('PARSE_ERROR');
    expect(failure.status === 'failed' && failure.error.message).toContain(bad);
    expect(failure.path).toBe(bad);
    expect(done.sort()).toEqual([0, 1, 2, 3]);
    expect(progress.some((p) => p.fileIndex === 3)).toBe(true);
    expect(progress.at(-1)!.albumFraction).toBeGreaterThan(0.5);

    const album = result.album!;
    expect(album.fileCount).toBe(3);
    expect(album.durationSec).toBe(36);
    expect(album.loudest?.path).toBe(songs[1]);
    expect(album.quietest?.path).toBe(songs[2]);
    // Gains 1 and 0.25 are 12.04 dB apart.
    expect(album.spreadLu).toBeCloseTo(12.04, 1);
    const ok = result.files.filter((f) => f.status === 'ok');
    expect(album.truePeakDbtp).toBe(Math.max(...ok.map((f) => f.truePeakDbtp!)));
    // Album loudness over the whole sequence: the songs played one after the other.
    const sequence = [0, 1].map((c) => {
      const out = new Float32Array(signals.reduce((n, s) => n + s[c]!.length, 0));
      let at = 0;
      for (const s of signals) {
        out.set(s[c]!, at);
        at += s[c]!.length;
      }
      return out;
    });
    const whole = measureSamples(sequence, 44100);
    expect(Math.abs(album.integratedLufs! - whole.integratedLufs!)).toBeLessThan(0.05);
  });

  it('gives the same figures in this thread as in worker threads', async () => {
    const [threaded, inline] = await Promise.all([
      analyzeAlbum(songs, { concurrency: 2 }),
      analyzeAlbum(songs, { threads: false }),
    ]);
    expect(inline).toEqual(threaded);
  });

  it('returns no album figures when no file could be read', async () => {
    const result = await analyzeAlbum([join(folder.path, 'missing.wav')], { threads: false });
    expect(result.album).toBeNull();
    expect(result.files[0]).toMatchObject({ status: 'failed', error: { code: 'FILE_NOT_FOUND' } });
  });
});
