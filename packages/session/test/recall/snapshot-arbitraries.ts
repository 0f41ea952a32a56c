// fast-check generators of snapshot pairs for the recall property tests: a "current" snapshot
// and a "target" made from it the way sessions change between revisions (values nudged,
// plug-ins added, removed, replaced, reordered, bypassed, presets loaded, parameters captured or
// not, tracks added, removed, renamed, reordered), plus the truth of which target item came
// from which current item.
import type {
  FxState,
  ParamState,
  PluginIdentity,
  PluginState,
  Snapshot,
  TrackState,
} from '@tapeop/core';
import fc from 'fast-check';
import { snapshot } from './snapshot-builders.js';

/**
 * `clean`: unique track names and GUIDs, renames only where a GUID or song identifies the
 * track (the pairing is then recoverable, so the truth can check minimality).
 * `messy`: names from a tiny pool, GUIDs duplicated or missing, tracks renamed without anything
 * to identify them.
 */
export type Flavour = 'clean' | 'messy';

export interface SnapshotPair {
  current: Snapshot;
  target: Snapshot;
  /** For each target track, the index of the current track it came from, or -1 (new). */
  trackOrigin: number[];
  /** For each target track and plug-in, the index in its origin's chain, or -1 (new). */
  fxOrigin: number[][];
  /** The same for the master bus's chain (empty without a master bus). */
  masterFxOrigin: number[];
}

const PLUGINS: PluginIdentity[] = [
  { id: 'VST3:FabFilter Pro-Q 3', format: 'VST3', vendor: 'FabFilter', version: '3.21' },
  { id: 'VST3:FabFilter Pro-L 2', format: 'VST3', vendor: 'FabFilter' },
  { id: 'JS:ReaLimit', format: 'JS' },
];
const FX_NAMES = ['Pro-Q 3', 'Pro-L 2', 'ReaLimit'];

const normalized = fc.oneof(
  fc.constantFrom(0, 0.25, 0.5, 1),
  fc.double({ min: 0, max: 1, noNaN: true }),
);
const level = fc.oneof(
  fc.constant(null),
  fc.constantFrom(0, -0.5, -6),
  fc.double({ min: -60, max: 12, noNaN: true }),
);
const unit = fc.double({ min: -1, max: 1, noNaN: true });
const state = (data: string): PluginState => ({ daw: 'reaper', encoding: 'base64', data });

function paramOf(index: number, value: number, shown: boolean): ParamState {
  return {
    index,
    name: `P${index}`,
    normalized: value,
    ...(shown && { formatted: `${(value * 24 - 12).toFixed(2)} dB`, unit: 'dB' }),
  };
}

const params = fc
  .uniqueArray(
    fc.record({ index: fc.integer({ min: 0, max: 7 }), value: normalized, shown: fc.boolean() }),
    {
      maxLength: 5,
      selector: (p) => p.index,
    },
  )
  .map((list) => list.map((p) => paramOf(p.index, p.value, p.shown)));

function fxArb(flavour: Flavour): fc.Arbitrary<Omit<FxState, 'guid'> & { guid?: string }> {
  return fc
    .record({
      kind: fc.integer({ min: 0, max: PLUGINS.length - 1 }),
      enabled: fc.boolean(),
      offline: fc.option(fc.boolean(), { nil: undefined }),
      preset: fc.option(fc.constantFrom('Init', 'Air', 'Glue'), { nil: undefined }),
      params,
      state: fc.option(fc.constantFrom('S1', 'S2'), { nil: undefined }),
      guid:
        flavour === 'messy'
          ? fc.option(fc.constantFrom('X', 'Y'), { nil: undefined })
          : fc.boolean(),
    })
    .map((r) => ({
      name: FX_NAMES[r.kind] as string,
      plugin: PLUGINS[r.kind] as PluginIdentity,
      enabled: r.enabled,
      ...(r.offline !== undefined && { offline: r.offline }),
      ...(r.preset !== undefined && { preset: r.preset }),
      params: r.params,
      ...(r.state !== undefined && { state: state(r.state) }),
      ...(typeof r.guid === 'string' ? { guid: r.guid } : r.guid ? { guid: 'pending' } : {}),
    }));
}

const values = fc.record({
  volumeDb: level,
  pan: unit,
  width: fc.option(unit, { nil: undefined }),
  mute: fc.boolean(),
  solo: fc.boolean(),
  phaseInvert: fc.boolean(),
});

