// A JSON-RPC 2.0 client for the hub (`tapeop serve`) over one WebSocket, as the panel needs it:
// calls matched to answers by id, subscriptions that are made again after every reconnect, and
// a connection that comes back by itself after the hub restarts.

/** What the panel needs of a WebSocket: the browser's, or `ws` in the unit tests. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionState =
  | { status: 'connecting'; attempt: number; lastError?: string }
  | { status: 'open'; since: number }
  | { status: 'waiting'; attempt: number; retryAt: number; lastError: string }
  | { status: 'stopped' };

/** A JSON-RPC error from the hub; tapeop errors carry their stable code and a hint. */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    message: string,
    /** The JSON-RPC error code (-32000 for a tapeop error). */
    readonly rpcCode: number,
    /** The tapeop error code (`DAW_UNREACHABLE`, ...), when the hub gave one. */
    readonly code?: string,
    readonly hint?: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export interface HubClientOptions {
  /** ws://host:port/rpc */
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** First wait before connecting again (doubled per failed attempt). */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** A call with no answer by then fails (DAW operations can take a while). */
  callTimeoutMs?: number;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: HubError) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Subscription {
  /** The method that subscribes (`notes.subscribe`). */
  method: string;
  /** The notification it brings (`notes.added`). */
  notification: string;
  onNotification: (params: Record<string, unknown>) => void;
  onSubscribed?: (result: Record<string, unknown>) => void;
  onError?: (error: HubError) => void;
  /** The hub's id for it on the current connection. */
  id?: string;
}

const OPEN = 1;

/** The WebSocket URL of the hub that served this page, keeping a `?token=` the page was given. */
export function hubUrlFor(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}//${location.host}/rpc${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export class HubClient {
  private socket: SocketLike | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private current: ConnectionState = { status: 'stopped' };
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly callTimeoutMs: number;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly options: HubClientOptions) {
    this.minRetryMs = options.minRetryMs ?? 250;
    this.maxRetryMs = options.maxRetryMs ?? 2000;
    this.callTimeoutMs = options.callTimeoutMs ?? 120_000;
    this.createSocket =
      options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Calls `listener` with every change of the connection (and once now). */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.current);
    return () => this.stateListeners.delete(listener);
  }

  start(): void {
    if (this.current.status !== 'stopped') return;
    this.connect();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    this.setState({ status: 'stopped' });
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'the panel closed');
    }
    this.failPending('the panel closed its connection');
  }

  /** Tries at once instead of waiting out the back-off (after the user asks to). */
  retryNow(): void {
    if (this.current.status !== 'waiting') return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  /** Calls a hub method; rejects with a HubError (also when not connected). */
  call<R>(method: string, params?: object): Promise<R> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || this.current.status !== 'open')
      return Promise.reject(
        new HubError(
          'not connected to the hub',
          -1,
          'HUB_DISCONNECTED',
          'Wait until the panel is connected again.',
        ),
      );
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new HubError(
            `${method}: no answer from the hub in ${Math.round(this.callTimeoutMs / 1000)} s`,
            -1,
            'TIMEOUT',
          ),
        );
      }, this.callTimeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }));
    });
  }

  /**
   * Keeps a subscription: made now when connected, and again after every reconnect.
   * Returns the function that ends it.
   */
  subscribe(
    method: string,
    notification: string,
    onNotification: (params: Record<string, unknown>) => void,
    handlers: {
      onSubscribed?: (result: Record<string, unknown>) => void;
      onError?: (error: HubError) => void;
    } = {},
  ): () => void {
    const subscription: Subscription = { method, notification, onNotification, ...handlers };
    this.subscriptions.add(subscription);
    if (this.current.status === 'open') void this.makeSubscription(subscription);
    return () => {
      this.subscriptions.delete(subscription);
      if (subscription.id && this.current.status === 'open')
        this.call('unsubscribe', { subscription: subscription.id }).catch(() => {});
    };
  }

  private async makeSubscription(subscription: Subscription): Promise<void> {
    try {
      const result = await this.call<Record<string, unknown>>(subscription.method);
      if (!this.subscriptions.has(subscription)) return;
      subscription.id = String(result.subscription);
      subscription.onSubscribed?.(result);
    } catch (error) {
      if (error instanceof HubError && error.code !== 'HUB_DISCONNECTED')
        subscription.onError?.(error);
    }
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.attempt++;
    this.setState({
      status: 'connecting',
      attempt: this.attempt,
      ...(this.current.status === 'waiting' ? { lastError: this.current.lastError } : {}),
    });
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch (error) {
      this.scheduleRetry((error as Error).message);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.setState({ status: 'open', since: Date.now() });
      for (const subscription of this.subscriptions) {
        subscription.id = undefined;
        void this.makeSubscription(subscription);
      }
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onerror = () => {
      // The close event follows and says what happened.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const reason =
        event.code === 1001 || event.reason === 'the hub is stopping'
          ? 'the hub stopped'
          : event.reason ||
            (event.code === 1006 ? 'the hub cannot be reached' : `closed (${event.code})`);
      this.failPending(`the connection to the hub closed: ${reason}`);
      for (const subscription of this.subscriptions) subscription.id = undefined;
      this.scheduleRetry(reason);
    };
  }

  private scheduleRetry(reason: string): void {
    if (this.current.status === 'stopped') return;
    const delay = Math.min(this.maxRetryMs, this.minRetryMs * 2 ** Math.max(0, this.attempt - 1));
    this.setState({
      status: 'waiting',
      attempt: this.attempt,
      retryAt: Date.now() + delay,
      lastError: reason,
    });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private receive(data: unknown): void {
    let value: unknown;
    try {
      value = JSON.parse(String(data));
    } catch {
      return; // the hub only sends JSON; anything else is not ours to handle
    }
    for (const message of Array.isArray(value) ? value : [value]) this.dispatch(message);
  }

  private dispatch(message: unknown): void {
    if (!message || typeof message !== 'object') return;
    const m = message as {
      id?: unknown;
      method?: unknown;
      params?: Record<string, unknown>;
      result?: unknown;
      error?: { code: number; message: string; data?: { code?: string; hint?: string } };
    };
    if (typeof m.method === 'string') {
      const id = m.params?.subscription;
      for (const subscription of this.subscriptions)
        if (subscription.notification === m.method && subscription.id === id) {
          try {
            subscription.onNotification(m.params ?? {});
          } catch (error) {
            console.error(`panel: handling ${m.method} failed`, error);
          }
        }
      return;
    }
    if (typeof m.id !== 'number') return;
    const pending = this.pending.get(m.id);
    if (!pending) return;
    this.pending.delete(m.id);
    clearTimeout(pending.timer);
    if (m.error) {
      const data = m.error.data;
      pending.reject(
        new HubError(
          m.error.message,
          m.error.code,
          typeof data?.code === 'string' ? data.code : undefined,
          typeof data?.hint === 'string' ? data.hint : undefined,
          data,
        ),
      );
    } else pending.resolve(m.result);
  }

  private failPending(reason: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(
        new HubError(
          `${pending.method}: ${reason}`,
          -1,
          'HUB_DISCONNECTED',
          'Try again once the panel is connected.',
        ),
      );
      this.pending.delete(id);
    }
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
