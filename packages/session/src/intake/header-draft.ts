import type {
  AudioCodec,
  AudioContainer,
  AudioHeader,
  HeaderProblem,
  HeaderProblemCode,
} from './audio-header.js';
import { formatBytes } from './text-field.js';

/** An `AudioHeader` while a format reader fills it in. */
export type HeaderDraft = AudioHeader;

export function newHeader(
  path: string,
  fileSize: number,
  container: AudioContainer,
  codec: AudioCodec,
  formatName: string,
): HeaderDraft {
  return {
    path,
    fileSize,
    container,
    codec,
    formatName,
    stream: undefined,
    chunks: [],
    problems: [],
  };
}

export function addProblem(
  header: HeaderDraft,
  code: HeaderProblemCode,
  severity: HeaderProblem['severity'],
  offset: number | undefined,
  message: string,
  hint?: string,
): void {
  header.problems.push({ code, severity, offset, message, ...(hint ? { hint } : {}) });
}

export const HINT_ASK_AGAIN =
  'The file was probably cut off while it was copied or downloaded; ask the studio to send it again.';
export const HINT_CONVERT =
  'Ask the studio for the mix as WAV, AIFF or FLAC (PCM, at the resolution it was mixed at).';

/** Bytes where a chunk header should be that are not one: reading stops there. */
export function reportInvalidChunk(header: HeaderDraft, pos: number, afterAudio: boolean): void {
  addProblem(
    header,
    'invalid-chunk',
    afterAudio ? 'warning' : 'error',
    pos,
    `the bytes at ${pos} are not a chunk header${afterAudio ? ' (after the audio, which is complete)' : ''}; reading stopped there`,
    afterAudio ? undefined : 'The file is damaged; ask the studio to send it again.',
  );
}

/** A chunk that declares more bytes than the file has left: reading stops there. */
export function reportChunkPastEnd(
  header: HeaderDraft,
  chunk: { id: string; offset: number; size: number },
  remaining: number,
  afterAudio: boolean,
): void {
  addProblem(
    header,
    'chunk-past-end',
    afterAudio ? 'warning' : 'error',
    chunk.offset,
    `the '${chunk.id}' chunk at byte ${chunk.offset} declares ${formatBytes(chunk.size)}, but only ${formatBytes(remaining)} remain in the file${afterAudio ? ' (the audio before it is complete)' : ''}`,
    afterAudio
      ? 'The metadata at the end of the file is cut off; the audio can be used.'
      : HINT_ASK_AGAIN,
  );
}

/** A required chunk not found before the end, or before the place reading stopped. */
export function reportMissingChunk(
  header: HeaderDraft,
  what: string,
  stoppedAt: number | undefined,
  hint: string,
): void {
  const where = stoppedAt === undefined ? '' : ` before byte ${stoppedAt}, where reading stopped`;
  addProblem(header, 'missing-chunk', 'error', undefined, `no ${what} was found${where}`, hint);
}

export const HINT_EXPORT_AGAIN =
  'Without it the samples cannot be read; ask the studio to export the mix again.';
export const HINT_NO_AUDIO = 'The file holds no audio; ask the studio to export the mix again.';
