import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { normalizedFromNative, type SimPluginDef } from './plugins.js';

// The simulated REAPER's in-memory project. Everything the web interface, the OSC surface and
// the ReaScript functions do goes through here, and every change is announced as an event so
// that the OSC surface can send feedback the way REAPER does.

export function newGuid(): string {
  return `{${randomUUID().toUpperCase()}}`;
}

export interface SimSource {
  file: string;
  lengthSec: number;
  sampleRate: number;
  channels: number;
}

export interface SimTake {
  guid: string;
  name: string;
  startOffset: number;
  vol: number;
  source: SimSource | null;
  ext: Map<string, string>;
}

export interface SimItem {
  guid: string;
  position: number;
  length: number;
  vol: number;
  mute: boolean;
  fadeInLen: number;
  fadeOutLen: number;
  fadeInShape: number;
  fadeOutShape: number;
  fadeInDir: number;
  fadeOutDir: number;
  ext: Map<string, string>;
  takes: SimTake[];
  activeTake: number;
  deleted: boolean;
}

export interface SimFx {
  guid: string;
  plugin: SimPluginDef;
  enabled: boolean;
  offline: boolean;
  /** Normalized parameter values, one per plug-in parameter. */
  values: number[];
  /** The instance's own name (REAPER's "renamed_name"); the plug-in's name when unset. */
  renamed?: string;
  /** The preset loaded last, and the values it set (to tell whether knobs moved since). */
  preset: string | null;
  presetValues: number[] | null;
}

export interface SimTrack {
  guid: string;
  isMaster: boolean;
  name: string;
  vol: number;
  pan: number;
  width: number;
  mute: boolean;
  solo: number;
  phase: boolean;
  fxEnabled: boolean;
  selected: boolean;
  recArm: boolean;
  color: number;
  ext: Map<string, string>;
  items: SimItem[];
  fx: SimFx[];
  /** REAPER keeps an empty <FXCHAIN> in the chunk once a track has had plug-ins. */
  hadFx: boolean;
  deleted: boolean;
}

export interface SimMarker {
  guid: string;
  isRegion: boolean;
  pos: number;
  end: number;
  name: string;
  /** The displayed number (markrgnindexnumber). */
  number: number;
  color: number;
  /** Creation order, to keep markers at the same position in a stable order. */
  seq: number;
}

export type TrackField =
  | 'name'
  | 'vol'
  | 'pan'
  | 'width'
  | 'mute'
  | 'solo'
  | 'phase'
  | 'fxEnabled'
  | 'selected'
  | 'recArm';

export type ModelEvent =
  | { kind: 'track'; track: SimTrack; field: TrackField }
  | { kind: 'tracks' }
  | {
      kind: 'fx';
      track: SimTrack;
      fx: SimFx;
      field: 'param' | 'enabled' | 'preset' | 'chain';
      param?: number;
    }
  | { kind: 'markers' }
  | { kind: 'transport' }
  | { kind: 'items'; track: SimTrack };

/** Play state bits as GetPlayState reports them: &1 playing, &2 paused, &4 recording. */
export const PLAY = 1;
export const PAUSE = 2;
export const RECORD = 4;

let markerSeq = 0;

export class SimProject extends EventEmitter {
  name = '';
  /** Full path of the .RPP file; empty while the project was never saved. */
  path = '';
  projectRate = 44100;
  useProjectRate = false;
  master: SimTrack;
  tracks: SimTrack[] = [];
  markers: SimMarker[] = [];
  notes = '';
  projExt = new Map<string, Map<string, string>>();
  renderStrings = new Map<string, string>();
  renderNumbers = new Map<string, number>();
  undoHistory: string[] = [];
  private undoDepth = 0;
  private cursor = 0;
  private playState = 0;
  private playStartedAt = 0;
  repeat = false;
  saves = 0;
  dirty = false;

  constructor(private readonly clock: () => number = () => performance.now() / 1000) {
    super();
    this.master = this.makeTrack('', true);
  }

  emitChange(event: ModelEvent): void {
    this.dirty = true;
    this.emit('change', event);
  }

  makeTrack(name: string, isMaster = false): SimTrack {
    return {
      guid: newGuid(),
      isMaster,
      name,
      vol: 1,
      pan: 0,
      width: 1,
      mute: false,
      solo: 0,
      phase: false,
      fxEnabled: true,
      selected: false,
      recArm: false,
      color: 0,
      ext: new Map(),
      items: [],
      fx: [],
      hadFx: false,
      deleted: false,
    };
  }

