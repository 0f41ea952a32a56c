import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DawEvent, DawTrack, Marker } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArdourInstance,
  exportSession,
  startArdour,
} from '../../../scripts/ardour-harness.js';
import { ArdourOsc, createArdourAdapter, readArdourSession } from '../src/index.js';
import { type AlbumFixture, makeAlbum } from './support/album.js';
import { decodeWithSox, findOnsets } from './support/audio-fixtures.js';
import { waitUntil } from './support/wait.js';

// Issue 6's acceptance, against the real Ardour 7.3 (headless): a three-song 48 kHz album loaded
// at its sequenced positions, checked through the bridge and in a render by ardour7-export;
// markers written and read back; gain, pan and mute recalled and confirmed by OSC feedback.

let album: AlbumFixture;
let ardour: ArdourInstance | undefined;
let session: { dir: string; name: string; configDir: string; harnessDir: string };
const rendered = { onsets: [] as number[][], left: new Float32Array(), right: new Float32Array() };

beforeAll(async () => {
  album = await makeAlbum();
});
afterAll(async () => {
  await ardour?.stop();
  await rm(album.dir, { recursive: true, force: true });
  if (session) await rm(session.harnessDir, { recursive: true, force: true });
});

const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
const peak = (signal: Float32Array, at: number) =>
  Math.max(...Array.from(signal.subarray(at, at + 2), Math.abs));

