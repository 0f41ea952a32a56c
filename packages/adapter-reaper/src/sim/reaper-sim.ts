import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { readAudioHeader } from '@tapeop/session';
import {
  adapterPackageRoot,
  BRIDGE_ACTION_NAME,
  BRIDGE_FILE_NAME,
  bridgeScriptPath,
} from '../bridge/bridge-script.js';
import { MAILBOX_SECTION, mailboxKeys } from '../bridge/protocol.js';
import { LuaHost } from './lua-host.js';
import { OscFace } from './osc-face.js';
import { parseOscPatternFile } from './osc-patterns.js';
import type { SimPluginDef } from './plugins.js';
import type { SimProject, SimSource } from './project-model.js';
import { SimReaper } from './reaper-app.js';
import { isMediaPath } from './reascript-api.js';
import { runWebCommands } from './web-interface.js';

export interface ReaperSimOptions {
  /** The web interface's port; 0 (the default) takes a free one. */
  httpPort?: number;
  /** The OSC surface's listen port; 0 (the default) takes a free one. */
  oscPort?: number;
  /** Address both faces bind to; 127.0.0.1 unless `auth` is given. */
  host?: string;
  /** Web-interface login (REAPER's username/password); required to bind beyond loopback. */
  auth?: { user: string; password: string };
  /** REAPER's resource folder; a new temporary one (removed on close) when left out. */
  resourcePath?: string;
  /**
   * The bridge: 'running' (installed and started at launch, as __startup.lua does),
   * 'installed' (registered as _TAPEOP_BRIDGE, not started) or 'absent'.
   */
  bridge?: 'running' | 'installed' | 'absent';
  /** The OSC pattern file; tapeop's own osc/tapeop.ReaperOSC by default. */
  oscPatternFile?: string;
  /** Where OSC feedback goes besides every address that sent a message. */
  oscFeedback?: Array<{ host: string; port: number }>;
  /** Send the flooding OSC feedback (the play position while playing). */
  oscFlood?: boolean;
  /** Milliseconds between deferred script runs (REAPER: about 33). */
  deferIntervalMs?: number;
  /** The audio device's sample rate. */
  deviceRate?: number;
  /** The open project: a name/path makes it a saved project; sampleRate sets its own rate. */
  project?: { path?: string; sampleRate?: number; notes?: string };
  /** Plug-ins installed besides REAPER's own. */
  plugins?: SimPluginDef[];
  /** Reads a media file's length and rate (the simulator's PCM sources). */
  probeMedia?: (path: string) => Promise<SimSource | null>;
  logger?: Logger;
}

export interface ReaperSim {
  readonly host: string;
  readonly httpPort: number;
  readonly oscPort: number;
  /** http://host:port of the web interface. */
  readonly url: string;
  readonly resourcePath: string;
  readonly app: SimReaper;
  readonly project: SimProject;
  readonly osc: OscFace;
  readonly lua: LuaHost;
  /** Starts the bridge as the _TAPEOP_BRIDGE action does. */
  startBridge(): Promise<void>;
  /** Ends the bridge the way closing it in REAPER does (its atexit runs). */
  stopBridge(): void;
  /** Stops the bridge as a crash would: the heartbeat stays behind, stale. */
  crashBridge(): void;
  /** Unregisters the bridge action, as if it had never been installed. */
  uninstallBridge(): void;
  readonly bridgeRunning: boolean;
  close(): Promise<void>;
}

const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost';

/**
 * Starts a simulated REAPER: one in-memory project behind REAPER's web interface (HTTP), an
 * OSC control surface whose routes come from a pattern file, and the real bridge script
 * running in Lua 5.4 (WebAssembly) against the ReaScript functions it calls.
 */
