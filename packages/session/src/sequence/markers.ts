import type { Marker } from '@tapeop/core';
import { markerId } from './marker-ids.js';
import type { Timeline } from './timeline.js';

/** Order of markers that share a position: a pause before its track start, regions last. */
const KIND_ORDER: Record<Marker['kind'], number> = {
  'cd-pregap': 0,
  'cd-track': 1,
  'cd-index': 2,
  region: 3,
  album: 4,
  note: 5,
  generic: 6,
};

/**
 * The markers tapeop writes into a DAW for a timeline, in time order: per song a cd-pregap
 * marker (index 0, when the track has a pause), a cd-track marker (index 1, with ISRC and
 * CD-Text), cd-index markers (2-99) and a region over the audio; then one album marker (UPC/EAN
 * and the disc's CD-Text) at the lead-out, where REAPER's help says it reads best.
 * `name` is the plain name a person reads; adapters render their DAW's own syntax from the
 * structured fields (`renderReaperMarkerName` for REAPER).
 */
export function buildMarkers(timeline: Timeline): Marker[] {
  const sampleRate = timeline.sampleRate;
  const markers: Marker[] = [];
  for (const song of timeline.songs) {
    const { songId, trackNumber } = song;
    for (const index of song.indexes) {
      if (index.number === 0) {
        markers.push({
          schema: 'Marker.1',
          id: markerId({ kind: 'cd-pregap', songId }),
          kind: 'cd-pregap',
          timeSamples: index.samples,
          sampleRate,
          name: `Pause before ${song.title}`,
          songId,
          trackNumber,
          indexNumber: 0,
        });
      } else if (index.number === 1) {
        const marker: Marker = {
          schema: 'Marker.1',
          id: markerId({ kind: 'cd-track', songId }),
          kind: 'cd-track',
          timeSamples: index.samples,
          sampleRate,
          name: song.title,
          songId,
          trackNumber,
          indexNumber: 1,
          cdText: { ...song.cdText },
        };
        if (song.isrc !== undefined) marker.isrc = song.isrc;
        markers.push(marker);
      } else {
        markers.push({
          schema: 'Marker.1',
          id: markerId({ kind: 'cd-index', songId, indexNumber: index.number }),
          kind: 'cd-index',
          timeSamples: index.samples,
          sampleRate,
          ...(index.name === undefined ? {} : { name: index.name }),
          songId,
          trackNumber,
          indexNumber: index.number,
        });
      }
    }
    markers.push({
      schema: 'Marker.1',
      id: markerId({ kind: 'region', songId }),
      kind: 'region',
      timeSamples: song.startSamples,
      endSamples: song.endSamples,
      sampleRate,
      name: song.title,
      songId,
      trackNumber,
    });
  }
  const album: Marker = {
    schema: 'Marker.1',
    id: markerId({ kind: 'album' }),
    kind: 'album',
    timeSamples: timeline.leadOutSamples,
    sampleRate,
    name: timeline.album.title,
    cdText: { ...timeline.album.cdText },
  };
  if (timeline.album.upc !== undefined) album.upc = timeline.album.upc;
  markers.push(album);
  return markers
    .map((marker, order) => ({ marker, order }))
    .sort(
      (a, b) =>
        a.marker.timeSamples - b.marker.timeSamples ||
        KIND_ORDER[a.marker.kind] - KIND_ORDER[b.marker.kind] ||
        a.order - b.order,
    )
    .map(({ marker }) => marker);
}
