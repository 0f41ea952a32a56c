import type { FxState, PluginIdentity, TrackState } from '@tapeop/core';
import { duplicatedValues, type Matching, matchItems } from './match-items.js';

const SEP = '\u0000';

export interface GuidMatching extends Matching {
  /** GUIDs that occur more than once in `a` / `b` (not used for matching). */
  duplicateGuidsA: Set<string>;
  duplicateGuidsB: Set<string>;
}

/**
 * Pairs the tracks of two snapshots, strongest evidence first:
 * 1. the DAW's GUID (ignored where a snapshot holds it twice);
 * 2. name and position: the longest run of names in the same order on both sides, so a track
 *    keeps its partner when others are inserted, removed or moved around it; then any remaining
 *    equal names, in order (a moved track);
 * 3. the song it plays (a track renamed and moved at once), where each snapshot has one track
 *    for that song.
 * Never position alone: a track that lost its GUID, its name and its song cannot be told from a
 * new one, and is reported as removed and added.
 */
export function matchTracks(a: readonly TrackState[], b: readonly TrackState[]): GuidMatching {
  const duplicateGuidsA = duplicatedValues(a, (t) => t.guid);
  const duplicateGuidsB = duplicatedValues(b, (t) => t.guid);
  const duplicateSongsA = duplicatedValues(a, (t) => t.songId);
  const duplicateSongsB = duplicatedValues(b, (t) => t.songId);
  const matching = matchItems(a, b, [
    {
      key: (t, _i, side) =>
        t.guid === undefined || (side === 'a' ? duplicateGuidsA : duplicateGuidsB).has(t.guid)
          ? undefined
          : t.guid,
    },
    { key: (t) => t.name, mode: 'align' },
    {
      key: (t, _i, side) =>
        t.songId === undefined || (side === 'a' ? duplicateSongsA : duplicateSongsB).has(t.songId)
          ? undefined
          : t.songId,
    },
  ]);
  return { ...matching, duplicateGuidsA, duplicateGuidsB };
}

/** What makes two plug-ins the same plug-in: format and id (vendor and version are facts about it). */
export function pluginKey(plugin: PluginIdentity): string {
  return `${plugin.format}${SEP}${plugin.id}`;
}

/**
 * Pairs the plug-ins of two chains on one track: instance GUID (of the same plug-in); then
 * plug-in identity + name + position (the longest run in the same order, then the rest in
 * order: a moved plug-in); then identity + slot (a plug-in renamed in place). A slot that holds
 * a different plug-in is never paired: that is a replacement.
 */
export function matchFx(a: readonly FxState[], b: readonly FxState[]): GuidMatching {
  const duplicateGuidsA = duplicatedValues(a, (f) => f.guid);
  const duplicateGuidsB = duplicatedValues(b, (f) => f.guid);
  const matching = matchItems(a, b, [
    {
      key: (f, _i, side) =>
        f.guid === undefined || (side === 'a' ? duplicateGuidsA : duplicateGuidsB).has(f.guid)
          ? undefined
          : `${f.guid}${SEP}${pluginKey(f.plugin)}`,
    },
    { key: (f) => `${pluginKey(f.plugin)}${SEP}${f.name}`, mode: 'align' },
    { key: (f, i) => `${pluginKey(f.plugin)}${SEP}${SEP}${i}` },
  ]);
  return { ...matching, duplicateGuidsA, duplicateGuidsB };
}
