import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  dbToGain,
  type LoadPlan,
  type Marker,
  type Session,
  type Snapshot,
  TapeopError,
  type TrackState,
} from '@tapeop/core';
import { buildMarkers, buildTimeline, planLoad } from '@tapeop/session';
import { writeFileAtomic } from '../files/atomic-write.js';
import { loadSongsArgs } from '../live/load-mapping.js';
import { writeMarkersArgs } from '../live/marker-mapping.js';
import { SONG_EXT_KEY } from './read-rpp.js';
import { stableReaperGuid } from './rpp-guid.js';
import { quoteNeedsBlock } from './rpp-line.js';
import { markerFields } from './rpp-markers.js';
import { formatRppNumber } from './rpp-number.js';
import {
  type RppBlock,
  type RppDocument,
  type RppNode,
  rppBlock,
  rppField,
  rppStringField,
  rppText,
  rppTextLines,
} from './rpp-tree.js';
import { serializeRpp } from './serialize-rpp.js';
import { fxChainBlock } from './write-fx-chain.js';

/** The ext data key under which the bridge marks the one track of a single-track album. */
export const LAYOUT_EXT_KEY = 'tapeop_layout';
/** The project ext state section and key where the bridge lists tapeop's markers by GUID. */
export const TAPEOP_EXT_SECTION = 'TAPEOP';
export const MARKERS_EXT_KEY = 'MARKERS';

export interface WriteRppOptions {
  /** The session folder: mix paths in the session are relative to it. */
  sessionDir: string;
  /**
   * Where the project will be saved. Mixes inside its folder are written relative to it (REAPER
   * resolves them against the project's folder, so the session folder can move); others get
   * their absolute path. Default: the session folder.
   */
  outFile?: string;
  /** The load plan (default: `planLoad` of the session). */
  plan?: LoadPlan;
  /** The markers to write (default: `buildMarkers` of the session's timeline). */
  markers?: Marker[];
  /** Track levels, switches and FX chains to write, e.g. a snapshot captured from REAPER. */
  snapshot?: Snapshot;
  /** The project notes. */
  notes?: string;
  /** 'absolute' writes every mix path in full (default 'relative', see `outFile`). */
  mediaPaths?: 'relative' | 'absolute';
  /** The save time in the header (default now). */
  savedAt?: Date;
  /** Line endings (default '\n'; REAPER on Windows writes '\r\n' and reads both). */
  eol?: '\n' | '\r\n';
  /** The version/platform string of the header (default "6.0/tapeop"). */
  reaperVersion?: string;
}

export interface WriteRppResult {
  /** The project file's text. */
  text: string;
  /** The same project as a tree. */
  document: RppDocument;
  /** What could not be written exactly, one sentence each. */
  warnings: string[];
}

const SOURCE_TYPES: Record<string, string> = {
  '.wav': 'WAVE',
  '.wave': 'WAVE',
  '.bwf': 'WAVE',
  '.rf64': 'WAVE',
  '.w64': 'WAVE',
  '.aif': 'WAVE',
  '.aiff': 'WAVE',
  '.aifc': 'WAVE',
  '.flac': 'FLAC',
  '.mp3': 'MP3',
  '.ogg': 'VORBIS',
  '.oga': 'VORBIS',
  '.opus': 'OPUS',
  '.wv': 'WAVPACK',
};

