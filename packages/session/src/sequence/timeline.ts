import {
  CD_FRAMES_PER_SECOND,
  CD_LEAD_PREGAP_FRAMES,
  CD_SAMPLE_RATE,
  type CdFlags,
  type CdText,
  cdFramesToSamples,
  type MixSource,
  type Session,
  type Song,
  samplesToCdFrames,
  secondsToSamples,
  snapToCdFrame,
  TapeopError,
} from '@tapeop/core';
import { albumCdText, trackCdText } from './cd-text.js';
import { playedRegion } from './played-region.js';

/**
 * The album laid out in time, derived from a session (never stored).
 *
 * Time origin: sample 0 (CD frame 0, `00:00:00`) is the start of the programme. On a CD that is
 * track 1's index 0, the first sample of IMAGE.DAT, so `frames` values are the absolute CD times
 * a PQ sheet and a DDP show. Every position is in samples at the session rate.
 */
export interface Timeline {
  /** The session rate every sample position is counted at. */
  sampleRate: number;
  /** Laid out for a CD: 2-second lead pregap, track starts on CD frames. */
  cd: boolean;
  /** Samples per CD frame (1/75 s) at the session rate: 588 at 44.1 kHz, 640 at 48 kHz; fractional at 32 kHz. */
  samplesPerFrame: number;
  /** The songs in play order. */
  songs: TimelineSong[];
  /** One past the last sample of audio (the latest end of any song). */
  endSamples: number;
  /** The lead-out: the album end rounded up to a whole CD frame (audio is padded with silence to it). */
  leadOutFrames: number;
  /** The lead-out in samples (a frame boundary on a CD timeline; `endSamples` otherwise). */
  leadOutSamples: number;
  album: TimelineAlbum;
  /** Plain sentences about choices the layout made (lead pregap added, snapping in time, ...). */
  notes: string[];
}

export interface TimelineAlbum {
  title: string;
  /** UPC/EAN (13 digits), the disc's media catalogue number. */
  upc?: string;
  /** The disc's CD-Text: title, performer (the album artist), credits, message, genre, language. */
  cdText: CdText;
}

export interface TimelineSong {
  songId: string;
  title: string;
  /** Position in the sequence from 1: the CD track number. */
  trackNumber: number;
  /** Index of the song's entry in `session.sequence.entries`. */
  entryIndex: number;
  /** Where the song's first played sample (after the head trim) lands. */
  startSamples: number;
  /** One past the song's last played sample. */
  endSamples: number;
  /** How long the song plays: the mix minus both trims, at the session rate. */
  lengthSamples: number;
  /** Silence between the previous song's end (or the programme start) and this song. */
  gapSamples: number;
  /** Overlap with the previous song. */
  crossfadeSamples: number;
  /** The part of the mix file that plays. */
  source: PlayedRegion;
  /** Index 1: where the CD track starts. On a CD timeline a frame boundary, within half a frame of `startSamples`. */
  trackStartSamples: number;
  /** Index 1 in absolute CD frames. */
  trackStartFrames: number;
  /** Pause before the track (index 0 to index 1) in CD frames; 0 when the track has no index 0. */
  pregapFrames: number;
  /** The CD track's length: its index 1 to the next track's first index (0 or 1), or to the lead-out. */
  trackLengthFrames: number;
  /** Every CD index of the track in ascending order: 0 (when there is a pause), 1, then 2-99. */
  indexes: CdIndex[];
  isrc?: string;
  /** The track's CD-Text (the performer falls back to the album artist). */
  cdText: CdText;
  cdFlags: CdFlags;
}

export interface PlayedRegion {
  /** The mix file, relative to the session folder, as the session stores it. */
  path: string;
  /** The file's own sample rate. */
  sampleRate: number;
  /** First played sample in the file (the head trim), at the file's rate. */
  startSamples: number;
  /** One past the last played sample in the file (length minus the tail trim), at the file's rate. */
  endSamples: number;
  /** The head trim at the session rate: where a DAW item starts reading the file. */
  offsetSamples: number;
}

export interface CdIndex {
  /** 0 is the pause before the track, 1 the track start, 2-99 marks inside the track. */
  number: number;
  /** Position on the timeline in samples. */
  samples: number;
  /** Position in absolute CD frames; `formatMsf(frames)` is its CD time. */
  frames: number;
  /** What an index mark marks (index 2 and up). */
  name?: string;
}

