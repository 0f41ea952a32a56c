import type { Marker } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import type { ArdourLocation } from './ardour-location.js';
import { ardourMarkerName, locationsToMarkers, planLocations } from './marker-mapping.js';

const marker = (fields: Partial<Marker> & Pick<Marker, 'kind' | 'timeSamples'>): Marker => ({
  schema: 'Marker.1',
  sampleRate: 48_000,
  ...fields,
});

describe('planLocations', () => {
  it('names CD tracks by their title and makes every name unique per kind', () => {
    const { locations } = planLocations(
      [
        marker({
          kind: 'cd-track',
          timeSamples: 96_000,
          name: 'Intro',
          cdText: { title: 'Intro' },
        }),
        marker({ kind: 'region', timeSamples: 96_000, endSamples: 200_000, name: 'Intro' }),
        marker({ kind: 'cd-track', timeSamples: 300_000, cdText: { title: 'Intro' } }),
        marker({ kind: 'cd-index', timeSamples: 150_000, indexNumber: 2 }),
      ],
      { sampleRate: 48_000, takenNames: ['m:Index 2'] },
    );
    expect(locations.map((l) => [l.name, l.range])).toEqual([
      ['Intro', false],
      ['Intro', true],
      ['Intro (2)', false],
      ['Index 2 (2)', false],
    ]);
  });

  it('gives CD markers their ISRC and credits, converted to the session rate', () => {
    const { locations } = planLocations(
      [
        marker({
          kind: 'cd-track',
          timeSamples: 88_200,
          sampleRate: 44_100,
          isrc: 'GBAAA2400001',
          cdText: { title: 'One', performer: 'Band', songwriter: 'Writer' },
        }),
      ],
      { sampleRate: 48_000 },
    );
    expect(locations[0]).toMatchObject({
      cd: true,
      startSamples: 96_000,
      endSamples: 96_000,
      cdInfo: { isrc: 'GBAAA2400001', performer: 'Band', composer: 'Writer' },
    });
  });

  it('writes a CD marker at 0:00 as a plain marker, and says so', () => {
    const { locations, warnings } = planLocations(
      [marker({ kind: 'cd-track', timeSamples: 0, name: 'A' })],
      {
        sampleRate: 48_000,
      },
    );
    expect(locations[0]!.cd).toBe(false);
    expect(warnings[0]).toMatch(/0:00/);
  });

  it('falls back to a readable name when a marker has none', () => {
    expect(
      ardourMarkerName(marker({ kind: 'cd-pregap', timeSamples: 0, cdText: { title: 'X' } })),
    ).toBe('X (pause)');
    expect(ardourMarkerName(marker({ kind: 'album', timeSamples: 0 }))).toBe('Album');
    expect(ardourMarkerName(marker({ kind: 'cd-track', timeSamples: 0, trackNumber: 7 }))).toBe(
      'Track 7',
    );
  });
});

describe('locationsToMarkers', () => {
  const written = [
    {
      name: 'One',
      range: false,
      timeSamples: 96_000,
      marker: marker({
        id: 'tapeop:track:one',
        kind: 'cd-track',
        timeSamples: 96_000,
        isrc: 'GBAAA2400001',
        trackNumber: 1,
      }),
    },
    {
      name: 'One',
      range: true,
      timeSamples: 96_000,
      marker: marker({
        id: 'tapeop:region:one',
        kind: 'region',
        timeSamples: 96_000,
        endSamples: 200_000,
      }),
    },
  ];

  it("gives tapeop's markers back their identity at the position Ardour has now", () => {
    const locations: ArdourLocation[] = [
      { name: 'session', startSamples: 0, endSamples: 500_000, flags: ['IsSessionRange'] },
      { name: 'One', startSamples: 96_100, endSamples: 96_100, flags: ['IsMark'] },
      { name: 'One', startSamples: 96_000, endSamples: 210_000, flags: ['IsRangeMarker'] },
      { name: 'verse', startSamples: 120_000, endSamples: 120_000, flags: ['IsMark'] },
    ];
    const markers = locationsToMarkers(locations, 48_000, written);
    expect(markers).toHaveLength(3);
    expect(markers.find((m) => m.id === 'tapeop:track:one')).toMatchObject({
      kind: 'cd-track',
      timeSamples: 96_100,
      isrc: 'GBAAA2400001',
      trackNumber: 1,
      tapeop: true,
    });
    expect(markers.find((m) => m.id === 'tapeop:region:one')).toMatchObject({
      endSamples: 210_000,
      tapeop: true,
    });
    expect(markers.find((m) => m.name === 'verse')).toMatchObject({
      kind: 'generic',
      tapeop: false,
    });
  });

  it("reads the user's own CD markers and ranges from Ardour's flags and CD fields", () => {
    const markers = locationsToMarkers(
      [
        {
          id: '77',
          name: 'Bonus',
          startSamples: 48_000,
          endSamples: 48_000,
          flags: ['IsMark', 'IsCDMarker'],
          cdInfo: { isrc: 'gb-aaa-24-00009', performer: 'Guest' },
        },
        { name: 'Take 2', startSamples: 0, endSamples: 1000, flags: ['IsRangeMarker'] },
        {
          name: 'Bad ISRC',
          startSamples: 5,
          endSamples: 5,
          flags: ['IsMark', 'IsCDMarker'],
          cdInfo: { isrc: 'nope' },
        },
      ],
      48_000,
    );
    expect(markers[0]).toMatchObject({ kind: 'region', endSamples: 1000 });
    expect(markers[1]).toMatchObject({ kind: 'cd-track', tapeop: false });
    expect(markers[1]!.isrc).toBeUndefined();
    expect(markers[2]).toMatchObject({
      kind: 'cd-track',
      isrc: 'GBAAA2400009',
      cdText: { title: 'Bonus', performer: 'Guest' },
      daw: { daw: 'ardour', guid: '77' },
    });
  });
});
