import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSession, startArdour } from '../../../scripts/ardour-harness.js';
import {
  ArdourOsc,
  createArdourAdapter,
  readArdourSession,
  writeArdourSession,
} from '../src/index.js';
import { type AlbumFixture, makeAlbum } from './support/album.js';
import { decodeWithSox, findOnsets } from './support/audio-fixtures.js';
import { waitUntil } from './support/wait.js';

let album: AlbumFixture;
let out: string;
beforeAll(async () => {
  album = await makeAlbum();
  out = await mkdtemp(join(tmpdir(), 'tapeop-ardour-offline-'));
});
afterAll(async () => {
  await rm(album.dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe('an .ardour session written offline', () => {
  it('renders with ardour7-export with every song where the timeline says', async () => {
    const result = await writeArdourSession(album.session, join(out, 'Night Drive'), {
      sessionDir: album.dir,
    });
    expect(result.warnings).toEqual([]);
    const render = join(out, 'render.wav');
    await exportSession(result.dir, 'Night Drive', render);
    const { channels } = await decodeWithSox(render);
    const onsets = findOnsets(channels[0]!, 0.1, 4000);
    expect(onsets).toEqual(album.plan.songs.map((s) => s.positionSamples));
  });

  it('opens in Ardour with its tracks and markers, and keeps its CD markers when Ardour saves it', async () => {
    const dir = join(out, 'Night Drive');
    const ardour = await startArdour({ session: join(dir, 'Night Drive.ardour') });
    try {
      const adapter = createArdourAdapter({ configDir: ardour.configDir, timeoutMs: 5000 });
      await adapter.connect();
      const tracks = await adapter.listTracks();
      expect(
        tracks.map((t) => [
          t.name,
          t.songId,
          t.items[0]?.positionSamples,
          t.items[0]?.sourceOffsetSamples,
        ]),
      ).toEqual(
        album.plan.songs.map((s) => [
          s.trackName,
          s.songId,
          s.positionSamples,
          s.sourceOffsetSamples,
        ]),
      );
      const markers = await adapter.readMarkers();
      for (const wanted of album.markers) {
        expect(markers.find((m) => m.id === wanted.id)).toMatchObject({
          kind: wanted.kind,
          timeSamples: wanted.timeSamples,
        });
      }
      // Loading the same album live reuses what the file already has: no second copy, no reload.
      const again = await adapter.loadSongs(album.plan);
      expect(again.tracks).toHaveLength(3);
      expect((await adapter.listTracks()).length).toBe(3);
      await adapter.close();

      const file = join(dir, 'Night Drive.ardour');
      const before = (await stat(file)).mtimeMs;
      const osc = new ArdourOsc({ port: ardour.oscPort });
      await osc.connect();
      osc.saveState();
      await waitUntil(async () => (await stat(file)).mtimeMs > before, 'Ardour saved the session');
      await osc.close();
    } finally {
      await ardour.stop();
    }
    const saved = await readArdourSession(dir);
    const cd = saved.locations.filter((l) => l.flags.includes('IsCDMarker'));
    expect(cd.map((l) => [l.name, l.cdInfo?.isrc])).toEqual([
      ['First Light', 'QZES52600001'],
      ['Overpass', 'QZES52600002'],
      ['Last Exit', 'QZES52600003'],
    ]);
    expect(saved.tracks.map((t) => t.items[0]?.positionSamples)).toEqual(
      album.plan.songs.map((s) => s.positionSamples),
    );
  });
});
