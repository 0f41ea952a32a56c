import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type {
  DawItem,
  DawTrack,
  Logger,
  Marker,
  OfflineProject,
  OfflineProjectSupport,
} from '@tapeop/core';
import { ioError } from '../files/atomic-write.js';
import type { BridgeMarker } from '../live/bridge-types.js';
import { markersFromBridge } from '../live/marker-mapping.js';
import { type ReadRppOptions, readRpp } from './read-rpp.js';
import type { RppProject } from './rpp-project.js';
import { MARKERS_EXT_KEY, TAPEOP_EXT_SECTION, writeRppFile } from './write-rpp.js';

/** The rate positions are given at when a project does not say its own (no SAMPLERATE line). */
export const DEFAULT_RPP_SAMPLE_RATE = 44100;

/**
 * Reads a .RPP file. RPP files are UTF-8; a file that is not (REAPER 4 on Windows wrote the
 * system code page) is read as Latin-1 and says so in `problems`.
 */
export async function readRppFile(
  path: string,
  options: Omit<ReadRppOptions, 'file'> = {},
): Promise<RppProject> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw ioError(error, path, 'read');
  }
  let text: string;
  let latin1 = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('latin1');
    latin1 = true;
  }
  const project = readRpp(text, { ...options, file: path });
  if (latin1) {
    project.problems.unshift({
      code: 'bad-value',
      severity: 'warning',
      line: 1,
      message:
        'the file is not UTF-8; it is read as Latin-1 (Windows-1252), so accented names may differ',
    });
  }
  return project;
}

/**
 * The project as the adapter contract describes one: tracks with their items in samples at the
 * project's rate (media paths resolved against the project's folder), markers and regions as
 * Marker.1 documents (kinds and CD metadata read from REAPER's names, tapeop's ids from the
 * record the bridge and `writeRpp` keep in the project), and the notes.
 */
export function offlineProjectFromRpp(
  project: RppProject,
  options: { projectDir?: string; logger?: Logger } = {},
): OfflineProject {
  const sampleRate = project.sampleRate ?? DEFAULT_RPP_SAMPLE_RATE;
  const samples = (seconds: number) => Math.max(0, Math.round(seconds * sampleRate));
  const projectDir =
    options.projectDir ??
    (project.document.file ? dirname(resolve(project.document.file)) : undefined);
  const tracks: DawTrack[] = project.tracks.map((track) => ({
    ...(track.guid ? { guid: track.guid } : {}),
    name: track.name,
    index: track.index,
    ...(track.songId ? { songId: track.songId } : {}),
    items: track.items.map((item): DawItem => {
      const file = item.takes[item.activeTake]?.source?.file;
      const sourcePath = file === undefined ? undefined : mediaPath(file, projectDir);
      return {
        ...(item.name !== undefined ? { name: item.name } : {}),
        ...(sourcePath !== undefined ? { sourcePath } : {}),
        positionSamples: samples(item.position),
        lengthSamples: samples(item.length),
        sourceOffsetSamples: samples(item.sourceOffset),
        sampleRate,
      };
    }),
  }));
  const result: OfflineProject = {
    sampleRate,
    tracks,
    markers: rppMarkers(project, sampleRate, options.logger),
  };
  if (project.notes !== '') result.notes = project.notes;
  return result;
}

/**
 * A media path as the project gives it, resolved against the project's folder when relative.
 * Windows projects write relative paths with '\\', which other systems read as '/'.
 */
function mediaPath(file: string, projectDir: string | undefined): string {
  const windowsAbsolute = /^[A-Za-z]:[\\/]|^\\\\/.test(file);
  if (!projectDir || isAbsolute(file) || windowsAbsolute) return file;
  return resolve(projectDir, sep === '/' ? file.replaceAll('\\', '/') : file);
}

/** The project's markers as Marker.1 documents, read the way the live adapter reads REAPER's. */
export function rppMarkers(project: RppProject, sampleRate: number, logger?: Logger): Marker[] {
  const own = tapeopMarkerRecord(project);
  const ordered = project.markers
    .map((marker, order) => ({ marker, order }))
    .sort((a, b) => a.marker.position - b.marker.position || a.order - b.order);
  const list: BridgeMarker[] = ordered.map(({ marker }, idx) => {
    const mine = marker.guid ? own.get(marker.guid) : undefined;
    return {
      idx,
      guid: marker.guid ?? '',
      num: marker.number,
      rgn: marker.isRegion,
      pos: marker.position,
      ...(marker.isRegion ? { end: marker.end ?? marker.position } : {}),
      name: marker.name,
      color: marker.color,
      ...(mine ? { tapeop: mine } : {}),
    };
  });
  const markers = markersFromBridge(list, sampleRate, logger);
  // REAPER 5 saved markers without GUIDs: no identity to report then.
  for (const marker of markers) if (marker.daw?.guid === '') delete marker.daw.guid;
  return markers;
}

/** tapeop's markers by GUID, from the project ext state the bridge and `writeRpp` keep. */
function tapeopMarkerRecord(project: RppProject): Map<string, { id: string; kind: string }> {
  const own = new Map<string, { id: string; kind: string }>();
  const section = Object.entries(project.extState).find(
    ([name]) => name.toUpperCase() === TAPEOP_EXT_SECTION,
  )?.[1];
  const text = section
    ? Object.entries(section).find(([key]) => key.toUpperCase() === MARKERS_EXT_KEY)?.[1]
    : undefined;
  if (!text) return own;
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) return own;
    for (const entry of list) {
      const { guid, id, kind } = (entry ?? {}) as Record<string, unknown>;
      if (typeof guid === 'string' && typeof id === 'string') {
        own.set(guid, { id, kind: typeof kind === 'string' ? kind : 'generic' });
      }
    }
  } catch {
    // A damaged record: every marker reads as the user's own, which never deletes one.
  }
  return own;
}

/**
 * REAPER projects without a running REAPER, for the adapter factory: `tapeop load --offline
 * album.RPP` writes one, and reading one gives its tracks, items, markers and notes.
 */
export const reaperOfflineProjects: OfflineProjectSupport = {
  extensions: ['.rpp'],
  async write(input) {
    return writeRppFile(input.outFile, input.session, {
      sessionDir: input.sessionDir,
      plan: input.plan,
      markers: input.markers,
      ...(input.snapshot ? { snapshot: input.snapshot } : {}),
    });
  },
  async read(path) {
    return offlineProjectFromRpp(await readRppFile(path));
  },
};
