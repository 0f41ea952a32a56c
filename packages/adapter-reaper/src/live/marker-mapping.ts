import { createUlid, type Logger, type Marker } from '@tapeop/core';
import {
  markerFromReaperName,
  parseMarkerId,
  reaperAlbumCreditProblems,
  renderReaperMarkerName,
} from '@tapeop/session';
import type { BridgeMarker } from './bridge-types.js';

const cdKinds = new Set<Marker['kind']>(['cd-track', 'cd-pregap', 'cd-index', 'album']);

export interface MarkerWrite {
  args: { markers: Array<Record<string, unknown>> };
  /** The markers with the ids they are written under. */
  markers: Marker[];
  warnings: string[];
}

/** The bridge's writeMarkers arguments: REAPER's marker names, positions in seconds. */
export function writeMarkersArgs(markers: Marker[]): MarkerWrite {
  const warnings: string[] = [...reaperAlbumCreditProblems(markers)];
  const withIds = markers.map((m) => (m.id ? m : { ...m, id: createUlid() }));
  const list = withIds.map((m) => {
    const rendered = renderReaperMarkerName(m);
    warnings.push(...rendered.warnings.map((w) => `${m.name ?? m.kind}: ${w}`));
    const region = m.kind === 'region' && m.endSamples !== undefined;
    return {
      id: m.id!,
      kind: m.kind,
      name: rendered.name,
      pos: m.timeSamples / m.sampleRate,
      ...(region ? { region: true, end: m.endSamples! / m.sampleRate } : {}),
      ...(cdKinds.has(m.kind) ? { snap: true } : {}),
    };
  });
  return { args: { markers: list }, markers: withIds, warnings };
}

/**
 * Markers as tapeop reads them from REAPER: kinds and CD metadata from the names (REAPER's own
 * reading), tapeop's ids from the project's record of the markers it wrote, and CD track
 * numbers as REAPER counts them (the # markers in timeline order).
 */
export function markersFromBridge(
  list: BridgeMarker[],
  sampleRate: number,
  logger?: Logger,
): Marker[] {
  const markers = list.map((b) => {
    const { marker, problems } = markerFromReaperName({
      name: b.name,
      timeSamples: Math.max(0, Math.round(b.pos * sampleRate)),
      sampleRate,
      ...(b.rgn && b.end !== undefined
        ? { endSamples: Math.max(0, Math.round(b.end * sampleRate)) }
        : {}),
      guid: b.guid,
      number: b.num,
    });
    for (const problem of problems) logger?.warn(`REAPER marker "${b.name}": ${problem}`);
    if (b.tapeop?.id) {
      marker.id = b.tapeop.id;
      const parts = parseMarkerId(b.tapeop.id);
      if (parts && 'songId' in parts) marker.songId = parts.songId;
      if (b.tapeop.kind === 'note' && marker.kind === 'generic') marker.kind = 'note';
    }
    return marker;
  });
  // REAPER numbers CD tracks by counting # markers in timeline order.
  const ordered = markers
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.timeSamples - b.m.timeSamples || a.i - b.i);
  let track = 0;
  for (const { m } of ordered) {
    if (m.kind === 'cd-track') {
      track++;
      if (track <= 99) m.trackNumber = track;
    } else if (m.kind === 'cd-index' && track > 0 && track <= 99) m.trackNumber = track;
  }
  for (let k = ordered.length - 1, next = 0; k >= 0; k--) {
    const m = ordered[k]!.m;
    if (m.kind === 'cd-track') next = m.trackNumber ?? 0;
    else if (m.kind === 'cd-pregap' && next > 0) m.trackNumber = next;
  }
  // A song's region carries its CD track's number: by song id for tapeop's own regions, else
  // the track that starts inside the region.
  const tracks = markers.filter((m) => m.kind === 'cd-track' && m.trackNumber !== undefined);
  for (const m of markers) {
    if (m.kind !== 'region' || m.trackNumber !== undefined) continue;
    const owner =
      (m.songId ? tracks.find((t) => t.songId === m.songId) : undefined) ??
      tracks.find(
        (t) => t.timeSamples >= m.timeSamples && t.timeSamples < (m.endSamples ?? m.timeSamples),
      );
    if (owner?.trackNumber !== undefined) m.trackNumber = owner.trackNumber;
  }
  return markers;
}
