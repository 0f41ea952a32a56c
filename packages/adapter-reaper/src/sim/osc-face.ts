import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger } from '@tapeop/core';
import OSC from 'osc-js';
import {
  fillOscAddress,
  matchOscAddress,
  type OscMatch,
  type OscPattern,
  type OscPatternConfig,
  oscSetting,
} from './osc-patterns.js';
import { formatParam } from './plugins.js';
import {
  faderFromGain,
  gainFromFader,
  type ModelEvent,
  PAUSE,
  PLAY,
  RECORD,
  type SimFx,
  type SimTrack,
} from './project-model.js';
import { actions, type SimReaper } from './reaper-app.js';

// The simulated REAPER's OSC control surface: routes generated from a pattern file, the
// device's banks and selections, and feedback for changes, coalesced at the surface's refresh
// rate and packed into bundles no larger than the surface's maximum packet size.

export interface OscFaceOptions {
  app: SimReaper;
  config: OscPatternConfig;
  host: string;
  port: number;
  /** Where feedback goes besides every address that sent a message. */
  feedbackTargets?: Array<{ host: string; port: number }>;
  /** Send the flooding messages (TIME while playing). */
  flood?: boolean;
  /** Largest feedback packet in bytes (REAPER's surface setting; 1024 by default). */
  maxPacket?: number;
  refreshMs?: number;
  logger: Logger;
}

type Arg = number | string;

const volumeString = (gain: number) =>
  gain <= 0 ? '-inf dB' : `${(20 * Math.log10(gain)).toFixed(2)}dB`;
const panString = (pan: number) =>
  Math.abs(pan) < 0.005 ? 'center' : `${Math.round(Math.abs(pan) * 100)}%${pan < 0 ? 'L' : 'R'}`;
const timeString = (sec: number) => {
  const m = Math.floor(sec / 60);
  return `${m}:${(sec - m * 60).toFixed(3).padStart(6, '0')}`;
};

export class OscFace {
  private socket: Socket | undefined;
  private readonly devices = new Map<string, { host: string; port: number }>();
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private floodTimer: NodeJS.Timeout | undefined;
  private readonly onChange = (event: ModelEvent) => this.noteChange(event);
  private readonly onAction = (id: number) => {
    if (id === actions.refreshSurfaces) this.refresh();
  };
  // The device's state, as REAPER keeps it per surface.
  trackBank = 0;
  selectedTrack = 1;
  selectedFx = 1;
  fxParamBank = 0;
  trackCount: number;
  fxCount: number;
  fxParamCount: number;
  markerCount: number;
  readonly received: Array<{ address: string; args: Arg[] }> = [];
  boundPort = 0;

  constructor(private readonly options: OscFaceOptions) {
    const c = options.config;
    this.trackCount = oscSetting(c, 'DEVICE_TRACK_COUNT', 8);
    this.fxCount = oscSetting(c, 'DEVICE_FX_COUNT', 8);
    this.fxParamCount = oscSetting(c, 'DEVICE_FX_PARAM_COUNT', 16);
    this.markerCount = oscSetting(c, 'DEVICE_MARKER_COUNT', 0);
    for (const t of options.feedbackTargets ?? []) this.devices.set(`${t.host}:${t.port}`, t);
  }