export interface TimelineOptions {
  /**
   * Lay the album out for a CD. Default: when the session has a CD delivery target, or no
   * delivery targets at all (sequencing for CD is the usual job; a session opts out by listing
   * only other targets).
   */
  cd?: boolean;
  /**
   * On a CD timeline, `'enforce'` (default) starts the first song at 2 s or later even when its
   * gap is shorter (a note says so); `'as-given'` takes the first gap literally, to check a
   * layout read back from a DAW (the Red Book check then reports a short lead pregap).
   */
  leadPregap?: 'enforce' | 'as-given';
}

/**
 * Derives absolute positions for every sequenced song.
 *
 * Rules (documented in the package README, "Sequencing and CD markers"):
 * - Seconds become samples at the session rate, nearest sample; trims convert from the mix's rate
 *   to the session rate at both ends of the played region, nearest sample.
 * - The first song starts `gapSec` after the programme start; on a CD at 2 s or later.
 * - Every other song starts `gapSec` after the previous song's last sample, or `crossfadeSec`
 *   before it.
 * - On a CD, a song that follows a pause starts on the nearest frame boundary (it moves by at most
 *   half a frame, inside the silence; the next boundary when the nearest would overlap the
 *   previous song), so index 1 is its first sample. A song that follows without a pause (gap 0
 *   or crossfade) keeps its exact position, so continuous audio stays continuous; its index 1 is
 *   the nearest frame boundary.
 * - Index 0 (the pause) is the previous song's end on the nearest frame boundary; track 1's index 0
 *   is at 0. Index marks are the song start plus their offset, nearest frame.
 * - The lead-out is the album end rounded up to a whole frame, so no sample is cut.
 * - At session rates other than 44.1 kHz the frames are 1/75 s in time (640 samples at 48 kHz).
 */
export function buildTimeline(session: Session, options: TimelineOptions = {}): Timeline {
  const rate = session.sampleRate;
  const cd = options.cd ?? sessionIsForCd(session);
  const enforceLeadPregap = cd && (options.leadPregap ?? 'enforce') === 'enforce';
  const samplesPerFrame = rate / CD_FRAMES_PER_SECOND;
  const notes: string[] = [];
  const entries = session.sequence.entries;
  const songsById = indexSongs(session.songs);
  checkSequence(session, songsById);

  const songs: TimelineSong[] = [];
  let previousEnd = 0;
  let albumEnd = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const song = songsById.get(entry.songId)!;
    const { source, lengthSamples } = playedRegion(song as Song & { source: MixSource }, rate);
    const gap = secondsToSamples(entry.gapSec, rate);
    const crossfade = i === 0 ? 0 : secondsToSamples(entry.crossfadeSec ?? 0, rate);

    let start: number;
    let paused: boolean;
    if (i === 0) {
      start = gap;
      if (enforceLeadPregap && start < cdFramesToSamples(CD_LEAD_PREGAP_FRAMES, rate)) {
        start = cdFramesToSamples(CD_LEAD_PREGAP_FRAMES, rate);
        notes.push(
          `The first song's gap of ${entry.gapSec} s is shorter than the 2-second lead pregap a CD needs, so "${song.title}" starts at 2 s.`,
        );
      }
      if (cd) start = snapToCdFrame(start, rate);
      paused = cd || start > 0;
    } else if (crossfade > 0) {
      start = previousEnd - crossfade;
      paused = false;
    } else if (gap > 0) {
      start = previousEnd + gap;
      if (cd) {
        start = snapToCdFrame(start, rate);
        if (start < previousEnd) start = snapToCdFrame(previousEnd, rate, 'ceil');
      }
      paused = true;
    } else {
      start = previousEnd;
      paused = false;
    }
    if (start < 0) {
      notes.push(
        `"${song.title}" would start before the programme starts (its crossfade is longer than everything before it), so it starts at 0.`,
      );
      start = 0;
    }

    const trackStartFrames = samplesToCdFrames(start, rate);
    const trackStartSamples = cd ? cdFramesToSamples(trackStartFrames, rate) : start;
    const indexes: CdIndex[] = [];
    if (paused) {
      const pauseStart = i === 0 ? 0 : previousEnd;
      const frames = samplesToCdFrames(pauseStart, rate);
      indexes.push({
        number: 0,
        samples: cd ? cdFramesToSamples(frames, rate) : pauseStart,
        frames,
      });
    }
    indexes.push({ number: 1, samples: trackStartSamples, frames: trackStartFrames });
    for (const mark of entry.indexMarks ?? []) {
      const at = start + secondsToSamples(mark.offsetSec, rate);
      const frames = samplesToCdFrames(at, rate);
      indexes.push({
        number: mark.number,
        samples: cd ? cdFramesToSamples(frames, rate) : at,
        frames,
        ...(mark.name === undefined ? {} : { name: mark.name }),
      });
    }

    const end = start + lengthSamples;
    const timelineSong: TimelineSong = {
      songId: song.id,
      title: song.title,
      trackNumber: i + 1,
      entryIndex: i,
      startSamples: start,
      endSamples: end,
      lengthSamples,
      gapSamples: Math.max(0, start - previousEnd),
      crossfadeSamples: Math.max(0, previousEnd - start),
      source,
      trackStartSamples,
      trackStartFrames,
      pregapFrames: paused ? trackStartFrames - indexes[0]!.frames : 0,
      trackLengthFrames: 0,
      indexes,
      cdText: trackCdText(song, session.album),
      cdFlags: entry.cdFlags ?? {},
    };
    if (song.isrc !== undefined) timelineSong.isrc = song.isrc;
    songs.push(timelineSong);
    previousEnd = end;
    if (end > albumEnd) albumEnd = end;
  }

  const leadOutFrames = samplesToCdFrames(albumEnd, rate, 'ceil');
  for (let i = 0; i < songs.length; i++) {
    const song = songs[i]!;
    const next = songs[i + 1];
    const nextFrames = next ? next.indexes[0]!.frames : leadOutFrames;
    song.trackLengthFrames = nextFrames - song.trackStartFrames;
  }

  if (cd && rate !== CD_SAMPLE_RATE) {
    const perFrame = Number.isInteger(samplesPerFrame)
      ? `${samplesPerFrame} samples`
      : `${samplesPerFrame.toFixed(2)} samples, so frame positions are rounded to the nearest sample`;
    notes.push(
      `The session runs at ${rate} Hz, so CD frames are counted in time (1/75 s = ${perFrame}); the CD master is converted to 44.1 kHz, where every index falls on the same frame.`,
    );
  }
  if (!cd) {
    notes.push(
      'Not laid out for CD: no 2-second lead pregap and no frame snapping; CD frames are shown rounded to the nearest frame.',
    );
  }

  const album: TimelineAlbum = { title: session.album.title, cdText: albumCdText(session.album) };
  if (session.album.upc !== undefined) album.upc = session.album.upc;
  return {
    sampleRate: rate,
    cd,
    samplesPerFrame,
    songs,
    endSamples: albumEnd,
    leadOutFrames,
    leadOutSamples: cd ? cdFramesToSamples(leadOutFrames, rate) : albumEnd,
    album,
    notes,
  };
}

