import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TapeopError } from '@tapeop/core';
import Ajv2020 from 'ajv/dist/2020.js';
import { configSchema } from './config-schema.js';

export const SESSION_CONFIG_FILE = 'tapeop.config.json';

export interface DawConnectionConfig {
  host?: string;
  port?: number;
  oscPort?: number;
  timeoutMs?: number;
  /** Ardour's user config folder (resolved against the file it came from). */
  configDir?: string;
}

export interface HubConfig {
  host?: string;
  port?: number;
  allowedOrigins?: string[];
  /** Absolute (resolved against the file it came from). */
  staticDir?: string;
  maxMessageBytes?: number;
}

export interface TapeopConfig {
  daw?: string;
  daws: Record<string, DawConnectionConfig>;
  author?: string;
  hub: HubConfig;
  /** Config files that list adapter modules, for the registry's discovery. */
  adapterConfigFiles: string[];
  /** The files the settings came from, most important first. */
  files: string[];
}

interface RawConfig {
  daw?: string;
  daws?: Record<string, DawConnectionConfig>;
  adapters?: string[];
  author?: string;
  hub?: HubConfig;
}

/** `$XDG_CONFIG_HOME/tapeop/config.json`, or `~/.config/tapeop/config.json`. */
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME?.startsWith('/')
    ? env.XDG_CONFIG_HOME
    : join(env.HOME || homedir(), '.config');
  return join(base, 'tapeop');
}

export const userConfigFile = (env: NodeJS.ProcessEnv) => join(userConfigDir(env), 'config.json');

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** Reads one config file; undefined when it does not exist. */
export async function readConfigFile(path: string): Promise<RawConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new TapeopError(
      'FILE_UNREADABLE',
      `cannot read the config file ${path}: ${(error as Error).message}`,
      {
        cause: error,
        details: { file: path },
        hint: 'Check its permissions, or move it aside.',
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new TapeopError('PARSE_ERROR', `${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
      details: { file: path },
      hint: 'Fix the file (it is JSON: double quotes, no trailing commas), or move it aside.',
    });
  }
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(configSchema);
  if (!validator(value)) {
    const problems = (validator.errors ?? []).map((e) => {
      const pointer = e.instancePath || '/';
      if (e.keyword === 'additionalProperties')
        return `${pointer}: unknown setting "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      return `${pointer}: ${e.message}`;
    });
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `${path} has settings tapeop cannot use:\n  ${problems.join('\n  ')}`,
      {
        details: { file: path, problems },
        hint: 'Fix the settings listed above; the CLI reference (config section) lists every setting.',
      },
    );
  }
  return value as RawConfig;
}

/**
 * The settings in force for a session folder (or none): the session's tapeop.config.json over
 * the user's config file. Flags are applied by the commands, over both.
 */
export async function loadConfig(options: {
  env: NodeJS.ProcessEnv;
  sessionDir?: string;
}): Promise<TapeopConfig> {
  const sources: Array<{ file: string; raw: RawConfig }> = [];
  if (options.sessionDir) {
    const file = join(resolve(options.sessionDir), SESSION_CONFIG_FILE);
    const raw = await readConfigFile(file);
    if (raw) sources.push({ file, raw });
  }
  const userFile = userConfigFile(options.env);
  const userRaw = await readConfigFile(userFile);
  if (userRaw) sources.push({ file: userFile, raw: userRaw });

  const config: TapeopConfig = { daws: {}, hub: {}, adapterConfigFiles: [], files: [] };
  // Least important first, so that later assignments win.
  for (const { file, raw } of [...sources].reverse()) {
    config.files.unshift(file);
    if (raw.daw) config.daw = raw.daw;
    if (raw.author) config.author = raw.author;
    for (const [name, connection] of Object.entries(raw.daws ?? {}))
      config.daws[name] = {
        ...config.daws[name],
        ...connection,
        ...(connection.configDir
          ? { configDir: resolve(dirname(file), connection.configDir) }
          : {}),
      };
    if (raw.hub) {
      const { staticDir, ...rest } = raw.hub;
      Object.assign(config.hub, rest);
      if (staticDir) config.hub.staticDir = resolve(dirname(file), staticDir);
    }
    if (raw.adapters && raw.adapters.length > 0) config.adapterConfigFiles.unshift(file);
  }
  return config;
}
