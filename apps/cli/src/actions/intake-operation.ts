import { constants } from 'node:fs';
import { copyFile, mkdir, stat, utimes } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type Session, TapeopError } from '@tapeop/core';
import {
  createSessionFromMixes,
  formatIntakeProblem,
  type IntakeProblem,
  type MixScan,
  readMetadataSheet,
  scanMixes,
  type VersionChoice,
  writeSessionFile,
} from '@tapeop/session';
import { recordChanges } from '../session-folder/journal.js';
import { SESSION_FILE } from '../session-folder/session-file.js';
import type { ActionEnv } from './action.js';

export interface ScanInput {
  folder: string;
  recursive?: boolean;
  /** Skip the SHA-256 of every file (faster; duplicates are then not found). */
  noHash?: boolean;
  /** The album artist, to read 'Artist - Title.wav' names. */
  artist?: string;
}

export interface ScannedFile {
  file: string;
  status: 'selected' | 'superseded' | 'duplicate' | 'rejected';
  reason?: string;
  sizeBytes: number;
  sha256?: string;
  format?: {
    container: string;
    codec: string;
    sampleRate: number;
    bitDepth: number;
    channels: number;
    frames: number;
    durationSec: number;
  };
  name: { trackNumber?: number; title: string; versionLabel?: string };
  problems: ProblemLine[];
}

export interface ProblemLine extends IntakeProblem {
  /** The problem in one line, located: `01 - Song.wav (byte 36): ...`. */
  text: string;
}

export interface ScanReport {
  folder: string;
  files: ScannedFile[];
  album: { sampleRate?: number; bitDepth?: number };
  choices: VersionChoice[];
  ignored: Array<{ file: string; reason: string }>;
  problems: ProblemLine[];
  errors: number;
  warnings: number;
}

const line = (problem: IntakeProblem): ProblemLine => ({
  ...problem,
  text: formatIntakeProblem(problem),
});

export function scanReport(scan: MixScan): ScanReport {
  return {
    folder: scan.folder,
    files: scan.mixes.map((mix) => {
      const stream = mix.header?.stream;
      return {
        file: mix.relativePath,
        status: mix.status,
        ...(mix.reason ? { reason: mix.reason } : {}),
        sizeBytes: mix.sizeBytes,
        ...(mix.sha256 ? { sha256: mix.sha256 } : {}),
        ...(mix.header && stream
          ? {
              format: {
                container: mix.header.container,
                codec: mix.header.codec,
                sampleRate: stream.sampleRate,
                bitDepth: stream.validBitsPerSample,
                channels: stream.channels,
                frames: stream.frames,
                durationSec: stream.durationSec,
              },
            }
          : {}),
        name: {
          ...(mix.name.trackNumber !== undefined ? { trackNumber: mix.name.trackNumber } : {}),
          title: mix.name.title,
          ...(mix.name.versionLabel ? { versionLabel: mix.name.versionLabel } : {}),
        },
        problems: mix.problems.map(line),
      };
    }),
    album: {
      ...(scan.album.sampleRate ? { sampleRate: scan.album.sampleRate } : {}),
      ...(scan.album.bitDepth ? { bitDepth: scan.album.bitDepth } : {}),
    },
    choices: scan.choices,
    ignored: scan.ignored.map((i) => ({ file: i.relativePath, reason: i.reason })),
    problems: scan.problems.map(line),
    errors: scan.problems.filter((p) => p.severity === 'error').length,
    warnings: scan.problems.filter((p) => p.severity === 'warning').length,
  };
}

async function requireFolder(path: string, what: string, hint: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (!found)
    throw new TapeopError('FILE_NOT_FOUND', `${what} ${path} does not exist`, {
      details: { path },
      hint,
    });
  if (!found.isDirectory())
    throw new TapeopError('INVALID_ARGUMENT', `${what} ${path} is a file, not a folder`, {
      details: { path },
      hint,
    });
}

async function runScan(folder: string, input: Omit<ScanInput, 'folder'>, context: ActionEnv) {
  const progress = context.progress?.('scanning', 1);
  try {
    return await scanMixes(folder, {
      hash: !input.noHash,
      recursive: input.recursive ?? false,
      ...(input.artist ? { artist: input.artist } : {}),
      logger: context.logger,
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: (p) => {
        if (p.phase === 'hashing' && p.bytesTotal > 0)
          progress?.update(p.bytesDone / p.bytesTotal, `hashing ${p.file}`);
        else
          progress?.update(
            p.fileCount > 0 ? p.filesDone / p.fileCount / 10 : 0,
            `reading ${p.file}`,
          );
      },
    });
  } finally {
    progress?.done();
  }
}

/** `tapeop scan <folder>`: the intake report of a delivery, nothing written. */
export async function scan(input: ScanInput, context: ActionEnv): Promise<ScanReport> {
  const folder = resolve(context.cwd, input.folder);
  await requireFolder(folder, 'the folder', 'Give the folder the client delivered the mixes in.');
  return scanReport(await runScan(folder, input, context));
}

