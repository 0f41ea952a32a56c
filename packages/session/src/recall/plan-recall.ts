import type {
  FxState,
  ParamState,
  PluginIdentity,
  PluginState,
  Snapshot,
  TrackState,
} from '@tapeop/core';
import { checkRecallInput } from './check-recall-input.js';
import { sameState } from './diff-snapshots.js';
import { stableItems } from './match-items.js';
import { matchFx, matchTracks } from './match-snapshots.js';
import type {
  ExtraTrack,
  FxTarget,
  PlanRecallOptions,
  RecallOperation,
  RecallPlan,
  TrackTarget,
  TrackValues,
} from './recall-operation.js';

/** What a DAW's new, empty track looks like; `add-track` makes one of these. */
export const FRESH_TRACK: Readonly<Omit<TrackState, 'name' | 'index'>> = Object.freeze({
  volumeDb: 0,
  pan: 0,
  width: 1,
  mute: false,
  solo: false,
  phaseInvert: false,
  fx: [],
});

/** A track as the plan sees it while laying out the operations: where it is, what it is called. */
interface TrackSlot {
  name: string;
  guid?: string;
}

interface FxSlot {
  name: string;
  guid?: string;
  plugin: PluginIdentity;
}

/**
 * The operations that turn the DAW state `current` into `target`, in the order they must run.
 * Adapters execute them (see `RecallOperation`); `applyRecallPlan` runs them in memory.
 *
 * **What is recalled.** The target is what was captured; what it did not capture is left alone.
 * Tracks: order, name, fader, pan, width (where captured), mute, solo, polarity, and the plug-in
 * chain; the master bus when both snapshots have one. Plug-ins: which plug-in in which slot,
 * instance name, bypass, offline, preset (when the target names one), every captured parameter,
 * and with `exact` the state blob. Not recalled: markers (they come from the sequence), the
 * plug-in version (the DAW loads what is installed: a warning says so), tracks the target lacks
 * (left alone unless `removeExtraTracks`), parameters only the current state has.
 *
 * **Minimal**, in this sense (tested by property): no operation sets a value that is already
 * there; reorders use the fewest moves (tracks and plug-ins that keep their relative order stay
 * put; moves = shared items − longest increasing subsequence); a plug-in is removed and added
 * only when it has no counterpart (a replacement is one remove and one add); one parameter batch
 * per plug-in. The exceptions are deliberate: after a preset load or a plug-in insert, every
 * captured parameter is set (the load resets them), and an exact recall restores a differing
 * blob whole.
 *
 * **Order.** Track structure first (removals when asked, then moves and inserts in target
 * order, then renames), then each track in target order: its values, its chain's structure
 * (removals, then moves and inserts, then renames), then each plug-in's settings: online and
 * bypass first, then preset, then state or parameters, then enable and offline last. The master
 * bus comes last.
 */
export function planRecall(
  current: Snapshot,
  target: Snapshot,
  options: PlanRecallOptions = {},
): RecallPlan {
  checkRecallInput(current, 'current');
  checkRecallInput(target, 'target');
  const exact = options.exact ?? false;
  const planner = new Planner(current, exact);
  const extraTracks = planner.planTracks(
    current.tracks,
    target.tracks,
    options.addMissingTracks ?? true,
    options.removeExtraTracks ?? false,
  );
  if (target.master) {
    if (current.master) {
      planner.planTrackSettings(current.master, target.master, { scope: 'master' }, 'Master');
    } else {
      planner.warn(
        'the current state has no master bus captured, so the master bus is not recalled; capture it and plan again',
      );
    }
  }
  return { operations: planner.operations, warnings: planner.warnings, extraTracks, exact };
}

class Planner {
  readonly operations: RecallOperation[] = [];
  readonly warnings: string[] = [];
  private readonly daws: Set<string>;

