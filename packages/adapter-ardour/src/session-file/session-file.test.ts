import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTapeopError, type LoadPlan, type Marker, type Session } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWav } from '../../test/support/audio-fixtures.js';
import { addMediaToSessionFile } from './add-media.js';
import { enableOscInSessionFile } from './enable-osc.js';
import { parseArdourSessionXml, readArdourSession } from './read-ardour-session.js';
import { readSidecar, SIDECAR_FILE } from './sidecar.js';
import { writeArdourSession } from './write-ardour-session.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tapeop-ardour-session-file-'));
  await mkdir(join(root, 'mixes'));
  await writeWav(join(root, 'mixes', 'a.wav'), {
    sampleRate: 48_000,
    channels: 2,
    frames: 4800,
    sample: () => 0.1,
  });
  await writeWav(join(root, 'mixes', 'b.wav'), {
    sampleRate: 48_000,
    channels: 1,
    frames: 9600,
    sample: () => 0.1,
  });
  await mkdir(join(root, 'other'));
  await writeWav(join(root, 'other', 'a.wav'), {
    sampleRate: 48_000,
    channels: 2,
    frames: 4800,
    sample: () => 0.2,
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const source = (path: string, channels: number, frames: number, sampleRate = 48_000) => ({
  path,
  container: 'wav' as const,
  codec: 'pcm-int' as const,
  sampleRate,
  bitDepth: 24,
  channels,
  frames,
  durationSec: frames / sampleRate,
});

const session = (): Session => ({
  schema: 'Session.1',
  id: '01M6DQS9M05KJDM5C28CQWZXQJ',
  album: { title: 'Test Album', artist: 'Band', upc: '5010017088439' },
  sampleRate: 48_000,
  songs: [
    { id: 'a', title: 'Song A', source: source('mixes/a.wav', 2, 4800) },
    { id: 'b', title: 'Song B: Reprise', source: source('mixes/b.wav', 1, 9600) },
    { id: 'c', title: 'Song C', source: source('other/a.wav', 2, 4800) },
  ],
  sequence: { entries: [] },
});

const plan = (): LoadPlan => ({
  sampleRate: 48_000,
  layout: 'track-per-song',
  songs: [
    {
      songId: 'a',
      title: 'Song A',
      trackName: '01 Song A',
      filePath: join(root, 'mixes/a.wav'),
      positionSamples: 96_000,
      sourceOffsetSamples: 0,
      lengthSamples: 4800,
    },
    {
      songId: 'b',
      title: 'Song B: Reprise',
      trackName: '02 Song B: Reprise',
      filePath: join(root, 'mixes/b.wav'),
      positionSamples: 200_000,
      sourceOffsetSamples: 480,
      lengthSamples: 9000,
      gainDb: -6,
      fadeIn: { lengthSec: 0.01, shape: 'linear' },
      fadeOut: { lengthSec: 0.02, shape: 'equal-power' },
    },
    {
      songId: 'c',
      title: 'Song C',
      trackName: '03 Song C',
      filePath: join(root, 'other/a.wav'),
      positionSamples: 300_000,
      sourceOffsetSamples: 0,
      lengthSamples: 4800,
    },
  ],
});

const markers: Marker[] = [
  {
    schema: 'Marker.1',
    id: 'tapeop:track:a',
    kind: 'cd-track',
    timeSamples: 96_000,
    sampleRate: 48_000,
    name: 'Song A',
    songId: 'a',
    trackNumber: 1,
    indexNumber: 1,
    isrc: 'GBAAA2400001',
    cdText: { title: 'Song A', performer: 'Band' },
  },
  {
    schema: 'Marker.1',
    id: 'tapeop:region:a',
    kind: 'region',
    timeSamples: 96_000,
    endSamples: 100_800,
    sampleRate: 48_000,
    name: 'Song A',
    songId: 'a',
  },
  {
    schema: 'Marker.1',
    id: 'tapeop:album',
    kind: 'album',
    timeSamples: 310_000,
    sampleRate: 48_000,
    name: 'Test Album',
    upc: '5010017088439',
  },
];

describe('writeArdourSession and readArdourSession', () => {
  it('writes a session folder that reads back with every position, trim and marker', async () => {
    const dir = join(root, 'Album One');
    const result = await writeArdourSession(session(), dir, { plan: plan(), markers });
    expect(result.path).toBe(join(dir, 'Album One.ardour'));
    expect(result.warnings).toContain(
      'track "02 Song B: Reprise" is named "02 Song B- Reprise" in Ardour',
    );
    // Ardour looks for the audio under interchange/<folder name>: two files named a.wav both there.
    expect((await readdir(join(dir, 'interchange', 'Album One', 'audiofiles'))).sort()).toEqual([
      'a-2.wav',
      'a.wav',
      'b.wav',
    ]);
    expect((await readdir(root)).some((f) => f.includes('tapeop-'))).toBe(false);

    const back = await readArdourSession(dir);
    expect(back.sampleRate).toBe(48_000);
    expect(back.formatVersion).toBe(7002);
    expect(back.osc).toEqual({ active: true, addressOnly: false });
    expect(back.tracks.map((t) => [t.name, t.songId, t.channels, t.index])).toEqual([
      ['01 Song A', 'a', 2, 0],
      ['02 Song B- Reprise', 'b', 1, 1],
      ['03 Song C', 'c', 2, 2],
    ]);
    expect(back.tracks[1]!.items[0]).toMatchObject({
      positionSamples: 200_000,
      sourceOffsetSamples: 480,
      lengthSamples: 9000,
      fadeInSamples: 480,
      fadeOutSamples: 960,
      sourcePath: join(dir, 'interchange', 'Album One', 'audiofiles', 'b.wav'),
    });
    expect(back.tracks[1]!.items[0]!.gain).toBeCloseTo(0.501187, 5);
    expect(back.tracks[2]!.items[0]!.sourcePath).toMatch(/a-2\.wav$/);
    expect(back.markers.map((m) => [m.id, m.kind, m.timeSamples, m.endSamples])).toEqual([
      ['tapeop:track:a', 'cd-track', 96_000, undefined],
      ['tapeop:region:a', 'region', 96_000, 100_800],
      ['tapeop:album', 'album', 310_000, undefined],
    ]);
    expect(back.markers[0]).toMatchObject({ isrc: 'GBAAA2400001', trackNumber: 1 });
    const cd = back.locations.find((l) => l.flags.includes('IsCDMarker'));
    expect(cd).toMatchObject({
      name: 'Song A',
      cdInfo: { isrc: 'GBAAA2400001', performer: 'Band' },
    });
    expect(back.locations.find((l) => l.flags.includes('IsSessionRange'))).toMatchObject({
      startSamples: 0,
      endSamples: 310_000,
    });
  });

  it("reads the user's markers from Ardour's own flags when there is no sidecar", async () => {
    const dir = join(root, 'No Sidecar');
    await writeArdourSession(session(), dir, { plan: plan(), markers });
    await rm(join(dir, SIDECAR_FILE));
    const back = await readArdourSession(join(dir, 'No Sidecar.ardour'));
    expect(back.tracks.every((t) => t.songId === undefined)).toBe(true);
    expect(back.markers.map((m) => [m.kind, m.isrc])).toEqual([
      ['cd-track', 'GBAAA2400001'],
      ['region', undefined],
      ['generic', undefined],
    ]);
  });

  it('refuses to write over an existing session, a mix at another rate, or an illegal name', async () => {
    const dir = join(root, 'Taken');
    await mkdir(dir);
    await writeFile(join(dir, 'user.txt'), 'mine');
    await expect(writeArdourSession(session(), dir, { plan: plan() })).rejects.toSatisfy((e) =>
      isTapeopError(e, 'CONFLICT'),
    );
    expect(await readFile(join(dir, 'user.txt'), 'utf8')).toBe('mine');

    const other = session();
    other.songs[0]!.source = source('mixes/a.wav', 2, 4410, 44_100);
    await expect(writeArdourSession(other, join(root, 'Rate'), { plan: plan() })).rejects.toSatisfy(
      (e) =>
        isTapeopError(e, 'INVALID_ARGUMENT') &&
        /44100 Hz/.test(e.message) &&
        /sox/.test(e.hint ?? ''),
    );
    await expect(
      writeArdourSession(session(), join(root, 'A;B'), { plan: plan() }),
    ).rejects.toThrow(/contains ";"/);
    const short = plan();
    short.songs[0]!.lengthSamples = 9999;
    await expect(
      writeArdourSession(session(), join(root, 'Short'), { plan: short }),
    ).rejects.toThrow(/past the end/);
    expect((await readdir(root)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('adds mixes to a saved session the way an import does', async () => {
    const dir = join(root, 'Grow');
    await writeArdourSession(session(), dir, { plan: { ...plan(), songs: [] } });
    const added = await addMediaToSessionFile(join(dir, 'Grow.ardour'), [
      { from: join(root, 'mixes/a.wav'), channels: 2, frames: 4800 },
      { from: join(root, 'other/a.wav'), channels: 2, frames: 4800 },
    ]);
    expect(added.map((a) => a.sourcePath)).toEqual([
      join(dir, 'interchange/Grow/audiofiles/a.wav'),
      join(dir, 'interchange/Grow/audiofiles/a-2.wav'),
    ]);
    const text = await readFile(join(dir, 'Grow.ardour'), 'utf8');
    expect(text.match(/<Source /g)).toHaveLength(4);
    expect(text).toMatch(/whole-file="1"/);
    const ids = [...text.matchAll(/ id="(\d+)"/g)].map((m) => Number(m[1]));
    const counter = Number(/id-counter="(\d+)"/.exec(text)![1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.max(...ids)).toBeLessThan(counter);
  });

  it('switches the OSC surface on in a session Ardour wrote, once, with a backup', async () => {
    const dir = join(root, 'Osc');
    await mkdir(dir);
    const file = join(dir, 'Osc.ardour');
    const original = `<?xml version="1.0" encoding="UTF-8"?>
<Session version="7002" name="Osc" sample-rate="48000" id-counter="10">
  <ControlProtocols>
    <Protocol name="Generic MIDI" active="0"/>
    <Protocol name="Open Sound Control (OSC)" active="0" session-state="1"/>
  </ControlProtocols>
</Session>
`;
    await writeFile(file, original);
    expect(await enableOscInSessionFile(file)).toBe(true);
    expect(await readFile(`${file}.tapeop.bak`, 'utf8')).toBe(original);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(
      /name="Open Sound Control \(OSC\)" active="1" session-state="1" debugmode="0" address-only="0"/,
    );
    expect(text).toMatch(/Generic MIDI/);
    expect(await enableOscInSessionFile(file)).toBe(false);
  });
});

describe('parseArdourSessionXml with broken input', () => {
  const wrap = (
    body: string,
    root = '<Session version="7002" name="S" sample-rate="48000" id-counter="9">',
  ) => `<?xml version="1.0"?>\n${root}\n${body}\n</Session>\n`;
  const routes = (region: string) => `<Sources><Source name="a.wav" id="1" channel="0"/></Sources>
<Routes><Route id="2" name="T" audio-playlist="3"><PresentationInfo order="1" flags="AudioTrack"/></Route></Routes>
<Playlists><Playlist id="3" name="T">${region}</Playlist></Playlists>`;
  const cases: Array<[string, string, RegExp]> = [
    ['a truncated file', wrap(routes('<Region')).slice(0, 200), /never closed|ends/],
    ['another XML document', '<UIScripts/>', /not an Ardour session file/],
    [
      'no sample rate',
      wrap('<Routes/><Playlists/>', '<Session version="7002" name="S">'),
      /"sample-rate" is missing/,
    ],
    [
      'a sample rate that is not a number',
      wrap('<Routes/><Playlists/>', '<Session version="7002" sample-rate="fast">'),
      /not a positive whole number/,
    ],
    ['no playlists section', wrap('<Routes/>'), /no <Playlists> section/],
    [
      'a region of a missing source',
      wrap(routes('<Region name="x" source-0="99" start="a0" length="a10@a0"/>')),
      /source 99, which is not in <Sources>/,
    ],
    [
      'a region without a position',
      wrap(routes('<Region name="x" source-0="1" start="a0" length="a10"/>')),
      /does not say where the region is/,
    ],
    [
      'a region glued to bars and beats',
      wrap(routes('<Region name="x" source-0="1" start="a0" length="a10@b1920"/>')),
      /music-time/,
    ],
    [
      'a garbled length',
      wrap(routes('<Region name="x" source-0="1" start="a0" length="ten@a0"/>')),
      /"ten" is not an Ardour time position/,
    ],
    [
      'a location without an id',
      wrap(`${routes('')}<Locations><Location name="m" start="a0" end="a0"/></Locations>`),
      /"id" is missing/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`reports ${what} with the file and the element's byte offset`, () => {
      try {
        parseArdourSessionXml(text, '/x/S.ardour');
        expect.unreachable();
      } catch (error) {
        expect(isTapeopError(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toMatch(/\/x\/S\.ardour/);
      }
    });
  }

  it('reads Ardour 6 sessions, which count in samples', () => {
    const parsed = parseArdourSessionXml(
      wrap(
        routes('<Region name="x" source-0="1" start="100" length="4800" position="96000"/>'),
        '<Session version="6000" name="S" sample-rate="48000">',
      ),
      'S.ardour',
    );
    expect(parsed.tracks[0]!.items[0]).toMatchObject({
      positionSamples: 96_000,
      lengthSamples: 4800,
      sourceOffsetSamples: 100,
    });
  });

  it('reads a track whose playlist is missing as empty, with a warning', () => {
    const parsed = parseArdourSessionXml(
      wrap(
        '<Routes><Route id="2" name="T" audio-playlist="3"><PresentationInfo order="1" flags="AudioTrack"/></Route></Routes><Playlists/>',
      ),
      'S.ardour',
    );
    expect(parsed.tracks[0]!.items).toEqual([]);
    expect(parsed.warnings[0]).toMatch(/playlist 3 is missing/);
  });

  it('names a missing session file or folder', async () => {
    await expect(readArdourSession(join(root, 'nope'))).rejects.toSatisfy((e) =>
      isTapeopError(e, 'FILE_NOT_FOUND'),
    );
    await expect(readArdourSession(join(root, 'mixes'))).rejects.toThrow(/holds no \.ardour file/);
  });
});

describe('the sidecar', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"schema": "tapeop-ardour.1", "tracks": [', /not valid JSON/],
    ['another document', '{"schema": "Session.1"}', /not a tapeop-ardour.1 document/],
    ['lists missing', '{"schema": "tapeop-ardour.1"}', /lacks its "tracks" or "markers"/],
  ];
  for (const [what, text, message] of cases) {
    it(`is ignored with a warning when it is ${what}`, async () => {
      const dir = await mkdtemp(join(root, 'sidecar-'));
      await writeFile(join(dir, SIDECAR_FILE), text);
      const { sidecar, warnings } = await readSidecar(dir);
      expect(sidecar.markers).toEqual([]);
      expect(warnings[0]).toMatch(message);
    });
  }

  it('skips the entries that are broken and keeps the others', async () => {
    const dir = await mkdtemp(join(root, 'sidecar-'));
    await writeFile(
      join(dir, SIDECAR_FILE),
      JSON.stringify({
        schema: 'tapeop-ardour.1',
        tracks: [{ routeId: '1', name: 'T', songId: 'a' }, { routeId: 2 }],
        markers: [
          { name: 'A', range: false, timeSamples: 10, marker: markers[0] },
          { name: 'B', range: false, timeSamples: 10, marker: { kind: 'nonsense' } },
        ],
      }),
    );
    const { sidecar, warnings } = await readSidecar(dir);
    expect(sidecar.tracks).toHaveLength(1);
    expect(sidecar.markers).toHaveLength(1);
    expect(warnings).toHaveLength(2);
  });
});
