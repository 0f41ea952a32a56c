import {
  CD_FRAMES_PER_SECOND,
  CD_LEAD_PREGAP_FRAMES,
  cdFramesToSamples,
  convertSampleRate,
  formatMsf,
  type IndexMark,
  type Marker,
  type MixSource,
  normalizeIsrc,
  type Sequence,
  type SequenceEntry,
  type Song,
  samplesToCdFrames,
} from '@tapeop/core';
import { parseMarkerId } from './marker-ids.js';
import { playedRegion } from './played-region.js';
import { parseReaperMarkerName } from './reaper-marker-name.js';

export interface SequenceFromMarkersOptions {
  /**
   * The sequence the markers were written from. Where a marker still sits where that sequence
   * put it (within half a CD frame), its gap, crossfade or index offset is kept exactly as it
   * was, instead of being re-measured; CD flags, which markers do not carry, come from it too.
   */
  previous?: Sequence;
  /** The session rate. Default: the rate of the first CD marker or region. */
  sampleRate?: number;
}

export interface UnmatchedMarker {
  marker: Marker;
  /** Why it could not be used, in one plain sentence. */
  reason: string;
}

export interface SequenceFromMarkersResult {
  /** Order, gaps, crossfades and index marks as the markers give them. */
  sequence: Sequence;
  /** CD markers and regions that could not be tied to a song or a track. */
  unmatched: UnmatchedMarker[];
  /** The user's own markers (generic and note markers), left alone. */
  ignored: Marker[];
  /** The album marker, when there is one (the last one, as REAPER reads them). */
  album?: Marker;
  /** What else the markers said: renamed or disagreeing markers, songs with no marker. */
  notes: string[];
}

interface Placed {
  song: Song;
  track?: Marker;
  region?: Marker;
  /** The song's first sample on the timeline. */
  start: number;
  /** Where the CD track starts (the track marker, else the start). */
  trackStart: number;
  /** Played length at the session rate; undefined when neither a mix nor a region gives it. */
  length?: number;
}

/**
 * Rebuilds the sequence from markers read back from a DAW: the order of the songs, the gap or
 * crossfade before each, and their index marks. Markers are tied to songs by the song id the
 * adapter reports, by tapeop's marker id, by ISRC, by title, and last by position (a renamed
 * track marker sitting on its song's region). A song's start is its region's start when the
 * region and the track marker agree within a frame (the region is exact to the sample), else
 * its track marker: the CD track start the engineer sees and moves.
 */
