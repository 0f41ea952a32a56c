import type { FxState, PluginIdentity, TrackState } from '@tapeop/core';
import { duplicatedValues, type Matching, matchItems } from './match-items.js';

const SEP = '\u0000';

export interface TrackMatching extends Matching {
  /** Track GUIDs that occur more than once in `a` / `b` (not used for matching). */
  duplicateGuidsA: Set<string>;
  duplicateGuidsB: Set<string>;
}

/**
 * Pairs the tracks of two snapshots, strongest evidence first:
 * 1. the DAW's GUID (ignored where a snapshot holds it twice);
 * 2. name and position;
 * 3. name alone (a moved track), in list order;
 * 4. the song it plays (a track renamed and moved at once), where each snapshot has one track
 *    for that song.
 * Never position alone: a track that lost its GUID, its name and its song cannot be told
 * from a new one, and is reported as removed and added.
 */
export function matchTracks(a: readonly TrackState[], b: readonly TrackState[]): TrackMatching {
  const duplicateGuidsA = duplicatedValues(a, (t) => t.guid);
  const duplicateGuidsB = duplicatedValues(b, (t) => t.guid);
  const duplicateSongsA = duplicatedValues(a, (t) => t.songId);
  const duplicateSongsB = duplicatedValues(b, (t) => t.songId);
  const matching = matchItems(a, b, [
    (t, _i, side) =>
      t.guid === undefined || (side === 'a' ? duplicateGuidsA : duplicateGuidsB).has(t.guid)
        ? undefined
        : t.guid,
    (t, i) => `${t.name}${SEP}${i}`,
    (t) => t.name,
    (t, _i, side) =>
      t.songId === undefined || (side === 'a' ? duplicateSongsA : duplicateSongsB).has(t.songId)
        ? undefined
        : t.songId,
  ]);
  return { ...matching, duplicateGuidsA, duplicateGuidsB };
}

/** What makes two plug-ins the same plug-in: format and id (vendor and version are facts about it). */
export function pluginKey(plugin: PluginIdentity): string {
  return `${plugin.format}${SEP}${plugin.id}`;
}

export interface FxMatching extends Matching {
  duplicateGuidsA: Set<string>;
  duplicateGuidsB: Set<string>;
}

/**
 * Pairs the plug-ins of two chains on one track: instance GUID (of the same plug-in), then
 * plug-in + name + slot, plug-in + name (moved), plug-in + slot (renamed). A slot that holds a
 * different plug-in is never paired: that is a replacement.
 */
export function matchFx(a: readonly FxState[], b: readonly FxState[]): FxMatching {
  const duplicateGuidsA = duplicatedValues(a, (f) => f.guid);
  const duplicateGuidsB = duplicatedValues(b, (f) => f.guid);
  const matching = matchItems(a, b, [
    (f, _i, side) =>
      f.guid === undefined || (side === 'a' ? duplicateGuidsA : duplicateGuidsB).has(f.guid)
        ? undefined
        : `${f.guid}${SEP}${pluginKey(f.plugin)}`,
    (f, i) => `${pluginKey(f.plugin)}${SEP}${f.name}${SEP}${i}`,
    (f) => `${pluginKey(f.plugin)}${SEP}${f.name}`,
    (f, i) => `${pluginKey(f.plugin)}${SEP}${SEP}${i}`,
  ]);
  return { ...matching, duplicateGuidsA, duplicateGuidsB };
}
