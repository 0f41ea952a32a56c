import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError, parseSession, validateSession } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionFromMixes } from './create-session.js';
import { formatIntakeProblem } from './intake-problem.js';
import { parseMetadataSheet } from './metadata-sheet.js';
import { type MixScan, scanMixes } from './scan-mixes.js';
import { aiffFile, wavFile } from './test-support/audio-files.js';
import { makeTempFolder, writeFiles } from './test-support/temp-folder.js';
import { writeSessionFile } from './write-session-file.js';

const SECOND = 44100;
let folder: { path: string; remove: () => Promise<void> };
let sessionFolder: string;
let scan: MixScan;
const now = new Date('2026-11-02T09:00:00Z');

beforeAll(async () => {
  folder = await makeTempFolder();
  sessionFolder = join(folder.path, 'Night Drive');
  const mixes = join(sessionFolder, 'mixes');
  await mkdir(mixes, { recursive: true });
  await writeFiles(mixes, {
    '01 - Headlights (Master v3).wav': wavFile({ bits: 24, frames: 5 * SECOND }),
    '02_City_Lights_MIX_v2_24b44k.wav': wavFile({ bits: 24, frames: 5 * SECOND + 1 }),
    '10 Finale.aif': aiffFile({ bits: 24, frames: 5 * SECOND + 2 }),
    '3 Night Drive.wav': wavFile({ bits: 24, frames: 5 * SECOND + 3 }),
    'Bonus.wav': wavFile({ bits: 24, frames: 5 * SECOND + 4 }),
    'broken.wav': wavFile({ bits: 24, frames: 5 * SECOND }).subarray(0, 1000),
  });
  scan = await scanMixes(mixes);
});
afterAll(async () => {
  await folder.remove();
});

describe('createSessionFromMixes without a sheet', () => {
  it('builds a valid Session.1 in track order with default gaps', () => {
    const { session, origins, problems } = createSessionFromMixes({
      scan,
      sessionFolder,
      album: { title: 'Night Drive', artist: 'The Example Band' },
      now,
      id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    });
    expect(validateSession(session).ok).toBe(true);
    expect(problems).toEqual([]);
    expect(session).toMatchObject({
      schema: 'Session.1',
      id: '01M6DQS9M05KJDM5C28CQWZXQJ',
      createdAt: '2026-11-02T09:00:00.000Z',
      album: { title: 'Night Drive', artist: 'The Example Band' },
      sampleRate: 44100,
    });
    expect(session.songs.map((s) => [s.id, s.title, s.versionLabel, s.source?.path])).toEqual([
      ['headlights', 'Headlights', 'Master v3', 'mixes/01 - Headlights (Master v3).wav'],
      ['city-lights', 'City Lights', 'MIX v2', 'mixes/02_City_Lights_MIX_v2_24b44k.wav'],
      ['night-drive', 'Night Drive', undefined, 'mixes/3 Night Drive.wav'],
      ['finale', 'Finale', undefined, 'mixes/10 Finale.aif'],
      ['bonus', 'Bonus', undefined, 'mixes/Bonus.wav'],
    ]);
    expect(session.sequence.entries).toEqual([
      { songId: 'headlights', gapSec: 0 },
      { songId: 'city-lights', gapSec: 2 },
      { songId: 'night-drive', gapSec: 2 },
      { songId: 'finale', gapSec: 2 },
      { songId: 'bonus', gapSec: 2 },
    ]);
    const source = session.songs[3]!.source!;
    expect(source).toMatchObject({
      container: 'aiff',
      codec: 'pcm-int',
      sampleRate: 44100,
      bitDepth: 24,
      channels: 2,
      frames: 5 * SECOND + 2,
      sha256: scan.mixes.find((m) => m.relativePath === '10 Finale.aif')!.sha256,
    });
    expect(source.durationSec).toBeCloseTo(5, 3);
    expect(origins[0]).toEqual({
      songId: 'headlights',
      mix: '01 - Headlights (Master v3).wav',
      sheetLine: undefined,
    });
  });

  it('takes the album title from the folder when none is given, and says so', () => {
    const { session, problems } = createSessionFromMixes({
      scan,
      sessionFolder,
      defaultGapSec: 1.5,
    });
    expect(session.album.title).toBe('Night Drive');
    expect(problems.map((p) => p.code)).toEqual(['album-title-from-folder']);
    expect(session.sequence.entries[1]!.gapSec).toBe(1.5);
  });

  it('refuses mixes outside the session folder unless external media are allowed', () => {
    const elsewhere = join(folder.path, 'other-session');
    const error = (() => {
      try {
        createSessionFromMixes({ scan, sessionFolder: elsewhere });
      } catch (e) {
        return e;
      }
    })();
    expect(isTapeopError(error, 'PATH_OUTSIDE_SESSION')).toBe(true);
    const { session } = createSessionFromMixes({
      scan,
      sessionFolder: elsewhere,
      allowExternalMedia: true,
    });
    expect(session.allowExternalMedia).toBe(true);
    expect(session.songs[0]!.source!.path).toBe(
      join(sessionFolder, 'mixes', '01 - Headlights (Master v3).wav'),
    );
    expect(validateSession(session).ok).toBe(true);
  });
});

