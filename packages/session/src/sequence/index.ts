// Public API of the sequence part of @tapeop/session: the album laid out in time, its CD
// markers and their REAPER names, the Red Book check, markers read back into a sequence, and
// the DAW load plan.
export { albumCdText, CREDIT_FIELDS, type CreditField, trackCdText } from './cd-text.js';
export { cdTextLanguage } from './cd-text-languages.js';
export { type LoadPlanOptions, planLoad } from './load-plan.js';
export {
  isTapeopMarker,
  MARKER_ID_PREFIX,
  type MarkerIdParts,
  markerId,
  parseMarkerId,
} from './marker-ids.js';
export { buildMarkers } from './markers.js';
export { playedRegion } from './played-region.js';
export {
  markerFromReaperName,
  parseReaperMarkerName,
  type ReaperMarkerInput,
  type ReaperMarkerName,
  type RenderedReaperName,
  reaperAlbumCreditProblems,
  renderReaperMarkerName,
} from './reaper-marker-name.js';
export {
  type RedBookOptions,
  type RedBookProblem,
  type RedBookRule,
  validateRedBook,
} from './red-book.js';
export {
  describeSequenceChange,
  diffSequences,
  type SequenceChange,
  type SequenceChangeKind,
} from './sequence-changes.js';
export {
  type SequenceFromMarkersOptions,
  type SequenceFromMarkersResult,
  sequenceFromMarkers,
  type UnmatchedMarker,
} from './sequence-from-markers.js';
export {
  buildTimeline,
  type CdIndex,
  type PlayedRegion,
  sessionIsForCd,
  type Timeline,
  type TimelineAlbum,
  type TimelineOptions,
  type TimelineSong,
} from './timeline.js';
