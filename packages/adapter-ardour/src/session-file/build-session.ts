import { basename, extname } from 'node:path';
import {
  dbToGain,
  type LoadPlan,
  type LoadPlanSong,
  type Marker,
  type Snapshot,
  TapeopError,
  type TrackState,
} from '@tapeop/core';
import {
  type PlannedLocation,
  planLocations,
  type WrittenMarker,
} from '../markers/marker-mapping.js';
import { element, type XmlElement } from '../xml/xml-node.js';
import { fadeElement } from './fade-curve.js';
import {
  ARDOUR_SESSION_FORMAT,
  audioTrack,
  click,
  IdAllocator,
  location,
  masterRoute,
  neutralStrip,
  oscProtocol,
  region,
  type StripState,
  source,
  tempoMap,
} from './session-xml.js';
import type { ArdourSidecar, SidecarTrack } from './sidecar.js';
import { isExactRate, samplesToSuperclock } from './superclock.js';

/** Format facts of one mix file, at its own sample rate. */
export interface MediaFacts {
  channels: number;
  frames: number;
  sampleRate: number;
}

export interface AlbumMetadata {
  title?: string;
  artist?: string;
  upc?: string;
  genre?: string;
  year?: string;
}

export interface BuildSessionInput {
  /** The snapshot name: the .ardour file's name without the extension. */
  name: string;
  plan: LoadPlan;
  markers: Marker[];
  /** Format facts of every file the plan uses, keyed by LoadPlanSong.filePath. */
  media: Map<string, MediaFacts>;
  /** Levels, pan and switches to start from, matched to tracks by song, then by name. */
  snapshot?: Snapshot;
  album?: AlbumMetadata;
  /** Seconds since 1970, written as the sources' and markers' timestamps. */
  timestamp?: number;
}

export interface BuiltSession {
  xml: XmlElement;
  /** Files to copy: from the mix path to the file name in interchange/<folder>/audiofiles. */
  media: Array<{ from: string; fileName: string }>;
  sidecar: ArdourSidecar;
  warnings: string[];
}

const stripFrom = (state: TrackState | undefined): StripState =>
  state
    ? {
        gain: state.volumeDb === null ? 0 : dbToGain(state.volumeDb),
        mute: state.mute,
        solo: state.solo,
        phaseInvert: state.phaseInvert,
        azimuth: Math.min(1, Math.max(0, (state.pan + 1) / 2)),
      }
    : neutralStrip;

// Ardour names ports "<track>/audio_in 1": a colon would break the port name.
const legalTrackName = (name: string) => name.replace(/:/g, '-').trim() || 'Track';

