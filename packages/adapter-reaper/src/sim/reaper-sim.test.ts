import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger, type LoadPlan } from '@tapeop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAlbumFixture } from '../../test/album-fixture.js';
import { bridgeScriptPath } from '../bridge/bridge-script.js';
import { createReaperAdapter } from '../live/reaper-adapter.js';
import { startReaperSim } from './reaper-sim.js';

const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('startReaperSim', () => {
  it('binds 127.0.0.1 on free ports, runs the very bridge file tapeop ships, and cleans up', async () => {
    const sim = await startReaperSim();
    expect(sim.host).toBe('127.0.0.1');
    expect(sim.httpPort).toBeGreaterThan(0);
    expect(sim.oscPort).toBeGreaterThan(0);
    const installed = join(sim.resourcePath, 'Scripts', 'tapeop_bridge.lua');
    expect(readFileSync(installed, 'utf8')).toBe(readFileSync(bridgeScriptPath(), 'utf8'));
    expect(sim.bridgeRunning).toBe(true);
    const body = await (await fetch(`${sim.url}/_/GET/EXTSTATE/tapeop/bridge`)).text();
    expect(body).toMatch(/^EXTSTATE\ttapeop\tbridge\t\{.*"protocol":1/);
    await sim.close();
    expect(existsSync(sim.resourcePath)).toBe(false);
    await expect(fetch(`${sim.url}/_/TRANSPORT`)).rejects.toThrow();
  });

  it('refuses to bind beyond loopback without a login, and asks for it when set', async () => {
    await expect(startReaperSim({ host: '0.0.0.0' })).rejects.toThrow(/only with a login/);
    const sim = await startReaperSim({
      auth: { user: 'engineer', password: 's3cret' },
      bridge: 'absent',
    });
    closers.push(() => sim.close());
    expect((await fetch(`${sim.url}/_/TRANSPORT`)).status).toBe(401);
    const ok = await fetch(`${sim.url}/_/TRANSPORT`, {
      headers: { Authorization: `Basic ${Buffer.from('engineer:s3cret').toString('base64')}` },
    });
    expect(ok.status).toBe(200);
  });

  it('reads media headers, so the bridge can say when a mix is shorter than its item', async () => {
    const album = await writeAlbumFixture({ count: 1, name: 'short' });
    closers.push(() => album.cleanup());
    const sim = await startReaperSim();
    closers.push(() => sim.close());
    const adapter = createReaperAdapter({
      host: sim.host,
      httpPort: sim.httpPort,
      logger: createMemoryLogger(),
    });
    closers.push(() => adapter.close());
    await adapter.connect();
    const plan: LoadPlan = structuredClone(album.plan);
    plan.songs[0]!.lengthSamples += 44_100 * 3;
    const result = await adapter.loadSongs(plan);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^song-1: the file is \d+\.\d{3} s long/);
    expect(sim.app.media.get(plan.songs[0]!.filePath)?.sampleRate).toBe(44_100);
  });
});
