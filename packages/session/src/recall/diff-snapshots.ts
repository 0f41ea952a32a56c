import type { FxState, ParamState, PluginState, Snapshot, TrackState } from '@tapeop/core';
import type {
  DiffWarning,
  FxRef,
  ParamChange,
  ParamValue,
  SnapshotChange,
  SnapshotDiff,
  TrackRef,
} from './change.js';
import { checkRecallInput } from './check-recall-input.js';
import { diffMarkers } from './diff-markers.js';
import { stableItems } from './match-items.js';
import { matchFx, matchTracks } from './match-snapshots.js';
import { readDb } from './read-db.js';

/**
 * The changes that turn snapshot `a` (older) into snapshot `b` (newer), in reading order: for
 * each track of `b` in its order, the track's own changes and then its plug-ins' in chain order;
 * then the tracks only `a` has; then the master bus; then the markers.
 *
 * Tracks are paired by GUID, then name and position, then name, then song (see `matchTracks`);
 * plug-ins by instance GUID, then plug-in + name + slot, plug-in + name, plug-in + slot (see
 * `matchFx`); parameters by index. Values are compared exactly: filtering noise is the reader's
 * choice (`filterSignificantChanges`).
 *
 * Odd input (duplicate GUIDs or parameter indexes, a master bus in only one snapshot) is worked
 * around and reported in `warnings`. A snapshot missing a field the diff reads throws
 * `SCHEMA_INVALID` naming the field.
 */
export function diffSnapshots(a: Snapshot, b: Snapshot): SnapshotDiff {
  checkRecallInput(a, 'a');
  checkRecallInput(b, 'b');
  const changes: SnapshotChange[] = [];
  const warnings: DiffWarning[] = [];

  const matching = matchTracks(a.tracks, b.tracks);
  warnDuplicateGuids(matching.duplicateGuidsA, a.tracks, 'a', warnings);
  warnDuplicateGuids(matching.duplicateGuidsB, b.tracks, 'b', warnings);
  const stable = stableItems(matching.bToA);

  for (let j = 0; j < b.tracks.length; j++) {
    const after = b.tracks[j] as TrackState;
    const i = matching.bToA[j] as number;
    if (i < 0) {
      changes.push({ kind: 'track-added', track: trackRef(after, undefined, j), state: after });
      continue;
    }
    const before = a.tracks[i] as TrackState;
    const track = trackRef(after, before, j);
    if (before.name !== after.name)
      changes.push({ kind: 'track-renamed', track, before: before.name, after: after.name });
    if (!stable.has(j)) changes.push({ kind: 'track-moved', track, before: i, after: j });
    diffTrack(before, after, track, changes, warnings, `/tracks/${i}`, `/tracks/${j}`);
  }
  for (let i = 0; i < a.tracks.length; i++) {
    if ((matching.aToB[i] as number) >= 0) continue;
    const before = a.tracks[i] as TrackState;
    changes.push({ kind: 'track-removed', track: trackRef(before, undefined, i), state: before });
  }

  if (a.master && b.master) {
    const track = { ...trackRef(b.master, a.master, -1), scope: 'master' as const };
    diffTrack(a.master, b.master, track, changes, warnings, '/master', '/master');
  } else if (a.master || b.master) {
    warnings.push({
      code: 'master-only-in-one',
      message: `only snapshot ${a.master ? 'a' : 'b'} captured the master bus, so its changes are not compared`,
      pointer: `${a.master ? 'a' : 'b'}:/master`,
    });
  }

  diffMarkers(a.markers ?? [], b.markers ?? [], changes);
  return { changes, warnings };
}

function trackRef(primary: TrackState, other: TrackState | undefined, position: number): TrackRef {
  const guid = primary.guid ?? other?.guid;
  const songId = primary.songId ?? other?.songId;
  return {
    scope: 'track',
    ...(guid !== undefined && { guid }),
    name: primary.name,
    index: position,
    ...(songId !== undefined && { songId }),
  };
}

function fxRef(primary: FxState, other: FxState | undefined, position: number): FxRef {
  const guid = primary.guid ?? other?.guid;
  return {
    ...(guid !== undefined && { guid }),
    name: primary.name,
    plugin: primary.plugin,
    position,
  };
}

