import type { CdFlags, IndexMark, Sequence, SequenceEntry, Song } from '@tapeop/core';
import { stableItems } from '../recall/match-items.js';

/**
 * One difference between two sequences of the same session, as an engineer would note it:
 * a song added to or dropped from the album, moved, or its gap, crossfade, index marks or CD
 * flags changed. Positions are track numbers (from 1).
 */
export type SequenceChange =
  | { kind: 'song-added'; songId: string; position: number }
  | { kind: 'song-removed'; songId: string; position: number }
  | { kind: 'song-moved'; songId: string; from: number; to: number }
  | { kind: 'gap'; songId: string; position: number; beforeSec: number; afterSec: number }
  | { kind: 'crossfade'; songId: string; position: number; beforeSec: number; afterSec: number }
  | {
      kind: 'index-marks';
      songId: string;
      position: number;
      before: IndexMark[];
      after: IndexMark[];
    }
  | { kind: 'cd-flags'; songId: string; position: number; before: CdFlags; after: CdFlags };

export type SequenceChangeKind = SequenceChange['kind'];

/**
 * The changes from sequence `a` to sequence `b`, in `b`'s play order (each song's move first,
 * then its transition, index marks and flags), then the songs only `a` had. Moves are the
 * fewest that turn `a`'s order into `b`'s: moving one song to the top reports that song, not
 * every song below it. A gap or crossfade counts only on songs in both sequences.
 */
export function diffSequences(a: Sequence, b: Sequence): SequenceChange[] {
  const oldIndex = new Map(a.entries.map((entry, i) => [entry.songId, i]));
  const newIds = new Set(b.entries.map((entry) => entry.songId));
  const bToA = Int32Array.from(b.entries, (entry) => oldIndex.get(entry.songId) ?? -1);
  const stable = stableItems(bToA);
  const changes: SequenceChange[] = [];

  b.entries.forEach((entry, j) => {
    const position = j + 1;
    const i = bToA[j] as number;
    if (i < 0) {
      changes.push({ kind: 'song-added', songId: entry.songId, position });
      return;
    }
    if (!stable.has(j))
      changes.push({ kind: 'song-moved', songId: entry.songId, from: i + 1, to: position });
    const old = a.entries[i] as SequenceEntry;
    const crossfadeBefore = old.crossfadeSec ?? 0;
    const crossfadeAfter = entry.crossfadeSec ?? 0;
    if (crossfadeBefore !== crossfadeAfter)
      changes.push({
        kind: 'crossfade',
        songId: entry.songId,
        position,
        beforeSec: crossfadeBefore,
        afterSec: crossfadeAfter,
      });
    if (old.gapSec !== entry.gapSec)
      changes.push({
        kind: 'gap',
        songId: entry.songId,
        position,
        beforeSec: old.gapSec,
        afterSec: entry.gapSec,
      });
    const marksBefore = old.indexMarks ?? [];
    const marksAfter = entry.indexMarks ?? [];
    if (JSON.stringify(marksBefore) !== JSON.stringify(marksAfter))
      changes.push({
        kind: 'index-marks',
        songId: entry.songId,
        position,
        before: marksBefore,
        after: marksAfter,
      });
    const flagsBefore = normalizedFlags(old.cdFlags);
    const flagsAfter = normalizedFlags(entry.cdFlags);
    if (JSON.stringify(flagsBefore) !== JSON.stringify(flagsAfter))
      changes.push({
        kind: 'cd-flags',
        songId: entry.songId,
        position,
        before: flagsBefore,
        after: flagsAfter,
      });
  });
  a.entries.forEach((entry, i) => {
    if (!newIds.has(entry.songId))
      changes.push({ kind: 'song-removed', songId: entry.songId, position: i + 1 });
  });
  return changes;
}

function normalizedFlags(flags: CdFlags | undefined): CdFlags {
  return {
    ...(flags?.preEmphasis ? { preEmphasis: true } : {}),
    ...(flags?.copyPermitted ? { copyPermitted: true } : {}),
  };
}

const seconds = (value: number) => `${Number(value.toFixed(3))} s`;

function flagsText(flags: CdFlags): string {
  const on = [flags.preEmphasis ? 'pre-emphasis' : '', flags.copyPermitted ? 'copy permitted' : ''];
  const text = on.filter(Boolean).join(', ');
  return text === '' ? 'none' : text;
}

function marksText(marks: IndexMark[]): string {
  if (marks.length === 0) return 'none';
  return marks
    .map((m) => `${m.number} at ${seconds(m.offsetSec)}${m.name ? ` (${m.name})` : ''}`)
    .join(', ');
}

/**
 * One line for a sequence change, naming the song by its title:
 * `Overpass moved from 3 to 2`, `Gap before City Lights: 2 s → 3.5 s`.
 */
export function describeSequenceChange(change: SequenceChange, songs: readonly Song[]): string {
  const title = songs.find((song) => song.id === change.songId)?.title ?? change.songId;
  switch (change.kind) {
    case 'song-added':
      return `${title} added to the sequence at ${change.position}`;
    case 'song-removed':
      return `${title} taken out of the sequence (was ${change.position})`;
    case 'song-moved':
      return `${title} moved from ${change.from} to ${change.to}`;
    case 'gap':
      return `Gap before ${title}: ${seconds(change.beforeSec)} → ${seconds(change.afterSec)}`;
    case 'crossfade':
      return change.afterSec === 0
        ? `Crossfade into ${title} removed (was ${seconds(change.beforeSec)})`
        : change.beforeSec === 0
          ? `Crossfade into ${title}: ${seconds(change.afterSec)}`
          : `Crossfade into ${title}: ${seconds(change.beforeSec)} → ${seconds(change.afterSec)}`;
    case 'index-marks':
      return `Index marks of ${title}: ${marksText(change.before)} → ${marksText(change.after)}`;
    case 'cd-flags':
      return `CD flags of ${title}: ${flagsText(change.before)} → ${flagsText(change.after)}`;
  }
}
