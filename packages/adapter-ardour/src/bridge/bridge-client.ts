import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Logger, noopLogger, TapeopError, type TapeopErrorCode } from '@tapeop/core';
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
  timeoutMs?: number;
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
 * Calls the operations of the Lua bridge inside Ardour: the request goes into the mailbox as
 * a file (linked into place, so the bridge never reads half a request and two clients never
 * overwrite each other's), the answer comes back over OSC in numbered pieces.
 */
export class BridgeClient {
  readonly configDir: string;
  readonly timeoutMs: number;
  actionSlot: number | undefined;
  #osc: ArdourOsc;
  #logger: Logger;

  constructor(options: BridgeClientOptions) {
    this.#osc = options.osc;
    this.configDir = options.configDir;
    this.actionSlot = options.actionSlot;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.#logger = (options.logger ?? noopLogger).child('bridge');
  }

  async call<T>(
    op: string,
    args: Record<string, unknown> = {},
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const id = randomBytes(8).toString('hex');
    const mailbox = mailboxDir(this.configDir);
    const request = join(mailbox, 'request.json');
    const pending = join(mailbox, `request-${id}.tmp`);
    await mkdir(mailbox, { recursive: true });
    await writeFile(
      pending,
      JSON.stringify({ v: 1, id, op, args, replyPort: this.#osc.socket.localPort }),
      'utf8',
    );

    const answer = this.#collect(id, timeoutMs);
    const started = Date.now();
    try {
      // link() fails when a request is already waiting: the bridge takes one at a time.
      for (;;) {
        try {
          await link(pending, request);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          if (Date.now() - started > timeoutMs) {
            await this.#removeStale(request, timeoutMs);
            throw this.#notRunning(op, timeoutMs);
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    } finally {
      await unlink(pending).catch(() => undefined);
    }
    // In the GUI the bridge runs when its action is triggered; a trigger lost on the way (UDP)
    // is sent again while the request is still waiting in the mailbox.
    let nudge: NodeJS.Timeout | undefined;
    if (this.actionSlot !== undefined) {
      const action = `LuaAction/script-${this.actionSlot}`;
      this.#osc.accessAction(action);
      nudge = setInterval(() => {
        readFile(request, 'utf8').then(
          (t) => {
            if (t.includes(`"id":"${id}"`)) this.#osc.accessAction(action);
          },
          () => undefined,
        );
      }, 1000);
    }
    const text = await answer.promise.finally(() => clearInterval(nudge));
    if (text === undefined) {
      const stillWaiting = await readFile(request, 'utf8').then(
        (t) => t.includes(`"id":"${id}"`),
        () => false,
      );
      const alive = await this.#osc.alive();
      if (stillWaiting) {
        await rm(request, { force: true });
        if (!alive) throw this.#gone(op);
        throw this.#notRunning(op, timeoutMs);
      }
      if (!alive) throw this.#gone(op);
      throw new TapeopError(
        'TIMEOUT',
        `the Ardour bridge took the request ${op} but did not answer within ${timeoutMs} ms`,
        {
          details: { op, timeoutMs },
        },
      );
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

  #collect(id: string, timeoutMs: number) {
    const parts: string[] = [];
    let received = 0;
    let resolve!: (text: string | undefined) => void;
    const promise = new Promise<string | undefined>((r) => {
      resolve = r;
    });
    const timer = setTimeout(() => {
      off();
      resolve(undefined);
    }, timeoutMs);
    const off = this.#osc.socket.on((message) => {
      if (message.address !== '/tapeop/reply' || stringArg(message, 0) !== id) return;
      const seq = numberArg(message, 1);
      const total = numberArg(message, 2);
      const chunk = stringArg(message, 3);
      if (seq === undefined || total === undefined || chunk === undefined || seq < 1 || seq > total)
        return;
      if (parts[seq - 1] === undefined) received++;
      parts[seq - 1] = chunk;
      if (received === total) {
        clearTimeout(timer);
        off();
        resolve(parts.join(''));
      }
    });
    return { promise };
  }

  async #removeStale(request: string, timeoutMs: number) {
    // A request nobody took for twice the timeout belongs to a bridge that is not running.
    const info = await stat(request).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 2 * timeoutMs) await rm(request, { force: true });
  }

  #gone(op: string): TapeopError {
    return new TapeopError(
      'DAW_UNREACHABLE',
      `Ardour does not answer any more (bridge operation ${op})`,
      {
        details: { op, host: this.#osc.host, port: this.#osc.port },
        hint: 'Ardour was closed or crashed: start it again with the session, then reconnect.',
      },
    );
  }

  #notRunning(op: string, timeoutMs: number): TapeopError {
    return new TapeopError(
      'BRIDGE_NOT_RUNNING',
      `the tapeop bridge in Ardour did not pick up the request ${op} within ${timeoutMs} ms`,
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
