import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TapeopError } from '@tapeop/core';
import { defineCommand } from '../cli/command.js';
import { loadConfig } from '../config/load-config.js';
import { connectDaw, dawOptions, selectDaw } from '../daw/connect-daw.js';
import { isLoopbackHost } from '../hub/access.js';
import { DEFAULT_HUB_PORT, DEFAULT_MAX_MESSAGE_BYTES, startHub } from '../hub/hub.js';
import { loadOrCreateHubToken } from '../hub/hub-token.js';
import { findPanelFiles } from '../hub/panel-files.js';
import { boolean, integer, object, string } from '../output/json-schema.js';
import { locateSession } from '../session-folder/session-file.js';
import { cliVersion } from '../version.js';
import { sessionPositional } from './action-command.js';

export interface ServeResult {
  url: string;
  httpUrl: string;
  host: string;
  port: number;
  session: string;
  daw?: string;
  tokenRequired: boolean;
  tokenFile?: string;
  staticDir?: string;
}

export const serveCommand = defineCommand<ServeResult>({
  path: ['serve'],
  summary: 'The hub: a WebSocket JSON-RPC 2.0 API for scripts and DAW-side panels, on one session.',
  positionals: [sessionPositional],
  options: {
    ...dawOptions,
    daw: {
      ...dawOptions.daw,
      description: 'The DAW the hub talks to (without it, DAW methods are refused).',
    },
    port: {
      type: 'string',
      valueName: 'PORT',
      description: "The hub's port (0: any free one).",
      number: { integer: true, min: 0, max: 65535 },
      defaultText: String(DEFAULT_HUB_PORT),
    },
    host: {
      type: 'string',
      valueName: 'ADDRESS',
      description: 'The address to bind; beyond 127.0.0.1 every client needs the token.',
      defaultText: '127.0.0.1',
    },
    'daw-host': { type: 'string', valueName: 'HOST', description: 'Host of the DAW.' },
    'daw-port': {
      type: 'string',
      valueName: 'PORT',
      description: "The DAW's main control port.",
      number: { integer: true, min: 1, max: 65535 },
    },
    static: {
      type: 'string',
      valueName: 'FOLDER',
      description:
        "Serve these built static files at / (default: the panel, @tapeop/panel's dist/, when it is built).",
    },
    'allow-origin': {
      type: 'string',
      multiple: true,
      valueName: 'ORIGIN',
      description: 'A browser origin allowed besides the hub itself (e.g. http://localhost:5173).',
    },
    'max-message': {
      type: 'string',
      valueName: 'BYTES',
      description: 'Largest JSON-RPC message accepted.',
      number: { integer: true, min: 1024 },
      defaultText: String(DEFAULT_MAX_MESSAGE_BYTES),
    },
  },
  examples: [
    {
      command: 'tapeop serve night-drive --daw reaper',
      description: 'The hub on ws://127.0.0.1:7460/rpc, talking to REAPER',
    },
    {
      command: 'tapeop serve night-drive --daw reaper --host 0.0.0.0',
      description: 'Reachable from the studio network (prints the token on first run)',
    },
    {
      command: 'tapeop serve night-drive --port 0 --json',
      description: 'Any free port; one JSON line says where, for a script that starts it',
    },
  ],
  description: [
    'Methods mirror the CLI commands one to one (sequence, load, markers.write, recall.capture, notes.add, ...; see the hub reference), plus notes.subscribe, session.subscribe, daw.subscribe and unsubscribe. WebSocket endpoint: /rpc; GET / serves the panel (apps/panel, when built; or --static) or a note.',
    'Binds 127.0.0.1 by default. Any other address needs a token: made on first run, printed once, and kept in $XDG_CONFIG_HOME/tapeop/hub-token (mode 600); clients send it as "Authorization: Bearer <token>" (or ?token= from a browser). Browsers are checked by Origin. Runs until Ctrl-C.',
    'In the session\'s tapeop.config.json, "hub" sets host, port, allowedOrigins, staticDir and maxMessageBytes. With --json, one JSON document is printed when the hub is ready.',
  ].join('\n\n'),
  output: object(
    {
      url: string('ws://host:port/rpc'),
      httpUrl: string(),
      host: string(),
      port: integer(),
      session: string(),
      daw: string(),
      tokenRequired: boolean(),
      tokenFile: string('Where the token is kept (never printed in the JSON).'),
      staticDir: string(),
    },
    { optional: ['daw', 'tokenFile', 'staticDir'] },
  ),
  async run(args, context) {
    const location = await locateSession(args.positionals.session as string, context.cwd);
    const config = await loadConfig({ env: context.env, sessionDir: location.dir });
    const host = (args.options.host as string | undefined) ?? config.hub.host ?? '127.0.0.1';
    const port = (args.options.port as number | undefined) ?? config.hub.port ?? DEFAULT_HUB_PORT;
    const staticOption = args.options.static as string | undefined;
    // The panel is served by default when it is installed and built (apps/panel, npm run build).
    const staticDir = staticOption
      ? resolve(context.cwd, staticOption)
      : (config.hub.staticDir ?? findPanelFiles());
    if (staticDir) {
      const found = await stat(staticDir).catch(() => undefined);
      if (!found?.isDirectory())
        throw new TapeopError('FILE_NOT_FOUND', `the static folder ${staticDir} does not exist`, {
          hint: 'Build the panel first (npm run build), or leave out --static.',
        });
    }
    let token: string | undefined;
    let tokenFile: string | undefined;
    if (!isLoopbackHost(host)) {
      const fromEnv = context.env.TAPEOP_HUB_TOKEN;
      if (fromEnv) token = fromEnv;
      else {
        const stored = await loadOrCreateHubToken(context.env);
        token = stored.token;
        tokenFile = stored.file;
        if (stored.created)
          context.terminal.errorLine(
            `hub token (made now, kept in ${stored.file}; clients send "Authorization: Bearer <token>"):\n${stored.token}`,
          );
        else context.terminal.errorLine(`hub token: the one kept in ${stored.file}`);
      }
    }
    const dawName = (args.options.daw as string | undefined) ?? config.daw;
    const selection = dawName
      ? selectDaw(
          {
            daw: dawName,
            ...(args.options['daw-host'] !== undefined ? { host: args.options['daw-host'] } : {}),
            ...(args.options['daw-port'] !== undefined ? { port: args.options['daw-port'] } : {}),
            ...(args.options['osc-port'] !== undefined
              ? { 'osc-port': args.options['osc-port'] }
              : {}),
            ...(args.options.timeout !== undefined ? { timeout: args.options.timeout } : {}),
          },
          config,
          'serve',
          context.logger,
        )
      : undefined;
    const hub = await startHub({
      session: location,
      config,
      logger: context.logger,
      cwd: context.cwd,
      env: context.env,
      host,
      port,
      ...(token ? { token } : {}),
      allowedOrigins: [
        ...(config.hub.allowedOrigins ?? []),
        ...((args.options['allow-origin'] as string[] | undefined) ?? []),
      ],
      ...(staticDir ? { staticDir } : {}),
      ...(args.options['max-message'] !== undefined || config.hub.maxMessageBytes !== undefined
        ? {
            maxMessageBytes:
              (args.options['max-message'] as number | undefined) ?? config.hub.maxMessageBytes!,
          }
        : {}),
      ...(selection
        ? {
            daw: {
              name: selection.name,
              open: () => connectDaw(selection, config, context.logger),
            },
          }
        : {}),
      version: cliVersion(),
    });
    const result: ServeResult = {
      url: hub.url,
      httpUrl: hub.httpUrl,
      host: hub.host,
      port: hub.port,
      session: location.file,
      ...(selection ? { daw: selection.name } : {}),
      tokenRequired: token !== undefined,
      ...(tokenFile ? { tokenFile } : {}),
      ...(staticDir ? { staticDir } : {}),
    };
    if (context.json) context.terminal.raw(`${JSON.stringify(result)}\n`);
    else {
      context.terminal.line(`tapeop hub for ${location.dir}`);
      context.terminal.line(`  JSON-RPC over WebSocket: ${hub.url}`);
      context.terminal.line(
        staticDir
          ? `  panel: ${hub.httpUrl}`
          : `  page: ${hub.httpUrl} (no panel: build it with npm run build, or give --static)`,
      );
      if (selection) context.terminal.line(`  DAW: ${selection.name}`);
      context.terminal.line('Ctrl-C stops it.');
    }
    await new Promise<void>((resolveStop) => {
      if (context.stopSignal.aborted) resolveStop();
      context.stopSignal.addEventListener('abort', () => resolveStop(), { once: true });
    });
    await hub.close();
    return { result, printed: true };
  },
  render() {},
});
