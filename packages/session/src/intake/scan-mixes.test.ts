import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIntakeProblem } from './intake-problem.js';
import { type MixScan, type ScanProgress, scanMixes } from './scan-mixes.js';
import { aiffFile, riffChunk, wavFile } from './test-support/audio-files.js';
import { makeTempFolder, runTool, writeFiles } from './test-support/temp-folder.js';

const SECOND = 44100;
let folder: { path: string; remove: () => Promise<void> };
let scan: MixScan;
const progress: ScanProgress[] = [];

beforeAll(async () => {
  folder = await makeTempFolder();
  const dir = folder.path;
  const outro = wavFile({ bits: 24, channels: 1, frames: 5 * SECOND });
  const pastEnd = riffChunk('LIST', Buffer.alloc(8));
  pastEnd.writeUInt32LE(1_000_000, 4);
  await writeFiles(dir, {
    '01 - Headlights (Master v2).wav': wavFile({ bits: 24, frames: 5 * SECOND }),
    '01 - Headlights (Master v3).wav': wavFile({ bits: 24, frames: 5 * SECOND + 10 }),
    '04 Interlude.wav': wavFile({ bits: 24, frames: 2 * SECOND }),
    '05 Outro.wav': outro,
    '06 Copy of Outro.wav': outro,
    '07 Hidden Track.wav': wavFile({ bits: 24, sampleRate: 48000, frames: 5 * 48000 }),
    '10 Ten.aif': aiffFile({ bits: 24, frames: 5 * SECOND }),
    '08 Stems.wav': wavFile({ bits: 24, channels: 6, frames: 5 * SECOND }),
    '09 Wrong Name_16-44.wav': wavFile({ bits: 24, frames: 5 * SECOND + 1 }),
    'Headlights ref.mp3': Buffer.from([0xff, 0xfb, 0x90, 0x64, ...new Array(400).fill(0)]),
    'truncated.wav': wavFile({ bits: 24, frames: 5 * SECOND }).subarray(0, 30000),
    'wrong-magic.wav': Buffer.concat([Buffer.from('RIFX'), wavFile().subarray(4)]),
    'chunk-past-end.wav': wavFile({ chunksBefore: [pastEnd] }),
    'empty.wav': Buffer.alloc(0),
    'notes.wav': 'Hi, here are the mixes. Cheers!\n',
    'Tracklist.csv': 'track,title\n1,Headlights\n',
    '.DS_Store': Buffer.alloc(10),
    '._01 - Headlights (Master v3).wav': Buffer.alloc(100),
    README: 'Delivery notes\n',
  });
  // Independent writers: sox for an AIFF, flac for a FLAC.
  runTool('sox', [
    '-n',
    '-r',
    '44100',
    '-b',
    '24',
    '-c',
    '2',
    join(dir, '02_City_Lights_MIX_v2_24b44k.aif'),
    'synth',
    '5',
    'sine',
    '330',
  ]);
  await writeFile(join(dir, 'tmp-for-flac.raw.wav'), wavFile({ bits: 24, frames: 6 * SECOND }));
  runTool('flac', [
    '-s',
    '-f',
    '-o',
    join(dir, '03 Night Drive.flac'),
    join(dir, 'tmp-for-flac.raw.wav'),
  ]);
  await (await import('node:fs/promises')).rm(join(dir, 'tmp-for-flac.raw.wav'));
  await mkdir(join(dir, 'refs'));
  await writeFile(join(dir, 'refs', '01 Headlights ref.wav'), wavFile({ frames: 5 * SECOND }));
  // v2 was modified after v3: the version number decides, not the time.
  const later = new Date(Date.now() + 60_000);
  await utimes(join(dir, '01 - Headlights (Master v2).wav'), later, later);

  scan = await scanMixes(dir, { onProgress: (p) => progress.push(p) });
});
afterAll(async () => {
  await folder.remove();
});

const byFile = (file: string) => scan.mixes.find((m) => m.relativePath === file)!;
const codesOf = (file: string) => byFile(file).problems.map((p) => `${p.code} ${p.severity}`);

