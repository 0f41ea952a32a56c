import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeAdapterContract } from '@tapeop/core/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startArdour } from '../../../scripts/ardour-harness.js';
import { createArdourAdapter } from '../src/index.js';
import { makeAlbum } from './support/album.js';

// The core contract suite against the real, headless Ardour 7.3. A bus with ACE EQ on it gives
// the snapshot checks plug-in parameters to work on.
describeAdapterContract({
  name: 'Ardour 7.3 (headless)',
  runner: { describe, it, beforeAll, afterAll },
  timeoutMs: 120_000,
  async setup() {
    const album = await makeAlbum();
    const ardour = await startArdour({
      setupLua: join(import.meta.dirname, 'fixtures', 'mastering-bus.lua'),
    }).catch(async (error) => {
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
  },
});
