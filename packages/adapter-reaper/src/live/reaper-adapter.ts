import {
  type AdapterManifest,
  type ApplyOptions,
  type CaptureOptions,
  type DawAdapter,
  type DawEvent,
  type DawEventListener,
  defineAdapter,
  isTapeopError,
  type LoadPlan,
  type Logger,
  type Marker,
  noopLogger,
  type Snapshot,
  TapeopError,
  type TransportState,
} from '@tapeop/core';
import { planRecall } from '@tapeop/session';
import { MAILBOX_SECTION, mailboxKeys } from '../bridge/protocol.js';
import { BridgeClient, parseHeartbeat } from './bridge-client.js';
import type { BridgeCapture, BridgeInfo, BridgeMarker, BridgeTrack } from './bridge-types.js';
import { dawTrack, loadSongsArgs } from './load-mapping.js';
import { reaperManifest } from './manifest.js';
import { markersFromBridge, writeMarkersArgs } from './marker-mapping.js';
import { i, type OscFeedback, ReaperOscClient } from './osc-client.js';
import { bridgeRecallOps } from './recall-mapping.js';
import { snapshotFromCapture } from './snapshot-mapping.js';
import { WebInterfaceClient } from './web-interface-client.js';
import {
  parseExtState,
  parseTrack,
  parseTransport,
  type ReplyLine,
  splitReply,
  type TrackReply,
} from './web-replies.js';

export interface ReaperAdapterOptions {
  /** The machine REAPER runs on (127.0.0.1 by default). */
  host?: string;
  /** The web interface's port (8080 by default); `port` is the same, as the CLI passes it. */
  httpPort?: number;
  port?: number;
  /** The web interface's login, when one is set. */
  user?: string;
  password?: string;
  /** REAPER's OSC surface listen port; without it tapeop uses HTTP only. */
  oscPort?: number;
  /** The local port REAPER sends OSC feedback to (the surface's device port); 0 takes any. */
  oscListenPort?: number;
  /** Longest wait for one bridge request (30 s). */
  timeoutMs?: number;
  /** Longest wait for one HTTP request (5 s). */
  httpTimeoutMs?: number;
  /** A heartbeat older than this means the bridge is not running (3 s). */
  staleMs?: number;
  /** Start the bridge through the web interface when it is installed but not running (yes). */
  startBridge?: boolean;
  /** How bodies over 8 KB travel: through the bridge folder's files, in parts, or 'auto'. */
  transfer?: 'auto' | 'file' | 'parts';
  /** How often events are polled over HTTP while someone listens (500 ms). */
  pollMs?: number;
  logger?: Logger;
  /** The manifest to present (the reaper-sim factory uses its own). */
  manifest?: AdapterManifest;
  /** Runs after close() (the reaper-sim factory closes its simulator there). */
  onClose?: () => Promise<void>;
}

/** Counters for benchmarks and diagnostics. */
export interface ReaperAdapterStats {
  httpRoundTrips: number;
  bridgeRequests: number;
  /** Time the bridge spent inside REAPER (the rest is transport and waiting for its tick). */
  bridgeMs: number;
  oscMessagesSent: number;
}

export type ReaperAdapter = DawAdapter & {
  stats(): ReaperAdapterStats;
  readonly osc: ReaperOscClient | undefined;
};

const feedbackAddress = /^\/(?:track\/\d+\/(?:volume\/db|pan|mute|solo|name)|play|stop|time)$/;

const dbOf = (gain: number) => (gain > 0 ? 20 * Math.log10(gain) : null);

/**
 * The REAPER adapter: the core contract over REAPER's web interface (mailbox requests to the
 * bridge script, quick reads), with OSC for live control and feedback when an OSC port is given.
 */
