import { type DawAdapter, type DawEvent, isTapeopError, type Logger } from '@tapeop/core';

const LOST_CONNECTION = new Set(['DAW_UNREACHABLE', 'BRIDGE_NOT_RUNNING', 'TIMEOUT']);

/**
 * The hub's one connection to the DAW. Opened on first use and opened again after it was lost;
 * every use goes through one queue (a DAW bridge answers one request at a time); events are
 * passed to the hub's subscribers, with the play position polled while anyone listens, because
 * not every DAW pushes it.
 */
export class DawLink {
  private adapter: Promise<DawAdapter> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(event: DawEvent) => void>();
  private stopEvents: (() => void) | undefined;
  private poll: NodeJS.Timeout | undefined;
  private polling = false;
  private lastTransport = '';
  private closed = false;
  private connected = false;
  private failedAt = 0;

  constructor(
    readonly name: string,
    private readonly open: () => Promise<DawAdapter>,
    private readonly logger: Logger,
    private readonly pollMs = 250,
  ) {}

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Runs `work` after every earlier use finished; `daw()` connects (or reuses the connection)
   * when the work needs the DAW, so work that turns out not to need it never waits for it.
   */
  exclusive<T>(work: (daw: () => Promise<DawAdapter>) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      try {
        return await work(() => this.connect());
      } catch (error) {
        if (isTapeopError(error) && LOST_CONNECTION.has(error.code)) await this.drop(error.message);
        throw error;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private connect(): Promise<DawAdapter> {
    if (this.closed) return Promise.reject(new Error('the hub is closing'));
    if (!this.adapter) {
      const opening = this.open().then((adapter) => {
        this.connected = true;
        this.emit({ type: 'connection', state: 'connected' });
        if (this.listeners.size > 0) this.attach(adapter);
        return adapter;
      });
      this.adapter = opening;
      opening.catch(() => {
        this.failedAt = Date.now();
        if (this.adapter === opening) this.adapter = undefined;
      });
    }
    return this.adapter;
  }

  private async drop(reason: string): Promise<void> {
    const adapter = await this.adapter?.catch(() => undefined);
    this.adapter = undefined;
    this.failedAt = Date.now();
    this.stopEvents?.();
    this.stopEvents = undefined;
    if (this.connected) {
      this.connected = false;
      this.emit({ type: 'connection', state: 'disconnected', reason });
    }
    await adapter?.close().catch(() => {});
  }

  private emit(event: DawEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(`a DAW event listener failed: ${(error as Error).message}`);
      }
    }
  }

  private attach(adapter: DawAdapter): void {
    if (this.stopEvents || !adapter.supports('events')) return;
    this.stopEvents = adapter.subscribe((event) => {
      if (event.type === 'transport') this.lastTransport = `${event.playing}:${event.positionSec}`;
      this.emit(event);
    });
  }

  /** Listens to DAW events; connects if needed. Returns the function that stops listening. */
  subscribe(listener: (event: DawEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) {
      void this.adapter?.then((adapter) => this.attach(adapter)).catch(() => {});
      this.poll = setInterval(() => void this.pollTransport(), this.pollMs);
      this.poll.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        if (this.poll) clearInterval(this.poll);
        this.poll = undefined;
        this.stopEvents?.();
        this.stopEvents = undefined;
      }
    };
  }

  private async pollTransport(): Promise<void> {
    if (this.polling || this.closed) return;
    // A DAW that is not there is asked again every few seconds, not at every tick.
    if (!this.connected && Date.now() - this.failedAt < 3000) return;
    this.polling = true;
    try {
      const state = await this.exclusive(async (daw) => {
        const adapter = await daw();
        return adapter.supports('transport') ? adapter.transportState() : undefined;
      });
      if (!state) return;
      const key = `${state.playing}:${state.positionSec}`;
      if (key !== this.lastTransport) {
        this.lastTransport = key;
        this.emit({ type: 'transport', playing: state.playing, positionSec: state.positionSec });
      }
    } catch {
      // Reported as a connection event when the DAW went away; tried again on the next tick.
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    this.listeners.clear();
    this.stopEvents?.();
    const adapter = await this.adapter?.catch(() => undefined);
    await adapter?.close().catch(() => {});
  }
}
