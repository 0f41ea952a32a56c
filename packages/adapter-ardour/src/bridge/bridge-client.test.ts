import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTapeopError, type TapeopError } from '@tapeop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ArdourOsc } from '../osc/ardour-osc.js';
import { decodeOsc, encodeOsc, int, str } from '../osc/osc-codec.js';
import { BridgeClient, mailboxDir } from './bridge-client.js';

// The client's side of the bridge protocol against a stand-in for Ardour that follows it: a UDP
// peer answering /transport_frame as Ardour's OSC surface does, and a mailbox reader that takes
// requests and answers in numbered /tapeop/reply pieces as tapeop-bridge.lua does. Ardour itself
// can be made slow, silent or absent here at will; test/ runs the same client against the real one.

interface Request {
  id: string;
  op: string;
  replyPort: number;
}

interface FakeArdour {
  osc: ArdourOsc;
  configDir: string;
  /** Whether the OSC surface answers (false: Ardour is gone, or its surface is down). */
  answering: boolean;
  /** Whether the bridge takes requests from the mailbox. */
  bridgeRunning: boolean;
  /** How the bridge works on a request it took: answer with `reply`, or never. */
  work: (request: Request, reply: (result: unknown) => void) => void;
  /** OSC questions Ardour received, by address. */
  heard: string[];
  /** Whether the OSC answers get lost on the way (UDP on a busy machine). */
  dropAnswers: boolean;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function fakeArdour(): Promise<FakeArdour> {
  const configDir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-bridge-client-'));
  const surface: Socket = createSocket('udp4');
  await new Promise<void>((ok) => surface.bind(0, '127.0.0.1', () => ok()));
  const fake: FakeArdour = {
    osc: new ArdourOsc({ port: surface.address().port, timeoutMs: 300 }),
    configDir,
    answering: true,
    bridgeRunning: true,
    work: (_request, reply) => reply({ done: true }),
    heard: [],
    dropAnswers: false,
  };
  surface.on('message', (data, from) => {
    for (const message of decodeOsc(data)) {
      fake.heard.push(message.address);
      if (fake.answering && message.address === '/transport_frame')
        surface.send(encodeOsc('/transport_frame', [int(0)]), from.port, from.address);
    }
  });
  // Leaves the answer in the mailbox (written, then renamed), then sends it in two pieces, the
  // second first: the client puts them in order.
  const answer = async (request: Request, result: unknown) => {
    const text = JSON.stringify({ ok: true, result });
    const file = join(mailboxDir(configDir), `answer-${request.id}`);
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, `${file}.json`);
    if (fake.dropAnswers) return;
    const half = Math.floor(text.length / 2);
    const pieces = [text.slice(0, half), text.slice(half)];
    for (const seq of [2, 1])
      surface.send(
        encodeOsc('/tapeop/reply', [str(request.id), int(seq), int(2), str(pieces[seq - 1]!)]),
        request.replyPort,
        '127.0.0.1',
      );
  };
  // Like the Lua bridge, it works on one request at a time and takes the next when it answered.
  const file = join(mailboxDir(configDir), 'request.json');
  let busy = false;
  const poll = setInterval(async () => {
    if (!fake.bridgeRunning || busy) return;
    busy = true;
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) {
      busy = false;
      return;
    }
    await rm(file, { force: true });
    const request = JSON.parse(text) as Request;
    fake.work(request, (result) => {
      answer(request, result).then(() => {
        busy = false;
      });
    });
  }, 10);
  await fake.osc.socket.open();
  open.push(async () => {
    clearInterval(poll);
    await fake.osc.close();
    await new Promise<void>((ok) => surface.close(() => ok()));
    await rm(configDir, { recursive: true, force: true });
  });
  return fake;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as TapeopError,
  );

