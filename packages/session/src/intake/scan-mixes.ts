import { resolve } from 'node:path';
import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import type { AudioHeader } from './audio-header.js';
import { newerVersion, type VersionCandidate, type VersionRule } from './choose-version.js';
import { sha256File } from './hash-file.js';
import type { IntakeProblem } from './intake-problem.js';
import { type FolderEntry, type IgnoredFile, listMixFiles } from './list-mix-files.js';
import { type MixFileName, parseMixFileName } from './mix-file-name.js';
import { compareNatural } from './natural-sort.js';
import { type ReadAudioHeaderOptions, readAudioHeader } from './read-audio-header.js';

export interface ScanMixesOptions {
  /** SHA-256 of every audio file (default true); off, duplicate content is not looked for. */
  hash?: boolean;
  /** Called as headers are read and as files are hashed. */
  onProgress?: (progress: ScanProgress) => void;
  /** Look into subfolders too (default false: a delivery is usually one folder). */
  recursive?: boolean;
  /** Mixes shorter than this get a warning (default 4 s, the shortest CD track). */
  minDurationSec?: number;
  /** The album artist, taken off file names such as 'Artist - Title.wav'. */
  artist?: string;
  /** Options for `readAudioHeader`. */
  header?: ReadAudioHeaderOptions;
  /** Headers read at the same time (default 8). */
  concurrency?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface ScanProgress {
  phase: 'headers' | 'hashing';
  /** The file being worked on (relative to the folder). */
  file: string;
  filesDone: number;
  fileCount: number;
  /** Hashing: bytes hashed so far over all files, and in all. Headers: 0. */
  bytesDone: number;
  bytesTotal: number;
}

/**
 * One audio file of the delivery. `status` says whether a session should use it:
 * 'selected', 'superseded' (an older version of a song delivered twice), 'duplicate' (the same
 * bytes as another file) or 'rejected' (broken, lossy, unsupported, empty); `reason` says why not.
 */
export interface ScannedMix {
  /** Absolute path. */
  path: string;
  /** Path relative to the scanned folder, '/' separated. */
  relativePath: string;
  sizeBytes: number;
  /** Modification time (ISO 8601). */
  modifiedAt: string;
  /** Undefined only when the file could not be read at all. */
  header: AudioHeader | undefined;
  /** Track number, title and version read from the file name. */
  name: MixFileName;
  sha256: string | undefined;
  status: 'selected' | 'superseded' | 'duplicate' | 'rejected';
  reason: string | undefined;
  /** This file's problems (also in `MixScan.problems`). */
  problems: IntakeProblem[];
}

/** The same song delivered more than once, and the version kept. */
export interface VersionChoice {
  title: string;
  kept: string;
  keptVersion: string | undefined;
  leftOut: Array<{ file: string; version: string | undefined }>;
  rule: VersionRule;
}

export interface MixScan {
  /** The scanned folder (absolute). */
  folder: string;
  /** Every audio file, in natural order of their paths. */
  mixes: ScannedMix[];
  /** The mixes to build a session from (status 'selected'), in natural order. */
  selected: ScannedMix[];
  /** Files that were not read, with the reason (documents, hidden files, ...). */
  ignored: IgnoredFile[];
  /** The sample rate and bit depth most selected mixes share (the album's). */
  album: { sampleRate: number | undefined; bitDepth: number | undefined };
  choices: VersionChoice[];
  /** Every problem: each file's, then the album's, in file order. */
  problems: IntakeProblem[];
  /** Whether the files were hashed. */
  hashed: boolean;
}

/**
 * Reads every audio file of a delivery folder without decoding it: format facts, duration,
 * SHA-256 (streamed, with progress), what its name says, and every problem. One bad file never
 * stops the scan: it becomes a problem entry naming the file, the byte offset and the reason.
 * Throws only when the folder itself cannot be read, or on `signal` (CANCELLED).
 */
export async function scanMixes(folder: string, options: ScanMixesOptions = {}): Promise<MixScan> {
  const root = resolve(folder);
  const logger = options.logger ?? noopLogger;
  const { files, ignored } = await listMixFiles(root, options.recursive ?? false);
  const sorted = [...files].sort((a, b) => compareNatural(a.relativePath, b.relativePath));
  const mixes: ScannedMix[] = [];

  // Headers, a few at a time.
  let done = 0;
  const results = new Array<ScannedMix | IgnoredFile>(sorted.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sorted.length) {
      const index = next++;
      const entry = sorted[index]!;
      checkCancelled(options.signal);
      results[index] = await readOne(entry, options);
      done++;
      options.onProgress?.({
        phase: 'headers',
        file: entry.relativePath,
        filesDone: done,
        fileCount: sorted.length,
        bytesDone: 0,
        bytesTotal: 0,
      });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, sorted.length));
  await Promise.all(Array.from({ length: workers }, worker));