  constructor(
    current: Snapshot,
    private readonly exact: boolean,
  ) {
    this.daws = new Set(
      [current.source?.adapter, current.source?.daw]
        .filter((name): name is string => typeof name === 'string')
        .map((name) => name.toLowerCase()),
    );
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  planTracks(
    current: TrackState[],
    target: TrackState[],
    addMissing: boolean,
    removeExtra: boolean,
  ): ExtraTrack[] {
    const matching = matchTracks(current, target);
    for (const guid of new Set([...matching.duplicateGuidsA, ...matching.duplicateGuidsB])) {
      this.warn(`the GUID ${guid} belongs to several tracks; those tracks were matched by name`);
    }
    const order: TrackSlot[] = current.map((t) => slotOf(t.name, t.guid));
    const slotOfCurrent = [...order];

    const extraTracks: ExtraTrack[] = [];
    for (let i = current.length - 1; i >= 0; i--) {
      if ((matching.aToB[i] as number) >= 0) continue;
      const track = current[i] as TrackState;
      const slot = slotOfCurrent[i] as TrackSlot;
      extraTracks.unshift({
        ...(track.guid !== undefined && { guid: track.guid }),
        name: track.name,
        index: i,
      });
      if (removeExtra) {
        this.operations.push({ op: 'remove-track', track: trackTarget(order, slot) });
        order.splice(order.indexOf(slot), 1);
      }
    }
    if (extraTracks.length > 0 && !removeExtra) {
      this.warn(
        `${count(extraTracks.length, 'track')} not in the snapshot ${extraTracks.length === 1 ? 'is' : 'are'} left as ${extraTracks.length === 1 ? 'it is' : 'they are'}: ${extraTracks.map((t) => `"${t.name}"`).join(', ')}`,
      );
    }

    const placed = arrange(order, slotOfCurrent, matching.bToA, {
      move: (slot, from, to) => {
        this.operations.push({ op: 'move-track', track: trackAt(from, slot), to });
      },
      insert: (j, at) => {
        const wanted = target[j] as TrackState;
        if (!addMissing) {
          this.warn(`track "${wanted.name}" is not in the project and was not added`);
          return undefined;
        }
        this.operations.push({
          op: 'add-track',
          index: at,
          name: wanted.name,
          ...(wanted.songId !== undefined && { songId: wanted.songId }),
        });
        this.warn(
          `track "${wanted.name}" was not in the project: it is added empty, with its settings and plug-ins; load its audio`,
        );
        return slotOf(wanted.name, undefined);
      },
    });

    for (let j = 0; j < target.length; j++) {
      const slot = placed[j];
      const wanted = target[j] as TrackState;
      if (slot === undefined || slot.name === wanted.name) continue;
      this.operations.push({
        op: 'rename-track',
        track: trackTarget(order, slot),
        name: wanted.name,
      });
      slot.name = wanted.name;
    }

    for (let j = 0; j < target.length; j++) {
      const slot = placed[j];
      if (slot === undefined) continue;
      const i = matching.bToA[j] as number;
      const wanted = target[j] as TrackState;
      const base = i >= 0 ? (current[i] as TrackState) : { ...FRESH_TRACK, name: '', index: -1 };
      this.planTrackSettings(base, wanted, trackTarget(order, slot), wanted.name);
    }
    return extraTracks;
  }

  planTrackSettings(base: TrackState, wanted: TrackState, track: TrackTarget, label: string): void {
    const values: TrackValues = {};
    if (base.volumeDb !== wanted.volumeDb) values.volumeDb = wanted.volumeDb;
    if (base.pan !== wanted.pan) values.pan = wanted.pan;
    if (wanted.width !== undefined && base.width !== wanted.width) values.width = wanted.width;
    for (const flag of ['mute', 'solo', 'phaseInvert'] as const) {
      if (base[flag] !== wanted[flag]) values[flag] = wanted[flag];
    }
    if (Object.keys(values).length > 0) this.operations.push({ op: 'set-track', track, values });
    this.planChain(base.fx, wanted.fx, track, label);
  }

  private planChain(
    current: FxState[],
    target: FxState[],
    track: TrackTarget,
    trackName: string,
  ): void {
    const matching = matchFx(current, target);
    const chain: FxSlot[] = current.map((f) => fxSlotOf(f));
    const slotOfCurrent = [...chain];

    for (let i = current.length - 1; i >= 0; i--) {
      if ((matching.aToB[i] as number) >= 0) continue;
      const slot = slotOfCurrent[i] as FxSlot;
      this.operations.push({ op: 'remove-fx', track, fx: fxTarget(chain, slot) });
      chain.splice(chain.indexOf(slot), 1);
    }

    const placed = arrange(chain, slotOfCurrent, matching.bToA, {
      move: (slot, from, to) => {
        this.operations.push({ op: 'move-fx', track, fx: fxAt(from, slot), to });
      },
      insert: (j, at) => {
        const wanted = target[j] as FxState;
        this.operations.push({
          op: 'add-fx',
          track,
          position: at,
          plugin: wanted.plugin,
          name: wanted.name,
        });
        return { name: wanted.name, plugin: wanted.plugin };
      },
    });

    for (let j = 0; j < target.length; j++) {
      const slot = placed[j] as FxSlot;
      const wanted = target[j] as FxState;
      if (slot.name === wanted.name) continue;
      this.operations.push({
        op: 'rename-fx',
        track,
        fx: fxTarget(chain, slot),
        name: wanted.name,
      });
      slot.name = wanted.name;
    }

    for (let j = 0; j < target.length; j++) {
      const i = matching.bToA[j] as number;
      const wanted = target[j] as FxState;
      const base: FxState =
        i >= 0
          ? (current[i] as FxState)
          : { name: wanted.name, plugin: wanted.plugin, enabled: true, params: [] };
      const fx = fxTarget(chain, placed[j] as FxSlot);
      this.planFxSettings(base, wanted, track, fx, `${trackName} · ${wanted.name}`);
      const before = base.plugin.version;
      const after = wanted.plugin.version;
      if (i >= 0 && before !== undefined && after !== undefined && before !== after) {
        this.warn(
          `${trackName} · ${wanted.name}: the snapshot was taken with version ${after}, the project runs ${before}; recall cannot change the installed version, so it may sound different`,
        );
      }
    }
  }

  private planFxSettings(
    base: FxState,
    wanted: FxState,
    track: TrackTarget,
    fx: FxTarget,
    label: string,
  ): void {
    const offlineNow = base.offline ?? false;
    const offlineWanted = wanted.offline ?? false;
    const ops = this.operations;
    if (offlineNow && !offlineWanted) ops.push({ op: 'set-fx-offline', track, fx, offline: false });
    if (base.enabled && !wanted.enabled)
      ops.push({ op: 'set-fx-enabled', track, fx, enabled: false });

    if (this.restorable(wanted.state, label) && !sameState(base.state, wanted.state)) {
      ops.push({
        op: 'restore-fx-state',
        track,
        fx,
        state: wanted.state as PluginState,
        params: firstByIndex(wanted.params),
        ...(wanted.preset !== undefined && { preset: wanted.preset }),
      });
    } else {
      const loadPreset = wanted.preset !== undefined && wanted.preset !== base.preset;
      if (loadPreset) ops.push({ op: 'set-fx-preset', track, fx, preset: wanted.preset as string });
      const params = loadPreset
        ? firstByIndex(wanted.params)
        : changedParams(base.params, wanted.params);
      if (params.length > 0) ops.push({ op: 'set-fx-params', track, fx, params });
    }

    if (!base.enabled && wanted.enabled)
      ops.push({ op: 'set-fx-enabled', track, fx, enabled: true });
    if (!offlineNow && offlineWanted) ops.push({ op: 'set-fx-offline', track, fx, offline: true });
  }

  /** Whether an exact plan can restore this blob here; says why not when it cannot. */
  private restorable(state: PluginState | undefined, label: string): state is PluginState {
    if (!this.exact || state === undefined) return false;
    if (this.daws.size === 0 || this.daws.has(state.daw.toLowerCase())) return true;
    this.warn(
      `${label}: the saved plug-in state comes from ${state.daw} and cannot be restored here; recalled from its parameters instead`,
    );
    return false;
  }
}

function slotOf(name: string, guid: string | undefined): TrackSlot {
  return guid === undefined ? { name } : { name, guid };
}

function fxSlotOf(fx: FxState): FxSlot {
  return fx.guid === undefined
    ? { name: fx.name, plugin: fx.plugin }
    : { name: fx.name, guid: fx.guid, plugin: fx.plugin };
}

/**
 * Puts the paired items of a list (tracks, or a plug-in chain) into target order with the fewest
 * moves and inserts the new ones, changing `list` as it goes and telling the caller about every
 * move and insert as it happens, so operations address the list as it is at that moment. Each
 * item that must move, and each new one, goes right after the previous target item, so the
 * target order builds up from the front (items in the longest increasing run stay put). Returns
 * the item standing for each target entry (undefined where `insert` declined).
 */
function arrange<S>(
  list: S[],
  slotOfCurrent: S[],
  bToA: Int32Array,
  on: {
    move(slot: S, from: number, to: number): void;
    insert(j: number, at: number): S | undefined;
  },
): Array<S | undefined> {
  const stable = stableItems(bToA);
  const placed: Array<S | undefined> = [];
  let previous: S | undefined;
  for (let j = 0; j < bToA.length; j++) {
    const i = bToA[j] as number;
    let slot: S | undefined;
    if (i >= 0) {
      slot = slotOfCurrent[i] as S;
      if (!stable.has(j)) {
        const from = list.indexOf(slot);
        list.splice(from, 1);
        const to = previous === undefined ? 0 : list.indexOf(previous) + 1;
        list.splice(to, 0, slot);
        on.move(slot, from, to);
      }
    } else {
      const at = previous === undefined ? 0 : list.indexOf(previous) + 1;
      slot = on.insert(j, at);
      if (slot === undefined) continue;
      list.splice(at, 0, slot);
    }
    placed[j] = slot;
    previous = slot;
  }
  return placed;
}

function trackTarget(
  order: TrackSlot[],
  slot: TrackSlot,
): Extract<TrackTarget, { scope: 'track' }> {
  return trackAt(order.indexOf(slot), slot);
}

function trackAt(index: number, slot: TrackSlot): Extract<TrackTarget, { scope: 'track' }> {
  return {
    scope: 'track',
    index,
    ...(slot.guid !== undefined && { guid: slot.guid }),
    name: slot.name,
  };
}

function fxTarget(chain: FxSlot[], slot: FxSlot): FxTarget {
  return fxAt(chain.indexOf(slot), slot);
}

function fxAt(position: number, slot: FxSlot): FxTarget {
  return {
    position,
    ...(slot.guid !== undefined && { guid: slot.guid }),
    name: slot.name,
    plugin: slot.plugin,
  };
}

/** The target's parameters, one per index (the first, as the diff compares). */
function firstByIndex(params: ParamState[]): ParamState[] {
  const seen = new Set<number>();
  const unique: ParamState[] = [];
  for (const param of params) {
    if (seen.has(param.index)) continue;
    seen.add(param.index);
    unique.push(param);
  }
  return unique;
}

/** The target's parameters whose value differs from the current one (or that it lacks). */
function changedParams(current: ParamState[], target: ParamState[]): ParamState[] {
  const now = new Map<number, number>();
  for (const param of current) if (!now.has(param.index)) now.set(param.index, param.normalized);
  return firstByIndex(target).filter((param) => now.get(param.index) !== param.normalized);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
