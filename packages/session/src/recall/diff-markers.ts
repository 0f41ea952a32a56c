import type { CdText, Marker } from '@tapeop/core';
import type { MarkerField, SnapshotChange } from './change.js';
import { matchItems } from './match-items.js';

const SEP = '\u0000';
const CD_TEXT_FIELDS = [
  'title',
  'performer',
  'songwriter',
  'composer',
  'arranger',
  'message',
  'genre',
  'language',
] as const satisfies readonly (keyof CdText)[];
// A CD-Text field added to the schema must be added above, or this line stops compiling.
const everyCdTextField: Exclude<keyof CdText, (typeof CD_TEXT_FIELDS)[number]> extends never
  ? true
  : never = true;
void everyCdTextField;

/**
 * Marker changes, for the notes: a gap that grew, an ISRC corrected, a CD track that moved.
 * Markers are paired by tapeop id, then the DAW's marker GUID, then what they mark (kind, song
 * and index), then kind and name. Positions compare in seconds, so snapshots taken at
 * different project rates still agree on an unmoved marker.
 */
export function diffMarkers(a: Marker[], b: Marker[], changes: SnapshotChange[]): void {
  const matching = matchItems(a, b, [
    { key: (m) => m.id },
    { key: (m) => (m.daw?.guid === undefined ? undefined : `${m.daw.daw}${SEP}${m.daw.guid}`) },
    {
      key: (m) =>
        m.songId === undefined
          ? undefined
          : `${m.kind}${SEP}${m.songId}${SEP}${m.indexNumber ?? ''}`,
    },
    { key: (m) => (m.name === undefined ? undefined : `${m.kind}${SEP}${m.name}`) },
  ]);
  for (let j = 0; j < b.length; j++) {
    const after = b[j] as Marker;
    const i = matching.bToA[j] as number;
    if (i < 0) {
      changes.push({ kind: 'marker-added', marker: after });
      continue;
    }
    const before = a[i] as Marker;
    const fields = changedFields(before, after);
    if (fields.length > 0) {
      changes.push({
        kind: 'marker-changed',
        before,
        after,
        fields,
        deltaSec: seconds(after.timeSamples, after) - seconds(before.timeSamples, before),
      });
    }
  }
  for (let i = 0; i < a.length; i++) {
    if ((matching.aToB[i] as number) < 0)
      changes.push({ kind: 'marker-removed', marker: a[i] as Marker });
  }
}

function changedFields(a: Marker, b: Marker): MarkerField[] {
  const fields: MarkerField[] = [];
  if (!samePosition(a.timeSamples, a, b.timeSamples, b)) fields.push('time');
  if (!samePosition(a.endSamples, a, b.endSamples, b)) fields.push('end');
  if (a.name !== b.name) fields.push('name');
  if (a.kind !== b.kind) fields.push('kind');
  if (a.songId !== b.songId) fields.push('songId');
  if (a.trackNumber !== b.trackNumber) fields.push('trackNumber');
  if (a.indexNumber !== b.indexNumber) fields.push('indexNumber');
  if (a.isrc !== b.isrc) fields.push('isrc');
  if (a.upc !== b.upc) fields.push('upc');
  if (CD_TEXT_FIELDS.some((field) => a.cdText?.[field] !== b.cdText?.[field]))
    fields.push('cdText');
  return fields;
}

function samePosition(
  a: number | undefined,
  markerA: Marker,
  b: number | undefined,
  markerB: Marker,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (markerA.sampleRate === markerB.sampleRate) return a === b;
  // Cross-multiplied, so 44.1 kHz and 48 kHz positions of the same instant compare exactly.
  return a * markerB.sampleRate === b * markerA.sampleRate;
}

function seconds(samples: number, marker: Marker): number {
  return samples / marker.sampleRate;
}

/** The CD-Text fields `marker-changed` compares, in display order. */
export { CD_TEXT_FIELDS };
