// The shapes of the bridge's results (bridge/tapeop_bridge.lua): seconds, linear gains and
// REAPER's own names, before the adapter turns them into tapeop's documents.

export interface BridgeItem {
  guid: string;
  position: number;
  length: number;
  offset: number;
  name?: string;
  file?: string;
  songId?: string;
}

export interface BridgeParam {
  i: number;
  /** Absent in a values-only capture (detail "values"). */
  name?: string;
  n: number;
  f?: string;
}

export interface BridgeFx {
  index: number;
  guid: string;
  name: string;
  enabled: boolean;
  offline: boolean;
  ident?: string;
  type?: string;
  originalName?: string;
  nparams: number;
  preset?: string;
  presetMatches?: boolean;
  params?: BridgeParam[];
  state?: string;
}

export interface BridgeTrack {
  guid: string;
  index: number;
  name: string;
  vol: number;
  pan: number;
  width: number;
  mute: boolean;
  solo: number;
  phase: boolean;
  fxEnabled: boolean;
  songId?: string;
  layout?: string;
  fx?: BridgeFx[];
  items?: BridgeItem[];
}

export interface BridgeMarker {
  idx: number;
  guid: string;
  num: number;
  rgn: boolean;
  pos: number;
  end?: number;
  name: string;
  color: number;
  tapeop?: { id: string; kind: string };
}

export interface BridgeInfo {
  reaper: string;
  os?: string;
  resourcePath: string;
  project: {
    name: string;
    path: string;
    sampleRate: number;
    sampleRateSource: string;
    tracks: number;
  };
  bridge: { version: string; protocol: number; folder: string };
}

export interface BridgeCapture {
  reaper: string;
  project: string;
  sampleRate: number;
  tracks: BridgeTrack[];
  master: BridgeTrack;
  markers?: BridgeMarker[];
}
