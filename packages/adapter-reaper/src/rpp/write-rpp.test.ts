import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type FxState,
  type Marker,
  parseSession,
  parseSnapshot,
  type Session,
  type Snapshot,
  validateMarker,
} from '@tapeop/core';
import {
  buildMarkers,
  buildTimeline,
  planLoad,
  renderReaperMarkerName,
  sequenceFromMarkers,
} from '@tapeop/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rppFixture, SMALL_ALBUM_DIR } from '../../test/rpp-fixtures.js';
import { reaperFadeShapes } from '../live/load-mapping.js';
import { offlineProjectFromRpp, readRppFile, reaperOfflineProjects } from './offline-project.js';
import { readRpp } from './read-rpp.js';
import { findBlock, findFields } from './rpp-tree.js';
import { REAPER_FX_CHUNK } from './write-fx-chain.js';
import { writeRpp, writeRppFile } from './write-rpp.js';

function smallAlbum(): { session: Session; snapshot: Snapshot } {
  const session = parseSession(readFileSync(join(SMALL_ALBUM_DIR, 'session.json'), 'utf8'));
  const snapshot = parseSnapshot(
    readFileSync(join(SMALL_ALBUM_DIR, 'snapshots/01M7X042E0V5QP5JMPNNVHAH9N-v1.json'), 'utf8'),
  );
  if (!session.ok || !snapshot.ok) throw new Error('the core example album no longer validates');
  return { session: session.value, snapshot: snapshot.value };
}

const SAVED = new Date('2026-11-24T12:00:00Z');

/** A snapshot plug-in carrying the REAPER state chunk of a plug-in in a fixture project. */
function reaperFx(chunk: string, name: string, enabled = true): FxState {
  return {
    name,
    plugin: { id: name, format: 'VST' },
    enabled,
    params: [{ index: 0, name: 'Threshold', normalized: 0.3 }],
    state: {
      daw: 'reaper',
      kind: REAPER_FX_CHUNK,
      encoding: 'base64',
      data: Buffer.from(chunk).toString('base64'),
    },
  };
}

