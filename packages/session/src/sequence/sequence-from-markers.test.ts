import type { Marker, Sequence, Session } from '@tapeop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSession } from '../../test/sequence/session-fixture.js';
import { buildMarkers } from './markers.js';
import { markerFromReaperName, renderReaperMarkerName } from './reaper-marker-name.js';
import { sequenceFromMarkers } from './sequence-from-markers.js';
import { buildTimeline } from './timeline.js';

function album(): Session {
  return makeSession([
    { id: 'one', title: 'One', seconds: 200, isrc: 'QZES52600001' },
    { id: 'two', title: 'Two', seconds: 240, gapSec: 2.5, isrc: 'QZES52600002' },
    { id: 'three', title: 'Three', seconds: 180, gapSec: 0, crossfadeSec: 1.5 },
    {
      id: 'four',
      title: 'Four',
      seconds: 300,
      gapSec: 3,
      indexMarks: [{ number: 2, offsetSec: 120, name: 'Coda' }],
    },
  ]);
}

/** What REAPER hands back: names only, no tapeop ids, positions as REAPER reports them. */
function throughReaper(markers: Marker[]): Marker[] {
  return markers.map((m) => {
    const name = m.kind === 'region' ? (m.name ?? '') : renderReaperMarkerName(m).name;
    return markerFromReaperName({
      name,
      timeSamples: m.timeSamples,
      sampleRate: m.sampleRate,
      ...(m.endSamples === undefined ? {} : { endSamples: m.endSamples }),
    }).marker;
  });
}

const user = (name: string, timeSamples: number): Marker => ({
  schema: 'Marker.1',
  kind: 'generic',
  name,
  timeSamples,
  sampleRate: 44_100,
});

