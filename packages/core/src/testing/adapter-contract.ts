import assert from 'node:assert/strict';
import type { DawAdapter, LoadPlan } from '../adapter/contract.js';
import { capabilityOperations } from '../adapter/define-adapter.js';
import { isTapeopError } from '../errors/tapeop-error.js';
import type { Capability, Marker, Snapshot } from '../generated/types.js';
import { validateAdapterManifest, validateSnapshot } from '../validation/documents.js';
import { formatProblem } from '../validation/problem.js';

/** What the suite loads and writes: built by the adapter's own test from real audio files. */
export interface ContractFixture {
  plan: LoadPlan;
  /** Markers to write, positioned at plan.sampleRate. */
  markers: Marker[];
}

export interface ContractContext {
  adapter: DawAdapter;
  fixture: ContractFixture;
}

export interface ContractCheck {
  name: string;
  /** The check runs only when the adapter declares all of these. */
  needs: Capability[];
  run(context: ContractContext): Promise<void>;
}

const allCapabilities = Object.keys(capabilityOperations) as Capability[];

function rescale(samples: number, from: number, to: number): number {
  return from === to ? samples : Math.round((samples * to) / from);
}

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: got ${actual}, expected ${expected} ± ${tolerance}`,
  );

/** The checks every adapter must pass, in order (later checks build on the album loaded earlier). */
export const contractChecks: ContractCheck[] = [
  {
    name: 'describes itself with a valid manifest',
    needs: [],
    async run({ adapter }) {
      const description = await adapter.describe();
      const manifest = validateAdapterManifest(description.manifest);
      assert.ok(manifest.ok, manifest.ok ? '' : manifest.problems.map(formatProblem).join('\n'));
      assert.equal(description.manifest.name, adapter.manifest.name);
      assert.ok(description.daw.name.length > 0, 'the DAW reports no name');
    },
  },
  {
    name: 'answers supports() from its manifest',
    needs: [],
    async run({ adapter }) {
      for (const capability of allCapabilities) {
        assert.equal(
          adapter.supports(capability),
          adapter.manifest.capabilities.includes(capability),
          capability,
        );
      }
    },
  },
  {
    name: 'refuses undeclared operations with UNSUPPORTED',
    needs: [],
    async run({ adapter }) {
      const undeclared = allCapabilities.filter(
        (c) => !adapter.supports(c) && capabilityOperations[c].length > 0 && c !== 'events',
      );
      for (const capability of undeclared) {
        const op = capabilityOperations[capability][0]!;
        const call = adapter[op] as (...args: unknown[]) => Promise<unknown>;
        await assert.rejects(
          () => call.call(adapter, undefined),
          (error: unknown) => isTapeopError(error, 'UNSUPPORTED'),
          `${op}() without ${capability} should throw UNSUPPORTED`,
        );
      }
    },
  },
  {
    name: 'loads the album at the planned positions',
    needs: ['songs.load', 'tracks.list'],
    async run({ adapter, fixture }) {
      const { plan } = fixture;
      const result = await adapter.loadSongs(plan);
      assert.ok(result.tracks.length > 0, 'loadSongs reported no tracks');
      const tracks = await adapter.listTracks();
      for (const song of plan.songs) {
        const items = tracks
          .filter((t) => plan.layout === 'single-track' || t.name === song.trackName)
          .flatMap((t) => t.items);
        const item = items.find(
          (i) =>
            Math.abs(
              rescale(i.positionSamples, i.sampleRate, plan.sampleRate) - song.positionSamples,
            ) <= 1,
        );
        assert.ok(
          item,
          `no item for "${song.title}" at ${song.positionSamples} samples (found ${items.map((i) => i.positionSamples).join(', ') || 'none'})`,
        );
        near(
          rescale(item.lengthSamples, item.sampleRate, plan.sampleRate),
          song.lengthSamples,
          1,
          `length of "${song.title}"`,
        );
        near(
          rescale(item.sourceOffsetSamples, item.sampleRate, plan.sampleRate),
          song.sourceOffsetSamples,
          1,
          `head trim of "${song.title}"`,
        );
      }
    },
  },
  {
    name: 'loading the same album again replaces it instead of adding tracks',
    needs: ['songs.load', 'tracks.list'],
    async run({ adapter, fixture }) {
      // Counted right away: an adapter may hand out its live lists.
      const count = async () => {
        const tracks = await adapter.listTracks();
        return { tracks: tracks.length, items: tracks.reduce((n, t) => n + t.items.length, 0) };
      };
      const before = await count();
      await adapter.loadSongs(fixture.plan);
      const after = await count();
      assert.equal(after.tracks, before.tracks, 'a second load changed the number of tracks');
      assert.equal(after.items, before.items, 'a second load changed the number of items');
    },
  },
  {
    name: 'writes markers and reads them back',
    needs: ['markers.write', 'markers.read'],
    async run({ adapter, fixture }) {
      const result = await adapter.writeMarkers(fixture.markers);
      assert.equal(result.written.length, fixture.markers.length, 'not every marker was written');
      const read = await adapter.readMarkers();
      for (const wanted of fixture.markers) {
        const match = read.find(
          (m) =>
            m.kind === wanted.kind &&
            Math.abs(
              rescale(m.timeSamples, m.sampleRate, wanted.sampleRate) - wanted.timeSamples,
            ) <= 1,
        );
        assert.ok(match, `no ${wanted.kind} marker read back at ${wanted.timeSamples} samples`);
        for (const field of ['trackNumber', 'indexNumber', 'isrc', 'upc'] as const) {
          if (wanted[field] !== undefined)
            assert.equal(
              match[field],
              wanted[field],
              `${wanted.kind} marker at ${wanted.timeSamples}: ${field}`,
            );
        }
        if (wanted.cdText?.title !== undefined)
          assert.equal(match.cdText?.title, wanted.cdText.title, 'CD-Text title');
        if (wanted.endSamples !== undefined) {
          assert.ok(match.endSamples !== undefined, 'region end was lost');
          near(
            rescale(match.endSamples, match.sampleRate, wanted.sampleRate),
            wanted.endSamples,
            1,
            'region end',
          );
        }
      }
    },
  },
  {
    name: "rewriting markers replaces tapeop's markers and keeps the others",
    needs: ['markers.write', 'markers.read'],
    async run({ adapter, fixture }) {
      const before = (await adapter.readMarkers()).length;
      await adapter.writeMarkers(fixture.markers);
      const after = (await adapter.readMarkers()).length;
      assert.equal(after, before, 'a second write changed the number of markers');
    },
  },
  {
    name: 'captures a valid snapshot',
    needs: ['snapshot.capture'],
    async run({ adapter, fixture }) {
      const snapshot = await adapter.captureSnapshot({ name: 'contract' });
      const checked = validateSnapshot(snapshot);
      assert.ok(checked.ok, checked.ok ? '' : checked.problems.map(formatProblem).join('\n'));
      if (adapter.supports('songs.load') && fixture.plan.layout === 'track-per-song') {
        for (const song of fixture.plan.songs) {
          assert.ok(
            snapshot.tracks.some((t) => t.name === song.trackName),
            `snapshot lacks track "${song.trackName}"`,
          );
        }
      }
    },
  },
  {
    name: 'applies a snapshot and captures the same state back',
    needs: ['snapshot.capture', 'snapshot.apply'],
    async run({ adapter }) {
      const original = await adapter.captureSnapshot();
      assert.ok(original.tracks.length > 0, 'the project has no tracks to recall');
      const target: Snapshot = structuredClone(original);
      const track = target.tracks[0]!;
      track.volumeDb = (track.volumeDb ?? 0) - 3.5;
      track.pan = 0.25;
      track.mute = !track.mute;
      const withParams = target.tracks.find((t) => t.fx.some((f) => f.params.length > 0));
      const param = withParams?.fx.find((f) => f.params.length > 0)?.params[0];
      if (param) param.normalized = Math.round(((param.normalized + 0.37) % 1) * 1000) / 1000;
      await adapter.applySnapshot(target);
      const back = await adapter.captureSnapshot();
      const same = back.tracks.find((t) =>
        track.guid ? t.guid === track.guid : t.name === track.name,
      );
      assert.ok(same, `track "${track.name}" is gone after apply`);
      near(same.volumeDb ?? Number.NEGATIVE_INFINITY, track.volumeDb, 0.01, 'volume dB');
      near(same.pan, track.pan, 0.001, 'pan');
      assert.equal(same.mute, track.mute, 'mute');
      if (param && withParams) {
        const backTrack = back.tracks.find((t) =>
          withParams.guid ? t.guid === withParams.guid : t.name === withParams.name,
        );
        const backParam = backTrack?.fx
          .flatMap((f) => f.params)
          .find((p) => p.index === param.index);
        assert.ok(backParam, 'the changed parameter is gone after apply');
        near(backParam.normalized, param.normalized, 0.001, `parameter "${param.name}"`);
      }
      await adapter.applySnapshot(original);
      const restored = await adapter.captureSnapshot();
      const again = restored.tracks.find((t) =>
        track.guid ? t.guid === track.guid : t.name === track.name,
      );
      assert.equal(
        again?.mute,
        original.tracks[0]!.mute,
        'applying the original snapshot did not restore mute',
      );
    },
  },
  {
    name: 'round-trips the project notes',
    needs: ['notes.write', 'notes.read'],
    async run({ adapter }) {
      const text = 'tapeop contract check ✓\nSong 2: −0.5 dB\twith a tab';
      await adapter.writeNotes(text);
      assert.equal(await adapter.readNotes(), text);
    },
  },
  {
    name: 'locates, plays and stops',
    needs: ['transport'],
    async run({ adapter }) {
      await adapter.locate(12.5);
      near((await adapter.transportState()).positionSec, 12.5, 0.05, 'position after locate');
      await adapter.play();
      assert.equal((await adapter.transportState()).playing, true, 'playing after play()');
      await adapter.stop();
      assert.equal((await adapter.transportState()).playing, false, 'playing after stop()');
    },
  },
];

/** The parts of a test runner the suite needs; vitest's (and node:test's) functions fit. */
export interface ContractRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
  beforeAll(body: () => Promise<void>, timeout?: number): void;
  afterAll(body: () => Promise<void>, timeout?: number): void;
}

export interface ContractSuiteOptions {
  /** Shown in the test names, e.g. 'REAPER simulator'. */
  name: string;
  runner: ContractRunner;
  /** Creates the adapter (not yet connected) and the fixture; `teardown` runs after the suite. */
  setup(): Promise<{
    adapter: DawAdapter;
    fixture: ContractFixture;
    teardown?: () => Promise<void>;
  }>;
  timeoutMs?: number;
}

/**
 * Registers the contract checks as tests. An adapter package calls this from one of its test
 * files with its own setup, e.g.
 *   describeAdapterContract({ name: 'REAPER simulator', runner: { describe, it, beforeAll, afterAll }, setup })
 */
export function describeAdapterContract(options: ContractSuiteOptions): void {
  const { runner, timeoutMs = 60_000 } = options;
  let context: ContractContext | undefined;
  let teardown: (() => Promise<void>) | undefined;
  runner.describe(`adapter contract: ${options.name}`, () => {
    runner.beforeAll(async () => {
      const created = await options.setup();
      teardown = created.teardown;
      await created.adapter.connect();
      context = { adapter: created.adapter, fixture: created.fixture };
    }, timeoutMs);
    runner.afterAll(async () => {
      await context?.adapter.close();
      await teardown?.();
    }, timeoutMs);
    for (const check of contractChecks) {
      runner.it(
        check.name,
        async () => {
          assert.ok(context, 'the suite setup failed');
          if (!check.needs.every((c) => context!.adapter.supports(c))) return;
          await check.run(context);
        },
        timeoutMs,
      );
    }
  });
}
