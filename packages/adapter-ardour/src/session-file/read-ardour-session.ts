import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import {
  type DawItem,
  type DawTrack,
  type Marker,
  type OfflineProject,
  TapeopError,
} from '@tapeop/core';
import type { ArdourLocation } from '../markers/ardour-location.js';
import { locationsToMarkers } from '../markers/marker-mapping.js';
import { attr, child, childrenNamed, type XmlElement } from '../xml/xml-node.js';
import { parseXml } from '../xml/xml-parse.js';
import { fadeLengthTicks } from './fade-curve.js';
import { readSidecar } from './sidecar.js';
import { parseTimecnt, parseTimepos, superclockToSamples } from './superclock.js';

export interface ArdourItem extends DawItem {
  /** Fade lengths in samples, when the region has its own fades. */
  fadeInSamples?: number;
  fadeOutSamples?: number;
  /** The region's gain (Ardour's scale-amplitude), linear. */
  gain: number;
  channels: number;
}

export interface ArdourTrack extends DawTrack {
  guid: string;
  items: ArdourItem[];
  /** Input channels. */
  channels: number;
}

export interface ArdourSessionContents extends OfflineProject {
  /** The .ardour file that was read. */
  path: string;
  dir: string;
  /** The snapshot name (the file name without .ardour). */
  name: string;
  sampleRate: number;
  /** Ardour's session format version (7002 for Ardour 7.3). */
  formatVersion: number;
  tracks: ArdourTrack[];
  /** Album markers: tapeop's own (identified through the sidecar) and the user's. */
  markers: Marker[];
  /** Every location as Ardour stores it, including the session range. */
  locations: ArdourLocation[];
  /** Whether the session's OSC surface is on and answers the sender's own port. */
  osc: { active: boolean; addressOnly: boolean } | undefined;
  warnings: string[];
}

async function findSessionFile(path: string): Promise<string> {
  const full = resolve(path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(full);
  } catch (error) {
    throw new TapeopError('FILE_NOT_FOUND', `${full} does not exist`, {
      cause: error,
      details: { file: full },
      hint: 'Give the .ardour file or the Ardour session folder.',
    });
  }
  if (!info.isDirectory()) return full;
  const own = join(full, `${basename(full)}.ardour`);
  const files = (await readdir(full)).filter((f) => f.endsWith('.ardour'));
  if (files.includes(basename(own))) return own;
  if (files.length === 1) return join(full, files[0]!);
  throw new TapeopError(
    files.length === 0 ? 'FILE_NOT_FOUND' : 'INVALID_ARGUMENT',
    files.length === 0
      ? `${full} holds no .ardour file`
      : `${full} holds several snapshots (${files.join(', ')}) and none is named after the folder`,
    {
      details: { dir: full, snapshots: files },
      hint: 'Give the .ardour file of the snapshot to read.',
    },
  );
}

/**
 * Reads an Ardour session: its tracks with their regions (positions, head trims and lengths in
 * samples), its locations, and the album markers. Works on sessions tapeop wrote and on the
 * engineer's own; Ardour 6 sessions (sample positions) are read too.
 */
export async function readArdourSession(path: string): Promise<ArdourSessionContents> {
  const file = await findSessionFile(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TapeopError('FILE_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
      details: { file },
    });
  }
  const parsed = parseArdourSessionXml(text, file);
  const dir = dirname(file);
  const { sidecar, warnings } = await readSidecar(dir);
  const tracks = parsed.tracks.map((track) => {
    const songId = sidecar.tracks.find((t) => t.routeId === track.guid)?.songId;
    return songId ? { ...track, songId } : track;
  });
  const markers = locationsToMarkers(parsed.locations, parsed.sampleRate, sidecar.markers).map(
    ({ tapeop: _tapeop, ...marker }) => marker,
  );
  return {
    ...parsed,
    tracks,
    markers,
    path: file,
    dir,
    warnings: [...parsed.warnings, ...warnings],
  };
}

type ParsedSession = Omit<ArdourSessionContents, 'path' | 'dir' | 'markers'>;

