// @tapeop/core: the common schema and everything every other package shares.

export type {
  AdapterConnectionOptions,
  AdapterDescription,
  AdapterFactory,
  ApplyOptions,
  ApplyResult,
  CaptureOptions,
  DawAdapter,
  DawEvent,
  DawEventListener,
  DawInfo,
  DawItem,
  DawTrack,
  LoadPlan,
  LoadPlanSong,
  LoadResult,
  OfflineProject,
  OfflineProjectSupport,
  OfflineWriteInput,
  TransportState,
  WriteMarkersResult,
} from './adapter/contract.js';
export {
  type AdapterImplementation,
  capabilityOperations,
  defineAdapter,
} from './adapter/define-adapter.js';
export {
  type AdapterFailure,
  type AdapterRegistry,
  type AdapterSource,
  createAdapterRegistry,
  type DiscoverOptions,
  isAdapterPackageName,
  type RegisteredAdapter,
} from './adapter/registry.js';
export { oneAtATime } from './concurrency/one-at-a-time.js';
export {
  errorCodes,
  isTapeopError,
  TapeopError,
  type TapeopErrorCode,
  type TapeopErrorOptions,
  toTapeopError,
} from './errors/tapeop-error.js';
export { schemaFiles } from './generated/schema-files.js';
export * from './generated/types.js';
export {
  EAN_SHAPE,
  type EanResult,
  eanCheckDigit,
  isEan13,
  normalizeEan,
  parseEan,
} from './identifiers/ean.js';
export {
  formatIsrc,
  ISRC_SHAPE,
  type IsrcParts,
  type IsrcResult,
  isIsrc,
  normalizeIsrc,
  parseIsrc,
} from './identifiers/isrc.js';
export { isSongId, makeSongId } from './identifiers/song-id.js';
export { createUlid, isUlid, ulidTime } from './identifiers/ulid.js';
export {
  createLogger,
  createMemoryLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  type LogRecord,
  noopLogger,
} from './logging/logger.js';
export {
  checkSessionPath,
  isInsideSessionFolder,
  type SessionPathVerdict,
} from './paths/session-path.js';
export {
  CD_BYTES_PER_FRAME,
  CD_DEFAULT_MAX_FRAMES,
  CD_FRAMES_PER_SECOND,
  CD_LEAD_PREGAP_FRAMES,
  CD_MAX_TRACKS,
  CD_MIN_TRACK_FRAMES,
  CD_SAMPLE_RATE,
  CD_SAMPLES_PER_FRAME,
  CD_WARN_FRAMES,
  cdFramesToSamples,
  cdFramesToSeconds,
  formatMsf,
  parseMsf,
  samplesToCdFrames,
  secondsToCdAlignedSamples,
  secondsToCdFrames,
  snapToCdFrame,
} from './units/cd-frames.js';
export { dbToGain, formatDb, gainToDb, MINUS, parseDb } from './units/gain.js';
export {
  ceilTolerant,
  floorTolerant,
  type Rounding,
  roundHalfAwayFromZero,
} from './units/rounding.js';
export { convertSampleRate, samplesToSeconds, secondsToSamples } from './units/sample-time.js';
export { formatClock, formatTimecode, parseTimecode } from './units/timecode.js';
export {
  assertDocument,
  currentSchemaTag,
  type DocumentType,
  type DocumentTypes,
  documentTypes,
  parseAdapterManifest,
  parseDocument,
  parseMarker,
  parseNote,
  parseQcReport,
  parseSession,
  parseSnapshot,
  readDocument,
  type ValidateOptions,
  type ValidationResult,
  validateAdapterManifest,
  validateDocument,
  validateMarker,
  validateNote,
  validateQcReport,
  validateSession,
  validateSnapshot,
} from './validation/documents.js';
export { NOTE_KINDS, REQUEST_STATUSES } from './validation/note-kinds.js';
export { formatProblem, joinPointer, type Problem, representValue } from './validation/problem.js';
export {
  createUpgradeRegistry,
  defaultUpgrades,
  type UpgradeFunction,
  type UpgradeRegistry,
} from './validation/upgrades.js';
