// The answers of the bridge's operations (bridge/tapeop-bridge.lua), as the adapter reads them.
// Positions and lengths are in samples at the session's rate.

export interface BridgeDescription {
  bridge: string;
  ardour: string;
  gui: boolean;
  session: { name: string; path: string; snapshot: string; sampleRate: number };
}

export interface BridgeRegion {
  id: string;
  name: string;
  position: number;
  start: number;
  length: number;
  channels: number;
  gain: number;
  fadeInActive: boolean;
  fadeOutActive: boolean;
  source: string | null;
}

export interface BridgeTrack {
  id: string;
  name: string;
  order: number;
  isTrack: boolean;
  inputs: number;
  outputs: number;
  regions: BridgeRegion[];
}

export interface BridgeEnsuredTrack {
  id: string;
  name: string;
  created: boolean;
  inputs: number;
}

export interface BridgeWholeRegion {
  id: string;
  name: string;
  source: string | null;
  channels: number;
  length: number;
}

export interface BridgeLocation {
  name: string;
  start: number;
  end: number;
  flags: string[];
}

export interface BridgeParam {
  index: number;
  name: string;
  value: number;
  normalized: number;
  lower: number;
  upper: number;
}

export interface BridgePlugin {
  index: number;
  id: string;
  name: string;
  uniqueId: string;
  maker: string;
  type: string;
  enabled: boolean;
  params: BridgeParam[];
}

export interface BridgeStrip {
  gainDb: number | null;
  mute: boolean;
  solo: boolean;
  azimuth: number | null;
  width: number | null;
  phaseInvert: boolean;
}

export interface BridgeMixerEntry {
  id: string;
  name: string;
  order: number;
  master: boolean;
  strip: BridgeStrip;
  plugins: BridgePlugin[];
}

export interface BridgeFade {
  length: number;
  shape: string;
}

export interface BridgePlacement {
  wholeRegionId: string;
  position: number;
  start: number;
  length: number;
  gain?: number;
  fadeIn?: BridgeFade;
  fadeOut?: BridgeFade;
}
