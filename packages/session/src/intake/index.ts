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
export {
  type ReadAudioHeaderOptions,
  readAudioHeader,
  requireDecodable,
} from './read-audio-header.js';
