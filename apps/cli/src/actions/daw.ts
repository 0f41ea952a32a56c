import { mkdir } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import {
  type AdapterFactory,
  type AdapterManifest,
  checkSessionPath,
  type DawInfo,
  type DawTrack,
  type Marker,
  type Session,
  type Song,
  TapeopError,
  type TransportState,
} from '@tapeop/core';
import {
  buildMarkers,
  buildTimeline,
  describeSequenceChange,
  diffSequences,
  planLoad,
  type SequenceChange,
  sequenceFromMarkers,
} from '@tapeop/session';
import {
  array,
  boolean,
  integer,
  manifestDocument,
  markerDocument,
  number,
  object,
  oneOfStrings,
  sessionFile,
  string,
} from '../output/common-schemas.js';
import { recordChanges } from '../session-folder/journal.js';
import { readSession } from '../session-folder/session-file.js';
import { findSnapshot, listSnapshots } from '../session-folder/snapshot-store.js';
import { updateSession } from '../session-folder/update-session.js';
import { type ActionEnv, defineAction, requireSession } from './action.js';
import { findSong } from './song-reference.js';

const dawTrack = object(
  {
    guid: string(),
    name: string(),
    index: integer(),
    songId: string(),
    items: array(
      object(
        {
          name: string(),
          sourcePath: string(),
          positionSamples: integer(),
          lengthSamples: integer(),
          sourceOffsetSamples: integer(),
          sampleRate: integer(),
        },
        { optional: ['name', 'sourcePath'] },
      ),
    ),
  },
  { optional: ['guid', 'songId'] },
);

const dawInfo = object(
  {
    name: string(),
    version: string(),
    project: object(
      { name: string(), path: string(), sampleRate: number() },
      { optional: ['name', 'path', 'sampleRate'] },
    ),
  },
  { optional: ['version', 'project'] },
);

export interface LoadParams {
  layout?: 'track-per-song' | 'single-track';
  /** Write a project file (.RPP, .ardour) here instead of loading into a running DAW. */
  offline?: string;
  /** Offline: the snapshot whose mixer and plug-in chains the project gets ('latest' by default, 'none'). */
  snapshot?: string;
}

export interface LoadResult {
  session: string;
  mode: 'live' | 'offline';
  adapter: string;
  daw?: DawInfo;
  file?: string;
  songs: Array<{
    songId: string;
    title: string;
    track: string;
    positionSec: number;
    lengthSec: number;
    file: string;
  }>;
  tracks: DawTrack[];
  warnings: string[];
}

/** The adapter that writes project files with this extension (or the chosen one). */
async function offlineFactory(env: ActionEnv, file: string): Promise<AdapterFactory> {
  const { loadAdapterRegistry } = await import('../daw/adapter-registry.js');
  const { registry, missingBuiltins } = await loadAdapterRegistry({
    logger: env.logger,
    adapterConfigFiles: env.config.adapterConfigFiles,
  });
  const extension = extname(file).toLowerCase();
  const candidates = env.dawName
    ? [registry.get(env.dawName)]
    : registry
        .list()
        .map((entry) => entry.factory)
        .filter((factory) =>
          factory.offline?.extensions.map((e) => e.toLowerCase()).includes(extension),
        );
  const factory = candidates.find((f) => f.offline?.write);
  if (!factory)
    throw new TapeopError(
      'UNSUPPORTED',
      env.dawName
        ? `the ${env.dawName} adapter does not write project files`
        : `no adapter writes ${extension || 'extension-less'} project files`,
      {
        details: { file, extension, missingBuiltins },
        hint:
          missingBuiltins.length > 0
            ? `Not available in this build: ${missingBuiltins.map((m) => `${m.module} (${m.reason})`).join(', ')}.`
            : 'Name the file .RPP (REAPER) or .ardour (Ardour).',
      },
    );
  return factory;
}