/** Where REAPER puts CD markers: on a CD frame, as the bridge does (`floor(pos·75+0.5)/75`). */
const snapToCdFrame = (seconds: number) => Math.floor(seconds * 75 + 0.5) / 75;
const isCdMarkerName = (name: string) => /^[#!@]/.test(name);

/**
 * A REAPER project (.RPP) for a session: one track per song (or the whole album on one track,
 * as the plan says) with each mix as an item at its sequenced position, trims, fades and gain;
 * the CD markers in REAPER's `#`/`!`/`@` syntax and a region per song; with a snapshot, each
 * track's level, pan, switches and FX chain; the project notes. The project is what the bridge
 * makes in a running REAPER with `loadSongs` and `writeMarkers` (the same ext data on tracks and
 * items, the same record of tapeop's markers), so a live session can take over from it.
 * Pure: `writeRppFile` writes it to disk.
 */
export function writeRpp(session: Session, options: WriteRppOptions): WriteRppResult {
  const timeline = options.plan && options.markers ? undefined : buildTimeline(session);
  const plan = options.plan ?? planLoad(session, options.sessionDir, { timeline: timeline! });
  const markers = options.markers ?? buildMarkers(timeline!);
  const projectDir = resolve(options.outFile ? dirname(options.outFile) : options.sessionDir);
  const warnings: string[] = [];
  const guid = (...parts: string[]) => stableReaperGuid(session.id, ...parts);
  const rate = plan.sampleRate;
  const savedAt = options.savedAt ?? new Date();

  const root: RppBlock = {
    ...rppBlock('REAPER_PROJECT', [
      '0.1',
      options.reaperVersion ?? '6.0/tapeop',
      Math.floor(savedAt.getTime() / 1000),
    ]),
    quoted: [1],
  };
  const add = (...nodes: RppNode[]) => root.children.push(...nodes);
  add(rppBlock('NOTES', [0, 2], rppTextLines(options.notes ?? '')));
  add(rppField('RIPPLE', 0), rppField('PANLAW', 1), rppField('SAMPLERATE', rate, 1, 0));
  add(rppField('TEMPO', 120, 4, 4), rppField('PLAYRATE', 1, 0, 0.25, 4));

  const snapshotTracks = new SnapshotTracks(options.snapshot, warnings);
  const master = options.snapshot?.master;
  add(rppField('MASTER_NCH', 2, 2));
  add(rppField('MASTER_VOLUME', ...(master ? levels(master) : ['1', '0']), -1, -1, 1));
  add(rppField('MASTERMUTESOLO', master ? (master.mute ? 1 : 0) | (master.solo ? 2 : 0) : 0));
  add(rppField('MASTER_FX', 1), rppField('MASTER_SEL', 0));
  if (master && master.fx.length > 0) {
    add(
      fxChainBlock('MASTERFXLIST', master.fx, {
        trackLabel: 'Master',
        guid: (slot) => guid('master-fx', String(slot)),
        warnings,
      }),
    );
  }

  const record = addMarkers(add, markers, guid, warnings);
  add(rppBlock('PROJBAY'));

  const load = loadSongsArgs(plan) as {
    layout: LoadPlan['layout'];
    albumTrackName?: string;
    songs: LoadedSong[];
  };
  const media = (file: string) => mediaPath(file, projectDir, options.mediaPaths ?? 'relative');
  if (load.layout === 'single-track') {
    const name = load.albumTrackName ?? 'Album';
    const state = snapshotTracks.take(undefined, name);
    const track = trackBlock(name, state?.guid ?? guid('track', 'album'), state, {
      ext: { [LAYOUT_EXT_KEY]: 'album' },
      guid,
      warnings,
    });
    for (const song of load.songs) track.children.push(itemBlock(song, media, guid, warnings));
    add(track);
  } else {
    for (const song of load.songs) {
      const state = snapshotTracks.take(song.songId, song.trackName);
      const track = trackBlock(song.trackName, state?.guid ?? guid('track', song.songId), state, {
        ext: { [SONG_EXT_KEY]: song.songId },
        guid,
        warnings,
      });
      track.children.push(itemBlock(song, media, guid, warnings));
      add(track);
    }
  }
  for (const state of snapshotTracks.rest()) {
    warnings.push(
      `Track "${state.name}" of the snapshot plays no song of the session; it is written empty with its settings and plug-ins`,
    );
    const ext: Record<string, string> = state.songId ? { [SONG_EXT_KEY]: state.songId } : {};
    add(
      trackBlock(state.name, state.guid ?? guid('track', 'extra', state.name), state, {
        ext,
        guid,
        warnings,
      }),
    );
  }

  if (record.length > 0) {
    add(
      rppBlock(
        'EXTSTATE',
        [],
        [rppBlock(TAPEOP_EXT_SECTION, [], [rppField(MARKERS_EXT_KEY, JSON.stringify(record))])],
      ),
    );
  }
  const document: RppDocument = { nodes: [root], eol: options.eol ?? '\n', problems: [] };
  return { text: serializeRpp(document), document, warnings };
}

/** `writeRpp`, saved atomically to `outFile` (a temporary file in its folder, then renamed). */
export async function writeRppFile(
  outFile: string,
  session: Session,
  options: Omit<WriteRppOptions, 'outFile'>,
): Promise<{ path: string; warnings: string[] }> {
  const path = resolve(outFile);
  const { text, warnings } = writeRpp(session, { ...options, outFile: path });
  await writeFileAtomic(path, text);
  return { path, warnings };
}

interface LoadedSong {
  songId: string;
  title: string;
  trackName: string;
  file: string;
  position: number;
  length: number;
  offset: number;
  gain?: number;
  fadeIn?: { length: number; shape: number };
  fadeOut?: { length: number; shape: number };
}

/** Snapshot tracks matched to the project's tracks: by song, then by name; each used once. */
class SnapshotTracks {
  private readonly left: TrackState[];
  constructor(snapshot: Snapshot | undefined, warnings: string[]) {
    this.left = [...(snapshot?.tracks ?? [])];
    if (snapshot && snapshot.source.daw.toUpperCase() !== 'REAPER') {
      warnings.push(
        `The snapshot comes from ${snapshot.source.daw}: levels and switches are written, plug-ins by name only`,
      );
    }
  }

  take(songId: string | undefined, name: string): TrackState | undefined {
    let at = songId === undefined ? -1 : this.left.findIndex((t) => t.songId === songId);
    if (at < 0)
      at = this.left.findIndex(
        (t) => t.name === name && (t.songId === undefined || songId === undefined),
      );
    if (at < 0) return undefined;
    return this.left.splice(at, 1)[0];
  }

  rest(): TrackState[] {
    return this.left.splice(0);
  }
}

function levels(state: TrackState): [string, string] {
  const volume = state.volumeDb === null ? 0 : dbToGain(state.volumeDb);
  return [formatRppNumber(volume), formatRppNumber(state.pan)];
}

function nameNodes(name: string): RppNode[] {
  const nodes: RppNode[] = [rppField('NAME', name)];
  // REAPER's own way for a name holding ", ' and `: the line is approximate, the block exact.
  if (quoteNeedsBlock(name)) nodes.push(rppBlock('NAME', [], [rppText(name)]));
  return nodes;
}

function trackBlock(
  name: string,
  trackGuid: string,
  state: TrackState | undefined,
  context: {
    ext: Record<string, string>;
    guid: (...parts: string[]) => string;
    warnings: string[];
  },
): RppBlock {
  const { guid, warnings } = context;
  const [volume, pan] = state ? levels(state) : ['1', '0'];
  if (state?.width !== undefined && state.width !== 1) {
    warnings.push(
      `Track "${name}": its width (${state.width}) is not written (REAPER keeps it in a field tapeop has no documentation for); apply the snapshot once REAPER has opened the project`,
    );
  }
  const block = rppBlock(
    'TRACK',
    [trackGuid],
    [
      ...nameNodes(name),
      rppField('PEAKCOL', 16576),
      rppField('BEAT', -1),
      rppField('AUTOMODE', 0),
      rppField('VOLPAN', volume, pan, -1, -1, 1),
      rppField('MUTESOLO', state?.mute ? 1 : 0, state?.solo ? 1 : 0, 0),
      rppField('IPHASE', state?.phaseInvert ? 1 : 0),
      rppField('ISBUS', 0, 0),
      rppField('NCHAN', 2),
      rppField('FX', 1),
      rppField('TRACKID', trackGuid),
      rppField('MAINSEND', 1, 0),
    ],
  );
  // REAPER writes a track's <EXT data before its FX chain and items.
  if (Object.keys(context.ext).length > 0) block.children.push(extBlock(context.ext));
  if (state && state.fx.length > 0) {
    block.children.push(
      fxChainBlock('FXCHAIN', state.fx, {
        trackLabel: name,
        guid: (slot) => guid('fx', trackGuid, String(slot)),
        warnings,
      }),
    );
  }
  return block;
}

function extBlock(values: Record<string, string>): RppBlock {
  return rppBlock(
    'EXT',
    [],
    Object.entries(values).map(([key, value]) => rppField(key, value)),
  );
}

function fadeField(name: 'FADEIN' | 'FADEOUT', fade: LoadedSong['fadeIn']): RppNode {
  // REAPER's default when there is no fade: shape 1, length 0.
  const shape = fade?.shape ?? 1;
  return rppField(name, shape, formatRppNumber(fade?.length ?? 0), 0, shape, 0, 0, 0);
}

function itemBlock(
  song: LoadedSong,
  media: (file: string) => string,
  guid: (...parts: string[]) => string,
  warnings: string[],
): RppBlock {
  const extension = extname(song.file).toLowerCase();
  let sourceType = SOURCE_TYPES[extension];
  if (!sourceType) {
    warnings.push(
      `${song.title}: REAPER's source type for "${extension || 'no extension'}" files is not known to tapeop; written as WAVE, which REAPER may not play`,
    );
    sourceType = 'WAVE';
  }
  return rppBlock(
    'ITEM',
    [],
    [
      rppField('POSITION', formatRppNumber(song.position)),
      rppField('SNAPOFFS', 0),
      rppField('LENGTH', formatRppNumber(song.length)),
      // A source shorter than its item must never silently loop.
      rppField('LOOP', 0),
      rppField('ALLTAKES', 0),
      fadeField('FADEIN', song.fadeIn),
      fadeField('FADEOUT', song.fadeOut),
      rppField('MUTE', 0, 0),
      rppField('IGUID', guid('item', song.songId)),
      extBlock({ [SONG_EXT_KEY]: song.songId }),
      ...nameNodes(song.title !== '' ? song.title : song.songId),
      rppField(
        'VOLPAN',
        formatRppNumber(song.gain === undefined ? 1 : dbToGain(song.gain)),
        0,
        1,
        -1,
      ),
      rppField('SOFFS', formatRppNumber(song.offset)),
      rppField('PLAYRATE', 1, 1, 0, -1, 0, 0.0025),
      rppField('CHANMODE', 0),
      rppField('GUID', guid('take', song.songId)),
      rppBlock('SOURCE', [sourceType], [rppStringField('FILE', media(song.file))]),
    ],
  );
}

function mediaPath(file: string, projectDir: string, mode: 'relative' | 'absolute'): string {
  const absolute = resolve(file);
  if (mode === 'absolute') return absolute;
  const rel = relative(projectDir, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolute;
  return rel.split(sep).join('/');
}

interface MarkerRecord {
  guid: string;
  id: string;
  kind: string;
}

function addMarkers(
  add: (...nodes: RppNode[]) => void,
  markers: readonly Marker[],
  guid: (...parts: string[]) => string,
  warnings: string[],
): MarkerRecord[] {
  const { args, warnings: nameWarnings } = writeMarkersArgs([...markers]);
  warnings.push(...nameWarnings);
  const counters = { marker: 0, region: 0 };
  const written = args.markers.map((entry, order) => {
    const m = entry as {
      id: string;
      kind: string;
      name: string;
      pos: number;
      region?: boolean;
      end?: number;
      snap?: boolean;
    };
    let position = m.pos;
    let end = m.region ? m.end : undefined;
    if (position < 0) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `marker "${m.name}" (${m.id}) is ${-position} s before the start of the project`,
        { details: { marker: m.id } },
      );
    }
    if (m.snap || isCdMarkerName(m.name)) {
      position = snapToCdFrame(position);
      if (end !== undefined && m.snap) end = snapToCdFrame(end);
    }
    // REAPER numbers markers and regions separately, in the order they are added.
    const number = end === undefined ? ++counters.marker : ++counters.region;
    return { ...m, position, end, number, order, guid: guid('marker', m.id) };
  });
  // REAPER saves markers in timeline order.
  written.sort((a, b) => a.position - b.position || a.order - b.order);
  for (const m of written) {
    add(
      ...markerFields({
        number: m.number,
        position: formatRppNumber(m.position),
        ...(m.end === undefined ? {} : { end: formatRppNumber(m.end) }),
        name: m.name,
        guid: m.guid,
      }),
    );
  }
  return written.map((m) => ({ guid: m.guid, id: m.id, kind: m.kind }));
}