function trackArb(
  flavour: Flavour,
): fc.Arbitrary<Omit<TrackState, 'name' | 'index'> & { guid?: string }> {
  return fc
    .record({
      values,
      fx: fc.array(fxArb(flavour), { maxLength: 4 }),
      guid:
        flavour === 'messy'
          ? fc.option(fc.constantFrom('G1', 'G2'), { nil: undefined })
          : fc.boolean(),
      song: fc.boolean(),
    })
    .map((r) => ({
      volumeDb: r.values.volumeDb,
      pan: r.values.pan,
      ...(r.values.width !== undefined && { width: r.values.width }),
      mute: r.values.mute,
      solo: r.values.solo,
      phaseInvert: r.values.phaseInvert,
      fx: r.fx,
      ...(typeof r.guid === 'string' ? { guid: r.guid } : r.guid ? { guid: 'pending' } : {}),
      ...(r.song && { songId: 'pending' }),
    }));
}

const MESSY_NAMES = ['Audio', 'Bus', 'Audio 2'];

/** A current snapshot: up to 6 tracks of up to 4 plug-ins, perhaps a master bus. */
export function currentArb(flavour: Flavour): fc.Arbitrary<Snapshot> {
  return fc
    .record({
      tracks: fc.array(
        fc.record({ track: trackArb(flavour), name: fc.constantFrom(...MESSY_NAMES) }),
        { maxLength: 6 },
      ),
      master: fc.option(trackArb(flavour), { nil: undefined }),
    })
    .map(({ tracks, master }) =>
      snapshot(
        tracks.map(({ track, name }, k) =>
          finishTrack(track, flavour === 'messy' ? name : `Track ${k}`, `t${k}`, `song-${k}`),
        ),
        master === undefined
          ? {}
          : { master: { ...finishTrack(master, 'MASTER', 'master', undefined), index: -1 } },
      ),
    );
}

/** Gives pending GUIDs and songs their values, unique per track and per chain. */
function finishTrack(
  track: Omit<TrackState, 'name' | 'index'> & { guid?: string },
  name: string,
  guid: string,
  songId: string | undefined,
): TrackState {
  const { guid: g, songId: s, fx, ...rest } = track;
  return {
    name,
    index: 0,
    ...(g === 'pending' ? { guid } : g !== undefined ? { guid: g } : {}),
    ...(s === 'pending' && songId !== undefined ? { songId } : {}),
    ...rest,
    fx: fx.map((f, k) => {
      const { guid: fg, ...fxRest } = f;
      return {
        ...(fg === 'pending' ? { guid: `${guid}-f${k}` } : fg !== undefined ? { guid: fg } : {}),
        ...fxRest,
      } as FxState;
    }),
  };
}

/** A snapshot pair: a current state and a revision of it. */
export function pairArb(flavour: Flavour): fc.Arbitrary<SnapshotPair> {
  return currentArb(flavour).chain((current) => revisionArb(current, flavour));
}

function revisionArb(current: Snapshot, flavour: Flavour): fc.Arbitrary<SnapshotPair> {
  const kept = current.tracks.map((t) =>
    fc.record({
      keep: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
      rename: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      values: fc.option(values, { nil: undefined }),
      chain: chainArb(t.fx, flavour),
    }),
  );
  return fc
    .record({
      kept: fc.tuple(...kept),
      added: fc.array(trackArb(flavour), { maxLength: 2 }),
      master: fc.option(chainArb(current.master?.fx ?? [], flavour), { nil: undefined }),
      masterValues: fc.option(values, { nil: undefined }),
      shuffle: fc.boolean(),
      order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    })
    .map((r) => {
      type Entry = { track: TrackState; origin: number; fxOrigin: number[] };
      const entries: Entry[] = [];
      r.kept.forEach((decision, i) => {
        if (!decision.keep) return;
        const before = current.tracks[i] as TrackState;
        const identified = before.guid !== undefined || before.songId !== undefined;
        const rename = decision.rename && (flavour === 'messy' || identified);
        const track: TrackState = {
          ...before,
          ...(decision.values ?? {}),
          name: rename ? `${before.name} (renamed)` : before.name,
          fx: decision.chain.fx,
        };
        if (decision.values && decision.values.width === undefined) delete track.width;
        entries.push({ track, origin: i, fxOrigin: decision.chain.origin });
      });
      r.added.forEach((added, k) => {
        const track = finishTrack(
          added,
          flavour === 'messy' ? 'Bus' : `New ${k}`,
          `n${k}`,
          `new-song-${k}`,
        );
        entries.push({ track, origin: -1, fxOrigin: track.fx.map(() => -1) });
      });
      if (r.shuffle) {
        // A permutation from the generated numbers (Fisher–Yates driven by r.order).
        for (let k = entries.length - 1; k > 0; k--) {
          const swap = (r.order[k % r.order.length] as number) % (k + 1);
          [entries[k], entries[swap]] = [entries[swap] as Entry, entries[k] as Entry];
        }
      }
      let master: TrackState | undefined;
      if (current.master) {
        master = {
          ...current.master,
          ...(r.masterValues ?? {}),
          fx: r.master?.fx ?? current.master.fx,
        };
        if (r.masterValues && r.masterValues.width === undefined) delete master.width;
      }
      const target = snapshot(
        entries.map((e) => e.track),
        master ? { master } : {},
      );
      return {
        current,
        target,
        trackOrigin: entries.map((e) => e.origin),
        fxOrigin: entries.map((e) => e.fxOrigin),
        masterFxOrigin: current.master
          ? (r.master?.origin ?? current.master.fx.map((_, k) => k))
          : [],
      };
    });
}

