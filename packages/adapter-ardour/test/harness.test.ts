import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTapeopError, type TapeopError } from '@tapeop/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ArdourInstance,
  processGroupAlive,
  startArdour,
} from '../../../scripts/ardour-harness.js';
import { createArdourAdapter } from '../src/index.js';
import { waitUntil } from './support/wait.js';

const processesIn = (dir: string) =>
  execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir));

async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((ok) => socket.bind(0, '127.0.0.1', () => ok()));
  const { port } = socket.address();
  await new Promise<void>((ok) => socket.close(() => ok()));
  return port;
}

const started: ArdourInstance[] = [];
const folders: string[] = [];
afterAll(async () => {
  for (const instance of started) {
    await instance.stop();
    await rm(instance.dir, { recursive: true, force: true });
  }
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('the Ardour test harness', () => {
  it('starts headless Ardour with OSC on a free port, and stopping it leaves no process', async () => {
    const ardour = await startArdour();
    started.push(ardour);
    expect(ardour.mode).toBe('headless');
    expect(processGroupAlive(ardour.pid)).toBe(true);
    expect(processesIn(ardour.dir).length).toBeGreaterThan(0);
    await ardour.stop();
    expect(processGroupAlive(ardour.pid)).toBe(false);
    expect(processesIn(ardour.dir)).toEqual([]);
  });

  it('stops Ardour when the process that started it is killed', async () => {
    const harness = pathToFileURL(join(import.meta.dirname, '../../../scripts/ardour-harness.ts'));
    const starter = spawn(
      process.execPath,
      [
        '--conditions=@tapeop/source',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startArdour } = await import(${JSON.stringify(harness.href)});
         const a = await startArdour();
         process.stdout.write(JSON.stringify({ pid: a.pid, dir: a.dir }) + '\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    starter.stdout.on('data', (d: Buffer) => {
      output += d;
    });
    await waitUntil(
      () => output.includes('\n') || starter.exitCode !== null,
      'Ardour runs',
      90_000,
    );
    const { pid, dir } = JSON.parse(output) as { pid: number; dir: string };
    folders.push(dir);
    expect(processGroupAlive(pid)).toBe(true);
    starter.kill('SIGKILL'); // no exit handler runs
    await waitUntil(() => !processGroupAlive(pid), "the killed process's Ardour is gone");
    expect(processesIn(dir)).toEqual([]);
  });

  it('reports DAW_UNREACHABLE within the timeout when Ardour is killed under the adapter', async () => {
    const ardour = await startArdour();
    started.push(ardour);
    const adapter = createArdourAdapter({ configDir: ardour.configDir, timeoutMs: 1000 });
    const events: string[] = [];
    adapter.subscribe((e) => {
      if (e.type === 'connection') events.push(e.state);
    });
    await adapter.connect();
    expect((await adapter.transportState()).playing).toBe(false);
    process.kill(-ardour.pid, 'SIGKILL');
    const begin = Date.now();
    const error = await adapter.transportState().then(
      () => undefined,
      (e: unknown) => e,
    );
    const took = Date.now() - begin;
    expect(isTapeopError(error, 'DAW_UNREACHABLE')).toBe(true);
    expect((error as TapeopError).details.timeoutMs).toBe(1000);
    // Not a timing test: only that it gives up at its timeout instead of hanging.
    expect(took).toBeLessThan(1000 * 3);
    // Through the bridge: nobody takes the request within the bridge's pick-up time (at least
    // 2 s), then one OSC question finds Ardour gone.
    const bridgeBegin = Date.now();
    const bridgeError = await adapter.listTracks().then(
      () => undefined,
      (e: unknown) => e,
    );
    const bridgeTook = Date.now() - bridgeBegin;
    expect(isTapeopError(bridgeError, 'DAW_UNREACHABLE'), String(bridgeError)).toBe(true);
    expect((bridgeError as TapeopError).details.timeoutMs).toBe(2000);
    expect(bridgeTook).toBeLessThan((2000 + 1000) * 3);
    await adapter.close();
    await ardour.stop();
    expect(processesIn(ardour.dir)).toEqual([]);
    expect(events[0]).toBe('connected');
  });

  it('reports DAW_UNREACHABLE when no Ardour listens at all', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-none-'));
    folders.push(configDir);
    const adapter = createArdourAdapter({ oscPort: await freePort(), configDir, timeoutMs: 500 });
    const begin = Date.now();
    await expect(adapter.connect()).rejects.toSatisfy(
      (e) =>
        isTapeopError(e, 'DAW_UNREACHABLE') &&
        /within 500 ms/.test(e.message) &&
        /OSC/.test(e.hint ?? ''),
    );
    expect(Date.now() - begin).toBeLessThan(500 * 3);
    await adapter.close();
  });

  it('says BRIDGE_NOT_RUNNING when Ardour answers OSC but no bridge reads the mailbox', async () => {
    const ardour = await startArdour();
    started.push(ardour);
    const elsewhere = await mkdtemp(join(tmpdir(), 'tapeop-ardour-elsewhere-'));
    folders.push(elsewhere);
    const adapter = createArdourAdapter({
      configDir: elsewhere,
      oscPort: ardour.oscPort,
      timeoutMs: 800,
    });
    await adapter.connect();
    expect((await adapter.transportState()).positionSec).toBe(0);
    await expect(adapter.listTracks()).rejects.toSatisfy(
      (e) => isTapeopError(e, 'BRIDGE_NOT_RUNNING') && /tapeop ardour install/.test(e.hint ?? ''),
    );
    await adapter.close();
    await ardour.stop();
  });
});
