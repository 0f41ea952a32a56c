import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import {
  float,
  int,
  numberArg,
  type OscArg,
  type OscMessage,
  str,
  stringArg,
} from './osc-codec.js';
import { OscSocket } from './osc-socket.js';

/**
 * Feedback bits of /set_surface (libs/surfaces/osc/osc.h): strip buttons (1) and values (2),
 * a heartbeat every second (8), master and transport (16), the playhead in samples (1024), and
 * OSC 1.0 replies: "/reply" instead of "#reply" (16384).
 */
export const FEEDBACK = 1 | 2 | 8 | 16 | 1024 | 16384;
/** Strip types: audio and MIDI tracks and busses, and VCAs (the master has its own messages). */
export const STRIP_TYPES = 31;
/** Ardour reports silence (-inf dB) as this gain. */
export const SILENCE_DB = -193;

export interface StripInfo {
  /** Ardour's surface strip id, from 1, in the mixer's order. */
  ssid: number;
  name: string;
  /** AT audio track, MT MIDI track, B audio bus, MB MIDI bus, V VCA. */
  type: string;
  inputs: number;
  outputs: number;
  mute: boolean;
  solo: boolean;
}

export interface StripFeedback {
  gainDb?: number;
  fader?: number;
  /** Pan as the OSC surface reports it: 0 hard right, 0.5 centre, 1 hard left. */
  pan?: number;
  mute?: boolean;
  solo?: boolean;
  name?: string;
}

export type ArdourOscEvent =
  | { type: 'strip'; ssid: number; changes: StripFeedback }
  | { type: 'master'; changes: StripFeedback }
  | { type: 'transport'; playing: boolean }
  | { type: 'position'; samples: number }
  | { type: 'heartbeat' }
  | { type: 'strips-changed' }
  | { type: 'session-name'; name: string }
  | { type: 'marker'; name: string };

export interface ArdourOscOptions {
  host?: string;
  port?: number;
  /** How long to wait for Ardour's answer to one request. */
  timeoutMs?: number;
  bindAddress?: string;
  logger?: Logger;
}

/**
 * The gain in dB of an Ardour fader position (gain_to_slider_position_with_max with the
 * default +6 dB top): position = ((6·log2(gain) + 192) / 198)^8. Null is silence.
 */
export function faderPositionToDb(position: number): number | null {
  if (position <= 0) return null;
  const log2Gain = (198 * position ** (1 / 8) - 192) / 6;
  return 20 * Math.log10(2) * log2Gain;
}

const within = (a: number | undefined, b: number, tolerance: number) =>
  a !== undefined && Math.abs(a - b) <= tolerance;

/**
 * Ardour's OSC surface, driven from a registered feedback surface: every change Ardour makes
 * comes back as feedback, which keeps a cache of each strip's state, confirms what we set and
 * is handed to subscribers as events.
 */
export class ArdourOsc {
  readonly host: string;
  readonly timeoutMs: number;
  readonly socket: OscSocket;
  #logger: Logger;
  #strips = new Map<number, StripFeedback>();
  #master: StripFeedback = {};
  #listeners = new Set<(event: ArdourOscEvent) => void>();
  #queue: Promise<unknown> = Promise.resolve();
  #playing: boolean | undefined;
  #lastHeard = 0;
  #sampleRate: number | undefined;
  #stripsChanged = false;

  constructor(options: ArdourOscOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.#logger = (options.logger ?? noopLogger).child('osc');
    this.socket = new OscSocket({
      host: this.host,
      port: options.port ?? 3819,
      logger: this.#logger,
      ...(options.bindAddress ? { bindAddress: options.bindAddress } : {}),
    });
  }

  get port(): number {
    return this.socket.port;
  }

  /** Points the client at another port; only before connect(). */
  setPort(port: number): void {
    if (this.socket.isOpen) throw new Error('the OSC port cannot change once connected');
    this.socket.port = port;
  }

  /** The session's sample rate, as the last /strip/list reported it. */
  get sampleRate(): number | undefined {
    return this.#sampleRate;
  }