  for (const result of results) {
    if ('reason' in result && !('header' in result)) ignored.push(result);
    else mixes.push(result as ScannedMix);
  }

  const hashed = options.hash ?? true;
  if (hashed) await hashAll(mixes, options);

  checkEachMix(mixes, options.minDurationSec ?? 4);
  const choices = chooseMixes(mixes);
  const album = albumFormat(mixes.filter((m) => m.status === 'selected'));
  checkAlbum(mixes, album);
  const albumProblems: IntakeProblem[] = [];

  for (const mix of mixes) {
    logger.debug('scanned mix', {
      file: mix.relativePath,
      status: mix.status,
      problems: mix.problems.length,
    });
  }
  const selected = mixes.filter((m) => m.status === 'selected');
  if (selected.length === 0) {
    albumProblems.push({
      code: 'no-mixes',
      severity: 'error',
      file: undefined,
      message: `${root} holds no usable mix (${mixes.length} audio file(s) scanned, ${ignored.length} other file(s) left out)`,
      hint: 'Point the scan at the folder with the WAV, AIFF or FLAC mixes.',
    });
  }
  ignored.sort((a, b) => compareNatural(a.relativePath, b.relativePath));
  return {
    folder: root,
    mixes,
    selected,
    ignored,
    album,
    choices,
    problems: [...mixes.flatMap((m) => m.problems), ...albumProblems],
    hashed,
  };
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TapeopError('CANCELLED', 'the scan was cancelled');
}

/** The header and name of one file, or why it was left out (not audio, and not named so). */
async function readOne(
  entry: FolderEntry,
  options: ScanMixesOptions,
): Promise<ScannedMix | IgnoredFile> {
  const mix: ScannedMix = {
    path: entry.path,
    relativePath: entry.relativePath,
    sizeBytes: entry.sizeBytes,
    modifiedAt: entry.modifiedAt.toISOString(),
    header: undefined,
    name: parseMixFileName(entry.relativePath, options.artist ? { artist: options.artist } : {}),
    sha256: undefined,
    status: 'selected',
    reason: undefined,
    problems: [],
  };
  try {
    mix.header = await readAudioHeader(entry.path, options.header);
  } catch (error) {
    const message = error instanceof TapeopError ? error.message : String(error);
    mix.status = 'rejected';
    mix.reason = 'it cannot be read';
    mix.problems.push({ code: 'unreadable', severity: 'error', file: entry.relativePath, message });
    return mix;
  }
  const header = mix.header;
  const notAudio = header.problems.find((p) => p.code === 'not-audio' || p.code === 'text-file');
  if (notAudio && !entry.audioName) {
    return { relativePath: entry.relativePath, reason: notAudio.message.replace(/^is /, '') };
  }
  for (const p of header.problems) {
    mix.problems.push({
      code: p.code,
      severity: p.severity,
      file: entry.relativePath,
      ...(p.offset !== undefined ? { offset: p.offset } : {}),
      message: p.message,
      ...(p.hint ? { hint: p.hint } : {}),
    });
  }
  return mix;
}