export function sequenceFromMarkers(
  markers: Marker[],
  songs: Song[],
  options: SequenceFromMarkersOptions = {},
): SequenceFromMarkersResult {
  const rate =
    options.sampleRate ??
    markers.find((m) => m.kind !== 'generic' && m.kind !== 'note')?.sampleRate ??
    markers[0]?.sampleRate ??
    44_100;
  const frame = rate / CD_FRAMES_PER_SECOND;
  const at = (marker: Marker) => convertSampleRate(marker.timeSamples, marker.sampleRate, rate);
  const unmatched: UnmatchedMarker[] = [];
  const notes: string[] = [];
  const ignored: Marker[] = [];
  const songFinder = createSongFinder(songs);

  const tracks: Marker[] = [];
  const regions: Marker[] = [];
  const pauses: Marker[] = [];
  const indexMarkers: Marker[] = [];
  let album: Marker | undefined;
  for (const marker of [...markers].sort((a, b) => at(a) - at(b))) {
    if (marker.kind === 'cd-track') tracks.push(marker);
    else if (marker.kind === 'region') regions.push(marker);
    else if (marker.kind === 'cd-pregap') pauses.push(marker);
    else if (marker.kind === 'cd-index') indexMarkers.push(marker);
    else if (marker.kind === 'album') album = marker;
    else ignored.push(marker);
  }

  // Tie track markers and regions to songs.
  const placed = new Map<string, Placed>();
  const trackOf = new Map<string, Marker>();
  const regionOf = new Map<string, Marker>();
  const unidentifiedTracks: Marker[] = [];
  const claim = (map: Map<string, Marker>, song: Song, marker: Marker, what: string): boolean => {
    const earlier = map.get(song.id);
    if (earlier) {
      unmatched.push({
        marker,
        reason: `It is a second ${what} for "${song.title}" (the first is at ${describeTime(at(earlier), rate)}); only the first is used.`,
      });
      return false;
    }
    map.set(song.id, marker);
    return true;
  };
  for (const marker of tracks) {
    const found = songFinder(marker, 'cd-track');
    if (found.song) claim(trackOf, found.song, marker, 'track marker');
    else if (found.reason) unmatched.push({ marker, reason: found.reason });
    else unidentifiedTracks.push(marker);
  }
  for (const marker of regions) {
    const found = songFinder(marker, 'region');
    if (found.song) claim(regionOf, found.song, marker, 'region');
    else {
      // a renamed region still covers the song whose track marker starts on it
      const owner = [...trackOf].find(
        ([id, track]) => !regionOf.has(id) && Math.abs(at(track) - at(marker)) <= frame,
      );
      if (owner) regionOf.set(owner[0], marker);
      else {
        unmatched.push({
          marker,
          reason:
            found.reason ??
            `Region "${marker.name ?? ''}" at ${describeTime(at(marker), rate)} has no song of that name or id, and no track marker of a song starts on it.`,
        });
      }
    }
  }
  for (const marker of unidentifiedTracks) {
    const owner = [...regionOf].find(
      ([id, region]) => !trackOf.has(id) && Math.abs(at(region) - at(marker)) <= frame,
    );
    if (owner) {
      trackOf.set(owner[0], marker);
      notes.push(
        `The track marker at ${describeTime(at(marker), rate)} ("${markerTitle(marker) ?? ''}") matches no song by id, ISRC or title; it sits on the region of "${songFinder.byId(owner[0])!.title}", so it is taken as that song's track start.`,
      );
    } else {
      unmatched.push({
        marker,
        reason: `Track marker "${markerTitle(marker) ?? marker.name ?? '#'}" at ${describeTime(at(marker), rate)} matches no song by id, ISRC, title or region.`,
      });
    }
  }

  for (const song of songs) {
    const track = trackOf.get(song.id);
    const region = regionOf.get(song.id);
    if (!track && !region) continue;
    let start: number;
    if (track && region && Math.abs(at(track) - at(region)) > frame) {
      start = at(track);
      notes.push(
        `The region of "${song.title}" starts at ${describeTime(at(region), rate)} but its track marker is at ${describeTime(at(track), rate)}; the track marker is taken as the song's start.`,
      );
    } else {
      start = region ? at(region) : at(track!);
    }
    const length = song.source
      ? playedRegion(song as Song & { source: MixSource }, rate).lengthSamples
      : region?.endSamples !== undefined
        ? convertSampleRate(region.endSamples, region.sampleRate, rate) - at(region)
        : undefined;
    if (song.source && region?.endSamples !== undefined) {
      const regionLength =
        convertSampleRate(region.endSamples, region.sampleRate, rate) - at(region);
      if (Math.abs(regionLength - length!) > frame) {
        notes.push(
          `The region of "${song.title}" lasts ${seconds(regionLength / rate)} s but the song plays ${seconds(length! / rate)} s; the sequence keeps the session's mix and trims.`,
        );
      }
    }
    const title = track ? markerTitle(track) : undefined;
    if (title !== undefined && normalizeTitle(title) !== normalizeTitle(song.title)) {
      notes.push(
        `The track marker of "${song.title}" reads "${title}" in the DAW; the session keeps the song's title.`,
      );
    }
    placed.set(song.id, {
      song,
      ...(track ? { track } : {}),
      ...(region ? { region } : {}),
      start,
      trackStart: track ? at(track) : start,
      ...(length === undefined ? {} : { length }),
    });
  }

  const previousEntries = options.previous?.entries ?? [];
  const previousIndex = new Map(previousEntries.map((entry, i) => [entry.songId, i]));
  const order = [...placed.values()].sort(
    (a, b) =>
      a.start - b.start ||
      (previousIndex.get(a.song.id) ?? Number.MAX_SAFE_INTEGER) -
        (previousIndex.get(b.song.id) ?? Number.MAX_SAFE_INTEGER),
  );

  // Gaps and crossfades, and index marks.
  const tolerance = frame / 2 + 1;
  const entries: SequenceEntry[] = [];
  const trackStarts = order.map((p) => p.trackStart);
  const marksOf = assignIndexMarkers(indexMarkers, order, trackStarts, at, rate, unmatched);
  let previousEnd: number | undefined = 0;
  order.forEach((item, k) => {
    const previousEntry = previousEntries[previousIndex.get(item.song.id) ?? -1];
    const samePredecessor =
      previousEntry !== undefined &&
      (k === 0
        ? previousEntries[0] === previousEntry
        : previousEntries[previousIndex.get(item.song.id)! - 1]?.songId === order[k - 1]!.song.id);
    const entry: SequenceEntry = { songId: item.song.id, gapSec: 0 };
    if (previousEnd === undefined) {
      const kept = previousEntry?.gapSec ?? 2;
      entry.gapSec = kept;
      notes.push(
        `"${order[k - 1]!.song.title}" has no mix and no region, so the gap before "${item.song.title}" cannot be measured; it stays ${kept} s.`,
      );
    } else {
      const delta = item.start - previousEnd;
      const unmoved =
        samePredecessor &&
        previousDeltas(previousEntry!, k === 0, rate).some((d) => Math.abs(delta - d) <= tolerance);
      if (unmoved) {
        entry.gapSec = previousEntry!.gapSec;
        if (previousEntry!.crossfadeSec !== undefined)
          entry.crossfadeSec = previousEntry!.crossfadeSec;
      } else if (delta >= 0) {
        entry.gapSec = delta / rate;
      } else {
        entry.crossfadeSec = -delta / rate;
      }
    }
    const marks = marksOf.get(item.song.id) ?? [];
    if (marks.length > 0) {
      entry.indexMarks = indexMarksFor(item, marks, previousEntry, at, rate, tolerance, notes);
    }
    if (previousEntry?.cdFlags) entry.cdFlags = previousEntry.cdFlags;
    entries.push(entry);
    previousEnd = item.length === undefined ? undefined : item.start + item.length;
  });

  checkPauses(pauses, order, at, rate, frame, unmatched, notes);
  for (const entry of previousEntries) {
    if (!placed.has(entry.songId)) {
      const song = songFinder.byId(entry.songId);
      notes.push(
        `"${song?.title ?? entry.songId}" has no track marker or region in the DAW, so it is not in the sequence read back.`,
      );
    }
  }

  return {
    sequence: { entries },
    unmatched,
    ignored,
    ...(album ? { album } : {}),
    notes,
  };
}