/** Builds the XML of an Ardour 7 session from a load plan and markers (no file access). */
export function buildArdourSession(input: BuildSessionInput): BuiltSession {
  const { plan } = input;
  const rate = plan.sampleRate;
  if (!isExactRate(rate)) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `the session sample rate ${rate} Hz is not one Ardour 7 can count exactly (282,240,000 superclock ticks per second must divide by it)`,
      { hint: 'Use 44100, 48000, 88200, 96000, 176400 or 192000 Hz.' },
    );
  }
  const ids = new IdAllocator(100);
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const warnings: string[] = [];
  const sc = (samples: number) => samplesToSuperclock(samples, rate);

  // One set of sources per file, one Source element per channel, and the whole-file region
  // that Ardour's import creates: playlist regions are cut from it.
  const sourceElements: XmlElement[] = [];
  const wholeRegions: XmlElement[] = [];
  const mediaCopies: BuiltSession['media'] = [];
  const sourcesByFile = new Map<string, { ids: string[]; base: string; facts: MediaFacts }>();
  const usedNames = new Set<string>();
  const sourcesFor = (song: LoadPlanSong) => {
    const known = sourcesByFile.get(song.filePath);
    if (known) return known;
    const facts = input.media.get(song.filePath);
    if (!facts) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `no format facts for ${song.filePath} ("${song.title}")`,
        {
          details: { file: song.filePath },
        },
      );
    }
    if (facts.sampleRate !== rate) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `${song.filePath} ("${song.title}") is at ${facts.sampleRate} Hz but the session is at ${rate} Hz; Ardour plays a file at its own rate, so it would play at the wrong speed`,
        {
          details: { file: song.filePath, fileRate: facts.sampleRate, sessionRate: rate },
          hint: `Convert the mix first, e.g. sox "in.wav" -r ${rate} "out.wav", or load it into a running Ardour, which converts on import.`,
        },
      );
    }
    if (facts.channels < 1 || facts.channels > 2) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `${song.filePath} ("${song.title}") has ${facts.channels} channels; tapeop loads mono and stereo mixes`,
        { details: { file: song.filePath, channels: facts.channels } },
      );
    }
    const file = basename(song.filePath);
    const extension = extname(file);
    let fileName = file;
    for (let n = 2; usedNames.has(fileName.toLowerCase()); n++) {
      fileName = `${file.slice(0, file.length - extension.length)}-${n}${extension}`;
    }
    usedNames.add(fileName.toLowerCase());
    mediaCopies.push({ from: song.filePath, fileName });
    const sourceIds = Array.from({ length: facts.channels }, (_, channel) => {
      const element = source(ids, fileName, channel, timestamp);
      sourceElements.push(element);
      return element.attributes.find(([k]) => k === 'id')![1];
    });
    const base = fileName.slice(0, fileName.length - extname(fileName).length);
    wholeRegions.push(
      region(ids, {
        name: base,
        sourceIds,
        start: 0,
        length: sc(facts.frames),
        position: 0,
        wholeFile: true,
      }),
    );
    const entry = { ids: sourceIds, base, facts };
    sourcesByFile.set(song.filePath, entry);
    return entry;
  };

  const playlistRegion = (song: LoadPlanSong, take: number) => {
    const media = sourcesFor(song);
    if (song.sourceOffsetSamples + song.lengthSamples > media.facts.frames) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `"${song.title}" plays ${song.lengthSamples} samples from ${song.sourceOffsetSamples}, past the end of ${song.filePath} (${media.facts.frames} samples)`,
        { details: { file: song.filePath } },
      );
    }
    const length = sc(song.lengthSamples);
    const fade = (direction: 'in' | 'out') => {
      const f = direction === 'in' ? song.fadeIn : song.fadeOut;
      if (!f || f.lengthSec <= 0) return undefined;
      const ticks = Math.min(length, sc(Math.round(f.lengthSec * rate)));
      return fadeElement(ids, direction, f.shape, ticks);
    };
    return region(ids, {
      name: `${media.base}.${take}`,
      sourceIds: media.ids,
      start: sc(song.sourceOffsetSamples),
      length,
      position: sc(song.positionSamples),
      wholeFile: false,
      scaleAmplitude: song.gainDb === undefined ? 1 : dbToGain(song.gainDb),
      fadeIn: fade('in'),
      fadeOut: fade('out'),
    });
  };

  // Tracks: one per song, or one for the whole album.
  const snapshotTrack = (songId: string | undefined, name: string) =>
    input.snapshot?.tracks.find((t) => songId !== undefined && t.songId === songId) ??
    input.snapshot?.tracks.find((t) => t.name === name);
  const routes: XmlElement[] = [masterRoute(ids, stripFrom(input.snapshot?.master))];
  const playlists: XmlElement[] = [];
  const sidecarTracks: SidecarTrack[] = [];
  const takenTrackNames = new Set<string>(['Master']);
  const uniqueTrackName = (wanted: string) => {
    const base = legalTrackName(wanted);
    let name = base;
    for (let n = 2; takenTrackNames.has(name); n++) name = `${base} ${n}`;
    if (name !== wanted) warnings.push(`track "${wanted}" is named "${name}" in Ardour`);
    takenTrackNames.add(name);
    return name;
  };
  const groups =
    plan.layout === 'single-track'
      ? [{ name: plan.songs[0]?.trackName ?? 'Album', songs: plan.songs }]
      : plan.songs.map((song) => ({ name: song.trackName, songs: [song] }));
  let takes = 0;
  groups.forEach((group, i) => {
    const name = uniqueTrackName(group.name);
    const channels = Math.max(1, ...group.songs.map((s) => sourcesFor(s).facts.channels));
    const songId = group.songs.length === 1 ? group.songs[0]!.songId : undefined;
    const track = audioTrack(ids, {
      name,
      channels,
      order: i + 1,
      state: stripFrom(snapshotTrack(songId, name)),
    });
    for (const song of group.songs) track.playlist.children.push(playlistRegion(song, ++takes));
    routes.push(track.route);
    playlists.push(track.playlist);
    if (songId) sidecarTracks.push({ routeId: track.routeId, name, songId });
  });

  // Locations: the session range over the whole album, then the markers.
  const songEnd = Math.max(0, ...plan.songs.map((s) => s.positionSamples + s.lengthSamples));
  const markerEnd = Math.max(0, ...input.markers.map((m) => m.endSamples ?? m.timeSamples));
  const sessionEnd = Math.max(songEnd, markerEnd);
  const planned = planLocations(input.markers, { sampleRate: rate });
  warnings.push(...planned.warnings);
  const locationFlags = (p: PlannedLocation) => [
    p.range ? 'IsRangeMarker' : 'IsMark',
    ...(p.cd ? ['IsCDMarker'] : []),
  ];
  const locations = [
    location(
      ids,
      { name: 'session', start: 0, end: sc(sessionEnd), flags: ['IsSessionRange'] },
      timestamp,
    ),
    ...planned.locations.map((p) =>
      location(
        ids,
        {
          name: p.name,
          start: sc(p.startSamples),
          end: sc(p.endSamples),
          flags: locationFlags(p),
          cdInfo: p.cdInfo,
        },
        timestamp,
      ),
    ),
  ];
  const written: WrittenMarker[] = planned.locations.map((p) => ({
    name: p.name,
    range: p.range,
    timeSamples: p.startSamples,
    marker: {
      ...p.marker,
      timeSamples: p.startSamples,
      sampleRate: rate,
      ...(p.range ? { endSamples: p.endSamples } : {}),
    },
  }));

  const metadata = element('Metadata');
  const album = input.album ?? {};
  for (const [key, value] of [
    ['title', album.title],
    ['album', album.title],
    ['artist', album.artist],
    ['album_artist', album.artist],
    ['barcode', album.upc],
    ['genre', album.genre],
    ['year', album.year],
  ] as const) {
    if (value) metadata.children.push({ ...element(key), text: value });
  }

  const clickIo = click(ids);
  const root = element(
    'Session',
    {
      version: ARDOUR_SESSION_FORMAT,
      name: input.name,
      'sample-rate': rate,
      'session-range-is-free': '0',
      'id-counter': 0, // set below, once every id is handed out
      'name-counter': '1',
      'event-counter': '0',
      'vca-counter': '1',
    },
    [
      element('ProgramVersion', { 'created-with': 'tapeop', 'modified-with': 'tapeop' }),
      element('Config', {}, [
        element('Option', { name: 'native-file-data-format', value: 'FormatFloat' }),
        element('Option', { name: 'native-file-header-format', value: 'WAVE' }),
      ]),
      metadata,
      element('Sources', {}, sourceElements),
      element('Regions', {}, wholeRegions),
      element('Selection'),
      element('Locations', {}, locations),
      element('Bundles'),
      element('VCAManager'),
      element('Routes', {}, routes),
      element('Playlists', {}, playlists),
      element('UnusedPlaylists'),
      element('RouteGroups'),
      clickIo,
      tempoMap(),
      element('ControlProtocols', {}, [oscProtocol()]),
      element('IOPlugins'),
    ],
  );
  root.attributes.find(([k]) => k === 'id-counter')![1] = String(ids.counter);
  return {
    xml: root,
    media: mediaCopies,
    sidecar: { schema: 'tapeop-ardour.1', tracks: sidecarTracks, markers: written, media: [] },
    warnings,
  };
}