  insertTrack(index: number): SimTrack {
    const at = Math.max(0, Math.min(index, this.tracks.length));
    const track = this.makeTrack('');
    this.tracks.splice(at, 0, track);
    this.emitChange({ kind: 'tracks' });
    return track;
  }

  deleteTrack(track: SimTrack): void {
    const i = this.tracks.indexOf(track);
    if (i < 0) return;
    this.tracks.splice(i, 1);
    track.deleted = true;
    for (const item of track.items) item.deleted = true;
    this.emitChange({ kind: 'tracks' });
  }

  /** 1-based track number as REAPER counts (0 is the master, -1 when gone). */
  trackNumber(track: SimTrack): number {
    if (track.isMaster) return 0;
    const i = this.tracks.indexOf(track);
    return i < 0 ? -1 : i + 1;
  }

  setTrack<F extends TrackField>(track: SimTrack, field: F, value: SimTrack[F]): void {
    if (track[field] === value) return;
    track[field] = value;
    this.emitChange({ kind: 'track', track, field });
  }

  addItem(track: SimTrack): SimItem {
    const item: SimItem = {
      guid: newGuid(),
      position: 0,
      length: 0,
      vol: 1,
      mute: false,
      fadeInLen: 0,
      fadeOutLen: 0,
      fadeInShape: 0,
      fadeOutShape: 0,
      fadeInDir: 0,
      fadeOutDir: 0,
      ext: new Map(),
      takes: [],
      activeTake: 0,
      deleted: false,
    };
    track.items.push(item);
    this.emitChange({ kind: 'items', track });
    return item;
  }

  deleteItem(track: SimTrack, item: SimItem): boolean {
    const i = track.items.indexOf(item);
    if (i < 0) return false;
    track.items.splice(i, 1);
    item.deleted = true;
    this.emitChange({ kind: 'items', track });
    return true;
  }

  itemTrack(item: SimItem): SimTrack | undefined {
    return [this.master, ...this.tracks].find((t) => t.items.includes(item));
  }

  addFx(track: SimTrack, plugin: SimPluginDef): SimFx {
    const fx: SimFx = {
      guid: newGuid(),
      plugin,
      enabled: true,
      offline: false,
      values: plugin.params.map((p) => normalizedFromNative(p, p.default)),
      preset: null,
      presetValues: null,
    };
    track.fx.push(fx);
    track.hadFx = true;
    this.emitChange({ kind: 'fx', track, fx, field: 'chain' });
    return fx;
  }

  setParam(track: SimTrack, fx: SimFx, param: number, value: number): void {
    const v = Math.min(1, Math.max(0, value));
    if (fx.values[param] === v) return;
    fx.values[param] = v;
    this.emitChange({ kind: 'fx', track, fx, field: 'param', param });
  }

  // ---- markers: kept in timeline order; indexes shift as markers move, GUIDs stay

  sortMarkers(): void {
    this.markers.sort((a, b) => a.pos - b.pos || a.seq - b.seq);
  }

  /** AddProjectMarker2's rules: -1 when refused, else the displayed number it got. */
  addMarker(
    isRegion: boolean,
    pos: number,
    end: number,
    name: string,
    wantNumber: number,
    color: number,
  ): number {
    if (!Number.isFinite(pos) || (isRegion && (!Number.isFinite(end) || end < pos))) return -1;
    const used = new Set(this.markers.filter((m) => m.isRegion === isRegion).map((m) => m.number));
    let number = wantNumber;
    if (number < 0 || used.has(number)) {
      number = 1;
      while (used.has(number)) number++;
    }
    this.markers.push({
      guid: newGuid(),
      isRegion,
      pos,
      end: isRegion ? end : 0,
      name,
      number,
      color,
      seq: ++markerSeq,
    });
    this.sortMarkers();
    this.emitChange({ kind: 'markers' });
    return number;
  }

  deleteMarkerAt(index: number): boolean {
    if (index < 0 || index >= this.markers.length) return false;
    this.markers.splice(index, 1);
    this.emitChange({ kind: 'markers' });
    return true;
  }

  findMarker(number: number, isRegion: boolean): SimMarker | undefined {
    return this.markers.find((m) => m.number === number && m.isRegion === isRegion);
  }

