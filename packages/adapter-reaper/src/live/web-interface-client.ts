import { Agent, request } from 'node:http';
import { type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { type ReplyLine, splitReply } from './web-replies.js';

// A client of REAPER's web interface: GET /_/cmd;cmd;... with a timeout, retries with backoff
// where that is safe, keep-alive connections, and errors that say how to fix the setup.

export interface WebInterfaceOptions {
  host: string;
  port: number;
  /** The web interface's login, when one is set in REAPER. */
  user?: string;
  password?: string;
  /** Per HTTP request. */
  timeoutMs?: number;
  /** Attempts for requests that are safe to repeat. */
  retries?: number;
  logger?: Logger;
}

export const ENABLE_WEB_INTERFACE_HINT =
  'In REAPER: Options > Preferences > Control/OSC/web > Add > "Web browser interface", set its port ' +
  '(8080 by default) and press OK; then run tapeop with --host and --port pointing at it.';

const transient = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EAI_AGAIN']);
const refused = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EADDRNOTAVAIL',
]);

export class WebInterfaceClient {
  readonly host: string;
  readonly port: number;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });
  private readonly auth: string | undefined;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly logger: Logger;
  /** HTTP requests sent (each one a round trip), for benchmarks and diagnostics. */
  roundTrips = 0;

  constructor(options: WebInterfaceOptions) {
    this.host = options.host;
    this.port = options.port;
    this.auth =
      options.user !== undefined ? `${options.user}:${options.password ?? ''}` : undefined;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 3;
    this.logger = options.logger ?? noopLogger;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /**
   * Runs commands in one request and returns the reply lines. `idempotent` commands (reads,
   * ExtState writes) are repeated after a lost connection; others only when the connection
   * was refused, so that a toggle never runs twice.
   */
  async run(
    commands: string[],
    options: { idempotent?: boolean; timeoutMs?: number } = {},
  ): Promise<ReplyLine[]> {
    const body = await this.runRaw(commands, options);
    return splitReply(body);
  }

  async runRaw(
    commands: string[],
    options: { idempotent?: boolean; timeoutMs?: number } = {},
  ): Promise<string> {
    const path = `/_/${commands.join(';')}`;
    const idempotent = options.idempotent ?? true;
    let delay = 100;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.get(path, options.timeoutMs ?? this.timeoutMs);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        const retryable =
          refused.has(code) || (idempotent && (transient.has(code) || code === 'TAPEOP_TIMEOUT'));
        if (!retryable || attempt >= this.retries) throw this.explain(error, path);
        this.logger.debug(`web interface ${this.address}: ${code}; retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }

  private get(path: string, timeoutMs: number): Promise<string> {
    this.roundTrips++;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          path,
          method: 'GET',
          agent: this.agent,
          headers: this.auth
            ? { Authorization: `Basic ${Buffer.from(this.auth).toString('base64')}` }
            : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) resolve(body);
            else
              reject(
                Object.assign(new Error(`HTTP ${res.statusCode}`), {
                  code: 'TAPEOP_HTTP',
                  status: res.statusCode,
                  body,
                }),
              );
          });
        },
      );
      const timer = setTimeout(() => {
        req.destroy(
          Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TAPEOP_TIMEOUT' }),
        );
      }, timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end();
    });
  }

  private explain(error: unknown, path: string): TapeopError {
    const e = error as NodeJS.ErrnoException & { status?: number; body?: string };
    const where = `REAPER's web interface at ${this.address}`;
    const details = { host: this.host, port: this.port, request: path.slice(0, 200), code: e.code };
    if (e.code === 'TAPEOP_HTTP') {
      if (e.status === 401) {
        return new TapeopError('DAW_UNREACHABLE', `${where} asks for a login`, {
          details,
          hint: 'Give the username and password set for the web interface in REAPER (user/password options).',
          cause: error,
        });
      }
      return new TapeopError(
        'DAW_UNREACHABLE',
        `${where} answered HTTP ${e.status}: it does not look like REAPER's web interface`,
        {
          details: { ...details, status: e.status },
          hint: ENABLE_WEB_INTERFACE_HINT,
          cause: error,
        },
      );
    }
    if (e.code === 'TAPEOP_TIMEOUT') {
      return new TapeopError(
        'DAW_UNREACHABLE',
        `${where} did not answer within ${this.timeoutMs} ms`,
        {
          details,
          hint: `Is REAPER running and not stuck in a dialog? ${ENABLE_WEB_INTERFACE_HINT}`,
          cause: error,
        },
      );
    }
    return new TapeopError('DAW_UNREACHABLE', `cannot reach ${where}: ${e.message}`, {
      details,
      hint: `Is REAPER running with its web interface on port ${this.port}? ${ENABLE_WEB_INTERFACE_HINT}`,
      cause: error,
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** URL-encodes one command argument (section, key or value) for the web interface. */
export function encodeCommandValue(value: string): string {
  return encodeURIComponent(value);
}
