import {
  createUlid,
  type FxState,
  type Logger,
  type ParamState,
  type PluginIdentity,
  type Snapshot,
  type TrackState,
} from '@tapeop/core';
import type { BridgeCapture, BridgeFx, BridgeTrack } from './bridge-types.js';
import { markersFromBridge } from './marker-mapping.js';

const formats: Record<string, PluginIdentity['format']> = {
  VST: 'VST',
  VSTI: 'VST',
  VST2: 'VST',
  VST3: 'VST3',
  VST3I: 'VST3',
  AU: 'AU',
  AUI: 'AU',
  CLAP: 'CLAP',
  CLAPI: 'CLAP',
  JS: 'JS',
  JSFX: 'JS',
  LV2: 'LV2',
  LV2I: 'LV2',
};

/**
 * A plug-in's identity from what REAPER reports: its type (fx_type, else the name's prefix),
 * the vendor in the name's trailing parentheses, and as id the plug-in's own name with its
 * type prefix ("VST3: Pro-Q 3 (FabFilter)"), which is what TrackFX_AddByName takes back.
 */
export function pluginIdentity(
  fx: Pick<BridgeFx, 'name' | 'originalName' | 'type'>,
): PluginIdentity {
  const original = fx.originalName ?? fx.name;
  const prefix = /^([A-Za-z0-9]+):\s*/.exec(original)?.[1];
  const format = formats[(fx.type ?? prefix ?? '').toUpperCase()] ?? 'native';
  const vendor = /\(([^()]+)\)\s*$/.exec(original)?.[1];
  return { id: original, format, ...(vendor ? { vendor } : {}) };
}

const UNIT = /(?:^|[\d\s])(dB|kHz|Hz|ms|s|%|oct|:1)\s*$/;

export function paramState(p: { i: number; name?: string; n: number; f?: string }): ParamState {
  const unit = p.f === undefined ? undefined : UNIT.exec(p.f)?.[1];
  return {
    index: p.i,
    name: p.name ?? '',
    normalized: Math.min(1, Math.max(0, p.n)),
    ...(p.f !== undefined ? { formatted: p.f } : {}),
    ...(unit ? { unit } : {}),
  };
}

function fxState(fx: BridgeFx): FxState {
  return {
    guid: fx.guid,
    name: fx.name,
    plugin: pluginIdentity(fx),
    enabled: fx.enabled,
    ...(fx.offline ? { offline: true } : {}),
    ...(fx.preset ? { preset: fx.preset } : {}),
    params: (fx.params ?? []).map(paramState),
    ...(fx.state
      ? {
          state: {
            daw: 'reaper',
            kind: 'reaper-fx-chunk',
            encoding: 'base64' as const,
            data: fx.state,
          },
        }
      : {}),
  };
}

const clamp = (v: number) => Math.min(1, Math.max(-1, v));

export function trackState(t: BridgeTrack): TrackState {
  return {
    guid: t.guid,
    name: t.name,
    index: t.index,
    ...(t.songId ? { songId: t.songId } : {}),
    volumeDb: t.vol > 0 ? 20 * Math.log10(t.vol) : null,
    pan: clamp(t.pan),
    width: clamp(t.width),
    mute: t.mute,
    solo: t.solo !== 0,
    phaseInvert: t.phase,
    fx: (t.fx ?? []).map(fxState),
  };
}

export function snapshotFromCapture(
  capture: BridgeCapture,
  options: { name?: string; adapter: string; daw: string; logger?: Logger },
): Snapshot {
  return {
    schema: 'Snapshot.1',
    id: createUlid(),
    ...(options.name ? { name: options.name } : {}),
    capturedAt: new Date().toISOString(),
    source: {
      daw: options.daw,
      dawVersion: capture.reaper,
      adapter: options.adapter,
      ...(capture.project ? { project: capture.project } : {}),
    },
    sampleRate: capture.sampleRate,
    tracks: capture.tracks.map(trackState),
    master: trackState(capture.master),
    ...(capture.markers
      ? { markers: markersFromBridge(capture.markers, capture.sampleRate, options.logger) }
      : {}),
  };
}