describe('sequenceFromMarkers', () => {
  it('gives back the sequence the markers were written from, exactly with the previous sequence', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session));
    const exact = sequenceFromMarkers(markers, session.songs, { previous: session.sequence });
    expect(exact.sequence).toEqual(session.sequence);
    expect(exact.unmatched).toEqual([]);
    expect(exact.notes).toEqual([]);
    expect(exact.album?.kind).toBe('album');

    const measured = sequenceFromMarkers(markers, session.songs).sequence.entries;
    expect(measured.map((e) => e.songId)).toEqual(['one', 'two', 'three', 'four']);
    expect(measured[1]!.gapSec).toBeCloseTo(2.5, 1);
    expect(measured[2]).toEqual({ songId: 'three', gapSec: 0, crossfadeSec: 1.5 });
    expect(measured[3]!.indexMarks).toEqual([
      { number: 2, offsetSec: expect.closeTo(120, 2), name: 'Coda' },
    ]);
  });

  it('reads a reordered album with user markers mixed in, from names alone', () => {
    const session = album();
    // the engineer swaps songs two and four in the DAW
    session.sequence.entries = [0, 3, 2, 1].map((i) => session.sequence.entries[i]!);
    session.sequence.entries[2] = { songId: 'three', gapSec: 2 };
    const markers = throughReaper(buildMarkers(buildTimeline(session)));
    markers.push(user('Chorus', 500_000), user('fix the click', 9_000_000));
    const result = sequenceFromMarkers(markers.reverse(), album().songs, {
      previous: album().sequence,
    });
    expect(result.sequence.entries.map((e) => e.songId)).toEqual(['one', 'four', 'three', 'two']);
    expect(result.ignored.map((m) => m.name)).toEqual(['Chorus', 'fix the click']);
    expect(result.unmatched).toEqual([]);
    expect(result.sequence.entries[1]!.indexMarks).toEqual([
      { number: 2, offsetSec: 120, name: 'Coda' },
    ]);
  });

  it('measures a moved track marker as a new gap', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session)).filter((m) => m.kind !== 'region');
    const two = markers.find((m) => m.id === 'tapeop:track:two')!;
    two.timeSamples += 44_100; // one second later
    const result = sequenceFromMarkers(markers, session.songs, { previous: session.sequence });
    expect(result.sequence.entries[1]!.gapSec).toBeCloseTo(3.5, 1);
    expect(result.sequence.entries[0]).toEqual(session.sequence.entries[0]);
  });

  it('takes the track marker when it and the region disagree, and says so', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session));
    markers.find((m) => m.id === 'tapeop:track:four')!.timeSamples += 2 * 44_100;
    const result = sequenceFromMarkers(markers, session.songs, { previous: session.sequence });
    expect(result.sequence.entries[3]!.gapSec).toBeCloseTo(5, 1);
    expect(result.notes.join('\n')).toMatch(
      /The region of "Four" starts at .* but its track marker is at .*; the track marker is taken/,
    );
  });

  it('finds a renamed track marker by its ISRC, or by the region it sits on', () => {
    const session = album();
    const markers = throughReaper(buildMarkers(buildTimeline(session)));
    const rename = (title: string, to: string) => {
      const marker = markers.find((m) => m.kind === 'cd-track' && m.cdText?.title === title)!;
      marker.cdText = { ...marker.cdText, title: to };
      marker.name = `#TITLE=${to}`;
      delete marker.isrc;
      return marker;
    };
    const two = markers.find((m) => m.kind === 'cd-track' && m.cdText?.title === 'Two')!;
    two.cdText = { title: 'Two (radio edit)' };
    rename('Three', 'Drei');
    const result = sequenceFromMarkers(markers, session.songs, { previous: session.sequence });
    expect(result.sequence).toEqual(session.sequence);
    expect(result.notes).toEqual([
      'The track marker at 07:23:01 ("Drei") matches no song by id, ISRC or title; it sits on the region of "Three", so it is taken as that song\'s track start.',
      'The track marker of "Two" reads "Two (radio edit)" in the DAW; the session keeps the song\'s title.',
      'The track marker of "Three" reads "Drei" in the DAW; the session keeps the song\'s title.',
    ]);
  });

  it('reports what it cannot match, and keeps going', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session));
    const extra: Marker[] = [
      {
        schema: 'Marker.1',
        kind: 'cd-track',
        timeSamples: 99_000_000,
        sampleRate: 44_100,
        name: 'Bonus',
      },
      { ...markers.find((m) => m.id === 'tapeop:track:one')!, timeSamples: 60_000_000 },
      { schema: 'Marker.1', kind: 'cd-pregap', timeSamples: 200_000_000, sampleRate: 44_100 },
      {
        schema: 'Marker.1',
        kind: 'region',
        timeSamples: 150_000_000,
        endSamples: 150_100_000,
        sampleRate: 44_100,
        name: 'Jam',
      },
      {
        schema: 'Marker.1',
        kind: 'cd-track',
        songId: 'gone',
        timeSamples: 190_000_000,
        sampleRate: 44_100,
      },
    ];
    const result = sequenceFromMarkers([...markers, ...extra], session.songs, {
      previous: session.sequence,
    });
    expect(result.sequence).toEqual(session.sequence);
    expect(result.unmatched.map((u) => u.reason)).toEqual([
      'It is a second track marker for "One" (the first is at 00:02:00); only the first is used.',
      'It belongs to song "gone", which is not in the session.',
      'Region "Jam" at 56:41:27 has no song of that name or id, and no track marker of a song starts on it.',
      'Track marker "Bonus" at 37:24:67 matches no song by id, ISRC, title or region.',
      'Pause marker at 75:35:11 has no track marker after it.',
    ]);
  });

  it('leaves out songs that have no marker any more, and says so', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session)).filter((m) => m.songId !== 'three');
    const result = sequenceFromMarkers(markers, session.songs, { previous: session.sequence });
    expect(result.sequence.entries.map((e) => e.songId)).toEqual(['one', 'two', 'four']);
    expect(result.notes).toContain(
      '"Three" has no track marker or region in the DAW, so it is not in the sequence read back.',
    );
  });

  it('keeps CD flags from the previous sequence, which markers do not carry', () => {
    const session = album();
    session.sequence.entries[1]!.cdFlags = { preEmphasis: true };
    const markers = buildMarkers(buildTimeline(session));
    const result = sequenceFromMarkers(markers, session.songs, { previous: session.sequence });
    expect(result.sequence.entries[1]!.cdFlags).toEqual({ preEmphasis: true });
  });

  it('closes gaps in the numbering of index marks read back', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session));
    const coda = markers.find((m) => m.kind === 'cd-index')!;
    coda.indexNumber = 4;
    delete coda.id;
    const result = sequenceFromMarkers(markers, session.songs);
    expect(result.sequence.entries.flatMap((e) => e.indexMarks ?? [])).toEqual([
      { number: 2, offsetSec: expect.closeTo(120, 2), name: 'Coda' },
    ]);
    expect(result.notes.some((n) => /renumbered/.test(n))).toBe(true);
  });

  it('numbers index marks in time order and places unnamed ones by position', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session));
    const four = buildTimeline(session).songs[3]!;
    markers.push(
      {
        schema: 'Marker.1',
        kind: 'cd-index',
        indexNumber: 2,
        timeSamples: four.startSamples + 44_100 * 30,
        sampleRate: 44_100,
        name: 'Verse',
      },
      { schema: 'Marker.1', kind: 'cd-index', timeSamples: 1000, sampleRate: 44_100 },
    );
    const result = sequenceFromMarkers(markers, session.songs);
    expect(result.sequence.entries[3]!.indexMarks).toEqual([
      { number: 2, offsetSec: 30, name: 'Verse' },
      { number: 3, offsetSec: expect.closeTo(120, 2), name: 'Coda' },
    ]);
    expect(result.notes).toContain(
      'The index marks of "Four" were not numbered 2, 3, ... in time order, so they are renumbered that way.',
    );
    expect(result.unmatched.map((u) => u.reason)).toEqual([
      'Index mark at 00:00:02 comes before the first track starts.',
    ]);
  });

  it('says when a pause marker is not where the previous song ends', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session));
    markers.find((m) => m.id === 'tapeop:pregap:two')!.timeSamples -= 44_100;
    const result = sequenceFromMarkers(markers, session.songs, { previous: session.sequence });
    expect(result.sequence).toEqual(session.sequence);
    expect(result.notes[0]).toMatch(
      /^The pause marker before "Two" is at 03:21:\d\d, but "One" ends at 03:22:\d\d; tapeop puts index 0 there/,
    );
  });

  it('reads markers counted at another rate than the session', () => {
    const session = album();
    const markers = buildMarkers(buildTimeline(session)).map((m) => ({
      ...m,
      timeSamples: Math.round((m.timeSamples * 48_000) / 44_100),
      ...(m.endSamples === undefined
        ? {}
        : { endSamples: Math.round((m.endSamples * 48_000) / 44_100) }),
      sampleRate: 48_000,
    }));
    const result = sequenceFromMarkers(markers, session.songs, {
      previous: session.sequence,
      sampleRate: 44_100,
    });
    expect(result.sequence).toEqual(session.sequence);
  });
});

