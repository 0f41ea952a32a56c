/**
 * The disc as the plant sees it: tracks, indexes at absolute CD frames, codes, flags and
 * CD-Text. Every deliverable (DDP, CUE, PQ sheet, per-song masters) is written from this one
 * shape, and the DDP reader gives it back, so a DDP from any tool prints and extracts the same
 * way as one written here.
 *
 * Frames count from the first sector of the image, i.e. disc time 00:00:00, where track 1's
 * pregap (index 0) starts; track 1's index 1 is at 150 (00:02:00) or later.
 */
export interface DiscLayout {
  /** UPC/EAN of the disc (the media catalogue number), 13 digits. */
  upc?: string;
  /** Free-text master identifier for DDPID (at most 48 ASCII characters). */
  masterId?: string;
  /** Disc-level CD-Text. */
  text: DiscText;
  /** The disc's CD-Text genre (a name from the CD-Text list such as 'Pop', or free text). */
  genre?: string;
  /** Language of the CD-Text block, as a name ('English', 'German', ...); English when left out. */
  language?: string;
  tracks: DiscTrack[];
  /** The lead-out's absolute frame: the length of the image in sectors. */
  leadOutFrame: number;
}

export interface DiscTrack {
  /** 1-99, consecutive from 1. */
  number: number;
  /** Index 0 (pause) when the track has a pregap, index 1, then index marks 2-99, ascending. */
  indexes: DiscIndex[];
  isrc?: string;
  flags: CdTrackFlags;
  text: DiscText;
  /** Name of each index mark above 1 (for the PQ sheet), keyed by index number. */
  indexNames?: Record<number, string>;
}

export interface DiscIndex {
  number: number;
  /** Absolute frame from the start of the image. */
  frame: number;
}

export interface CdTrackFlags {
  preEmphasis: boolean;
  copyPermitted: boolean;
  fourChannel: boolean;
  scms: boolean;
}

/** CD-Text fields of the disc or of one track (ISO 8859-1 on the disc). */
export interface DiscText {
  title?: string;
  performer?: string;
  songwriter?: string;
  composer?: string;
  arranger?: string;
  message?: string;
}

export const NO_FLAGS: CdTrackFlags = {
  preEmphasis: false,
  copyPermitted: false,
  fourChannel: false,
  scms: false,
};

/** Track start (index 1) in absolute frames. */
export function trackStart(track: DiscTrack): number {
  const index1 = track.indexes.find((i) => i.number === 1);
  return index1 ? index1.frame : (track.indexes[0]?.frame ?? 0);
}

/** Where a track's area begins: its index 0 when it has one, else its index 1. */
export function trackFirstFrame(track: DiscTrack): number {
  return track.indexes[0]?.frame ?? 0;
}

/** Pregap (index 0 to index 1) in frames; 0 without an index 0. */
export function trackPregap(track: DiscTrack): number {
  const index0 = track.indexes.find((i) => i.number === 0);
  return index0 ? trackStart(track) - index0.frame : 0;
}

/**
 * Playing length of track `position` (0-based): from its index 1 to where the next track's
 * area begins (its index 0, else its index 1), or to the lead-out.
 */
export function trackLength(layout: DiscLayout, position: number): number {
  const track = layout.tracks[position];
  if (!track) return 0;
  const next = layout.tracks[position + 1];
  const end = next ? trackFirstFrame(next) : layout.leadOutFrame;
  return end - trackStart(track);
}
