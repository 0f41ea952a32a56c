import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatMsf, isTapeopError, parseSession, type Session } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { makeSession } from '../../test/sequence/session-fixture.js';
import { buildTimeline } from './timeline.js';

function loadSmallAlbum(): Session {
  const path = fileURLToPath(
    new URL('../../../core/examples/small-album/session.json', import.meta.url),
  );
  const result = parseSession(readFileSync(path, 'utf8'));
  if (!result.ok) throw new Error('the core example session no longer validates');
  return result.value;
}

describe('buildTimeline on a CD album', () => {
  const timeline = buildTimeline(loadSmallAlbum());
  const [headlights, cityLights, overpass, lastExit] = timeline.songs;

  it('puts the first song after the 2-second lead pregap, index 0 at the programme start', () => {
    expect(timeline.cd).toBe(true);
    expect(timeline.samplesPerFrame).toBe(588);
    expect(headlights).toMatchObject({
      songId: 'headlights',
      trackNumber: 1,
      startSamples: 88_200,
      trackStartSamples: 88_200,
      trackStartFrames: 150,
      pregapFrames: 150,
      gapSamples: 88_200,
      // 200 s mix minus a 4410-sample head trim
      lengthSamples: 8_820_000 - 4410,
      endSamples: 88_200 + 8_815_590,
    });
    expect(headlights!.indexes).toEqual([
      { number: 0, samples: 0, frames: 0 },
      { number: 1, samples: 88_200, frames: 150 },
    ]);
    expect(headlights!.source).toEqual({
      path: 'mixes/01 - Headlights (Master v3).wav',
      sampleRate: 44_100,
      startSamples: 4410,
      endSamples: 8_820_000,
      offsetSamples: 4410,
    });
  });

  it('snaps a song after a pause onto a frame, and its index 0 onto the nearest frame', () => {
    // Headlights ends at 8 903 790 = frame 15142.5; + 2.5 s lands exactly on frame 15330.
    expect(cityLights!.startSamples).toBe(15_330 * 588);
    expect(cityLights!.trackStartFrames).toBe(15_330);
    // index 0 rounds 15142.5 half away from zero
    expect(cityLights!.indexes[0]).toEqual({ number: 0, samples: 15_143 * 588, frames: 15_143 });
    expect(cityLights!.pregapFrames).toBe(187);
    expect(cityLights!.gapSamples).toBe(15_330 * 588 - 8_903_790);
  });

  it('keeps a crossfaded song where the crossfade puts it and snaps only its index 1', () => {
    const cityEnd = 15_330 * 588 + 10_584_000;
    expect(overpass!.startSamples).toBe(cityEnd - 66_150);
    expect(overpass!.crossfadeSamples).toBe(66_150);
    expect(overpass!.gapSamples).toBe(0);
    // 19 531 890 / 588 = 33217.5 → frame 33218
    expect(overpass!.trackStartFrames).toBe(33_218);
    expect(overpass!.trackStartSamples).toBe(33_218 * 588);
    expect(overpass!.pregapFrames).toBe(0);
    expect(overpass!.indexes.map((i) => i.number)).toEqual([1]);
  });

  it('places index marks inside the song on frames and carries flags, ISRC and CD-Text', () => {
    expect(lastExit!.trackStartFrames).toBe(46_943);
    expect(lastExit!.pregapFrames).toBe(225); // 3 s
    expect(lastExit!.indexes).toEqual([
      { number: 0, samples: 46_718 * 588, frames: 46_718 },
      { number: 1, samples: 46_943 * 588, frames: 46_943 },
      { number: 2, samples: (46_943 + 9000) * 588, frames: 55_943, name: 'Coda' },
    ]);
    expect(formatMsf(lastExit!.indexes[2]!.frames)).toBe('12:25:68');
    expect(lastExit!.cdFlags).toEqual({ copyPermitted: true });
    expect(lastExit!.isrc).toBe('QZES52600004');
    expect(cityLights!.cdText).toEqual({
      title: 'City Lights',
      performer: 'The Example Band feat. Guest',
      songwriter: 'A. Writer',
    });
    // the album artist stands in for a song without its own performer
    expect(headlights!.cdText.performer).toBe('The Example Band');
    expect(timeline.album).toEqual({
      title: 'Night Drive',
      upc: '5010017088439',
      cdText: {
        title: 'Night Drive',
        performer: 'The Example Band',
        songwriter: 'A. Writer',
        message: 'Mastered with tapeop',
        genre: 'Pop',
        language: 'English',
      },
    });
  });

  it('ends on the lead-out, rounded up to a whole frame, and measures each CD track', () => {
    const lastEnd = 46_943 * 588 + 13_230_000;
    expect(timeline.endSamples).toBe(lastEnd);
    expect(timeline.leadOutFrames).toBe(Math.ceil(lastEnd / 588));
    expect(timeline.leadOutSamples).toBe(timeline.leadOutFrames * 588);
    expect(headlights!.trackLengthFrames).toBe(15_143 - 150); // to the next track's index 0
    expect(cityLights!.trackLengthFrames).toBe(33_218 - 15_330); // to the next index 1
    expect(overpass!.trackLengthFrames).toBe(46_718 - 33_218);
    expect(lastExit!.trackLengthFrames).toBe(timeline.leadOutFrames - 46_943);
    expect(timeline.notes).toEqual([]);
  });
});

