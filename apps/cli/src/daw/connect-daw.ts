import {
  type AdapterConnectionOptions,
  type DawAdapter,
  isTapeopError,
  type Logger,
  TapeopError,
} from '@tapeop/core';
import type { OptionSpec, OptionValue } from '../cli/command.js';
import { UsageError } from '../cli/usage-error.js';
import type { TapeopConfig } from '../config/load-config.js';
import { type LoadedRegistry, loadAdapterRegistry } from './adapter-registry.js';

/** The connection flags every command that talks to a DAW takes. */
export const dawOptions = {
  daw: {
    type: 'string',
    valueName: 'NAME',
    description:
      'The DAW adapter: reaper, ardour, reaper-sim, or an installed one (default: "daw" in tapeop.config.json).',
  },
  host: {
    type: 'string',
    valueName: 'HOST',
    description: "Host of the DAW (default: the adapter's, usually 127.0.0.1).",
  },
  port: {
    type: 'string',
    valueName: 'PORT',
    description: "REAPER's web-interface HTTP port, or Ardour's OSC port.",
    number: { integer: true, min: 1, max: 65535 },
  },
  'osc-port': {
    type: 'string',
    valueName: 'PORT',
    description: "The DAW's OSC port (REAPER's OSC control surface).",
    number: { integer: true, min: 1, max: 65535 },
  },
  timeout: {
    type: 'string',
    valueName: 'MS',
    description: 'How long to wait for the DAW to answer, in milliseconds.',
    number: { integer: true, min: 100 },
  },
} as const satisfies Record<string, OptionSpec>;

export interface DawSelection {
  name: string;
  connection: AdapterConnectionOptions;
}

/** Which DAW and how to reach it: flags first, then the config files (session, then user). */
export function selectDaw(
  options: Record<string, OptionValue>,
  config: TapeopConfig,
  command: string,
  logger: Logger,
): DawSelection {
  const name = (options.daw as string | undefined) ?? config.daw;
  if (!name)
    throw new UsageError('which DAW? give --daw (reaper, ardour, reaper-sim, ...)', {
      command,
      hint: `Add --daw reaper (or set "daw" in the session's tapeop.config.json). To try without a DAW: tapeop sim reaper, then --daw reaper.`,
    });
  const configured = config.daws[name] ?? {};
  const host = (options.host as string | undefined) ?? configured.host;
  const port = (options.port as number | undefined) ?? configured.port;
  const oscPort = (options['osc-port'] as number | undefined) ?? configured.oscPort;
  const timeoutMs = (options.timeout as number | undefined) ?? configured.timeoutMs;
  return {
    name,
    connection: {
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(oscPort !== undefined ? { oscPort } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(configured.configDir ? { configDir: configured.configDir } : {}),
      logger: logger.child(`adapter-${name}`),
    },
  };
}

/** What to do when a DAW does not answer, per adapter family. */
export function unreachableHint(name: string): string {
  if (name.startsWith('reaper'))
    return [
      'Start REAPER with its web interface on (Preferences > Control/OSC/web) and the tapeop bridge running:',
      '  tapeop reaper install --resource <REAPER resource folder>, then restart REAPER.',
      'Check --host and --port (the web interface port, 8080 by default).',
      'No REAPER here? Run the simulator in another terminal: tapeop sim reaper --http-port 8080',
    ].join('\n');
  if (name.startsWith('ardour'))
    return [
      'Start Ardour with OSC enabled (Edit > Preferences > Control Surfaces > OSC) and the tapeop bridge installed:',
      '  tapeop ardour install, then restart Ardour.',
      "Check --host and --port (Ardour's OSC port, 3819 by default).",
    ].join('\n');
  return 'Check that the DAW is running and that --host and --port point at it.';
}

/**
 * Creates and connects the adapter. A DAW that does not answer becomes DAW_UNREACHABLE with
 * a hint on how to start it; an adapter that is not there says which ones are.
 */
export async function connectDaw(
  selection: DawSelection,
  registryOrConfig: LoadedRegistry | TapeopConfig,
  logger: Logger,
): Promise<DawAdapter> {
  const loaded =
    'registry' in registryOrConfig
      ? registryOrConfig
      : await loadAdapterRegistry({
          logger,
          adapterConfigFiles: registryOrConfig.adapterConfigFiles,
        });
  let factory: ReturnType<LoadedRegistry['registry']['get']>;
  try {
    factory = loaded.registry.get(selection.name);
  } catch (error) {
    if (isTapeopError(error, 'ADAPTER_NOT_FOUND') && loaded.missingBuiltins.length > 0) {
      const missing = loaded.missingBuiltins.map((m) => `${m.module} (${m.reason})`).join(', ');
      throw new TapeopError(
        'ADAPTER_NOT_FOUND',
        `${error.message}; not available in this build: ${missing}`,
        {
          details: { ...error.details, missingBuiltins: loaded.missingBuiltins },
          ...(error.hint ? { hint: error.hint } : {}),
          cause: error,
        },
      );
    }
    throw error;
  }
  let adapter: DawAdapter;
  try {
    adapter = await factory.create(selection.connection);
  } catch (error) {
    throw connectionError(selection, error);
  }
  try {
    await adapter.connect();
  } catch (error) {
    await adapter.close().catch(() => {});
    throw connectionError(selection, error);
  }
  return adapter;
}

function connectionError(selection: DawSelection, error: unknown): TapeopError {
  const where = [
    selection.connection.host ?? 'the default host',
    selection.connection.port ? `port ${selection.connection.port}` : 'the default port',
  ].join(', ');
  if (isTapeopError(error)) {
    if (error.hint) return error;
    return new TapeopError(error.code, error.message, {
      details: error.details,
      hint: unreachableHint(selection.name),
      cause: error.cause ?? error,
    });
  }
  return new TapeopError(
    'DAW_UNREACHABLE',
    `cannot reach ${selection.name} at ${where}: ${(error as Error).message ?? String(error)}`,
    {
      cause: error,
      details: { daw: selection.name, ...selection.connection, logger: undefined },
      hint: unreachableHint(selection.name),
    },
  );
}

/** Runs `work` with a connected adapter and always closes it. */
export async function withDaw<T>(
  selection: DawSelection,
  config: TapeopConfig,
  logger: Logger,
  work: (adapter: DawAdapter) => Promise<T>,
): Promise<T> {
  const adapter = await connectDaw(selection, config, logger);
  try {
    return await work(adapter);
  } finally {
    await adapter
      .close()
      .catch((error: Error) => logger.warn(`closing the DAW connection: ${error.message}`));
  }
}