// Property: any valid CD sequence → markers → sequence comes back within one CD frame.

interface Generated {
  session: Session;
  variant: 'as-written' | 'through-reaper' | 'no-regions';
  userMarkers: number[];
  shuffleSeed: number;
}

const FRAME_SEC = 1 / 75;

const transitionArb = fc.oneof(
  fc.constant({ gapSec: 0 }),
  fc.integer({ min: 20, max: 10_000 }).map((ms) => ({ gapSec: ms / 1000 })),
  fc.integer({ min: 1, max: 2500 }).map((ms) => ({ gapSec: 0, crossfadeSec: ms / 1000 })),
);

const songArb = fc.record({
  seconds: fc.integer({ min: 5_000, max: 400_000 }).map((ms) => ms / 1000),
  mixRate: fc.constantFrom(44_100, 48_000, 96_000),
  head: fc.integer({ min: 0, max: 40_000 }),
  tail: fc.integer({ min: 0, max: 40_000 }),
  transition: transitionArb,
  marks: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
  named: fc.boolean(),
  isrc: fc.boolean(),
});

const generatedArb: fc.Arbitrary<Generated> = fc
  .record({
    songs: fc.array(songArb, { minLength: 1, maxLength: 12 }),
    firstGap: fc.integer({ min: 2000, max: 6000 }).map((ms) => ms / 1000),
    sampleRate: fc.constantFrom(44_100, 48_000),
    variant: fc.constantFrom('as-written', 'through-reaper', 'no-regions') as fc.Arbitrary<
      Generated['variant']
    >,
    userMarkers: fc.array(fc.integer({ min: 0, max: 100_000_000 }), { maxLength: 5 }),
    shuffleSeed: fc.integer(),
  })
  .map(({ songs, firstGap, sampleRate, variant, userMarkers, shuffleSeed }) => {
    const session = makeSession(
      songs.map((s, i) => ({
        id: `s${i}`,
        title: `Title ${i}`,
        frames: Math.round(s.seconds * s.mixRate),
        mixRate: s.mixRate,
        trim: { headSamples: s.head, tailSamples: s.tail },
        ...(s.isrc ? { isrc: `QZES5260${String(i).padStart(4, '0')}` } : {}),
        ...(i === 0 ? { gapSec: firstGap } : s.transition),
        ...(s.marks.length > 0
          ? {
              // inside the first half of the played audio, so that no crossfade reaches them
              indexMarks: [...s.marks]
                .sort((a, b) => a - b)
                .map((step, j) => {
                  const played = s.seconds - (s.head + s.tail) / s.mixRate;
                  return {
                    number: j + 2,
                    offsetSec: Math.round((((played / 2 - 0.5) * step) / 41) * 1000) / 1000,
                    ...(s.named ? { name: `Part ${j + 2}` } : {}),
                  };
                }),
            }
          : {}),
      })),
      { sampleRate },
    );
    // a valid sequence: a crossfade stays under half of the song before it
    session.sequence.entries.forEach((entry, i) => {
      const before = buildTimeline({
        ...session,
        sequence: { entries: session.sequence.entries.slice(0, i) },
      });
      const last = before.songs.at(-1);
      if (entry.crossfadeSec && last) {
        entry.crossfadeSec = Math.min(
          entry.crossfadeSec,
          Math.floor((last.lengthSamples / sampleRate / 2) * 1000) / 1000,
        );
      }
    });
    return { session, variant, userMarkers, shuffleSeed };
  });