interface ChainRevision {
  fx: FxState[];
  origin: number[];
}

function chainArb(chain: FxState[], flavour: Flavour): fc.Arbitrary<ChainRevision> {
  const kept = chain.map((f) =>
    fc.record({
      keep: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
      enabled: fc.option(fc.boolean(), { nil: undefined }),
      offline: fc.option(fc.boolean(), { nil: undefined }),
      preset: fc.option(fc.option(fc.constantFrom('Init', 'Air', 'Glue'), { nil: null }), {
        nil: undefined,
      }),
      state: fc.option(fc.option(fc.constantFrom('S1', 'S2', 'S3'), { nil: null }), {
        nil: undefined,
      }),
      params: fc.tuple(
        ...f.params.map(() =>
          fc.oneof(fc.constant<'same'>('same'), fc.constant<'drop'>('drop'), normalized),
        ),
      ),
      extraParams: fc.uniqueArray(fc.integer({ min: 8, max: 9 }), { maxLength: 2 }),
      dropGuid: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      rename: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    }),
  );
  return fc
    .record({
      kept: fc.tuple(...kept),
      added: fc.array(fxArb(flavour), { maxLength: 2 }),
      shuffle: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      order: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      insertAt: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
    })
    .map((r) => {
      const fx: FxState[] = [];
      const origin: number[] = [];
      r.kept.forEach((d, i) => {
        if (!d.keep) return;
        const before = chain[i] as FxState;
        const next: FxState = structuredClone(before);
        if (d.enabled !== undefined) next.enabled = d.enabled;
        if (d.offline !== undefined) next.offline = d.offline;
        if (d.preset === null) delete next.preset;
        else if (d.preset !== undefined) next.preset = d.preset;
        if (d.state === null) delete next.state;
        else if (d.state !== undefined) next.state = state(d.state);
        next.params = [];
        before.params.forEach((p, k) => {
          const change = d.params[k];
          if (change === 'drop') return;
          next.params.push(
            change === 'same' || change === undefined ? p : { ...p, normalized: change },
          );
        });
        for (const index of d.extraParams) next.params.push(paramOf(index, 0.5, true));
        // Renaming an instance only where its GUID (or, messy, nothing) says which one it is.
        if (d.rename && (flavour === 'messy' || (before.guid !== undefined && !d.dropGuid)))
          next.name = `${before.name} (M/S)`;
        if (d.dropGuid && flavour === 'clean') delete next.guid;
        fx.push(next);
        origin.push(i);
      });
      r.added.forEach((added, k) => {
        const { guid, ...rest } = added;
        const at = (r.insertAt[k] as number) % (fx.length + 1);
        fx.splice(at, 0, {
          ...(guid === 'pending' ? { guid: `new-f${k}` } : guid !== undefined ? { guid } : {}),
          ...rest,
        } as FxState);
        origin.splice(at, 0, -1);
      });
      if (r.shuffle) {
        for (let k = fx.length - 1; k > 0; k--) {
          const swap = (r.order[k % r.order.length] as number) % (k + 1);
          [fx[k], fx[swap]] = [fx[swap] as FxState, fx[k] as FxState];
          [origin[k], origin[swap]] = [origin[swap] as number, origin[k] as number];
        }
      }
      return { fx, origin };
    });
}