async function hashAll(mixes: ScannedMix[], options: ScanMixesOptions): Promise<void> {
  const toHash = mixes.filter((m) => m.header && m.sizeBytes > 0);
  const bytesTotal = toHash.reduce((n, m) => n + m.sizeBytes, 0);
  let bytesDone = 0;
  for (const [index, mix] of toHash.entries()) {
    checkCancelled(options.signal);
    try {
      mix.sha256 = await sha256File(mix.path, {
        ...(options.signal ? { signal: options.signal } : {}),
        onBytes: (bytes) => {
          bytesDone += bytes;
          options.onProgress?.({
            phase: 'hashing',
            file: mix.relativePath,
            filesDone: index,
            fileCount: toHash.length,
            bytesDone,
            bytesTotal,
          });
        },
      });
    } catch (error) {
      if (error instanceof TapeopError && error.code === 'CANCELLED') throw error;
      mix.status = 'rejected';
      mix.reason = 'it cannot be read to the end';
      mix.problems.push({
        code: 'unreadable',
        severity: 'error',
        file: mix.relativePath,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  options.onProgress?.({
    phase: 'hashing',
    file: '',
    filesDone: toHash.length,
    fileCount: toHash.length,
    bytesDone,
    bytesTotal,
  });
}

/** Problems of each file on its own, and which files cannot be used at all. */
function checkEachMix(mixes: ScannedMix[], minDurationSec: number): void {
  for (const mix of mixes) {
    const header = mix.header;
    if (!header) continue;
    const add = (
      code: IntakeProblem['code'],
      severity: IntakeProblem['severity'],
      message: string,
      hint?: string,
    ) =>
      mix.problems.push({
        code,
        severity,
        file: mix.relativePath,
        message,
        ...(hint ? { hint } : {}),
      });
    const stream = header.stream;
    const error = header.problems.find((p) => p.severity === 'error');
    if (mix.status === 'rejected') continue;
    if (error || !stream) {
      mix.status = 'rejected';
      mix.reason =
        header.codec === 'lossy'
          ? 'a lossy file is not a mix'
          : error
            ? error.message
            : `${header.formatName} cannot be decoded`;
      continue;
    }
    if (stream.frames === 0) {
      add(
        'empty',
        'error',
        'holds no audio (0 sample frames)',
        'Ask the studio to export the mix again.',
      );
      mix.status = 'rejected';
      mix.reason = 'it holds no audio';
      continue;
    }
    if (stream.sampleRate < 8000 || stream.sampleRate > 768000) {
      add(
        'unusual-sample-rate',
        'error',
        `has a sample rate of ${stream.sampleRate} Hz; a session takes 8 kHz to 768 kHz`,
      );
      mix.status = 'rejected';
      mix.reason = 'its sample rate cannot be used';
      continue;
    }
    if (stream.channels === 1) {
      add(
        'mono',
        'warning',
        'is mono; an album master is stereo',
        'Check with the studio that a mono mix is intended.',
      );
    } else if (stream.channels > 2) {
      add(
        'multichannel',
        'warning',
        `has ${stream.channels} channels; an album master is stereo`,
        'Stems or a surround mix may have been sent by mistake; ask for the stereo mix.',
      );
    }
    if (stream.durationSec < minDurationSec) {
      add(
        'too-short',
        'warning',
        `is ${stream.durationSec.toFixed(2)} s long, shorter than ${minDurationSec} s (the shortest CD track)`,
        'On a CD it must be joined to a neighbouring track, or it is an incomplete export.',
      );
    }
    const hint = mix.name.formatHint;
    if (hint?.sampleRate && hint.sampleRate !== stream.sampleRate) {
      add(
        'name-format-mismatch',
        'warning',
        `is named for ${hint.sampleRate} Hz but is ${stream.sampleRate} Hz`,
      );
    }
    if (hint?.bitDepth && hint.bitDepth !== stream.validBitsPerSample) {
      add(
        'name-format-mismatch',
        'warning',
        `is named for ${hint.bitDepth} bits but has ${stream.validBitsPerSample}`,
      );
    }
  }
}

/** Leaves out duplicates of the same bytes and older versions of songs delivered twice. */
function chooseMixes(mixes: ScannedMix[]): VersionChoice[] {
  const usable = () => mixes.filter((m) => m.status === 'selected');
  const firstWithHash = new Map<string, ScannedMix>();
  for (const mix of usable()) {
    if (!mix.sha256) continue;
    const first = firstWithHash.get(mix.sha256);
    if (!first) {
      firstWithHash.set(mix.sha256, mix);
      continue;
    }
    mix.status = 'duplicate';
    mix.reason = `it has the same content as ${first.relativePath}`;
    mix.problems.push({
      code: 'duplicate-content',
      severity: 'warning',
      file: mix.relativePath,
      related: [first.relativePath],
      message: `has the same content (SHA-256) as ${first.relativePath}; it was left out`,
    });
  }

  const bySong = new Map<string, ScannedMix[]>();
  for (const mix of usable()) {
    const key = `${mix.name.discNumber ?? ''}|${mix.name.titleKey}`;
    bySong.set(key, [...(bySong.get(key) ?? []), mix]);
  }
  const choices: VersionChoice[] = [];
  for (const group of bySong.values()) {
    if (group.length < 2) continue;
    const candidates = group.map(candidateOf);
    const kept = candidates.reduce((a, b) => newerVersion(a, b).newer);
    const keptMix = group[candidates.indexOf(kept)]!;
    const leftOut = group.filter((m) => m !== keptMix);
    const ruleAgainst = (mix: ScannedMix) =>
      newerVersion(kept, candidates[group.indexOf(mix)]!).rule;
    const keptLabel = keptMix.name.versionLabel;
    for (const mix of leftOut) {
      const versionRule = ruleAgainst(mix);
      mix.status = 'superseded';
      mix.reason = `${keptMix.relativePath} is a newer version of the same song`;
      mix.problems.push({
        code: 'duplicate-song',
        severity: 'warning',
        file: mix.relativePath,
        related: [keptMix.relativePath],
        message: `is another version of "${keptMix.name.title}"; ${keptMix.relativePath}${keptLabel ? ` (${keptLabel})` : ''} was kept (by ${versionRule})${mix.name.versionLabel ? ` over this one (${mix.name.versionLabel})` : ''}`,
        hint: 'Check with the studio which version is to be mastered.',
      });
    }
    choices.push({
      title: keptMix.name.title,
      kept: keptMix.relativePath,
      keptVersion: keptLabel,
      leftOut: leftOut.map((m) => ({ file: m.relativePath, version: m.name.versionLabel })),
      rule: ruleAgainst(leftOut[0]!),
    });
  }
  return choices;
}

function candidateOf(mix: ScannedMix): VersionCandidate {
  const stream = mix.header!.stream!;
  return {
    name: mix.name,
    relativePath: mix.relativePath,
    modifiedAt: new Date(mix.modifiedAt),
    sampleRate: stream.sampleRate,
    bitDepth: stream.validBitsPerSample,
    float: stream.sampleFormat === 'float',
  };
}

/** The format most mixes share; ties go to the higher value. */
function albumFormat(selected: ScannedMix[]): MixScan['album'] {
  const most = (values: number[]): number | undefined => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    let best: number | undefined;
    for (const [value, count] of counts) {
      const bestCount = best === undefined ? -1 : counts.get(best)!;
      if (count > bestCount || (count === bestCount && value > best!)) best = value;
    }
    return best;
  };
  const streams = selected.map((m) => m.header!.stream!);
  return {
    sampleRate: most(streams.map((s) => s.sampleRate)),
    bitDepth: most(streams.map((s) => s.validBitsPerSample)),
  };
}

function checkAlbum(mixes: ScannedMix[], album: MixScan['album']): void {
  const selected = mixes.filter((m) => m.status === 'selected');
  for (const mix of selected) {
    const stream = mix.header!.stream!;
    const others = (pick: (m: ScannedMix) => number, value: number | undefined) =>
      selected.filter((m) => m !== mix && pick(m) === value).length;
    if (stream.sampleRate !== album.sampleRate) {
      const count = others((m) => m.header!.stream!.sampleRate, album.sampleRate);
      mix.problems.push({
        code: 'mismatched-sample-rate',
        severity: 'warning',
        file: mix.relativePath,
        message: `is ${stream.sampleRate} Hz while ${count} other mix(es) are ${album.sampleRate} Hz`,
        hint: 'Ask whether this mix was exported at the wrong rate; otherwise it is converted on load.',
      });
    }
    if (stream.validBitsPerSample !== album.bitDepth) {
      const count = others((m) => m.header!.stream!.validBitsPerSample, album.bitDepth);
      mix.problems.push({
        code: 'mismatched-bit-depth',
        severity: 'warning',
        file: mix.relativePath,
        message: `has ${stream.validBitsPerSample} bits while ${count} other mix(es) have ${album.bitDepth}`,
        hint: 'Ask whether this mix was exported at the wrong bit depth.',
      });
    }
  }
  const byTrack = new Map<string, ScannedMix>();
  for (const mix of selected) {
    const { trackNumber, discNumber, vinyl } = mix.name;
    const key = vinyl
      ? `${vinyl.side}${vinyl.position}`
      : trackNumber !== undefined
        ? `${discNumber ?? ''}-${trackNumber}`
        : undefined;
    if (key === undefined) continue;
    const first = byTrack.get(key);
    if (!first) {
      byTrack.set(key, mix);
      continue;
    }
    mix.problems.push({
      code: 'duplicate-track-number',
      severity: 'warning',
      file: mix.relativePath,
      related: [first.relativePath],
      message: `has the same track number as ${first.relativePath}, but another title ("${mix.name.title}", "${first.name.title}")`,
      hint: 'The sequence follows the names in order; fix the order in the metadata sheet or the session.',
    });
  }
}
