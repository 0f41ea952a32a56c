// @tapeop/delivery: the master transferred to its delivery formats (DDP 2.00, CUE, PQ sheet,
// per-song masters), and DDPs from any tool read back and verified.

export {
  type CdTextBlock,
  type CdTextProblem,
  type DecodedCdText,
  decodeCdText,
} from './cd-text/decode-cd-text.js';
export { type CdTextInput, encodeCdText } from './cd-text/encode-cd-text.js';
export {
  type CueFileType,
  type CueLeadIn,
  type CueSheetInput,
  type CueSheetText,
  formatCueSheet,
} from './cue/format-cue-sheet.js';
export { type ByteOrder, type ByteOrderGuess, detectByteOrder } from './ddp/byte-order.js';
export { type ChecksumEntry, formatChecksumFile, parseChecksumFile } from './ddp/checksum-file.js';
export { type DdpId, decodeDdpId, encodeDdpId } from './ddp/ddp-id.js';
export { type DdpMapPacket, decodeDdpMap, encodeDdpMap } from './ddp/ddp-map.js';
export { decodePqDescriptor, encodePqDescriptor, type PqEntry } from './ddp/pq-descriptor.js';
export {
  type DdpFileset,
  type DdpImageFile,
  type ReadDdpOptions,
  readDdp,
} from './ddp/read-ddp.js';
export {
  type DdpChecksumResult,
  type DdpProblem,
  type DdpVerification,
  type VerifyDdpOptions,
  verifyDdp,
} from './ddp/verify-ddp.js';
export {
  type DdpFileResult,
  type DdpFilesetOptions,
  type DdpFilesetResult,
  writeDdpFileset,
} from './ddp/write-ddp-fileset.js';
export {
  type SplitMastersOptions,
  type SplitMastersResult,
  splitMasters,
} from './deliver/split-masters.js';
export {
  type WriteCueSheetOptions,
  type WriteCueSheetResult,
  writeCueSheet,
} from './deliver/write-cue-sheet.js';
export { type WriteDdpOptions, type WriteDdpResult, writeDdp } from './deliver/write-ddp.js';
export {
  type PqSheetFormat,
  type WritePqSheetOptions,
  type WritePqSheetResult,
  writePqSheet,
} from './deliver/write-pq-sheet.js';
export {
  assertDiscLayout,
  checkDiscLayout,
  type DiscCheckOptions,
} from './disc/check-disc-layout.js';
export {
  type CdTrackFlags,
  type DiscIndex,
  type DiscLayout,
  type DiscText,
  type DiscTrack,
  NO_FLAGS,
  trackLength,
  trackPregap,
  trackStart,
} from './disc/disc-layout.js';
export { layoutToPqEntries, pqEntriesToLayout } from './disc/pq-entries.js';
export { type PcmSegment, segmentsLength } from './io/pcm-segments.js';
export { formatPqCsv } from './pq-sheet/format-pq-csv.js';
export { formatPqHtml } from './pq-sheet/format-pq-html.js';
export { formatPqJson } from './pq-sheet/format-pq-json.js';
export { formatPqText } from './pq-sheet/format-pq-text.js';
export {
  buildPqSheet,
  type PqSheet,
  type PqSheetFacts,
  type PqSheetHeader,
  type PqSheetRow,
} from './pq-sheet/pq-sheet.js';
export {
  type DiscFromTimeline,
  type DiscFromTimelineOptions,
  discFromTimeline,
} from './session/disc-from-timeline.js';
export { type MasterAudio, type ProgrammeAudio, programmeAudio } from './session/master-audio.js';
export { type PrepareDiscOptions, type PreparedDisc, prepareDisc } from './session/prepare-disc.js';
export { type GapPlacement, type TrackCut, trackCuts } from './split/track-cuts.js';
export {
  extractDdpTracks,
  type TrackMaster,
  type TrackMastersOptions,
  writeTrackMasters,
} from './split/write-track-masters.js';
export type { WavTags } from './wav/wav-metadata.js';
export { type CdWavOptions, type CdWavResult, writeCdWav } from './wav/write-wav.js';
