import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { decodeOsc, encodeOsc, type OscArg, type OscMessage } from './osc-codec.js';

export interface OscSocketOptions {
  host: string;
  port: number;
  /**
   * Where to listen for answers. Loopback when the DAW is on this machine; a DAW elsewhere
   * must be able to reach us, so then every interface (set it explicitly to narrow it).
   */
  bindAddress?: string;
  logger?: Logger;
}

type Listener = (message: OscMessage) => void;

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/** A UDP socket that speaks OSC to one peer and hands every message it receives to listeners. */
export class OscSocket {
  readonly host: string;
  port: number;
  #socket: Socket | undefined;
  #listeners = new Set<Listener>();
  #logger: Logger;
  #bindAddress: string;

  constructor(options: OscSocketOptions) {
    this.host = options.host === 'localhost' ? '127.0.0.1' : options.host;
    this.port = options.port;
    this.#logger = options.logger ?? noopLogger;
    this.#bindAddress = options.bindAddress ?? (isLoopback(this.host) ? '127.0.0.1' : '0.0.0.0');
  }

  get isOpen(): boolean {
    return this.#socket !== undefined;
  }

  /** The local UDP port answers come back to. */
  get localPort(): number {
    if (!this.#socket) throw new Error('the OSC socket is not open');
    return this.#socket.address().port;
  }

  async open(): Promise<void> {
    if (this.#socket) return;
    const socket = createSocket(isIP(this.host) === 6 ? 'udp6' : 'udp4');
    socket.on('message', (datagram, from) => {
      let messages: OscMessage[];
      try {
        messages = decodeOsc(datagram);
      } catch (error) {
        this.#logger.warn('ignored a datagram that is not OSC', {
          from: `${from.address}:${from.port}`,
          bytes: datagram.length,
          reason: (error as Error).message,
        });
        return;
      }
      for (const message of messages)
        for (const listener of [...this.#listeners]) listener(message);
    });
    socket.on('error', (error) => this.#logger.warn('OSC socket error', { error: error.message }));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, this.#bindAddress, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((error: Error) => {
      socket.close();
      throw new TapeopError(
        'IO_ERROR',
        `cannot open a UDP socket on ${this.#bindAddress}: ${error.message}`,
        {
          cause: error,
        },
      );
    });
    // Answers must not keep the process alive on their own.
    socket.unref();
    this.#socket = socket;
  }

  send(address: string, args: OscArg[] = []): void {
    if (!this.#socket) throw new TapeopError('DAW_UNREACHABLE', 'the OSC connection is closed');
    this.#socket.send(encodeOsc(address, args), this.port, this.host);
  }

  /** How many listeners wait for messages (none should be left once a call has ended). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  on(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Waits for the first message that `match` accepts; undefined when `timeoutMs` passes first. */
  waitFor(
    match: (message: OscMessage) => boolean,
    timeoutMs: number,
  ): Promise<OscMessage | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(undefined);
      }, timeoutMs);
      const off = this.on((message) => {
        if (!match(message)) return;
        clearTimeout(timer);
        off();
        resolve(message);
      });
    });
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#listeners.clear();
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
