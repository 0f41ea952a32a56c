import { describe, expect, it } from 'vitest';
import type { SequenceSong } from '../hub/hub-types.js';
import { songAt } from './song-at.js';

const song = (
  songId: string,
  startSec: number,
  lengthSec: number,
  gapSec: number,
  crossfadeSec = 0,
): SequenceSong => ({
  trackNumber: 0,
  songId,
  title: songId,
  startSec,
  lengthSec,
  gapSec,
  crossfadeSec,
  trackStart: '',
  trackStartFrames: 0,
  pregapFrames: 0,
  trackLength: '',
  trackLengthFrames: 0,
  indexes: [],
});

// a: 2 s lead-in, 2-32; b: gap 2.5 s, 34.5-74.5; c: crossfades 3 s into b, 71.5-101.5.
const songs = [song('a', 2, 30, 2), song('b', 34.5, 40, 2.5), song('c', 71.5, 30, 0, 3)];

describe('songAt', () => {
  it('finds the song playing at a position', () => {
    expect(songAt(songs, 10)?.songId).toBe('a');
    expect(songAt(songs, 50)?.songId).toBe('b');
    expect(songAt(songs, 100)?.songId).toBe('c');
  });

  it('gives a pause to the song it comes before, and the lead-in to the first song', () => {
    expect(songAt(songs, 0)?.songId).toBe('a');
    expect(songAt(songs, 33)?.songId).toBe('b');
  });

  it('gives a crossfade to the song that fades in', () => {
    expect(songAt(songs, 73)?.songId).toBe('c');
  });

  it('finds nothing after the last song or in an empty album', () => {
    expect(songAt(songs, 101.5)).toBeUndefined();
    expect(songAt([], 5)).toBeUndefined();
  });
});
