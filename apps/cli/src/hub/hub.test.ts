import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger, type FxState } from '@tapeop/core';
import { createMemoryAdapter } from '@tapeop/core/testing';
import { openJournal } from '@tapeop/notes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubActions } from '../actions/index.js';
import { schemaValidator } from '../output/schema-validator.js';
import type { SessionLocation } from '../session-folder/session-file.js';
import { RpcClient } from '../test-support/rpc-client.js';
import { createTestSession } from '../test-support/session-fixture.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { type Hub, startHub } from './hub.js';
import { rpcErrors } from './json-rpc.js';

const limiter: FxState = {
  name: 'ReaLimit',
  plugin: { id: 'JS:ReaLimit', format: 'JS' },
  enabled: true,
  params: [{ index: 0, name: 'Threshold', normalized: 0.9, formatted: '-2.0 dB', unit: 'dB' }],
};

function httpGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw GET with a path exactly as given (no URL normalization by the client). */
function rawGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the hub (tapeop serve), with real WebSocket clients', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let session: SessionLocation;
  let hub: Hub;
  let staticDir: string;
  const daw = createMemoryAdapter({ sampleRate: 48_000, defaultFx: [limiter] });

  beforeAll(async () => {
    folder = await tempFolder('hub');
    session = await createTestSession(folder.path);
    staticDir = join(folder.path, 'panel');
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>panel</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(folder.path, 'secret.txt'), 'not for the web');
    await symlink(join(folder.path, 'secret.txt'), join(staticDir, 'leak.txt'));
    hub = await startHub({
      session,
      config: { daws: {}, hub: {}, adapterConfigFiles: [], files: [] },
      logger: createMemoryLogger(),
      cwd: folder.path,
      env: { ...process.env, XDG_CONFIG_HOME: join(folder.path, '.config') },
      port: 0,
      staticDir,
      maxMessageBytes: 64 * 1024,
      daw: {
        name: 'memory',
        open: async () => {
          await daw.connect();
          return daw;
        },
      },
      pollMs: 200,
    });
  });

  afterAll(async () => {
    await hub?.close();
    await folder?.remove();
  });

  it('answers two clients at once, each with its own answers', async () => {
    const a = await RpcClient.connect(hub.url);
    const b = await RpcClient.connect(hub.url);
    const [infoA, infoB, show] = await Promise.all([
      a.call('hub.info'),
      b.call('hub.info'),
      b.call('session.show'),
    ]);
    expect(infoA.clients).toBe(2);
    expect(infoB.methods).toEqual(
      expect.arrayContaining(['sequence', 'notes.add', 'recall.capture', 'notes.subscribe']),
    );
    expect(show.document.songs).toHaveLength(3);
    await Promise.all([a.close(), b.close()]);
  });

  it('answers a malformed frame with a parse error and keeps the connection', async () => {
    const client = await RpcClient.connect(hub.url);
    client.sendRaw('{"jsonrpc": "2.0", "method": ');
    const error = await client.waitFor(
      () => client.orphans.at(-1) as { error: { code: number } } | undefined,
    );
    expect(error.error.code).toBe(rpcErrors.parseError);
    client.sendRaw(JSON.stringify({ jsonrpc: '1.0', id: 7, method: 'hub.info' }));
    const invalid = await client.waitFor(
      () => client.orphans[1] as { id: number; error: { code: number } } | undefined,
    );
    expect(invalid).toMatchObject({ id: 7, error: { code: rpcErrors.invalidRequest } });
    client.sendRaw(Buffer.from([1, 2, 3]), true);
    await client.waitFor(() => client.orphans.length >= 3 || undefined);
    expect((client.orphans[2] as { error: { code: number } }).error.code).toBe(
      rpcErrors.invalidRequest,
    );
    expect((await client.call('hub.info')).session).toBe(session.file);
    await client.close();
  });

  it('answers an oversized frame with an error and keeps the connection', async () => {
    const client = await RpcClient.connect(hub.url);
    client.sendRaw(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'notes.add',
        params: { text: 'x'.repeat(200_000) },
      }),
    );
    const error = await client.waitFor(
      () =>
        client.orphans.at(-1) as
          | { error: { code: number; data: { maxMessageBytes: number } } }
          | undefined,
    );
    expect(error.error.code).toBe(rpcErrors.tooLarge);
    expect(error.error.data.maxMessageBytes).toBe(64 * 1024);
    expect((await client.call('hub.info')).clients).toBeGreaterThanOrEqual(1);
    await client.close();
  });

  it('says which params are wrong, and which methods do not exist', async () => {
    const client = await RpcClient.connect(hub.url);
    const wrong = await client.request('sequence', { gapSec: -1, extra: true });
    expect(wrong.error?.code).toBe(rpcErrors.invalidParams);
    expect(wrong.error?.data.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/gapSec' }),
        expect.objectContaining({ message: 'unknown field "extra"' }),
      ]),
    );
    const missing = await client.request('recall.explode');
    expect(missing.error?.code).toBe(rpcErrors.methodNotFound);
    const cliOnly = await client.request('init', { dir: 'x', from: 'y' });
    expect(cliOnly.error?.code).toBe(rpcErrors.methodNotFound);
    const outside = await client.request('notes.export', { out: '../../escape.html' });
    expect(outside.error).toMatchObject({
      code: rpcErrors.tapeopError,
      data: { code: 'PATH_OUTSIDE_SESSION' },
    });
    await client.close();
  });

  it('runs a batch and leaves notifications unanswered', async () => {
    const client = await RpcClient.connect(hub.url);
    client.sendRaw(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'hub.info' },
        { jsonrpc: '2.0', method: 'hub.info' },
        { jsonrpc: '2.0', id: 'b', method: 'nope' },
      ]),
    );
    await client.waitFor(() => client.orphans.length >= 2 || undefined);
    const ids = (client.orphans as Array<{ id: string }>).map((o) => o.id).sort();
    expect(ids).toEqual(['a', 'b']);
    await client.close();
  });

  it("one client's failure never affects another", async () => {
    const steady = await RpcClient.connect(hub.url);
    const broken = await RpcClient.connect(hub.url);
    const calls = Array.from({ length: 20 }, (_, i) =>
      steady.call('notes.list', { text: `word${i}` }),
    );
    broken.sendRaw('not json at all');
    broken.socket.terminate();
    const results = await Promise.all(calls);
    expect(results.every((r) => Array.isArray(r.entries))).toBe(true);
    await steady.close();
  });

  it('pushes notes added by a client, and by another process writing the journal, to subscribers', async () => {
    const watcher = await RpcClient.connect(hub.url);
    const writer = await RpcClient.connect(hub.url);
    const { subscription } = await watcher.call('notes.subscribe');
    await writer.call('notes.add', {
      text: 'Vocal a touch louder in the chorus',
      kind: 'client-request',
      song: 'city-lights',
      requestedBy: 'Sam',
    });
    const pushed = await watcher.waitFor(() =>
      watcher.notifications.find(
        (n) =>
          n.method === 'notes.added' &&
          (n.params.notes as Array<{ text: string }>).some((x) => x.text.startsWith('Vocal')),
      ),
    );
    expect(pushed.params.subscription).toBe(subscription);
    // As the CLI does it: the journal written by another writer.
    await openJournal(session.dir).append({ text: 'Written by the CLI', kind: 'decision' });
    await watcher.waitFor(() =>
      watcher.notifications.find(
        (n) =>
          n.method === 'notes.added' &&
          (n.params.notes as Array<{ text: string }>).some((x) => x.text === 'Written by the CLI'),
      ),
    );
    const open = await writer.call('notes.list', { open: true });
    expect(open.entries.map((e: { note: { text: string } }) => e.note.text)).toContain(
      'Vocal a touch louder in the chorus',
    );
    expect((await watcher.call('unsubscribe', { subscription })).removed).toBe(true);
    await Promise.all([watcher.close(), writer.close()]);
  });

  it('serializes concurrent writes to the session: none is lost', async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => RpcClient.connect(hub.url)));
    const watcher = clients[0]!;
    await watcher.call('session.subscribe');
    await watcher.call('session.update', { set: { '/ext': {} } });
    await Promise.all(
      clients.flatMap((client, c) =>
        [0, 1, 2, 3, 4].map((k) =>
          client.call('session.update', { set: { [`/ext/client-${c}-${k}`]: { k } } }),
        ),
      ),
    );
    const document = JSON.parse(await readFile(session.file, 'utf8'));
    expect(Object.keys(document.ext)).toHaveLength(20);
    await watcher.waitFor(() => watcher.notifications.find((n) => n.method === 'session.changed'));
    const notes = await watcher.call('notes.list', { text: 'Session edited ext client' });
    expect(notes.entries.length).toBeGreaterThanOrEqual(20);
    await Promise.all(clients.map((c) => c.close()));
  });

  it('drives the DAW: load, markers, capture, diff, apply, with events to subscribers', async () => {
    const panel = await RpcClient.connect(hub.url);
    await panel.call('daw.subscribe');
    const loaded = await panel.call('load');
    expect(loaded.songs).toHaveLength(3);
    const written = await panel.call('markers.write');
    expect(written.written.some((m: { kind: string }) => m.kind === 'cd-track')).toBe(true);
    const v1 = await panel.call('recall.capture', { name: 'v1' });
    expect(v1.snapshot.file).toMatch(/^snapshots\/[0-9A-Z]{26}-v1\.json$/);
    const state = await daw.captureSnapshot();
    await daw.applySnapshot({
      ...state,
      tracks: state.tracks.map((t, i) => (i === 1 ? { ...t, volumeDb: -1.5 } : t)),
    });
    const v2 = await panel.call('recall.capture', { name: 'v2' });
    expect(v2.notesWritten).toBe(1);
    expect(v2.changes[0].text).toContain('−1.5 dB');
    const diff = await panel.call('recall.diff', { from: 'v1', to: 'v2' });
    expect(diff.changes).toHaveLength(1);
    const dry = await panel.call('recall.apply', { snapshot: 'v1', dryRun: true });
    expect(dry).toMatchObject({ applied: false, operations: 1 });
    const applied = await panel.call('recall.apply', { snapshot: 'v1' });
    expect(applied.applied).toBe(true);
    await panel.call('daw.locate', { to: '#2' });
    const moved = await panel.waitFor(() =>
      panel.notifications.find(
        (n) =>
          n.method === 'daw.event' &&
          (n.params.event as { type: string; positionSec?: number }).type === 'transport' &&
          (n.params.event as { positionSec: number }).positionSec > 0,
      ),
    );
    expect(moved).toBeDefined();
    // Every result has the documented shape.
    for (const [method, result] of Object.entries({
      load: loaded,
      'markers.write': written,
      'recall.capture': v2,
      'recall.diff': diff,
      'recall.apply': applied,
    })) {
      const action = hubActions.find((a) => a.method === method)!;
      const validate = schemaValidator(action.result);
      expect(validate(result), `${method}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    await panel.close();
  });

  it('refuses browsers from other sites, and Host names that are not this hub', async () => {
    await expect(
      RpcClient.connect(hub.url, { headers: { Origin: 'http://evil.example' } }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      RpcClient.connect(hub.url, { headers: { Host: 'attacker.example:80' } }),
    ).rejects.toMatchObject({ status: 403 });
    const own = await RpcClient.connect(hub.url, {
      headers: { Origin: `http://localhost:${hub.port}` },
    });
    await own.close();
  });

  it("serves the panel's files with GET only, never outside its folder", async () => {
    const index = await httpGet(hub.httpUrl);
    expect(index.status).toBe(200);
    expect(index.body).toContain('panel');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await httpGet(`${hub.httpUrl}assets/app.js`)).headers['content-type']).toContain(
      'javascript',
    );
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/leak.txt',
      '/%00',
      '/.config',
    ]) {
      expect(await rawGet(hub.port, path), path).toBe(404);
    }
    expect((await httpGet(`${hub.httpUrl}rpc`)).status).toBe(426);
  });
});

