import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient } from '../test-support/rpc-client.js';
import { jsonOf, runTapeop, type Server, startTapeop } from '../test-support/run-tapeop.js';
import { createTestSession } from '../test-support/session-fixture.js';
import { tempFolder } from '../test-support/temp-folder.js';

const exampleScript = fileURLToPath(
  new URL('../../../../scripts/examples/add-note-and-list-requests.mjs', import.meta.url),
);

function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// The long-running commands as spawned processes on port 0: the simulator, and the hub
// talking to it; clients are real WebSocket clients and the example automation script.
describe('tapeop sim reaper and tapeop serve, end to end', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  let sim: Server;
  let hub: Server;

  beforeAll(async () => {
    folder = await tempFolder('e2e-servers');
    cwd = folder.path;
    env = { XDG_CONFIG_HOME: join(cwd, '.config') };
    await createTestSession(cwd, 5);
    sim = await startTapeop(['sim', 'reaper', '--http-port', '0', '--osc-port', '0'], { cwd, env });
    hub = await startTapeop(
      [
        'serve',
        'session',
        '--port',
        '0',
        '--daw',
        'reaper',
        '--daw-port',
        String(sim.ready.httpPort),
        '--osc-port',
        String(sim.ready.oscPort),
      ],
      { cwd, env },
    );
  });
  afterAll(async () => {
    await hub?.stop();
    await sim?.stop();
    await folder?.remove();
  });

  it('sim reaper prints where it listens, and answers like REAPER', async () => {
    expect(sim.ready).toMatchObject({ host: '127.0.0.1', bridgeRunning: true });
    const status = jsonOf(
      await runTapeop(
        [
          'daw',
          'status',
          '--daw',
          'reaper-sim',
          '--port',
          String(sim.ready.httpPort),
          '--osc-port',
          String(sim.ready.oscPort),
          '--json',
        ],
        { cwd, env },
      ),
      'daw status',
    );
    expect(status.daw.name).toBe('REAPER');
  });

  it('serve: the hub drives the DAW for its clients', async () => {
    expect(hub.ready.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/rpc$/);
    expect(hub.ready.tokenRequired).toBe(false);
    const client = await RpcClient.connect(hub.ready.url);
    const loaded = await client.call('load');
    expect(loaded.daw.name).toBe('REAPER');
    expect((await client.call('markers.write')).written.length).toBeGreaterThan(3);
    expect((await client.call('recall.capture', { name: 'v1' })).snapshot.name).toBe('v1');
    const other = await RpcClient.connect(hub.ready.url);
    await other.call('daw.subscribe');
    await client.call('daw.locate', { to: 12.5 });
    await other.waitFor(() =>
      other.notifications.find(
        (n) =>
          n.method === 'daw.event' &&
          (n.params.event as { positionSec?: number }).positionSec === 12.5,
      ),
    );
    await Promise.all([client.close(), other.close()]);
  });

  it('the example automation script adds a note and prints the open client requests', async () => {
    const client = await RpcClient.connect(hub.ready.url);
    await client.call('notes.add', {
      text: 'More low end on Overpass',
      kind: 'client-request',
      song: 'overpass',
      requestedBy: 'Sam',
    });
    await client.close();
    const run = await runNode(
      [exampleScript, 'Sent v2 to Sam', '--kind', 'decision', '--url', hub.ready.url],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/added decision [0-9A-Z]{26}: Sent v2 to Sam/);
    expect(run.stdout).toContain('open client requests (1):');
    expect(run.stdout).toContain('More low end on Overpass [overpass] (asked by Sam');
    const json = await runNode([exampleScript, 'Another', '--json', '--url', hub.ready.url], {});
    expect(JSON.parse(json.stdout).openRequests).toHaveLength(1);
    const listed = jsonOf(
      await runTapeop(['notes', 'list', 'session', '--kind', 'decision', '--json'], { cwd, env }),
      'notes list',
    );
    expect(listed.entries.map((e: { note: { text: string } }) => e.note.text)).toContain(
      'Sent v2 to Sam',
    );
    const unreachable = await runNode([exampleScript, 'x', '--url', 'ws://127.0.0.1:1/rpc'], {});
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('is tapeop serve running?');
    expect((await runNode([exampleScript], {})).code).toBe(2);
  });

  it('serve beyond loopback: makes a token, keeps it private, refuses clients without it', async () => {
    const wide = await startTapeop(['serve', 'session', '--host', '0.0.0.0', '--port', '0'], {
      cwd,
      env,
    });
    try {
      expect(wide.ready.tokenRequired).toBe(true);
      const tokenFile = join(cwd, '.config', 'tapeop', 'hub-token');
      expect(wide.ready.tokenFile).toBe(tokenFile);
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      const token = /\n(\S{40,})\n/.exec(wide.stderr())?.[1];
      expect(token).toBeDefined();
      const address =
        Object.values(networkInterfaces())
          .flat()
          .find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? '127.0.0.1';
      const url = `ws://${address}:${wide.ready.port}/rpc`;
      await expect(RpcClient.connect(url)).rejects.toMatchObject({ status: 401 });
      const client = await RpcClient.connect(url, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect((await client.call('hub.info')).session).toContain('session.json');
      await client.close();
    } finally {
      expect(await wide.stop()).toBe(0);
    }
  });

  it('serve with a port taken says what to do', async () => {
    const run = await runTapeop(['serve', 'session', '--port', String(hub.ready.port)], {
      cwd,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--port 0');
  });

  it('stop cleanly on Ctrl-C (exit 0)', async () => {
    const extra = await startTapeop(['sim', 'reaper', '--http-port', '0', '--osc-port', '0'], {
      cwd,
      env,
    });
    expect(await extra.stop()).toBe(0);
  });
});
