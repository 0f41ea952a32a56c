// Public API of the sequence part of @tapeop/session: the album laid out in time, its CD
// markers, the Red Book check and the DAW load plan.
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
