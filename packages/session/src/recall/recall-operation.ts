import type { ParamState, PluginIdentity, PluginState, TrackState } from '@tapeop/core';

/**
 * How an operation finds its track in the DAW **at the moment the operation runs** (after every
 * earlier operation of the plan has run).
 *
 * - `{ scope: 'master' }` is the master bus.
 * - Otherwise `index` is the track's position in the track list, from 0, at that moment. `guid`
 *   is the DAW's GUID when the track existed before the plan (absent for a track the plan
 *   added), and `name` its name at that moment.
 *
 * Adapters address the track by `index` and check it before acting: the track at `index` must
 * have `guid` when both sides have one, else the name `name`. A mismatch means the project
 * changed since the plan was made: stop and report `CONFLICT` rather than change the wrong
 * track (`applyRecallPlan` does exactly this).
 */
export type TrackTarget =
  | { scope: 'master' }
  | { scope: 'track'; index: number; guid?: string; name: string };

/**
 * How an operation finds a plug-in on its track at the moment it runs: `position` in the chain
 * from 0, checked against `guid` when both sides have one, else against `plugin.id` and `name`.
 */
export interface FxTarget {
  position: number;
  guid?: string;
  name: string;
  plugin: PluginIdentity;
}

/** The track values `set-track` can carry; only the fields that change are present. */
export type TrackValues = Partial<
  Pick<TrackState, 'volumeDb' | 'pan' | 'width' | 'mute' | 'solo' | 'phaseInvert'>
>;

/**
 * Insert a new, empty track so that it sits at `index` (from 0). A fresh track is at 0 dB,
 * centre, width 1 where the DAW has width, no mute/solo/polarity, no plug-ins: the plan sets
 * whatever differs from that in later operations. `songId` is the song the track plays, for
 * adapters that tag tracks with it.
 */
export interface AddTrackOperation {
  op: 'add-track';
  index: number;
  name: string;
  songId?: string;
}

/**
 * Delete a track and everything on it. Only in plans made with `removeExtraTracks: true`: a
 * snapshot does not hold a track's audio, so recall never deletes tracks unless asked.
 */
export interface RemoveTrackOperation {
  op: 'remove-track';
  track: Extract<TrackTarget, { scope: 'track' }>;
}

/**
 * Move a track so that it ends at position `to` (from 0, counted after taking it out of the
 * list, like `splice(from, 1)` then `splice(to, 0, track)`). REAPER's ReorderSelectedTracks
 * wants the index before which to insert, counted before the move: `to < from ? to : to + 1`.
 */
export interface MoveTrackOperation {
  op: 'move-track';
  track: Extract<TrackTarget, { scope: 'track' }>;
  to: number;
}

export interface RenameTrackOperation {
  op: 'rename-track';
  track: Extract<TrackTarget, { scope: 'track' }>;
  name: string;
}

/**
 * Set fader, pan, width and switches. `volumeDb: null` is silence (−∞ dB: REAPER's volume 0,
 * Ardour's gain 0). Only the fields that differ from the track's current value are present.
 */
export interface SetTrackOperation {
  op: 'set-track';
  track: TrackTarget;
  values: TrackValues;
}

/**
 * Insert the plug-in `plugin` (format and id, e.g. REAPER's `TrackFX_AddByName` with
 * `VST3:...`; Ardour's plug-in by URI/id) so that it sits at `position` (from 0), enabled and
 * online, named `name` (rename the instance if the DAW names it differently). Its preset,
 * parameters, state and switches follow in later operations.
 */
export interface AddFxOperation {
  op: 'add-fx';
  track: TrackTarget;
  position: number;
  plugin: PluginIdentity;
  name: string;
}

/** Delete a plug-in instance (its settings are in the snapshot of the current state, if taken). */
export interface RemoveFxOperation {
  op: 'remove-fx';
  track: TrackTarget;
  fx: FxTarget;
}

/**
 * Move a plug-in so that it ends at slot `to` (from 0, counted after taking it out, as for
 * `move-track`).
 */
