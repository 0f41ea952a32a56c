import {
  CD_DEFAULT_MAX_FRAMES,
  CD_LEAD_PREGAP_FRAMES,
  CD_MAX_TRACKS,
  CD_MIN_TRACK_FRAMES,
  CD_SAMPLE_RATE,
  CD_WARN_FRAMES,
  type CdText,
  formatMsf,
  parseEan,
  parseIsrc,
  type Session,
  TapeopError,
} from '@tapeop/core';
import { CREDIT_FIELDS, nonLatin1Characters } from './cd-text.js';
import {
  buildTimeline,
  type Timeline,
  type TimelineOptions,
  type TimelineSong,
} from './timeline.js';

export type RedBookRule =
  | 'track-count'
  | 'track-length'
  | 'lead-pregap'
  | 'pause-length'
  | 'total-length'
  | 'isrc-format'
  | 'isrc-unique'
  | 'isrc-missing'
  | 'upc'
  | 'cd-text-album'
  | 'cd-text-charset'
  | 'track-order'
  | 'index-marks'
  | 'sample-rate';

/** One thing that keeps the sequence from being a proper CD, in one plain sentence. */
export interface RedBookProblem {
  rule: RedBookRule;
  severity: 'error' | 'warning';
  message: string;
  songId?: string;
  trackNumber?: number;
  /** Absolute CD time the problem is at (MM:SS:FF from the programme start), where it has one. */
  msf?: string;
  frames?: number;
  /** Where to fix it in the session, as a JSON pointer. */
  pointer?: string;
}

export interface RedBookOptions extends Omit<TimelineOptions, 'cd'> {
  /** A CD timeline already built from this session (built here otherwise). */
  timeline?: Timeline;
  /**
   * The longest programme accepted, in CD frames. Default: the CD delivery target's
   * `maxLengthFrames`, else 79:57:74 (the capacity of an 80-minute CD-R).
   */
  maxLengthFrames?: number;
}

/**
 * Checks a session's sequence against the Red Book and against what REAPER's DDP render
 * requires, on its CD timeline. Errors keep a plant from accepting the master; warnings are
 * worth a look. Problems come album first, then track by track.
 */
