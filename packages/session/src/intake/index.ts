// Public API of the intake part of @tapeop/session.
export type {
  AiffCompression,
  AudioCodec,
  AudioContainer,
  AudioHeader,
  AudioStream,
  BextChunk,
  ChunkEntry,
  DecodableAudioHeader,
  Ds64Chunk,
  FlacStream,
  FlacStreamInfo,
  HeaderProblem,
  HeaderProblemCode,
  InfoTags,
  IxmlChunk,
  PcmStream,
  WavFormat,
} from './audio-header.js';
export { isDecodable } from './audio-header.js';
export { newerVersion, type VersionCandidate, type VersionRule } from './choose-version.js';
export {
  type CreateSessionOptions,
  createSessionFromMixes,
  type SessionFromMixes,
} from './create-session.js';
export {
  type CsvDelimiter,
  type CsvOptions,
  type CsvRecord,
  type CsvTable,
  decodeSheetBytes,
  parseCsv,
  type SheetEncoding,
} from './csv.js';
export {
  crc16,
  type FlacFrameHeader,
  type FlacStreamFacts,
  parseFlacFrameHeader,
} from './flac-frame.js';
export { type HashOptions, sha256File } from './hash-file.js';
export {
  formatIntakeProblem,
  type IntakeProblem,
  type IntakeProblemCode,
} from './intake-problem.js';
export { matchSheet, type SheetMatch } from './match-sheet.js';
export {
  type MetadataSheet,
  type MetadataSheetOptions,
  parseMetadataSheet,
  parseSeconds,
  readMetadataSheet,
  SHEET_COLUMNS,
  type SheetAlbum,
  type SheetField,
  type SheetRow,
} from './metadata-sheet.js';
export {
  type MixFileName,
  type ParseMixFileNameOptions,
  parseMixFileName,
  titleKey,
} from './mix-file-name.js';
export { compareNatural, sortNatural } from './natural-sort.js';
export {
  type ReadAudioHeaderOptions,
  readAudioHeader,
  requireDecodable,
} from './read-audio-header.js';
export {
  type MixScan,
  type ScanMixesOptions,
  type ScannedMix,
  type ScanProgress,
  scanMixes,
  type VersionChoice,
} from './scan-mixes.js';
export { type WriteSessionOptions, writeSessionFile } from './write-session-file.js';
