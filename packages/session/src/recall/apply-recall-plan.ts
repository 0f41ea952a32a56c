import { type FxState, type Snapshot, TapeopError, type TrackState } from '@tapeop/core';
import { checkRecallInput } from './check-recall-input.js';
import { FRESH_TRACK } from './plan-recall.js';
import type { FxTarget, RecallOperation, RecallPlan, TrackTarget } from './recall-operation.js';

/**
 * Runs a recall plan on a snapshot in memory and returns the resulting snapshot (the input is
 * not changed). This is the reference for what each operation means: adapters do the same to
 * the DAW. Before acting, each operation checks that its track and plug-in are where it
 * expects them (by GUID, else by name and plug-in id) and throws `CONFLICT` naming the step if
 * not: a plan only fits the state it was made from.
 */
export function applyRecallPlan(
  snapshot: Snapshot,
  plan: Pick<RecallPlan, 'operations'>,
): Snapshot {
  checkRecallInput(snapshot, 'current');
  if (!Array.isArray(plan?.operations)) {
    throw new TapeopError('INVALID_ARGUMENT', 'the recall plan has no list of operations', {
      hint: 'Pass the object planRecall returned.',
    });
  }
  const result = structuredClone(snapshot);
  plan.operations.forEach((operation, step) => {
    applyOperation(result, operation, step);
  });
  result.tracks.forEach((track, index) => {
    track.index = index;
  });
  return result;
}

function applyOperation(snapshot: Snapshot, operation: RecallOperation, step: number): void {
  const conflict = (what: string) =>
    new TapeopError('CONFLICT', `recall step ${step + 1} (${operation.op}): ${what}`, {
      details: { step, operation },
      hint: 'The project changed since the plan was made: capture a new snapshot and plan again.',
    });
  switch (operation.op) {
    case 'add-track': {
      if (operation.index < 0 || operation.index > snapshot.tracks.length)
        throw conflict(`there is no position ${operation.index + 1} to add a track at`);
      snapshot.tracks.splice(operation.index, 0, {
        ...structuredClone(FRESH_TRACK),
        name: operation.name,
        index: operation.index,
        ...(operation.songId !== undefined && { songId: operation.songId }),
      });
      return;
    }
    case 'remove-track':
      findTrack(snapshot, operation.track, conflict);
      snapshot.tracks.splice(operation.track.index, 1);
      return;
    case 'move-track': {
      const track = findTrack(snapshot, operation.track, conflict);
      snapshot.tracks.splice(operation.track.index, 1);
      if (operation.to < 0 || operation.to > snapshot.tracks.length)
        throw conflict(`there is no position ${operation.to + 1} to move the track to`);
      snapshot.tracks.splice(operation.to, 0, track);
      return;
    }
    case 'rename-track':
      findTrack(snapshot, operation.track, conflict).name = operation.name;
      return;
    case 'set-track':
      Object.assign(findTrack(snapshot, operation.track, conflict), operation.values);
      return;
    case 'add-fx': {
      const chain = findTrack(snapshot, operation.track, conflict).fx;
      if (operation.position < 0 || operation.position > chain.length)
        throw conflict(`there is no slot ${operation.position + 1} to add a plug-in at`);
      chain.splice(operation.position, 0, {
        name: operation.name,
        plugin: structuredClone(operation.plugin),
        enabled: true,
        params: [],
      });
      return;
    }
    case 'remove-fx': {
      const track = findTrack(snapshot, operation.track, conflict);
      findFx(track, operation.fx, conflict);
      track.fx.splice(operation.fx.position, 1);
      return;
    }
    case 'move-fx': {
      const track = findTrack(snapshot, operation.track, conflict);
      const fx = findFx(track, operation.fx, conflict);
      track.fx.splice(operation.fx.position, 1);
      if (operation.to < 0 || operation.to > track.fx.length)
        throw conflict(`there is no slot ${operation.to + 1} to move the plug-in to`);
      track.fx.splice(operation.to, 0, fx);
      return;
    }
    case 'rename-fx':
      fxOf(snapshot, operation, conflict).name = operation.name;
      return;
    case 'set-fx-enabled':
      fxOf(snapshot, operation, conflict).enabled = operation.enabled;
      return;
    case 'set-fx-offline':
      fxOf(snapshot, operation, conflict).offline = operation.offline;
      return;
    case 'set-fx-preset':
      fxOf(snapshot, operation, conflict).preset = operation.preset;
      return;
    case 'set-fx-params': {
      const fx = fxOf(snapshot, operation, conflict);
      const position = new Map<number, number>();
      fx.params.forEach((param, p) => {
        if (!position.has(param.index)) position.set(param.index, p);
      });
      for (const param of operation.params) {
        const p = position.get(param.index);
        if (p === undefined) {
          position.set(param.index, fx.params.length);
          fx.params.push(structuredClone(param));
        } else {
          fx.params[p] = structuredClone(param);
        }
      }
      return;
    }
    case 'restore-fx-state': {
      const fx = fxOf(snapshot, operation, conflict);
      fx.state = structuredClone(operation.state);
      fx.params = structuredClone(operation.params);
      if (operation.preset !== undefined) fx.preset = operation.preset;
      return;
    }
    default:
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `recall step ${step + 1}: "${(operation as { op?: unknown }).op}" is not a recall operation`,
        { details: { step, operation }, hint: 'Make the plan with planRecall.' },
      );
  }
}

type Conflict = (what: string) => TapeopError;

function findTrack(snapshot: Snapshot, target: TrackTarget, conflict: Conflict): TrackState {
  if (target.scope === 'master') {
    if (!snapshot.master) throw conflict('the snapshot has no master bus');
    return snapshot.master;
  }
  const track = snapshot.tracks[target.index];
  if (!track) throw conflict(`there is no track at position ${target.index + 1}`);
  const same =
    target.guid !== undefined && track.guid !== undefined
      ? track.guid === target.guid
      : track.name === target.name;
  if (!same) {
    throw conflict(
      `expected track "${target.name}" at position ${target.index + 1}, found "${track.name}"`,
    );
  }
  return track;
}

function findFx(track: TrackState, target: FxTarget, conflict: Conflict): FxState {
  const fx = track.fx[target.position];
  if (!fx) throw conflict(`"${track.name}" has no plug-in in slot ${target.position + 1}`);
  const same =
    target.guid !== undefined && fx.guid !== undefined
      ? fx.guid === target.guid
      : fx.plugin.id === target.plugin.id && fx.name === target.name;
  if (!same) {
    throw conflict(
      `expected ${target.name} in slot ${target.position + 1} of "${track.name}", found ${fx.name}`,
    );
  }
  return fx;
}

function fxOf(
  snapshot: Snapshot,
  operation: { track: TrackTarget; fx: FxTarget },
  conflict: Conflict,
): FxState {
  return findFx(findTrack(snapshot, operation.track, conflict), operation.fx, conflict);
}
