import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Logger,
  noopLogger,
  oneAtATime,
  TapeopError,
  type TapeopErrorCode,
} from '@tapeop/core';
import type { ArdourOsc } from '../osc/ardour-osc.js';
import { numberArg, stringArg } from '../osc/osc-codec.js';

/** The bridge's mailbox inside an Ardour user config folder (see tapeop-bridge.lua). */
export const mailboxDir = (configDir: string) => join(configDir, 'tapeop', 'mailbox');

export interface BridgeClientOptions {
  osc: ArdourOsc;
  /** Ardour's user config folder, where the mailbox is. */
  configDir: string;
  /**
   * The Lua action slot the bridge is bound to in the GUI (from the installer). Each request is
   * followed by OSC /access_action "LuaAction/script-<slot>"; headless Ardour polls instead.
   */
  actionSlot?: number;
  /**
   * How long the bridge may take to pick a request up, and how often Ardour is asked whether it
   * still answers while it works on one: within about this time plus one OSC question, a
   * stopped Ardour is reported (DAW_UNREACHABLE) and a missing bridge too (BRIDGE_NOT_RUNNING).
   */
  timeoutMs?: number;
  /**
   * How long an operation the bridge has picked up may take while Ardour keeps answering (then
   * TIMEOUT): a busy Ardour (many tracks, an import, a loaded machine) is slow, not gone.
   */
  workTimeoutMs?: number;
  logger?: Logger;
}

export interface BridgeErrorBody {
  code: string;
  message: string;
}

const codeFor = (bridgeCode: string): TapeopErrorCode => {
  switch (bridgeCode) {
    case 'INVALID_ARGUMENT':
    case 'UNSUPPORTED':
    case 'FILE_NOT_FOUND':
      return bridgeCode;
    default:
      return 'DAW_REJECTED';
  }
};

/**
 * Operations during which Ardour's OSC surface is down: reloading closes the session and its
 * control surfaces. Ardour is not asked anything over OSC meanwhile, because a question that
 * arrives while the session loads makes Ardour 7.3 answer this host on port 8000 from then on.
 */
const SURFACE_DOWN = new Set(['session.reload']);

// The bridge takes one request at a time; calls from this process wait for each other, so a
// request's time to be picked up never includes another request's work.
const oneAtATimePerMailbox = oneAtATime();

/**
 * Calls the operations of the Lua bridge inside Ardour: the request goes into the mailbox as
 * a file (linked into place, so the bridge never reads half a request and two clients never
 * overwrite each other's), the answer comes back over OSC in numbered pieces.
 */
export class BridgeClient {
  readonly configDir: string;
  readonly timeoutMs: number;
  readonly workTimeoutMs: number;
  actionSlot: number | undefined;
  #osc: ArdourOsc;
  #logger: Logger;

  constructor(options: BridgeClientOptions) {
    this.#osc = options.osc;
    this.configDir = options.configDir;
    this.actionSlot = options.actionSlot;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.workTimeoutMs = Math.max(options.workTimeoutMs ?? 120_000, this.timeoutMs);
    this.#logger = (options.logger ?? noopLogger).child('bridge');
  }

  call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    return oneAtATimePerMailbox(mailboxDir(this.configDir), () => this.#call<T>(op, args));
  }