describe('the lead pregap and the first gap', () => {
  it('starts the first song at 2 s on a CD even when its gap is 0, and says so', () => {
    const timeline = buildTimeline(makeSession([{ gapSec: 0 }]));
    expect(timeline.songs[0]!.startSamples).toBe(88_200);
    expect(timeline.notes.join(' ')).toMatch(/shorter than the 2-second lead pregap/);
  });

  it('takes a longer first gap as the lead pregap', () => {
    const timeline = buildTimeline(makeSession([{ gapSec: 3.2 }]));
    expect(timeline.songs[0]!.trackStartFrames).toBe(240);
    expect(timeline.songs[0]!.pregapFrames).toBe(240);
  });

  it('takes the first gap literally when asked to, for checking a layout from a DAW', () => {
    const timeline = buildTimeline(makeSession([{ gapSec: 1 }]), { leadPregap: 'as-given' });
    expect(timeline.songs[0]!.trackStartFrames).toBe(75);
    expect(timeline.songs[0]!.indexes[0]).toEqual({ number: 0, samples: 0, frames: 0 });
  });

  it('adds no lead pregap and snaps nothing when the album is not for CD', () => {
    const session = makeSession([{ gapSec: 0, seconds: 10.001 }, { gapSec: 1.0001 }], {
      deliveryTargets: [{ kind: 'streaming', service: 'spotify', loudnessLufs: -14 }],
    });
    const timeline = buildTimeline(session);
    expect(timeline.cd).toBe(false);
    const [first, second] = timeline.songs;
    expect(first!.startSamples).toBe(0);
    expect(first!.indexes.map((i) => i.number)).toEqual([1]);
    expect(second!.startSamples).toBe(441_044 + 44_104);
    expect(second!.trackStartSamples).toBe(second!.startSamples);
    expect(timeline.notes.join(' ')).toMatch(/Not laid out for CD/);
  });

  it('can be told to lay out for CD whatever the targets say', () => {
    const session = makeSession([{ gapSec: 0 }], { deliveryTargets: [{ kind: 'hi-res' }] });
    expect(buildTimeline(session).cd).toBe(false);
    expect(buildTimeline(session, { cd: true }).songs[0]!.startSamples).toBe(88_200);
  });
});