/** In the hub, files are written inside the session folder only. */
function outputPath(env: ActionEnv, given: string): string {
  const location = requireSession(env);
  if (env.runner === 'hub') {
    const verdict = checkSessionPath(given);
    if (!verdict.inside)
      throw new TapeopError(
        'PATH_OUTSIDE_SESSION',
        `the hub writes inside its session folder only; "${given}" ${verdict.reason}`,
        {
          details: { path: given },
          hint: 'Give a path relative to the session folder, such as deliver/album.RPP.',
        },
      );
    return resolve(location.dir, verdict.normalized);
  }
  return resolve(env.cwd, given);
}

export const loadAction = defineAction<LoadParams, LoadResult>({
  method: 'load',
  summary: 'Load the sequenced album into the DAW (one track per song), or write a project file.',
  params: object(
    {
      layout: oneOfStrings(
        ['track-per-song', 'single-track'],
        'One track per song (default) or every song on one track.',
      ),
      offline: string(
        'Write this project file (.RPP, .ardour) instead of loading into a running DAW.',
      ),
    },
    { optional: ['layout', 'offline'] },
  ),
  result: object(
    {
      session: sessionFile,
      mode: oneOfStrings(['live', 'offline']),
      adapter: string(),
      daw: dawInfo,
      file: string('The project file written (offline).'),
      songs: array(
        object({
          songId: string(),
          title: string(),
          track: string(),
          positionSec: number(),
          lengthSec: number(),
          file: string(),
        }),
      ),
      tracks: array(dawTrack, 'The DAW tracks as loaded (live).'),
      warnings: array(string()),
    },
    { optional: ['daw', 'file'] },
  ),
  session: true,
  daw: true,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const plan = planLoad(session, location.dir, {
      ...(params.layout ? { layout: params.layout } : {}),
    });
    const songs = plan.songs.map((song) => ({
      songId: song.songId,
      title: song.title,
      track: song.trackName,
      positionSec: song.positionSamples / plan.sampleRate,
      lengthSec: song.lengthSamples / plan.sampleRate,
      file: song.filePath,
    }));
    if (params.offline) {
      const file = outputPath(env, params.offline);
      const factory = await offlineFactory(env, file);
      await mkdir(dirname(file), { recursive: true });
      const reference = params.snapshot ?? 'latest';
      const { snapshots } = await listSnapshots(location);
      const snapshot =
        reference === 'none' || (reference === 'latest' && snapshots.length === 0)
          ? undefined
          : (await findSnapshot(location, reference, env.cwd)).snapshot;
      const written = await factory.offline!.write!({
        session,
        sessionDir: location.dir,
        plan,
        markers: buildMarkers(buildTimeline(session)),
        ...(snapshot ? { snapshot } : {}),
        outFile: file,
      });
      await recordChanges(
        location,
        [
          {
            kind: 'note',
            text: `Project file written: ${written.path}`,
            data: { file: written.path, adapter: factory.name },
          },
        ],
        { logger: env.logger, ...(env.author ? { author: env.author } : {}) },
      );
      return {
        result: {
          session: location.file,
          mode: 'offline',
          adapter: factory.name,
          file: written.path,
          songs,
          tracks: [],
          warnings: written.warnings,
        },
      };
    }
    const adapter = await env.daw();
    const description = await adapter.describe();
    const loaded = await adapter.loadSongs(plan);
    await recordChanges(
      location,
      [
        {
          kind: 'note',
          text: `Album loaded into ${description.daw.name} (${plan.songs.length} songs)`,
          data: { adapter: adapter.manifest.name, songs: plan.songs.length },
        },
      ],
      { logger: env.logger, ...(env.author ? { author: env.author } : {}) },
    );
    return {
      result: {
        session: location.file,
        mode: 'live',
        adapter: adapter.manifest.name,
        daw: description.daw,
        songs,
        tracks: loaded.tracks,
        warnings: loaded.warnings,
      },
    };
  },
});

export interface MarkersWriteResult {
  session: string;
  adapter: string;
  written: Marker[];
  removed: number;
  warnings: string[];
}

