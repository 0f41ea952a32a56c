import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TapeopError, validateMarker } from '@tapeop/core';
import type { WrittenMarker } from '../markers/marker-mapping.js';

/** The file next to the .ardour file where tapeop keeps what Ardour cannot hold. */
export const SIDECAR_FILE = 'tapeop-ardour.json';
export const SIDECAR_SCHEMA = 'tapeop-ardour.1';

export interface SidecarTrack {
  /** Ardour's route id, stable across saves. */
  routeId: string;
  name: string;
  songId: string;
}

/** A mix tapeop brought into the session, so that loading it again reuses the copy. */
export interface SidecarMedia {
  /** The mix as the load plan named it. */
  from: string;
  /** The file Ardour plays (the copy inside the session). */
  sourcePath: string;
  size: number;
  mtimeMs: number;
}

export interface ArdourSidecar {
  schema: typeof SIDECAR_SCHEMA;
  tracks: SidecarTrack[];
  markers: WrittenMarker[];
  media: SidecarMedia[];
}

export const emptySidecar = (): ArdourSidecar => ({
  schema: SIDECAR_SCHEMA,
  tracks: [],
  markers: [],
  media: [],
});

/**
 * Reads the sidecar of an Ardour session folder. A missing file is an empty sidecar; a damaged
 * one is reported in `warnings` and ignored (the session itself is still readable, tapeop only
 * forgets which markers and tracks it wrote), never thrown: one bad file must not block a read.
 */
export async function readSidecar(
  sessionDir: string,
): Promise<{ sidecar: ArdourSidecar; warnings: string[] }> {
  const path = join(sessionDir, SIDECAR_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { sidecar: emptySidecar(), warnings: [] };
    return {
      sidecar: emptySidecar(),
      warnings: [`${path}: cannot be read (${(error as Error).message})`],
    };
  }
  const problem = (why: string) => ({
    sidecar: emptySidecar(),
    warnings: [
      `${path}: ${why}; tapeop ignores it and treats every marker and track as the user's own (delete the file to silence this)`,
    ],
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return problem(`is not valid JSON (${(error as Error).message})`);
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    (data as { schema?: unknown }).schema !== SIDECAR_SCHEMA
  ) {
    return problem(`is not a ${SIDECAR_SCHEMA} document`);
  }
  const raw = data as { tracks?: unknown; markers?: unknown };
  if (!Array.isArray(raw.tracks) || !Array.isArray(raw.markers)) {
    return problem('lacks its "tracks" or "markers" list');
  }
  const warnings: string[] = [];
  const tracks: SidecarTrack[] = [];
  raw.tracks.forEach((t: unknown, i) => {
    const track = t as Partial<SidecarTrack>;
    if (
      typeof track?.routeId === 'string' &&
      typeof track.name === 'string' &&
      typeof track.songId === 'string'
    ) {
      tracks.push({ routeId: track.routeId, name: track.name, songId: track.songId });
    } else warnings.push(`${path}: tracks[${i}] is incomplete and was skipped`);
  });
  const markers: WrittenMarker[] = [];
  raw.markers.forEach((m: unknown, i) => {
    const written = m as Partial<WrittenMarker>;
    const checked = written?.marker ? validateMarker(written.marker) : undefined;
    if (
      typeof written?.name === 'string' &&
      typeof written.range === 'boolean' &&
      Number.isInteger(written.timeSamples) &&
      checked?.ok
    ) {
      markers.push({
        name: written.name,
        range: written.range,
        timeSamples: written.timeSamples!,
        marker: written.marker!,
      });
    } else warnings.push(`${path}: markers[${i}] is not a valid written marker and was skipped`);
  });
  const media: SidecarMedia[] = [];
  if (Array.isArray((raw as { media?: unknown }).media)) {
    for (const m of (raw as { media: Array<Partial<SidecarMedia>> }).media) {
      if (
        typeof m?.from === 'string' &&
        typeof m.sourcePath === 'string' &&
        typeof m.size === 'number' &&
        typeof m.mtimeMs === 'number'
      ) {
        media.push({ from: m.from, sourcePath: m.sourcePath, size: m.size, mtimeMs: m.mtimeMs });
      }
    }
  }
  return { sidecar: { schema: SIDECAR_SCHEMA, tracks, markers, media }, warnings };
}

/** Writes the sidecar through a temporary file and a rename: never half-written. */
export async function writeSidecar(sessionDir: string, sidecar: ArdourSidecar): Promise<void> {
  const path = join(sessionDir, SIDECAR_FILE);
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(sidecar, null, 2)}\n`, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new TapeopError('IO_ERROR', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
      details: { file: path },
    });
  }
}
