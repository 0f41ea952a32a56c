import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  type Album,
  checkSessionPath,
  createUlid,
  formatProblem,
  type MixSource,
  makeSongId,
  type SequenceEntry,
  type Session,
  type Song,
  TapeopError,
  validateSession,
} from '@tapeop/core';
import type { IntakeProblem } from './intake-problem.js';
import { matchSheet, type SheetMatch } from './match-sheet.js';
import type { MetadataSheet, SheetAlbum } from './metadata-sheet.js';
import { compareNatural } from './natural-sort.js';
import type { MixScan, ScannedMix } from './scan-mixes.js';

export interface CreateSessionOptions {
  /** What `scanMixes` found; its selected mixes become the songs. */
  scan: MixScan;
  /** The session folder: mix paths are stored relative to it, and must be inside it. */
  sessionFolder: string;
  /** The optional metadata sheet, merged with the files (the sheet wins, conflicts are reported). */
  sheet?: MetadataSheet;
  /** Album facts given by the user; they win over the sheet. The title defaults to the sheet's, then the folder's name. */
  album?: Partial<Session['album']>;
  /** The session's sample rate (default: the rate most mixes have). */
  sampleRate?: number;
  /** Gap before every song but the first, when the sheet does not give one (default 2 s). */
  defaultGapSec?: number;
  /** Silence before the first song (default 0; the CD's 2-second lead pregap is added by the timeline). */
  firstGapSec?: number;
  /** Allow mixes outside the session folder, stored as absolute paths (default false). */
  allowExternalMedia?: boolean;
  client?: Session['client'];
  engineer?: Session['engineer'];
  deliveryTargets?: Session['deliveryTargets'];
  /** The session's id (default: a new ULID). */
  id?: string;
  /** The creation time (default: now). */
  now?: Date;
}

export interface SessionFromMixes {
  /** A valid `Session.1` (checked with core's `validateSession`). */
  session: Session;
  /** Where each song came from: the mix and, with a sheet, the sheet's line. */
  origins: Array<{ songId: string; mix: string; sheetLine: number | undefined }>;
  /** The sheet's problems, then what merging it with the files found, then the session's. */
  problems: IntakeProblem[];
}

/**
 * Builds a `Session.1` from scanned mixes and an optional metadata sheet: one song per
 * selected mix (ids from core's `makeSongId`), its source path relative to the session folder,
 * and a default sequence in track order with the sheet's gaps or the default gap.
 *
 * It writes nothing: the caller decides where the document goes (`writeSessionFile` writes it
 * into the session folder, atomically). Throws PATH_OUTSIDE_SESSION when a mix lies outside
 * the session folder and `allowExternalMedia` is off, INVALID_ARGUMENT when there is no mix.
 */
export function createSessionFromMixes(options: CreateSessionOptions): SessionFromMixes {
  const { scan, sheet } = options;
  const sessionFolder = resolve(options.sessionFolder);
  const problems: IntakeProblem[] = sheet ? [...sheet.problems] : [];
  const selected = scan.mixes.filter((m) => m.status === 'selected');
  if (selected.length === 0) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `${scan.folder} holds no usable mix to build a session from`,
      {
        details: { folder: scan.folder, problems: scan.problems.length },
        hint: 'Look at the scan problems: every file was broken, lossy, unsupported or a duplicate.',
      },
    );
  }

  let matches: SheetMatch[];
  if (sheet) {
    const merged = matchSheet(scan.mixes, sheet);
    matches = merged.matches;
    problems.push(...merged.problems);
  } else {
    matches = [...selected].sort(fileOrder).map((mix) => ({ mix, row: undefined }));
  }

  const album = buildAlbum(options, sheet, sessionFolder, problems);
  const external = options.allowExternalMedia ?? false;
  const songs: Song[] = [];
  const entries: SequenceEntry[] = [];
  const origins: SessionFromMixes['origins'] = [];
  const ids: string[] = [];
  const isrcs = new Set<string>();
  const defaultGap = options.defaultGapSec ?? 2;

  for (const [index, { mix, row }] of matches.entries()) {
    const title = row?.title ?? mix.name.title;
    const id = makeSongId(title, ids);
    ids.push(id);
    const song: Song = { id, title };
    const credits = {
      performer: row?.performer,
      songwriter: row?.songwriter,
      composer: row?.composer,
      arranger: row?.arranger,
      cdTextMessage: row?.message,
      versionLabel: mix.name.versionLabel ?? row?.version,
    };
    for (const [key, value] of Object.entries(credits)) {
      if (value) (song as unknown as Record<string, string>)[key] = value;
    }
    // A duplicate ISRC is already reported by the sheet; the session keeps the first.
    if (row?.isrc && !isrcs.has(row.isrc)) {
      song.isrc = row.isrc;
      isrcs.add(row.isrc);
    }
    song.source = mixSource(mix, sessionFolder, external);
    songs.push(song);

    const entry: SequenceEntry = {
      songId: id,
      gapSec: index === 0 ? (options.firstGapSec ?? 0) : defaultGap,
    };
    if (row?.gapSec !== undefined) entry.gapSec = row.gapSec;
    if (row?.crossfadeSec !== undefined && row.crossfadeSec > 0) {
      if (index === 0) {
        problems.push({
          code: 'invalid-value',
          severity: 'warning',
          file: sheet?.fileName,
          line: row.line,
          message: `the first song cannot crossfade with a previous one; its crossfade of ${row.crossfadeSec} s was left out`,
        });
      } else {
        if (row.gapSec !== undefined && row.gapSec > 0) {
          problems.push({
            code: 'invalid-value',
            severity: 'warning',
            file: sheet?.fileName,
            line: row.line,
            message: `has both a gap (${row.gapSec} s) and a crossfade (${row.crossfadeSec} s); the crossfade was used`,
          });
        }
        entry.gapSec = 0;
        entry.crossfadeSec = row.crossfadeSec;
      }
    }
    entries.push(entry);
    origins.push({ songId: id, mix: mix.relativePath, sheetLine: row?.line });
  }

  const now = (options.now ?? new Date()).toISOString();
  const session: Session = {
    schema: 'Session.1',
    id: options.id ?? createUlid(options.now?.getTime()),
    createdAt: now,
    updatedAt: now,
    album,
    ...(options.client ? { client: options.client } : {}),
    ...(options.engineer ? { engineer: options.engineer } : {}),
    sampleRate: options.sampleRate ?? scan.album.sampleRate ?? 44100,
    ...(external ? { allowExternalMedia: true } : {}),
    ...(options.deliveryTargets ? { deliveryTargets: options.deliveryTargets } : {}),
    songs,
    sequence: { entries },
  };
  const checked = validateSession(session);
  if (!checked.ok) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `the session built from ${scan.folder} is not valid: ${checked.problems.map(formatProblem).join('; ')}`,
      {
        details: { problems: checked.problems },
        hint: 'Check the options given (sample rate, album facts, ids).',
      },
    );
  }
  return { session: checked.value, origins, problems };
}

