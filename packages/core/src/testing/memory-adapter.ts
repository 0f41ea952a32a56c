import type {
  AdapterFactory,
  DawEvent,
  DawEventListener,
  DawTrack,
  LoadPlan,
  TransportState,
} from '../adapter/contract.js';
import { defineAdapter } from '../adapter/define-adapter.js';
import type { AdapterManifest, FxState, Marker, Snapshot, TrackState } from '../generated/types.js';
import { createUlid } from '../identifiers/ulid.js';

export const memoryAdapterManifest: AdapterManifest = {
  schema: 'AdapterManifest.1',
  name: 'memory',
  daw: 'tapeop in-memory DAW',
  description:
    'A DAW that exists only in memory: the reference implementation of the adapter contract, for adapter authors and tests.',
  transports: ['in-memory'],
  capabilities: [
    'songs.load',
    'tracks.list',
    'markers.read',
    'markers.write',
    'snapshot.capture',
    'snapshot.apply',
    'notes.read',
    'notes.write',
    'transport',
    'events',
  ],
};

interface MemoryTrack extends DawTrack {
  guid: string;
  state: Omit<TrackState, 'name' | 'index' | 'guid' | 'songId'>;
}

export interface MemoryDawOptions {
  sampleRate?: number;
  /** Plug-ins put on every track the adapter creates, so that recall has parameters to work on. */
  defaultFx?: FxState[];
  /** Markers that belong to the user (never touched by writeMarkers). */
  userMarkers?: Marker[];
}

/**
 * The reference adapter: every operation of the contract, done on plain objects. It shows
 * adapter authors the expected behaviour (idempotent loads, markers identified by tapeop's own
 * ids, snapshot matching by GUID) and lets the hub and CLI be tested without a DAW.
 */
