// biome-ignore-all lint/suspicious/noExplicitAny: test helpers read JSON of any shape
import WebSocket from 'ws';

export interface RpcNotification {
  method: string;
  params: Record<string, unknown>;
}

/** A plain JSON-RPC 2.0 client over ws, as a script would write one, for the hub tests. */
export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void }>();
  readonly notifications: RpcNotification[] = [];
  /** Answers without an id the client can match (errors about unparseable frames). */
  readonly orphans: unknown[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const value = JSON.parse(data.toString()) as unknown;
      for (const message of Array.isArray(value) ? value : [value]) {
        const m = message as {
          id?: number | null;
          method?: string;
          params?: Record<string, unknown>;
        };
        if (m.method) this.notifications.push({ method: m.method, params: m.params ?? {} });
        else if (typeof m.id === 'number' && this.pending.has(m.id)) {
          this.pending.get(m.id)!.resolve(m);
          this.pending.delete(m.id);
        } else this.orphans.push(m);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static connect(url: string, options: WebSocket.ClientOptions = {}): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      socket.once('open', () => resolve(new RpcClient(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })),
      );
    });
  }

  /** The whole response: `{ result }` or `{ error }`. */
  request(
    method: string,
    params?: unknown,
  ): Promise<{ result?: any; error?: { code: number; message: string; data?: any } }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void });
      this.socket.send(
        JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) }),
      );
    });
  }

  /** The result, or throws the error. */
  async call(method: string, params?: unknown): Promise<any> {
    const response = await this.request(method, params);
    if (response.error) throw Object.assign(new Error(response.error.message), response.error);
    return response.result;
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** Waits until `test` holds over what arrived, or fails after `ms`. */
  async waitFor<T>(test: () => T | undefined, ms = 5000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = test();
      if (found !== undefined && found !== false) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a message from the hub');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