  /** ReorderSelectedTracks: the selected tracks move before `before` (an index before the move). */
  reorderSelected(before: number): boolean {
    const moving = this.tracks.filter((t) => t.selected);
    if (moving.length === 0) return false;
    const staying = this.tracks.map((t, i) => ({ t, i })).filter((x) => !x.t.selected);
    const at = staying.findIndex((x) => x.i >= before);
    const rest = staying.map((x) => x.t);
    rest.splice(at < 0 ? rest.length : at, 0, ...moving);
    this.tracks = rest;
    this.emitChange({ kind: 'tracks' });
    return true;
  }

  /** Moves or renames a marker (OSC /marker_id, SetProjectMarker4): its index may change. */
  updateMarker(
    marker: SimMarker,
    changes: Partial<Pick<SimMarker, 'pos' | 'end' | 'name' | 'color'>>,
  ): void {
    Object.assign(marker, changes);
    this.sortMarkers();
    this.emitChange({ kind: 'markers' });
  }

  // ---- project ext state

  getProjExt(ext: string, key: string): string | undefined {
    return this.projExt.get(ext)?.get(key);
  }

  setProjExt(ext: string, key: string, value: string): number {
    if (key === '') {
      this.projExt.delete(ext);
      return 0;
    }
    const section = this.projExt.get(ext) ?? new Map<string, string>();
    if (value === '') section.delete(key);
    else section.set(key, value);
    this.projExt.set(ext, section);
    this.dirty = true;
    let size = 0;
    for (const [k, v] of section) size += k.length + v.length;
    return size;
  }

  // ---- transport

  get playStateBits(): number {
    return this.playState;
  }

  position(): number {
    if (this.playState & PLAY && !(this.playState & PAUSE)) {
      return this.cursor + (this.clock() - this.playStartedAt);
    }
    return this.cursor;
  }

  private setPlayState(state: number): void {
    if (state === this.playState) return;
    const pos = this.position();
    this.playState = state;
    this.cursor = pos;
    this.playStartedAt = this.clock();
    this.emit('change', { kind: 'transport' } satisfies ModelEvent);
  }

  play(): void {
    this.setPlayState(PLAY | (this.playState & RECORD));
  }

  record(): void {
    this.setPlayState(PLAY | RECORD);
  }

  pause(): void {
    if (this.playState & PAUSE) this.setPlayState(this.playState & ~PAUSE);
    else if (this.playState & PLAY) this.setPlayState(this.playState | PAUSE);
    else this.setPlayState(PLAY | PAUSE);
  }

  stop(): void {
    // Stopping puts the play cursor back at the edit cursor, as REAPER does by default.
    const editCursor = this.cursor;
    this.setPlayState(0);
    this.cursor = editCursor;
  }

  /** Moves the edit cursor; while playing, playback seeks there. */
  locate(seconds: number): void {
    this.cursor = Math.max(0, seconds);
    this.playStartedAt = this.clock();
    this.emit('change', { kind: 'transport' } satisfies ModelEvent);
  }

  // ---- undo

  beginUndo(): void {
    this.undoDepth++;
  }

  endUndo(description: string): void {
    this.undoDepth = Math.max(0, this.undoDepth - 1);
    if (this.undoDepth === 0) this.undoHistory.push(description);
  }

  get openUndoBlocks(): number {
    return this.undoDepth;
  }

  /** The project's length: the end of its last item or region. */
  length(): number {
    let end = 0;
    for (const t of this.tracks)
      for (const i of t.items) end = Math.max(end, i.position + i.length);
    for (const m of this.markers) end = Math.max(end, m.isRegion ? m.end : m.pos);
    return end;
  }
}

/** REAPER's fader curve for normalized (OSC "n") volume: see README, verified only here. */
export function faderFromGain(gain: number): number {
  if (gain <= 0) return 0;
  const db = 20 * Math.log10(gain);
  const d = Math.cbrt(2110.54 * Math.abs(db)) * Math.sign(db);
  return Math.min(1, Math.max(0, ((d + 63) * 10) / 1000));
}

export function gainFromFader(position: number): number {
  if (position <= 0) return 0;
  const y = Math.min(1, position) * 1000;
  const db = (y * 0.1 - 63) ** 3 / 2110.54;
  return 10 ** (db / 20);
}
