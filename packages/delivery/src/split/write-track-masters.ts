import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CD_BYTES_PER_FRAME, TapeopError } from '@tapeop/core';
import type { DiscLayout } from '../disc/disc-layout.js';
import type { PcmSegment } from '../io/pcm-segments.js';
import { type CdWavResult, writeCdWav } from '../wav/write-wav.js';
import { type GapPlacement, trackCuts, trackFileName } from './track-cuts.js';

export interface TrackMastersOptions {
  gaps?: GapPlacement;
  /** Replace per-song files already in `outDir` (otherwise they are refused before anything is written). */
  overwrite?: boolean;
  /** Release date for the files' tags (YYYY-MM-DD). */
  date?: string;
  fsync?: boolean;
  signal?: AbortSignal;
  onProgress?: (track: number, bytesDone: number, bytesTotal: number) => void;
}

export interface TrackMaster extends CdWavResult {
  track: number;
  startFrame: number;
  endFrame: number;
}

/**
 * One WAV per track, cut from the disc's audio at the track boundaries (frame-exact), with
 * title, performer, album, track number, ISRC and date in LIST/INFO and id3 chunks.
 * `audio(start, end)` gives the disc's audio between two absolute frames.
 */
export async function writeTrackMasters(
  layout: DiscLayout,
  audio: (startFrame: number, endFrame: number) => PcmSegment[],
  outDir: string,
  options: TrackMastersOptions = {},
): Promise<TrackMaster[]> {
  const cuts = trackCuts(layout, options.gaps);
  if (!options.overwrite) {
    const existing = [];
    for (const cut of cuts) {
      const path = join(outDir, trackFileName(cut.track));
      if (
        await stat(path).then(
          () => true,
          () => false,
        )
      )
        existing.push(path);
    }
    if (existing.length > 0) {
      throw new TapeopError(
        'CONFLICT',
        `${existing.length === 1 ? 'A per-song master is' : `${existing.length} per-song masters are`} already there (${existing.join(', ')}); nothing was written`,
        {
          details: { files: existing },
          hint: 'Choose another folder, or pass overwrite: true to replace them.',
        },
      );
    }
  }
  const results: TrackMaster[] = [];
  for (const cut of cuts) {
    const { track } = cut;
    const segments = audio(cut.startFrame, cut.endFrame);
    const expected = (cut.endFrame - cut.startFrame) * CD_BYTES_PER_FRAME;
    const have = segments.reduce((sum, s) => sum + s.bytes, 0);
    if (have < expected) segments.push({ kind: 'silence', bytes: expected - have });
    const performer = track.text.performer ?? layout.text.performer;
    const result = await writeCdWav(join(outDir, trackFileName(track)), segments, {
      tags: {
        ...(track.text.title ? { title: track.text.title } : {}),
        ...(performer ? { artist: performer } : {}),
        ...(layout.text.title ? { album: layout.text.title } : {}),
        track: track.number,
        trackCount: layout.tracks.length,
        ...(track.isrc ? { isrc: track.isrc } : {}),
        ...(options.date ? { date: options.date } : {}),
        software: 'tapeop',
      },
      ...(options.fsync === undefined ? {} : { fsync: options.fsync }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress
        ? {
            onProgress: (done: number, total: number) =>
              options.onProgress?.(track.number, done, total),
          }
        : {}),
    });
    results.push({
      ...result,
      track: track.number,
      startFrame: cut.startFrame,
      endFrame: cut.endFrame,
    });
  }
  return results;
}

/** Per-track WAVs from a DDP (as read by readDdp), cut at its PQ track boundaries. */
export function extractDdpTracks(
  ddp: { layout: DiscLayout; audioSegments(startFrame: number, endFrame: number): PcmSegment[] },
  outDir: string,
  options: TrackMastersOptions = {},
): Promise<TrackMaster[]> {
  return writeTrackMasters(
    ddp.layout,
    (start, end) => ddp.audioSegments(start, end),
    outDir,
    options,
  );
}
