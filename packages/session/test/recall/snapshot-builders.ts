// Small builders for recall tests: a snapshot with only what a test is about spelled out.
import type {
  FxState,
  Marker,
  ParamState,
  PluginIdentity,
  Snapshot,
  TrackState,
} from '@tapeop/core';

export function snapshot(tracks: TrackState[], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    schema: 'Snapshot.1',
    id: '01M7X042E0V5QP5JMPNNVHAH9N',
    capturedAt: '2026-11-20T17:30:00Z',
    source: { daw: 'REAPER', adapter: 'reaper' },
    sampleRate: 44100,
    tracks: tracks.map((t, index) => ({ ...t, index })),
    ...extra,
  };
}

export function track(name: string, fields: Partial<TrackState> = {}): TrackState {
  return {
    name,
    index: 0,
    volumeDb: 0,
    pan: 0,
    mute: false,
    solo: false,
    phaseInvert: false,
    fx: [],
    ...fields,
  };
}

export function master(fields: Partial<TrackState> = {}): TrackState {
  return track('MASTER', { index: -1, ...fields });
}

const PLUGINS: Record<string, PluginIdentity> = {
  'Pro-Q 3': { id: 'VST3:FabFilter Pro-Q 3 (FabFilter)', format: 'VST3', vendor: 'FabFilter' },
  'Pro-L 2': { id: 'VST3:FabFilter Pro-L 2 (FabFilter)', format: 'VST3', vendor: 'FabFilter' },
  'Pro-C 2': { id: 'VST3:FabFilter Pro-C 2 (FabFilter)', format: 'VST3', vendor: 'FabFilter' },
  ReaLimit: { id: 'JS:ReaLimit', format: 'JS' },
  ReaEQ: { id: 'VST:ReaEQ (Cockos)', format: 'VST', vendor: 'Cockos' },
};

/** A plug-in by display name; the identity is looked up (or made from the name). */
export function fx(name: string, fields: Partial<FxState> = {}): FxState {
  return {
    name,
    plugin: PLUGINS[name] ?? { id: `VST3:${name}`, format: 'VST3' },
    enabled: true,
    params: [],
    ...fields,
  };
}

export function param(
  index: number,
  name: string,
  normalized: number,
  formatted?: string,
  unit?: string,
): ParamState {
  return {
    index,
    name,
    normalized,
    ...(formatted !== undefined && { formatted }),
    ...(unit !== undefined && { unit }),
  };
}

export function marker(fields: Partial<Marker> & Pick<Marker, 'kind' | 'timeSamples'>): Marker {
  return { schema: 'Marker.1', sampleRate: 44100, ...fields };
}

/** A deep copy to edit into the "after" snapshot. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
