import type { AdapterConnectionOptions, AdapterFactory } from '@tapeop/core';
import { reaperOfflineProjects } from '../rpp/offline-project.js';
import { reaperManifest, reaperSimManifest } from './manifest.js';
import { createReaperAdapter, type ReaperAdapterOptions } from './reaper-adapter.js';

function adapterOptions(options: AdapterConnectionOptions): ReaperAdapterOptions {
  const pick = <T>(key: string, kind: string): T | undefined =>
    typeof options[key] === kind ? (options[key] as T) : undefined;
  const out: ReaperAdapterOptions = {};
  if (options.host) out.host = options.host;
  if (options.port !== undefined) out.httpPort = options.port;
  if (options.oscPort !== undefined) out.oscPort = options.oscPort;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.logger) out.logger = options.logger;
  const user = pick<string>('user', 'string');
  if (user !== undefined) out.user = user;
  const password = pick<string>('password', 'string');
  if (password !== undefined) out.password = password;
  const oscListenPort = pick<number>('oscListenPort', 'number');
  if (oscListenPort !== undefined) out.oscListenPort = oscListenPort;
  return out;
}

/** `reaper`: a running REAPER with the web interface enabled and the bridge installed. */
export const reaperAdapterFactory: AdapterFactory = {
  name: 'reaper',
  manifest: reaperManifest,
  create: (options) => createReaperAdapter(adapterOptions(options)),
  offline: reaperOfflineProjects,
};

/**
 * `reaper-sim`: tapeop's REAPER simulator. With a port, attaches to a simulator already
 * running there (`tapeop sim reaper`); without one, starts its own, closed with the adapter.
 */
export const reaperSimAdapterFactory: AdapterFactory = {
  name: 'reaper-sim',
  manifest: reaperSimManifest,
  offline: reaperOfflineProjects,
  async create(options) {
    const base = adapterOptions(options);
    if (options.port !== undefined)
      return createReaperAdapter({ ...base, manifest: reaperSimManifest });
    const { startReaperSim } = await import('../sim/reaper-sim.js');
    const sim = await startReaperSim({ ...(options.logger ? { logger: options.logger } : {}) });
    return createReaperAdapter({
      ...base,
      host: sim.host,
      httpPort: sim.httpPort,
      oscPort: sim.oscPort,
      manifest: reaperSimManifest,
      onClose: () => sim.close(),
    });
  },
};

/** The adapters this package provides, as the adapter registry looks for them. */
export const adapters: AdapterFactory[] = [reaperAdapterFactory, reaperSimAdapterFactory];
export const adapter: AdapterFactory = reaperAdapterFactory;
