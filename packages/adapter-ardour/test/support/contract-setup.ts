import { rm } from 'node:fs/promises';
import { type StartArdourOptions, startArdour } from '../../../../scripts/ardour-harness.js';
import { createArdourAdapter } from '../../src/index.js';
import { makeAlbum } from './album.js';

/**
 * The contract suite's setup against a real Ardour started with `options` (headless or the GUI):
 * the example album, an adapter with timeouts for a busy machine, and a teardown that stops
 * Ardour and removes the album even when Ardour never started.
 */
export async function ardourContractSetup(options: StartArdourOptions) {
  const album = await makeAlbum();
  const ardour = await startArdour(options).catch(async (error) => {
    await rm(album.dir, { recursive: true, force: true });
    throw error;
  });
  return {
    adapter: createArdourAdapter({
      configDir: ardour.configDir,
      timeoutMs: 5000,
      workTimeoutMs: 60_000,
    }),
    fixture: { plan: album.plan, markers: album.markers },
    teardown: async () => {
      await ardour.stop();
      await rm(album.dir, { recursive: true, force: true });
    },
  };
}
