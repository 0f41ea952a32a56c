import type { FxState, Marker, PluginIdentity, PluginState, TrackState } from '@tapeop/core';

/**
 * Which track a change is about. Names and positions are taken from the newer snapshot (`b`),
 * except for a removed track, which only the older one (`a`) has.
 */
export interface TrackRef {
  /** `'master'` for the master bus, `'track'` for every other track. */
  scope: 'track' | 'master';
  /** The DAW's GUID (from `b`, or from `a` when `b` has none). */
  guid?: string;
  /** Track name. */
  name: string;
  /** Position in the track list, from 0 (-1 for the master bus). */
  index: number;
  /** The song the track plays, when the snapshot knows it (from `b`, else `a`). */
  songId?: string;
}

/** Which plug-in a change is about, on its track. Same sourcing rule as {@link TrackRef}. */
export interface FxRef {
  /** The DAW's GUID of the plug-in instance, when captured. */
  guid?: string;
  /** Display name (e.g. 'Pro-Q 3'). */
  name: string;
  /** The plug-in's identity (format, id, vendor, version). */
  plugin: PluginIdentity;
  /** Slot in the chain, from 0 (signal order). */
  position: number;
}

/** Which parameter a change is about. */
export interface ParamRef {
  /** Parameter index in the plug-in: how adapters address it. */
  index: number;
  /** Parameter name (from `b`, else `a`). */
  name: string;
  /** Unit of the displayed value, when the plug-in gives one. */
  unit?: string;
}

/** One parameter value as a snapshot holds it. */
export interface ParamValue {
  /** 0..1, what adapters set. */
  normalized: number;
  /** What the plug-in displays (e.g. '+1.5 dB'), when captured. */
  formatted?: string;
}

/** A track that only the newer snapshot has. `state` is the whole track, enough to recreate it. */
export interface TrackAddedChange {
  kind: 'track-added';
  track: TrackRef;
  state: TrackState;
}

/** A track that only the older snapshot has. `state` is what it was. */
export interface TrackRemovedChange {
  kind: 'track-removed';
  track: TrackRef;
  state: TrackState;
}

export interface TrackRenamedChange {
  kind: 'track-renamed';
  track: TrackRef;
  before: string;
  after: string;
}

/**
 * A track whose position changed relative to the tracks both snapshots share: only the
 * tracks that had to move are reported (the fewest moves that restore the order), so adding
 * a track at the top does not report every track below it as moved.
 */
export interface TrackMovedChange {
  kind: 'track-moved';
  track: TrackRef;
  /** Position in `a`, from 0. */
  before: number;
  /** Position in `b`, from 0. */
  after: number;
}

/** Fader level. `null` is silence (−∞ dB). */
export interface VolumeChange {
  kind: 'volume';
  track: TrackRef;
  before: number | null;
  after: number | null;
  /**
   * `after − before` in dB; ±Infinity when one side is silence. Notes filter on its absolute
   * value (see `isSignificantChange`).
   */
  deltaDb: number;
}

/** Pan from −1 (left) to 1 (right). */
export interface PanChange {
  kind: 'pan';
  track: TrackRef;
  before: number;
  after: number;
  /** `after − before`, on the −1..1 scale. */
  delta: number;
}

/**
 * Stereo width from −1 through 0 (mono) to 1. `before` is absent when the older snapshot did
 * not capture a width (not every DAW has one); a width only `a` has is not a change.
 */
export interface WidthChange {
  kind: 'width';
  track: TrackRef;
  before?: number;
  after: number;
  /** `after − before`; when `before` is absent, measured from 1 (a DAW's default width). */
  delta: number;
}

/** Mute, solo or polarity: one switch flipped. */
export interface SwitchChange {
  kind: 'switch';
  track: TrackRef;
  switch: 'mute' | 'solo' | 'phaseInvert';
  before: boolean;
  after: boolean;
}

/** A plug-in only `b` has, at `fx.position`. `state` is the whole plug-in, enough to recreate it. */
export interface FxAddedChange {
  kind: 'fx-added';
  track: TrackRef;
  fx: FxRef;
  state: FxState;
}

/** A plug-in only `a` has; `fx.position` is where it was. */
export interface FxRemovedChange {
  kind: 'fx-removed';
  track: TrackRef;
  fx: FxRef;
  state: FxState;
}

/**
 * A slot whose plug-in was swapped for another one (e.g. Pro-L 2 → Ozone Maximizer): a
 * removed and an added plug-in at the same position of the same track, paired for reading.
 */
export interface FxReplacedChange {
  kind: 'fx-replaced';
  track: TrackRef;
  /** The plug-in `b` has in the slot. */
  fx: FxRef;
  /** The plug-in `a` had in the slot. */
  replaced: FxRef;
  before: FxState;
  after: FxState;
}

/**
 * A plug-in that changed slot relative to the plug-ins both chains share: only those that had
 * to move are reported (the fewest moves that restore the order).
 */
export interface FxMovedChange {
  kind: 'fx-moved';
  track: TrackRef;
  fx: FxRef;
  /** Slot in `a`, from 0. */
  before: number;
  /** Slot in `b`, from 0. */
  after: number;
}

/** The instance's display name changed (same plug-in). */
export interface FxRenamedChange {
  kind: 'fx-renamed';
  track: TrackRef;
  fx: FxRef;
  before: string;
  after: string;
}

