import type { FxState, Snapshot, TrackState } from '@tapeop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currentArb,
  type Flavour,
  pairArb,
  type SnapshotPair,
} from '../../test/recall/snapshot-arbitraries.js';
import { applyRecallPlan } from './apply-recall-plan.js';
import { diffSnapshots } from './diff-snapshots.js';
import { planRecall } from './plan-recall.js';
import type { PlanRecallOptions, RecallOperation, RecallPlan } from './recall-operation.js';

// More runs for a deeper search: TAPEOP_PROPERTY_RUNS=5000 npx vitest run plan-recall.property
const RUNS = Number(process.env.TAPEOP_PROPERTY_RUNS ?? 250);
const TIMEOUT = Math.max(20_000, RUNS * 40);

/**
 * The recall-relevant state of `target` is in `applied`: what the target captured is there,
 * what it left out (a width, a preset name, a parameter, a blob without `exact`) may differ.
 */
function expectRecalled(applied: Snapshot, target: Snapshot, plan: RecallPlan): void {
  let tracks = applied.tracks;
  if (plan.extraTracks.length > 0 && !plan.operations.some((o) => o.op === 'remove-track')) {
    // Extras are left alone: drop them (clean pairs have unique names) before comparing.
    const extra = new Set(plan.extraTracks.map((t) => t.name));
    tracks = tracks.filter((t) => !extra.has(t.name));
  }
  expect(tracks.map((t) => t.name)).toEqual(target.tracks.map((t) => t.name));
  tracks.forEach((track, j) => {
    expectTrackRecalled(track, target.tracks[j] as TrackState, plan.exact);
  });
  if (target.master && applied.master)
    expectTrackRecalled(applied.master, target.master, plan.exact);
}

/** −0 and 0 are the same setting (and `===` says so, as the planner compares). */
const z = (value: number | null | undefined) => (value === 0 ? 0 : value);

function expectTrackRecalled(track: TrackState, target: TrackState, exact: boolean): void {
  const at = `track "${target.name}"`;
  expect(z(track.volumeDb), at).toBe(z(target.volumeDb));
  expect(z(track.pan), at).toBe(z(target.pan));
  if (target.width !== undefined) expect(z(track.width), at).toBe(z(target.width));
  expect([track.mute, track.solo, track.phaseInvert], at).toEqual([
    target.mute,
    target.solo,
    target.phaseInvert,
  ]);
  expect(
    track.fx.map((f) => [f.plugin.format, f.plugin.id, f.name]),
    at,
  ).toEqual(target.fx.map((f) => [f.plugin.format, f.plugin.id, f.name]));
  track.fx.forEach((fx, k) => {
    const wanted = target.fx[k] as FxState;
    const where = `${at}, slot ${k + 1}`;
    expect(fx.enabled, where).toBe(wanted.enabled);
    expect(fx.offline ?? false, where).toBe(wanted.offline ?? false);
    if (wanted.preset !== undefined) expect(fx.preset, where).toBe(wanted.preset);
    const values = new Map(fx.params.map((p) => [p.index, p.normalized]));
    for (const param of wanted.params)
      expect(z(values.get(param.index)), where).toBe(z(param.normalized));
    if (exact && wanted.state !== undefined) expect(fx.state, where).toEqual(wanted.state);
  });
}

/** Length of a longest strictly increasing subsequence (the reference the planner must meet). */
function lisLength(values: number[]): number {
  const best: number[] = [];
  values.forEach((v, k) => {
    best[k] = 1;
    for (let p = 0; p < k; p++) {
      if ((values[p] as number) < v) best[k] = Math.max(best[k] as number, (best[p] as number) + 1);
    }
  });
  return Math.max(0, ...best);
}

/** Fewest moves that put the surviving items in their new order: survivors − LIS. */
function fewestMoves(origins: number[]): number {
  const survivors = origins.filter((o) => o >= 0);
  return survivors.length - lisLength(survivors);
}

