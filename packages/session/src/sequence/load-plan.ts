import { isAbsolute, join, normalize, resolve } from 'node:path';
import {
  checkSessionPath,
  type Fade,
  type LoadPlan,
  type LoadPlanSong,
  type Session,
  TapeopError,
} from '@tapeop/core';
import { buildTimeline, type Timeline, type TimelineOptions } from './timeline.js';

export interface LoadPlanOptions extends TimelineOptions {
  /** One DAW track per song (default, the usual mastering layout) or every song on one track. */
  layout?: LoadPlan['layout'];
  /** The session's timeline, when the caller has built it already. */
  timeline?: Timeline;
}

/** The curve a DAW gives a crossfade when nobody chose one: constant power through the overlap. */
const CROSSFADE_SHAPE: Fade['shape'] = 'equal-power';

/**
 * What a DAW needs to place the album: for every sequenced song the absolute path of its mix,
 * where it goes on the timeline, the head trim and length at the session rate, its fades and its
 * gain. Where two songs overlap (a crossfade) and a song has no fade of its own on that side,
 * it gets an equal-power fade as long as the overlap, so the crossfade sounds like one.
 * Mix paths stay inside the session folder unless the session allows external media.
 */
export function planLoad(
  session: Session,
  sessionDir: string,
  options: LoadPlanOptions = {},
): LoadPlan {
  const timeline = options.timeline ?? buildTimeline(session, options);
  const root = resolve(sessionDir);
  const songsById = new Map(session.songs.map((song) => [song.id, song]));
  const rate = timeline.sampleRate;
  const outside: Array<{ songId: string; path: string; pointer: string; reason: string }> = [];

  const songs: LoadPlanSong[] = timeline.songs.map((placed, i) => {
    const song = songsById.get(placed.songId)!;
    const path = placed.source.path;
    const verdict = checkSessionPath(path);
    let filePath: string;
    if (verdict.inside) {
      filePath = join(root, ...verdict.normalized.split('/'));
    } else {
      if (!session.allowExternalMedia) {
        outside.push({
          songId: song.id,
          path,
          pointer: `/songs/${session.songs.indexOf(song)}/source/path`,
          reason: verdict.reason,
        });
      }
      filePath = isAbsolute(path) ? normalize(path) : resolve(root, path);
    }
    const next = timeline.songs[i + 1];
    const fadeIn =
      song.fadeIn ??
      (placed.crossfadeSamples > 0
        ? { lengthSec: placed.crossfadeSamples / rate, shape: CROSSFADE_SHAPE }
        : undefined);
    const fadeOut =
      song.fadeOut ??
      (next && next.crossfadeSamples > 0
        ? { lengthSec: next.crossfadeSamples / rate, shape: CROSSFADE_SHAPE }
        : undefined);
    const planned: LoadPlanSong = {
      songId: song.id,
      title: song.title,
      trackName: `${String(placed.trackNumber).padStart(2, '0')} ${song.title}`,
      filePath,
      positionSamples: placed.startSamples,
      sourceOffsetSamples: placed.source.offsetSamples,
      lengthSamples: placed.lengthSamples,
    };
    if (fadeIn) planned.fadeIn = fadeIn;
    if (fadeOut) planned.fadeOut = fadeOut;
    if (song.gainDb !== undefined) planned.gainDb = song.gainDb;
    return planned;
  });

  if (outside.length > 0) {
    throw new TapeopError(
      'PATH_OUTSIDE_SESSION',
      `${outside.length === 1 ? 'A mix lies' : `${outside.length} mixes lie`} outside the session folder ${root}: ${outside.map((o) => `"${o.path}" (${o.pointer}) ${o.reason}`).join('; ')}`,
      {
        details: { sessionDir: root, paths: outside },
        hint: 'Move the mixes into the session folder (e.g. mixes/) and update their paths, or set "allowExternalMedia": true in session.json if they must stay where they are.',
      },
    );
  }
  return { sampleRate: rate, layout: options.layout ?? 'track-per-song', songs };
}
