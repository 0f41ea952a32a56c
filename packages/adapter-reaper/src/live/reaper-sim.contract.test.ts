import { createMemoryLogger } from '@tapeop/core';
import { describeAdapterContract } from '@tapeop/core/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type AlbumFixture, writeAlbumFixture } from '../../test/album-fixture.js';
import { findPlugin } from '../sim/plugins.js';
import { startReaperSim } from '../sim/reaper-sim.js';
import { createReaperAdapter } from './reaper-adapter.js';

// The core contract through the full path: HTTP (web interface) → ExtState mailbox → the real
// bridge script in Lua → the simulated REAPER's model, with real WAV mixes on disk.
for (const transfer of ['file', 'parts'] as const) {
  describeAdapterContract({
    name: `REAPER simulator, bodies over 8 KB ${transfer === 'file' ? 'through the bridge folder' : 'in parts'}`,
    runner: { describe, it, beforeAll, afterAll },
    timeoutMs: 30_000,
    setup: async () => {
      const album: AlbumFixture = await writeAlbumFixture({ name: `contract-${transfer}` });
      const sim = await startReaperSim();
      // The engineer's own work, which tapeop must leave alone: a marker and a bus with plug-ins.
      sim.project.addMarker(false, 0.5, 0, 'check the click at 0:00.5', -1, 0);
      const bus = sim.project.insertTrack(0);
      bus.name = 'Mastering bus';
      for (const name of ['VST: ReaEQ (Cockos)', 'VST: ReaComp (Cockos)'])
        sim.project.addFx(bus, findPlugin(sim.app.plugins, name)!);
      const adapter = createReaperAdapter({
        host: sim.host,
        httpPort: sim.httpPort,
        oscPort: sim.oscPort,
        transfer,
        logger: createMemoryLogger(),
      });
      return {
        adapter,
        fixture: { plan: album.plan, markers: album.markers },
        teardown: async () => {
          await sim.close();
          await album.cleanup();
        },
      };
    },
  });
}
