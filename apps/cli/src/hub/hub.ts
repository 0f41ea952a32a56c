import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type DawAdapter,
  type DawEvent,
  type Logger,
  type Note,
  type Session,
  TapeopError,
} from '@tapeop/core';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { ActionEnv, AnyAction } from '../actions/action.js';
import { hubActions } from '../actions/index.js';
import type { TapeopConfig } from '../config/load-config.js';
import { describeSchemaErrors, schemaValidator } from '../output/schema-validator.js';
import type { SessionLocation } from '../session-folder/session-file.js';
import { type AccessRules, checkAccess, isLoopbackHost } from './access.js';
import { DawLink } from './daw-link.js';
import {
  checkRequest,
  errorResponse,
  failure,
  type RpcRequest,
  type RpcResponse,
  rpcErrors,
  success,
} from './json-rpc.js';
import { SessionFeed } from './session-feed.js';
import { securityHeaders, sendText, serveStatic } from './static-files.js';

export const DEFAULT_HUB_PORT = 7460;
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/** The WebSocket endpoint's path. */
export const RPC_PATH = '/rpc';
/** Requests one client may have running at once. */
const MAX_IN_FLIGHT = 32;
/** A client that does not read its messages is cut off past this much unsent data. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface HubOptions {
  session: SessionLocation;
  config: TapeopConfig;
  logger: Logger;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Default 127.0.0.1. Any other address needs `token`. */
  host?: string;
  /** Default 7460; 0 takes a free port. */
  port?: number;
  /** Clients must present it (Authorization: Bearer <token>, or ?token=). Required beyond loopback. */
  token?: string;
  allowedOrigins?: string[];
  /** A folder of built static files (the panel) served at /. */
  staticDir?: string;
  /** Largest message accepted (default 1 MiB); larger ones get an error and the connection stays. */
  maxMessageBytes?: number;
  /** The DAW: its adapter name and how to open a connection to it. */
  daw?: { name: string; open: () => Promise<DawAdapter> };
  version?: string;
  /** Milliseconds between looks at the session folder for changes made by others. */
  pollMs?: number;
}

export interface Hub {
  readonly host: string;
  readonly port: number;
  /** ws://host:port/rpc */
  readonly url: string;
  /** http://host:port/ */
  readonly httpUrl: string;
  readonly clientCount: number;
  close(): Promise<void>;
}

type Subscription = { kind: 'notes' } | { kind: 'session' } | { kind: 'daw'; stop: () => void };

interface Client {
  id: number;
  socket: WebSocket;
  subscriptions: Map<string, Subscription>;
  inFlight: number;
}

/** Methods only the hub has (subscriptions), next to the actions that mirror CLI commands. */
export const hubOnlyMethods = {
  'hub.info':
    'What this hub serves: its version, session, DAW, methods and how many clients are connected.',
  'notes.subscribe':
    'Receive `notes.added` notifications with every entry appended to the journal, by anyone.',
  'session.subscribe':
    'Receive `session.changed` notifications with the session document whenever session.json changes.',
  'daw.subscribe':
    'Receive `daw.event` notifications: connection, transport position, track and marker changes.',
  unsubscribe: 'Stop one subscription: params { subscription }.',
} as const;

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/**
 * `tapeop serve`: a WebSocket JSON-RPC 2.0 hub for one session, with the same methods as the CLI
 * commands, plus subscriptions. The HTTP server that carries it also serves the panel's static
 * files (GET and HEAD only, never outside the folder).
 */
