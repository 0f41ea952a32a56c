import { access, constants, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createUlid, type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { BRIDGE_ACTION_DESCRIPTION, BRIDGE_COMMAND_ID } from '../bridge/bridge-script.js';
import {
  BRIDGE_PROTOCOL,
  type BridgeAnnouncement,
  type BridgeOperation,
  type BridgeReply,
  INLINE_REQUEST_LIMIT,
  MAILBOX_SECTION,
  mailboxKeys,
  type ReplyMode,
} from '../bridge/protocol.js';
import type { WebInterfaceClient } from './web-interface-client.js';
import { parseExtState, type ReplyLine } from './web-replies.js';

// The client side of the bridge's mailbox: requests written into ExtState over the web
// interface, the reply polled from its own key (so a late reply can never answer another
// request), large bodies through files in the bridge folder or in parts, and a heartbeat.

export const INSTALL_BRIDGE_HINT =
  'Install the bridge with `tapeop reaper install --resource <REAPER resource folder>` ' +
  `(REAPER shows that folder under Options > Show REAPER resource path), then restart REAPER or run the action "${BRIDGE_ACTION_DESCRIPTION}".`;

export interface BridgeClientOptions {
  /** How long one request may take, bridge work included. */
  timeoutMs?: number;
  /** A heartbeat older than this (or not moving for this long) means the bridge is not running. */
  staleMs?: number;
  /** Use files / parts for large bodies; 'auto' uses files when the bridge folder is reachable. */
  transfer?: 'auto' | 'file' | 'parts';
  logger?: Logger;
}

export interface Heartbeat {
  count: number;
  unixTime: number;
}

export function parseHeartbeat(value: string): Heartbeat | undefined {
  const m = /^(\d+) (\d+)$/.exec(value.trim());
  if (!m) return undefined;
  return { count: Number(m[1]), unixTime: Number(m[2]) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const get = (key: string) => `GET/EXTSTATE/${MAILBOX_SECTION}/${encodeURIComponent(key)}`;
const set = (key: string, value: string) =>
  `SET/EXTSTATE/${MAILBOX_SECTION}/${encodeURIComponent(key)}/${encodeURIComponent(value)}`;

/** Splits text into pieces whose URL-encoded form stays under `limit` (never inside a character). */
export function splitForUrl(text: string, limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of text) {
    const n = encodeURIComponent(ch).length;
    if (size + n > limit && current !== '') {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  if (current !== '') parts.push(current);
  return parts;
}

export class BridgeClient {
  private readonly timeoutMs: number;
  private readonly staleMs: number;
  private readonly logger: Logger;
  private mode: ReplyMode = 'parts';
  announcement: BridgeAnnouncement | undefined;
  /** Bridge requests sent, for benchmarks. */
  requests = 0;
  /** Milliseconds the bridge spent inside REAPER on its requests (from its replies). */
  bridgeMs = 0;

  constructor(
    private readonly web: WebInterfaceClient,
    private readonly options: BridgeClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.staleMs = options.staleMs ?? 3000;
    this.logger = options.logger ?? noopLogger;
  }

  get replyMode(): ReplyMode {
    return this.mode;
  }

  private ext(lines: ReplyLine[], index: number): string {
    return parseExtState(lines[index]).value;
  }

  /** Reads the heartbeat and the bridge's announcement. */
  async readState(): Promise<{ heartbeat?: Heartbeat; announcement?: BridgeAnnouncement }> {
    const lines = await this.web.run([get(mailboxKeys.alive), get(mailboxKeys.bridge)]);
    const heartbeat = parseHeartbeat(this.ext(lines, 0));
    let announcement: BridgeAnnouncement | undefined;
    const text = this.ext(lines, 1);
    if (text) {
      try {
        announcement = JSON.parse(text) as BridgeAnnouncement;
      } catch {
        announcement = undefined;
      }
    }
    return { ...(heartbeat ? { heartbeat } : {}), ...(announcement ? { announcement } : {}) };
  }

  /** Whether the bridge runs: a recent heartbeat, or one that moves (when the clocks differ). */
  async isAlive(): Promise<boolean> {
    const first = await this.readState();
    if (!first.heartbeat) return false;
    const age = Date.now() / 1000 - first.heartbeat.unixTime;
    if (Math.abs(age) * 1000 <= this.staleMs) {
      this.announcement = first.announcement;
      return true;
    }
    // Old, or the two machines' clocks disagree: alive only if the count moves.
    await sleep(Math.min(this.staleMs, 1000));
    const second = await this.readState();
    this.announcement = second.announcement;
    return !!second.heartbeat && second.heartbeat.count !== first.heartbeat.count;
  }

  /**
   * Makes sure the bridge runs; when it does not, asks REAPER to start it (the _TAPEOP_BRIDGE
   * action) and waits for its heartbeat. Throws BRIDGE_NOT_RUNNING with the install command.
   */
  async ensureRunning(
    options: { start?: boolean; waitMs?: number } = {},
  ): Promise<BridgeAnnouncement> {
    if (!(await this.isAlive())) {
      if (options.start !== false) {
        this.logger.info(`the bridge is not running; asking REAPER to start ${BRIDGE_COMMAND_ID}`);
        await this.web.run([BRIDGE_COMMAND_ID], { idempotent: false });
        const until = Date.now() + (options.waitMs ?? 2000);
        let alive = false;
        while (!alive && Date.now() < until) {
          await sleep(100);
          const state = await this.readState();
          alive =
            !!state.heartbeat &&
            Math.abs(Date.now() / 1000 - state.heartbeat.unixTime) * 1000 <= this.staleMs;
          if (alive) this.announcement = state.announcement;
        }
        if (!alive) alive = await this.isAlive();
        if (!alive) throw this.notRunning('it did not start when asked (is it installed?)');
      } else {
        throw this.notRunning('its heartbeat is missing or stale');
      }
    }
    const announcement = this.announcement;
    if (!announcement || typeof announcement.protocol !== 'number') {
      throw this.notRunning('it does not announce itself');
    }
    if (announcement.protocol !== BRIDGE_PROTOCOL) {
      throw new TapeopError(
        'DAW_REJECTED',
        `the bridge in REAPER speaks protocol ${announcement.protocol}, this tapeop speaks ${BRIDGE_PROTOCOL}`,
        {
          details: { announcement },
          hint: `Reinstall the bridge from this tapeop: ${INSTALL_BRIDGE_HINT}`,
        },
      );
    }
    this.mode = await this.chooseMode(announcement.folder);
    return announcement;
  }

  private notRunning(why: string): TapeopError {
    return new TapeopError(
      'BRIDGE_NOT_RUNNING',
      `REAPER's web interface at ${this.web.address} answers, but tapeop's bridge script is not running: ${why}`,
      {
        details: { host: this.web.host, port: this.web.port },
        hint: INSTALL_BRIDGE_HINT,
      },
    );
  }

  private async chooseMode(folder: string | undefined): Promise<ReplyMode> {
    const wanted = this.options.transfer ?? 'auto';
    if (wanted === 'parts') return 'parts';
    if (folder) {
      try {
        if ((await stat(folder)).isDirectory()) {
          await access(folder, constants.R_OK | constants.W_OK);
          return 'file';
        }
      } catch {
        // not on this machine, or not ours to write: the mailbox carries everything in parts
      }
    }
    if (wanted === 'file') {
      throw new TapeopError(
        'DAW_UNREACHABLE',
        `the bridge folder ${folder ?? '(none)'} is not reachable from here`,
        {
          hint: 'Run tapeop on the machine REAPER runs on, or use transfer "parts".',
        },
      );
    }
    return 'parts';
  }

  /** Sends one request and waits for its reply; returns the result or throws DAW_REJECTED. */
  async request<T>(
    op: BridgeOperation,
    args: Record<string, unknown> = {},
    options: { timeoutMs?: number } = {},
  ): Promise<T> {
    const id = createUlid();
    const body = JSON.stringify({ v: BRIDGE_PROTOCOL, id, op, args, reply: this.mode });
    this.requests++;
    await this.post(id, body);
    const reply = await this.awaitReply(id, op, options.timeoutMs ?? this.timeoutMs);
    if (reply.ok) {
      if (typeof reply.ms === 'number') this.bridgeMs += reply.ms;
      return reply.result as T;
    }
    const { code, message, details, trace } = reply.error;
    throw new TapeopError('DAW_REJECTED', `REAPER's bridge refused ${op}: ${message}`, {
      details: {
        op,
        bridgeCode: code,
        ...(details ? { bridgeDetails: details } : {}),
        ...(trace ? { trace } : {}),
      },
      hint: hintFor(code),
    });
  }

  private async post(id: string, body: string): Promise<void> {
    const encoded = encodeURIComponent(body);
    if (encoded.length <= INLINE_REQUEST_LIMIT) {
      await this.web.run([set(mailboxKeys.request(id), body), set(mailboxKeys.head, id)]);
      return;
    }
    if (this.mode === 'file' && this.announcement?.folder) {
      const name = mailboxKeys.requestFile(id);
      const path = join(this.announcement.folder, name);
      await writeFile(`${path}.tmp`, body, 'utf8');
      await rename(`${path}.tmp`, path);
      const envelope = JSON.stringify({ v: BRIDGE_PROTOCOL, id, file: path, reply: this.mode });
      await this.web.run([set(mailboxKeys.request(id), envelope), set(mailboxKeys.head, id)]);
      return;
    }
    const parts = splitForUrl(body, INLINE_REQUEST_LIMIT - 200);
    for (let k = 0; k < parts.length; k++) {
      await this.web.run([set(mailboxKeys.requestPart(id, k + 1), parts[k]!)]);
    }
    const envelope = JSON.stringify({
      v: BRIDGE_PROTOCOL,
      id,
      parts: parts.length,
      reply: this.mode,
    });
    await this.web.run([set(mailboxKeys.request(id), envelope), set(mailboxKeys.head, id)]);
  }

  private async awaitReply(
    id: string,
    op: BridgeOperation,
    timeoutMs: number,
  ): Promise<Extract<BridgeReply, { ok: boolean }>> {
    const started = Date.now();
    let wait = 8;
    let polls = 0;
    let lastCount: number | undefined;
    let lastMove = Date.now();
    for (;;) {
      await sleep(wait);
      // Never much longer than a defer tick (33 ms): a finished reply is noticed within one.
      wait = Math.min(40, Math.round(wait * 1.5));
      polls++;
      const check = polls % 4 === 0;
      const lines = await this.web.run(
        check
          ? [
              get(mailboxKeys.reply(id)),
              get(mailboxKeys.request(id)),
              get(mailboxKeys.head),
              get(mailboxKeys.alive),
            ]
          : [get(mailboxKeys.reply(id))],
      );
      const value = this.ext(lines, 0);
      if (value !== '') {
        const reply = await this.readReply(id, op, value);
        if (reply) return reply;
      }
      if (check) {
        const pending = this.ext(lines, 1) !== '';
        const head = this.ext(lines, 2);
        const beat = parseHeartbeat(this.ext(lines, 3));
        // Another client rang the doorbell in the same tick: ring again for this request.
        if (pending && head !== id) await this.web.run([set(mailboxKeys.head, id)]);
        if (beat && beat.count !== lastCount) {
          lastCount = beat.count;
          lastMove = Date.now();
        } else if (!beat || Date.now() - lastMove > Math.max(this.staleMs, 1500)) {
          throw new TapeopError(
            'BRIDGE_NOT_RUNNING',
            `tapeop's bridge in REAPER stopped while ${op} was waiting (its heartbeat ${beat ? 'stopped moving' : 'is gone'})`,
            {
              details: { op, id },
              hint: `If REAPER shows a script error, report it; then restart the bridge. ${INSTALL_BRIDGE_HINT}`,
            },
          );
        }
      }
      if (Date.now() - started > timeoutMs) {
        throw new TapeopError(
          'TIMEOUT',
          `REAPER's bridge did not answer ${op} within ${Math.round(timeoutMs / 1000)} s`,
          {
            details: { op, id, timeoutMs },
            hint: 'The bridge is alive but busy or blocked: is a dialog open in REAPER? Close it and try again.',
          },
        );
      }
    }
  }

  /** Reads a reply (inline, from a file or in parts); undefined when it is not this request's. */
  private async readReply(
    id: string,
    op: BridgeOperation,
    value: string,
  ): Promise<Extract<BridgeReply, { ok: boolean }> | undefined> {
    const parse = (text: string, where: string) => {
      try {
        return JSON.parse(text) as BridgeReply & { file?: string; parts?: number };
      } catch (error) {
        throw new TapeopError(
          'PARSE_ERROR',
          `the bridge's reply to ${op} (${where}) is not JSON: ${(error as Error).message}`,
          {
            details: { op, id, text: text.slice(0, 300) },
            hint: 'Reinstall the bridge so that tapeop and the bridge are the same version.',
          },
        );
      }
    };
    let reply = parse(value, `res.${id}`);
    if (reply.id !== id) {
      // Never let one request's reply answer another.
      this.logger.warn(`ignored a reply for request ${String(reply.id)} in the mailbox of ${id}`);
      return undefined;
    }
    if (typeof reply.file === 'string') {
      const text = await readFile(reply.file, 'utf8').catch((error: unknown) => {
        throw new TapeopError(
          'IO_ERROR',
          `cannot read the bridge's reply file ${reply.file}: ${(error as Error).message}`,
          { cause: error },
        );
      });
      await rm(reply.file, { force: true });
      reply = parse(text, reply.file);
    } else if (typeof reply.parts === 'number') {
      const parts: string[] = [];
      for (let k = 1; k <= reply.parts; k += 8) {
        const keys = Array.from({ length: Math.min(8, reply.parts - k + 1) }, (_, j) =>
          get(mailboxKeys.replyPart(id, k + j)),
        );
        const lines = await this.web.run(keys);
        for (let j = 0; j < keys.length; j++) parts.push(this.ext(lines, j));
      }
      reply = parse(parts.join(''), `${reply.parts} parts`);
    }
    if (reply.id !== id) {
      this.logger.warn(
        `ignored a reply body for request ${String(reply.id)} in the mailbox of ${id}`,
      );
      return undefined;
    }
    if (typeof reply.ok !== 'boolean') {
      throw new TapeopError('PARSE_ERROR', `the bridge's reply to ${op} has no "ok"`, {
        details: { op, id },
      });
    }
    return reply;
  }
}

function hintFor(code: string): string | undefined {
  switch (code) {
    case 'FILE_NOT_FOUND':
      return 'REAPER opens mix files at the paths tapeop gives: check that the file exists and that the path is valid on the machine REAPER runs on.';
    case 'UNKNOWN_OP':
    case 'BAD_REQUEST':
      return `The bridge and tapeop are different versions. ${INSTALL_BRIDGE_HINT}`;
    case 'NOT_SAVED':
      return 'Save the project once in REAPER (File > Save project as), then try again.';
    case 'INTERNAL':
      return 'This is a bug in the bridge; the details hold its Lua traceback. Please report it.';
    default:
      return undefined;
  }
}
