import type { SnapshotChange } from './change.js';

/**
 * The smallest change worth a note, per kind of value. A change is significant when its size is
 * at least the threshold (so "ignore volume changes under 0.05 dB" is `volumeDb: 0.05`). Set a
 * threshold to 0 to keep every change of that kind.
 */
export interface ChangeThresholds {
  /** Fader level, in dB. Default 0.05. */
  volumeDb: number;
  /** Pan, on the −1..1 scale. Default 0.005 (half a percent). */
  pan: number;
  /** Width, on the −1..1 scale. Default 0.005. */
  width: number;
  /** Parameters whose displayed values are in dB, in dB. Default 0.05. */
  paramDb: number;
  /** Every other parameter, on the normalized 0..1 scale. Default 0.001. */
  paramNormalized: number;
  /**
   * Ignore a parameter change whose displayed text is the same on both sides (the plug-in
   * shows no difference). Default true.
   */
  ignoreSameDisplay: boolean;
  /** Marker moves, in seconds. Default 0 (every move counts). */
  markerSec: number;
}

export const defaultChangeThresholds: Readonly<ChangeThresholds> = Object.freeze({
  volumeDb: 0.05,
  pan: 0.005,
  width: 0.005,
  paramDb: 0.05,
  paramNormalized: 0.001,
  ignoreSameDisplay: true,
  markerSec: 0,
});

// Deltas are differences of decimals (−0.5 → −0.45 gives 0.04999999999999999); a hair of
// tolerance keeps a change of exactly the threshold significant.
const TOLERANCE = 1e-9;

/**
 * Whether a change is big enough to note. Changes without a size (a plug-in added, a track
 * renamed, a switch flipped, a preset loaded) are always significant; so are moves to and from
 * silence.
 */
export function isSignificantChange(
  change: SnapshotChange,
  thresholds: Partial<ChangeThresholds> = {},
): boolean {
  const t = { ...defaultChangeThresholds, ...thresholds };
  switch (change.kind) {
    case 'volume':
      return atLeast(change.deltaDb, t.volumeDb);
    case 'pan':
      return atLeast(change.delta, t.pan);
    case 'width':
      return atLeast(change.delta, t.width);
    case 'param': {
      if (
        t.ignoreSameDisplay &&
        change.before.formatted !== undefined &&
        change.before.formatted === change.after.formatted
      )
        return false;
      if (change.deltaDb !== undefined) return atLeast(change.deltaDb, t.paramDb);
      return atLeast(change.deltaNormalized, t.paramNormalized);
    }
    case 'marker-changed':
      // A marker whose only change is a move below the threshold is noise; any other field counts.
      return change.fields.some((f) => f !== 'time') || atLeast(change.deltaSec, t.markerSec);
    default:
      return true;
  }
}

/** The changes worth a note, in their order. */
export function filterSignificantChanges<T extends SnapshotChange>(
  changes: readonly T[],
  thresholds: Partial<ChangeThresholds> = {},
): T[] {
  return changes.filter((change) => isSignificantChange(change, thresholds));
}

function atLeast(delta: number, threshold: number): boolean {
  if (Number.isNaN(delta)) return true;
  return Math.abs(delta) >= threshold - TOLERANCE;
}
