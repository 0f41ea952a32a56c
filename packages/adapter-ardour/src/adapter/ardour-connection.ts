import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { BridgeClient } from '../bridge/bridge-client.js';
import type { BridgeDescription, BridgeTrack } from '../bridge/bridge-types.js';
import { defaultArdourConfigDir, installedBridgeSlot } from '../installer/install.js';
import { ArdourOsc, type StripInfo } from '../osc/ardour-osc.js';
import { type ArdourSidecar, readSidecar, writeSidecar } from '../session-file/sidecar.js';

export interface ArdourConnectionOptions {
  host?: string;
  /** Ardour's OSC port (Preferences > Control Surfaces > OSC); 3819 by default. */
  oscPort?: number;
  /**
   * How long to wait for Ardour's answer to one OSC request, and for the bridge to pick a call
   * up (at least 2 s): a stopped Ardour is reported as DAW_UNREACHABLE after about this long.
   */
  timeoutMs?: number;
  /**
   * Ardour's user config folder, where the bridge's mailbox is; the folder Ardour itself uses
   * by default. The bridge works only with an Ardour on this machine.
   */
  configDir?: string;
  /** The bridge's Lua action slot in the GUI; read from the install record by default. */
  actionSlot?: number;
  /**
   * How long one bridge operation may take once the bridge has picked it up, while Ardour keeps
   * answering (importing mixes, reloading the session, building tracks on a busy machine);
   * 120 s by default.
   */
  workTimeoutMs?: number;
  logger?: Logger;
}

/**
 * The OSC port of the Ardour that uses `configDir`: the one it bound, from <config>/osc_url
 * (Ardour fills that file in when it exists, and removes it when its surface stops), else the
 * one set in its preferences (<config>/config, option osc-port).
 */
export async function oscPortFromConfig(configDir: string): Promise<number | undefined> {
  const url = await readFile(join(configDir, 'osc_url'), 'utf8').catch(() => '');
  const bound = /:(\d+)\/?\s*$/.exec(url.trim());
  if (bound) return Number(bound[1]);
  const config = await readFile(join(configDir, 'config'), 'utf8').catch(() => '');
  const option = /<Option\s+name="osc-port"\s+value="(\d+)"/.exec(config);
  return option ? Number(option[1]) : undefined;
}

/**
 * One live connection to Ardour: the OSC surface, the bridge, what the bridge says about the
 * open session, and the sidecar file next to it.
 */
export class ArdourConnection {
  readonly osc: ArdourOsc;
  readonly bridge: BridgeClient;
  readonly logger: Logger;
  readonly configDir: string;
  #facts: BridgeDescription | undefined;
  #bridgeProblem: TapeopError | undefined;
  #explicitSlot: number | undefined;
  #explicitPort: boolean;

  constructor(options: ArdourConnectionOptions = {}) {
    this.logger = (options.logger ?? noopLogger).child('adapter-ardour');
    this.configDir = options.configDir ?? defaultArdourConfigDir();
    const timeoutMs = options.timeoutMs ?? 3000;
    this.osc = new ArdourOsc({
      host: options.host ?? '127.0.0.1',
      port: options.oscPort ?? 3819,
      timeoutMs,
      logger: this.logger,
    });
    this.bridge = new BridgeClient({
      osc: this.osc,
      configDir: this.configDir,
      timeoutMs: Math.max(timeoutMs, 2000),
      ...(options.workTimeoutMs !== undefined ? { workTimeoutMs: options.workTimeoutMs } : {}),
      logger: this.logger,
    });
    this.#explicitSlot = options.actionSlot;
    this.#explicitPort = options.oscPort !== undefined;
  }

  /** OSC first (DAW_UNREACHABLE when Ardour does not answer), then the bridge. */
  async connect(): Promise<void> {
    if (!this.#explicitPort) {
      // Ardour writes its OSC URL into <config>/osc_url when that file exists.
      const port = await oscPortFromConfig(this.configDir);
      if (port !== undefined) this.osc.setPort(port);
    }
    await this.osc.connect();
    this.bridge.actionSlot = this.#explicitSlot ?? (await installedBridgeSlot(this.configDir));
    try {
      this.#facts = await this.bridge.call<BridgeDescription>('describe');
      this.#bridgeProblem = undefined;
    } catch (error) {
      if (!(error instanceof TapeopError) || error.code !== 'BRIDGE_NOT_RUNNING') throw error;
      // OSC alone still gives transport and mixer control; the bridge's operations will say why not.
      this.#bridgeProblem = error;
      this.logger.warn(error.message, { hint: error.hint });
    }
  }

  /** What the bridge said about the session; throws the bridge's problem when it is not running. */
  get facts(): BridgeDescription {
    if (this.#facts) return this.#facts;
    throw (
      this.#bridgeProblem ??
      new TapeopError('DAW_UNREACHABLE', 'not connected to Ardour: call connect() first')
    );
  }

  get bridgeRunning(): boolean {
    return this.#facts !== undefined;
  }

  get sampleRate(): number {
    return this.#facts?.session.sampleRate ?? this.osc.sampleRate ?? 48_000;
  }

  /** Asks the bridge again (after a reload the session object is a new one). */
  async refresh(): Promise<BridgeDescription> {
    this.#facts = await this.bridge.call<BridgeDescription>('describe');
    return this.#facts;
  }

  get sessionDir(): string {
    return this.facts.session.path.replace(/\/$/, '');
  }

  async sidecar(): Promise<ArdourSidecar> {
    const { sidecar, warnings } = await readSidecar(this.sessionDir);
    for (const warning of warnings) this.logger.warn(warning);
    return sidecar;
  }

  saveSidecar(sidecar: ArdourSidecar): Promise<void> {
    return writeSidecar(this.sessionDir, sidecar);
  }

  tracks(): Promise<BridgeTrack[]> {
    return this.bridge.call<BridgeTrack[]>('tracks.list');
  }

  /**
   * OSC strip ids by track name (Ardour keeps track names unique). The surface registers again
   * first: its strips are fixed at registration, and tracks may have come since.
   */
  async stripsByName(): Promise<Map<string, StripInfo>> {
    const strips = await this.osc.handshake();
    return new Map(strips.map((s) => [s.name, s]));
  }

  async close(): Promise<void> {
    await this.osc.close();
  }
}
