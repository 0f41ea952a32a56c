import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import OSC from 'osc-js';

// OSC over UDP to REAPER's control surface (tapeop.ReaperOSC patterns), for live control and
// feedback. Every argument goes out with an explicit OSC type (osc-js TypedMessage): REAPER
// reads a float where a float is meant, never an integer by accident.

export type OscArg =
  | { type: 'f'; value: number }
  | { type: 'i'; value: number }
  | { type: 's'; value: string };
export type OscValue = number | string;

export interface ReaperOscOptions {
  /** Where REAPER's OSC surface listens. */
  host: string;
  port: number;
  /** The local port REAPER sends feedback to (its "device port"); 0 takes a free one. */
  listenPort?: number;
  listenHost?: string;
  /** Tracks per bank on the surface (DEVICE_TRACK_COUNT; 64 in tapeop.ReaperOSC). */
  trackBankSize?: number;
  /**
   * Which feedback addresses to decode; others are skipped unread (a recall makes REAPER send a
   * message per parameter, thousands of them). All by default.
   */
  accept?: (address: string) => boolean;
  logger?: Logger;
}

export const f = (value: number): OscArg => ({ type: 'f', value });
export const i = (value: number): OscArg => ({ type: 'i', value: Math.trunc(value) });
export const s = (value: string): OscArg => ({ type: 's', value });

export interface OscFeedback {
  address: string;
  args: OscValue[];
}

/** Emits 'message' (OscFeedback) for everything REAPER sends. */
export class ReaperOscClient extends EventEmitter {
  private socket: Socket | undefined;
  private bank = 0;
  readonly bankSize: number;
  private readonly logger: Logger;
  /** OSC packets sent, for diagnostics. */
  sent = 0;
  localPort = 0;

  constructor(private readonly options: ReaperOscOptions) {
    super();
    this.bankSize = options.trackBankSize ?? 64;
    this.logger = options.logger ?? noopLogger;
  }

  async open(): Promise<void> {
    const socket = createSocket('udp4');
    socket.on('message', (buf) => this.receive(buf));
    socket.on('error', (error) => this.logger.warn(`OSC: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.listenPort ?? 0, this.options.listenHost ?? '0.0.0.0', () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      throw new TapeopError(
        'DAW_UNREACHABLE',
        `cannot listen for REAPER's OSC feedback on port ${this.options.listenPort ?? 0}: ${(error as Error).message}`,
        {
          hint: 'Another program uses that port; pick another one for the OSC device port in REAPER and in tapeop.',
          cause: error,
        },
      );
    });
    this.socket = socket;
    this.localPort = socket.address().port;
  }

  private receive(buf: Buffer): void {
    try {
      for (const element of elements(buf)) {
        if (this.options.accept && !this.options.accept(addressOf(element))) continue;
        const packet = new OSC.Packet();
        packet.unpack(new DataView(element.buffer, element.byteOffset, element.byteLength));
        for (const message of flatten(packet.value)) this.emit('message', message);
      }
    } catch (error) {
      this.logger.debug(`OSC: ignored a packet that is not OSC: ${(error as Error).message}`);
    }
  }

  /** Sends one message with explicitly typed arguments. */
  send(address: string, ...args: OscArg[]): void {
    const socket = this.socket;
    if (!socket)
      throw new TapeopError('DAW_UNREACHABLE', 'the OSC connection to REAPER is not open', {
        hint: 'Call connect() first.',
      });
    const message = new OSC.TypedMessage(address, []);
    for (const arg of args) message.add(arg.type, arg.value);
    socket.send(message.pack(), this.options.port, this.options.host);
    this.sent++;
  }

  /** The surface addresses tracks within a bank: selects the bank of track `number` (1-based). */
  private slot(number: number): number {
    if (number === 0) return 0;
    const bank = Math.floor((number - 1) / this.bankSize);
    if (bank !== this.bank) {
      this.send('/device/track/bank/select', i(bank + 1));
      this.bank = bank;
    }
    return number - bank * this.bankSize;
  }

  setTrackVolumeDb(number: number, db: number): void {
    this.send(`/track/${this.slot(number)}/volume/db`, f(db));
  }

  setTrackPan(number: number, pan: number): void {
    this.send(`/track/${this.slot(number)}/pan`, f((Math.max(-1, Math.min(1, pan)) + 1) / 2));
  }

  setTrackMute(number: number, mute: boolean): void {
    this.send(`/track/${this.slot(number)}/mute`, i(mute ? 1 : 0));
  }

  setTrackSolo(number: number, solo: boolean): void {
    this.send(`/track/${this.slot(number)}/solo`, i(solo ? 1 : 0));
  }

  setTrackName(number: number, name: string): void {
    this.send(`/track/${this.slot(number)}/name`, s(name));
  }

  /** fx and param are 1-based, as on the surface. */
  setFxParam(number: number, fx: number, param: number, normalized: number): void {
    this.send(
      `/track/${this.slot(number)}/fx/${fx}/fxparam/${param}/value`,
      f(Math.max(0, Math.min(1, normalized))),
    );
  }

  setFxBypass(number: number, fx: number, bypassed: boolean): void {
    this.send(`/track/${this.slot(number)}/fx/${fx}/bypass`, i(bypassed ? 1 : 0));
  }

  play(): void {
    this.send('/play');
  }

  stop(): void {
    this.send('/stop');
  }

  locate(seconds: number): void {
    this.send('/time', f(seconds));
  }

  action(command: number | string): void {
    if (typeof command === 'number') this.send('/action', i(command));
    else this.send(`/action/${command}`);
  }

  /** Asks REAPER to send its whole state (action 41743, "Control surface: Refresh all surfaces"). */
  refresh(): void {
    this.action(41743);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** Track number (1-based, 0 master) of a track slot in feedback. */
  trackNumberOfSlot(slot: number): number {
    return slot === 0 ? 0 : this.bank * this.bankSize + slot;
  }
}

const BUNDLE = Buffer.from('#bundle\0', 'latin1');

/** The messages of a packet: itself, or each element of a bundle (nested bundles included). */
function elements(buf: Buffer): Buffer[] {
  if (buf.length < 16 || !buf.subarray(0, 8).equals(BUNDLE)) return [buf];
  const out: Buffer[] = [];
  let at = 16;
  while (at + 4 <= buf.length) {
    const size = buf.readInt32BE(at);
    if (size <= 0 || at + 4 + size > buf.length)
      throw new Error(`a bundle element of ${size} bytes at byte ${at} runs past the packet`);
    out.push(...elements(buf.subarray(at + 4, at + 4 + size)));
    at += 4 + size;
  }
  return out;
}

/** A message's address without decoding the rest (an OSC string ends at its first NUL). */
function addressOf(message: Buffer): string {
  const end = message.indexOf(0);
  return message.toString('latin1', 0, end < 0 ? message.length : end);
}

function flatten(value: unknown): OscFeedback[] {
  const v = value as { address?: string; args?: unknown[]; bundleElements?: unknown[] };
  if (v.bundleElements) return v.bundleElements.flatMap(flatten);
  if (typeof v.address === 'string') {
    return [
      {
        address: v.address,
        args: (v.args ?? []).filter(
          (a): a is OscValue => typeof a === 'number' || typeof a === 'string',
        ),
      },
    ];
  }
  return [];
}
