import { createHash } from 'node:crypto';
import {
  isSongId,
  type Marker,
  type Note,
  type NoteScope,
  type PluginState,
  type Snapshot,
  TapeopError,
} from '@tapeop/core';
import {
  type ChangeThresholds,
  type DescribeContext,
  type DiffWarning,
  describeChange,
  diffSnapshots,
  filterSignificantChanges,
  type SnapshotChange,
  type SnapshotDiff,
} from '@tapeop/session';
import type { Journal } from '../journal/open-journal.js';

export interface ChangeNoteOptions extends DescribeContext {
  /**
   * The smallest change worth a note, per kind (see @tapeop/session `ChangeThresholds`):
   * e.g. `{ volumeDb: 0.05 }` ignores fader moves under 0.05 dB. Defaults: the session's.
   */
  thresholds?: Partial<ChangeThresholds>;
  /** Default 'tapeop'. */
  author?: string;
  /** Attach the notes to this version instead of the last milestone. */
  versionId?: string;
  tags?: string[];
  /**
   * With a diff instead of two snapshots: the ids of the snapshots it compares, so the notes
   * link to them. Taken from the snapshots when two are given.
   */
  fromSnapshotId?: string;
  toSnapshotId?: string;
  /**
   * When the journal already holds change notes between the same two snapshots, write nothing
   * (a retried capture does not note everything twice). Default true.
   */
  skipIfWritten?: boolean;
}

export interface ChangeNotesResult {
  /** The change entries written, one per meaningful change, in the diff's order. */
  notes: Note[];
  /** Changes below the thresholds, not written. */
  ignored: number;
  /** Change notes between the same two snapshots that were already in the journal. */
  alreadyWritten: number;
  /** What the diff worked around in the snapshots (duplicate GUIDs and the like). */
  warnings: DiffWarning[];
}

/**
 * Writes one `change` entry per meaningful change between two snapshots (or in a diff from
 * @tapeop/session's `diffSnapshots`): the one-line description as text, the structured change in
 * `data.change`, the song as scope when the track plays one, links to both snapshots. All
 * entries go to disk in one durable append.
 *
 * Opaque plug-in state blobs are not copied into the journal (they can be large and are kept in
 * the snapshot files); each is replaced by its size and SHA-256, which is enough to tell states
 * apart.
 */
export async function writeChangeNotes(
  journal: Journal,
  input: SnapshotDiff | readonly [Snapshot, Snapshot],
  options: ChangeNoteOptions = {},
): Promise<ChangeNotesResult> {
  const { diff, from, to } = readInput(input, options);
  const significant = filterSignificantChanges(diff.changes, options.thresholds);
  const result: ChangeNotesResult = {
    notes: [],
    ignored: diff.changes.length - significant.length,
    alreadyWritten: 0,
    warnings: diff.warnings,
  };
  if (significant.length === 0) return result;

  if (from && to && options.skipIfWritten !== false) {
    const existing = (await journal.query({ kind: 'change', snapshotId: to })).filter((entry) => {
      const data = entry.note.data as { from?: unknown; to?: unknown } | undefined;
      return data?.from === from && data?.to === to;
    });
    if (existing.length > 0) {
      result.alreadyWritten = existing.length;
      return result;
    }
  }

  const describe: DescribeContext = {
    ...(options.session ? { session: options.session } : {}),
    ...(options.songLabel ? { songLabel: options.songLabel } : {}),
    ...(options.trackLabel ? { trackLabel: options.trackLabel } : {}),
  };
  const snapshots = [from, to].filter((id): id is string => id !== undefined);
  result.notes = await journal.appendAll(
    significant.map((change) => ({
      kind: 'change' as const,
      text: describeChange(change, describe),
      scope: scopeOf(change, to),
      author: options.author ?? 'tapeop',
      ...(options.versionId ? { versionId: options.versionId } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      ...(snapshots.length > 0 ? { links: { snapshots } } : {}),
      data: {
        change: withoutBlobs(change),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      },
    })),
  );
  return result;
}

function readInput(
  input: SnapshotDiff | readonly [Snapshot, Snapshot],
  options: ChangeNoteOptions,
): { diff: SnapshotDiff; from?: string; to?: string } {
  if (Array.isArray(input)) {
    const [before, after] = input as readonly [Snapshot, Snapshot];
    if (input.length !== 2 || !before || !after) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `writeChangeNotes needs two snapshots [before, after]; got ${input.length}`,
        { hint: 'Pass [olderSnapshot, newerSnapshot], or a diff from diffSnapshots.' },
      );
    }
    return { diff: diffSnapshots(before, after), from: before.id, to: after.id };
  }
  const diff = input as SnapshotDiff;
  if (typeof diff !== 'object' || diff === null || !Array.isArray(diff.changes)) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'writeChangeNotes needs a diff ({ changes, warnings } from diffSnapshots) or two snapshots',
      { hint: 'Pass [olderSnapshot, newerSnapshot], or the result of diffSnapshots(a, b).' },
    );
  }
  return {
    diff: { changes: diff.changes, warnings: diff.warnings ?? [] },
    ...(options.fromSnapshotId ? { from: options.fromSnapshotId } : {}),
    ...(options.toSnapshotId ? { to: options.toSnapshotId } : {}),
  };
}

/** The song when the track plays one; a marker; else the snapshot (or the session). */
function scopeOf(change: SnapshotChange, snapshotId: string | undefined): NoteScope {
  if ('track' in change) {
    const songId = change.track.songId;
    if (songId && isSongId(songId)) return { kind: 'song', songId };
  } else {
    const marker: Marker = change.kind === 'marker-changed' ? change.after : change.marker;
    const songId = marker.songId && isSongId(marker.songId) ? { songId: marker.songId } : {};
    if (marker.id) return { kind: 'marker', markerId: marker.id, ...songId };
    return {
      kind: 'position',
      positionSamples: marker.timeSamples,
      sampleRate: marker.sampleRate,
      ...songId,
    };
  }
  return snapshotId ? { kind: 'snapshot', snapshotId } : { kind: 'session' };
}

/** The change with every opaque state blob replaced by its size and digest. */
function withoutBlobs(change: SnapshotChange): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(change, (_key, value) => (isPluginState(value) ? digest(value) : value)),
  ) as Record<string, unknown>;
}

function isPluginState(value: unknown): value is PluginState {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PluginState).data === 'string' &&
    typeof (value as PluginState).encoding === 'string'
  );
}

function digest(state: PluginState) {
  const bytes = Buffer.from(state.data, 'base64');
  return {
    daw: state.daw,
    ...(state.kind ? { kind: state.kind } : {}),
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
