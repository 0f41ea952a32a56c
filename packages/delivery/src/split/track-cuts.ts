import {
  type DiscLayout,
  type DiscTrack,
  trackFirstFrame,
  trackStart,
} from '../disc/disc-layout.js';

/**
 * Where the pause before a track (its index 0 to index 1) goes when the disc is cut into
 * one file per track:
 * - `append-to-previous` (default): each file runs from its index 1 to the next track's
 *   index 1, so the files played back to back give the disc from track 1 to the lead-out,
 *   gaps included: what digital distribution of a gapless album needs.
 * - `prepend-to-next`: each file starts at its own index 0 (track 1 still at index 1).
 * - `drop`: each file runs from its index 1 to the next track's index 0; pauses are lost.
 */
export type GapPlacement = 'append-to-previous' | 'prepend-to-next' | 'drop';

export interface TrackCut {
  track: DiscTrack;
  /** Absolute frames, end exclusive. */
  startFrame: number;
  endFrame: number;
}

export function trackCuts(
  layout: DiscLayout,
  gaps: GapPlacement = 'append-to-previous',
): TrackCut[] {
  return layout.tracks.map((track, position) => {
    const next = layout.tracks[position + 1];
    const startFrame =
      gaps === 'prepend-to-next' && position > 0 ? trackFirstFrame(track) : trackStart(track);
    let endFrame = layout.leadOutFrame;
    if (next) endFrame = gaps === 'append-to-previous' ? trackStart(next) : trackFirstFrame(next);
    return { track, startFrame, endFrame };
  });
}

/** `03 - Song Title.wav`, with characters that some file systems refuse replaced. */
export function trackFileName(track: DiscTrack): string {
  const title = [...(track.text.title ?? `Track ${track.number}`)]
    .map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  return `${String(track.number).padStart(2, '0')} - ${title || `Track ${track.number}`}.wav`;
}
