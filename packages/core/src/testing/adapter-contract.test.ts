import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DawAdapter, LoadPlan } from '../adapter/contract.js';
import { defineAdapter } from '../adapter/define-adapter.js';
import type { FxState, Marker } from '../generated/types.js';
import {
  type ContractFixture,
  contractChecks,
  describeAdapterContract,
} from './adapter-contract.js';
import { createMemoryAdapter, memoryAdapterManifest } from './memory-adapter.js';

const plan: LoadPlan = {
  sampleRate: 44_100,
  layout: 'track-per-song',
  songs: [
    {
      songId: 'one',
      title: 'One',
      trackName: '01 One',
      filePath: '/mixes/one.wav',
      positionSamples: 88_200,
      sourceOffsetSamples: 0,
      lengthSamples: 441_000,
    },
    {
      songId: 'two',
      title: 'Two',
      trackName: '02 Two',
      filePath: '/mixes/two.wav',
      positionSamples: 617_400,
      sourceOffsetSamples: 4410,
      lengthSamples: 529_200,
    },
  ],
};

const marker = (
  kind: Marker['kind'],
  timeSamples: number,
  extra: Partial<Marker> = {},
): Marker => ({
  schema: 'Marker.1',
  kind,
  timeSamples,
  sampleRate: 44_100,
  ...extra,
});

const fixture: ContractFixture = {
  plan,
  markers: [
    marker('cd-track', 88_200, {
      trackNumber: 1,
      indexNumber: 1,
      isrc: 'QZES52600001',
      cdText: { title: 'One' },
    }),
    marker('cd-pregap', 529_200, { trackNumber: 2, indexNumber: 0 }),
    marker('cd-track', 617_400, { trackNumber: 2, indexNumber: 1, cdText: { title: 'Two' } }),
    marker('region', 88_200, { endSamples: 529_200, name: 'One' }),
    marker('album', 1_146_600, { upc: '5010017088439', cdText: { title: 'Album' } }),
  ],
};

const eq: FxState = {
  name: 'ReaEQ',
  plugin: { id: 'ReaEQ (Cockos)', format: 'VST' },
  enabled: true,
  params: [
    { index: 0, name: 'Freq-Low Shelf', normalized: 0.2 },
    { index: 1, name: 'Gain-Low Shelf', normalized: 0.5 },
  ],
};

// The memory adapter must pass the suite it is the reference for.
describeAdapterContract({
  name: 'memory adapter',
  runner: { describe, it, beforeAll, afterAll },
  setup: async () => ({
    adapter: createMemoryAdapter({
      sampleRate: 48_000,
      defaultFx: [eq],
      userMarkers: [marker('generic', 10, { name: 'user idea' })],
    }),
    fixture,
  }),
});

/** Runs every check that applies and returns the names of those that failed. */
async function failingChecks(adapter: DawAdapter): Promise<string[]> {
  await adapter.connect();
  const failed: string[] = [];
  for (const check of contractChecks) {
    if (!check.needs.every((c) => adapter.supports(c))) continue;
    await check.run({ adapter, fixture }).catch(() => failed.push(check.name));
  }
  return failed;
}

describe('the contract suite catches broken adapters', () => {
  it('passes the reference adapter', async () => {
    expect(await failingChecks(createMemoryAdapter())).toEqual([]);
  });

  it('fails an adapter that places songs a second late', async () => {
    const good = createMemoryAdapter();
    const late = defineAdapter(memoryAdapterManifest, {
      ...good,
      loadSongs: (p: LoadPlan) =>
        good.loadSongs({
          ...p,
          songs: p.songs.map((s) => ({ ...s, positionSamples: s.positionSamples + p.sampleRate })),
        }),
    });
    expect(await failingChecks(late)).toContain('loads the album at the planned positions');
  });

  it("fails an adapter that adds markers instead of replacing tapeop's", async () => {
    const good = createMemoryAdapter();
    const kept: Marker[] = [];
    const leaky = defineAdapter(memoryAdapterManifest, {
      ...good,
      writeMarkers: async (markers: Marker[]) => {
        kept.push(...markers);
        return { written: markers, removed: 0, warnings: [] };
      },
      readMarkers: async () => kept,
    });
    expect(await failingChecks(leaky)).toEqual([
      "rewriting markers replaces tapeop's markers and keeps the others",
    ]);
  });

  it('fails an adapter whose snapshot apply ignores pan', async () => {
    const good = createMemoryAdapter({ defaultFx: [eq] });
    const deaf = defineAdapter(memoryAdapterManifest, {
      ...good,
      applySnapshot: async (target) => {
        const current = await good.captureSnapshot();
        return good.applySnapshot({
          ...target,
          tracks: target.tracks.map((t, i) => ({ ...t, pan: current.tracks[i]?.pan ?? 0 })),
        });
      },
    });
    expect(await failingChecks(deaf)).toEqual([
      'applies a snapshot and captures the same state back',
    ]);
  });

  it('fails an adapter that claims capabilities through a wrong manifest in describe()', async () => {
    const good = createMemoryAdapter();
    const confused = defineAdapter(memoryAdapterManifest, {
      ...good,
      describe: async () => ({
        manifest: { ...memoryAdapterManifest, name: 'other' },
        daw: { name: 'x' },
      }),
    });
    expect(await failingChecks(confused)).toEqual(['describes itself with a valid manifest']);
  });
});
