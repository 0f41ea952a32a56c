import {
  type CaptureOptions,
  createUlid,
  type FxState,
  type PluginIdentity,
  type Snapshot,
  type TrackState,
} from '@tapeop/core';
import type { BridgeMixerEntry, BridgePlugin } from '../bridge/bridge-types.js';
import type { ArdourConnection } from './ardour-connection.js';
import { readMarkers } from './live-markers.js';

const FORMATS: Record<string, PluginIdentity['format']> = {
  LV2: 'LV2',
  LADSPA: 'LADSPA',
  Windows_VST: 'VST',
  LXVST: 'VST',
  MacVST: 'VST',
  VST3: 'VST3',
  AudioUnit: 'AU',
  Lua: 'native',
};

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round = (value: number, digits = 6) => Math.round(value * 10 ** digits) / 10 ** digits;

function fxState(plugin: BridgePlugin): FxState {
  return {
    guid: plugin.id,
    name: plugin.name,
    plugin: {
      id: plugin.uniqueId || plugin.name,
      format: FORMATS[plugin.type] ?? 'native',
      ...(plugin.maker ? { vendor: plugin.maker } : {}),
    },
    enabled: plugin.enabled,
    params: plugin.params.map((p) => ({
      index: p.index,
      name: p.name,
      normalized: clamp(round(p.normalized), 0, 1),
      formatted: String(round(p.value, 4)),
    })),
  };
}

/**
 * Ardour keeps a pan azimuth from 0 (hard left) to 1 (hard right); the schema's pan goes from
 * -1 (left) to 1 (right). Ardour's OSC surface shows the azimuth the way its GUI knob does,
 * mirrored: /strip/pan_stereo_position 0 is hard right (ParameterDescriptor::to_interface).
 */
export const azimuthToPan = (azimuth: number | null) =>
  azimuth === null ? 0 : clamp(round(azimuth * 2 - 1), -1, 1);
export const panToAzimuth = (pan: number) => clamp((pan + 1) / 2, 0, 1);
export const panToOscPosition = (pan: number) => 1 - panToAzimuth(pan);
export const oscPositionToPan = (position: number) => azimuthToPan(1 - position);

function trackState(
  entry: BridgeMixerEntry,
  index: number,
  songId: string | undefined,
): TrackState {
  const { strip } = entry;
  return {
    guid: entry.id,
    name: entry.name,
    index,
    ...(songId ? { songId } : {}),
    volumeDb: strip.gainDb === null ? null : round(strip.gainDb),
    pan: azimuthToPan(strip.azimuth),
    ...(strip.width !== null ? { width: clamp(round(strip.width), -1, 1) } : {}),
    mute: strip.mute,
    solo: strip.solo,
    phaseInvert: strip.phaseInvert,
    fx: entry.plugins.map(fxState),
  };
}

/**
 * The session's recall state from the bridge: every track's fader, pan, width, switches and
 * plug-in parameters, the master bus, and the markers.
 */
export async function captureSnapshot(
  live: ArdourConnection,
  options: CaptureOptions = {},
): Promise<Snapshot> {
  const facts = live.facts;
  const mixer = await live.bridge.call<BridgeMixerEntry[]>('mixer.state');
  const sidecar = await live.sidecar();
  const tracks = mixer
    .filter((e) => !e.master)
    .sort((a, b) => a.order - b.order)
    .map((entry, index) =>
      trackState(entry, index, sidecar.tracks.find((t) => t.routeId === entry.id)?.songId),
    );
  const master = mixer.find((e) => e.master);
  return {
    schema: 'Snapshot.1',
    id: createUlid(),
    ...(options.name ? { name: options.name } : {}),
    capturedAt: new Date().toISOString(),
    source: {
      daw: 'Ardour',
      dawVersion: facts.ardour,
      adapter: 'ardour',
      project: facts.session.path,
    },
    sampleRate: facts.session.sampleRate,
    tracks,
    ...(master ? { master: { ...trackState(master, -1, undefined), name: master.name } } : {}),
    markers: await readMarkers(live),
  };
}
