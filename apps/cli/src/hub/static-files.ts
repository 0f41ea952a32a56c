import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Headers on every answer: no sniffing, no framing by other sites, nothing loaded from elsewhere. */
export const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
} as const;

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The path a URL names inside `root`, or undefined when it would leave it: percent-decoding
 * first, then refusing NUL bytes, backslashes and dot segments, then checking the resolved
 * (and symlink-resolved) file is still under the root.
 */
export async function resolveStaticPath(root: string, url: string): Promise<string | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://hub').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return undefined;
  const realRoot = await realpath(root).catch(() => undefined);
  if (!realRoot) return undefined;
  let candidate = join(realRoot, ...segments);
  let info = await stat(candidate).catch(() => undefined);
  if (info?.isDirectory()) {
    candidate = join(candidate, 'index.html');
    info = await stat(candidate).catch(() => undefined);
  }
  if (!info?.isFile()) return undefined;
  const real = await realpath(candidate).catch(() => undefined);
  if (!real) return undefined;
  const inside = relative(realRoot, real);
  if (inside.startsWith('..') || inside.startsWith(sep) || resolve(realRoot, inside) !== real)
    return undefined;
  return real;
}

/** Answers a GET or HEAD for a file under `root` (the built panel). */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = await resolveStaticPath(root, req.url ?? '/');
  if (!path) {
    sendText(res, 404, 'not found\n');
    return;
  }
  const info = await stat(path);
  const name = path.split(sep).pop() ?? '';
  res.writeHead(200, {
    ...securityHeaders,
    'Content-Type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Hashed asset names can be cached; index.html must always be fresh.
    'Cache-Control': /[.-][0-9a-zA-Z_-]{8,}\.(js|css|woff2|png|svg)$/.test(name)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