/** The pure part of readArdourSession: the text of a .ardour file to tracks and locations. */
export function parseArdourSessionXml(text: string, file: string): ParsedSession {
  const root = parseXml(text, { source: file });
  const where = (node: XmlElement) =>
    `${file}: <${node.name}${attr(node, 'name') ? ` name="${attr(node, 'name')}"` : ''}> at byte ${node.offset ?? '?'}`;
  const broken = (node: XmlElement, message: string): never => {
    throw new TapeopError('PARSE_ERROR', `${where(node)}: ${message}`, {
      details: { file, element: node.name, offset: node.offset },
      hint: 'The session file is damaged or was not written by Ardour 6 or 7; open a .bak or another snapshot.',
    });
  };
  const need = (node: XmlElement, name: string): string =>
    attr(node, name) ?? broken(node, `the attribute "${name}" is missing`);

  if (root.name !== 'Session') {
    throw new TapeopError(
      'PARSE_ERROR',
      `${file}: the root element is <${root.name}>, not <Session>: this is not an Ardour session file`,
      {
        details: { file },
      },
    );
  }
  const formatVersion = Number(need(root, 'version'));
  if (!Number.isInteger(formatVersion))
    broken(root, `version "${attr(root, 'version')}" is not a number`);
  const sampleRate = Number(need(root, 'sample-rate'));
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    broken(root, `sample-rate "${attr(root, 'sample-rate')}" is not a positive whole number`);
  }
  const warnings: string[] = [];
  const sessionDir = dirname(file);
  const folderName = basename(sessionDir);

  // Ardour 7 counts in superclock ticks ("a123"); Ardour 6 and older in samples ("123").
  const position = (node: XmlElement, name: string): number => {
    const value = need(node, name);
    if (formatVersion < 7000 && /^\d+$/.test(value)) return Number(value);
    return superclockToSamples(parseTimepos(value, where(node)), sampleRate);
  };
  const length = (node: XmlElement, name: string): number => {
    const value = need(node, name);
    if (formatVersion < 7000 && /^\d+$/.test(value)) return Number(value);
    return superclockToSamples(parseTimecnt(value, where(node)), sampleRate);
  };
  const regionPosition = (node: XmlElement): number => {
    if (formatVersion < 7000) return position(node, 'position');
    const value = need(node, 'length');
    const at = value.indexOf('@');
    if (at < 0)
      broken(node, `length "${value}" does not say where the region is (a<length>@a<position>)`);
    return superclockToSamples(parseTimepos(value.slice(at + 1), where(node)), sampleRate);
  };

  const sources = new Map<string, { name: string; channel: number }>();
  const sourcesNode = child(root, 'Sources');
  for (const node of sourcesNode ? childrenNamed(sourcesNode, 'Source') : []) {
    sources.set(need(node, 'id'), {
      name: need(node, 'name'),
      channel: Number(attr(node, 'channel') ?? 0),
    });
  }
  const sourcePath = (name: string) =>
    isAbsolute(name) ? name : join(sessionDir, 'interchange', folderName, 'audiofiles', name);

  const playlists = new Map<string, XmlElement>();
  const playlistsNode = child(root, 'Playlists');
  if (!playlistsNode) broken(root, 'there is no <Playlists> section');
  for (const node of childrenNamed(playlistsNode!, 'Playlist'))
    playlists.set(need(node, 'id'), node);

  const readItem = (node: XmlElement): ArdourItem => {
    const sourceId = need(node, 'source-0');
    const src = sources.get(sourceId);
    if (!src) broken(node, `refers to source ${sourceId}, which is not in <Sources>`);
    const fadeIn = child(node, 'FadeIn');
    const fadeOut = child(node, 'FadeOut');
    const ticksToSamples = (ticks: number | undefined) =>
      ticks === undefined ? undefined : superclockToSamples(ticks, sampleRate);
    const fadeInSamples = fadeIn ? ticksToSamples(fadeLengthTicks(fadeIn)) : undefined;
    const fadeOutSamples = fadeOut ? ticksToSamples(fadeLengthTicks(fadeOut)) : undefined;
    const gain = Number(attr(node, 'scale-amplitude') ?? 1);
    let channels = 0;
    while (attr(node, `source-${channels}`) !== undefined) channels++;
    return {
      name: need(node, 'name'),
      sourcePath: sourcePath(src!.name),
      positionSamples: regionPosition(node),
      lengthSamples: length(node, 'length'),
      sourceOffsetSamples: position(node, 'start'),
      sampleRate,
      gain: Number.isFinite(gain) ? gain : 1,
      channels,
      ...(fadeInSamples !== undefined ? { fadeInSamples } : {}),
      ...(fadeOutSamples !== undefined ? { fadeOutSamples } : {}),
    };
  };

  const routesNode = child(root, 'Routes');
  if (!routesNode) broken(root, 'there is no <Routes> section');
  const tracks: Array<ArdourTrack & { order: number }> = [];
  for (const route of childrenNamed(routesNode!, 'Route')) {
    const info = child(route, 'PresentationInfo');
    const flags = (info ? attr(info, 'flags') : undefined)?.split(',') ?? [];
    const playlistId = attr(route, 'audio-playlist');
    if (!flags.includes('AudioTrack') && playlistId === undefined) continue; // busses, master
    const order = Number(info ? attr(info, 'order') : Number.NaN);
    const playlist = playlistId ? playlists.get(playlistId) : undefined;
    if (playlistId && !playlist) {
      warnings.push(
        `${where(route)}: its playlist ${playlistId} is missing; the track is read as empty`,
      );
    }
    const input = childrenNamed(route, 'IO').find((io) => attr(io, 'direction') === 'Input');
    tracks.push({
      guid: need(route, 'id'),
      name: need(route, 'name'),
      index: 0,
      order: Number.isFinite(order) ? order : tracks.length,
      channels: input ? childrenNamed(input, 'Port').length : 0,
      items: playlist
        ? childrenNamed(playlist, 'Region')
            .map(readItem)
            .sort((a, b) => a.positionSamples - b.positionSamples)
        : [],
    });
  }
  tracks.sort((a, b) => a.order - b.order);

  const locationsNode = child(root, 'Locations');
  const locations: ArdourLocation[] = (
    locationsNode ? childrenNamed(locationsNode, 'Location') : []
  ).map((node) => {
    const cdInfo: Record<string, string> = {};
    for (const info of childrenNamed(node, 'CD-Info'))
      cdInfo[need(info, 'name')] = need(info, 'value');
    return {
      id: need(node, 'id'),
      name: attr(node, 'name') ?? '',
      startSamples: position(node, 'start'),
      endSamples: position(node, 'end'),
      flags: (attr(node, 'flags') ?? '').split(',').filter(Boolean),
      ...(Object.keys(cdInfo).length > 0 ? { cdInfo } : {}),
    };
  });

  const protocols = child(root, 'ControlProtocols');
  const osc = (protocols ? childrenNamed(protocols, 'Protocol') : []).find(
    (p) => attr(p, 'name') === 'Open Sound Control (OSC)',
  );
  return {
    name: basename(file).replace(/\.ardour$/, ''),
    sampleRate,
    formatVersion,
    tracks: tracks.map(({ order: _order, ...track }, index) => ({ ...track, index })),
    locations,
    osc: osc
      ? { active: attr(osc, 'active') === '1', addressOnly: attr(osc, 'address-only') !== '0' }
      : undefined,
    warnings,
  };
}
