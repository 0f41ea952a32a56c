import { isSongId, type Marker } from '@tapeop/core';

/**
 * tapeop's own marker ids, derived from song ids, so that rewriting the markers replaces exactly
 * the ones tapeop wrote (whatever the user renamed or moved) and never a user's own marker.
 * Song ids contain no ':', so an id reads back unambiguously.
 */
export const MARKER_ID_PREFIX = 'tapeop:';

export type MarkerIdParts =
  | { kind: 'album' }
  | { kind: 'cd-track' | 'cd-pregap' | 'region'; songId: string }
  | { kind: 'cd-index'; songId: string; indexNumber: number };

const SEGMENT_OF: Record<MarkerIdParts['kind'], string> = {
  album: 'album',
  'cd-track': 'track',
  'cd-pregap': 'pregap',
  'cd-index': 'index',
  region: 'region',
};

export function markerId(parts: MarkerIdParts): string {
  const segment = SEGMENT_OF[parts.kind];
  if (parts.kind === 'album') return `${MARKER_ID_PREFIX}${segment}`;
  if (parts.kind === 'cd-index') {
    return `${MARKER_ID_PREFIX}${segment}:${parts.songId}:${parts.indexNumber}`;
  }
  return `${MARKER_ID_PREFIX}${segment}:${parts.songId}`;
}

/** The parts of one of tapeop's marker ids; undefined for anything else (a user's marker). */
export function parseMarkerId(id: string | undefined): MarkerIdParts | undefined {
  if (!id?.startsWith(MARKER_ID_PREFIX)) return undefined;
  const [segment, songId, number, ...rest] = id.slice(MARKER_ID_PREFIX.length).split(':');
  if (rest.length > 0) return undefined;
  if (segment === 'album') return songId === undefined ? { kind: 'album' } : undefined;
  if (songId === undefined || !isSongId(songId)) return undefined;
  if (segment === 'index') {
    const indexNumber = Number(number);
    if (!/^\d{1,2}$/.test(number ?? '') || indexNumber < 2) return undefined;
    return { kind: 'cd-index', songId, indexNumber };
  }
  if (number !== undefined) return undefined;
  if (segment === 'track') return { kind: 'cd-track', songId };
  if (segment === 'pregap') return { kind: 'cd-pregap', songId };
  if (segment === 'region') return { kind: 'region', songId };
  return undefined;
}

/** True for markers tapeop wrote (and may replace); false for the user's own. */
export function isTapeopMarker(marker: Pick<Marker, 'id'>): boolean {
  return parseMarkerId(marker.id) !== undefined;
}
