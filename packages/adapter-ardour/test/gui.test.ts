import { rm } from 'node:fs/promises';
import { describeAdapterContract } from '@tapeop/core/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startArdour } from '../../../scripts/ardour-harness.js';
import { createArdourAdapter } from '../src/index.js';
import { makeAlbum } from './support/album.js';

// The same contract against Ardour's GUI under Xvfb: here the bridge is the Lua action script
// that installArdourBridge put into the (private) Ardour config, run by OSC /access_action, and
// songs are loaded with the editor's own import (sample-rate conversion, copy into the session).
describeAdapterContract({
  name: 'Ardour 7.3 GUI under Xvfb',
  runner: { describe, it, beforeAll, afterAll },
  timeoutMs: 120_000,
  async setup() {
    const album = await makeAlbum();
    const ardour = await startArdour({ gui: true });
    return {
      adapter: createArdourAdapter({ configDir: ardour.configDir, timeoutMs: 5000 }),
      fixture: { plan: album.plan, markers: album.markers },
      teardown: async () => {
        await ardour.stop();
        await rm(album.dir, { recursive: true, force: true });
      },
    };
  },
});
