import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSession, validateMarker } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { makeSession } from '../../test/sequence/session-fixture.js';
import { isTapeopMarker, markerId, parseMarkerId } from './marker-ids.js';
import { buildMarkers } from './markers.js';
import { buildTimeline } from './timeline.js';

function smallAlbum() {
  const path = fileURLToPath(
    new URL('../../../core/examples/small-album/session.json', import.meta.url),
  );
  const result = parseSession(readFileSync(path, 'utf8'));
  if (!result.ok) throw new Error('the core example session no longer validates');
  return result.value;
}

describe('buildMarkers', () => {
  const timeline = buildTimeline(smallAlbum());
  const markers = buildMarkers(timeline);

  it('writes valid Marker.1 documents in time order', () => {
    for (const marker of markers) {
      const checked = validateMarker(marker);
      expect(checked.ok, JSON.stringify(checked)).toBe(true);
    }
    const times = markers.map((m) => m.timeSamples);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('has a pause, a track start and a region per song, index marks and one album marker', () => {
    expect(markers.map((m) => `${m.kind}:${m.songId ?? ''}`)).toEqual([
      'cd-pregap:headlights',
      'cd-track:headlights',
      'region:headlights',
      'cd-pregap:city-lights',
      'cd-track:city-lights',
      'region:city-lights',
      'region:overpass',
      'cd-track:overpass',
      'cd-pregap:last-exit',
      'cd-track:last-exit',
      'region:last-exit',
      'cd-index:last-exit',
      'album:',
    ]);
  });

  it('puts each marker where the timeline puts its index, and regions over the audio', () => {
    const lastExit = timeline.songs[3]!;
    const byId = new Map(markers.map((m) => [m.id, m]));
    expect(byId.get('tapeop:pregap:last-exit')).toMatchObject({
      timeSamples: lastExit.indexes[0]!.samples,
      indexNumber: 0,
      trackNumber: 4,
    });
    expect(byId.get('tapeop:track:last-exit')).toMatchObject({
      timeSamples: lastExit.trackStartSamples,
      indexNumber: 1,
      isrc: 'QZES52600004',
      cdText: { title: 'Last Exit', performer: 'The Example Band', songwriter: 'A. Writer' },
    });
    expect(byId.get('tapeop:index:last-exit:2')).toMatchObject({
      kind: 'cd-index',
      indexNumber: 2,
      name: 'Coda',
      timeSamples: lastExit.indexes[2]!.samples,
    });
    expect(byId.get('tapeop:region:last-exit')).toMatchObject({
      timeSamples: lastExit.startSamples,
      endSamples: lastExit.endSamples,
      name: 'Last Exit',
    });
    expect(byId.get('tapeop:album')).toMatchObject({
      kind: 'album',
      timeSamples: timeline.leadOutSamples,
      upc: '5010017088439',
      cdText: { title: 'Night Drive', performer: 'The Example Band', genre: 'Pop' },
    });
  });

  it('derives ids from song ids, so a reordered album keeps every marker id', () => {
    const session = smallAlbum();
    session.sequence.entries.reverse();
    const reordered = buildMarkers(buildTimeline(session));
    expect(new Set(reordered.map((m) => m.id))).toEqual(new Set(markers.map((m) => m.id)));
    expect(reordered.find((m) => m.id === 'tapeop:track:headlights')!.trackNumber).toBe(4);
  });

  it('writes no album UPC or ISRC that the session does not have', () => {
    const plain = buildMarkers(buildTimeline(makeSession([{ seconds: 30 }])));
    expect(plain.find((m) => m.kind === 'album')!.upc).toBeUndefined();
    expect(plain.find((m) => m.kind === 'cd-track')!.isrc).toBeUndefined();
  });
});

describe('marker ids', () => {
  it('round-trips every kind', () => {
    for (const parts of [
      { kind: 'album' },
      { kind: 'cd-track', songId: 'a.b_c-1' },
      { kind: 'cd-pregap', songId: 'x' },
      { kind: 'region', songId: 'x' },
      { kind: 'cd-index', songId: 'x', indexNumber: 99 },
    ] as const) {
      expect(parseMarkerId(markerId(parts))).toEqual(parts);
    }
  });

  it.each([
    undefined,
    '',
    'album',
    '01HZX3S0000000000000000000',
    'tapeop:',
    'tapeop:track',
    'tapeop:track:',
    'tapeop:track:a:b',
    'tapeop:album:x',
    'tapeop:index:x',
    'tapeop:index:x:1',
    'tapeop:index:x:100',
    'tapeop:index:x:2:3',
    'tapeop:song:x',
    'tapeop:track:bad id',
  ])('treats %j as a user marker', (id) => {
    expect(parseMarkerId(id)).toBeUndefined();
    expect(isTapeopMarker({ id })).toBe(false);
  });
});