  /** Milliseconds since anything was heard from Ardour (Infinity before the first message). */
  get silenceMs(): number {
    return this.#lastHeard === 0 ? Number.POSITIVE_INFINITY : Date.now() - this.#lastHeard;
  }

  /** The last feedback of a strip (undefined before Ardour sent any). */
  strip(ssid: number): StripFeedback | undefined {
    const known = this.#strips.get(ssid);
    return known ? { ...known } : undefined;
  }

  /** The last feedback of the master bus. */
  get master(): StripFeedback {
    return { ...this.#master };
  }

  get playing(): boolean | undefined {
    return this.#playing;
  }

  subscribe(listener: (event: ArdourOscEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Opens the socket and registers it as a feedback surface; resolves once Ardour has listed
   * its strips. Throws DAW_UNREACHABLE when Ardour does not answer within the timeout.
   */
  async connect(): Promise<StripInfo[]> {
    await this.socket.open();
    this.socket.on((message) => this.#onMessage(message));
    return this.handshake();
  }

  /** Registers the surface again (needed after Ardour reloads the session) and lists strips. */
  async handshake(): Promise<StripInfo[]> {
    this.#stripsChanged = false;
    this.#strips.clear();
    this.#master = {};
    const register = () =>
      this.socket.send('/set_surface', [
        int(0),
        int(STRIP_TYPES),
        int(FEEDBACK),
        int(0),
        int(0),
        int(0),
      ]);
    register();
    const started = Date.now();
    // Never past the timeout: a missing Ardour is reported within it.
    const first = Math.min(this.timeoutMs, Math.max(200, Math.floor(this.timeoutMs / 2)));
    try {
      return await this.listStrips(first);
    } catch (error) {
      // Ardour 7.3 remembers a reply port per host from the first message it ever got from it;
      // a message that arrived while a session was still loading is answered on port 8000 from
      // then on. "/set_surface/port 0" asks for answers at the sender's own port again; it is
      // repeated until the time is up, as the harness does, in case one exchange gets lost.
      for (;;) {
        const left = this.timeoutMs - (Date.now() - started);
        if (left <= 0) throw error;
        this.socket.send('/set_surface/port', [int(0)]);
        register();
        try {
          return await this.listStrips(Math.min(1000, left));
        } catch {
          // once more, while there is time
        }
      }
    }
  }

  send(address: string, args: OscArg[] = []): void {
    this.socket.send(address, args);
  }

  /** Runs one exchange at a time: Ardour's answers carry no request id. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #unreachable(what: string): TapeopError {
    return new TapeopError(
      'DAW_UNREACHABLE',
      `Ardour did not answer ${what} on ${this.host}:${this.port} within ${this.timeoutMs} ms`,
      {
        details: { host: this.host, port: this.port, timeoutMs: this.timeoutMs },
        hint: 'Check that Ardour is running with this session open, that its OSC surface is on (Edit > Preferences > Control Surfaces > Open Sound Control, reply to sender), and that the OSC port matches.',
      },
    );
  }

  /** Ardour's strips in mixer order, with the session's sample rate. */
  listStrips(timeoutMs = this.timeoutMs): Promise<StripInfo[]> {
    return this.#exclusive(async () => {
      // A surface's strips are fixed when it registers; after Ardour said they changed, the
      // surface registers again (call handshake() after adding tracks to be sure).
      if (this.#stripsChanged) {
        this.#stripsChanged = false;
        this.socket.send('/set_surface', [
          int(0),
          int(STRIP_TYPES),
          int(FEEDBACK),
          int(0),
          int(0),
          int(0),
        ]);
      }
      const rows: StripInfo[] = [];
      const done = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          off();
          resolve(false);
        }, timeoutMs);
        const off = this.socket.on((message) => {
          if (message.address !== '/reply' && message.address !== '#reply') return;
          if (message.args[0] === 'end_route_list') {
            this.#sampleRate = numberArg(message, 1) ?? this.#sampleRate;
            clearTimeout(timer);
            off();
            resolve(true);
            return;
          }
          const ssid = numberArg(message, 6);
          const name = stringArg(message, 1);
          if (ssid === undefined || name === undefined) return;
          rows.push({
            ssid,
            name,
            type: stringArg(message, 0) ?? '',
            inputs: numberArg(message, 2) ?? 0,
            outputs: numberArg(message, 3) ?? 0,
            mute: numberArg(message, 4) === 1,
            solo: numberArg(message, 5) === 1,
          });
        });
      });
      this.socket.send('/strip/list');
      if (!(await done)) throw this.#unreachable('/strip/list');
      return rows.sort((a, b) => a.ssid - b.ssid);
    });
  }

  /** Asks a question whose answer comes back under `replyAddress`. */
  query(address: string, replyAddress: string, args: OscArg[] = []): Promise<OscMessage> {
    return this.#exclusive(async () => {
      const answer = this.socket.waitFor((m) => m.address === replyAddress, this.timeoutMs);
      this.socket.send(address, args);
      const message = await answer;
      if (!message) throw this.#unreachable(address);
      return message;
    });
  }

  /** Whether Ardour answers at all (a cheap question), within the timeout. */
  async alive(): Promise<boolean> {
    try {
      await this.query('/transport_frame', '/transport_frame');
      return true;
    } catch {
      return false;
    }
  }

  async transportSample(): Promise<number> {
    const reply = await this.query('/transport_frame', '/transport_frame');
    const sample = numberArg(reply, 0);
    if (sample === undefined)
      throw new TapeopError('DAW_REJECTED', 'Ardour sent no position for /transport_frame');
    return sample;
  }

  async transportSpeed(): Promise<number> {
    return numberArg(await this.query('/transport_speed', '/transport_speed'), 0) ?? 0;
  }

  /**
   * Sends a change and waits until feedback shows it. A value already in place produces no
   * feedback, so the cache is checked first; when nothing confirms the change, Ardour is asked
   * for a full refresh before deciding whether it refused (DAW_REJECTED) or is gone.
   */
  async #setConfirmed(
    what: string,
    address: string,
    args: OscArg[],
    confirmed: () => boolean,
  ): Promise<void> {
    const settle = this.socket.waitFor(() => confirmed(), this.timeoutMs);
    this.socket.send(address, args);
    if (confirmed()) return;
    if (await settle) return;
    if (!(await this.alive())) throw this.#unreachable(address);
    await this.listStrips(); // with feedback on, this makes Ardour resend every strip's state
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (confirmed()) return;
    throw new TapeopError('DAW_REJECTED', `Ardour did not apply ${what}`, {
      details: { address },
      hint: 'The strip may have been removed or renamed in Ardour; list the tracks again.',
    });
  }

  setGainDb(ssid: number, db: number | null): Promise<void> {
    if (db === null || db <= SILENCE_DB) {
      return this.#setConfirmed(
        `silence on strip ${ssid}`,
        '/strip/fader',
        [int(ssid), float(0)],
        () =>
          within(this.#strips.get(ssid)?.gainDb, SILENCE_DB, 1) ||
          (this.#strips.get(ssid)?.gainDb ?? 0) < SILENCE_DB,
      );
    }
    return this.#setConfirmed(
      `gain ${db} dB on strip ${ssid}`,
      '/strip/gain',
      [int(ssid), float(db)],
      () => within(this.#strips.get(ssid)?.gainDb, db, 0.01),
    );
  }

  /** Fader position 0..1 (Ardour's fader law; 1 is +6 dB). Confirmed by the gain it gives. */
  setFader(ssid: number, position: number): Promise<void> {
    const db = faderPositionToDb(position);
    return this.#setConfirmed(
      `fader ${position} on strip ${ssid}`,
      '/strip/fader',
      [int(ssid), float(position)],
      () =>
        db === null
          ? (this.#strips.get(ssid)?.gainDb ?? 0) <= SILENCE_DB + 1
          : within(this.#strips.get(ssid)?.gainDb, db, 0.05),
    );
  }

  /** Pan as the OSC surface shows it: 0 hard right .. 1 hard left (Ardour's knob, mirrored). */
  setPan(ssid: number, azimuth: number): Promise<void> {
    return this.#setConfirmed(
      `pan ${azimuth} on strip ${ssid}`,
      '/strip/pan_stereo_position',
      [int(ssid), float(azimuth)],
      () => within(this.#strips.get(ssid)?.pan, azimuth, 0.0005),
    );
  }

  setMute(ssid: number, mute: boolean): Promise<void> {
    return this.#setConfirmed(
      `mute ${mute ? 'on' : 'off'} on strip ${ssid}`,
      '/strip/mute',
      [int(ssid), int(mute ? 1 : 0)],
      () => this.#strips.get(ssid)?.mute === mute,
    );
  }

  setSolo(ssid: number, solo: boolean): Promise<void> {
    return this.#setConfirmed(
      `solo ${solo ? 'on' : 'off'} on strip ${ssid}`,
      '/strip/solo',
      [int(ssid), int(solo ? 1 : 0)],
      () => this.#strips.get(ssid)?.solo === solo,
    );
  }

  rename(ssid: number, name: string): Promise<void> {
    return this.#setConfirmed(
      `the name "${name}" on strip ${ssid}`,
      '/strip/name',
      [int(ssid), str(name)],
      () => this.#strips.get(ssid)?.name === name,
    );
  }

  setMasterGainDb(db: number | null): Promise<void> {
    if (db === null || db <= SILENCE_DB) {
      return this.#setConfirmed(
        'silence on the master bus',
        '/master/fader',
        [float(0)],
        () => (this.#master.gainDb ?? 0) <= SILENCE_DB + 1,
      );
    }
    return this.#setConfirmed(`gain ${db} dB on the master bus`, '/master/gain', [float(db)], () =>
      within(this.#master.gainDb, db, 0.01),
    );
  }

  setMasterMute(mute: boolean): Promise<void> {
    return this.#setConfirmed(
      `mute ${mute ? 'on' : 'off'} on the master bus`,
      '/master/mute',
      [int(mute ? 1 : 0)],
      () => this.#master.mute === mute,
    );
  }

  setMasterPan(azimuth: number): Promise<void> {
    return this.#setConfirmed(
      `pan ${azimuth} on the master bus`,
      '/master/pan_stereo_position',
      [float(azimuth)],
      () => within(this.#master.pan, azimuth, 0.0005),
    );
  }

  /**
   * Sends a transport request until Ardour's transport shows it. Ardour 7.3 drops a roll
   * request that arrives while a locate is still settling (the playhead already reads the new
   * position), so one message is not always enough; repeating it is harmless.
   */
  async #transport(
    address: string,
    wanted: (speed: number) => boolean,
    what: string,
  ): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const confirmed = this.socket.waitFor(
        (m) => m.address === address && numberArg(m, 0) === 1,
        250,
      );
      this.socket.send(address);
      if ((await confirmed) || wanted(await this.transportSpeed())) return;
      if (Date.now() > deadline) throw new TapeopError('DAW_REJECTED', `Ardour did not ${what}`);
    }
  }

  async play(): Promise<void> {
    await this.#transport('/transport_play', (speed) => speed !== 0, 'start playing');
    this.#playing = true;
  }

  async stop(): Promise<void> {
    await this.#transport('/transport_stop', (speed) => speed === 0, 'stop');
    this.#playing = false;
  }

  /** Moves the playhead to `sample` (stopped) and waits until Ardour is there. */
  async locate(sample: number): Promise<void> {
    if (!Number.isInteger(sample) || sample < 0 || sample > 0x7fffffff) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `cannot locate to sample ${sample}: Ardour's /locate takes 0 to 2^31-1`,
      );
    }
    this.socket.send('/locate', [int(sample), int(0)]);
    const deadline = Date.now() + this.timeoutMs;
    let sent = Date.now();
    for (;;) {
      // Locating is asynchronous in Ardour: the butler thread moves the playhead. A locate that
      // arrives while the transport is still stopping can be dropped, so it is sent again.
      if ((await this.transportSample()) === sample) return;
      if (Date.now() - sent > 250) {
        this.socket.send('/locate', [int(sample), int(0)]);
        sent = Date.now();
      }
      if (Date.now() > deadline) {
        throw new TapeopError(
          'DAW_REJECTED',
          `Ardour did not move the playhead to sample ${sample}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Adds a marker named `name` at the playhead (locate first). */
  addMarker(name: string): void {
    this.socket.send('/add_marker', [str(name)]);
  }

  /** Jumps to a marker by name, or by its number (1-based, in time order). */
  gotoMarker(marker: string | number): void {
    this.socket.send('/marker', [typeof marker === 'string' ? str(marker) : int(marker)]);
  }

  /** Saves the session (Ardour's Session > Save). */
  saveState(): void {
    this.socket.send('/save_state');
  }

  /** Runs an editor action by name ("Group/action"); only the GUI version of Ardour has them. */
  accessAction(name: string): void {
    this.socket.send('/access_action', [str(name)]);
  }

  #emit(event: ArdourOscEvent) {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.warn('an OSC event listener failed', { error: (error as Error).message });
      }
    }
  }

  #onMessage(message: OscMessage): void {
    this.#lastHeard = Date.now();
    const { address } = message;
    if (address.startsWith('/strip/') && message.args.length >= 2) {
      const ssid = numberArg(message, 0);
      if (ssid === undefined) return;
      const changes: StripFeedback = {};
      const value = numberArg(message, 1);
      switch (address) {
        case '/strip/gain':
          if (value !== undefined) changes.gainDb = value;
          break;
        case '/strip/fader':
          if (value !== undefined) changes.fader = value;
          break;
        case '/strip/pan_stereo_position':
          if (value !== undefined) changes.pan = value;
          break;
        case '/strip/mute':
          if (value !== undefined) changes.mute = value >= 0.5;
          break;
        case '/strip/solo':
          if (value !== undefined) changes.solo = value >= 0.5;
          break;
        case '/strip/name': {
          const name = stringArg(message, 1);
          if (name !== undefined) changes.name = name;
          break;
        }
        default:
          return;
      }
      if (Object.keys(changes).length === 0) return;
      this.#strips.set(ssid, { ...this.#strips.get(ssid), ...changes });
      this.#emit({ type: 'strip', ssid, changes });
      return;
    }
    if (address.startsWith('/master/')) {
      const value = numberArg(message, 0);
      if (value === undefined) return;
      const changes: StripFeedback = {};
      if (address === '/master/gain') changes.gainDb = value;
      else if (address === '/master/fader') changes.fader = value;
      else if (address === '/master/mute') changes.mute = value >= 0.5;
      else if (address === '/master/pan_stereo_position') changes.pan = value;
      else return;
      this.#master = { ...this.#master, ...changes };
      this.#emit({ type: 'master', changes });
      return;
    }
    switch (address) {
      case '/strip/list':
        if (message.args.length === 0) {
          this.#stripsChanged = true;
          this.#emit({ type: 'strips-changed' });
        }
        return;
      case '/transport_play':
        if (numberArg(message, 0) === 1) {
          this.#playing = true;
          this.#emit({ type: 'transport', playing: true });
        }
        return;
      case '/transport_stop':
        if (numberArg(message, 0) === 1) {
          this.#playing = false;
          this.#emit({ type: 'transport', playing: false });
        }
        return;
      case '/position/samples': {
        const samples = numberArg(message, 0);
        if (samples !== undefined) this.#emit({ type: 'position', samples });
        return;
      }
      case '/heartbeat':
        this.#emit({ type: 'heartbeat' });
        return;
      case '/session_name': {
        const name = stringArg(message, 0);
        if (name !== undefined) this.#emit({ type: 'session-name', name });
        return;
      }
      case '/marker': {
        const name = stringArg(message, 0);
        if (name !== undefined) this.#emit({ type: 'marker', name });
        return;
      }
      default:
    }
  }

  async close(): Promise<void> {
    if (this.socket.isOpen) {
      try {
        // Unregisters the surface's feedback so Ardour stops sending to a closed port.
        this.socket.send('/set_surface', [
          int(0),
          int(STRIP_TYPES),
          int(0),
          int(0),
          int(0),
          int(0),
        ]);
      } catch {
        // closing anyway
      }
    }
    this.#listeners.clear();
    await this.socket.close();
  }
}