export interface InitInput {
  dir: string;
  from: string;
  title?: string;
  artist?: string;
  sheet?: string;
  /** Use the mixes where they are (absolute paths) instead of copying them into mixes/. */
  inPlace?: boolean;
  recursive?: boolean;
  /** Gap before every song but the first, when the sheet gives none (default 2 s). */
  gapSec?: number;
  author?: string;
}

export interface InitReport {
  session: string;
  sessionId: string;
  album: { title: string; artist?: string };
  sampleRate: number;
  songs: Array<{ songId: string; title: string; file: string; isrc?: string; durationSec: number }>;
  /** Mixes copied into the session's mixes/ folder. */
  copied: Array<{ from: string; to: string }>;
  scan: ScanReport;
  /** Problems merging the sheet and building the session. */
  problems: ProblemLine[];
}

/**
 * `tapeop init <dir> --from <mixes>`: scans the delivery, copies the usable mixes into the
 * session's mixes/ folder (unless they are inside it already, or --in-place), merges the
 * metadata sheet, and writes session.json and the journal's first entry.
 */
export async function init(input: InitInput, context: ActionEnv): Promise<InitReport> {
  const dir = resolve(context.cwd, input.dir);
  const from = resolve(context.cwd, input.from);
  await requireFolder(
    from,
    'the mixes folder',
    'Give the folder the client delivered the mixes in (--from).',
  );
  const existing = await stat(join(dir, SESSION_FILE)).catch(() => undefined);
  if (existing)
    throw new TapeopError('CONFLICT', `${join(dir, SESSION_FILE)} exists already`, {
      details: { path: join(dir, SESSION_FILE) },
      hint: 'Work on the existing session, or choose another folder for a new one.',
    });
  const sheet = input.sheet
    ? await readMetadataSheet(resolve(context.cwd, input.sheet))
    : undefined;
  let scanned = await runScan(from, input, context);
  await mkdir(dir, { recursive: true });

  const inside = !relative(dir, from).startsWith('..') && !isAbsolute(relative(dir, from));
  const copied: Array<{ from: string; to: string }> = [];
  if (!inside && !input.inPlace) {
    // The session holds its own copy of the delivery: it can move and be archived as one folder.
    const mixesDir = join(dir, 'mixes');
    const moved = new Map<string, string>();
    const selected = scanned.mixes.filter((m) => m.status === 'selected');
    const progress = context.progress?.('copying mixes', selected.length);
    for (const [n, mix] of selected.entries()) {
      const target = join(mixesDir, ...mix.relativePath.split('/'));
      await mkdir(dirname(target), { recursive: true });
      try {
        await copyFile(mix.path, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new TapeopError(
          'IO_ERROR',
          `cannot copy ${mix.path} to ${target}: ${(error as Error).message}`,
          {
            cause: error,
            details: { from: mix.path, to: target, errno: code },
            hint:
              code === 'EEXIST'
                ? `${target} exists already; remove ${mixesDir} or give --in-place to use the mixes where they are.`
                : 'Check the free space and permissions, or give --in-place to use the mixes where they are.',
          },
        );
      }
      const modified = new Date(mix.modifiedAt);
      await utimes(target, modified, modified).catch(() => {});
      moved.set(mix.path, target);
      copied.push({ from: mix.path, to: relative(dir, target).split('\\').join('/') });
      progress?.update(n + 1);
    }
    progress?.done();
    scanned = {
      ...scanned,
      mixes: scanned.mixes.map((m) => (moved.has(m.path) ? { ...m, path: moved.get(m.path)! } : m)),
      selected: scanned.selected.map((m) =>
        moved.has(m.path) ? { ...m, path: moved.get(m.path)! } : m,
      ),
    };
  }

  const album: Partial<Session['album']> = {
    ...(input.title ? { title: input.title } : {}),
    ...(input.artist ? { artist: input.artist } : {}),
  };
  const created = createSessionFromMixes({
    scan: scanned,
    sessionFolder: dir,
    ...(sheet ? { sheet } : {}),
    album: Object.keys(album).length > 0 || sheet ? album : { title: basename(dir) },
    ...(input.inPlace && !inside ? { allowExternalMedia: true } : {}),
    ...(input.gapSec !== undefined ? { defaultGapSec: input.gapSec } : {}),
  });
  const file = await writeSessionFile(dir, created.session);
  await recordChanges(
    { dir, file },
    [
      {
        kind: 'note',
        text: `Session created from ${created.session.songs.length} mixes in ${from}`,
        data: { from, songs: created.origins },
      },
    ],
    { logger: context.logger, ...(input.author ? { author: input.author } : {}) },
  );
  const session = created.session;
  return {
    session: file,
    sessionId: session.id,
    album: {
      title: session.album.title,
      ...(session.album.artist ? { artist: session.album.artist } : {}),
    },
    sampleRate: session.sampleRate,
    songs: session.songs.map((song) => ({
      songId: song.id,
      title: song.title,
      file: song.source?.path ?? '',
      ...(song.isrc ? { isrc: song.isrc } : {}),
      durationSec: song.source?.durationSec ?? 0,
    })),
    copied,
    scan: scanReport(scanned),
    problems: created.problems.map(line),
  };
}
