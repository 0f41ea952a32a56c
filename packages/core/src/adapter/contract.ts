import type {
  AdapterManifest,
  Capability,
  Fade,
  Marker,
  Snapshot,
  TrackState,
} from '../generated/types.js';
import type { Logger } from '../logging/logger.js';

/** What a DAW says about itself and the open project. */
export interface DawInfo {
  /** The DAW's name as it reports it (e.g. 'REAPER', 'Ardour'). */
  name: string;
  version?: string;
  project?: { name?: string; path?: string; sampleRate?: number };
}

export interface AdapterDescription {
  manifest: AdapterManifest;
  daw: DawInfo;
}

/** A media item on a DAW track; positions in samples at `sampleRate` (the project rate). */
export interface DawItem {
  name?: string;
  sourcePath?: string;
  positionSamples: number;
  lengthSamples: number;
  /** Where in the source file the item starts (the head trim). */
  sourceOffsetSamples: number;
  sampleRate: number;
}

export interface DawTrack {
  guid?: string;
  name: string;
  /** Position in the DAW's track list, from 0. */
  index: number;
  /** The song tapeop loaded on this track, when the DAW remembers it. */
  songId?: string;
  items: DawItem[];
}

/**
 * Everything a DAW needs to place an album's mixes: built from a Session and its timeline by
 * @tapeop/session. Every position and length is in samples at `sampleRate`, the session rate.
 */
export interface LoadPlan {
  sampleRate: number;
  /** One track per song (the usual mastering layout) or every song on one track. */
  layout: 'track-per-song' | 'single-track';
  songs: LoadPlanSong[];
}

export interface LoadPlanSong {
  songId: string;
  title: string;
  /** Name of the DAW track the song goes on. */
  trackName: string;
  /** Absolute path of the mix file as the DAW sees it. */
  filePath: string;
  /** Where the song's first sample (after the head trim) lands on the timeline. */
  positionSamples: number;
  /** Head trim: where in the file playback starts, converted to the session rate. */
  sourceOffsetSamples: number;
  /** How long the item plays (the mix minus both trims). */
  lengthSamples: number;
  fadeIn?: Fade;
  fadeOut?: Fade;
  gainDb?: number;
}

export interface LoadResult {
  tracks: DawTrack[];
  warnings: string[];
}

export interface WriteMarkersResult {
  /** The markers as written, with the DAW's identities filled in. */
  written: Marker[];
  /** Markers tapeop had written before and removed. */
  removed: number;
  warnings: string[];
}

export interface CaptureOptions {
  name?: string;
  /** Also capture each plug-in's opaque state for exact recall (bigger snapshots). */
  includeState?: boolean;
}

export interface ApplyOptions {
  /** Restore plug-in state blobs where the snapshot has them, not only parameter values. */
  exact?: boolean;
}

export interface ApplyResult {
  /** How many operations the recall plan had. */
  operations: number;
  warnings: string[];
}

export interface TransportState {
  playing: boolean;
  recording?: boolean;
  positionSec: number;
}

export type DawEvent =
  | { type: 'connection'; state: 'connected' | 'disconnected'; reason?: string }
  | { type: 'heartbeat'; at: string }
  | { type: 'transport'; playing: boolean; positionSec: number }
  | {
      type: 'track-changed';
      index: number;
      guid?: string;
      changes: Partial<Omit<TrackState, 'fx'>>;
    }
  | { type: 'markers-changed' }
  | { type: 'error'; message: string };

export type DawEventListener = (event: DawEvent) => void;

/**
 * The one interface every DAW adapter presents. Optional operations depend on capabilities:
 * ask `supports('markers.write')` first; calling an operation the adapter does not support
 * throws a TapeopError with code UNSUPPORTED.
 */
export interface DawAdapter {
  readonly manifest: AdapterManifest;
  supports(capability: Capability): boolean;
  connect(): Promise<void>;
  close(): Promise<void>;
  describe(): Promise<AdapterDescription>;
  listTracks(): Promise<DawTrack[]>;
  loadSongs(plan: LoadPlan): Promise<LoadResult>;
  readMarkers(): Promise<Marker[]>;
  /** Replaces the markers tapeop wrote before with `markers`; the user's own markers stay. */
  writeMarkers(markers: Marker[]): Promise<WriteMarkersResult>;
  captureSnapshot(options?: CaptureOptions): Promise<Snapshot>;
  /** Turns the DAW's current state into `target` (levels, switches, plug-ins, parameters). */
  applySnapshot(target: Snapshot, options?: ApplyOptions): Promise<ApplyResult>;
  /** The DAW project's own notes field. */
  readNotes(): Promise<string>;
  writeNotes(text: string): Promise<void>;
  locate(seconds: number): Promise<void>;
  play(): Promise<void>;
  stop(): Promise<void>;
  transportState(): Promise<TransportState>;
  /** Listens to DAW events; returns the function that stops listening. */
  subscribe(listener: DawEventListener): () => void;
}

/** How to reach a DAW. Adapters read the fields that apply to them. */
export interface AdapterConnectionOptions {
  host?: string;
  /** The DAW's main control port (REAPER's web interface, Ardour's OSC port). */
  port?: number;
  oscPort?: number;
  timeoutMs?: number;
  logger?: Logger;
  [option: string]: unknown;
}

/** Project files written or read without a running DAW. */
export interface OfflineProjectSupport {
  /** File name extensions this adapter writes and reads (e.g. ['.rpp']). */
  extensions: string[];
  write?(input: OfflineWriteInput): Promise<{ path: string; warnings: string[] }>;
  read?(path: string): Promise<OfflineProject>;
}

export interface OfflineWriteInput {
  session: import('../generated/types.js').Session;
  sessionDir: string;
  plan: LoadPlan;
  markers: Marker[];
  snapshot?: Snapshot;
  outFile: string;
}

export interface OfflineProject {
  sampleRate?: number;
  tracks: DawTrack[];
  markers: Marker[];
  notes?: string;
}

/** What a package exports so that tapeop can find and create its adapter. */
export interface AdapterFactory {
  /** The registry name (e.g. 'reaper'); the manifest's name. */
  name: string;
  /** Other names it answers to (e.g. 'reaper-sim'). */
  aliases?: string[];
  manifest: AdapterManifest;
  create(options: AdapterConnectionOptions): DawAdapter | Promise<DawAdapter>;
  offline?: OfflineProjectSupport;
}