/** Disc, then track number or vinyl position, then name; files without a number last. */
function fileOrder(a: ScannedMix, b: ScannedMix): number {
  const key = (m: ScannedMix): [number, number, number] => {
    const { discNumber, trackNumber, vinyl } = m.name;
    if (vinyl) return [discNumber ?? 1, vinyl.side.charCodeAt(0) - 64, vinyl.position];
    if (trackNumber !== undefined) return [discNumber ?? 1, 0, trackNumber];
    return [Number.MAX_SAFE_INTEGER, 0, 0];
  };
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return compareNatural(a.relativePath, b.relativePath);
}

function mixSource(mix: ScannedMix, sessionFolder: string, external: boolean): MixSource {
  const stream = mix.header!.stream!;
  const fromSession = relative(sessionFolder, mix.path).split(sep).join('/');
  const verdict = isAbsolute(fromSession) ? undefined : checkSessionPath(fromSession);
  let path: string;
  if (verdict?.inside) path = verdict.normalized;
  else if (external) path = mix.path.split(sep).join('/');
  else {
    throw new TapeopError(
      'PATH_OUTSIDE_SESSION',
      `${mix.path} is outside the session folder ${sessionFolder}`,
      {
        details: { path: mix.path, sessionFolder },
        hint: `Move the mixes into the session folder (e.g. ${sessionFolder}${sep}mixes), or allow external media.`,
      },
    );
  }
  return {
    path,
    ...(mix.sha256 ? { sha256: mix.sha256 } : {}),
    sizeBytes: mix.sizeBytes,
    container: mix.header!.container,
    codec: mix.header!.codec,
    sampleRate: stream.sampleRate,
    bitDepth: stream.validBitsPerSample,
    channels: stream.channels,
    frames: stream.frames,
    durationSec: stream.durationSec,
    modifiedAt: mix.modifiedAt,
  };
}

function buildAlbum(
  options: CreateSessionOptions,
  sheet: MetadataSheet | undefined,
  sessionFolder: string,
  problems: IntakeProblem[],
): Session['album'] {
  const given = options.album ?? {};
  const fromSheet: SheetAlbum = sheet?.album ?? {};
  const album: Partial<Album> = { ...fromSheet, ...given };
  for (const key of Object.keys(fromSheet) as Array<keyof SheetAlbum>) {
    const sheetValue = fromSheet[key];
    const givenValue = given[key];
    if (givenValue !== undefined && sheetValue !== undefined && givenValue !== sheetValue) {
      problems.push({
        code: 'album-conflict',
        severity: 'warning',
        file: sheet?.fileName,
        message: `the sheet gives the album ${key} as "${sheetValue}"; "${givenValue}" was used`,
      });
    }
  }
  let title = album.title;
  if (!title) {
    title = basename(sessionFolder);
    problems.push({
      code: 'album-title-from-folder',
      severity: 'warning',
      file: undefined,
      message: `no album title was given; the session folder's name "${title}" was used`,
      hint: 'Give the album title, or add an "album" column to the metadata sheet.',
    });
  }
  return { ...album, title };
}