describe('writeRpp: the example album', () => {
  const { session } = smallAlbum();
  const timeline = buildTimeline(session);
  const plan = planLoad(session, SMALL_ALBUM_DIR, { timeline });
  const markers = buildMarkers(timeline);
  const written = writeRpp(session, {
    sessionDir: SMALL_ALBUM_DIR,
    outFile: join(SMALL_ALBUM_DIR, 'Night Drive.RPP'),
    savedAt: SAVED,
    notes: 'Night Drive, master v1\nCD and streaming',
  });
  const project = readRpp(written.text, { file: 'Night Drive.RPP' });
  const offline = offlineProjectFromRpp(project, { projectDir: SMALL_ALBUM_DIR });

  it('is a project that reads back without a problem', () => {
    expect(project.problems).toEqual([]);
    expect(project.reaperVersion).toBe('6.0/tapeop');
    expect(project.savedAt).toEqual(SAVED);
    expect(project.sampleRate).toBe(44100);
    expect(project.sampleRateForced).toBe(true);
    expect(project.notes).toBe('Night Drive, master v1\nCD and streaming');
    expect(written.text).toMatch(
      /^<REAPER_PROJECT 0\.1 "6\.0\/tapeop" 1795521600\n {2}<NOTES 0 2\n/,
    );
  });

  it('gives the same tracks, in order, one per song', () => {
    expect(offline.tracks.map((t) => [t.index, t.name, t.songId])).toEqual(
      plan.songs.map((s, i) => [i, s.trackName, s.songId]),
    );
  });

  it('puts every item at its sequenced position, to the sample, with its trim and mix', () => {
    for (const [i, song] of plan.songs.entries()) {
      expect(offline.tracks[i]!.items).toEqual([
        {
          name: song.title,
          sourcePath: song.filePath,
          positionSamples: song.positionSamples,
          lengthSamples: song.lengthSamples,
          sourceOffsetSamples: song.sourceOffsetSamples,
          sampleRate: 44100,
        },
      ]);
    }
  });

  it('writes mix paths relative to the project folder, and the right source type', () => {
    const sources = project.tracks.map((t) => t.items[0]!.takes[0]!.source!);
    expect(sources.map((s) => [s.type, s.file])).toEqual([
      ['WAVE', 'mixes/01 - Headlights (Master v3).wav'],
      ['WAVE', 'mixes/02_City_Lights_MIX_v2_24b44k.wav'],
      ['WAVE', 'mixes/Overpass.aif'],
      ['FLAC', 'mixes/04 Last Exit.flac'],
    ]);
  });

  it('writes fades, crossfades and gain as the bridge sets them', () => {
    const items = project.tracks.map((t) => t.items[0]!);
    // Headlights: its own 3.5 s equal-power fade-out
    expect(items[0]!.fadeOut).toEqual({
      shape: reaperFadeShapes['equal-power'],
      length: 3.5,
      curve: 0,
    });
    // City Lights: -0.5 dB gain, and an equal-power fade-out as long as the crossfade into Overpass
    expect(items[1]!.volume).toBeCloseTo(10 ** (-0.5 / 20), 12);
    expect(items[1]!.fadeOut).toEqual({
      shape: reaperFadeShapes['equal-power'],
      length: 1.5,
      curve: 0,
    });
    // Overpass: its own 0.5 s linear fade-in
    expect(items[2]!.fadeIn).toEqual({ shape: reaperFadeShapes.linear, length: 0.5, curve: 0 });
    expect(items.every((i) => !i.loop)).toBe(true);
  });

  it('gives the same markers: kinds, positions, regions, ids and CD metadata', () => {
    const byId = new Map(offline.markers.map((m) => [m.id, m]));
    expect(offline.markers).toHaveLength(markers.length);
    for (const marker of markers) {
      const read = byId.get(marker.id)!;
      expect(read, marker.id).toBeDefined();
      expect(validateMarker(read).ok).toBe(true);
      expect(read.kind).toBe(marker.kind);
      expect(read.timeSamples).toBe(marker.timeSamples);
      expect(read.endSamples).toBe(marker.endSamples);
      expect(read.isrc).toBe(marker.isrc);
      expect(read.upc).toBe(marker.upc);
      expect(read.trackNumber).toBe(marker.kind === 'album' ? undefined : marker.trackNumber);
      expect(read.indexNumber).toBe(marker.kind === 'region' ? undefined : marker.indexNumber);
      expect(read.name).toBe(renderReaperMarkerName(marker).name.replace(/^INDEX 02 /, ''));
      if (marker.kind === 'cd-track' || marker.kind === 'album') {
        expect(read.cdText).toEqual(
          Object.fromEntries(Object.entries(marker.cdText ?? {}).filter(([, v]) => v)),
        );
      }
    }
  });

  it('gives back the same sequence through sequenceFromMarkers', () => {
    const again = sequenceFromMarkers(offline.markers, session.songs, {
      previous: session.sequence,
      sampleRate: 44100,
    });
    expect(again.unmatched).toEqual([]);
    expect(again.sequence).toEqual(session.sequence);
    // and without the previous sequence, every gap to within a CD frame
    const measured = sequenceFromMarkers(offline.markers, session.songs, { sampleRate: 44100 });
    expect(measured.sequence.entries.map((e) => e.songId)).toEqual(
      session.sequence.entries.map((e) => e.songId),
    );
    for (const [i, entry] of measured.sequence.entries.entries()) {
      const before = session.sequence.entries[i]!;
      expect(Math.abs(entry.gapSec - before.gapSec)).toBeLessThanOrEqual(1 / 75);
    }
  });

  it('numbers markers and regions separately, in timeline order, with the record the bridge keeps', () => {
    const lines = findFields(project.root, 'MARKER');
    const positions = project.markers.map((m) => m.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(project.markers.filter((m) => m.isRegion).map((m) => m.number)).toEqual([1, 2, 3, 4]);
    expect(project.markers.filter((m) => !m.isRegion).map((m) => m.number)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(lines).toHaveLength(9 + 4 * 2);
    const record = JSON.parse(project.extState.TAPEOP!.MARKERS!) as Array<{
      guid: string;
      id: string;
      kind: string;
    }>;
    expect(record.map((r) => r.id).sort()).toEqual(markers.map((m) => m.id).sort());
    for (const r of record) {
      expect(
        project.markers.find((m) => m.guid === r.guid),
        r.id,
      ).toBeDefined();
    }
  });

  it('writes the song on each track and item as the bridge does (P_EXT:tapeop_song)', () => {
    for (const track of project.tracks) {
      expect(track.ext.tapeop_song).toBe(track.songId);
      expect(track.items[0]!.songId).toBe(track.songId);
    }
  });

  it('writes the same text for the same session (stable GUIDs)', () => {
    const again = writeRpp(session, {
      sessionDir: SMALL_ALBUM_DIR,
      outFile: join(SMALL_ALBUM_DIR, 'Night Drive.RPP'),
      savedAt: SAVED,
      notes: 'Night Drive, master v1\nCD and streaming',
    });
    expect(again.text).toBe(written.text);
    const guids = [
      ...project.tracks.map((t) => t.guid),
      ...project.tracks.map((t) => t.items[0]!.guid),
      ...project.markers.map((m) => m.guid),
    ];
    expect(new Set(guids).size).toBe(guids.length);
  });

  it('warns about what REAPER cannot show exactly', () => {
    expect(written.warnings).toEqual([]);
  });
});

describe('writeRpp: with a snapshot', () => {
  const { session, snapshot } = smallAlbum();
  const mother = readRpp(rppFixture('nikarh-mother-project.RPP'));
  const mastering = readRpp(rppFixture('mastering-session.RPP'));
  const reacomp = mother.tracks[11]!.fx[1]!.chunk;
  const reaEq = mastering.tracks[0]!.fx[0]!.chunk;
  const limiter = mastering.master.fx[0]!.chunk;

  const fromReaper: Snapshot = {
    ...snapshot,
    tracks: [
      {
        ...snapshot.tracks[0]!,
        volumeDb: -1.5,
        pan: 0.25,
        mute: true,
        phaseInvert: true,
        fx: [reaperFx(reaEq, 'ReaEQ'), reaperFx(reacomp, 'LIMITER', false)],
      },
      { ...snapshot.tracks[1]!, volumeDb: null, solo: true },
      {
        name: 'Mastering bus',
        index: 4,
        volumeDb: 0,
        pan: 0,
        mute: false,
        solo: false,
        phaseInvert: false,
        fx: [reaperFx(reacomp, 'Bus comp')],
      },
    ],
    master: { ...snapshot.master!, volumeDb: -0.3, fx: [reaperFx(limiter, 'ReaLimit')] },
  };
  const written = writeRpp(session, {
    sessionDir: SMALL_ALBUM_DIR,
    snapshot: fromReaper,
    savedAt: SAVED,
  });
  const project = readRpp(written.text);

  it('keeps the snapshot GUIDs and writes levels and switches', () => {
    expect(project.tracks[0]).toMatchObject({
      guid: snapshot.tracks[0]!.guid,
      songId: 'headlights',
      pan: 0.25,
      mute: true,
      phaseInvert: true,
    });
    expect(project.tracks[0]!.volume).toBeCloseTo(10 ** (-1.5 / 20), 12);
    expect(project.tracks[1]).toMatchObject({ guid: snapshot.tracks[1]!.guid, volume: 0, solo: 1 });
    expect(project.tracks[2]).toMatchObject({ volume: 1, mute: false, fx: [] });
    expect(project.master.volume).toBeCloseTo(10 ** (-0.3 / 20), 12);
  });

  it('writes plug-ins from their REAPER state chunks, exactly, with the snapshot bypass', () => {
    const fx = project.tracks[0]!.fx;
    expect(fx.map((f) => [f.kind, f.name, f.bypassed, f.preset, f.guid])).toEqual([
      [
        'VST',
        'VST: ReaEQ (Cockos)',
        false,
        'Low cut 30 Hz',
        '{0F000000-0000-4000-8000-0000000000B1}',
      ],
      ['VST', 'VST: ReaComp (Cockos)', true, undefined, '{2F40B329-C0BE-F745-BA65-85536852176D}'],
    ]);
    expect(fx[0]!.chunk).toBe(reaEq);
    expect(fx[1]!.chunk).toBe(reacomp.replace('BYPASS 0 0 0', 'BYPASS 1 0 0'));
    expect(project.master.fx[0]!.chunk).toBe(limiter);
  });

  it('adds a snapshot track that plays no song, empty, after the songs', () => {
    expect(project.tracks.map((t) => t.name)).toEqual([
      '01 Headlights',
      '02 City Lights',
      '03 Overpass',
      '04 Last Exit',
      'Mastering bus',
    ]);
    expect(project.tracks[4]!.items).toEqual([]);
    expect(project.tracks[4]!.songId).toBeUndefined();
    expect(project.tracks[4]!.fx[0]!.customName).toBe('LIMITER');
    expect(written.warnings).toEqual([
      'Track "Mastering bus" of the snapshot plays no song of the session; it is written empty with its settings and plug-ins',
    ]);
  });

  it('writes plug-ins without REAPER state by name, and says what is missing', () => {
    // the example snapshot's plug-ins carry no state
    const out = writeRpp(session, { sessionDir: SMALL_ALBUM_DIR, snapshot, savedAt: SAVED });
    const fx = readRpp(out.text).tracks[0]!.fx;
    expect(fx.map((f) => [f.kind, f.name, f.file, f.customName, f.bypassed])).toEqual([
      ['VST', 'VST3: FabFilter Pro-Q 3 (FabFilter)', 'FabFilter Pro-Q 3.vst3', 'Pro-Q 3', false],
      ['JS', 'ReaLimit', undefined, undefined, true],
    ]);
    expect(out.warnings).toEqual([
      '01 Headlights · Pro-Q 3: written by name only (the snapshot has no REAPER state for it), so REAPER loads it with its defaults; apply the snapshot once REAPER has opened the project to set its 2 parameters and preset "Master low cut"',
      '01 Headlights · ReaLimit: written by name only (the snapshot has no REAPER state for it), so REAPER loads it with its defaults; apply the snapshot once REAPER has opened the project to set its 1 parameter',
    ]);
  });

  it('leaves out what it cannot write and says so: other formats, widths, broken state', () => {
    const ardour: Snapshot = {
      ...snapshot,
      source: { daw: 'Ardour', adapter: 'ardour' },
      tracks: [
        {
          ...snapshot.tracks[0]!,
          width: 0.5,
          fx: [
            {
              name: 'a-EQ',
              plugin: { id: 'urn:ardour:a-eq', format: 'LV2' },
              enabled: true,
              params: [],
            },
            {
              ...reaperFx('not a chunk', 'Broken'),
              plugin: { id: 'JS: utility/volume', format: 'JS' },
            },
          ],
        },
      ],
    };
    const out = writeRpp(session, {
      sessionDir: SMALL_ALBUM_DIR,
      snapshot: ardour,
      savedAt: SAVED,
    });
    expect(out.warnings).toEqual([
      'The snapshot comes from Ardour: levels and switches are written, plug-ins by name only',
      'Track "01 Headlights": its width (0.5) is not written (REAPER keeps it in a field tapeop has no documentation for); apply the snapshot once REAPER has opened the project',
      '01 Headlights · a-EQ: a LV2 plug-in without REAPER state cannot be written into a REAPER project; apply the snapshot once REAPER has opened it to add the plug-in by name',
      "01 Headlights · Broken: the REAPER state in the snapshot is not a plug-in chunk (it must start with BYPASS and hold the plug-in's block); written by name instead",
      '01 Headlights · Broken: written by name only (the snapshot has no REAPER state for it), so REAPER loads it with its defaults; apply the snapshot once REAPER has opened the project to set its 1 parameter',
    ]);
    expect(readRpp(out.text).tracks[0]!.fx.map((f) => [f.kind, f.name, f.customName])).toEqual([
      ['JS', 'utility/volume', 'Broken'],
    ]);
  });
});

describe('writeRpp: layouts, paths and names', () => {
  const { session } = smallAlbum();

  it('puts the whole album on one track for a single-track plan', () => {
    const plan = planLoad(session, SMALL_ALBUM_DIR, { layout: 'single-track' });
    const out = writeRpp(session, { sessionDir: SMALL_ALBUM_DIR, plan, savedAt: SAVED });
    const project = readRpp(out.text);
    expect(project.tracks).toHaveLength(1);
    expect(project.tracks[0]!.name).toBe('Album');
    expect(project.tracks[0]!.ext).toEqual({ tapeop_layout: 'album' });
    expect(project.tracks[0]!.items.map((i) => [i.songId, Math.round(i.position * 44100)])).toEqual(
      plan.songs.map((s) => [s.songId, s.positionSamples]),
    );
  });

  it('writes absolute paths when asked, and for mixes outside the project folder', () => {
    const absolute = writeRpp(session, {
      sessionDir: SMALL_ALBUM_DIR,
      mediaPaths: 'absolute',
      savedAt: SAVED,
    });
    expect(readRpp(absolute.text).tracks[0]!.items[0]!.takes[0]!.source!.file).toBe(
      resolve(SMALL_ALBUM_DIR, 'mixes/01 - Headlights (Master v3).wav'),
    );
    const elsewhere = writeRpp(session, {
      sessionDir: SMALL_ALBUM_DIR,
      outFile: join(tmpdir(), 'projects', 'album.RPP'),
      savedAt: SAVED,
    });
    expect(readRpp(elsewhere.text).tracks[3]!.items[0]!.takes[0]!.source!.file).toBe(
      resolve(SMALL_ALBUM_DIR, 'mixes/04 Last Exit.flac'),
    );
  });

  it('writes a name holding all three quote characters as REAPER does, and reads it back exactly', () => {
    const title = `Don't "Stop" 'til \`now\``;
    const odd: Session = {
      ...session,
      songs: session.songs.map((s, i) => (i === 0 ? { ...s, title } : s)),
    };
    const out = writeRpp(odd, { sessionDir: SMALL_ALBUM_DIR, savedAt: SAVED });
    expect(out.text).toContain(
      `    NAME \`01 Don't "Stop" 'til 'now'\`\n    <NAME\n      |01 ${title}\n    >\n`,
    );
    const project = readRpp(out.text);
    expect(project.tracks[0]!.name).toBe(`01 ${title}`);
    expect(project.tracks[0]!.items[0]!.name).toBe(title);
    expect(out.warnings.some((w) => w.includes('|'))).toBe(false);
  });

  it('snaps CD markers to CD frames as the bridge does, and refuses a marker before the start', () => {
    const markers: Marker[] = [
      {
        schema: 'Marker.1',
        id: 'm1',
        kind: 'cd-track',
        timeSamples: 44145,
        sampleRate: 44100,
        name: 'A',
      },
      {
        schema: 'Marker.1',
        id: 'm2',
        kind: 'generic',
        timeSamples: 44145,
        sampleRate: 44100,
        name: 'note',
      },
    ];
    const out = writeRpp(session, { sessionDir: SMALL_ALBUM_DIR, markers, savedAt: SAVED });
    expect(readRpp(out.text).markers.map((m) => [m.name, m.position])).toEqual([
      ['#TITLE=A', 1],
      ['note', 44145 / 44100],
    ]);
    expect(() =>
      writeRpp(session, {
        sessionDir: SMALL_ALBUM_DIR,
        markers: [{ ...markers[1]!, timeSamples: -441 }],
      }),
    ).toThrow(/marker "note" \(m2\) is 0\.01 s before the start of the project/);
  });

  it('warns about a mix REAPER may not read', () => {
    const odd: Session = {
      ...session,
      songs: session.songs.map((s, i) =>
        i === 0 ? { ...s, source: { ...s.source!, path: 'mixes/headlights.caf' } } : s,
      ),
    };
    const out = writeRpp(odd, { sessionDir: SMALL_ALBUM_DIR, savedAt: SAVED });
    expect(out.warnings).toEqual([
      `Headlights: REAPER's source type for ".caf" files is not known to tapeop; written as WAVE, which REAPER may not play`,
    ]);
  });

  it('writes CRLF line endings when asked', () => {
    const out = writeRpp(session, { sessionDir: SMALL_ALBUM_DIR, eol: '\r\n', savedAt: SAVED });
    expect(out.text.split('\r\n').length).toBe(out.text.split('\n').length);
    expect(readRpp(out.text).tracks).toHaveLength(4);
  });
});

describe('writeRppFile and the offline support', () => {
  const { session } = smallAlbum();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tapeop-reaper-offline-rpp-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes atomically: the whole file replaces the old one, nothing else is left', async () => {
    const out = join(dir, 'Night Drive.RPP');
    await writeFile(out, 'old project');
    await chmod(out, 0o640);
    const { path, warnings } = await writeRppFile(out, session, {
      sessionDir: SMALL_ALBUM_DIR,
      savedAt: SAVED,
    });
    expect(path).toBe(out);
    expect(warnings).toEqual([]);
    expect(await readdir(dir)).toEqual(['Night Drive.RPP']);
    expect((await stat(out)).mode & 0o777).toBe(0o640);
    const project = await readRppFile(out);
    expect(project.tracks).toHaveLength(4);
    // mixes are outside this folder: absolute paths
    expect(project.tracks[0]!.items[0]!.takes[0]!.source!.file).toBe(
      resolve(SMALL_ALBUM_DIR, 'mixes/01 - Headlights (Master v3).wav'),
    );
  });

  it('says which folder is missing', async () => {
    await expect(
      writeRppFile(join(dir, 'no such folder', 'a.RPP'), session, { sessionDir: SMALL_ALBUM_DIR }),
    ).rejects.toMatchObject({ code: 'IO_ERROR', hint: expect.stringMatching(/does not exist/) });
    await expect(readRppFile(join(dir, 'missing.RPP'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('reads a project that is not UTF-8 as Latin-1 and says so', async () => {
    const path = join(dir, 'latin1.RPP');
    await writeFile(
      path,
      Buffer.from('<REAPER_PROJECT 0.1 "4.0" 1\n  <TRACK\n    NAME "Caf\xe9"\n  >\n>\n', 'latin1'),
    );
    const project = await readRppFile(path);
    expect(project.tracks[0]!.name).toBe('Café');
    expect(project.problems[0]!.message).toMatch(/not UTF-8/);
  });

  it('is what the adapter factory offers: write then read gives the plan and the markers', async () => {
    const sessionDir = join(dir, 'session');
    await mkdir(join(sessionDir, 'mixes'), { recursive: true });
    const timeline = buildTimeline(session);
    const plan = planLoad(session, sessionDir, { timeline });
    const markers = buildMarkers(timeline);
    const outFile = join(sessionDir, 'album.rpp');
    expect(reaperOfflineProjects.extensions).toEqual(['.rpp']);
    const { path } = await reaperOfflineProjects.write!({
      session,
      sessionDir,
      plan,
      markers,
      outFile,
    });
    expect(await readFile(path, 'utf8')).toContain('FILE "mixes/Overpass.aif"');
    const read = await reaperOfflineProjects.read!(path);
    expect(read.sampleRate).toBe(44100);
    expect(read.tracks.map((t) => t.items[0]!.positionSamples)).toEqual(
      plan.songs.map((s) => s.positionSamples),
    );
    expect(read.tracks.map((t) => t.items[0]!.sourcePath)).toEqual(
      plan.songs.map((s) => s.filePath),
    );
    expect(read.markers.map((m) => [m.id, m.timeSamples])).toEqual(
      markers.map((m) => [m.id, m.timeSamples]),
    );
  });
});

describe('writeRpp output is REAPER syntax', () => {
  it('quotes file names and the version, and leaves plain words bare, as REAPER does', () => {
    const { session } = smallAlbum();
    const { document, text } = writeRpp(session, { sessionDir: SMALL_ALBUM_DIR, savedAt: SAVED });
    expect(text).toContain('        FILE "mixes/Overpass.aif"\n');
    expect(text).toContain('    NAME "01 Headlights"\n');
    expect(text).toContain('      NAME Overpass\n');
    expect(findBlock(document.nodes[0] as never, 'PROJBAY')).toBeDefined();
    // every line is indented two spaces per level, as REAPER writes them
    let depth = 0;
    for (const line of text.split('\n').filter(Boolean)) {
      const trimmed = line.trimStart();
      if (trimmed === '>') depth--;
      expect(line.length - trimmed.length, line).toBe(depth * 2);
      if (trimmed.startsWith('<')) depth++;
    }
    expect(depth).toBe(0);
  });
});
