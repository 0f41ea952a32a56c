import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { TapeopError } from '@tapeop/core';
import type { AudioHeader, DecodableAudioHeader } from './audio-header.js';
import { FileSource } from './file-source.js';
import { addProblem, HINT_CONVERT, newHeader } from './header-draft.js';
import { formatOfExtension, identifyFormat } from './identify-format.js';
import { readAiffHeader } from './read-aiff-header.js';
import { readFlacHeader } from './read-flac-header.js';
import { readWavHeader } from './read-wav-header.js';

export interface ReadAudioHeaderOptions {
  /** Longest iXML text kept, in bytes (default 64 KiB); longer text is cut and marked. */
  maxTextBytes?: number;
  /**
   * Check that a FLAC file ends with a whole frame (default true): one extra read of the last
   * frames, which finds FLAC files that were cut off.
   */
  verifyFlacEnd?: boolean;
}

const DEFAULT_MAX_TEXT_BYTES = 64 * 1024;

/**
 * Reads the header of an audio file with positional reads: never the samples, never the whole
 * file. Recognizes WAV (PCM, IEEE float, WAVE_FORMAT_EXTENSIBLE, BWF), RF64/BW64, AIFF,
 * AIFF-C and FLAC; names lossy (MP3, AAC, Ogg) and other formats without reading them.
 *
 * Problems with the file's content (truncated, wrong signature, a chunk past the end, ...)
 * are returned in `problems` with their byte offset, so one bad file never stops a scan.
 * Throws `TapeopError` only when the file cannot be read at all: FILE_NOT_FOUND,
 * FILE_UNREADABLE (a folder, no permission) or IO_ERROR.
 */
export async function readAudioHeader(
  path: string,
  options: ReadAudioHeaderOptions = {},
): Promise<AudioHeader> {
  const handle = await openForReading(path);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new TapeopError('FILE_UNREADABLE', `${path} is not a file`, {
        details: { path },
        hint: 'Give the path of an audio file.',
      });
    }
    const source = await FileSource.open(handle, stat.size);
    return await readFromSource(source, path, options);
  } catch (error) {
    if (error instanceof TapeopError) throw error;
    throw new TapeopError('IO_ERROR', `${path} could not be read: ${(error as Error).message}`, {
      details: { path },
      cause: error,
    });
  } finally {
    await handle.close();
  }
}

async function openForReading(path: string) {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new TapeopError('FILE_NOT_FOUND', `${path} does not exist`, {
        details: { path },
        hint: 'Check the path; the file may have been moved or renamed.',
        cause: error,
      });
    }
    throw new TapeopError('FILE_UNREADABLE', `${path} cannot be opened (${code ?? 'error'})`, {
      details: { path, code },
      hint: code === 'EACCES' ? 'Check the permissions of the file.' : undefined,
      cause: error,
    });
  }
}

async function readFromSource(
  source: FileSource,
  path: string,
  options: ReadAudioHeaderOptions,
): Promise<AudioHeader> {
  const extension = extname(path).slice(1);
  const maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  if (source.size === 0) {
    const header = newHeader(path, 0, 'other', 'other', 'empty');
    addProblem(
      header,
      'empty',
      'error',
      0,
      'is empty (0 bytes)',
      'Ask the studio to send the file again.',
    );
    return header;
  }
  const found = await identifyFormat(source, extension);
  if (found.reader === 'none') {
    const header = newHeader(path, source.size, found.container, found.codec, found.formatName);
    const severity = found.code === 'lossy' ? 'warning' : 'error';
    const hint =
      found.code === 'text-file' || found.code === 'wrong-magic'
        ? 'This is not the mix; ask the studio to send the audio file again.'
        : found.code === 'not-audio'
          ? undefined
          : HINT_CONVERT;
    addProblem(header, found.code, severity, 0, found.message, hint);
    return header;
  }
  const header =
    found.reader === 'flac'
      ? newHeader(path, source.size, 'flac', 'flac', found.formatName)
      : newHeader(path, source.size, found.container, 'other', found.formatName);
  const claimed = formatOfExtension(extension);
  const actual = found.reader === 'flac' ? 'flac' : found.reader;
  if (claimed && claimed !== actual) {
    addProblem(
      header,
      'wrong-magic',
      'warning',
      0,
      `is named .${extension} but is ${actual === 'aiff' ? 'an AIFF' : `a ${actual.toUpperCase()}`} file; it was read as what it is`,
      'Rename the file so that other tools open it too.',
    );
  }
  if (found.reader === 'wav') await readWavHeader(source, header, { maxTextBytes });
  else if (found.reader === 'aiff') await readAiffHeader(source, header);
  else {
    await readFlacHeader(source, header, found.start, {
      verifyEnd: options.verifyFlacEnd ?? true,
      maxTextBytes,
    });
  }
  return header;
}

/**
 * The header, when a decoder can read its samples; otherwise a `TapeopError` that says why:
 * UNSUPPORTED for lossy and other formats, PARSE_ERROR for a damaged file (the first error
 * problem, with its byte offset, is the message).
 */
export function requireDecodable(header: AudioHeader): DecodableAudioHeader {
  const error = header.problems.find((p) => p.severity === 'error');
  if (header.stream && !error) return header as DecodableAudioHeader;
  const problem = error ?? header.problems[0];
  const unsupported = !error || error.code === 'unsupported-format' || error.code === 'lossy';
  const reason = problem?.message ?? `is ${header.formatName}, which tapeop cannot decode`;
  throw new TapeopError(unsupported ? 'UNSUPPORTED' : 'PARSE_ERROR', `${header.path} ${reason}`, {
    details: {
      path: header.path,
      container: header.container,
      codec: header.codec,
      ...(problem ? { problem: problem.code, offset: problem.offset } : {}),
    },
    ...(problem?.hint ? { hint: problem.hint } : {}),
  });
}
