import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem, validateNote, validateQcReport } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlbumAnalysis, analyzeAlbum } from '../analyze/analyze-album.js';
import { closeAnalysisWorkers } from '../analyze/worker-pool.js';
import { synthesize } from '../testing/synthetic-audio.js';
import { makeTempFolder } from '../testing/temp-folder.js';
import { writeWav } from '../write/wav-writer.js';
import { qcReportToNotes } from './qc-notes.js';
import { buildQcReport } from './qc-report.js';
import { formatQcReport } from './qc-text.js';

let folder: { path: string; remove: () => Promise<void> };
let album: AlbumAnalysis;
let paths: { loud: string; quiet: string; hires: string; broken: string };
beforeAll(async () => {
  folder = await makeTempFolder();
  paths = {
    loud: join(folder.path, '01 Loud Master.wav'),
    quiet: join(folder.path, '02 Quiet Ballad.wav'),
    hires: join(folder.path, '03 Mix 24-96.wav'),
    broken: join(folder.path, '04 Broken.wav'),
  };
  // A clipped, loud CD master that starts and ends abruptly.
  writeWav(
    paths.loud,
    synthesize({
      material: 'clipped-master',
      gain: 4,
      sampleRate: 44100,
      channels: 2,
      seconds: 10,
      seed: 1,
    }).map((c) => {
      c[0] = 0.8;
      c[c.length - 1] = 0.8;
      return c;
    }),
    { sampleRate: 44100, channels: 2, bitsPerSample: 16 },
  );
  // A quiet song with a DC offset and a polarity-inverted right channel.
  const quiet = synthesize({
    material: 'music',
    sampleRate: 44100,
    channels: 2,
    seconds: 10,
    seed: 2,
  });
  writeWav(paths.quiet, [quiet[0]!.map((v) => v * 0.2 + 0.005), quiet[0]!.map((v) => -v * 0.2)], {
    sampleRate: 44100,
    channels: 2,
    bitsPerSample: 16,
  });
  writeWav(
    paths.hires,
    synthesize({ material: 'music', sampleRate: 96000, channels: 2, seconds: 10, seed: 3 }),
    { sampleRate: 96000, channels: 2, bitsPerSample: 24 },
  );
  await writeFile(paths.broken, 'not audio at all');
  album = await analyzeAlbum(Object.values(paths), { concurrency: 2 });
});
afterAll(async () => {
  await closeAnalysisWorkers();
  await folder.remove();
});

describe('buildQcReport', () => {
  it('makes a valid QcReport.1 with the findings of each file', () => {
    const report = buildQcReport(album, {
      targets: ['cd', 'spotify', 'apple-music', 'youtube', 'ebu-r128'],
      songIds: { [paths.loud]: 'loud-master' },
      createdAt: new Date('2026-11-24T10:00:00Z'),
    });
    const valid = validateQcReport(report);
    expect(valid.ok ? [] : valid.problems.map(formatProblem)).toEqual([]);
    expect(report.targets.map((t) => [t.id, t.status])).toEqual([
      ['cd', 'official'],
      ['spotify', 'official'],
      ['apple-music', 'measured'],
      ['youtube', 'measured'],
      ['ebu-r128', 'official'],
    ]);
    const [loud, quiet, hires, broken] = report.files;
    const ids = (f: typeof loud) =>
      f!.checks
        .filter((c) => c.severity !== 'pass' && c.severity !== 'info')
        .map((c) => `${c.target ?? ''}:${c.id}:${c.severity}`);
    expect(loud!.songId).toBe('loud-master');
    expect(ids(loud)).toEqual(
      expect.arrayContaining([
        ':clipping:error',
        ':head:warning',
        ':tail:warning',
        'spotify:true-peak:warning',
        'ebu-r128:loudness:error',
      ]),
    );
    expect(loud!.checks.find((c) => c.target === 'cd')?.severity).toBe('pass');
    expect(ids(quiet)).toEqual(expect.arrayContaining([':dc-offset:warning', ':phase:warning']));
    expect(quiet!.checks.some((c) => c.id === 'clipping' && c.severity === 'error')).toBe(false);
    expect(hires!.checks.find((c) => c.target === 'cd')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('96 kHz, 24-bit, stereo'),
    });
    expect(broken).toMatchObject({ status: 'failed', error: { code: 'PARSE_ERROR' } });
    expect(report.summary.verdict).toBe('error');
    expect(report.summary.failedFiles).toBe(1);
    // Spotify turns the loud master down; Apple Music's figure is labelled as measured.
    const spotify = loud!.checks.find((c) => c.target === 'spotify' && c.id === 'loudness')!;
    expect(spotify.message).toMatch(/Spotify turns it down by \d+\.\d dB/);
    const apple = loud!.checks.find((c) => c.target === 'apple-music')!;
    expect(apple.message).toContain('measured by others');
    expect(report.album?.checks.length).toBeGreaterThan(0);
  });

  it('reads as a short text for people', () => {
    const text = formatQcReport(buildQcReport(album, { targets: ['cd', 'spotify'] }));
    expect(text).toContain('01 Loud Master.wav  44.1 kHz 16-bit stereo  0:10');
    expect(text).toMatch(
      /✗ \d+ clipping run\(s\) of 3 or more full-scale samples, the first at 0:\d\d\.\d{3} on [LR]/,
    );
    expect(text).toContain('✗ 04 Broken.wav: not analysed');
    expect(text).toMatch(/Album {2}3 songs/);
    expect(text).toMatch(/Verdict: ERROR \(\d+ errors?, \d+ warnings?, 1 file not analysed\)/);
  });

  it('turns into valid qc notes for the journal, one per file and one for the album', () => {
    const report = buildQcReport(album, { songIds: { [paths.quiet]: 'quiet-ballad' } });
    const notes = qcReportToNotes(report, { author: 'assistant' });
    expect(notes).toHaveLength(5);
    for (const note of notes) {
      const result = validateNote(note);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
      expect(note.kind).toBe('qc');
    }
    expect(notes[1]!.scope).toEqual({ kind: 'song', songId: 'quiet-ballad' });
    expect(notes[0]!.scope).toEqual({ kind: 'session' });
    expect(notes[0]!.text).toMatch(/^QC 01 Loud Master\.wav: I −\d+\.\d LUFS, TP [+−]\d\.\d dBTP/);
    expect((notes[0]!.data as { figures: { integratedLufs: number } }).figures.integratedLufs).toBe(
      report.files[0]!.figures!.integratedLufs,
    );
    expect(notes.map((n) => n.id)).toEqual([...notes.map((n) => n.id)].sort());
    expect(notes[4]!.tags).toEqual(['qc', 'album']);
  });
});
