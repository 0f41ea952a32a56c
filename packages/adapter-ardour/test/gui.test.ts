import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadPlan } from '@tapeop/core';
import { describeAdapterContract } from '@tapeop/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArdour } from '../../../scripts/ardour-harness.js';
import { ArdourOsc, BridgeClient, createArdourAdapter } from '../src/index.js';
import { makeAlbum } from './support/album.js';
import { writeWav } from './support/audio-fixtures.js';
import { ardourContractSetup } from './support/contract-setup.js';

// The same contract against Ardour's GUI under Xvfb: here the bridge is the Lua action script
// that installArdourBridge put into the (private) Ardour config, run by OSC /access_action, and
// songs are loaded with the editor's own import (sample-rate conversion, copy into the session).
describeAdapterContract({
  name: 'Ardour 7.3 GUI under Xvfb',
  runner: { describe, it, beforeAll, afterAll },
  timeoutMs: 120_000,
  setup: () => ardourContractSetup({ gui: true }),
});

describe('what only the GUI does', () => {
  it('converts a 44.1 kHz mix into the 48 kHz session and places it with its head trim', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-44k-'));
    const album = await makeAlbum();
    let ardour: Awaited<ReturnType<typeof startArdour>> | undefined;
    try {
      ardour = await startArdour({ gui: true });
      const file = join(dir, 'cd-master.wav');
      await writeWav(file, {
        sampleRate: 44_100,
        channels: 2,
        frames: 88_200,
        sample: (f) => (f === 441 ? 0.8 : 0),
      });
      const plan: LoadPlan = {
        sampleRate: 48_000,
        layout: 'track-per-song',
        // 441 samples at 44.1 kHz are 480 at 48 kHz; 2 s of mix are 96,000 samples.
        songs: [
          {
            songId: 'cd',
            title: 'CD',
            trackName: 'CD master',
            filePath: file,
            positionSamples: 48_000,
            sourceOffsetSamples: 480,
            lengthSamples: 95_520,
          },
        ],
      };
      const adapter = createArdourAdapter({
        configDir: ardour.configDir,
        timeoutMs: 5000,
        workTimeoutMs: 60_000,
      });
      await adapter.connect();
      const { warnings } = await adapter.loadSongs(plan);
      expect(warnings).toEqual([]);
      const [track] = await adapter.listTracks();
      expect(track!.items[0]).toMatchObject({
        positionSamples: 48_000,
        sourceOffsetSamples: 480,
        lengthSamples: 95_520,
        sampleRate: 48_000,
      });
      expect(track!.items[0]!.sourcePath).toMatch(/interchange\/session\/audiofiles\//);

      // The editor adds real Ardour CD markers (track starts for Ardour's own CUE/TOC export).
      const written = await adapter.writeMarkers(album.markers);
      expect(written.warnings.join(' ')).toMatch(/cannot set a CD marker's ISRC/);
      await adapter.close();
      const osc = new ArdourOsc({ port: ardour.oscPort });
      await osc.connect();
      const locations = await new BridgeClient({
        osc,
        configDir: ardour.configDir,
        actionSlot: 32,
      }).call<Array<{ name: string; start: number; flags: string[] }>>('locations.list');
      await osc.close();
      const cd = locations
        .filter((l) => l.flags.includes('IsCDMarker'))
        .map((l) => [l.name, l.start]);
      expect(cd).toEqual(
        album.markers.filter((m) => m.kind === 'cd-track').map((m) => [m.name, m.timeSamples]),
      );
    } finally {
      await ardour?.stop();
      await rm(dir, { recursive: true, force: true });
      await rm(album.dir, { recursive: true, force: true });
    }
  });
});
