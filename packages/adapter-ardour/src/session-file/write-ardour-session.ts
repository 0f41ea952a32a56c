import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  type LoadPlan,
  type Logger,
  type Marker,
  noopLogger,
  type Session,
  type Snapshot,
  TapeopError,
} from '@tapeop/core';
import { buildMarkers, buildTimeline, planLoad } from '@tapeop/session';
import { writeXml } from '../xml/xml-write.js';
import { type AlbumMetadata, buildArdourSession, type MediaFacts } from './build-session.js';
import { SIDECAR_FILE } from './sidecar.js';

export interface WriteArdourSessionOptions {
  /**
   * The tapeop session folder (mix paths in session.json are relative to it). With it, the plan
   * and the markers are made from the session by @tapeop/session when they are not given.
   */
  sessionDir?: string;
  /** The album's load plan (@tapeop/session's planLoad). */
  plan?: LoadPlan;
  /** Markers to write as Ardour locations (CD markers carry their ISRC); buildMarkers' by default. */
  markers?: Marker[];
  /** Levels, pan and switches to start the tracks with. */
  snapshot?: Snapshot;
  /** The snapshot name; by default the folder's name (Ardour's own convention). */
  name?: string;
  /**
   * Format facts of files that are not described in the Session (mixes whose songs have no
   * `source`), keyed by the plan's file paths.
   */
  media?: Map<string, MediaFacts>;
  logger?: Logger;
}

export interface WriteArdourSessionResult {
  /** The .ardour file. */
  path: string;
  /** The session folder. */
  dir: string;
  warnings: string[];
}

// Ardour refuses these in session and snapshot names (Session::session_name_is_legal).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const ILLEGAL_NAME = /[/\\:;\u0000-\u001f\u007f]/;

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return false;
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Writes an Ardour 7 session folder for an album: one track per song (or one for the album),
 * each mix placed at its sequenced position to the sample, the markers as Ardour locations
 * (CD markers with ISRC), the OSC surface switched on, and the mixes copied into
 * interchange/<folder>/audiofiles as Ardour's own import does. Ardour opens it as it is, and
 * `ardour7-export` renders it.
 *
 * The folder is built under a temporary name next to `dir` and renamed into place, so it is
 * never half-written; an existing folder that is not empty is never touched.
 */
export async function writeArdourSession(
  session: Session,
  dir: string,
  options: WriteArdourSessionOptions,
): Promise<WriteArdourSessionResult> {
  const logger = (options.logger ?? noopLogger).child('adapter-ardour');
  const target = resolve(dir);
  const folderName = basename(target);
  const name = options.name ?? folderName;
  for (const [what, value] of [
    ['folder', folderName],
    ['snapshot', name],
  ] as const) {
    const bad = ILLEGAL_NAME.exec(value);
    if (bad || value.length === 0) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `the Ardour session ${what} name "${value}" ${bad ? `contains "${bad[0]}", which Ardour does not allow` : 'is empty'}`,
        { hint: 'Choose a name without / \\ : ; or control characters.' },
      );
    }
  }
  if (!(await isEmptyOrMissing(target))) {
    throw new TapeopError('CONFLICT', `${target} already exists and is not empty`, {
      details: { dir: target },
      hint: 'Write the Ardour session to a new folder; tapeop never overwrites an existing session.',
    });
  }

  let plan = options.plan;
  let markers = options.markers;
  if (!plan) {
    if (!options.sessionDir) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        'writeArdourSession needs the session folder (sessionDir) or a load plan (plan)',
      );
    }
    const timeline = buildTimeline(session);
    plan = planLoad(session, options.sessionDir, { timeline });
    markers ??= buildMarkers(timeline);
  }
  const media = new Map(options.media ?? []);
  for (const song of plan.songs) {
    if (media.has(song.filePath)) continue;
    const facts = session.songs.find((s) => s.id === song.songId)?.source;
    if (!facts) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `song "${song.songId}" has no mix source facts in the session, so its channels and length are unknown`,
        { hint: 'Scan the mixes first (tapeop init/scan), or pass their facts in options.media.' },
      );
    }
    media.set(song.filePath, {
      channels: facts.channels,
      frames: facts.frames,
      sampleRate: facts.sampleRate,
    });
  }

  const album: AlbumMetadata = {
    title: session.album.title,
    ...(session.album.artist ? { artist: session.album.artist } : {}),
    ...(session.album.upc ? { upc: session.album.upc } : {}),
    ...(session.album.genre ? { genre: session.album.genre } : {}),
    ...(session.album.releaseDate ? { year: session.album.releaseDate.slice(0, 4) } : {}),
  };
  const built = buildArdourSession({
    name,
    plan,
    markers: markers ?? [],
    media,
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    album,
  });

  const temporary = join(
    dirname(target),
    `.${folderName}.tapeop-${randomBytes(4).toString('hex')}`,
  );
  try {
    const audio = join(temporary, 'interchange', folderName, 'audiofiles');
    await mkdir(audio, { recursive: true });
    await mkdir(join(temporary, 'interchange', folderName, 'midifiles'), { recursive: true });
    for (const sub of ['peaks', 'analysis', 'dead', 'export', 'externals', 'plugins']) {
      await mkdir(join(temporary, sub));
    }
    for (const file of built.media) {
      logger.debug('copying mix into the session', { from: file.from, to: file.fileName });
      try {
        await copyFile(file.from, join(audio, file.fileName));
        const info = await stat(file.from);
        built.sidecar.media.push({
          from: file.from,
          sourcePath: join(target, 'interchange', folderName, 'audiofiles', file.fileName),
          size: info.size,
          mtimeMs: info.mtimeMs,
        });
      } catch (error) {
        throw new TapeopError(
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'IO_ERROR',
          `cannot copy ${file.from} into the Ardour session: ${(error as Error).message}`,
          { cause: error, details: { file: file.from } },
        );
      }
    }
    await writeFile(join(temporary, `${name}.ardour`), writeXml(built.xml), 'utf8');
    await writeFile(
      join(temporary, SIDECAR_FILE),
      `${JSON.stringify(built.sidecar, null, 2)}\n`,
      'utf8',
    );
    // rename() replaces an empty directory on POSIX, so an empty target folder is fine.
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    if (error instanceof TapeopError) throw error;
    throw new TapeopError(
      'IO_ERROR',
      `cannot write the Ardour session ${target}: ${(error as Error).message}`,
      {
        cause: error,
        details: { dir: target },
      },
    );
  }
  for (const warning of built.warnings) logger.warn(warning);
  return { path: join(target, `${name}.ardour`), dir: target, warnings: built.warnings };
}