export function createReaperAdapter(options: ReaperAdapterOptions = {}): ReaperAdapter {
  const manifest = options.manifest ?? reaperManifest;
  const logger = (options.logger ?? noopLogger).child(manifest.name);
  const host = options.host ?? '127.0.0.1';
  const web = new WebInterfaceClient({
    host,
    port: options.httpPort ?? options.port ?? 8080,
    ...(options.user !== undefined ? { user: options.user, password: options.password ?? '' } : {}),
    timeoutMs: options.httpTimeoutMs ?? 5000,
    logger,
  });
  const bridge = new BridgeClient(web, {
    timeoutMs: options.timeoutMs ?? 30_000,
    staleMs: options.staleMs ?? 3000,
    transfer: options.transfer ?? 'auto',
    logger,
  });
  const osc =
    options.oscPort !== undefined
      ? new ReaperOscClient({
          host,
          port: options.oscPort,
          listenPort: options.oscListenPort ?? 0,
          logger,
          // Events come from track values and the transport; parameter feedback is skipped unread.
          accept: (address) => feedbackAddress.test(address),
        })
      : undefined;
  const listeners = new Set<DawEventListener>();
  let connected = false;
  let info: BridgeInfo | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let polling = false;

  const emit = (event: DawEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.warn(`an event listener failed: ${(error as Error).message}`);
      }
    }
  };

  const needConnection = () => {
    if (!connected) {
      throw new TapeopError('DAW_UNREACHABLE', `the ${manifest.daw} adapter is not connected`, {
        hint: 'Call connect() first.',
      });
    }
  };

  const request = async <T>(
    op: Parameters<BridgeClient['request']>[0],
    args: Record<string, unknown> = {},
  ) => {
    needConnection();
    try {
      return await bridge.request<T>(op, args);
    } catch (error) {
      if (isTapeopError(error, 'DAW_REJECTED') && error.details.bridgeCode === 'CONFLICT') {
        throw new TapeopError(
          'CONFLICT',
          error.message.replace("REAPER's bridge refused applySnapshot: ", 'recall stopped: '),
          {
            details: error.details,
            hint: 'The project changed since the snapshot was compared with it: capture the current state and apply again.',
            cause: error,
          },
        );
      }
      throw error;
    }
  };

  // ---- events: OSC feedback right away, HTTP polling for everything

  let last: {
    transport?: string;
    tracks: Map<number, TrackReply>;
    markers?: string;
    beat?: number;
    beatAt: number;
  } = {
    tracks: new Map(),
    beatAt: 0,
  };
  let failures = 0;

  const poll = async () => {
    if (polling || !connected) return;
    polling = true;
    try {
      const lines = await web.run([
        'TRANSPORT',
        'TRACK',
        'MARKER',
        'REGION',
        `GET/EXTSTATE/${MAILBOX_SECTION}/${mailboxKeys.alive}`,
      ]);
      if (failures > 0) emit({ type: 'connection', state: 'connected' });
      failures = 0;
      const transport = parseTransport(lines.find((l) => l[0] === 'TRANSPORT'));
      const playing = transport.playstate === 1 || transport.playstate === 5;
      const key = `${transport.playstate}:${transport.positionSec.toFixed(2)}`;
      if (key !== last.transport) {
        last.transport = key;
        emit({ type: 'transport', playing, positionSec: transport.positionSec });
      }
      for (const line of lines.filter((l) => l[0] === 'TRACK')) {
        const t = parseTrack(line);
        const before = last.tracks.get(t.index);
        last.tracks.set(t.index, t);
        if (!before) continue;
        const changes: Record<string, unknown> = {};
        if (before.name !== t.name) changes.name = t.name;
        if (before.volume !== t.volume) changes.volumeDb = dbOf(t.volume);
        if (before.pan !== t.pan) changes.pan = t.pan;
        if (before.muted !== t.muted) changes.mute = t.muted;
        if (before.soloed !== t.soloed) changes.solo = t.soloed;
        if (Object.keys(changes).length > 0)
          emit({ type: 'track-changed', index: t.index - 1, changes });
      }
      const markerText = lines
        .filter((l) => l[0] === 'MARKER' || l[0] === 'REGION')
        .map((l) => l.join('\t'))
        .join('\n');
      if (last.markers !== undefined && markerText !== last.markers)
        emit({ type: 'markers-changed' });
      last.markers = markerText;
      const beat = parseHeartbeat(parseExtState(lines.find((l) => l[0] === 'EXTSTATE')).value);
      if (beat && beat.count !== last.beat && Date.now() - last.beatAt >= 2000) {
        last.beat = beat.count;
        last.beatAt = Date.now();
        emit({ type: 'heartbeat', at: new Date(beat.unixTime * 1000).toISOString() });
      }
    } catch (error) {
      failures++;
      emit({ type: 'error', message: (error as Error).message });
      if (failures === 1)
        emit({ type: 'connection', state: 'disconnected', reason: (error as Error).message });
    } finally {
      polling = false;
    }
  };

  const startPolling = () => {
    if (pollTimer || !connected || listeners.size === 0) return;
    const every = options.pollMs ?? 500;
    const loop = () => {
      pollTimer = setTimeout(
        async () => {
          await poll();
          if (pollTimer) loop();
        },
        failures > 0 ? Math.min(every * 2 ** failures, 10_000) : every,
      );
    };
    loop();
  };
  const stopPolling = () => {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = undefined;
  };

  // What OSC feedback said last, per track and field: the first report is the baseline, only
  // later differences are changes (a surface refresh repeats every value).
  const oscKnown = new Map<string, unknown>();
  let oscPosition = 0;
  const onFeedback = (m: OscFeedback) => {
    const track = /^\/track\/(\d+)\/(volume\/db|pan|mute|solo|name)$/.exec(m.address);
    const value = m.args[0];
    if (track && osc) {
      const number = osc.trackNumberOfSlot(Number(track[1]));
      const field = track[2]!;
      let change: [string, unknown] | undefined;
      if (field === 'volume/db' && typeof value === 'number')
        change = ['volumeDb', value <= -150 ? null : value];
      else if (field === 'pan' && typeof value === 'number') change = ['pan', value * 2 - 1];
      else if (field === 'mute' && typeof value === 'number') change = ['mute', value !== 0];
      else if (field === 'solo' && typeof value === 'number') change = ['solo', value !== 0];
      else if (field === 'name' && typeof value === 'string') change = ['name', value];
      if (!change) return;
      const key = `${number}:${change[0]}`;
      const seen = oscKnown.has(key);
      const before = oscKnown.get(key);
      oscKnown.set(key, change[1]);
      if (seen && before !== change[1]) {
        emit({ type: 'track-changed', index: number - 1, changes: { [change[0]]: change[1] } });
      }
      return;
    }
    if (m.address === '/time' && typeof value === 'number') {
      oscPosition = value;
      emit({ type: 'transport', playing: true, positionSec: value });
    } else if ((m.address === '/play' || m.address === '/stop') && value === 1) {
      emit({ type: 'transport', playing: m.address === '/play', positionSec: oscPosition });
    }
  };

  const adapter = defineAdapter(manifest, {
    async connect() {
      if (connected) return;
      const lines = await web.run(['TRANSPORT']);
      parseTransport(lines[0]);
      await bridge.ensureRunning({ start: options.startBridge ?? true });
      connected = true;
      try {
        info = await request<BridgeInfo>('info');
      } catch (error) {
        connected = false;
        throw error;
      }
      if (osc) {
        await osc.open();
        osc.on('message', onFeedback);
        // Announces this device to REAPER's surface and asks for the whole state.
        osc.send('/device/track/count', i(osc.bankSize));
        osc.refresh();
      }
      emit({ type: 'connection', state: 'connected' });
      startPolling();
    },
    async close() {
      stopPolling();
      const wasConnected = connected;
      connected = false;
      if (osc) {
        osc.off('message', onFeedback);
        await osc.close();
      }
      web.close();
      if (wasConnected) emit({ type: 'connection', state: 'disconnected' });
      last = { tracks: new Map(), beatAt: 0 };
      await options.onClose?.();
    },
    async describe() {
      needConnection();
      info = await request<BridgeInfo>('info');
      return {
        manifest,
        daw: {
          name: 'REAPER',
          version: info.reaper,
          project: {
            ...(info.project.name ? { name: info.project.name } : {}),
            ...(info.project.path ? { path: info.project.path } : {}),
            sampleRate: info.project.sampleRate,
          },
        },
      };
    },
    async listTracks() {
      const result = await request<{ sampleRate: number; tracks: BridgeTrack[] }>('listTracks', {
        fx: false,
        items: true,
      });
      return result.tracks.map((t) => dawTrack(t, result.sampleRate));
    },
    async loadSongs(plan: LoadPlan) {
      if (!plan || !Array.isArray(plan.songs) || plan.songs.length === 0) {
        throw new TapeopError('INVALID_ARGUMENT', 'the load plan has no songs', {
          hint: 'Build it with planLoad() from @tapeop/session.',
        });
      }
      if (!(plan.sampleRate > 0))
        throw new TapeopError(
          'INVALID_ARGUMENT',
          `the load plan's sample rate ${plan.sampleRate} is not a rate`,
        );
      const result = await request<{
        sampleRate: number;
        tracks: BridgeTrack[];
        warnings: string[];
      }>('loadSongs', loadSongsArgs(plan));
      return {
        tracks: result.tracks.map((t) => dawTrack(t, result.sampleRate)),
        warnings: result.warnings,
      };
    },
    async readMarkers() {
      const result = await request<{ sampleRate: number; markers: BridgeMarker[] }>('readMarkers');
      return markersFromBridge(result.markers, result.sampleRate, logger);
    },
    async writeMarkers(markers: Marker[]) {
      if (!Array.isArray(markers))
        throw new TapeopError('INVALID_ARGUMENT', 'writeMarkers needs a list of markers');
      const write = writeMarkersArgs(markers);
      const result = await request<{ written: BridgeMarker[]; removed: number }>(
        'writeMarkers',
        write.args,
      );
      const byId = new Map(result.written.map((w) => [w.tapeop?.id, w]));
      const written = write.markers.map((m) => {
        const w = byId.get(m.id);
        if (!w) return m;
        return {
          ...m,
          timeSamples: Math.round(w.pos * m.sampleRate),
          ...(m.endSamples !== undefined && w.end !== undefined
            ? { endSamples: Math.round(w.end * m.sampleRate) }
            : {}),
          daw: { daw: 'reaper', guid: w.guid, number: w.num },
        };
      });
      return { written, removed: result.removed, warnings: write.warnings };
    },
    async captureSnapshot(capture: CaptureOptions = {}) {
      const result = await request<BridgeCapture>('captureSnapshot', {
        state: capture.includeState ?? false,
        params: true,
        markers: true,
      });
      return snapshotFromCapture(result, {
        ...(capture.name ? { name: capture.name } : {}),
        adapter: manifest.name,
        daw: 'REAPER',
        logger,
      });
    },
    async applySnapshot(target: Snapshot, apply: ApplyOptions = {}) {
      const exact = apply.exact ?? false;
      const current = snapshotFromCapture(
        await request<BridgeCapture>('captureSnapshot', {
          state: exact,
          // The plan compares normalized values only: names and display strings are not read.
          detail: 'values',
          markers: false,
        }),
        {
          adapter: manifest.name,
          daw: 'REAPER',
        },
      );
      const plan = planRecall(current, target, { exact });
      const mapped = bridgeRecallOps(plan);
      const warnings = [...plan.warnings, ...mapped.warnings];
      if (mapped.ops.length > 0) {
        const result = await request<{ applied: number; warnings: string[] }>('applySnapshot', {
          ops: mapped.ops,
        });
        warnings.push(...result.warnings);
      }
      return { operations: plan.operations.length, warnings };
    },
    async readNotes() {
      const result = await request<{ text: string }>('getNotes');
      return result.text.replace(/\r\n/g, '\n');
    },
    async writeNotes(text: string) {
      if (typeof text !== 'string')
        throw new TapeopError('INVALID_ARGUMENT', 'project notes must be text');
      await request('setNotes', { text });
    },
    async locate(seconds: number) {
      needConnection();
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new TapeopError('INVALID_ARGUMENT', `cannot locate to ${seconds} s`);
      await web.run([`SET/POS/${seconds}`]);
    },
    async play() {
      needConnection();
      await web.run(['1007'], { idempotent: false });
    },
    async stop() {
      needConnection();
      await web.run(['1016'], { idempotent: false });
    },
    async transportState(): Promise<TransportState> {
      needConnection();
      const t = parseTransport((await web.run(['TRANSPORT']))[0]);
      return {
        playing: t.playstate === 1 || t.playstate === 5,
        recording: t.playstate === 5 || t.playstate === 6,
        positionSec: t.positionSec,
      };
    },
    subscribe(listener: DawEventListener) {
      listeners.add(listener);
      startPolling();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopPolling();
      };
    },
  });

  return Object.assign(adapter, {
    osc,
    stats: (): ReaperAdapterStats => ({
      httpRoundTrips: web.roundTrips,
      bridgeRequests: bridge.requests,
      bridgeMs: bridge.bridgeMs,
      oscMessagesSent: osc?.sent ?? 0,
    }),
  });
}

/** Parses a raw web-interface reply (exported for tools that talk to REAPER directly). */
export function readWebReply(body: string): ReplyLine[] {
  return splitReply(body);
}