export function validateRedBook(session: Session, options: RedBookOptions = {}): RedBookProblem[] {
  const timeline = options.timeline ?? buildTimeline(session, { ...options, cd: true });
  if (!timeline.cd) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'The timeline given to the Red Book check was not laid out for CD',
      { hint: 'Build it with buildTimeline(session, { cd: true }), or pass no timeline.' },
    );
  }
  const cdTargetIndex = (session.deliveryTargets ?? []).findIndex((t) => t.kind === 'cd');
  const cdTarget = session.deliveryTargets?.[cdTargetIndex];
  const maxLengthFrames =
    options.maxLengthFrames ?? cdTarget?.maxLengthFrames ?? CD_DEFAULT_MAX_FRAMES;

  const problems: RedBookProblem[] = [];
  const add = (problem: RedBookProblem) => problems.push(problem);
  const songs = timeline.songs;

  // Format
  if (session.sampleRate !== CD_SAMPLE_RATE) {
    add({
      rule: 'sample-rate',
      severity: 'warning',
      message: `The session runs at ${khz(session.sampleRate)}; the CD master must be sample-rate converted to 44.1 kHz and dithered to 16 bits.`,
      pointer: '/sampleRate',
    });
  }
  if (cdTarget) {
    const rate = cdTarget.sampleRate ?? CD_SAMPLE_RATE;
    const bits = cdTarget.bitDepth ?? 16;
    if (rate !== CD_SAMPLE_RATE || bits !== 16) {
      add({
        rule: 'sample-rate',
        severity: 'error',
        message: `The CD delivery target asks for ${khz(rate)}, ${bits}-bit, but a CD is 44.1 kHz, 16-bit stereo.`,
        pointer: `/deliveryTargets/${cdTargetIndex}`,
      });
    }
  }

  // Tracks and length
  if (songs.length === 0) {
    add({
      rule: 'track-count',
      severity: 'error',
      message: 'The sequence has no songs; a CD needs at least one track.',
      pointer: '/sequence/entries',
    });
  } else if (songs.length > CD_MAX_TRACKS) {
    add({
      rule: 'track-count',
      severity: 'error',
      message: `The sequence has ${songs.length} songs, but a CD holds at most ${CD_MAX_TRACKS} tracks, so songs ${CD_MAX_TRACKS + 1} to ${songs.length} cannot be written.`,
      pointer: '/sequence/entries',
    });
  }
  const total = timeline.leadOutFrames;
  if (total > maxLengthFrames) {
    add({
      rule: 'total-length',
      severity: 'error',
      message: `The album lasts ${formatMsf(total)}, longer than the ${formatMsf(maxLengthFrames)} the disc may hold; shorten the sequence or check the plant's limit.`,
      msf: formatMsf(total),
      frames: total,
    });
  } else if (total > CD_WARN_FRAMES) {
    add({
      rule: 'total-length',
      severity: 'warning',
      message: `The album lasts ${formatMsf(total)}, longer than the 74 minutes of the original Red Book; most plants accept up to about 79:57, but confirm with yours.`,
      msf: formatMsf(total),
      frames: total,
    });
  }

  // Codes
  const upc = timeline.album.upc;
  if (upc !== undefined) {
    const parsed = parseEan(upc);
    if (!parsed.ok || parsed.ean !== upc) {
      add({
        rule: 'upc',
        severity: 'error',
        message: `The album's UPC/EAN "${upc}" ${parsed.ok ? 'is not written as 13 digits' : parsed.reason}.`,
        pointer: '/album/upc',
      });
    }
  }
  checkCdTextCredits(timeline, add);
  checkCdTextCharacters(timeline, add);

  const isrcOwner = new Map<string, TimelineSong>();
  const withIsrc = songs.filter((s) => s.isrc !== undefined).length;
  songs.forEach((song, i) => {
    const at = `/sequence/entries/${song.entryIndex}`;
    const track = trackLabel(song);
    const about = { songId: song.songId, trackNumber: song.trackNumber };
    const startMsf = msfOf(song.trackStartFrames);

    if (i === 0 && song.trackStartFrames < CD_LEAD_PREGAP_FRAMES) {
      add({
        rule: 'lead-pregap',
        severity: 'error',
        message: `${track} starts at ${startMsf.msf}; on a CD the first track starts at 00:02:00 or later (the 2-second lead pregap).`,
        ...about,
        ...startMsf,
        pointer: `${at}/gapSec`,
      });
    } else if (song.indexes[0]?.number === 0 && song.pregapFrames < 1) {
      add({
        rule: 'pause-length',
        severity: 'error',
        message: `${track} has a pause shorter than one CD frame, so its index 0 and index 1 both fall at ${startMsf.msf}; make the gap 0 or at least 1/75 s.`,
        ...about,
        ...startMsf,
        pointer: `${at}/gapSec`,
      });
    }

    const previous = songs[i - 1];
    const next = songs[i + 1];
    if (previous && song.trackStartFrames <= previous.trackStartFrames) {
      const crossfadeSec = song.crossfadeSamples / timeline.sampleRate;
      add({
        rule: 'track-order',
        severity: 'error',
        message: `${track} would start at ${startMsf.msf}, ${song.trackStartFrames === previous.trackStartFrames ? 'together with' : 'before'} ${trackLabel(previous, false)} (${msfOf(previous.trackStartFrames).msf}): its ${round(crossfadeSec)} s crossfade is longer than the song before it.`,
        ...about,
        ...startMsf,
        pointer: `${at}/crossfadeSec`,
      });
    }
    const nextInOrder = !next || next.trackStartFrames > song.trackStartFrames;
    if (nextInOrder && song.trackLengthFrames < CD_MIN_TRACK_FRAMES) {
      add({
        rule: 'track-length',
        severity: 'error',
        message: `${track} lasts ${formatMsf(Math.max(0, song.trackLengthFrames))} from its start to ${next ? 'the next track' : 'the end of the album'}; a CD track lasts at least 4 seconds (00:04:00).`,
        ...about,
        ...startMsf,
        pointer: at,
      });
    }

    const trackEnd = song.trackStartFrames + song.trackLengthFrames;
    let before = { number: 1, frames: song.trackStartFrames };
    song.indexes.forEach((index, j) => {
      if (index.number < 2) return;
      const where = msfOf(index.frames);
      const mark = `Index ${index.number} of ${trackLabel(song, false)}`;
      const pointer = `${at}/indexMarks/${j - song.indexes.findIndex((x) => x.number === 1) - 1}`;
      if (index.number !== before.number + 1) {
        // CDRWIN: indexes after the first run on one by one; a DDP's PQ code lists them so too.
        add({
          rule: 'index-marks',
          severity: 'error',
          message: `${mark} follows index ${before.number}; index marks are numbered 2, 3, 4 ... in order, without gaps (CUE sheets and the PQ code need that).`,
          ...about,
          ...where,
          pointer: `${pointer}/number`,
        });
      }
      if (index.frames <= before.frames) {
        add({
          rule: 'index-marks',
          severity: 'error',
          message: `${mark} at ${where.msf} is not after index ${before.number} (${msfOf(before.frames).msf}); each index comes at least one frame after the one before.`,
          ...about,
          ...where,
          pointer,
        });
      } else if (index.frames >= trackEnd) {
        add({
          rule: 'index-marks',
          severity: 'error',
          message: `${mark} at ${where.msf} lies after the track ends (${msfOf(trackEnd).msf}); index marks go inside their track.`,
          ...about,
          ...where,
          pointer,
        });
      }
      before = { number: index.number, frames: index.frames };
    });

    if (song.isrc !== undefined) {
      const parsed = parseIsrc(song.isrc);
      if (!parsed.ok || parsed.isrc !== song.isrc) {
        add({
          rule: 'isrc-format',
          severity: 'error',
          message: `${track} has the ISRC "${song.isrc}", which ${parsed.ok ? `should be written as ${parsed.isrc}` : `is not valid: ${parsed.reason.replace(/^has /, 'it has ')}`}.`,
          ...about,
          pointer: `/songs/${songIndex(session, song.songId)}/isrc`,
        });
      } else {
        const owner = isrcOwner.get(parsed.isrc);
        if (owner) {
          add({
            rule: 'isrc-unique',
            severity: 'error',
            message: `${track} has the same ISRC as ${trackLabel(owner, false)}, ${parsed.isrc}; every recording on a CD has its own ISRC.`,
            ...about,
            pointer: `/songs/${songIndex(session, song.songId)}/isrc`,
          });
        } else {
          isrcOwner.set(parsed.isrc, song);
        }
      }
    } else if (withIsrc > 0) {
      add({
        rule: 'isrc-missing',
        severity: 'warning',
        message: `${track} has no ISRC while ${withIsrc === 1 ? 'another track has one' : `${withIsrc} other tracks have one`}.`,
        ...about,
        pointer: `/songs/${songIndex(session, song.songId)}`,
      });
    }
  });

  return problems
    .map((problem, order) => ({ problem, order }))
    .sort(
      (a, b) => (a.problem.trackNumber ?? 0) - (b.problem.trackNumber ?? 0) || a.order - b.order,
    )
    .map(({ problem }) => problem);
}