describe('scanMixes on a delivery folder', () => {
  it('lists the audio files in natural order and leaves out documents, hidden and system files', () => {
    expect(scan.mixes.map((m) => m.relativePath)).toEqual([
      '01 - Headlights (Master v2).wav',
      '01 - Headlights (Master v3).wav',
      '02_City_Lights_MIX_v2_24b44k.aif',
      '03 Night Drive.flac',
      '04 Interlude.wav',
      '05 Outro.wav',
      '06 Copy of Outro.wav',
      '07 Hidden Track.wav',
      '08 Stems.wav',
      '09 Wrong Name_16-44.wav',
      '10 Ten.aif',
      'chunk-past-end.wav',
      'empty.wav',
      'Headlights ref.mp3',
      'notes.wav',
      'truncated.wav',
      'wrong-magic.wav',
    ]);
    expect(scan.ignored).toEqual([
      {
        relativePath: '._01 - Headlights (Master v3).wav',
        reason: 'a macOS AppleDouble file (resource fork), not audio',
      },
      { relativePath: '.DS_Store', reason: 'a hidden file' },
      {
        relativePath: 'README',
        reason: 'a text file, not audio (it starts with "Delivery notes")',
      },
      { relativePath: 'refs', reason: 'a folder (scan with recursive to look inside)' },
      { relativePath: 'Tracklist.csv', reason: 'a .csv file, not audio' },
    ]);
  });

  it('gives each broken file its problem entry, with the byte offset, and scans the rest', () => {
    expect(codesOf('truncated.wav')).toEqual(['truncated error']);
    expect(byFile('truncated.wav').problems[0]!.offset).toBe(36);
    expect(codesOf('wrong-magic.wav')).toEqual(['unsupported-format error']);
    expect(codesOf('chunk-past-end.wav')).toEqual([
      'chunk-past-end error',
      'missing-chunk error',
      'missing-chunk error',
    ]);
    expect(byFile('chunk-past-end.wav').problems[0]!.offset).toBe(12);
    expect(codesOf('empty.wav')).toEqual(['empty error']);
    expect(codesOf('notes.wav')).toEqual(['text-file error']);
    for (const file of [
      'truncated.wav',
      'wrong-magic.wav',
      'chunk-past-end.wav',
      'empty.wav',
      'notes.wav',
    ]) {
      expect(byFile(file).status).toBe('rejected');
    }
    expect(formatIntakeProblem(byFile('truncated.wav').problems[0]!)).toBe(
      `truncated.wav (byte 36): the data chunk at byte 36 promises ${(5 * SECOND * 6).toLocaleString('en-US')} bytes of audio, but the file ends 29,956 bytes into it`,
    );
  });

  it('reports a lossy file as a warning and does not use it', () => {
    expect(codesOf('Headlights ref.mp3')).toEqual(['lossy warning']);
    expect(byFile('Headlights ref.mp3')).toMatchObject({
      status: 'rejected',
      reason: 'a lossy file is not a mix',
    });
  });

  it('keeps the newest version of a song delivered twice and says why', () => {
    expect(byFile('01 - Headlights (Master v3).wav').status).toBe('selected');
    expect(byFile('01 - Headlights (Master v2).wav').status).toBe('superseded');
    expect(scan.choices).toEqual([
      {
        title: 'Headlights',
        kept: '01 - Headlights (Master v3).wav',
        keptVersion: 'Master v3',
        leftOut: [{ file: '01 - Headlights (Master v2).wav', version: 'Master v2' }],
        rule: 'version number',
      },
    ]);
    expect(byFile('01 - Headlights (Master v2).wav').problems.map(formatIntakeProblem)).toEqual([
      '01 - Headlights (Master v2).wav: is another version of "Headlights"; 01 - Headlights (Master v3).wav (Master v3) was kept (by version number) over this one (Master v2)',
    ]);
  });

  it('finds duplicate content by hash', () => {
    expect(byFile('06 Copy of Outro.wav')).toMatchObject({ status: 'duplicate' });
    expect(codesOf('06 Copy of Outro.wav')).toEqual(['mono warning', 'duplicate-content warning']);
  });

  it('warns about mono, multichannel, short mixes, names that lie and an odd sample rate', () => {
    expect(codesOf('05 Outro.wav')).toEqual(['mono warning']);
    expect(codesOf('08 Stems.wav')).toEqual(['multichannel warning']);
    expect(codesOf('04 Interlude.wav')).toEqual(['too-short warning']);
    expect(codesOf('09 Wrong Name_16-44.wav')).toEqual(['name-format-mismatch warning']);
    expect(codesOf('07 Hidden Track.wav')).toEqual(['mismatched-sample-rate warning']);
    expect(byFile('07 Hidden Track.wav').problems[0]!.message).toBe(
      'is 48000 Hz while 8 other mix(es) are 44100 Hz',
    );
    expect(codesOf('05 Outro.wav')).not.toContain('mismatched-bit-depth warning');
    expect(scan.album).toEqual({ sampleRate: 44100, bitDepth: 24 });
  });

  it('reads format facts, duration and a SHA-256 that matches the file', async () => {
    const flac = byFile('03 Night Drive.flac');
    expect(flac.header?.stream).toMatchObject({
      encoding: 'flac',
      sampleRate: 44100,
      frames: 6 * SECOND,
      durationSec: 6,
    });
    expect(flac.name).toMatchObject({ trackNumber: 3, title: 'Night Drive' });
    const bytes = await readFile(flac.path);
    expect(flac.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(flac.sizeBytes).toBe(bytes.length);
    const aiff = byFile('02_City_Lights_MIX_v2_24b44k.aif');
    expect(aiff.status).toBe('selected');
    expect(aiff.name).toMatchObject({
      trackNumber: 2,
      title: 'City Lights',
      versionLabel: 'MIX v2',
    });
    expect(aiff.header?.stream?.frames).toBe(Number(runTool('soxi', ['-s', aiff.path])));
  });

  it('selects the usable mixes', () => {
    expect(scan.selected.map((m) => m.relativePath)).toEqual([
      '01 - Headlights (Master v3).wav',
      '02_City_Lights_MIX_v2_24b44k.aif',
      '03 Night Drive.flac',
      '04 Interlude.wav',
      '05 Outro.wav',
      '07 Hidden Track.wav',
      '08 Stems.wav',
      '09 Wrong Name_16-44.wav',
      '10 Ten.aif',
    ]);
    expect(scan.hashed).toBe(true);
    expect(scan.problems.filter((p) => p.code === 'no-mixes')).toEqual([]);
  });

  it('reports progress of the headers and of the hashing, up to every byte', () => {
    const headers = progress.filter((p) => p.phase === 'headers');
    expect(headers).toHaveLength(scan.mixes.length + 1); // README was read, then left out
    expect(headers.at(-1)!.filesDone).toBe(headers.at(-1)!.fileCount);
    const hashing = progress.filter((p) => p.phase === 'hashing');
    const last = hashing.at(-1)!;
    expect(last.bytesDone).toBe(last.bytesTotal);
    const hashedBytes = scan.mixes.filter((m) => m.sha256).reduce((n, m) => n + m.sizeBytes, 0);
    expect(last.bytesTotal).toBe(hashedBytes);
    for (let i = 1; i < hashing.length; i++) {
      expect(hashing[i]!.bytesDone).toBeGreaterThanOrEqual(hashing[i - 1]!.bytesDone);
    }
  });
});

describe('scanMixes options and failures', () => {
  it('skips hashing when asked (and so does not look for duplicate content)', async () => {
    const quick = await scanMixes(folder.path, { hash: false });
    expect(quick.hashed).toBe(false);
    expect(quick.mixes.every((m) => m.sha256 === undefined)).toBe(true);
    expect(quick.mixes.find((m) => m.relativePath === '06 Copy of Outro.wav')!.status).toBe(
      'selected',
    );
  });

  it('looks into subfolders when recursive', async () => {
    const deep = await scanMixes(folder.path, { hash: false, recursive: true });
    expect(deep.mixes.map((m) => m.relativePath)).toContain('refs/01 Headlights ref.wav');
  });

  it('follows a link to a folder once, even when it leads back up (a link cycle)', async () => {
    const looped = await makeTempFolder();
    try {
      await writeFiles(looped.path, { '01 Song.wav': wavFile({ frames: 5 * SECOND }) });
      await mkdir(join(looped.path, 'extra'));
      await writeFiles(join(looped.path, 'extra'), {
        '02 Other.wav': wavFile({ frames: 5 * SECOND }),
      });
      await symlink('..', join(looped.path, 'extra', 'up'));
      await symlink('extra', join(looped.path, 'also extra'));
      const deep = await scanMixes(looped.path, { hash: false, recursive: true });
      expect(deep.mixes.map((m) => m.relativePath)).toEqual(['01 Song.wav', 'extra/02 Other.wav']);
      expect(deep.ignored).toEqual([
        { relativePath: 'also extra', reason: 'a link to a folder scanned as extra' },
        { relativePath: 'extra/up', reason: 'a link to a folder scanned as the scanned folder' },
      ]);
    } finally {
      await looped.remove();
    }
  });

  it('throws for a folder that does not exist, and CANCELLED when aborted', async () => {
    const missing = await scanMixes(join(folder.path, 'nope')).catch((e: unknown) => e);
    expect(isTapeopError(missing, 'FILE_NOT_FOUND')).toBe(true);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await scanMixes(folder.path, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(isTapeopError(cancelled, 'CANCELLED')).toBe(true);
  });

  it('reports a folder without usable mixes', async () => {
    const empty = await makeTempFolder();
    try {
      await writeFiles(empty.path, { 'a.wav': Buffer.alloc(0), 'b.txt': 'x' });
      const result = await scanMixes(empty.path);
      expect(result.selected).toEqual([]);
      expect(result.problems.map((p) => p.code)).toEqual(['empty', 'no-mixes']);
    } finally {
      await empty.remove();
    }
  });

  it('keeps the higher resolution when the same version comes in two formats', async () => {
    const two = await makeTempFolder();
    try {
      await writeFiles(two.path, {
        'Song (Master v1) 16-44.wav': wavFile({ bits: 16, frames: 5 * SECOND }),
        'Song (Master v1) 24-96.wav': wavFile({ bits: 24, sampleRate: 96000, frames: 5 * 96000 }),
      });
      const result = await scanMixes(two.path, { hash: false });
      expect(result.choices).toEqual([
        {
          title: 'Song',
          kept: 'Song (Master v1) 24-96.wav',
          keptVersion: 'Master v1',
          leftOut: [{ file: 'Song (Master v1) 16-44.wav', version: 'Master v1' }],
          rule: 'resolution',
        },
      ]);
    } finally {
      await two.remove();
    }
  });
});
