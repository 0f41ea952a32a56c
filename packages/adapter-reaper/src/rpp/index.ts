// Public API of the rpp part of @tapeop/adapter-reaper: REAPER projects (.RPP) read and written
// without a running REAPER.
export {
  DEFAULT_RPP_SAMPLE_RATE,
  offlineProjectFromRpp,
  readRppFile,
  reaperOfflineProjects,
  rppMarkers,
} from './offline-project.js';
export { type ParseRppOptions, parseRpp } from './parse-rpp.js';
export { type ReadRppOptions, readRpp, SONG_EXT_KEY } from './read-rpp.js';
export { fxChainSegments, readFxChain } from './rpp-fx.js';
export { isReaperGuid, stableReaperGuid } from './rpp-guid.js';
export {
  joinRppTokens,
  quoteNeedsBlock,
  quoteRppValue,
  type RppLineTokens,
  tokenizeRppLine,
} from './rpp-line.js';
export { markerFields, readMarkers } from './rpp-markers.js';
export { formatRppNumber } from './rpp-number.js';
export {
  type RppProblem,
  type RppProblemCode,
  RppProblemLog,
  rppLocation,
} from './rpp-problem.js';
export type {
  RppFade,
  RppFx,
  RppItem,
  RppMarker,
  RppMaster,
  RppProject,
  RppSource,
  RppTake,
  RppTrack,
} from './rpp-project.js';
export {
  blockData,
  blockText,
  cloneRppNode,
  findBlock,
  findBlocks,
  findField,
  findFields,
  type RppBlock,
  type RppDocument,
  type RppField,
  type RppNode,
  type RppText,
  rppBlock,
  rppField,
  rppStringField,
  rppText,
  rppTextLines,
  setField,
} from './rpp-tree.js';
export { formatRppNodes, serializeRpp } from './serialize-rpp.js';
export { type FxChainContext, fxChainBlock, REAPER_FX_CHUNK } from './write-fx-chain.js';
export {
  LAYOUT_EXT_KEY,
  MARKERS_EXT_KEY,
  TAPEOP_EXT_SECTION,
  type WriteRppOptions,
  type WriteRppResult,
  writeRpp,
  writeRppFile,
} from './write-rpp.js';