/**
 * Where the previous sequence put a song relative to the end of the song before it: the gap
 * (positive) or crossfade (negative) in samples, and for the first song also the 2 s a CD
 * timeline raises a shorter first gap to.
 */
function previousDeltas(entry: SequenceEntry, first: boolean, rate: number): number[] {
  if (!first && entry.crossfadeSec && entry.crossfadeSec > 0) return [-entry.crossfadeSec * rate];
  const gap = entry.gapSec * rate;
  return first ? [gap, Math.max(gap, cdFramesToSamples(CD_LEAD_PREGAP_FRAMES, rate))] : [gap];
}

type Finder = ((
  marker: Marker,
  kind: 'cd-track' | 'region',
) => { song?: Song; reason?: string }) & { byId(id: string): Song | undefined };

function createSongFinder(songs: Song[]): Finder {
  const byId = new Map<string, Song>();
  const byIsrc = new Map<string, Song | null>();
  const byTitle = new Map<string, Song | null>();
  for (const song of songs) {
    if (!byId.has(song.id)) byId.set(song.id, song);
    if (song.isrc) {
      const key = normalizeIsrc(song.isrc);
      byIsrc.set(key, byIsrc.has(key) ? null : song);
    }
    const title = normalizeTitle(song.title);
    byTitle.set(title, byTitle.has(title) ? null : song);
  }
  const find = (marker: Marker, kind: 'cd-track' | 'region') => {
    const claimed = marker.songId ?? idSong(marker, kind);
    if (claimed !== undefined) {
      const song = byId.get(claimed);
      if (song) return { song };
      return {
        reason: `It belongs to song "${claimed}", which is not in the session.`,
      };
    }
    const isrc = marker.isrc ?? (kind === 'cd-track' ? reaperFields(marker)?.isrc : undefined);
    if (isrc) {
      const song = byIsrc.get(normalizeIsrc(isrc));
      if (song) return { song };
    }
    const title = kind === 'region' ? marker.name : markerTitle(marker);
    if (title) {
      const song = byTitle.get(normalizeTitle(title));
      if (song) return { song };
    }
    return {};
  };
  return Object.assign(find, { byId: (id: string) => byId.get(id) });
}

function idSong(marker: Marker, kind: 'cd-track' | 'region'): string | undefined {
  const parts = parseMarkerId(marker.id);
  return parts && parts.kind === kind ? parts.songId : undefined;
}

/** A marker name the adapter did not parse (still in REAPER syntax) is read here. */
function reaperFields(marker: Marker) {
  return marker.name?.trim().startsWith('#') ? parseReaperMarkerName(marker.name) : undefined;
}

function markerTitle(marker: Marker): string | undefined {
  return (
    marker.cdText?.title ??
    reaperFields(marker)?.cdText.title ??
    (reaperFields(marker) ? undefined : marker.name)
  );
}