describe('createSessionFromMixes with a metadata sheet', () => {
  const sheetText = [
    'Track;Title;Artist;Writer;ISRC;Gap;Crossfade;Version;Album;UPC',
    '1;Headlights;;A. Writer;GB-AAA-24-00001;0;;Master v3;Night Drive;5010017088439',
    '2;Night Drive;;;GBAAA2400002;2,5;;;;',
    '3;City Lights (Radio Edit);The Example Band feat. Guest;;GBAAA2400003;;1,5;v3;;',
    '4;Outro;;;;;;;;',
    '5;Finale;;;;3;;;;',
  ].join('\r\n');

  it('merges the sheet: its order, titles, credits, codes and gaps, with every conflict reported', () => {
    const sheet = parseMetadataSheet(sheetText, { fileName: 'Tracklist.csv' });
    const { session, origins, problems } = createSessionFromMixes({
      scan,
      sessionFolder,
      sheet,
      now,
    });
    expect(validateSession(session).ok).toBe(true);
    expect(session.album).toEqual({ title: 'Night Drive', upc: '5010017088439' });
    expect(session.songs.map((s) => [s.id, s.title, s.isrc, s.performer, s.songwriter])).toEqual([
      ['headlights', 'Headlights', 'GBAAA2400001', undefined, 'A. Writer'],
      ['night-drive', 'Night Drive', 'GBAAA2400002', undefined, undefined],
      [
        'city-lights-radio-edit',
        'City Lights (Radio Edit)',
        'GBAAA2400003',
        'The Example Band feat. Guest',
        undefined,
      ],
      ['finale', 'Finale', undefined, undefined, undefined],
      ['bonus', 'Bonus', undefined, undefined, undefined],
    ]);
    expect(session.sequence.entries).toEqual([
      { songId: 'headlights', gapSec: 0 },
      { songId: 'night-drive', gapSec: 2.5 },
      { songId: 'city-lights-radio-edit', gapSec: 0, crossfadeSec: 1.5 },
      { songId: 'finale', gapSec: 3 },
      { songId: 'bonus', gapSec: 2 },
    ]);
    expect(origins.map((o) => [o.mix, o.sheetLine])).toEqual([
      ['01 - Headlights (Master v3).wav', 2],
      ['3 Night Drive.wav', 3],
      ['02_City_Lights_MIX_v2_24b44k.wav', 4],
      ['10 Finale.aif', 6],
      ['Bonus.wav', undefined],
    ]);
    expect(problems.map(formatIntakeProblem)).toEqual([
      'Tracklist.csv line 3, Track: the sheet puts "Night Drive" at track 2, the file name 3 Night Drive.wav at 3; the sheet\'s order was used',
      'Tracklist.csv line 4, Title: the sheet\'s title "City Lights (Radio Edit)" differs from "City Lights" in the file name 02_City_Lights_MIX_v2_24b44k.wav; the sheet\'s title was used',
      'Tracklist.csv line 4, Track: the sheet puts "City Lights (Radio Edit)" at track 3, the file name 02_City_Lights_MIX_v2_24b44k.wav at 2; the sheet\'s order was used',
      'Tracklist.csv line 4, Version: the sheet asks for version "v3", but the mix delivered is 02_City_Lights_MIX_v2_24b44k.wav (MIX v2)',
      'Tracklist.csv line 5: track 4 ("Outro") has no delivered mix',
      'Tracklist.csv line 6, Track: the sheet puts "Finale" at track 5, the file name 10 Finale.aif at 10; the sheet\'s order was used',
      'Bonus.wav: has no row in Tracklist.csv; it was added after the songs the sheet lists',
    ]);
  });

  it('matches rows by the file they name, and reports a file that was left out', () => {
    const sheet = parseMetadataSheet(
      'file,title,track\n10 Finale.aif,The Finale,1\nbroken.wav,Broken,2\n',
      { fileName: 'sheet.csv' },
    );
    const { session, problems } = createSessionFromMixes({
      scan,
      sessionFolder,
      sheet,
      album: { title: 'X' },
    });
    expect(session.songs[0]).toMatchObject({
      title: 'The Finale',
      source: { path: 'mixes/10 Finale.aif' },
    });
    expect(problems.map((p) => p.code)).toContain('row-without-mix');
    expect(problems.find((p) => p.line === 3)!.message).toContain(
      'names broken.wav, which was left out',
    );
  });

  it('lets album facts given by the user win over the sheet, and reports the difference', () => {
    const sheet = parseMetadataSheet('track,title,album\n1,Headlights,Night Drive\n');
    const { session, problems } = createSessionFromMixes({
      scan,
      sessionFolder,
      sheet,
      album: { title: 'Night Drive (Deluxe)' },
    });
    expect(session.album.title).toBe('Night Drive (Deluxe)');
    expect(problems.map((p) => p.message)).toContain(
      'the sheet gives the album title as "Night Drive"; "Night Drive (Deluxe)" was used',
    );
  });
});

