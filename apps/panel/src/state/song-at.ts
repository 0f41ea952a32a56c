import type { SequenceSong } from '../hub/hub-types.js';

/**
 * The song the DAW is in at `positionSec` on the album timeline (the hub's sequence): the
 * last song that has started by then and has not ended, or during a gap the song that follows
 * it (a note in a pause is about the song the pause belongs to, as on a CD).
 */
export function songAt(
  songs: readonly SequenceSong[],
  positionSec: number,
): SequenceSong | undefined {
  let found: SequenceSong | undefined;
  for (const song of songs) {
    if (positionSec >= song.startSec - song.gapSec && positionSec < song.startSec + song.lengthSec)
      found = song;
  }
  return found;
}