  async #call<T>(op: string, args: Record<string, unknown>): Promise<T> {
    const id = randomBytes(8).toString('hex');
    const mailbox = mailboxDir(this.configDir);
    const request = join(mailbox, 'request.json');
    const pending = join(mailbox, `request-${id}.tmp`);
    // The bridge also leaves its answer here: UDP may drop the OSC answer on a busy machine.
    const answerFile = join(mailbox, `answer-${id}.json`);
    await mkdir(mailbox, { recursive: true });
    await writeFile(
      pending,
      JSON.stringify({ v: 1, id, op, args, replyPort: this.#osc.socket.localPort }),
      'utf8',
    );
    // Listening before the request is in place: the answer can come at once.
    const answer = this.#collect(id);
    let nudge: NodeJS.Timeout | undefined;
    const started = Date.now();
    let text: string | undefined;
    try {
      await this.#link(op, pending, request, started);
      // In the GUI the bridge runs when its action is triggered; a trigger lost on the way
      // (UDP) is sent again while the request is still waiting in the mailbox.
      if (this.actionSlot !== undefined) {
        const action = `LuaAction/script-${this.actionSlot}`;
        this.#osc.accessAction(action);
        nudge = setInterval(() => {
          this.#waiting(request, id).then(
            (waiting) => waiting && this.#osc.accessAction(action),
            () => undefined,
          );
        }, 1000);
      }
      text = await answer.wait(this.timeoutMs);
      if (text === undefined && (await this.#waiting(request, id))) {
        // Nobody took it: the bridge does not run, or Ardour itself is gone.
        await rm(request, { force: true });
        throw (await this.#osc.alive()) ? this.#notRunning(op) : this.#gone(op);
      }
      // Picked up: wait while Ardour works on it and still answers.
      const deadline = started + this.workTimeoutMs;
      const askOsc = !SURFACE_DOWN.has(op);
      while (text === undefined) {
        text = await readFile(answerFile, 'utf8').catch(() => undefined);
        if (text !== undefined) {
          this.#logger.warn('the OSC answer was lost; read it from the mailbox', { op });
          break;
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          if (!(await this.#osc.alive())) throw this.#gone(op);
          throw new TapeopError(
            'TIMEOUT',
            `the Ardour bridge took the request ${op} but did not answer within ${this.workTimeoutMs} ms`,
            {
              details: { op, workTimeoutMs: this.workTimeoutMs },
              hint: 'Ardour still answers over OSC: the operation may be stuck in Ardour (see its log), or this machine is too busy; raise workTimeoutMs for large sessions.',
            },
          );
        }
        if (askOsc && !(await this.#osc.alive())) throw this.#gone(op);
        text = await answer.wait(Math.min(this.timeoutMs, left));
      }
    } finally {
      clearInterval(nudge);
      answer.stop();
      await unlink(pending).catch(() => undefined);
      await rm(answerFile, { force: true });
    }
    let body: { ok: boolean; result?: T; error?: BridgeErrorBody };
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new TapeopError(
        'DAW_REJECTED',
        `the Ardour bridge sent an answer to ${op} that is not JSON`,
        {
          cause: error,
        },
      );
    }
    if (!body.ok) {
      const code = body.error?.code ?? 'INTERNAL';
      throw new TapeopError(
        codeFor(code),
        `Ardour bridge, ${op}: ${body.error?.message ?? 'failed'}`,
        {
          details: { op, bridgeCode: code },
        },
      );
    }
    this.#logger.debug('bridge answered', { op, ms: Date.now() - started });
    return body.result as T;
  }

  /** Puts the request in place; link() fails while another one waits (the bridge takes one at a time). */
  async #link(op: string, pending: string, request: string, started: number): Promise<void> {
    for (;;) {
      try {
        await link(pending, request);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (Date.now() - started > this.timeoutMs) {
          await this.#removeStale(request);
          throw this.#notRunning(op);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  /** Whether our request still waits in the mailbox (the bridge deletes it when it takes it). */
  #waiting(request: string, id: string): Promise<boolean> {
    return readFile(request, 'utf8').then(
      (t) => t.includes(`"id":"${id}"`),
      () => false,
    );
  }

  /** Gathers the numbered pieces of one answer; `stop()` when no longer waiting. */
  #collect(id: string) {
    const parts: string[] = [];
    let received = 0;
    let text: string | undefined;
    let wake: (() => void) | undefined;
    const stop = this.#osc.socket.on((message) => {
      if (message.address !== '/tapeop/reply' || stringArg(message, 0) !== id) return;
      const seq = numberArg(message, 1);
      const total = numberArg(message, 2);
      const chunk = stringArg(message, 3);
      if (seq === undefined || total === undefined || chunk === undefined || seq < 1 || seq > total)
        return;
      if (parts[seq - 1] === undefined) received++;
      parts[seq - 1] = chunk;
      if (received === total) {
        text = parts.join('');
        stop();
        wake?.();
      }
    });
    /** The answer, or undefined when it has not come within `ms`. */
    const wait = (ms: number) =>
      new Promise<string | undefined>((resolve) => {
        if (text !== undefined) return resolve(text);
        const timer = setTimeout(() => {
          wake = undefined;
          resolve(undefined);
        }, ms);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve(text);
        };
      });
    return { wait, stop };
  }

  async #removeStale(request: string) {
    // A request nobody took for twice the timeout belongs to a bridge that is not running.
    const info = await stat(request).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 2 * this.timeoutMs) await rm(request, { force: true });
  }

  #gone(op: string): TapeopError {
    return new TapeopError(
      'DAW_UNREACHABLE',
      `Ardour does not answer any more (bridge operation ${op})`,
      {
        details: { op, host: this.#osc.host, port: this.#osc.port, timeoutMs: this.timeoutMs },
        hint: 'Ardour was closed or crashed: start it again with the session, then reconnect.',
      },
    );
  }

  #notRunning(op: string): TapeopError {
    return new TapeopError(
      'BRIDGE_NOT_RUNNING',
      `the tapeop bridge in Ardour did not pick up the request ${op} within ${this.timeoutMs} ms`,
      {
        details: { op, mailbox: mailboxDir(this.configDir), actionSlot: this.actionSlot },
        hint:
          this.actionSlot === undefined
            ? 'Install the bridge (tapeop ardour install) and restart Ardour, or run Ardour headless with tapeop-serve.lua; check that the adapter uses the same Ardour config folder as Ardour.'
            : `Check that Ardour's Lua action ${this.actionSlot} is still the tapeop bridge (Edit > Lua Scripts > Script Manager); reinstall with tapeop ardour install.`,
      },
    );
  }
}