const CREDIT_POINTER: Record<(typeof CREDIT_FIELDS)[number], string> = {
  performer: '/album/artist',
  songwriter: '/album/cdText/songwriter',
  composer: '/album/cdText/composer',
  arranger: '/album/cdText/arranger',
};

/** REAPER writes a track's credit only when the album marker carries that credit too. */
function checkCdTextCredits(timeline: Timeline, add: (problem: RedBookProblem) => void): void {
  for (const field of CREDIT_FIELDS) {
    if (timeline.album.cdText[field]) continue;
    const tracks = timeline.songs.filter((song) => song.cdText[field]);
    if (tracks.length === 0) continue;
    const numbers = listOf(tracks.map((s) => String(s.trackNumber)));
    add({
      rule: 'cd-text-album',
      severity: 'error',
      message: `${tracks.length === 1 ? 'Track' : 'Tracks'} ${numbers} ${tracks.length === 1 ? 'has a' : 'have a'} ${field} in the CD-Text but the album has none, and REAPER writes track ${field}s only when the album has one too: set the album's ${field} (e.g. "Various").`,
      pointer: CREDIT_POINTER[field],
    });
  }
}

function checkCdTextCharacters(timeline: Timeline, add: (problem: RedBookProblem) => void): void {
  const check = (text: CdText, owner: string, about: Partial<RedBookProblem>) => {
    for (const [field, value] of Object.entries(text)) {
      if (typeof value !== 'string' || field === 'language') continue;
      const bad = nonLatin1Characters(value);
      if (bad.length === 0) continue;
      add({
        rule: 'cd-text-charset',
        severity: 'warning',
        message: `${owner} CD-Text ${field} "${value}" has characters CD-Text cannot carry (${bad.join(' ')}), because CD-Text is Latin-1; type plain ones (' for ’, - for –) or expect them replaced on the disc.`,
        ...about,
      });
    }
  };
  check(timeline.album.cdText, "The album's", {});
  for (const song of timeline.songs) {
    check(song.cdText, `${trackLabel(song)}:`, {
      songId: song.songId,
      trackNumber: song.trackNumber,
    });
  }
}

function trackLabel(song: TimelineSong, capital = true): string {
  return `${capital ? 'Track' : 'track'} ${song.trackNumber} ("${song.title}")`;
}

function msfOf(frames: number): { msf: string; frames: number } {
  return { msf: formatMsf(Math.max(0, frames)), frames };
}

function khz(rate: number): string {
  return `${rate / 1000} kHz`;
}

function round(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function songIndex(session: Session, songId: string): number {
  return session.songs.findIndex((song) => song.id === songId);
}
