import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { createMemoryLogger, isTapeopError, type LoadPlan, TapeopError } from '@tapeop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlbumFixture, writeAlbumFixture } from '../../test/album-fixture.js';
import { type ReaperSim, startReaperSim } from '../sim/reaper-sim.js';
import { BridgeClient } from './bridge-client.js';
import { createReaperAdapter } from './reaper-adapter.js';
import { WebInterfaceClient } from './web-interface-client.js';

const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function sim(options: Parameters<typeof startReaperSim>[0] = {}): Promise<ReaperSim> {
  const s = await startReaperSim(options);
  closers.push(() => s.close());
  return s;
}

async function rejection(promise: Promise<unknown>): Promise<TapeopError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TapeopError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** A port nothing listens on: bound, then released. */
async function deadPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A stand-in for REAPER's web server whose answers a test scripts. */
async function fakeWebInterface(
  answer: (commands: string[], url: string) => { status?: number; body: string } | undefined,
): Promise<number> {
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    const out = answer(url.replace(/^\/_\//, '').split(';'), url);
    if (!out) return; // never answers
    res.writeHead(out.status ?? 200, { 'Content-Type': 'text/plain' });
    res.end(out.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return (server.address() as AddressInfo).port;
}

describe('the REAPER adapter when things go wrong', () => {
  it('reports a REAPER that is not there as DAW_UNREACHABLE, with how to enable the web interface', async () => {
    const port = await deadPort();
    const adapter = createReaperAdapter({ httpPort: port, httpTimeoutMs: 1000 });
    const error = await rejection(adapter.connect());
    expect(error.code).toBe('DAW_UNREACHABLE');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.hint).toContain('Web browser interface');
    await adapter.close();
  }, 10_000);

  it('gives up on a web interface that never answers after its timeout', async () => {
    const port = await fakeWebInterface(() => undefined);
    const adapter = createReaperAdapter({ httpPort: port, httpTimeoutMs: 300 });
    const error = await rejection(adapter.connect());
    expect(error.code).toBe('DAW_UNREACHABLE');
    expect(error.message).toContain('did not answer within 300 ms');
    await adapter.close();
  }, 10_000);

  it('says so when the port answers but is not REAPER', async () => {
    const notFound = await fakeWebInterface(() => ({ status: 404, body: 'nope' }));
    let error = await rejection(
      createReaperAdapter({ httpPort: notFound, httpTimeoutMs: 1000 }).connect(),
    );
    expect(error.code).toBe('DAW_UNREACHABLE');
    expect(error.message).toContain('HTTP 404');
    const login = await fakeWebInterface(() => ({ status: 401, body: '' }));
    error = await rejection(createReaperAdapter({ httpPort: login }).connect());
    expect(error.hint).toContain('username and password');
    const garbage = await fakeWebInterface(() => ({ body: '<html>hello</html>\n' }));
    error = await rejection(createReaperAdapter({ httpPort: garbage }).connect());
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toContain('TRANSPORT');
  });

  it('reports a stale heartbeat as BRIDGE_NOT_RUNNING with the install command', async () => {
    const s = await sim();
    s.crashBridge(); // the heartbeat stays behind, no longer moving
    s.uninstallBridge(); // and REAPER cannot start it again
    const adapter = createReaperAdapter({ host: s.host, httpPort: s.httpPort, staleMs: 500 });
    const error = await rejection(adapter.connect());
    expect(error.code).toBe('BRIDGE_NOT_RUNNING');
    expect(error.hint).toContain('tapeop reaper install --resource');
    await adapter.close();
  }, 15_000);

  it('starts an installed bridge that is not running', async () => {
    const s = await sim({ bridge: 'installed' });
    expect(s.bridgeRunning).toBe(false);
    const adapter = createReaperAdapter({ host: s.host, httpPort: s.httpPort });
    closers.push(() => adapter.close());
    await adapter.connect();
    expect(s.bridgeRunning).toBe(true);
    expect((await adapter.describe()).daw.version).toBe('7.11/tapeop-sim');
  });

  it('notices a bridge that dies while a request waits', async () => {
    const s = await sim();
    const adapter = createReaperAdapter({ host: s.host, httpPort: s.httpPort, staleMs: 300 });
    closers.push(() => adapter.close());
    await adapter.connect();
    s.crashBridge();
    const error = await rejection(adapter.readNotes());
    expect(error.code).toBe('BRIDGE_NOT_RUNNING');
  }, 15_000);

  it("turns the bridge's refusal into DAW_REJECTED with its message, and nothing is loaded", async () => {
    const s = await sim();
    const album: AlbumFixture = await writeAlbumFixture({ name: 'rejected', count: 2 });
    closers.push(() => album.cleanup());
    const adapter = createReaperAdapter({
      host: s.host,
      httpPort: s.httpPort,
      logger: createMemoryLogger(),
    });
    closers.push(() => adapter.close());
    await adapter.connect();
    const plan: LoadPlan = structuredClone(album.plan);
    plan.songs[1]!.filePath = `${album.dir}/mixes/missing.wav`;
    const error = await rejection(adapter.loadSongs(plan));
    expect(error.code).toBe('DAW_REJECTED');
    expect(error.message).toContain('missing.wav');
    expect(error.details.bridgeCode).toBe('FILE_NOT_FOUND');
    expect(error.hint).toContain('valid on the machine REAPER runs on');
    expect(s.project.tracks).toHaveLength(0);
    expect(s.app.project.openUndoBlocks).toBe(0);
  });

  it('never lets a late reply for an old request answer a newer one', async () => {
    // A scripted web interface with a bridge that answers request 1 only after tapeop gave up,
    // and first puts a stray copy of that late reply into request 2's mailbox.
    const ext = new Map<string, string>();
    const requests: string[] = [];
    ext.set('alive', `1 ${Math.floor(Date.now() / 1000)}`);
    ext.set(
      'bridge',
      JSON.stringify({ version: '1.0.0', protocol: 1, folder: '/nowhere', instance: 'x' }),
    );
    const port = await fakeWebInterface((commands) => {
      const lines: string[] = [];
      for (const c of commands) {
        const parts = c.split('/');
        if (parts[0] === 'SET' && parts[1] === 'EXTSTATE') {
          const key = decodeURIComponent(parts[3]!);
          const value = decodeURIComponent(parts.slice(4).join('/'));
          ext.set(key, value);
          if (key === 'head' && !requests.includes(value)) requests.push(value);
        } else if (parts[0] === 'GET' && parts[1] === 'EXTSTATE') {
          const key = decodeURIComponent(parts.slice(3).join('/'));
          lines.push(`EXTSTATE\ttapeop\t${key}\t${(ext.get(key) ?? '').replace(/\\/g, '\\\\')}`);
        } else if (c === 'TRANSPORT') lines.push('TRANSPORT\t0\t0.000000\t0\t0:00.000\t1.1.00');
      }
      const beat = Number(ext.get('alive')!.split(' ')[0]) + 1;
      ext.set('alive', `${beat} ${Math.floor(Date.now() / 1000)}`);
      return { body: lines.map((l) => `${l}\n`).join('') };
    });
    const web = new WebInterfaceClient({ host: '127.0.0.1', port });
    closers.push(() => web.close());
    const client = new BridgeClient(web, { timeoutMs: 400, transfer: 'parts' });
    await client.ensureRunning({ start: false });

    const first = await rejection(client.request('getNotes'));
    expect(first.code).toBe('TIMEOUT');
    const firstId = requests[0]!;
    // The bridge finally answers request 1.
    ext.set(
      `res.${firstId}`,
      JSON.stringify({ id: firstId, ok: true, result: { text: 'late answer for 1' } }),
    );

    const second = client.request<{ text: string }>('getNotes', {}, { timeoutMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const secondId = requests[1]!;
    expect(secondId).not.toBe(firstId);
    ext.set(
      `res.${secondId}`,
      JSON.stringify({ id: firstId, ok: true, result: { text: 'stray copy of 1' } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    ext.set(
      `res.${secondId}`,
      JSON.stringify({ id: secondId, ok: true, result: { text: 'answer for 2' } }),
    );
    expect((await second).text).toBe('answer for 2');
  });

  it('reports a reply that is not JSON', async () => {
    const ext = new Map<string, string>([
      ['alive', `1 ${Math.floor(Date.now() / 1000)}`],
      [
        'bridge',
        JSON.stringify({ version: '1.0.0', protocol: 1, folder: '/nowhere', instance: 'x' }),
      ],
    ]);
    const port = await fakeWebInterface((commands) => {
      const lines: string[] = [];
      for (const c of commands) {
        const parts = c.split('/');
        if (parts[0] === 'SET') ext.set(decodeURIComponent(parts[3]!), 'set');
        if (parts[0] === 'GET') {
          const key = decodeURIComponent(parts.slice(3).join('/'));
          lines.push(
            `EXTSTATE\ttapeop\t${key}\t${key.startsWith('res.') ? '{not json' : (ext.get(key) ?? '')}`,
          );
        }
      }
      return { body: lines.map((l) => `${l}\n`).join('') };
    });
    const web = new WebInterfaceClient({ host: '127.0.0.1', port });
    closers.push(() => web.close());
    const client = new BridgeClient(web, { transfer: 'parts' });
    await client.ensureRunning({ start: false });
    const error = await rejection(client.request('info'));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toContain('is not JSON');
  });

  it('refuses a bridge that speaks another protocol version', async () => {
    const port = await fakeWebInterface((commands) => ({
      body: commands
        .map((c) => {
          const key = decodeURIComponent(c.split('/').slice(3).join('/'));
          if (key === 'alive')
            return `EXTSTATE\ttapeop\talive\t5 ${Math.floor(Date.now() / 1000)}\n`;
          if (key === 'bridge')
            return `EXTSTATE\ttapeop\tbridge\t{"protocol":9,"version":"9.0.0","folder":""}\n`;
          return c === 'TRANSPORT' ? 'TRANSPORT\t0\t0\t0\t0:00.000\t1.1.00\n' : '';
        })
        .join(''),
    }));
    const error = await rejection(createReaperAdapter({ httpPort: port }).connect());
    expect(isTapeopError(error, 'DAW_REJECTED')).toBe(true);
    expect(error.message).toContain('protocol 9');
  });
});
