import type { DawItem, DawTrack, Fade, LoadPlan } from '@tapeop/core';
import type { BridgeItem, BridgeTrack } from './bridge-types.js';

/**
 * REAPER's item fade shapes (C_FADEINSHAPE/C_FADEOUTSHAPE 0..6: linear, fast start, fast end,
 * fast start steep, fast end steep, slow start/end, slow start/end steep) for tapeop's curves.
 * REAPER mirrors a fade-out's shape, so equal shapes on both sides make an equal-power
 * crossfade. The match of curve to number is verified only against the simulator.
 */
export const reaperFadeShapes: Record<Fade['shape'], number> = {
  linear: 0,
  'equal-power': 1,
  exponential: 2,
  logarithmic: 3,
  's-curve': 5,
};

/** The bridge's loadSongs arguments for a plan: every position in seconds. */
export function loadSongsArgs(plan: LoadPlan): Record<string, unknown> {
  const rate = plan.sampleRate;
  const fade = (f: Fade | undefined) =>
    f && f.lengthSec > 0
      ? { length: f.lengthSec, shape: reaperFadeShapes[f.shape] ?? 0 }
      : undefined;
  const names = new Set(plan.songs.map((s) => s.trackName));
  return {
    layout: plan.layout,
    ...(plan.layout === 'single-track'
      ? { albumTrackName: names.size === 1 ? [...names][0] : 'Album' }
      : {}),
    songs: plan.songs.map((s) => {
      const fadeIn = fade(s.fadeIn);
      const fadeOut = fade(s.fadeOut);
      return {
        songId: s.songId,
        title: s.title,
        trackName: s.trackName,
        file: s.filePath,
        position: s.positionSamples / rate,
        length: s.lengthSamples / rate,
        offset: s.sourceOffsetSamples / rate,
        ...(s.gainDb !== undefined && s.gainDb !== 0 ? { gain: s.gainDb } : {}),
        ...(fadeIn ? { fadeIn } : {}),
        ...(fadeOut ? { fadeOut } : {}),
      };
    }),
  };
}

export function dawItem(item: BridgeItem, sampleRate: number): DawItem {
  return {
    ...(item.name !== undefined ? { name: item.name } : {}),
    ...(item.file !== undefined ? { sourcePath: item.file } : {}),
    positionSamples: Math.round(item.position * sampleRate),
    lengthSamples: Math.round(item.length * sampleRate),
    sourceOffsetSamples: Math.round(item.offset * sampleRate),
    sampleRate,
  };
}

export function dawTrack(track: BridgeTrack, sampleRate: number): DawTrack {
  return {
    guid: track.guid,
    name: track.name,
    index: track.index,
    ...(track.songId ? { songId: track.songId } : {}),
    items: (track.items ?? []).map((i) => dawItem(i, sampleRate)),
  };
}