function markersFor(g: Generated): Marker[] {
  let markers = buildMarkers(buildTimeline(g.session));
  if (g.variant === 'through-reaper') markers = throughReaper(markers);
  if (g.variant === 'no-regions') markers = markers.filter((m) => m.kind !== 'region');
  for (const at of g.userMarkers) {
    markers.push({ ...user(`note ${at}`, at), sampleRate: g.session.sampleRate });
  }
  // the DAW returns them in its own order
  let seed = g.shuffleSeed;
  for (let i = markers.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) | 0;
    const j = Math.abs(seed) % (i + 1);
    [markers[i], markers[j]] = [markers[j]!, markers[i]!];
  }
  return markers;
}

/** A song's place as one number: the gap, or minus the crossfade. */
const delta = (entry: Sequence['entries'][number]) => entry.gapSec - (entry.crossfadeSec ?? 0);

describe('sequenceFromMarkers round trip (property)', () => {
  it('gives back any valid sequence within one CD frame, from markers alone', () => {
    fc.assert(
      fc.property(generatedArb, (g) => {
        const result = sequenceFromMarkers(markersFor(g), g.session.songs);
        const wanted = g.session.sequence.entries;
        const got = result.sequence.entries;
        expect(result.unmatched).toEqual([]);
        expect(got.map((e) => e.songId)).toEqual(wanted.map((e) => e.songId));
        const slack = FRAME_SEC + 2 / g.session.sampleRate;
        got.forEach((entry, i) => {
          expect(Math.abs(delta(entry) - delta(wanted[i]!))).toBeLessThanOrEqual(slack);
          const marks = entry.indexMarks ?? [];
          const wantedMarks = wanted[i]!.indexMarks ?? [];
          expect(marks.map((m) => [m.number, m.name])).toEqual(
            wantedMarks.map((m) => [m.number, m.name]),
          );
          marks.forEach((mark, j) => {
            expect(Math.abs(mark.offsetSec - wantedMarks[j]!.offsetSec)).toBeLessThanOrEqual(slack);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives back any valid sequence exactly when it knows the sequence the markers came from', () => {
    fc.assert(
      fc.property(
        generatedArb.filter((g) => g.variant !== 'no-regions'),
        (g) => {
          const result = sequenceFromMarkers(markersFor(g), g.session.songs, {
            previous: g.session.sequence,
          });
          expect(result.sequence).toEqual(g.session.sequence);
          expect(result.notes).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
