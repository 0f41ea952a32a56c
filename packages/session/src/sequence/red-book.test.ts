import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CD_DEFAULT_MAX_FRAMES,
  CD_WARN_FRAMES,
  isTapeopError,
  parseSession,
  type Session,
} from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { type FixtureSong, makeSession } from '../../test/sequence/session-fixture.js';
import { type RedBookProblem, type RedBookRule, validateRedBook } from './red-book.js';
import { buildTimeline } from './timeline.js';

const CD = [{ kind: 'cd' as const, sampleRate: 44_100, bitDepth: 16 as const }];

/** A clean three-song CD album: the passing case every rule starts from. */
function album(songs?: FixtureSong[], options: Parameters<typeof makeSession>[1] = {}): Session {
  return makeSession(
    songs ?? [
      { seconds: 200, isrc: 'QZES52600001' },
      { seconds: 240, isrc: 'QZES52600002' },
      { seconds: 180, isrc: 'QZES52600003' },
    ],
    {
      deliveryTargets: CD,
      album: { title: 'Night Drive', artist: 'The Example Band', upc: '5010017088439' },
      ...options,
    },
  );
}

const only = (problems: RedBookProblem[], rule: RedBookRule) =>
  problems.filter((p) => p.rule === rule);

describe('validateRedBook', () => {
  it('finds nothing wrong with a clean album or with the core example session', () => {
    expect(validateRedBook(album())).toEqual([]);
    const path = fileURLToPath(
      new URL('../../../core/examples/small-album/session.json', import.meta.url),
    );
    const parsed = parseSession(readFileSync(path, 'utf8'));
    if (!parsed.ok) throw new Error('example session is invalid');
    expect(validateRedBook(parsed.value)).toEqual([]);
  });

  describe('track-count: at most 99 tracks, at least one', () => {
    const many = (n: number) =>
      album(Array.from({ length: n }, () => ({ seconds: 10, gapSec: 0.5 })));
    it('passes 99 tracks', () => {
      expect(only(validateRedBook(many(99)), 'track-count')).toEqual([]);
    });
    it('fails 100 tracks', () => {
      expect(only(validateRedBook(many(100)), 'track-count')).toEqual([
        {
          rule: 'track-count',
          severity: 'error',
          message:
            'The sequence has 100 songs, but a CD holds at most 99 tracks, so songs 100 to 100 cannot be written.',
          pointer: '/sequence/entries',
        },
      ]);
    });
    it('fails an empty sequence', () => {
      expect(only(validateRedBook(album([])), 'track-count')[0]!.message).toBe(
        'The sequence has no songs; a CD needs at least one track.',
      );
    });
  });

  describe('track-length: every track lasts 4 s from index 1 to the next track', () => {
    it('passes a track of exactly 4 s to the next pause', () => {
      const session = album([{ seconds: 4 }, { seconds: 60, gapSec: 2 }]);
      const timeline = buildTimeline(session);
      expect(timeline.songs[0]!.trackLengthFrames).toBe(300);
      expect(only(validateRedBook(session), 'track-length')).toEqual([]);
    });
    it('fails a 3.9 s track, counting to the next track, not to the end of its audio', () => {
      const problems = only(
        validateRedBook(album([{ seconds: 60 }, { seconds: 3.9 }, { seconds: 60, gapSec: 0 }])),
        'track-length',
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        severity: 'error',
        trackNumber: 2,
        songId: 'song-2',
        msf: '01:04:00',
        pointer: '/sequence/entries/1',
      });
      expect(problems[0]!.message).toBe(
        'Track 2 ("Song 2") lasts 00:03:68 from its start to the next track; a CD track lasts at least 4 seconds (00:04:00).',
      );
    });
    it('fails a short last track, counting to the end of the album', () => {
      const problems = only(
        validateRedBook(album([{ seconds: 60 }, { seconds: 2 }])),
        'track-length',
      );
      expect(problems[0]!.message).toMatch(
        /Track 2 \("Song 2"\) lasts 00:02:00 from its start to the end of the album/,
      );
    });
  });

  describe('lead-pregap: track 1 starts at 2 s or later', () => {
    it('passes a first song at 2 s', () => {
      expect(only(validateRedBook(album(), { leadPregap: 'as-given' }), 'lead-pregap')).toEqual([]);
    });
    it('fails a first song at 1 s, as read back from a DAW', () => {
      const session = album([{ seconds: 60, gapSec: 1 }]);
      expect(only(validateRedBook(session, { leadPregap: 'as-given' }), 'lead-pregap')).toEqual([
        {
          rule: 'lead-pregap',
          severity: 'error',
          message:
            'Track 1 ("Song 1") starts at 00:01:00; on a CD the first track starts at 00:02:00 or later (the 2-second lead pregap).',
          songId: 'song-1',
          trackNumber: 1,
          msf: '00:01:00',
          frames: 75,
          pointer: '/sequence/entries/0/gapSec',
        },
      ]);
      // the timeline a CD is made from raises the first gap instead
      expect(only(validateRedBook(session), 'lead-pregap')).toEqual([]);
    });
  });

  describe('pause-length: index 1 comes at least one frame after index 0', () => {
    it('passes a pause of one frame', () => {
      const session = album([{ seconds: 60 }, { seconds: 60, gapSec: 1 / 75 }]);
      expect(buildTimeline(session).songs[1]!.pregapFrames).toBe(1);
      expect(only(validateRedBook(session), 'pause-length')).toEqual([]);
    });
    it('fails a pause shorter than a frame', () => {
      // the first song ends at 2 s + 400 samples = frame 150.68 (index 0 → 151); + 0.5 ms → 151
      const session = album([{ frames: 400 + 44_100 * 10 }, { seconds: 60, gapSec: 0.0005 }]);
      const problems = only(validateRedBook(session), 'pause-length');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        trackNumber: 2,
        msf: '00:12:01',
        pointer: '/sequence/entries/1/gapSec',
      });
      expect(problems[0]!.message).toBe(
        'Track 2 ("Song 2") has a pause shorter than one CD frame, so its index 0 and index 1 both fall at 00:12:01; make the gap 0 or at least 1/75 s.',
      );
    });
  });

  describe('total-length: warning above 74:00, error above the maximum', () => {
    const long = (frames: number) => {
      // one song that, after the 2 s lead pregap, ends exactly on `frames`
      return album([{ frames: (frames - 150) * 588 }]);
    };
    it('passes exactly 74:00:00', () => {
      expect(buildTimeline(long(CD_WARN_FRAMES)).leadOutFrames).toBe(CD_WARN_FRAMES);
      expect(only(validateRedBook(long(CD_WARN_FRAMES)), 'total-length')).toEqual([]);
    });
    it('warns one frame above 74:00:00', () => {
      expect(only(validateRedBook(long(CD_WARN_FRAMES + 1)), 'total-length')).toEqual([
        {
          rule: 'total-length',
          severity: 'warning',
          message:
            'The album lasts 74:00:01, longer than the 74 minutes of the original Red Book; most plants accept up to about 79:57, but confirm with yours.',
          msf: '74:00:01',
          frames: CD_WARN_FRAMES + 1,
        },
      ]);
    });
    it('accepts exactly 79:57:74 with a warning only, and fails one frame more', () => {
      expect(only(validateRedBook(long(CD_DEFAULT_MAX_FRAMES)), 'total-length')[0]!.severity).toBe(
        'warning',
      );
      const over = only(validateRedBook(long(CD_DEFAULT_MAX_FRAMES + 1)), 'total-length');
      expect(over).toHaveLength(1);
      expect(over[0]).toMatchObject({ severity: 'error', msf: '79:58:00' });
      expect(over[0]!.message).toBe(
        "The album lasts 79:58:00, longer than the 79:57:74 the disc may hold; shorten the sequence or check the plant's limit.",
      );
    });
    it("takes the plant's limit from the CD target, or from the options", () => {
      const session = long(CD_WARN_FRAMES - 10);
      expect(only(validateRedBook(session), 'total-length')).toEqual([]);
      session.deliveryTargets = [{ kind: 'cd', maxLengthFrames: CD_WARN_FRAMES - 20 }];
      expect(only(validateRedBook(session), 'total-length')[0]!.message).toMatch(
        /longer than the 73:59:55 the disc may hold/,
      );
      expect(
        only(validateRedBook(session, { maxLengthFrames: CD_WARN_FRAMES }), 'total-length'),
      ).toEqual([]);
    });
  });

  describe('isrc-format, isrc-unique, isrc-missing', () => {
    it('passes valid, normalized, distinct ISRCs on every track', () => {
      const problems = validateRedBook(album());
      for (const rule of ['isrc-format', 'isrc-unique', 'isrc-missing'] as const) {
        expect(only(problems, rule)).toEqual([]);
      }
    });
    it('fails an ISRC with a letter O for a zero, and one not written normalized', () => {
      const session = album();
      session.songs[0]!.isrc = 'QZES5260000O';
      session.songs[1]!.isrc = 'qz-es5-26-00002';
      const problems = only(validateRedBook(session), 'isrc-format');
      expect(problems.map((p) => p.message)).toEqual([
        'Track 1 ("Song 1") has the ISRC "QZES5260000O", which is not valid: designation code "0000O" must be 5 digits (check for the letter O or I typed for 0 or 1).',
        'Track 2 ("Song 2") has the ISRC "qz-es5-26-00002", which should be written as QZES52600002.',
      ]);
      expect(problems[0]!.pointer).toBe('/songs/0/isrc');
    });
    it('fails an ISRC used twice', () => {
      const session = album();
      session.songs[2]!.isrc = 'QZES52600001';
      expect(only(validateRedBook(session), 'isrc-unique')).toEqual([
        {
          rule: 'isrc-unique',
          severity: 'error',
          message:
            'Track 3 ("Song 3") has the same ISRC as track 1 ("Song 1"), QZES52600001; every recording on a CD has its own ISRC.',
          songId: 'song-3',
          trackNumber: 3,
          pointer: '/songs/2/isrc',
        },
      ]);
    });
    it('warns about a track without an ISRC among tracks with one, but not an album without any', () => {
      const session = album();
      delete session.songs[1]!.isrc;
      expect(only(validateRedBook(session), 'isrc-missing').map((p) => p.message)).toEqual([
        'Track 2 ("Song 2") has no ISRC while 2 other tracks have one.',
      ]);
      for (const song of session.songs) delete song.isrc;
      expect(only(validateRedBook(session), 'isrc-missing')).toEqual([]);
    });
  });

  describe('upc: the UPC/EAN check digit', () => {
    it('fails a wrong check digit and passes the right one', () => {
      const session = album();
      session.album.upc = '5010017088438';
      expect(only(validateRedBook(session), 'upc')).toEqual([
        {
          rule: 'upc',
          severity: 'error',
          message:
            'The album\'s UPC/EAN "5010017088438" has the check digit 8, but the first digits give 9; check the number for a typing mistake.',
          pointer: '/album/upc',
        },
      ]);
      session.album.upc = '0036000291452';
      expect(only(validateRedBook(session), 'upc')).toEqual([]);
    });
  });

  describe('cd-text-album: credits REAPER also needs on the album marker', () => {
    it('fails track songwriters without an album songwriter, and a track performer without an album artist', () => {
      const session = album();
      session.songs[0]!.songwriter = 'A. Writer';
      session.songs[2]!.songwriter = 'B. Writer';
      session.songs[1]!.performer = 'Guest';
      delete session.album.artist;
      const problems = only(validateRedBook(session), 'cd-text-album');
      expect(problems.map((p) => [p.message, p.pointer])).toEqual([
        [
          'Track 2 has a performer in the CD-Text but the album has none, and REAPER writes track performers only when the album has one too: set the album\'s performer (e.g. "Various").',
          '/album/artist',
        ],
        [
          'Tracks 1 and 3 have a songwriter in the CD-Text but the album has none, and REAPER writes track songwriters only when the album has one too: set the album\'s songwriter (e.g. "Various").',
          '/album/cdText/songwriter',
        ],
      ]);
    });
    it('passes when the album carries every credit its tracks carry', () => {
      const session = album();
      session.songs[0]!.composer = 'J. S. Bach';
      session.album.cdText = { composer: 'Various' };
      expect(only(validateRedBook(session), 'cd-text-album')).toEqual([]);
    });
  });

  describe('cd-text-charset: CD-Text is Latin-1', () => {
    it('warns about typographic quotes and other scripts, and passes accented Latin letters', () => {
      const session = album();
      session.songs[0]!.title = 'Don’t Stop';
      session.songs[1]!.title = 'Björk’s Café';
      session.songs[2]!.title = 'Café Ñandú';
      session.album.title = '東京';
      const problems = only(validateRedBook(session), 'cd-text-charset');
      expect(problems.map((p) => p.trackNumber ?? 0)).toEqual([0, 1, 2]);
      expect(problems[1]!.message).toBe(
        'Track 1 ("Don’t Stop"): CD-Text title "Don’t Stop" has characters CD-Text cannot carry (’), because CD-Text is Latin-1; type plain ones (\' for ’, - for –) or expect them replaced on the disc.',
      );
      expect(problems[0]!.message).toMatch(
        /^The album's CD-Text title "東京" has characters CD-Text cannot carry \(東 京\)/,
      );
    });
  });

  describe('track-order: gaps and crossfades never put a track before the previous one', () => {
    it('fails a crossfade longer than the song before it', () => {
      const session = album([
        { seconds: 60 },
        { seconds: 5 },
        { seconds: 60, gapSec: 0, crossfadeSec: 8 },
      ]);
      const problems = only(validateRedBook(session), 'track-order');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        trackNumber: 3,
        pointer: '/sequence/entries/2/crossfadeSec',
      });
      // song 2 plays 01:04:00-01:09:00, so an 8 s crossfade starts song 3 at 01:01:00
      expect(problems[0]!.message).toBe(
        'Track 3 ("Song 3") would start at 01:01:00, before track 2 ("Song 2") (01:04:00): its 8 s crossfade is longer than the song before it.',
      );
      // the overlapped track's own length is not reported twice
      expect(only(validateRedBook(session), 'track-length').map((p) => p.trackNumber)).toEqual([]);
    });
    it('passes a crossfade shorter than the song before it', () => {
      const session = album([
        { seconds: 60 },
        { seconds: 10 },
        { seconds: 60, gapSec: 0, crossfadeSec: 5 },
      ]);
      expect(only(validateRedBook(session), 'track-order')).toEqual([]);
    });
  });

  describe('index-marks: inside their track, after the one before', () => {
    it('passes an index one frame after the track start', () => {
      const session = album([{ seconds: 60, indexMarks: [{ number: 2, offsetSec: 1 / 75 }] }]);
      expect(only(validateRedBook(session), 'index-marks')).toEqual([]);
    });
    it('fails an index on the track start and one past the end of the track', () => {
      const session = album([
        {
          seconds: 60,
          indexMarks: [
            { number: 2, offsetSec: 0 },
            { number: 3, offsetSec: 61 },
          ],
        },
        { seconds: 60 },
      ]);
      const problems = only(validateRedBook(session), 'index-marks');
      expect(problems.map((p) => [p.message, p.pointer])).toEqual([
        [
          'Index 2 of track 1 ("Song 1") at 00:02:00 is not after index 1 (00:02:00); each index comes at least one frame after the one before.',
          '/sequence/entries/0/indexMarks/0',
        ],
        [
          'Index 3 of track 1 ("Song 1") at 01:03:00 lies after the track ends (01:02:00); index marks go inside their track.',
          '/sequence/entries/0/indexMarks/1',
        ],
      ]);
    });
  });

  describe('index-marks: numbered 2, 3, 4 ... without gaps', () => {
    it('fails an index 4 after index 2 and a first mark numbered 3', () => {
      const session = album([
        {
          seconds: 60,
          indexMarks: [
            { number: 2, offsetSec: 10 },
            { number: 4, offsetSec: 20 },
          ],
        },
        { seconds: 60, indexMarks: [{ number: 3, offsetSec: 10 }] },
      ]);
      const problems = only(validateRedBook(session), 'index-marks');
      expect(problems.map((p) => [p.message, p.pointer])).toEqual([
        [
          'Index 4 of track 1 ("Song 1") follows index 2; index marks are numbered 2, 3, 4 ... in order, without gaps (CUE sheets and the PQ code need that).',
          '/sequence/entries/0/indexMarks/1/number',
        ],
        [
          'Index 3 of track 2 ("Song 2") follows index 1; index marks are numbered 2, 3, 4 ... in order, without gaps (CUE sheets and the PQ code need that).',
          '/sequence/entries/1/indexMarks/0/number',
        ],
      ]);
    });
    it('passes index marks 2, 3, 4', () => {
      const session = album([
        {
          seconds: 60,
          indexMarks: [
            { number: 2, offsetSec: 10 },
            { number: 3, offsetSec: 20 },
            { number: 4, offsetSec: 30 },
          ],
        },
      ]);
      expect(only(validateRedBook(session), 'index-marks')).toEqual([]);
    });
  });

  describe('sample-rate: a CD is 44.1 kHz, 16-bit', () => {
    it('says what conversion a 96 kHz session needs', () => {
      const session = album(undefined, { sampleRate: 96_000 });
      expect(only(validateRedBook(session), 'sample-rate')).toEqual([
        {
          rule: 'sample-rate',
          severity: 'warning',
          message:
            'The session runs at 96 kHz; the CD master must be sample-rate converted to 44.1 kHz and dithered to 16 bits.',
          pointer: '/sampleRate',
        },
      ]);
    });
    it('fails a CD target that is not 44.1 kHz, 16-bit, and passes one that is', () => {
      const session = album();
      expect(only(validateRedBook(session), 'sample-rate')).toEqual([]);
      session.deliveryTargets = [
        { kind: 'streaming', loudnessLufs: -14 },
        { kind: 'cd', bitDepth: 24 },
      ];
      expect(only(validateRedBook(session), 'sample-rate')).toEqual([
        {
          rule: 'sample-rate',
          severity: 'error',
          message:
            'The CD delivery target asks for 44.1 kHz, 24-bit, but a CD is 44.1 kHz, 16-bit stereo.',
          pointer: '/deliveryTargets/1',
        },
      ]);
    });
  });

  it('checks a CD layout even for a session whose targets are not CD', () => {
    const session = album([{ seconds: 2 }], {
      deliveryTargets: [{ kind: 'streaming', loudnessLufs: -14 }],
    });
    expect(only(validateRedBook(session), 'track-length')).toHaveLength(1);
  });

  it('refuses a timeline that is not laid out for CD', () => {
    const session = album();
    try {
      validateRedBook(session, { timeline: buildTimeline(session, { cd: false }) });
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('lists album problems first, then track by track', () => {
    const session = album([{ seconds: 2 }, { seconds: 60 }]);
    session.album.upc = '1';
    session.songs[0]!.isrc = 'QZES52600001';
    session.songs[1]!.isrc = 'QZES52600001';
    expect(validateRedBook(session).map((p) => `${p.trackNumber ?? 0}:${p.rule}`)).toEqual([
      '0:upc',
      '1:track-length',
      '2:isrc-unique',
    ]);
  });
});