  async start(): Promise<number> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (buf, from) => this.receive(buf, from));
    socket.on('error', (error) => this.options.logger.warn(`OSC socket: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, this.options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.boundPort = socket.address().port;
    this.options.app.project.on('change', this.onChange);
    this.options.app.actionListeners.add(this.onAction);
    return this.boundPort;
  }

  async close(): Promise<void> {
    this.options.app.project.off('change', this.onChange);
    this.options.app.actionListeners.delete(this.onAction);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.floodTimer) clearInterval(this.floodTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  // ---- receiving

  private receive(buf: Buffer, from: RemoteInfo): void {
    this.devices.set(`${from.address}:${from.port}`, { host: from.address, port: from.port });
    let messages: Array<{ address: string; args: Arg[] }>;
    try {
      const packet = new OSC.Packet();
      packet.unpack(new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
      messages = flatten(packet.value);
    } catch (error) {
      this.options.logger.warn(
        `OSC: ignored a packet that is not OSC from ${from.address}:${from.port}: ${(error as Error).message}`,
      );
      return;
    }
    for (const m of messages) this.handle(m.address, m.args);
  }

  /** Handles one message as REAPER's surface would (also used by the web interface's OSC/). */
  handle(address: string, args: Arg[]): void {
    this.received.push({ address, args });
    const match = matchOscAddress(this.options.config, address);
    if (!match) return; // REAPER ignores messages its pattern file does not list
    try {
      this.dispatch(match, args);
    } catch (error) {
      this.options.logger.warn(`OSC ${address}: ${(error as Error).message}`);
    }
  }

  private trackAt(n: number): SimTrack | undefined {
    const project = this.options.app.project;
    if (n === 0) return project.master;
    return project.tracks[this.trackBank * this.trackCount + n - 1];
  }

  private targetTracks(match: OscMatch): SimTrack[] {
    const p = match.pattern;
    if (p.segments[0] === 'master') return [this.options.app.project.master];
    if (p.segments[0] === 'track' && p.segments[1] === '@') {
      return (match.targets[0] ?? []).map((n) => this.trackAt(n)).filter((t): t is SimTrack => !!t);
    }
    const t = this.trackAt(this.selectedTrack);
    return t ? [t] : [];
  }

  /** The plug-in indexes (0-based) a message addresses on a track. */
  private targetFx(match: OscMatch): number[] {
    const segs = match.pattern.segments;
    const fxPos = segs.indexOf('fx');
    if (fxPos >= 0 && segs[fxPos + 1] === '@') {
      const targetIndex = segs.slice(0, fxPos + 1).filter((s) => s === '@').length;
      return (match.targets[targetIndex] ?? []).map((n) => n - 1);
    }
    return [this.selectedFx - 1];
  }

  private dispatch(match: OscMatch, args: Arg[]): void {
    const { app } = this.options;
    const project = app.project;
    const p = match.pattern;
    const num = (i = 0) => Number(args[i]);
    const str = (i = 0) => String(args[i] ?? '');
    const trigger = () => args.length === 0 || num() !== 0;
    const tracks = () => this.targetTracks(match);
    switch (p.action) {
      case 'PLAY':
        if (trigger()) project.play();
        return;
      case 'STOP':
        if (trigger()) project.stop();
        return;
      case 'PAUSE':
        if (trigger()) project.pause();
        return;
      case 'RECORD':
        if (trigger()) project.record();
        return;
      case 'REPEAT':
        if (trigger()) app.runAction(actions.toggleRepeat);
        return;
      case 'TIME':
        if (p.flag === 'f') project.locate(num());
        return;
      case 'GOTO_MARKER':
      case 'GOTO_REGION': {
        const n = p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 0);
        const m = project.findMarker(n, p.action === 'GOTO_REGION');
        if (m) project.locate(m.pos);
        return;
      }
      case 'MARKERID_NAME':
      case 'MARKERID_TIME':
      case 'REGIONID_NAME':
      case 'REGIONID_TIME':
      case 'REGIONID_LENGTH': {
        const isRegion = p.action.startsWith('REGION');
        const n = match.targets[0]?.[0] ?? 0;
        let m = project.findMarker(n, isRegion);
        if (!m) {
          // "if not found, creates the marker/region"
          const at = project.position();
          project.addMarker(isRegion, at, at, '', n, 0);
          m = project.findMarker(n, isRegion);
        }
        if (!m) return;
        if (p.action.endsWith('NAME')) project.updateMarker(m, { name: str() });
        else if (p.action.endsWith('TIME')) {
          const length = m.end - m.pos;
          project.updateMarker(m, isRegion ? { pos: num(), end: num() + length } : { pos: num() });
        } else project.updateMarker(m, { end: m.pos + num() });
        return;
      }
      case 'MARKER_NAME':
      case 'MARKER_TIME': {
        const markers = project.markers.filter((m) => !m.isRegion);
        const m = markers[(match.targets[0]?.[0] ?? 0) - 1];
        if (!m) return;
        if (p.action === 'MARKER_NAME') project.updateMarker(m, { name: str() });
        else project.updateMarker(m, { pos: num() });
        return;
      }
      case 'MASTER_VOLUME':
      case 'TRACK_VOLUME':
        for (const t of p.action === 'MASTER_VOLUME' ? [project.master] : tracks()) {
          if (p.flag === 'n') project.setTrack(t, 'vol', gainFromFader(num()));
          else if (p.flag === 'f')
            project.setTrack(t, 'vol', num() <= -150 ? 0 : 10 ** (num() / 20));
        }
        return;
      case 'MASTER_PAN':
      case 'TRACK_PAN':
        if (p.flag !== 'n') return;
        for (const t of p.action === 'MASTER_PAN' ? [project.master] : tracks()) {
          project.setTrack(t, 'pan', Math.max(-1, Math.min(1, num() * 2 - 1)));
        }
        return;
      case 'TRACK_NAME':
        if (p.flag === 's')
          for (const t of tracks()) if (!t.isMaster) project.setTrack(t, 'name', str());
        return;
      case 'TRACK_MUTE':
      case 'TRACK_SOLO':
      case 'TRACK_SELECT':
      case 'TRACK_REC_ARM': {
        for (const t of tracks()) {
          if (p.action === 'TRACK_SOLO') {
            const on = p.flag === 't' ? (trigger() ? t.solo === 0 : t.solo !== 0) : num() !== 0;
            project.setTrack(t, 'solo', on ? 1 : 0);
            continue;
          }
          const field =
            p.action === 'TRACK_MUTE'
              ? 'mute'
              : p.action === 'TRACK_SELECT'
                ? 'selected'
                : 'recArm';
          const on = p.flag === 't' ? (trigger() ? !t[field] : t[field]) : num() !== 0;
          project.setTrack(t, field, on);
        }
        return;
      }
      case 'FX_BYPASS':
      case 'FX_PRESET':
      case 'FX_PARAM_VALUE':
      case 'FX_WETDRY': {
        for (const t of tracks()) {
          for (const fxIndex of this.targetFx(match)) {
            const fx = t.fx[fxIndex];
            if (!fx) continue;
            if (p.action === 'FX_BYPASS') {
              // 1 means bypassed (verify against REAPER)
              fx.enabled = num() === 0;
              project.emitChange({ kind: 'fx', track: t, fx, field: 'enabled' });
            } else if (p.action === 'FX_PRESET' && p.flag === 's') {
              const values = fx.plugin.presets?.[str()];
              if (values) {
                fx.values = fx.plugin.params.map((_, i) => values[i] ?? fx.values[i] ?? 0);
                fx.preset = str();
                fx.presetValues = [...fx.values];
                project.emitChange({ kind: 'fx', track: t, fx, field: 'preset' });
              }
            } else if (p.action === 'FX_PARAM_VALUE' && p.flag === 'n') {
              const params = match.targets[match.targets.length - 1] ?? [];
              params.forEach((n, i) => {
                const value = args[i] ?? args[args.length - 1];
                const param = this.fxParamBank * this.fxParamCount + n - 1;
                if (param >= 0 && param < fx.values.length)
                  project.setParam(t, fx, param, Number(value));
              });
            }
          }
        }
        return;
      }
      case 'ACTION': {
        if (p.flag === 'i') app.runAction(num());
        else if (p.flag === 's') app.runAction(app.lookupCommand(str()));
        else if (p.flag === 't' && trigger()) {
          const raw = match.raw[0] ?? '';
          app.runAction(/^\d+$/.test(raw) ? Number(raw) : app.lookupCommand(raw));
        }
        return;
      }
      case 'DEVICE_TRACK_COUNT':
        this.trackCount = Math.max(1, p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 8));
        this.refresh();
        return;
      case 'DEVICE_FX_COUNT':
        this.fxCount = Math.max(1, p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 8));
        return;
      case 'DEVICE_FX_PARAM_COUNT':
        this.fxParamCount = Math.max(1, p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 16));
        return;
      case 'DEVICE_MARKER_COUNT':
        this.markerCount = Math.max(0, p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 0));
        this.markDirty('markers');
        return;
      case 'DEVICE_TRACK_SELECT':
        this.selectedTrack = p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 1);
        return;
      case 'DEVICE_TRACK_BANK_SELECT':
        this.trackBank = Math.max(0, (p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 1)) - 1);
        this.refresh();
        return;
      case 'DEVICE_FX_SELECT':
        this.selectedFx = p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 1);
        return;
      case 'DEVICE_FX_PARAM_BANK_SELECT':
        this.fxParamBank = Math.max(0, (p.flag === 'i' ? num() : (match.targets[0]?.[0] ?? 1)) - 1);
        return;
    }
  }

  // ---- feedback

  private noteChange(event: ModelEvent): void {
    switch (event.kind) {
      case 'track':
        this.markDirty(`track:${event.track.guid}:${event.field}`);
        return;
      case 'fx':
        if (event.field === 'param' && event.param !== undefined) {
          this.markDirty(`param:${event.track.guid}:${event.fx.guid}:${event.param}`);
        } else this.markDirty(`fx:${event.track.guid}:${event.fx.guid}`);
        return;
      case 'tracks':
        this.markDirty('all-tracks');
        return;
      case 'markers':
        this.markDirty('markers');
        return;
      case 'transport':
        this.markDirty('transport');
        this.updateFlood();
        return;
      case 'items':
        return;
    }
  }

  private markDirty(key: string): void {
    if (this.devices.size === 0) return;
    this.dirty.add(key);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.flush();
      }, this.options.refreshMs ?? 33);
    }
  }

  /** Sends the whole state of the current banks (action 41743, bank changes). */
  refresh(): void {
    this.markDirty('all-tracks');
    this.markDirty('transport');
    this.markDirty('markers');
  }

  private updateFlood(): void {
    const project = this.options.app.project;
    const playing = (project.playStateBits & PLAY) !== 0 && !(project.playStateBits & PAUSE);
    if (this.options.flood && playing && !this.floodTimer) {
      this.floodTimer = setInterval(
        () => this.send(this.patternMessages('TIME', () => project.position())),
        100,
      );
    } else if ((!playing || !this.options.flood) && this.floodTimer) {
      clearInterval(this.floodTimer);
      this.floodTimer = undefined;
    }
  }

  private patterns(action: string): OscPattern[] {
    return this.options.config.byAction.get(action) ?? [];
  }

  /** Messages for an action without targets (transport). */
  private patternMessages(
    action: string,
    value: () => number | string,
  ): Array<{ address: string; args: Arg[]; types: string }> {
    return this.patterns(action)
      .filter((p) => p.targets === 0 && p.flag !== 'r' && p.flag !== 'i')
      .map((p) => {
        const v = value();
        if (p.flag === 's')
          return {
            address: p.address,
            args: [typeof v === 'number' ? timeString(v) : v],
            types: 's',
          };
        return { address: p.address, args: [Number(v)], types: 'f' };
      });
  }

  private trackSlot(track: SimTrack): number | undefined {
    if (track.isMaster) return 0;
    const number = this.options.app.project.trackNumber(track);
    const slot = number - this.trackBank * this.trackCount;
    return slot >= 1 && slot <= this.trackCount ? slot : undefined;
  }

  private trackFieldMessages(
    track: SimTrack,
    action: string,
  ): Array<{ address: string; args: Arg[]; types: string }> {
    const slot = this.trackSlot(track);
    if (slot === undefined) return [];
    const out: Array<{ address: string; args: Arg[]; types: string }> = [];
    const master = track.isMaster;
    for (const p of this.patterns(action)) {
      if (p.flag === 'r' || p.flag === 'i') continue;
      let address: string;
      if (p.segments[0] === 'master') {
        if (!master) continue;
        address = p.address;
      } else if (p.targets >= 1 && p.segments[1] === '@') {
        if (master) continue;
        address = fillOscAddress(p, [slot]);
      } else if (p.targets === 0 && p.segments[0] === 'track') {
        if (master || slot !== this.selectedTrack) continue;
        address = p.address;
      } else continue;
      const value = this.trackValue(track, action, p.flag);
      if (value === undefined) continue;
      out.push({ address, args: [value], types: typeof value === 'string' ? 's' : 'f' });
    }
    return out;
  }

  private trackValue(t: SimTrack, action: string, flag: string): Arg | undefined {
    switch (action) {
      case 'TRACK_NAME':
        return t.isMaster ? 'MASTER' : t.name;
      case 'TRACK_NUMBER':
        return String(this.options.app.project.trackNumber(t));
      case 'TRACK_MUTE':
        return t.mute ? 1 : 0;
      case 'TRACK_SOLO':
        return t.solo !== 0 ? 1 : 0;
      case 'TRACK_SELECT':
        return t.selected ? 1 : 0;
      case 'TRACK_REC_ARM':
        return t.recArm ? 1 : 0;
      case 'TRACK_VOLUME':
      case 'MASTER_VOLUME':
        if (flag === 'n') return faderFromGain(t.vol);
        if (flag === 's') return volumeString(t.vol);
        return t.vol <= 0 ? -150 : 20 * Math.log10(t.vol);
      case 'TRACK_PAN':
      case 'MASTER_PAN':
        return flag === 's' ? panString(t.pan) : (t.pan + 1) / 2;
    }
    return undefined;
  }

  private fxMessages(
    track: SimTrack,
    fx: SimFx,
    onlyParam?: number,
  ): Array<{ address: string; args: Arg[]; types: string }> {
    const slot = this.trackSlot(track);
    const fxIndex = track.fx.indexOf(fx);
    if (slot === undefined || slot === 0 || fxIndex < 0 || fxIndex >= this.fxCount) return [];
    const out: Array<{ address: string; args: Arg[]; types: string }> = [];
    const actionsToSend =
      onlyParam === undefined
        ? ['FX_NAME', 'FX_BYPASS', 'FX_PRESET', 'FX_PARAM_VALUE']
        : ['FX_PARAM_VALUE'];
    for (const action of actionsToSend) {
      for (const p of this.patterns(action)) {
        // Only the forms that name the track carry feedback for any track.
        if (!(p.segments[0] === 'track' && p.segments[1] === '@' && p.segments[2] === 'fx'))
          continue;
        if (action !== 'FX_PARAM_VALUE') {
          const value =
            action === 'FX_NAME'
              ? fx.plugin.name
              : action === 'FX_BYPASS'
                ? fx.enabled
                  ? 0
                  : 1
                : (fx.preset ?? '');
          out.push({
            address: fillOscAddress(p, [slot, fxIndex + 1]),
            args: [value],
            types: typeof value === 'string' ? 's' : 'f',
          });
          continue;
        }
        const first = this.fxParamBank * this.fxParamCount;
        const params = onlyParam === undefined ? fx.values.map((_, i) => i) : [onlyParam];
        for (const param of params) {
          const n = param - first + 1;
          if (n < 1 || n > this.fxParamCount) continue;
          const value =
            p.flag === 's'
              ? formatParam(fx.plugin.params[param]!, fx.values[param] ?? 0)
              : (fx.values[param] ?? 0);
          out.push({
            address: fillOscAddress(p, [slot, fxIndex + 1, n]),
            args: [value],
            types: p.flag === 's' ? 's' : 'f',
          });
        }
      }
    }
    return out;
  }

  private flush(): void {
    const project = this.options.app.project;
    const keys = [...this.dirty];
    this.dirty.clear();
    const out: Array<{ address: string; args: Arg[]; types: string }> = [];
    const all = [project.master, ...project.tracks];
    const byGuid = new Map(all.map((t) => [t.guid, t]));
    const trackActions = [
      'TRACK_NAME',
      'TRACK_NUMBER',
      'TRACK_MUTE',
      'TRACK_SOLO',
      'TRACK_SELECT',
      'TRACK_REC_ARM',
      'TRACK_VOLUME',
      'TRACK_PAN',
      'MASTER_VOLUME',
      'MASTER_PAN',
    ];
    const fieldActions: Record<string, string[]> = {
      name: ['TRACK_NAME'],
      mute: ['TRACK_MUTE'],
      solo: ['TRACK_SOLO'],
      selected: ['TRACK_SELECT'],
      recArm: ['TRACK_REC_ARM'],
      vol: ['TRACK_VOLUME', 'MASTER_VOLUME'],
      pan: ['TRACK_PAN', 'MASTER_PAN'],
    };
    for (const key of keys) {
      const [kind, a, b, c] = key.split(':');
      if (kind === 'all-tracks') {
        for (const t of all) {
          for (const action of trackActions) out.push(...this.trackFieldMessages(t, action));
          for (const fx of t.fx) out.push(...this.fxMessages(t, fx));
        }
      } else if (kind === 'track') {
        const t = byGuid.get(a!);
        if (t)
          for (const action of fieldActions[b!] ?? [])
            out.push(...this.trackFieldMessages(t, action));
      } else if (kind === 'fx' || kind === 'param') {
        const t = byGuid.get(a!);
        const fx = t?.fx.find((f) => f.guid === b);
        if (t && fx) out.push(...this.fxMessages(t, fx, kind === 'param' ? Number(c) : undefined));
      } else if (kind === 'transport') {
        const bits = project.playStateBits;
        const paused = (bits & PAUSE) !== 0;
        const playing = (bits & PLAY) !== 0 && !paused;
        out.push(...this.patternMessages('PLAY', () => (playing ? 1 : 0)));
        out.push(...this.patternMessages('STOP', () => (bits === 0 ? 1 : 0)));
        out.push(...this.patternMessages('PAUSE', () => (paused ? 1 : 0)));
        out.push(...this.patternMessages('RECORD', () => ((bits & RECORD) !== 0 ? 1 : 0)));
        out.push(...this.patternMessages('REPEAT', () => (project.repeat ? 1 : 0)));
        out.push(...this.patternMessages('TIME', () => project.position()));
      } else if (kind === 'markers' && this.markerCount > 0) {
        const markers = project.markers.filter((m) => !m.isRegion);
        for (let slot = 1; slot <= this.markerCount; slot++) {
          const m = markers[slot - 1];
          for (const p of [
            ...this.patterns('MARKER_NAME'),
            ...this.patterns('MARKER_TIME'),
            ...this.patterns('MARKER_NUMBER'),
          ]) {
            if (p.targets !== 1) continue;
            const value: Arg =
              p.action === 'MARKER_NAME'
                ? (m?.name ?? '')
                : p.action === 'MARKER_TIME'
                  ? (m?.pos ?? 0)
                  : m
                    ? String(m.number)
                    : '';
            out.push({
              address: fillOscAddress(p, [slot]),
              args: [value],
              types: typeof value === 'string' ? 's' : 'f',
            });
          }
        }
      }
    }
    this.send(out);
  }

  private send(messages: Array<{ address: string; args: Arg[]; types: string }>): void {
    const socket = this.socket;
    if (!socket || messages.length === 0 || this.devices.size === 0) return;
    const max = this.options.maxPacket ?? 1024;
    const packets: Uint8Array[] = [];
    let batch: Uint8Array[] = [];
    let size = 16;
    const flushBatch = () => {
      if (batch.length === 1) packets.push(batch[0]!);
      else if (batch.length > 1) packets.push(oscBundle(batch));
      batch = [];
      size = 16;
    };
    for (const m of messages) {
      const bytes = encodeOscMessage(m.address, m.args, m.types);
      if (size + bytes.byteLength + 4 > max && batch.length > 0) flushBatch();
      batch.push(bytes);
      size += bytes.byteLength + 4;
    }
    flushBatch();
    for (const device of this.devices.values()) {
      for (const packet of packets) socket.send(packet, device.port, device.host);
    }
  }
}

const oscStringSize = (bytes: number) => (bytes + 4) & ~3;

/**
 * One OSC message (OSC 1.0: padded address, type tags, big-endian arguments). Feedback for a
 * recall is thousands of messages; written by hand it costs a fraction of a general encoder.
 */
export function encodeOscMessage(address: string, args: Arg[], types: string): Buffer {
  const addressBytes = Buffer.byteLength(address);
  const tags = `,${args.map((_, i) => (types[i] === 's' ? 's' : 'f')).join('')}`;
  let size = oscStringSize(addressBytes) + oscStringSize(tags.length);
  const strings: Array<Buffer | undefined> = args.map((arg, i) =>
    types[i] === 's' ? Buffer.from(String(arg)) : undefined,
  );
  for (const str of strings) size += str ? oscStringSize(str.length) : 4;
  const out = Buffer.alloc(size);
  let at = out.write(address, 0);
  at = oscStringSize(addressBytes);
  out.write(tags, at, 'latin1');
  at += oscStringSize(tags.length);
  args.forEach((arg, i) => {
    const str = strings[i];
    if (str) {
      str.copy(out, at);
      at += oscStringSize(str.length);
    } else {
      out.writeFloatBE(Number(arg), at);
      at += 4;
    }
  });
  return out;
}

/** An OSC bundle ("#bundle", timetag 1 = now, then each element with its size). */
function oscBundle(elements: Uint8Array[]): Uint8Array {
  const size = 16 + elements.reduce((n, e) => n + 4 + e.byteLength, 0);
  const out = Buffer.alloc(size);
  out.write('#bundle\0', 0, 'latin1');
  out.writeUInt32BE(0, 8);
  out.writeUInt32BE(1, 12);
  let at = 16;
  for (const e of elements) {
    out.writeInt32BE(e.byteLength, at);
    out.set(e, at + 4);
    at += 4 + e.byteLength;
  }
  return out;
}

function flatten(value: unknown): Array<{ address: string; args: Arg[] }> {
  const v = value as { address?: string; args?: unknown[]; bundleElements?: unknown[] };
  if (v.bundleElements) return v.bundleElements.flatMap(flatten);
  if (typeof v.address === 'string') {
    return [
      {
        address: v.address,
        args: (v.args ?? []).filter(
          (a): a is Arg => typeof a === 'number' || typeof a === 'string',
        ),
      },
    ];
  }
  return [];
}