export async function startHub(options: HubOptions): Promise<Hub> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  if (!loopback && !options.token)
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `the hub binds ${host} (beyond this machine) only with a token`,
      {
        details: { host },
        hint: 'Serve on 127.0.0.1 (the default), or give a token (tapeop serve makes and stores one).',
      },
    );
  const logger = options.logger;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const actions = new Map<string, AnyAction>(hubActions.map((action) => [action.method, action]));
  const clients = new Set<Client>();
  const stopping = new AbortController();
  let nextClient = 1;
  let nextSubscription = 1;

  const feed = new SessionFeed(options.session, logger, options.pollMs ?? 1000);
  await feed.start();
  const dawLink = options.daw ? new DawLink(options.daw.name, options.daw.open, logger) : undefined;

  const rules: AccessRules = {
    bindHost: host,
    port: 0,
    ...(options.token ? { token: options.token } : {}),
    allowedOrigins: options.allowedOrigins ?? [],
  };

  // ---- sending

  const send = (client: Client, message: unknown): void => {
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      logger.warn(`hub: client ${client.id} does not read its messages; disconnected`);
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message), (error) => {
      if (error) logger.debug(`hub: sending to client ${client.id}: ${error.message}`);
    });
  };

  const notify = (kind: Subscription['kind'], method: string, params: (id: string) => unknown) => {
    for (const client of clients)
      for (const [id, subscription] of client.subscriptions)
        if (subscription.kind === kind)
          send(client, { jsonrpc: '2.0', method, params: params(id) });
  };

  feed.on('notes', (notes: Note[]) =>
    notify('notes', 'notes.added', (subscription) => ({ subscription, notes })),
  );
  feed.on('session', (session: Session) =>
    notify('session', 'session.changed', (subscription) => ({ subscription, document: session })),
  );

  // ---- methods

  const actionEnv = (): ActionEnv => ({
    cwd: options.session.dir,
    env: options.env,
    logger,
    config: options.config,
    ...(options.config.author ? { author: options.config.author } : {}),
    session: options.session,
    ...(dawLink ? { dawName: dawLink.name } : {}),
    daw: () => {
      throw new TapeopError('INVALID_ARGUMENT', 'this hub was started without a DAW', {
        hint: 'Start the hub with --daw (tapeop serve <session> --daw reaper) to use DAW methods.',
      });
    },
    progress: () => ({ update() {}, done() {} }),
    signal: stopping.signal,
    runner: 'hub',
  });

  const runAction = async (action: AnyAction, params: Record<string, unknown>) => {
    const validate = schemaValidator(action.params);
    if (!validate(params)) {
      const problems = describeSchemaErrors(validate);
      throw Object.assign(new Error('invalid params'), {
        rpc: { code: rpcErrors.invalidParams, problems },
      });
    }
    const env = actionEnv();
    const outcome = action.daw
      ? await (dawLink
          ? dawLink.exclusive((daw) => action.run(params, { ...env, daw }))
          : action.run(params, env))
      : await action.run(params, env);
    if (outcome.sessionChanged) void feed.refresh();
    // The journal may have changed too (most actions note what they did).
    void feed.refresh();
    return {
      ...((outcome.result as object) ?? {}),
      ...(outcome.problemsFound ? { problemsFound: true } : {}),
    };
  };

  const subscriptionParam = (params: Record<string, unknown>) => {
    if (typeof params.subscription !== 'string')
      throw Object.assign(new Error('invalid params'), {
        rpc: {
          code: rpcErrors.invalidParams,
          problems: [{ pointer: '/subscription', message: 'a subscription id is required' }],
        },
      });
    return params.subscription;
  };

  const hubMethod = async (
    client: Client,
    method: string,
    params: Record<string, unknown>,
  ): Promise<unknown> => {
    switch (method) {
      case 'hub.info':
        return {
          version: options.version ?? '0.0.0',
          session: options.session.file,
          ...(dawLink ? { daw: { adapter: dawLink.name, connected: dawLink.isConnected } } : {}),
          methods: [...actions.keys(), ...Object.keys(hubOnlyMethods)].sort(),
          clients: clients.size,
          maxMessageBytes,
        };
      case 'notes.subscribe':
      case 'session.subscribe': {
        const id = `s${nextSubscription++}`;
        client.subscriptions.set(id, { kind: method === 'notes.subscribe' ? 'notes' : 'session' });
        return { subscription: id };
      }
      case 'daw.subscribe': {
        if (!dawLink)
          throw new TapeopError('INVALID_ARGUMENT', 'this hub was started without a DAW', {
            hint: 'Start the hub with --daw to receive DAW events.',
          });
        const id = `s${nextSubscription++}`;
        const stop = dawLink.subscribe((event: DawEvent) =>
          send(client, {
            jsonrpc: '2.0',
            method: 'daw.event',
            params: { subscription: id, event },
          }),
        );
        client.subscriptions.set(id, { kind: 'daw', stop });
        return { subscription: id, connected: dawLink.isConnected };
      }
      case 'unsubscribe': {
        const id = subscriptionParam(params);
        const subscription = client.subscriptions.get(id);
        if (subscription?.kind === 'daw') subscription.stop();
        return { removed: client.subscriptions.delete(id) };
      }
    }
    const action = actions.get(method);
    if (!action)
      throw Object.assign(new Error('method not found'), {
        rpc: { code: rpcErrors.methodNotFound },
      });
    return runAction(action, params);
  };

  const handle = async (client: Client, value: unknown): Promise<RpcResponse | undefined> => {
    const checked = checkRequest(value);
    if (!checked.ok) return checked.response;
    const request: RpcRequest = checked.request;
    const id = request.id ?? null;
    const isNotification = !('id' in request);
    if (client.inFlight >= MAX_IN_FLIGHT)
      return isNotification
        ? undefined
        : failure(
            id,
            rpcErrors.busy,
            `too many requests at once (at most ${MAX_IN_FLIGHT}); wait for answers`,
          );
    client.inFlight++;
    try {
      const result = await hubMethod(
        client,
        request.method,
        (request.params ?? {}) as Record<string, unknown>,
      );
      return isNotification ? undefined : success(id, result ?? null);
    } catch (error) {
      if (isNotification) {
        logger.debug(`hub: notification ${request.method} failed: ${(error as Error).message}`);
        return undefined;
      }
      const rpc = (error as { rpc?: { code: number; problems?: unknown } }).rpc;
      if (rpc?.code === rpcErrors.methodNotFound)
        return failure(id, rpc.code, `Method not found: ${request.method}`, {
          hint: "Call 'hub.info' for the list of methods.",
        });
      if (rpc?.code === rpcErrors.invalidParams)
        return failure(id, rpc.code, `Invalid params for ${request.method}`, {
          problems: rpc.problems,
        });
      if (!(error instanceof TapeopError))
        logger.error(`hub: ${request.method} failed: ${(error as Error).stack ?? error}`);
      return errorResponse(id, error);
    } finally {
      client.inFlight--;
    }
  };

  const onMessage = async (client: Client, data: RawData, isBinary: boolean): Promise<void> => {
    const size = Array.isArray(data)
      ? data.reduce((n, b) => n + b.length, 0)
      : (data as Buffer).byteLength;
    if (isBinary) {
      send(
        client,
        failure(
          null,
          rpcErrors.invalidRequest,
          'Invalid request: send JSON-RPC messages as text frames',
        ),
      );
      return;
    }
    if (size > maxMessageBytes) {
      send(
        client,
        failure(
          null,
          rpcErrors.tooLarge,
          `Request too large: ${size} bytes; this hub takes at most ${maxMessageBytes}`,
          {
            bytes: size,
            maxMessageBytes,
          },
        ),
      );
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      send(client, failure(null, rpcErrors.parseError, `Parse error: ${(error as Error).message}`));
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        send(client, failure(null, rpcErrors.invalidRequest, 'Invalid request: an empty batch'));
        return;
      }
      const answers = (await Promise.all(value.map((item) => handle(client, item)))).filter(
        (a): a is RpcResponse => a !== undefined,
      );
      if (answers.length > 0) send(client, answers);
      return;
    }
    const answer = await handle(client, value);
    if (answer) send(client, answer);
  };

  // ---- HTTP and WebSocket

  const wss = new WebSocketServer({
    noServer: true,
    // Frames past the limit are still read (up to this hard cap) so they can be answered with a
    // JSON-RPC error instead of closing the connection; beyond it ws closes with 1009.
    maxPayload: Math.max(maxMessageBytes * 8, 16 * 1024 * 1024),
  });

  wss.on('connection', (socket: WebSocket) => {
    const client: Client = { id: nextClient++, socket, subscriptions: new Map(), inFlight: 0 };
    clients.add(client);
    logger.info(`hub: client ${client.id} connected (${clients.size} connected)`);
    socket.on('message', (data, isBinary) => {
      onMessage(client, data, isBinary).catch((error: Error) =>
        logger.error(`hub: client ${client.id}: ${error.stack ?? error.message}`),
      );
    });
    socket.on('error', (error) => logger.debug(`hub: client ${client.id}: ${error.message}`));
    socket.on('close', () => {
      for (const subscription of client.subscriptions.values())
        if (subscription.kind === 'daw') subscription.stop();
      client.subscriptions.clear();
      clients.delete(client);
      logger.info(`hub: client ${client.id} left (${clients.size} connected)`);
    });
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const verdict = checkAccess(req, rules, { needsToken: false });
    if (!verdict.ok) {
      sendText(res, verdict.status, `${verdict.reason}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'only GET and HEAD\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === RPC_PATH) {
      sendText(res, 426, `connect a WebSocket to ${RPC_PATH}\n`);
      return;
    }
    if (options.staticDir) {
      serveStatic(options.staticDir, req, res).catch((error: Error) => {
        logger.warn(`hub: serving ${req.url}: ${error.message}`);
        if (!res.headersSent) sendText(res, 500, 'error\n');
        else res.destroy();
      });
      return;
    }
    if (path === '/') {
      const url = `ws://${req.headers.host ?? `${urlHost(host)}:${rules.port}`}${RPC_PATH}`;
      sendText(
        res,
        200,
        `<!doctype html><meta charset="utf-8"><title>tapeop hub</title><p>tapeop hub for ${escapeHtml(options.session.dir)}: JSON-RPC 2.0 over WebSocket at <code>${escapeHtml(url)}</code>.</p><p>No panel is served: build apps/panel, or start the hub with --static &lt;folder&gt;.</p>\n`,
        'text/html; charset=utf-8',
      );
      return;
    }
    sendText(res, 404, 'not found\n');
  };

  const server: Server = createServer(onRequest);
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\nContent-Type: text/plain\r\nConnection: close\r\n${Object.entries(
          securityHeaders,
        )
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n${reason}\n`,
      );
    };
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== RPC_PATH)
      return refuse(404, `the WebSocket endpoint is ${RPC_PATH}`);
    const verdict = checkAccess(req, rules, { needsToken: true });
    if (!verdict.ok) {
      logger.warn(`hub: refused a connection from ${req.socket.remoteAddress}: ${verdict.reason}`);
      return refuse(verdict.status, verdict.reason);
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new TapeopError(
          error.code === 'EADDRINUSE' ? 'CONFLICT' : 'IO_ERROR',
          `the hub cannot listen on ${host}:${options.port ?? DEFAULT_HUB_PORT}: ${error.message}`,
          {
            cause: error,
            hint:
              error.code === 'EADDRINUSE'
                ? 'Another program (maybe another tapeop serve) uses that port: give --port <other>, or --port 0 for any free one.'
                : 'Check the --host address.',
          },
        ),
      ),
    );
    server.listen(options.port ?? DEFAULT_HUB_PORT, host, () => resolve());
  }).catch(async (error) => {
    feed.close();
    await dawLink?.close();
    throw error;
  });
  const port = (server.address() as { port: number }).port;
  rules.port = port;

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: `ws://${urlHost(host)}:${port}${RPC_PATH}`,
    httpUrl: `http://${urlHost(host)}:${port}/`,
    get clientCount() {
      return clients.size;
    },
    close() {
      closing ??= (async () => {
        stopping.abort();
        feed.close();
        for (const client of clients) client.socket.close(1001, 'the hub is stopping');
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
          setTimeout(() => {
            for (const client of clients) client.socket.terminate();
          }, 500).unref();
        });
        wss.close();
        await dawLink?.close();
      })();
      return closing;
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