function diffTrack(
  a: TrackState,
  b: TrackState,
  track: TrackRef,
  changes: SnapshotChange[],
  warnings: DiffWarning[],
  pointerA: string,
  pointerB: string,
): void {
  if (a.volumeDb !== b.volumeDb) {
    changes.push({
      kind: 'volume',
      track,
      before: a.volumeDb,
      after: b.volumeDb,
      deltaDb: levelOf(b.volumeDb) - levelOf(a.volumeDb),
    });
  }
  if (a.pan !== b.pan)
    changes.push({ kind: 'pan', track, before: a.pan, after: b.pan, delta: b.pan - a.pan });
  if (b.width !== undefined && a.width !== b.width) {
    changes.push({
      kind: 'width',
      track,
      ...(a.width !== undefined && { before: a.width }),
      after: b.width,
      delta: b.width - (a.width ?? 1),
    });
  }
  for (const flag of ['mute', 'solo', 'phaseInvert'] as const) {
    if (a[flag] !== b[flag])
      changes.push({ kind: 'switch', track, switch: flag, before: a[flag], after: b[flag] });
  }
  diffChain(a.fx, b.fx, track, changes, warnings, pointerA, pointerB);
}

/** −∞ dB as a number, so a delta to or from silence is ±Infinity rather than NaN. */
function levelOf(volumeDb: number | null): number {
  return volumeDb === null ? Number.NEGATIVE_INFINITY : volumeDb;
}

function diffChain(
  a: FxState[],
  b: FxState[],
  track: TrackRef,
  changes: SnapshotChange[],
  warnings: DiffWarning[],
  pointerA: string,
  pointerB: string,
): void {
  const matching = matchFx(a, b);
  for (const guid of matching.duplicateGuidsA)
    warnings.push(duplicateFxWarning(guid, track, `a:${pointerA}/fx`));
  for (const guid of matching.duplicateGuidsB)
    warnings.push(duplicateFxWarning(guid, track, `b:${pointerB}/fx`));
  const stable = stableItems(matching.bToA);

  // A removed and an added plug-in in the same slot read as one replacement.
  const replacedBy = new Map<number, number>();
  for (let j = 0; j < b.length; j++) {
    if ((matching.bToA[j] as number) < 0 && j < a.length && (matching.aToB[j] as number) < 0)
      replacedBy.set(j, j);
  }

  for (let j = 0; j < b.length; j++) {
    const after = b[j] as FxState;
    const i = matching.bToA[j] as number;
    if (i < 0) {
      const fx = fxRef(after, undefined, j);
      const slot = replacedBy.get(j);
      if (slot !== undefined) {
        const before = a[slot] as FxState;
        changes.push({
          kind: 'fx-replaced',
          track,
          fx,
          replaced: fxRef(before, undefined, slot),
          before,
          after,
        });
      } else {
        changes.push({ kind: 'fx-added', track, fx, state: after });
      }
      continue;
    }
    const before = a[i] as FxState;
    const fx = fxRef(after, before, j);
    if (!stable.has(j)) changes.push({ kind: 'fx-moved', track, fx, before: i, after: j });
    if (before.name !== after.name)
      changes.push({ kind: 'fx-renamed', track, fx, before: before.name, after: after.name });
    if (before.plugin.version !== after.plugin.version) {
      changes.push({
        kind: 'fx-version',
        track,
        fx,
        ...(before.plugin.version !== undefined && { before: before.plugin.version }),
        ...(after.plugin.version !== undefined && { after: after.plugin.version }),
      });
    }
    if (before.enabled !== after.enabled)
      changes.push({ kind: 'fx-enabled', track, fx, before: before.enabled, after: after.enabled });
    if ((before.offline ?? false) !== (after.offline ?? false)) {
      changes.push({
        kind: 'fx-offline',
        track,
        fx,
        before: before.offline ?? false,
        after: after.offline ?? false,
      });
    }
    if (before.preset !== after.preset) {
      changes.push({
        kind: 'fx-preset',
        track,
        fx,
        ...(before.preset !== undefined && { before: before.preset }),
        ...(after.preset !== undefined && { after: after.preset }),
      });
    }
    diffParams(before.params, after.params, track, fx, changes, warnings, [
      `a:${pointerA}/fx/${i}/params`,
      `b:${pointerB}/fx/${j}/params`,
    ]);
    if (!sameState(before.state, after.state)) {
      changes.push({
        kind: 'fx-state',
        track,
        fx,
        ...(before.state !== undefined && { before: before.state }),
        ...(after.state !== undefined && { after: after.state }),
      });
    }
  }
  for (let i = 0; i < a.length; i++) {
    if ((matching.aToB[i] as number) >= 0 || replacedBy.has(i)) continue;
    const before = a[i] as FxState;
    changes.push({ kind: 'fx-removed', track, fx: fxRef(before, undefined, i), state: before });
  }
}