export function createMemoryAdapter(options: MemoryDawOptions = {}) {
  const sampleRate = options.sampleRate ?? 48_000;
  const tracks: MemoryTrack[] = [];
  const ownMarkers: Marker[] = [];
  const userMarkers: Marker[] = structuredClone(options.userMarkers ?? []);
  const listeners = new Set<DawEventListener>();
  let notes = '';
  let connected = false;
  const transport: TransportState = { playing: false, positionSec: 0 };

  const emit = (event: DawEvent) => {
    for (const listener of listeners) listener(event);
  };
  const requireConnection = () => {
    if (!connected) throw new Error('not connected: call connect() first');
  };
  const publicTrack = (t: MemoryTrack): DawTrack =>
    structuredClone({
      guid: t.guid,
      name: t.name,
      index: t.index,
      songId: t.songId,
      items: t.items,
    });

  const addTrack = (name: string, songId?: string): MemoryTrack => {
    const track: MemoryTrack = {
      guid: `{${createUlid()}}`,
      name,
      index: tracks.length,
      ...(songId ? { songId } : {}),
      items: [],
      state: {
        volumeDb: 0,
        pan: 0,
        width: 1,
        mute: false,
        solo: false,
        phaseInvert: false,
        fx: structuredClone(options.defaultFx ?? []),
      },
    };
    tracks.push(track);
    return track;
  };

  const adapter = defineAdapter(memoryAdapterManifest, {
    async connect() {
      connected = true;
      emit({ type: 'connection', state: 'connected' });
    },
    async close() {
      connected = false;
      emit({ type: 'connection', state: 'disconnected' });
    },
    async describe() {
      return {
        manifest: memoryAdapterManifest,
        daw: {
          name: memoryAdapterManifest.daw,
          version: '1',
          project: { name: 'memory', sampleRate },
        },
      };
    },
    async listTracks() {
      requireConnection();
      return tracks.map(publicTrack);
    },
    async loadSongs(plan: LoadPlan) {
      requireConnection();
      const scale = sampleRate / plan.sampleRate;
      const toDaw = (samples: number) => Math.round(samples * scale);
      const touched: MemoryTrack[] = [];
      const single =
        plan.layout === 'single-track'
          ? (tracks.find((t) => t.name === 'Album') ?? addTrack('Album'))
          : undefined;
      if (single) single.items = [];
      for (const song of plan.songs) {
        const track =
          single ??
          tracks.find((t) => t.songId === song.songId) ??
          addTrack(song.trackName, song.songId);
        track.name = single ? track.name : song.trackName;
        const item = {
          name: song.title,
          sourcePath: song.filePath,
          positionSamples: toDaw(song.positionSamples),
          lengthSamples: toDaw(song.lengthSamples),
          sourceOffsetSamples: toDaw(song.sourceOffsetSamples),
          sampleRate,
        };
        track.items = single ? [...track.items, item] : [item];
        if (!touched.includes(track)) touched.push(track);
      }
      return { tracks: touched.map(publicTrack), warnings: [] };
    },
    async readMarkers() {
      requireConnection();
      return structuredClone([...userMarkers, ...ownMarkers]).sort(
        (a, b) => a.timeSamples - b.timeSamples,
      );
    },
    async writeMarkers(markers: Marker[]) {
      requireConnection();
      const removed = ownMarkers.length;
      ownMarkers.length = 0;
      for (const marker of markers) {
        ownMarkers.push({
          ...structuredClone(marker),
          id: marker.id ?? createUlid(),
          daw: { daw: 'memory', guid: `{${createUlid()}}` },
        });
      }
      emit({ type: 'markers-changed' });
      return { written: structuredClone(ownMarkers), removed, warnings: [] };
    },
    async captureSnapshot(capture = {}) {
      requireConnection();
      const snapshot: Snapshot = {
        schema: 'Snapshot.1',
        id: createUlid(),
        ...(capture.name ? { name: capture.name } : {}),
        capturedAt: new Date().toISOString(),
        source: { daw: memoryAdapterManifest.daw, dawVersion: '1', adapter: 'memory' },
        sampleRate,
        tracks: tracks.map((t) => ({
          guid: t.guid,
          name: t.name,
          index: t.index,
          ...(t.songId ? { songId: t.songId } : {}),
          ...structuredClone(t.state),
        })),
        markers: structuredClone([...userMarkers, ...ownMarkers]),
      };
      return snapshot;
    },
    async applySnapshot(target: Snapshot) {
      requireConnection();
      let operations = 0;
      const warnings: string[] = [];
      for (const wanted of target.tracks) {
        const track =
          tracks.find((t) => wanted.guid !== undefined && t.guid === wanted.guid) ??
          tracks.find((t) => t.name === wanted.name);
        if (!track) {
          warnings.push(`track "${wanted.name}" is not in the project; skipped`);
          continue;
        }
        const {
          guid: _guid,
          name,
          index: _index,
          songId: _songId,
          ...state
        } = structuredClone(wanted);
        if (track.name !== name) {
          track.name = name;
          operations++;
        }
        if (JSON.stringify(track.state) !== JSON.stringify(state)) operations++;
        track.state = { ...track.state, ...state };
        emit({
          type: 'track-changed',
          index: track.index,
          guid: track.guid,
          changes: { volumeDb: state.volumeDb, pan: state.pan, mute: state.mute },
        });
      }
      return { operations, warnings };
    },
    async readNotes() {
      requireConnection();
      return notes;
    },
    async writeNotes(text: string) {
      requireConnection();
      notes = text;
    },
    async locate(seconds: number) {
      transport.positionSec = seconds;
      emit({ type: 'transport', playing: transport.playing, positionSec: seconds });
    },
    async play() {
      transport.playing = true;
      emit({ type: 'transport', playing: true, positionSec: transport.positionSec });
    },
    async stop() {
      transport.playing = false;
      emit({ type: 'transport', playing: false, positionSec: transport.positionSec });
    },
    async transportState() {
      return { ...transport };
    },
    subscribe(listener: DawEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return adapter;
}

export const memoryAdapterFactory: AdapterFactory = {
  name: 'memory',
  manifest: memoryAdapterManifest,
  create: () => createMemoryAdapter(),
};