export interface MoveFxOperation {
  op: 'move-fx';
  track: TrackTarget;
  fx: FxTarget;
  to: number;
}

/** Set the instance's display name (REAPER: the FX's renamed name). */
export interface RenameFxOperation {
  op: 'rename-fx';
  track: TrackTarget;
  fx: FxTarget;
  name: string;
}

/**
 * Bypass (`false`) or enable (`true`). Plans bypass a plug-in before its parameters change and
 * enable it only after, so audio never passes a half-recalled plug-in.
 */
export interface SetFxEnabledOperation {
  op: 'set-fx-enabled';
  track: TrackTarget;
  fx: FxTarget;
  enabled: boolean;
}

/**
 * Take a plug-in offline (`true`) or back online (`false`). Plans bring a plug-in online before
 * setting its parameters (an offline plug-in has none to set) and take it offline last.
 */
export interface SetFxOfflineOperation {
  op: 'set-fx-offline';
  track: TrackTarget;
  fx: FxTarget;
  offline: boolean;
}

/**
 * Load the named preset. Loading a preset may change any parameter, so a plan that loads one
 * follows it with every captured parameter (`set-fx-params`), not only those that differed.
 */
export interface SetFxPresetOperation {
  op: 'set-fx-preset';
  track: TrackTarget;
  fx: FxTarget;
  preset: string;
}

/**
 * Set parameters by `index` to `normalized` (0..1), in one batch per plug-in. `name`,
 * `formatted` and `unit` are what the target snapshot captured: for checks and messages.
 */
export interface SetFxParamsOperation {
  op: 'set-fx-params';
  track: TrackTarget;
  fx: FxTarget;
  params: ParamState[];
}

/**
 * Restore the plug-in's opaque state blob (exact recall; only in plans made with
 * `exact: true`, and only when the blob comes from the DAW being recalled). The blob carries
 * every setting, so no separate preset or parameter operations follow; `params` and `preset`
 * are what the blob was captured with, for adapters that want to verify after restoring.
 */
export interface RestoreFxStateOperation {
  op: 'restore-fx-state';
  track: TrackTarget;
  fx: FxTarget;
  state: PluginState;
  params: ParamState[];
  preset?: string;
}

/** One step of a recall plan. Switch on `op`; run them in order. */
export type RecallOperation =
  | AddTrackOperation
  | RemoveTrackOperation
  | MoveTrackOperation
  | RenameTrackOperation
  | SetTrackOperation
  | AddFxOperation
  | RemoveFxOperation
  | MoveFxOperation
  | RenameFxOperation
  | SetFxEnabledOperation
  | SetFxOfflineOperation
  | SetFxPresetOperation
  | SetFxParamsOperation
  | RestoreFxStateOperation;

export type RecallOperationKind = RecallOperation['op'];

/** A track of the current state that the target does not have. */
export interface ExtraTrack {
  guid?: string;
  name: string;
  /** Its position in the current snapshot. */
  index: number;
}

/** What `planRecall` returns. */
export interface RecallPlan {
  /** The operations, in the order they must run. Empty when nothing differs. */
  operations: RecallOperation[];
  /**
   * Things the plan cannot do or did in a way worth knowing, in plain words: a plug-in whose
   * installed version differs, a state blob from another DAW, a track added empty, ...
   */
  warnings: string[];
  /**
   * Tracks the target does not have: left as they are, or removed when the plan was made with
   * `removeExtraTracks`.
   */
  extraTracks: ExtraTrack[];
  /** Whether the plan restores state blobs (`exact` option). */
  exact: boolean;
}

export interface PlanRecallOptions {
  /**
   * Restore plug-in state blobs where the target has them and they come from the DAW of the
   * current snapshot (`ApplyOptions.exact`). Default false: presets and parameters only.
   */
  exact?: boolean;
  /** Add the target's tracks the current state lacks, empty, with their settings. Default true. */
  addMissingTracks?: boolean;
  /** Delete the current tracks the target lacks (with their audio!). Default false. */
  removeExtraTracks?: boolean;
}
