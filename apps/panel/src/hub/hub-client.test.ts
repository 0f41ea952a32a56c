import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  type ConnectionState,
  HubClient,
  HubError,
  hubUrlFor,
  type SocketLike,
} from './hub-client.js';

/** A tiny JSON-RPC peer on a real WebSocket, answering like the hub does. */
async function startPeer(port = 0) {
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, path: '/rpc' });
  const received: Array<{ method: string; params?: unknown }> = [];
  let nextSubscription = 1;
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as {
        id: number;
        method: string;
        params?: Record<string, unknown>;
      };
      received.push({ method: request.method, params: request.params });
      const answer = (body: object) =>
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, ...body }));
      switch (request.method) {
        case 'echo':
          return answer({ result: request.params ?? null });
        case 'fail':
          return answer({
            error: {
              code: -32000,
              message: 'the DAW did not answer',
              data: { code: 'DAW_UNREACHABLE', hint: 'Start REAPER.', details: {} },
            },
          });
        case 'notes.subscribe': {
          const subscription = `s${nextSubscription++}`;
          answer({ result: { subscription } });
          setTimeout(
            () =>
              socket.send(
                JSON.stringify({
                  jsonrpc: '2.0',
                  method: 'notes.added',
                  params: { subscription, notes: [{ text: 'hello' }] },
                }),
              ),
            10,
          );
          return;
        }
        case 'silent':
          return; // never answers
        default:
          return answer({
            error: { code: -32601, message: `Method not found: ${request.method}` },
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    url: `ws://127.0.0.1:${address.port}/rpc`,
    received,
    clients: () => wss.clients,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const socketFactory = (url: string) => new WebSocket(url) as unknown as SocketLike;

function waitFor<T>(test: () => T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const look = () => {
      const value = test();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() > deadline) return reject(new Error('timed out'));
      setTimeout(look, 10);
    };
    look();
  });
}

describe('HubClient', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const connect = async (
    url: string,
    options: Partial<ConstructorParameters<typeof HubClient>[0]> = {},
  ) => {
    const client = new HubClient({
      url,
      createSocket: socketFactory,
      minRetryMs: 20,
      maxRetryMs: 100,
      ...options,
    });
    const states: ConnectionState['status'][] = [];
    client.onState((state) => states.push(state.status));
    client.start();
    cleanups.push(() => client.stop());
    await waitFor(() => client.state.status === 'open');
    return { client, states };
  };

  it('matches answers to calls, also when they cross', async () => {
    const peer = await startPeer();
    cleanups.push(() => peer.close());
    const { client } = await connect(peer.url);
    const answers = await Promise.all([
      client.call('echo', { n: 1 }),
      client.call('echo', { n: 2 }),
      client.call('echo'),
    ]);
    expect(answers).toEqual([{ n: 1 }, { n: 2 }, null]);
  });

  it('turns a tapeop error into a HubError with its code and hint', async () => {
    const peer = await startPeer();
    cleanups.push(() => peer.close());
    const { client } = await connect(peer.url);
    const error = await client.call('fail').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({
      message: 'the DAW did not answer',
      rpcCode: -32000,
      code: 'DAW_UNREACHABLE',
      hint: 'Start REAPER.',
    });
    const missing = await client.call('nope').catch((e: unknown) => e);
    expect(missing).toMatchObject({ rpcCode: -32601 });
  });

  it('refuses calls while disconnected instead of queueing them', async () => {
    const client = new HubClient({ url: 'ws://127.0.0.1:1/rpc', createSocket: socketFactory });
    const error = await client.call('echo').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HUB_DISCONNECTED' });
  });

  it('fails a call that gets no answer in time', async () => {
    const peer = await startPeer();
    cleanups.push(() => peer.close());
    const { client } = await connect(peer.url, { callTimeoutMs: 100 });
    await expect(client.call('silent')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('routes notifications to their subscription', async () => {
    const peer = await startPeer();
    cleanups.push(() => peer.close());
    const { client } = await connect(peer.url);
    const seen: unknown[] = [];
    client.subscribe('notes.subscribe', 'notes.added', (params) => seen.push(params.notes));
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toEqual([{ text: 'hello' }]);
  });

  it('reconnects after the server restarts, fails the calls in flight and subscribes again', async () => {
    const peer = await startPeer();
    const { client, states } = await connect(peer.url);
    const seen: unknown[] = [];
    client.subscribe('notes.subscribe', 'notes.added', (params) => seen.push(params.notes));
    await waitFor(() => seen.length === 1);
    const inFlight = client.call('silent').catch((e: unknown) => e);
    await peer.close();
    expect(await inFlight).toMatchObject({ code: 'HUB_DISCONNECTED' });
    await waitFor(() => client.state.status === 'waiting');
    expect(client.state).toMatchObject({ status: 'waiting' });
    // The same port again, as `tapeop serve --port` would take it.
    const again = await startPeer(peer.port);
    cleanups.push(() => again.close());
    await waitFor(() => client.state.status === 'open');
    await waitFor(() => seen.length === 2);
    expect(again.received.map((r) => r.method)).toContain('notes.subscribe');
    expect(await client.call('echo', { back: true })).toEqual({ back: true });
    expect(states).toEqual(expect.arrayContaining(['connecting', 'open', 'waiting']));
  });

  it('backs off between attempts while the hub is away, up to the maximum', async () => {
    const delays: number[] = [];
    const client = new HubClient({
      url: 'ws://127.0.0.1:9/rpc',
      minRetryMs: 10,
      maxRetryMs: 40,
      createSocket: () => {
        throw new Error('refused');
      },
    });
    client.onState((state) => {
      if (state.status === 'waiting') delays.push(state.retryAt - Date.now());
    });
    client.start();
    await waitFor(() => delays.length >= 5);
    client.stop();
    expect(delays[0]).toBeLessThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(40);
    expect(delays.at(-1)).toBeGreaterThan(20);
  });

  it('stops for good when stopped', async () => {
    const peer = await startPeer();
    cleanups.push(() => peer.close());
    const { client } = await connect(peer.url);
    client.stop();
    expect(client.state.status).toBe('stopped');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.state.status).toBe('stopped');
  });
});

describe('hubUrlFor', () => {
  it('points at /rpc on the host that served the page, keeping a token', () => {
    expect(hubUrlFor({ protocol: 'http:', host: '127.0.0.1:7460', search: '' })).toBe(
      'ws://127.0.0.1:7460/rpc',
    );
    expect(
      hubUrlFor({ protocol: 'https:', host: 'studio.example:7460', search: '?token=a b' }),
    ).toBe('wss://studio.example:7460/rpc?token=a%20b');
  });
});
