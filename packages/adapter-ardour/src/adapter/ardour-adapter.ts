import {
  type AdapterConnectionOptions,
  type AdapterFactory,
  type DawAdapter,
  type DawEvent,
  type DawEventListener,
  defineAdapter,
  type LoadPlan,
  type Marker,
  TapeopError,
} from '@tapeop/core';
import type { ArdourOscEvent } from '../osc/ardour-osc.js';
import { ardourOffline } from '../session-file/offline.js';
import { ArdourConnection, type ArdourConnectionOptions } from './ardour-connection.js';
import { readMarkers, writeMarkers } from './live-markers.js';
import { applySnapshot } from './live-recall.js';
import { captureSnapshot, oscPositionToPan } from './live-snapshot.js';
import { loadSongs, toDawTrack } from './load-songs.js';
import { ardourManifest } from './manifest.js';

export interface ArdourAdapterOptions extends ArdourConnectionOptions {
  /** How often the connection is checked (Ardour's heartbeat arrives every second). */
  watchdogMs?: number;
}

/**
 * The Ardour adapter: OSC for the mixer, transport and feedback, the tapeop bridge inside
 * Ardour for tracks, audio, markers and plug-ins. Ardour and the adapter run on the same
 * machine (the bridge's mailbox is a folder in Ardour's config).
 */
export function createArdourAdapter(options: ArdourAdapterOptions = {}): DawAdapter {
  const live = new ArdourConnection(options);
  const listeners = new Set<DawEventListener>();
  let watchdog: NodeJS.Timeout | undefined;
  let connected = false;
  let unsubscribe: (() => void) | undefined;
  const emit = (event: DawEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  // The playhead as Ardour last reported it (feedback sends it while the transport moves).
  let positionSec = 0;
  // ssid → track, for turning strip feedback into track events.
  let stripTracks = new Map<number, { index: number; guid: string }>();
  const refreshStripTracks = async () => {
    if (!live.bridgeRunning) return;
    const [strips, tracks] = await Promise.all([live.osc.handshake(), live.tracks()]);
    const ordered = tracks.sort((a, b) => a.order - b.order);
    stripTracks = new Map(
      strips.flatMap((s) => {
        const index = ordered.findIndex((t) => t.name === s.name);
        return index < 0 ? [] : [[s.ssid, { index, guid: ordered[index]!.id }] as const];
      }),
    );
  };
  const onOsc = (event: ArdourOscEvent) => {
    switch (event.type) {
      case 'strip': {
        const track = stripTracks.get(event.ssid);
        if (!track) return;
        const { gainDb, pan, mute, solo, name } = event.changes;
        const changes = {
          ...(gainDb !== undefined ? { volumeDb: gainDb <= -192 ? null : gainDb } : {}),
          ...(pan !== undefined ? { pan: oscPositionToPan(pan) } : {}),
          ...(mute !== undefined ? { mute } : {}),
          ...(solo !== undefined ? { solo } : {}),
          ...(name !== undefined ? { name } : {}),
        };
        if (Object.keys(changes).length > 0) emit({ type: 'track-changed', ...track, changes });
        return;
      }
      case 'transport':
        emit({ type: 'transport', playing: event.playing, positionSec });
        return;
      case 'position':
        positionSec = event.samples / live.sampleRate;
        emit({ type: 'transport', playing: live.osc.playing ?? true, positionSec });
        return;
      case 'heartbeat':
        emit({ type: 'heartbeat', at: new Date().toISOString() });
        return;
      case 'strips-changed':
        refreshStripTracks().catch(() => undefined);
        return;
      default:
    }
  };

  const requireBridge = () => void live.facts;

  const adapter = defineAdapter(ardourManifest, {
    async connect() {
      await live.connect();
      unsubscribe = live.osc.subscribe(onOsc);
      await refreshStripTracks().catch(() => undefined);
      connected = true;
      emit({ type: 'connection', state: 'connected' });
      const every = options.watchdogMs ?? 1000;
      watchdog = setInterval(() => {
        const silent = live.osc.silenceMs > Math.max(3500, every * 3);
        if (silent && connected) {
          connected = false;
          emit({
            type: 'connection',
            state: 'disconnected',
            reason: 'Ardour stopped answering (no OSC heartbeat)',
          });
        } else if (!silent && !connected) {
          connected = true;
          emit({ type: 'connection', state: 'connected' });
        }
      }, every);
      watchdog.unref();
    },
    async close() {
      if (watchdog) clearInterval(watchdog);
      unsubscribe?.();
      await live.close();
      if (connected) emit({ type: 'connection', state: 'disconnected', reason: 'closed' });
      connected = false;
    },
    async describe() {
      const facts = live.bridgeRunning ? live.facts : undefined;
      return {
        manifest: ardourManifest,
        daw: {
          name: 'Ardour',
          ...(facts ? { version: facts.ardour } : {}),
          project: {
            ...(facts ? { name: facts.session.name, path: facts.session.path } : {}),
            sampleRate: live.sampleRate,
          },
        },
      };
    },
    async listTracks() {
      requireBridge();
      const sidecar = await live.sidecar();
      const tracks = (await live.tracks()).sort((a, b) => a.order - b.order);
      return tracks.map((t, i) =>
        toDawTrack(t, i, live.sampleRate, sidecar.tracks.find((s) => s.routeId === t.id)?.songId),
      );
    },
    async loadSongs(plan: LoadPlan) {
      requireBridge();
      const result = await loadSongs(live, plan);
      await refreshStripTracks().catch(() => undefined);
      return result;
    },
    async readMarkers() {
      requireBridge();
      return readMarkers(live);
    },
    async writeMarkers(markers: Marker[]) {
      requireBridge();
      const result = await writeMarkers(live, markers);
      emit({ type: 'markers-changed' });
      return result;
    },
    async captureSnapshot(capture) {
      requireBridge();
      return captureSnapshot(live, capture);
    },
    async applySnapshot(target, apply) {
      requireBridge();
      return applySnapshot(live, target, apply);
    },
    async locate(seconds: number) {
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new TapeopError('INVALID_ARGUMENT', `cannot locate to ${seconds} s`);
      }
      await live.osc.locate(Math.round(seconds * live.sampleRate));
    },
    async play() {
      await live.osc.play();
    },
    async stop() {
      await live.osc.stop();
    },
    async transportState() {
      const [sample, speed] = [await live.osc.transportSample(), await live.osc.transportSpeed()];
      return { playing: speed !== 0, positionSec: sample / live.sampleRate };
    },
    subscribe(listener: DawEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return adapter;
}

/** The registry's entry: `tapeop --daw ardour`. */
export const ardourAdapterFactory: AdapterFactory = {
  name: 'ardour',
  manifest: ardourManifest,
  create: (options: AdapterConnectionOptions) =>
    createArdourAdapter({
      ...(options.host ? { host: options.host } : {}),
      ...((options.oscPort ?? options.port) !== undefined
        ? { oscPort: (options.oscPort ?? options.port) as number }
        : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(typeof options.configDir === 'string' ? { configDir: options.configDir } : {}),
      ...(typeof options.actionSlot === 'number' ? { actionSlot: options.actionSlot } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    }),
  offline: ardourOffline,
};