export const markersWriteAction = defineAction<Record<string, never>, MarkersWriteResult>({
  method: 'markers.write',
  summary: "Write the album's CD markers (tracks, pauses, indexes, ISRC, CD-Text) into the DAW.",
  params: object({}),
  result: object({
    session: sessionFile,
    adapter: string(),
    written: array(markerDocument),
    removed: integer('Markers tapeop had written before and replaced.'),
    warnings: array(string()),
  }),
  session: true,
  daw: true,
  async run(_params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const markers = buildMarkers(buildTimeline(session));
    const adapter = await env.daw();
    const result = await adapter.writeMarkers(markers);
    const tracks = markers.filter((m) => m.kind === 'cd-track').length;
    await recordChanges(
      location,
      [
        {
          kind: 'note',
          text: `CD markers written to the DAW (${tracks} tracks, ${result.written.length} markers)`,
          data: {
            adapter: adapter.manifest.name,
            markers: result.written.length,
            removed: result.removed,
          },
        },
      ],
      { logger: env.logger, ...(env.author ? { author: env.author } : {}) },
    );
    return { result: { session: location.file, adapter: adapter.manifest.name, ...result } };
  },
});

export interface MarkersReadParams {
  /** Show what the markers say without changing the session. */
  dryRun?: boolean;
}

export interface MarkersReadResult {
  session: string;
  adapter: string;
  markers: Marker[];
  changes: Array<{ change: SequenceChange; text: string }>;
  written: boolean;
  unmatched: Array<{ marker: Marker; reason: string }>;
  ignored: number;
  notes: string[];
}

export const markersReadAction = defineAction<MarkersReadParams, MarkersReadResult>({
  method: 'markers.read',
  summary:
    "Read the DAW's markers back and update the sequence from them, after showing the change.",
  params: object(
    { dryRun: boolean('Show the change without writing the session.') },
    { optional: ['dryRun'] },
  ),
  result: object({
    session: sessionFile,
    adapter: string(),
    markers: array(markerDocument, 'The markers as the DAW has them.'),
    changes: array(
      object({ change: { type: 'object', required: ['kind', 'songId'] }, text: string() }),
    ),
    written: boolean(),
    unmatched: array(object({ marker: markerDocument, reason: string() })),
    ignored: integer("The user's own markers, left alone."),
    notes: array(string()),
  }),
  session: true,
  daw: true,
  async run(params, env) {
    const location = requireSession(env);
    const adapter = await env.daw();
    const markers = await adapter.readMarkers();
    const read = (session: Session) =>
      sequenceFromMarkers(markers, session.songs, {
        previous: session.sequence,
        sampleRate: session.sampleRate,
      });
    let result: ReturnType<typeof sequenceFromMarkers>;
    let changes: SequenceChange[];
    let written = false;
    let songs: Song[];
    if (params.dryRun) {
      const { session } = await readSession(location, env.logger);
      result = read(session);
      changes = diffSequences(session.sequence, result.sequence);
      songs = session.songs;
    } else {
      const update = await updateSession(
        location,
        (session) => {
          const found = read(session);
          const next = { ...session, sequence: found.sequence };
          // Refuse a sequence that cannot be laid out before it is written.
          buildTimeline(next);
          return {
            session: next,
            value: { found, changes: diffSequences(session.sequence, found.sequence) },
          };
        },
        { logger: env.logger },
      );
      result = update.value.found;
      changes = update.value.changes;
      written = !update.unchanged;
      songs = update.after.songs;
    }
    const lines = changes.map((change) => ({
      change,
      text: describeSequenceChange(change, songs),
    }));
    if (written)
      await recordChanges(
        location,
        lines.map((l) => ({
          text: `From the DAW's markers: ${l.text}`,
          songId: l.change.songId,
          data: { sequenceChange: l.change },
        })),
        { logger: env.logger, ...(env.author ? { author: env.author } : {}) },
      );
    return {
      result: {
        session: location.file,
        adapter: adapter.manifest.name,
        markers,
        changes: lines,
        written,
        unmatched: result.unmatched,
        ignored: result.ignored.length,
        notes: result.notes,
      },
      sessionChanged: written,
    };
  },
});