/** Bypassed (`enabled` false) or back in. */
export interface FxEnabledChange {
  kind: 'fx-enabled';
  track: TrackRef;
  fx: FxRef;
  before: boolean;
  after: boolean;
}

/** Taken offline (loaded but not running) or back online. An absent flag reads as online. */
export interface FxOfflineChange {
  kind: 'fx-offline';
  track: TrackRef;
  fx: FxRef;
  before: boolean;
  after: boolean;
}

/** The loaded preset's name; absent when no named preset is loaded. */
export interface FxPresetChange {
  kind: 'fx-preset';
  track: TrackRef;
  fx: FxRef;
  before?: string;
  after?: string;
}

/**
 * The plug-in's version differs (an update between sessions). Reported because an update can
 * change the sound; recall cannot undo it (the DAW loads what is installed).
 */
export interface FxVersionChange {
  kind: 'fx-version';
  track: TrackRef;
  fx: FxRef;
  before?: string;
  after?: string;
}

/** One parameter's value changed. */
export interface ParamChange {
  kind: 'param';
  track: TrackRef;
  fx: FxRef;
  param: ParamRef;
  before: ParamValue;
  after: ParamValue;
  /** `after.normalized − before.normalized`. */
  deltaNormalized: number;
  /**
   * `after − before` in dB, when both displayed values read as dB (e.g. '+1.5 dB'): lets a
   * threshold in dB apply to gain parameters as it does to faders.
   */
  deltaDb?: number;
}

/**
 * A parameter only one snapshot captured (a partial capture, or a plug-in update that added or
 * dropped parameters). `before`/`after` is absent on the side that lacks it.
 */
export interface ParamPresenceChange {
  kind: 'param-added' | 'param-removed';
  track: TrackRef;
  fx: FxRef;
  param: ParamRef;
  before?: ParamValue;
  after?: ParamValue;
}

/**
 * The opaque state blob differs, or only one side has one. The blob carries everything the
 * plug-in stores, so it can differ while every captured parameter is equal (e.g. an internal
 * setting the plug-in does not expose as a parameter).
 */
export interface FxStateChange {
  kind: 'fx-state';
  track: TrackRef;
  fx: FxRef;
  before?: PluginState;
  after?: PluginState;
}

/**
 * A marker or region only `b` has (`marker-added`), only `a` has (`marker-removed`), or whose
 * position, name or CD data changed (`marker-changed`). Markers are reported for the notes;
 * recall plans leave them to the sequence (`writeMarkers`).
 */
export interface MarkerAddedChange {
  kind: 'marker-added';
  marker: Marker;
}

export interface MarkerRemovedChange {
  kind: 'marker-removed';
  marker: Marker;
}

/** The fields of a marker that `marker-changed` compares. */
export type MarkerField =
  | 'time'
  | 'end'
  | 'name'
  | 'kind'
  | 'songId'
  | 'trackNumber'
  | 'indexNumber'
  | 'isrc'
  | 'upc'
  | 'cdText';

export interface MarkerChangedChange {
  kind: 'marker-changed';
  before: Marker;
  after: Marker;
  /** Which fields differ, in the order above. */
  fields: MarkerField[];
  /** How far the start moved, in seconds (0 when it did not). */
  deltaSec: number;
}

/** Every change `diffSnapshots` reports. Switch on `kind`. */
export type SnapshotChange =
  | TrackAddedChange
  | TrackRemovedChange
  | TrackRenamedChange
  | TrackMovedChange
  | VolumeChange
  | PanChange
  | WidthChange
  | SwitchChange
  | FxAddedChange
  | FxRemovedChange
  | FxReplacedChange
  | FxMovedChange
  | FxRenamedChange
  | FxEnabledChange
  | FxOfflineChange
  | FxPresetChange
  | FxVersionChange
  | ParamChange
  | ParamPresenceChange
  | FxStateChange
  | MarkerAddedChange
  | MarkerRemovedChange
  | MarkerChangedChange;

export type SnapshotChangeKind = SnapshotChange['kind'];

/** Changes that concern one track (everything but markers). */
export type TrackChange = Exclude<
  SnapshotChange,
  MarkerAddedChange | MarkerRemovedChange | MarkerChangedChange
>;

/** Changes that concern one plug-in. */
export type FxChange = Extract<TrackChange, { fx: FxRef }>;

/** Something odd in the input that the diff worked around, in plain words. */
export interface DiffWarning {
  /** Stable code for programs: what kind of oddity. */
  code:
    | 'duplicate-track-guid'
    | 'duplicate-fx-guid'
    | 'duplicate-param-index'
    | 'master-only-in-one';
  /** For people. */
  message: string;
  /** JSON pointer into the snapshot it is about, prefixed with `a:` or `b:`. */
  pointer?: string;
}

/** What `diffSnapshots(a, b)` returns: the changes from `a` to `b`, in reading order. */
export interface SnapshotDiff {
  changes: SnapshotChange[];
  warnings: DiffWarning[];
}

export function isTrackChange(change: SnapshotChange): change is TrackChange {
  return 'track' in change;
}

export function isFxChange(change: SnapshotChange): change is FxChange {
  return 'fx' in change;
}