function normalizeTitle(title: string): string {
  return title.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Index markers by song: by the song they name, else by the track they fall in. */
function assignIndexMarkers(
  indexMarkers: Marker[],
  order: Placed[],
  trackStarts: number[],
  at: (marker: Marker) => number,
  rate: number,
  unmatched: UnmatchedMarker[],
): Map<string, Marker[]> {
  const bySong = new Map<string, Marker[]>();
  const inOrder = new Set(order.map((p) => p.song.id));
  for (const marker of indexMarkers) {
    const parts = parseMarkerId(marker.id);
    let songId = marker.songId ?? (parts?.kind === 'cd-index' ? parts.songId : undefined);
    if (songId !== undefined && !inOrder.has(songId)) {
      unmatched.push({
        marker,
        reason: `Index mark at ${describeTime(at(marker), rate)} belongs to "${songId}", which has no track marker or region.`,
      });
      continue;
    }
    if (songId === undefined) {
      const position = at(marker);
      let k = -1;
      for (let i = 0; i < trackStarts.length; i++) if (trackStarts[i]! <= position) k = i;
      if (k === -1) {
        unmatched.push({
          marker,
          reason: `Index mark at ${describeTime(position, rate)} comes before the first track starts.`,
        });
        continue;
      }
      songId = order[k]!.song.id;
    }
    const list = bySong.get(songId) ?? [];
    list.push(marker);
    bySong.set(songId, list);
  }
  return bySong;
}

function indexMarksFor(
  item: Placed,
  markers: Marker[],
  previousEntry: SequenceEntry | undefined,
  at: (marker: Marker) => number,
  rate: number,
  tolerance: number,
  notes: string[],
): IndexMark[] {
  const marks: IndexMark[] = markers
    .map((marker) => {
      const parts = parseMarkerId(marker.id);
      const typed = marker.name ? parseReaperMarkerName(marker.name) : undefined;
      const number =
        marker.indexNumber ??
        (parts?.kind === 'cd-index' ? parts.indexNumber : undefined) ??
        (typed?.kind === 'cd-index' ? typed.indexNumber : undefined);
      const name = typed?.kind === 'cd-index' ? typed.label : marker.name;
      const offsetSamples = at(marker) - item.start;
      const mark: IndexMark = { number: number ?? 0, offsetSec: Math.max(0, offsetSamples) / rate };
      const before = previousEntry?.indexMarks?.find((m) => m.number === number);
      if (before && Math.abs(before.offsetSec * rate - offsetSamples) <= tolerance) {
        mark.offsetSec = before.offsetSec;
      }
      if (name?.trim()) mark.name = name.trim();
      else if (before?.name !== undefined) mark.name = before.name;
      return mark;
    })
    .sort((a, b) => a.offsetSec - b.offsetSec);
  // Index marks run 2, 3, 4 ... in time order (a deleted mark leaves a gap in the DAW).
  const consecutive = marks.every((m, i) => m.number === i + 2);
  if (!consecutive) {
    marks.forEach((mark, i) => {
      mark.number = i + 2;
    });
    notes.push(
      `The index marks of "${item.song.title}" were not numbered 2, 3, ... in time order, so they are renumbered that way.`,
    );
  }
  return marks;
}

/** Pause markers carry no data of their own: say where they disagree with the gaps. */
function checkPauses(
  pauses: Marker[],
  order: Placed[],
  at: (marker: Marker) => number,
  rate: number,
  frame: number,
  unmatched: UnmatchedMarker[],
  notes: string[],
): void {
  for (const pause of pauses) {
    const position = at(pause);
    const k = order.findIndex((p) => p.trackStart > position);
    if (k === -1) {
      unmatched.push({
        marker: pause,
        reason: `Pause marker at ${describeTime(position, rate)} has no track marker after it.`,
      });
      continue;
    }
    const item = order[k]!;
    const previous = order[k - 1];
    const expected =
      k === 0 ? 0 : previous?.length === undefined ? undefined : previous.start + previous.length;
    if (expected === undefined) continue;
    if (expected >= item.start) {
      notes.push(
        `The pause marker before "${item.song.title}" is ignored: the song follows the previous one without a gap.`,
      );
    } else if (Math.abs(position - expected) > frame) {
      notes.push(
        `The pause marker before "${item.song.title}" is at ${describeTime(position, rate)}, but ${k === 0 ? 'the programme starts at 0' : `"${previous!.song.title}" ends at ${describeTime(expected, rate)}`}; tapeop puts index 0 there, so the marker moves when markers are rewritten.`,
      );
    }
  }
}

function describeTime(samples: number, rate: number): string {
  return formatMsf(Math.max(0, samplesToCdFrames(samples, rate)));
}

function seconds(value: number): string {
  return String(Math.round(value * 100) / 100);
}