describe('BridgeClient', () => {
  it('waits for an operation that outlasts the pick-up time while Ardour keeps answering', async () => {
    const ardour = await fakeArdour();
    ardour.work = (_request, reply) => setTimeout(() => reply({ tracks: 3 }), 1800);
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 600,
    });
    await expect(bridge.call('tracks.ensure')).resolves.toEqual({ tracks: 3 });
    // It asked Ardour whether it still answers while it waited.
    expect(ardour.heard.filter((a) => a === '/transport_frame').length).toBeGreaterThan(0);
    expect(ardour.osc.socket.listenerCount).toBe(0);
    expect(await readdir(mailboxDir(ardour.configDir))).toEqual([]);
  });

  it('reads the answer from the mailbox when its OSC datagrams were lost', async () => {
    const ardour = await fakeArdour();
    ardour.dropAnswers = true;
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 400,
    });
    await expect(bridge.call('tracks.ensure')).resolves.toEqual({ done: true });
    expect(await readdir(mailboxDir(ardour.configDir))).toEqual([]);
    expect(ardour.osc.socket.listenerCount).toBe(0);
  });

  it('says TIMEOUT when the bridge took a request and never answers while Ardour does', async () => {
    const ardour = await fakeArdour();
    ardour.work = () => undefined;
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 400,
      workTimeoutMs: 1500,
    });
    const error = await failure(bridge.call('mixer.state'));
    expect(isTapeopError(error, 'TIMEOUT'), String(error)).toBe(true);
    expect(error?.details).toMatchObject({ op: 'mixer.state', workTimeoutMs: 1500 });
    expect(ardour.osc.socket.listenerCount).toBe(0);
  });

  it('says DAW_UNREACHABLE, not TIMEOUT, when Ardour stops answering during the work', async () => {
    const ardour = await fakeArdour();
    ardour.work = () => {
      ardour.answering = false;
    };
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 400,
      // Far beyond the test's own timeout: it must give up long before this.
      workTimeoutMs: 600_000,
    });
    const error = await failure(bridge.call('regions.place'));
    expect(isTapeopError(error, 'DAW_UNREACHABLE'), String(error)).toBe(true);
    expect(error?.details).toMatchObject({ op: 'regions.place', timeoutMs: 400 });
    expect(ardour.osc.socket.listenerCount).toBe(0);
  });

  it('says BRIDGE_NOT_RUNNING when Ardour answers but nobody takes the request, and takes it back', async () => {
    const ardour = await fakeArdour();
    ardour.bridgeRunning = false;
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 400,
    });
    const error = await failure(bridge.call('describe'));
    expect(isTapeopError(error, 'BRIDGE_NOT_RUNNING'), String(error)).toBe(true);
    expect(await readdir(mailboxDir(ardour.configDir))).toEqual([]);
    expect(ardour.osc.socket.listenerCount).toBe(0);
  });

  it('says DAW_UNREACHABLE when nobody takes the request and Ardour does not answer', async () => {
    const ardour = await fakeArdour();
    ardour.bridgeRunning = false;
    ardour.answering = false;
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 400,
    });
    const error = await failure(bridge.call('describe'));
    expect(isTapeopError(error, 'DAW_UNREACHABLE'), String(error)).toBe(true);
    expect(await readdir(mailboxDir(ardour.configDir))).toEqual([]);
  });

  it('asks Ardour nothing over OSC while the session reloads (its surface is down then)', async () => {
    const ardour = await fakeArdour();
    ardour.work = (_request, reply) => {
      ardour.answering = false;
      setTimeout(() => {
        ardour.answering = true;
        reply({ reloaded: true });
      }, 1500);
    };
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 400,
    });
    await expect(bridge.call('session.reload')).resolves.toEqual({ reloaded: true });
    expect(ardour.heard).toEqual([]);
  });

  it('sends calls made at the same time one after the other, each with its own pick-up time', async () => {
    const ardour = await fakeArdour();
    ardour.work = (request, reply) =>
      setTimeout(() => reply(request.op), request.op === 'tracks.ensure' ? 1500 : 0);
    const bridge = new BridgeClient({
      osc: ardour.osc,
      configDir: ardour.configDir,
      timeoutMs: 400,
    });
    const both = await Promise.all([bridge.call('tracks.ensure'), bridge.call('tracks.list')]);
    expect(both).toEqual(['tracks.ensure', 'tracks.list']);
    expect(ardour.osc.socket.listenerCount).toBe(0);
  });
});