/** A CD timeline unless the session lists delivery targets and none of them is a CD. */
export function sessionIsForCd(session: Session): boolean {
  const targets = session.deliveryTargets ?? [];
  return targets.length === 0 || targets.some((target) => target.kind === 'cd');
}

function indexSongs(songs: Song[]): Map<string, Song> {
  const byId = new Map<string, Song>();
  for (const song of songs) if (!byId.has(song.id)) byId.set(song.id, song);
  return byId;
}

/** Everything that would make positions meaningless, reported together in one error. */
function checkSequence(session: Session, songsById: Map<string, Song>): void {
  const problems: Array<{ pointer: string; message: string }> = [];
  session.sequence.entries.forEach((entry, i) => {
    const at = `/sequence/entries/${i}`;
    const song = songsById.get(entry.songId);
    if (!song) {
      problems.push({
        pointer: `${at}/songId`,
        message: `"${entry.songId}" is not the id of any song in the session`,
      });
      return;
    }
    if (!song.source) {
      problems.push({
        pointer: at,
        message: `"${song.title}" has no mix yet, so its length is unknown`,
      });
      return;
    }
    const trimmed = (song.trim?.headSamples ?? 0) + (song.trim?.tailSamples ?? 0);
    if (trimmed >= song.source.frames) {
      problems.push({
        pointer: at,
        message: `"${song.title}": the head and tail trims (${trimmed} samples) remove the whole mix (${song.source.frames} samples)`,
      });
    }
    for (const [field, value] of [
      ['gapSec', entry.gapSec],
      ['crossfadeSec', entry.crossfadeSec ?? 0],
    ] as const) {
      if (!Number.isFinite(value) || value < 0) {
        problems.push({
          pointer: `${at}/${field}`,
          message: `${value} is not a number of seconds of 0 or more`,
        });
      }
    }
  });
  if (problems.length === 0) return;
  const lines = problems.map((p) => `${p.pointer}: ${p.message}`);
  throw new TapeopError(
    'INVALID_ARGUMENT',
    `The sequence cannot be laid out in time: ${lines.join('; ')}`,
    {
      details: { problems },
      hint: 'Scan the missing mixes or fix the sequence entries named above, then try again.',
    },
  );
}
