import { createMemoryLogger, type Marker } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlbumFixture, writeAlbumFixture } from '../../test/album-fixture.js';
import { createReaperAdapter, type ReaperAdapter } from '../live/reaper-adapter.js';
import { findPlugin } from '../sim/plugins.js';
import { type ReaperSim, startReaperSim } from '../sim/reaper-sim.js';
import { readTrackChunk } from '../sim/state-chunk.js';
import { offlineProjectFromRpp } from './offline-project.js';
import { readRpp } from './read-rpp.js';
import { formatRppNodes } from './serialize-rpp.js';
import { writeRpp } from './write-rpp.js';

// The offline project must be what the bridge makes in a running REAPER: the same album is
// loaded into the simulated REAPER through the real bridge script, and written as an .RPP;
// both are read back through the adapter contract's shapes and compared.

const markerView = (m: Marker) => ({
  id: m.id,
  kind: m.kind,
  timeSamples: m.timeSamples,
  endSamples: m.endSamples,
  name: m.name,
  isrc: m.isrc,
  upc: m.upc,
  trackNumber: m.trackNumber,
  indexNumber: m.indexNumber,
  songId: m.songId,
});

describe('an offline project is what the bridge makes live', () => {
  let album: AlbumFixture;
  let sim: ReaperSim;
  let reaper: ReaperAdapter;

  beforeAll(async () => {
    album = await writeAlbumFixture({ count: 4, name: 'offline-vs-live' });
    // the live project runs at the album rate, as a mastering project does
    sim = await startReaperSim({ deviceRate: 44_100 });
    reaper = createReaperAdapter({
      host: sim.host,
      httpPort: sim.httpPort,
      logger: createMemoryLogger(),
    });
    await reaper.connect();
    await reaper.loadSongs(album.plan);
    await reaper.writeMarkers(album.markers);
  }, 60_000);

  afterAll(async () => {
    await reaper?.close();
    await sim?.close();
    await album?.cleanup();
  });

  it('has the same tracks and items, to the sample', async () => {
    const live = await reaper.listTracks();
    const { text } = writeRpp(album.session, {
      sessionDir: album.dir,
      plan: album.plan,
      markers: album.markers,
    });
    const offline = offlineProjectFromRpp(readRpp(text), { projectDir: album.dir });
    const view = (tracks: typeof live) =>
      tracks.map((t) => ({ name: t.name, index: t.index, songId: t.songId, items: t.items }));
    expect(view(offline.tracks)).toEqual(view(live));
  });

  it('has the same markers and regions', async () => {
    const live = await reaper.readMarkers();
    const { text } = writeRpp(album.session, {
      sessionDir: album.dir,
      plan: album.plan,
      markers: album.markers,
    });
    const offline = offlineProjectFromRpp(readRpp(text), { projectDir: album.dir });
    expect(offline.markers.map(markerView)).toEqual(live.map(markerView));
    expect(offline.markers.map((m) => m.daw?.number)).toEqual(live.map((m) => m.daw?.number));
  });

  it('writes plug-ins captured with their state so that a REAPER reading the chunk gets them back', async () => {
    // The engineer's chain on the first song, with moved knobs and a bypassed compressor.
    const track = sim.project.tracks.find((t) => t.name === album.plan.songs[0]!.trackName)!;
    const eq = sim.project.addFx(track, findPlugin(sim.app.plugins, 'VST: ReaEQ (Cockos)')!);
    const comp = sim.project.addFx(track, findPlugin(sim.app.plugins, 'VST: ReaComp (Cockos)')!);
    sim.project.setParam(track, eq, 0, 0.125);
    sim.project.setParam(track, comp, 1, 0.75);
    comp.enabled = false;
    const snapshot = await reaper.captureSnapshot({ name: 'v1', includeState: true });
    expect(snapshot.tracks[0]!.fx.every((f) => f.state?.kind === 'reaper-fx-chunk')).toBe(true);

    const { text, warnings } = writeRpp(album.session, {
      sessionDir: album.dir,
      plan: album.plan,
      markers: album.markers,
      snapshot,
    });
    expect(warnings).toEqual([]);
    const project = readRpp(text);
    expect(project.tracks[0]!.guid).toBe(track.guid);
    expect(project.tracks[0]!.fx.map((f) => [f.name, f.bypassed])).toEqual([
      ['VST: ReaEQ (Cockos)', false],
      ['VST: ReaComp (Cockos)', true],
    ]);

    // The simulated REAPER reads the written track as a state chunk (SetTrackStateChunk).
    const fresh = sim.project.insertTrack(sim.project.tracks.length);
    const chunk = formatRppNodes([project.tracks[0]!.block]);
    expect(readTrackChunk(sim.project, fresh, chunk, sim.app.plugins)).toBe(true);
    expect(fresh.fx.map((f) => [f.plugin.name, f.enabled, f.values])).toEqual([
      ['VST: ReaEQ (Cockos)', true, eq.values],
      ['VST: ReaComp (Cockos)', false, comp.values],
    ]);
    expect(fresh.items.map((i) => [i.position, i.length])).toEqual(
      track.items.map((i) => [i.position, i.length]),
    );
  }, 60_000);
});
