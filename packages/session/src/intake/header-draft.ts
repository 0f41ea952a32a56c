import type {
  AudioCodec,
  AudioContainer,
  AudioHeader,
  HeaderProblem,
  HeaderProblemCode,
} from './audio-header.js';

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
