import { createReaperAdapter } from '../src/live/reaper-adapter.js';
import { startReaperSim } from '../src/sim/reaper-sim.js';
import { writeAlbumFixture } from '../test/album-fixture.js';
import { type Measured, measure, summarize } from './measure.js';

/** Loads a 20-song album and writes its CD markers, through HTTP → mailbox → Lua → model. */
export async function run(): Promise<void> {
  const album = await writeAlbumFixture({ count: 20, seconds: () => 5, name: 'bench' });
  const sim = await startReaperSim();
  const adapter = createReaperAdapter({
    host: sim.host,
    httpPort: sim.httpPort,
    oscPort: sim.oscPort,
  });
  try {
    await adapter.connect();
    const runs: Measured[] = [];
    for (let n = 0; n < 5; n++) {
      runs.push(
        await measure(adapter, async () => {
          await adapter.loadSongs(album.plan);
          await adapter.writeMarkers(album.markers);
        }),
      );
    }
    const markers = album.markers.length;
    console.log(
      `album: ${album.plan.songs.length} songs, ${markers} markers (CD track, pause, index, region, album)`,
    );
    console.log(summarize('load album + write markers', runs, 1000));
    console.log(
      `  simulator: ${sim.project.tracks.length} tracks, ${sim.project.markers.length} markers after ${runs.length} loads`,
    );
  } finally {
    await adapter.close();
    await sim.close();
    await album.cleanup();
  }
}