describe('a 3-song album in the real Ardour', () => {
  it('loads every song at its sequenced position, confirmed through the bridge', async () => {
    ardour = await startArdour();
    session = {
      dir: ardour.sessionDir,
      name: ardour.sessionName,
      configDir: ardour.configDir,
      harnessDir: ardour.dir,
    };
    const adapter = createArdourAdapter({
      configDir: ardour.configDir,
      timeoutMs: 5000,
      workTimeoutMs: 45_000,
    });
    await adapter.connect();
    const result = await adapter.loadSongs(album.plan);
    expect(result.tracks.map((t) => t.name)).toEqual(album.plan.songs.map((s) => s.trackName));

    const tracks: DawTrack[] = await adapter.listTracks();
    for (const song of album.plan.songs) {
      const track = tracks.find((t) => t.songId === song.songId)!;
      expect(track.name).toBe(song.trackName);
      expect(track.items).toHaveLength(1);
      expect(track.items[0]).toMatchObject({
        positionSamples: song.positionSamples,
        sourceOffsetSamples: song.sourceOffsetSamples,
        lengthSamples: song.lengthSamples,
        sampleRate: 48_000,
      });
    }
    await adapter.close();
  });

  it('writes the CD markers and regions and reads them back', async () => {
    const adapter = createArdourAdapter({
      configDir: session.configDir,
      timeoutMs: 5000,
      workTimeoutMs: 45_000,
    });
    await adapter.connect();
    const written = await adapter.writeMarkers(album.markers);
    expect(written.written).toHaveLength(album.markers.length);
    const read = await adapter.readMarkers();
    for (const wanted of album.markers) {
      const found = read.find((m: Marker) => m.id === wanted.id);
      expect(found, wanted.id).toBeDefined();
      expect(found).toMatchObject({
        kind: wanted.kind,
        timeSamples: wanted.timeSamples,
        ...(wanted.endSamples !== undefined ? { endSamples: wanted.endSamples } : {}),
        ...(wanted.isrc ? { isrc: wanted.isrc } : {}),
        ...(wanted.trackNumber ? { trackNumber: wanted.trackNumber } : {}),
        ...(wanted.indexNumber !== undefined ? { indexNumber: wanted.indexNumber } : {}),
      });
    }

    // Saved over OSC (/save_state), as a control surface saves.
    const file = join(session.dir, `${session.name}.ardour`);
    const before = (await stat(file)).mtimeMs;
    const osc = new ArdourOsc({ port: ardour!.oscPort });
    await osc.connect();
    osc.saveState();
    await waitUntil(async () => (await stat(file)).mtimeMs > before, 'Ardour saved the session');
    await osc.close();
    await adapter.close();
    expect((await stat(file)).mtimeMs).toBeGreaterThan(before);
  });

  it('renders with ardour7-export with each song starting where the timeline says, to the sample', async () => {
    await ardour!.stop(true);
    // The session as Ardour saved it reads back the same through readArdourSession.
    const saved = await readArdourSession(session.dir);
    for (const song of album.plan.songs) {
      const track = saved.tracks.find((t) => t.songId === song.songId)!;
      expect(track.items[0]).toMatchObject({
        positionSamples: song.positionSamples,
        lengthSamples: song.lengthSamples,
        sourceOffsetSamples: song.sourceOffsetSamples,
      });
    }
    expect(saved.markers.filter((m) => m.id?.startsWith('tapeop:')).length).toBe(
      album.markers.length,
    );
    const range = saved.locations.find((l) => l.flags.includes('IsSessionRange'));

    const out = join(album.dir, 'render-1.wav');
    await exportSession(session.dir, session.name, out, { configDir: session.configDir });
    const { channels, sampleRate } = await decodeWithSox(out);
    expect(sampleRate).toBe(48_000);
    const [left, right] = channels as [Float32Array, Float32Array];
    const onsets = findOnsets(left, 0.1, 4000);
    // Everything that tells a misplaced song from a misaligned render, should this fail.
    const facts = `onsets ${onsets.join(', ')} in ${left.length} frames; session range ${range?.startSamples} to ${range?.endSamples}`;
    expect(onsets.length, facts).toBe(3);
    album.plan.songs.forEach((song, i) => {
      expect(
        near(onsets[i]!, song.positionSamples, 1),
        `${song.title} starts at ${onsets[i]}, not ${song.positionSamples} (${facts})`,
      ).toBe(true);
    });
    // The click that opens each song, at its own height: 0.5, the mono 0.6 through the centre
    // pan (Ardour's -3 dB pan law), 0.7. The louder click in each trimmed head is nowhere.
    const panLaw = 10 ** (-3 / 20);
    expect(peak(left, onsets[0]!)).toBeCloseTo(0.5, 3);
    expect(peak(left, onsets[1]!)).toBeCloseTo(0.6 * panLaw, 3);
    expect(peak(right, onsets[1]!)).toBeCloseTo(0.6 * panLaw, 3);
    expect(peak(left, onsets[2]!)).toBeCloseTo(0.7, 3);
    expect(left.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(0.71);
    Object.assign(rendered, { onsets: [onsets], left, right });
  });

  it('recalls gain, pan and mute, confirmed by OSC feedback and heard in the render', async () => {
    ardour = await startArdour({ session: join(session.dir, `${session.name}.ardour`) });
    // The session's folder belongs to the first run's harness folder; this one opens it in place.
    const adapter = createArdourAdapter({
      configDir: ardour.configDir,
      timeoutMs: 5000,
      workTimeoutMs: 45_000,
    });
    const events: DawEvent[] = [];
    adapter.subscribe((e) => events.push(e));
    await adapter.connect();
    const current = await adapter.captureSnapshot({ name: 'before' });
    expect(current.tracks.map((t) => t.songId)).toEqual(album.plan.songs.map((s) => s.songId));
    const target = structuredClone(current);
    target.tracks[0]!.volumeDb = -6;
    target.tracks[1]!.pan = -1;
    target.tracks[2]!.mute = true;
    const applied = await adapter.applySnapshot(target);
    expect(applied.warnings).toEqual([]);
    const feedback = events.filter(
      (e): e is Extract<DawEvent, { type: 'track-changed' }> => e.type === 'track-changed',
    );
    expect(feedback.some((e) => e.index === 0 && near(e.changes.volumeDb ?? 0, -6, 0.01))).toBe(
      true,
    );
    expect(feedback.some((e) => e.index === 1 && e.changes.pan === -1)).toBe(true);
    expect(feedback.some((e) => e.index === 2 && e.changes.mute === true)).toBe(true);
    const after = await adapter.captureSnapshot();
    expect(after.tracks[0]!.volumeDb).toBeCloseTo(-6, 2);
    expect(after.tracks[1]!.pan).toBe(-1);
    expect(after.tracks[2]!.mute).toBe(true);
    await adapter.close();

    const save = new ArdourOsc({ port: ardour.oscPort });
    await save.connect();
    const file = join(session.dir, `${session.name}.ardour`);
    const before = (await stat(file)).mtimeMs;
    save.saveState();
    await waitUntil(async () => (await stat(file)).mtimeMs > before, 'Ardour saved the session');
    await save.close();
    await ardour.stop();
    ardour = undefined;

    const out = join(album.dir, 'render-2.wav');
    await exportSession(session.dir, session.name, out);
    const { channels } = await decodeWithSox(out);
    const [left, right] = channels as [Float32Array, Float32Array];
    const [first, second, third] = rendered.onsets[0]!;
    expect(peak(left, first!)).toBeCloseTo(0.5 * 10 ** (-6 / 20), 3);
    expect(peak(left, second!)).toBeCloseTo(0.6, 3); // hard left: all of it on the left
    expect(peak(right, second!)).toBe(0);
    expect(peak(left, third!)).toBe(0); // muted
  });
});