export interface DawStatusResult {
  adapter: string;
  manifest: AdapterManifest;
  daw: DawInfo;
  transport?: TransportState;
}

const transportState = object(
  { playing: boolean(), recording: boolean(), positionSec: number() },
  { optional: ['recording'] },
);

export const dawStatusAction = defineAction<Record<string, never>, DawStatusResult>({
  method: 'daw.status',
  summary: 'Is the DAW there: its name, version, project, capabilities and play position.',
  params: object({}),
  result: object(
    { adapter: string(), manifest: manifestDocument, daw: dawInfo, transport: transportState },
    { optional: ['transport'] },
  ),
  session: false,
  daw: true,
  async run(_params, env) {
    const adapter = await env.daw();
    const description = await adapter.describe();
    const transport = adapter.supports('transport') ? await adapter.transportState() : undefined;
    return {
      result: {
        adapter: adapter.manifest.name,
        manifest: description.manifest,
        daw: description.daw,
        ...(transport ? { transport } : {}),
      },
    };
  },
});

export interface LocateParams {
  /** Seconds from the programme start, or a song (id, title, track number): its track start. */
  to: string | number;
}

export const dawLocateAction = defineAction<
  LocateParams,
  { positionSec: number; songId?: string; transport: TransportState }
>({
  method: 'daw.locate',
  summary: "Move the DAW's play position to a time or to a song's start.",
  params: object({
    to: {
      type: ['string', 'number'],
      description:
        'Seconds (90, "1:30", "90.5") or a song: id, title, or track number with # ("#3").',
    },
  }),
  result: object(
    { positionSec: number(), songId: string(), transport: transportState },
    { optional: ['songId'] },
  ),
  session: true,
  daw: true,
  async run(params, env) {
    const location = requireSession(env);
    let positionSec: number;
    let songId: string | undefined;
    const given = typeof params.to === 'number' ? params.to : parseTime(params.to);
    if (given !== undefined) positionSec = given;
    else {
      const { session } = await readSession(location, env.logger);
      const song = findSong(session, String(params.to).replace(/^#/, ''));
      const placed = buildTimeline(session).songs.find((s) => s.songId === song.id);
      if (!placed)
        throw new TapeopError('INVALID_ARGUMENT', `${song.title} is not in the sequence`, {
          hint: 'Add it to the sequence first (tapeop sequence --order ...).',
        });
      positionSec = placed.trackStartSamples / session.sampleRate;
      songId = song.id;
    }
    const adapter = await env.daw();
    await adapter.locate(positionSec);
    const transport = await adapter.transportState();
    return { result: { positionSec, ...(songId ? { songId } : {}), transport } };
  },
});

/** '90', '90.5', '1:30', '1:02:03.5' → seconds; anything else (a song) → undefined. */
export function parseTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed) && !text.startsWith('#')) return Number(trimmed);
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(trimmed);
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function transportAction(method: 'daw.play' | 'daw.stop', verb: string) {
  return defineAction<Record<string, never>, { transport: TransportState }>({
    method,
    summary: `${verb} the DAW's transport.`,
    params: object({}),
    result: object({ transport: transportState }),
    session: false,
    daw: true,
    async run(_params, env) {
      const adapter = await env.daw();
      if (method === 'daw.play') await adapter.play();
      else await adapter.stop();
      return { result: { transport: await adapter.transportState() } };
    },
  });
}

export const dawPlayAction = transportAction('daw.play', 'Start');
export const dawStopAction = transportAction('daw.stop', 'Stop');

export const relativeToSession = (dir: string, path: string) =>
  isAbsolute(path) ? relative(dir, path).split('\\').join('/') : path;
