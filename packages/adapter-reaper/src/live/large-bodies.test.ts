import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger, validateAdapterManifest } from '@tapeop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startReaperSim } from '../sim/reaper-sim.js';
import { adapter, adapters, reaperSimAdapterFactory } from './factories.js';
import { createReaperAdapter } from './reaper-adapter.js';

const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('bodies over 8 KB', () => {
  // 40 KB of text with what escaping must survive: tabs, newlines, backslashes, quotes, non-ASCII.
  const text = Array.from(
    { length: 600 },
    (_, n) => `Song ${n}\t−0.5 dB "vocal" \\ ✓ 🎵\r\nnext`,
  ).join('\n');

  for (const transfer of ['file', 'parts'] as const) {
    it(`travel ${transfer === 'file' ? 'through the bridge folder' : 'in parts'} both ways, and leave nothing behind`, async () => {
      const sim = await startReaperSim();
      closers.push(() => sim.close());
      const reaper = createReaperAdapter({
        host: sim.host,
        httpPort: sim.httpPort,
        transfer,
        logger: createMemoryLogger(),
      });
      closers.push(() => reaper.close());
      await reaper.connect();
      expect(encodeURIComponent(text).length).toBeGreaterThan(40_000);
      await reaper.writeNotes(text);
      expect(sim.project.notes).toBe(text);
      expect(await reaper.readNotes()).toBe(text.replace(/\r\n/g, '\n'));
      expect(readdirSync(join(sim.resourcePath, 'tapeop', 'mailbox'))).toEqual([]);
      const leftovers = sim.app.extState.keys('tapeop').filter((k) => k.startsWith('req.'));
      expect(leftovers).toEqual([]);
    });
  }
});

describe('the adapter factories', () => {
  it('register reaper and reaper-sim with valid manifests', () => {
    expect(adapters.map((a) => a.name)).toEqual(['reaper', 'reaper-sim']);
    expect(adapter).toBe(adapters[0]);
    for (const a of adapters) expect(validateAdapterManifest(a.manifest).ok).toBe(true);
  });

  it('reaper-sim starts its own simulator and closes it with the adapter', async () => {
    const reaper = await reaperSimAdapterFactory.create({ logger: createMemoryLogger() });
    await reaper.connect();
    const described = await reaper.describe();
    expect(described.manifest.name).toBe('reaper-sim');
    expect(described.daw.version).toBe('7.11/tapeop-sim');
    await reaper.close();
    await expect(reaper.describe()).rejects.toMatchObject({ code: 'DAW_UNREACHABLE' });
  });

  it('reaper-sim attaches to a simulator already running', async () => {
    const sim = await startReaperSim();
    closers.push(() => sim.close());
    const reaper = await reaperSimAdapterFactory.create({ host: sim.host, port: sim.httpPort });
    closers.push(() => reaper.close());
    await reaper.connect();
    await reaper.writeNotes('attached');
    expect(sim.project.notes).toBe('attached');
  });
});