describe('the hub beyond loopback', () => {
  it('refuses to bind beyond loopback without a token', async () => {
    const folder = await tempFolder('hub-bind');
    try {
      await expect(
        startHub({
          session: { dir: folder.path, file: join(folder.path, 'session.json') },
          config: { daws: {}, hub: {}, adapterConfigFiles: [], files: [] },
          logger: createMemoryLogger(),
          cwd: folder.path,
          env: process.env,
          host: '0.0.0.0',
          port: 0,
        }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      await folder.remove();
    }
  });

  it('with a token, refuses clients without it', async () => {
    const folder = await tempFolder('hub-token');
    const session = await createTestSession(folder.path, 5);
    const token = 'a-long-enough-test-token-0123456789';
    const hub = await startHub({
      session,
      config: { daws: {}, hub: {}, adapterConfigFiles: [], files: [] },
      logger: createMemoryLogger(),
      cwd: folder.path,
      env: process.env,
      host: '0.0.0.0',
      port: 0,
      token,
    });
    try {
      const address =
        Object.values(networkInterfaces())
          .flat()
          .find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? '127.0.0.1';
      const url = `ws://${address}:${hub.port}/rpc`;
      await expect(RpcClient.connect(url)).rejects.toMatchObject({ status: 401 });
      await expect(
        RpcClient.connect(url, {
          headers: { Authorization: 'Bearer wrong-token-wrong-token-wrong' },
        }),
      ).rejects.toMatchObject({ status: 401 });
      const client = await RpcClient.connect(url, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect((await client.call('hub.info')).session).toBe(session.file);
      await client.close();
      const browser = await RpcClient.connect(`${url}?token=${token}`);
      await browser.close();
    } finally {
      await hub.close();
      await folder.remove();
    }
  });
});