describe('writeSessionFile', () => {
  it('writes session.json atomically, refuses to overwrite, and the file parses back', async () => {
    const { session } = createSessionFromMixes({
      scan,
      sessionFolder,
      album: { title: 'Night Drive' },
      now,
    });
    const path = await writeSessionFile(sessionFolder, session);
    expect(path).toBe(join(sessionFolder, 'session.json'));
    const parsed = parseSession(await readFile(path, 'utf8'));
    expect(parsed.ok && parsed.value).toEqual(session);
    expect((await readdir(sessionFolder)).sort()).toEqual(['mixes', 'session.json']);

    const again = await writeSessionFile(sessionFolder, session).catch((e: unknown) => e);
    expect(isTapeopError(again, 'CONFLICT')).toBe(true);
    expect((await readdir(sessionFolder)).sort()).toEqual(['mixes', 'session.json']);

    const renamed = { ...session, album: { title: 'Renamed' } };
    await writeSessionFile(sessionFolder, renamed, { overwrite: true });
    const reread = parseSession(await readFile(path, 'utf8'));
    expect(reread.ok && reread.value.album.title).toBe('Renamed');
  });

  it('refuses an invalid session and a missing folder, leaving nothing behind', async () => {
    const { session } = createSessionFromMixes({ scan, sessionFolder, album: { title: 'X' } });
    const invalid = { ...session, sampleRate: 12 };
    const error = await writeSessionFile(sessionFolder, invalid).catch((e: unknown) => e);
    expect(isTapeopError(error, 'SCHEMA_INVALID')).toBe(true);
    const missing = await writeSessionFile(join(folder.path, 'nope'), session).catch(
      (e: unknown) => e,
    );
    expect(isTapeopError(missing, 'FILE_NOT_FOUND')).toBe(true);
    await writeFile(join(folder.path, 'marker'), '');
    expect((await readdir(sessionFolder)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