const optionsArb = (flavour: Flavour): fc.Arbitrary<PlanRecallOptions> =>
  fc.record({
    exact: fc.boolean(),
    // Messy pairs have duplicate names, so extras could not be told apart by name: remove them.
    removeExtraTracks: flavour === 'messy' ? fc.constant(true) : fc.boolean(),
  });

function recallsTarget(flavour: Flavour) {
  fc.assert(
    fc.property(pairArb(flavour), optionsArb(flavour), ({ current, target }, options) => {
      const plan = planRecall(current, target, options);
      const applied = applyRecallPlan(current, plan);
      expectRecalled(applied, target, plan);
      const again = planRecall(applied, target, options);
      if (flavour === 'clean') {
        // Nothing is left to do: planning again from the result finds no operation.
        expect(again.operations).toEqual([]);
      } else {
        // A duplicated GUID the recall cannot change may pair tracks differently the second
        // time; the second plan must still land on the target.
        expectRecalled(applyRecallPlan(applied, again), target, again);
      }
    }),
    { numRuns: RUNS },
  );
}

describe('planRecall, property: applying the plan to current yields target', () => {
  it(
    'for revisions of sessions with GUIDs, songs and unique names',
    () => {
      recallsTarget('clean');
    },
    TIMEOUT,
  );

  it(
    'for messy sessions: duplicate names and GUIDs, missing GUIDs, anonymous renames',
    () => {
      recallsTarget('messy');
    },
    TIMEOUT,
  );

  it(
    'plans nothing, and diffs nothing, between a snapshot and its copy',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(currentArb('clean'), currentArb('messy')),
          fc.boolean(),
          (s, exact) => {
            expect(planRecall(s, structuredClone(s), { exact }).operations).toEqual([]);
            expect(diffSnapshots(s, structuredClone(s)).changes).toEqual([]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('planRecall, property: the plan is minimal', () => {
  it(
    'no operation sets what is already there',
    () => {
      fc.assert(
        fc.property(pairArb('clean'), optionsArb('clean'), ({ current, target }, options) => {
          const plan = planRecall(current, target, options);
          let state = current;
          plan.operations.forEach((operation, step) => {
            const previous = plan.operations[step - 1];
            expectOperationChangesSomething(state, operation, previous);
            state = applyRecallPlan(state, { operations: [operation] });
          });
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'reorders with the fewest moves and adds or removes no more than the revision did',
    () => {
      fc.assert(
        fc.property(pairArb('clean'), fc.boolean(), (pair, removeExtraTracks) => {
          const plan = planRecall(pair.current, pair.target, { removeExtraTracks });
          const count = (op: RecallOperation['op']) =>
            plan.operations.filter((o) => o.op === op).length;
          const truth = revisionTruth(pair);
          // Tracks: with GUIDs, songs and unique names the pairing is the revision's own.
          expect(count('move-track')).toBe(fewestMoves(pair.trackOrigin));
          expect(count('add-track')).toBe(truth.tracksAdded);
          expect(count('remove-track')).toBe(removeExtraTracks ? truth.tracksRemoved : 0);
          // Plug-ins: identical instances without GUIDs may pair better than the revision did.
          expect(count('add-fx') + count('remove-fx') + count('move-fx')).toBeLessThanOrEqual(
            truth.fxStructure,
          );
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'does what the diff says: one move, insert or removal per change the diff reports',
    () => {
      fc.assert(
        fc.property(pairArb('clean'), ({ current, target }) => {
          const plan = planRecall(current, target, { removeExtraTracks: true });
          const changes = diffSnapshots(current, target).changes;
          const ops = (op: RecallOperation['op']) =>
            plan.operations.filter((o) => o.op === op).length;
          const kinds = (kind: string) => changes.filter((c) => c.kind === kind).length;
          const fxOfAddedTracks = changes.reduce(
            (sum, c) => sum + (c.kind === 'track-added' ? c.state.fx.length : 0),
            0,
          );
          expect(ops('move-track')).toBe(kinds('track-moved'));
          expect(ops('add-track')).toBe(kinds('track-added'));
          expect(ops('remove-track')).toBe(kinds('track-removed'));
          expect(ops('rename-track')).toBe(kinds('track-renamed'));
          expect(ops('move-fx')).toBe(kinds('fx-moved'));
          expect(ops('rename-fx')).toBe(kinds('fx-renamed'));
          expect(ops('add-fx')).toBe(kinds('fx-added') + kinds('fx-replaced') + fxOfAddedTracks);
          expect(ops('remove-fx')).toBe(kinds('fx-removed') + kinds('fx-replaced'));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

function revisionTruth(pair: SnapshotPair) {
  const tracksAdded = pair.trackOrigin.filter((o) => o < 0).length;
  const kept = new Set(pair.trackOrigin.filter((o) => o >= 0));
  const tracksRemoved = pair.current.tracks.length - kept.size;
  let fxStructure = 0;
  pair.trackOrigin.forEach((origin, j) => {
    const fxOrigin = pair.fxOrigin[j] as number[];
    const added = fxOrigin.filter((o) => o < 0).length;
    const before = origin >= 0 ? (pair.current.tracks[origin] as TrackState).fx.length : 0;
    const removed = before - fxOrigin.filter((o) => o >= 0).length;
    fxStructure += added + removed + fewestMoves(fxOrigin);
  });
  if (pair.current.master) {
    const origin = pair.masterFxOrigin;
    const removed = pair.current.master.fx.length - origin.filter((o) => o >= 0).length;
    fxStructure += origin.filter((o) => o < 0).length + removed + fewestMoves(origin);
  }
  return { tracksAdded, tracksRemoved, fxStructure };
}

function expectOperationChangesSomething(
  state: Snapshot,
  operation: RecallOperation,
  previous: RecallOperation | undefined,
): void {
  const what = JSON.stringify(operation);
  const track = (): TrackState => {
    const t = 'track' in operation ? operation.track : undefined;
    if (!t) throw new Error('no track');
    return (t.scope === 'master' ? state.master : state.tracks[t.index]) as TrackState;
  };
  const fx = (): FxState => {
    if (!('fx' in operation)) throw new Error('no fx');
    return track().fx[operation.fx.position] as FxState;
  };
  switch (operation.op) {
    case 'set-track':
      for (const [key, value] of Object.entries(operation.values)) {
        expect(track()[key as keyof TrackState], what).not.toEqual(value);
      }
      return;
    case 'move-track':
      expect(operation.to, what).not.toBe(operation.track.index);
      return;
    case 'move-fx':
      expect(operation.to, what).not.toBe(operation.fx.position);
      return;
    case 'rename-track':
      expect(track().name, what).not.toBe(operation.name);
      return;
    case 'rename-fx':
      expect(fx().name, what).not.toBe(operation.name);
      return;
    case 'set-fx-enabled':
      expect(fx().enabled, what).not.toBe(operation.enabled);
      return;
    case 'set-fx-offline':
      expect(fx().offline ?? false, what).not.toBe(operation.offline);
      return;
    case 'set-fx-preset':
      expect(fx().preset, what).not.toBe(operation.preset);
      return;
    case 'restore-fx-state':
      expect(fx().state, what).not.toEqual(operation.state);
      return;
    case 'set-fx-params': {
      expect(operation.params.length, what).toBeGreaterThan(0);
      // After a preset load every captured parameter is set on purpose.
      if (previous?.op === 'set-fx-preset') return;
      const now = new Map(fx().params.map((p) => [p.index, p.normalized]));
      for (const param of operation.params)
        expect(now.get(param.index), what).not.toBe(param.normalized);
      return;
    }
    default:
      return;
  }
}