describe('transitions between songs', () => {
  it('keeps a segue (gap 0) sample-continuous and snaps only the track start', () => {
    const timeline = buildTimeline(
      makeSession([{ frames: 1_000_000 }, { gapSec: 0 }, { gapSec: 0 }]),
    );
    const [first, second] = timeline.songs;
    expect(first!.endSamples).toBe(88_200 + 1_000_000);
    expect(second!.startSamples).toBe(first!.endSamples);
    expect(second!.gapSamples).toBe(0);
    // 1 088 200 / 588 = 1850.68 → 1851
    expect(second!.trackStartFrames).toBe(1851);
    expect(second!.trackStartSamples).toBe(1851 * 588);
    expect(second!.pregapFrames).toBe(0);
  });

  it('moves a song to the next frame when the nearest one would overlap the previous song', () => {
    // The first song ends at 88 200 + 100 = frame 150.17; a 1 ms gap (44 samples) gives 150.24,
    // whose nearest frame (150) lies before that end, so the song goes to the next frame, 151.
    const timeline = buildTimeline(makeSession([{ frames: 100 }, { gapSec: 0.001 }]));
    const second = timeline.songs[1]!;
    expect(second.startSamples).toBe(151 * 588);
    expect(second.startSamples).toBeGreaterThanOrEqual(timeline.songs[0]!.endSamples);
    expect(second.indexes[0]!.frames).toBe(150);
    expect(second.pregapFrames).toBe(1);
  });

  it('keeps a pause shorter than a frame visible as a zero-frame pregap', () => {
    // ends at 88 200 + 400 = frame 150.68 (index 0 → 151); +0.5 ms = 22 samples → 150.71 → 151
    const timeline = buildTimeline(makeSession([{ frames: 400 }, { gapSec: 0.0005 }]));
    const second = timeline.songs[1]!;
    expect(second.indexes.map((i) => i.frames)).toEqual([151, 151]);
    expect(second.pregapFrames).toBe(0);
  });

  it('lets a crossfade longer than the previous song put a track before it', () => {
    const timeline = buildTimeline(
      makeSession([{ seconds: 60 }, { seconds: 5 }, { gapSec: 0, crossfadeSec: 8 }]),
    );
    const [, second, third] = timeline.songs;
    expect(third!.startSamples).toBeLessThan(second!.startSamples);
    expect(second!.trackLengthFrames).toBeLessThan(0);
  });

  it('ends the album at the latest sample, even when a crossfaded song ends early', () => {
    const timeline = buildTimeline(
      makeSession([{ seconds: 60 }, { seconds: 100 }, { seconds: 5, gapSec: 0, crossfadeSec: 50 }]),
    );
    expect(timeline.endSamples).toBe(timeline.songs[1]!.endSamples);
  });

  it('converts trims from the mix rate to the session rate at both ends', () => {
    const timeline = buildTimeline(
      makeSession([
        { frames: 96_000 * 10, mixRate: 96_000, trim: { headSamples: 9600, tailSamples: 1 } },
      ]),
    );
    const song = timeline.songs[0]!;
    expect(song.source).toMatchObject({
      sampleRate: 96_000,
      startSamples: 9600,
      endSamples: 959_999,
      offsetSamples: 4410,
    });
    // 959 999 at 96 kHz is 440 999.54 at 44.1 kHz → 441 000
    expect(song.lengthSamples).toBe(441_000 - 4410);
  });
});

describe('session rates other than 44.1 kHz', () => {
  it('counts frames in time at 48 kHz (640 samples) and says so', () => {
    const timeline = buildTimeline(
      makeSession([{ seconds: 30 }, { gapSec: 1.23 }], { sampleRate: 48_000 }),
    );
    expect(timeline.samplesPerFrame).toBe(640);
    expect(timeline.songs[0]!.startSamples).toBe(96_000);
    for (const index of timeline.songs.flatMap((s) => s.indexes)) {
      expect(index.samples).toBe(index.frames * 640);
    }
    expect(timeline.notes.join(' ')).toMatch(/48000 Hz.*1\/75 s = 640 samples/);
  });

  it('rounds frame boundaries to the nearest sample where a frame is not a whole number of samples', () => {
    const timeline = buildTimeline(
      makeSession([{ seconds: 30 }, { gapSec: 2 }], { sampleRate: 32_000 }),
    );
    expect(timeline.songs[0]!.startSamples).toBe(64_000);
    const second = timeline.songs[1]!;
    expect(
      Math.abs(second.trackStartSamples - (second.trackStartFrames * 32_000) / 75),
    ).toBeLessThanOrEqual(0.5);
    expect(timeline.notes.join(' ')).toMatch(/426\.67 samples, so frame positions are rounded/);
  });
});

describe('what cannot be laid out', () => {
  it('reports every missing song, missing mix and over-trimmed mix in one error', () => {
    const session = makeSession([{ seconds: 10 }, { seconds: 10 }, { seconds: 10 }]);
    session.sequence.entries.push({ songId: 'nobody', gapSec: 1 });
    delete session.songs[1]!.source;
    session.songs[2]!.trim = { headSamples: 441_000, tailSamples: 0 };
    try {
      buildTimeline(session);
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'INVALID_ARGUMENT')).toBe(true);
      const problems = (error as { details: { problems: Array<{ pointer: string }> } }).details
        .problems;
      expect(problems.map((p) => p.pointer)).toEqual([
        '/sequence/entries/1',
        '/sequence/entries/2',
        '/sequence/entries/3/songId',
      ]);
      expect((error as Error).message).toMatch(/"Song 2" has no mix yet/);
      expect((error as Error).message).toMatch(/remove the whole mix/);
      expect((error as Error).message).toMatch(/"nobody" is not the id of any song/);
    }
  });

  it('refuses negative or non-finite gaps', () => {
    const session = makeSession([{ gapSec: Number.NaN }]);
    expect(() => buildTimeline(session)).toThrow(/gapSec: NaN is not a number of seconds/);
  });

  it('lays out an empty sequence as an empty programme', () => {
    const timeline = buildTimeline(makeSession([]));
    expect(timeline.songs).toEqual([]);
    expect(timeline.leadOutFrames).toBe(0);
  });
});
