import type { Logger } from '@tapeop/core';
import { ExtStateStore } from './ext-state.js';
import { builtinPlugins, type SimPluginDef } from './plugins.js';
import { SimProject, type SimSource } from './project-model.js';

// The simulated REAPER application: one open project, the global ExtState, the installed
// plug-ins, the action list and the media it has read.

/** Numeric actions the simulator knows (REAPER's command ids). */
export const actions = {
  play: 1007,
  pause: 1008,
  record: 1013,
  stop: 1016,
  toggleRepeat: 1068,
  goToStart: 40042,
  goToEnd: 40043,
  saveProject: 40026,
  refreshSurfaces: 41743,
} as const;

export interface SimReaperOptions {
  resourcePath: string;
  version?: string;
  /** The audio device's rate, used while the project has no rate of its own. */
  deviceRate?: number;
  plugins?: SimPluginDef[];
  logger: Logger;
}

export class SimReaper {
  readonly version: string;
  readonly resourcePath: string;
  readonly deviceRate: number;
  readonly project = new SimProject();
  readonly extState = new ExtStateStore();
  readonly plugins: SimPluginDef[];
  readonly logger: Logger;
  /** Media headers already read, by path. */
  readonly media = new Map<string, SimSource>();
  /** Registered named commands ("_TAPEOP_BRIDGE") → their numeric id and what they run. */
  private readonly named = new Map<string, { id: number; run: () => void }>();
  private nextCommandId = 55_000;
  /** Called for actions the app itself does not handle (the OSC surface's refresh, ...). */
  readonly actionListeners = new Set<(id: number) => void>();
  preventRefresh = 0;
  readonly console: string[] = [];

  constructor(options: SimReaperOptions) {
    this.resourcePath = options.resourcePath;
    this.version = options.version ?? '7.11/tapeop-sim';
    this.deviceRate = options.deviceRate ?? 48_000;
    this.plugins = [...builtinPlugins, ...(options.plugins ?? [])];
    this.logger = options.logger;
  }

  /** Registers a script or custom action under a name, as reaper-kb.ini does. */
  registerCommand(name: string, run: () => void): number {
    const key = name.replace(/^_/, '').toUpperCase();
    const existing = this.named.get(key);
    if (existing) {
      existing.run = run;
      return existing.id;
    }
    const id = this.nextCommandId++;
    this.named.set(key, { id, run });
    return id;
  }

  unregisterCommand(name: string): void {
    this.named.delete(name.replace(/^_/, '').toUpperCase());
  }

  /** NamedCommandLookup: the numeric id of "_NAME", or 0. */
  lookupCommand(name: string): number {
    if (/^\d+$/.test(name)) return Number(name);
    return this.named.get(name.replace(/^_/, '').toUpperCase())?.id ?? 0;
  }

  /** Runs a numeric action or a registered command id. Unknown ids do nothing, as in REAPER. */
  runAction(id: number): void {
    const p = this.project;
    switch (id) {
      case actions.play:
        p.play();
        return;
      case actions.pause:
        p.pause();
        return;
      case actions.record:
        p.record();
        return;
      case actions.stop:
        p.stop();
        return;
      case actions.toggleRepeat:
        p.repeat = !p.repeat;
        p.emit('change', { kind: 'transport' });
        return;
      case actions.goToStart:
        p.locate(0);
        return;
      case actions.goToEnd:
        p.locate(p.length());
        return;
      case actions.saveProject:
        this.saveProject();
        return;
    }
    for (const command of this.named.values()) {
      if (command.id === id) {
        command.run();
        return;
      }
    }
    for (const listener of this.actionListeners) listener(id);
  }

  /** Main_SaveProject: the simulator keeps the project in memory and counts the saves. */
  saveProject(): boolean {
    if (!this.project.path) {
      this.logger.warn('REAPER would open a Save As dialog here: the project was never saved');
      return false;
    }
    this.project.saves++;
    this.project.dirty = false;
    return true;
  }

  /** The project's sample rate, as REAPER uses it: its own when set, else the device's. */
  sampleRate(): number {
    return this.project.useProjectRate ? this.project.projectRate : this.deviceRate;
  }
}
