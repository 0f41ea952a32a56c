import { convertSampleRate, type MixSource, type Song } from '@tapeop/core';
import type { PlayedRegion } from './timeline.js';

/**
 * The part of a song's mix that plays, and its length at the session rate. Both ends of the
 * region (the head trim and the mix length minus the tail trim) are converted from the mix's
 * rate to the session rate, nearest sample, and the length is their difference, so a DAW item
 * placed from these numbers ends exactly where the tail trim says.
 */
export function playedRegion(
  song: Song & { source: MixSource },
  sessionRate: number,
): { source: PlayedRegion; lengthSamples: number } {
  const source = song.source;
  const headSamples = song.trim?.headSamples ?? 0;
  const playedEnd = source.frames - (song.trim?.tailSamples ?? 0);
  const offsetSamples = convertSampleRate(headSamples, source.sampleRate, sessionRate);
  const endSamples = convertSampleRate(playedEnd, source.sampleRate, sessionRate);
  return {
    source: {
      path: source.path,
      sampleRate: source.sampleRate,
      startSamples: headSamples,
      endSamples: playedEnd,
      offsetSamples,
    },
    lengthSamples: endSamples - offsetSamples,
  };
}