function diffParams(
  a: ParamState[],
  b: ParamState[],
  track: TrackRef,
  fx: FxRef,
  changes: SnapshotChange[],
  warnings: DiffWarning[],
  pointers: [string, string],
): void {
  // The usual case: both captures list the same indexes in the same ascending order.
  if (a.length === b.length && sameAscendingIndexes(a, b)) {
    for (let k = 0; k < b.length; k++) {
      const before = a[k] as ParamState;
      const after = b[k] as ParamState;
      if (before.normalized !== after.normalized)
        changes.push(paramChange(before, after, track, fx));
    }
    return;
  }
  const byIndexA = indexParams(a, warnings, pointers[0], track, fx);
  const byIndexB = indexParams(b, warnings, pointers[1], track, fx);
  for (const [index, after] of byIndexB) {
    const before = byIndexA.get(index);
    if (before === undefined) {
      changes.push({
        kind: 'param-added',
        track,
        fx,
        param: paramRef(after),
        after: paramValue(after),
      });
    } else if (before.normalized !== after.normalized) {
      changes.push(paramChange(before, after, track, fx));
    }
  }
  for (const [index, before] of byIndexA) {
    if (byIndexB.has(index)) continue;
    changes.push({
      kind: 'param-removed',
      track,
      fx,
      param: paramRef(before),
      before: paramValue(before),
    });
  }
}

function sameAscendingIndexes(a: ParamState[], b: ParamState[]): boolean {
  let previous = -1;
  for (let k = 0; k < a.length; k++) {
    const index = (a[k] as ParamState).index;
    if (index !== (b[k] as ParamState).index || index <= previous) return false;
    previous = index;
  }
  return true;
}

/** Parameters by index, first one wins; a repeated index is reported, not trusted. */
function indexParams(
  params: ParamState[],
  warnings: DiffWarning[],
  pointer: string,
  track: TrackRef,
  fx: FxRef,
): Map<number, ParamState> {
  const byIndex = new Map<number, ParamState>();
  params.forEach((param, p) => {
    if (byIndex.has(param.index)) {
      warnings.push({
        code: 'duplicate-param-index',
        message: `${track.name} · ${fx.name}: parameter index ${param.index} appears twice; the first one (${byIndex.get(param.index)?.name}) is compared`,
        pointer: `${pointer}/${p}`,
      });
    } else {
      byIndex.set(param.index, param);
    }
  });
  return byIndex;
}

function paramChange(
  before: ParamState,
  after: ParamState,
  track: TrackRef,
  fx: FxRef,
): ParamChange {
  const change: ParamChange = {
    kind: 'param',
    track,
    fx,
    param: paramRef(after),
    before: paramValue(before),
    after: paramValue(after),
    deltaNormalized: after.normalized - before.normalized,
  };
  const dbBefore = readDb(before.formatted, before.unit);
  const dbAfter = readDb(after.formatted, after.unit);
  if (dbBefore !== undefined && dbAfter !== undefined)
    change.deltaDb = dbBefore === dbAfter ? 0 : dbAfter - dbBefore;
  return change;
}

function paramRef(param: ParamState): ParamChange['param'] {
  return {
    index: param.index,
    name: param.name,
    ...(param.unit !== undefined && { unit: param.unit }),
  };
}

function paramValue(param: ParamState): ParamValue {
  return {
    normalized: param.normalized,
    ...(param.formatted !== undefined && { formatted: param.formatted }),
  };
}

export function sameState(a: PluginState | undefined, b: PluginState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.data === b.data && a.daw === b.daw && a.encoding === b.encoding && a.kind === b.kind;
}

function warnDuplicateGuids(
  duplicates: Set<string>,
  tracks: TrackState[],
  side: 'a' | 'b',
  warnings: DiffWarning[],
): void {
  for (const guid of duplicates) {
    const names = tracks.filter((t) => t.guid === guid).map((t) => `"${t.name}"`);
    warnings.push({
      code: 'duplicate-track-guid',
      message: `snapshot ${side}: tracks ${names.join(', ')} share the GUID ${guid}; they were matched by name and position instead`,
      pointer: `${side}:/tracks/${tracks.findIndex((t) => t.guid === guid)}/guid`,
    });
  }
}

function duplicateFxWarning(guid: string, track: TrackRef, pointer: string): DiffWarning {
  return {
    code: 'duplicate-fx-guid',
    message: `${track.name}: two plug-ins share the GUID ${guid}; they were matched by plug-in, name and slot instead`,
    pointer,
  };
}
