import type { RppProblem } from './rpp-problem.js';
import type { RppBlock, RppDocument, RppField } from './rpp-tree.js';

// What tapeop reads out of an RPP project. Times are in seconds and levels linear, as REAPER
// stores them; each part points at the node it was read from, so a caller can change the tree
// and write it back with everything else untouched.

export interface RppProject {
  /** The whole file as a tree: `serializeRpp(project.document)` is the text read. */
  document: RppDocument;
  /** The <REAPER_PROJECT block. */
  root: RppBlock;
  /** REAPER's version and platform at the last save, e.g. "7.11/macOS-arm64". */
  reaperVersion?: string;
  /** When it was last saved (the header's Unix time). */
  savedAt?: Date;
  /** SAMPLERATE: the project rate, and whether the project forces it over the audio device's. */
  sampleRate?: number;
  sampleRateForced: boolean;
  /** The project notes (<NOTES), lines joined with '\n'. */
  notes: string;
  master: RppMaster;
  tracks: RppTrack[];
  /** Markers and regions in file order (REAPER writes them in timeline order). */
  markers: RppMarker[];
  /** Project ext state (<EXTSTATE): section → key → value, as REAPER saved them (upper case). */
  extState: Record<string, Record<string, string>>;
  /** Everything a lenient read repaired, and warnings (values that are not numbers, ...). */
  problems: RppProblem[];
}

export interface RppMaster {
  volume: number;
  pan: number;
  mute: boolean;
  solo: boolean;
  fxEnabled: boolean;
  fx: RppFx[];
  fxChain?: RppBlock;
}

export interface RppTrack {
  block: RppBlock;
  /** Position in the track list, from 0. */
  index: number;
  guid?: string;
  name: string;
  /** Fader as a linear gain (1 = 0 dB). */
  volume: number;
  /** −1 (left) to 1 (right). */
  pan: number;
  mute: boolean;
  /** 0 off, 1 solo, 2 solo in place. */
  solo: number;
  phaseInvert: boolean;
  /** The track's FX chain switch (FX 0 bypasses the whole chain). */
  fxEnabled: boolean;
  /** Extension data (<EXT, ReaScript's P_EXT:<key>). */
  ext: Record<string, string>;
  /** The song tapeop placed on this track (ext `tapeop_song`), as the bridge records it. */
  songId?: string;
  fx: RppFx[];
  fxChain?: RppBlock;
  items: RppItem[];
}

export interface RppFx {
  /** Plug-in kind from its block: VST (VST2 and VST3), JS, AU, CLAP, LV2, DX, CONTAINER, ... */
  kind: string;
  /** The plug-in's own name ("VST3: Pro-Q 3 (FabFilter)") or, for JS, its path ("utility/volume"). */
  name: string;
  /** The plug-in's file (VST, CLAP, LV2). */
  file?: string;
  /** The name the engineer gave this instance, when renamed. */
  customName?: string;
  bypassed: boolean;
  offline: boolean;
  preset?: string;
  /** FXID. */
  guid?: string;
  /** JS slider values (null where the slider is unused, '-'). */
  jsParams?: Array<number | null>;
  /**
   * The plug-in's state chunk: its lines from BYPASS to the line before the next BYPASS, as
   * REAPER's GetTrackStateChunk gives them and the bridge stores them in snapshots.
   */
  chunk: string;
  /** The block of the plug-in (<VST, <JS, ...). */
  block?: RppBlock;
  /** The BYPASS line that starts the plug-in's part of the chain. */
  bypassField: RppField;
}

export interface RppItem {
  block: RppBlock;
  /** IGUID. */
  guid?: string;
  /** The active take's name. */
  name?: string;
  position: number;
  length: number;
  /** Where the active take starts in its source (SOFFS). */
  sourceOffset: number;
  /** Item gain (VOLPAN's first field), linear. */
  volume: number;
  mute: boolean;
  loop: boolean;
  fadeIn: RppFade;
  fadeOut: RppFade;
  ext: Record<string, string>;
  songId?: string;
  /** The item's notes (<NOTES), e.g. on an empty text item. */
  notes?: string;
  takes: RppTake[];
  /** Index of the active take in `takes`. */
  activeTake: number;
}

export interface RppFade {
  /** REAPER's shape number (C_FADEINSHAPE/C_FADEOUTSHAPE). */
  shape: number;
  length: number;
  /** Curvature (D_FADEINDIR/D_FADEOUTDIR), −1 to 1. */
  curve: number;
}

export interface RppTake {
  name?: string;
  guid?: string;
  sourceOffset: number;
  source?: RppSource;
}

export interface RppSource {
  /** WAVE, FLAC, MP3, VORBIS, MIDI, CLICK, SECTION, EMPTY, ... */
  type: string;
  /** The media file (from FILE, in a SECTION's inner source too), as written: relative paths are relative to the project's folder. */
  file?: string;
  block: RppBlock;
}

export interface RppMarker {
  /** The number REAPER shows (markers and regions are numbered separately). */
  number: number;
  isRegion: boolean;
  /** Seconds. */
  position: number;
  /** Seconds; regions only. */
  end?: number;
  name: string;
  /** REAPER's flags: 1 region, 8 selected, 16 hidden. */
  flags: number;
  /** 0 for the default colour. */
  color: number;
  guid?: string;
  /** The MARKER line (the start line of a region). */
  field: RppField;
  /** A region's end line. */
  endField?: RppField;
}