export async function startReaperSim(options: ReaperSimOptions = {}): Promise<ReaperSim> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.auth) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `the REAPER simulator binds ${host} only with a login`,
      {
        hint: 'Give auth: { user, password } (or bind 127.0.0.1); the web interface then asks for it.',
      },
    );
  }
  const logger = options.logger ?? noopLogger;
  const ownResource = !options.resourcePath;
  const resourcePath = options.resourcePath ?? mkdtempSync(join(tmpdir(), 'tapeop-reaper-sim-'));
  const app = new SimReaper({
    resourcePath,
    logger,
    ...(options.deviceRate ? { deviceRate: options.deviceRate } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  if (options.project?.path) app.project.path = options.project.path;
  if (options.project?.sampleRate) {
    app.project.projectRate = options.project.sampleRate;
    app.project.useProjectRate = true;
  }
  if (options.project?.notes) app.project.notes = options.project.notes;

  const probe = options.probeMedia ?? defaultProbe;
  const lua = new LuaHost({
    app,
    logger,
    ...(options.deferIntervalMs ? { deferIntervalMs: options.deferIntervalMs } : {}),
    beforeTick: () => prefetchMedia(app, probe),
  });

  // Installed as the installer does it: the script in Scripts/, registered as an action.
  const scriptsDir = join(resourcePath, 'Scripts');
  mkdirSync(scriptsDir, { recursive: true });
  const installedScript = join(scriptsDir, BRIDGE_FILE_NAME);
  const bridgeMode = options.bridge ?? 'running';
  if (bridgeMode !== 'absent') {
    copyFileSync(bridgeScriptPath(), installedScript);
    app.registerCommand(BRIDGE_ACTION_NAME, () => {
      void lua.runScript(installedScript);
    });
  }

  const patternFile =
    options.oscPatternFile ?? join(adapterPackageRoot(), 'osc', 'tapeop.ReaperOSC');
  const osc = new OscFace({
    app,
    config: parseOscPatternFile(readFileSync(patternFile, 'utf8'), patternFile),
    host,
    port: options.oscPort ?? 0,
    ...(options.oscFeedback ? { feedbackTargets: options.oscFeedback } : {}),
    ...(options.oscFlood ? { flood: true } : {}),
    logger,
  });

  const expectedAuth = options.auth
    ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`
    : undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (expectedAuth && req.headers.authorization !== expectedAuth) {
      res.writeHead(401, {
        'WWW-Authenticate': 'Basic realm="REAPER"',
        'Content-Type': 'text/plain',
      });
      res.end('login required\n');
      return;
    }
    const url = (req.url ?? '/').split('?')[0]!;
    if (!url.startsWith('/_/')) {
      res.writeHead(url === '/' ? 200 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        url === '/'
          ? 'tapeop REAPER simulator: the web interface answers at /_/<commands>\n'
          : 'not found\n',
      );
      return;
    }
    try {
      const body = runWebCommands(app, url.slice(3), {
        osc: (address, args) => osc.handle(address, args),
      });
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    } catch (error) {
      logger.error(`web interface: ${(error as Error).message}`);
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.httpPort ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const httpPort = (server.address() as { port: number }).port;
  let oscPort: number;
  try {
    oscPort = await osc.start();
  } catch (error) {
    server.close();
    throw new TapeopError(
      'IO_ERROR',
      `the REAPER simulator cannot listen for OSC on ${host}:${options.oscPort ?? 0}: ${(error as Error).message}`,
      { cause: error },
    );
  }

  if (bridgeMode === 'running') await lua.runScript(installedScript);

  let closed = false;
  return {
    host,
    httpPort,
    oscPort,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}`,
    resourcePath,
    app,
    project: app.project,
    osc,
    lua,
    async startBridge() {
      await lua.runScript(installedScript);
    },
    stopBridge() {
      lua.instance(installedScript)?.terminate();
    },
    crashBridge() {
      lua.instance(installedScript)?.kill();
    },
    uninstallBridge() {
      app.unregisterCommand(BRIDGE_ACTION_NAME);
    },
    get bridgeRunning() {
      return lua.instance(installedScript)?.running ?? false;
    },
    async close() {
      if (closed) return;
      closed = true;
      lua.close();
      await osc.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownResource) rmSync(resourcePath, { recursive: true, force: true });
    },
  };
}

/** Reads a media file's header with @tapeop/session's reader, the one header reader of tapeop. */
async function defaultProbe(path: string): Promise<SimSource | null> {
  const header = await readAudioHeader(path);
  const stream = header.stream;
  if (!stream || stream.sampleRate <= 0) return null;
  return {
    file: path,
    lengthSec: stream.frames / stream.sampleRate,
    sampleRate: stream.sampleRate,
    channels: stream.channels,
  };
}

/**
 * REAPER reads a media file's header inside PCM_Source_CreateFromFile, synchronously. The
 * simulator's header reader is asynchronous, so before each deferred run it reads the headers
 * of the media files named by the request waiting in the bridge's mailbox.
 */
async function prefetchMedia(
  app: SimReaper,
  probe: (path: string) => Promise<SimSource | null>,
): Promise<void> {
  const id = app.extState.get(MAILBOX_SECTION, mailboxKeys.head);
  if (!id) return;
  const envelope = app.extState.get(MAILBOX_SECTION, mailboxKeys.request(id));
  if (!envelope) return;
  let text = envelope;
  try {
    const parsed = JSON.parse(envelope) as { file?: string; parts?: number };
    if (typeof parsed.file === 'string') {
      const file = isAbsolute(parsed.file)
        ? parsed.file
        : join(app.resourcePath, 'tapeop', 'mailbox', parsed.file);
      text = readFileSync(file, 'utf8');
    } else if (typeof parsed.parts === 'number') {
      text = Array.from({ length: parsed.parts }, (_, k) =>
        app.extState.get(MAILBOX_SECTION, mailboxKeys.requestPart(id, k + 1)),
      ).join('');
    }
  } catch {
    return; // the bridge reports what is wrong with the request
  }
  const paths = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      if (isAbsolute(value) && isMediaPath(value) && !app.media.has(value)) paths.add(value);
    } else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  try {
    collect(JSON.parse(text));
  } catch {
    return;
  }
  for (const path of paths) {
    try {
      const source = await probe(path);
      if (source) app.media.set(path, source);
    } catch {
      // unreadable media: REAPER shows it offline; the bridge reports the length it sees
    }
  }
}
