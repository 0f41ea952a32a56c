import { CD_BYTES_PER_FRAME, type Session } from '@tapeop/core';
import type { DdpFileset } from '../ddp/read-ddp.js';
import { sliceSegments } from '../io/pcm-segments.js';
import { type MasterAudio, programmeAudio } from '../session/master-audio.js';
import { type PrepareDiscOptions, prepareDisc } from '../session/prepare-disc.js';
import {
  type TrackMaster,
  type TrackMastersOptions,
  writeTrackMasters,
} from '../split/write-track-masters.js';

export interface SplitMastersOptions extends PrepareDiscOptions, TrackMastersOptions {}

export interface SplitMastersResult {
  files: TrackMaster[];
  warnings: string[];
}

/**
 * Per-song masters: the album master (or a DDP's image) cut at the CD track boundaries, one
 * 16-bit/44.1 kHz WAV per track named `NN - Title.wav`, with title, performer, album, track
 * number, ISRC and release date in LIST/INFO and id3 chunks. By default each file runs from
 * its track's index 1 to the next track's index 1, so played back to back they are the album,
 * gaps included (see GapPlacement for the other choices).
 */
export async function splitMasters(
  session: Session,
  master: MasterAudio | DdpFileset,
  outDir: string,
  options: SplitMastersOptions = {},
): Promise<SplitMastersResult> {
  const date = options.date ?? session.album.releaseDate;
  const trackOptions = { ...options, ...(date ? { date } : {}) };
  if ('pqEntries' in master) {
    const files = await writeTrackMasters(
      master.layout,
      (start, end) => master.audioSegments(start, end),
      outDir,
      trackOptions,
    );
    return { files, warnings: [] };
  }
  const { timeline, layout, warnings } = prepareDisc(session, options);
  const audio = await programmeAudio(timeline, master);
  const files = await writeTrackMasters(
    layout,
    (start, end) =>
      sliceSegments(audio.segments, start * CD_BYTES_PER_FRAME, end * CD_BYTES_PER_FRAME),
    outDir,
    trackOptions,
  );
  return { files, warnings: [...warnings, ...audio.notes] };
}
