#!/usr/bin/env node
// An automation script for the tapeop hub (tapeop serve): adds a note to the session's journal,
// then prints the client requests that are still open. Plain Node and the `ws` package; no
// tapeop code is needed to talk to the hub: it is JSON-RPC 2.0 over a WebSocket.
//
//   tapeop serve my-album --daw reaper          # in one terminal
//   node scripts/examples/add-note-and-list-requests.mjs "Sent v2 to the client" --kind decision
//
// Options: --url ws://host:port/rpc (default $TAPEOP_HUB_URL or ws://127.0.0.1:7460/rpc),
// --kind note|decision|client-request|..., --song <id, title or track number>, --json.
// For a hub bound beyond 127.0.0.1, put its token in $TAPEOP_HUB_TOKEN.
// Exit codes: 0 done, 1 the hub refused or failed, 2 wrong arguments.
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { TAPEOP_HUB_URL, TAPEOP_HUB_TOKEN } = process.env;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: TAPEOP_HUB_URL ?? 'ws://127.0.0.1:7460/rpc' },
      kind: { type: 'string', default: 'note' },
      song: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  console.error(
    `${error.message}\nusage: add-note-and-list-requests.mjs "<note text>" [--kind K] [--song S] [--url U] [--json]`,
  );
  process.exit(2);
}
const text = args.positionals.join(' ').trim();
if (!text) {
  console.error(
    'usage: add-note-and-list-requests.mjs "<note text>" [--kind K] [--song S] [--url U] [--json]',
  );
  process.exit(2);
}

/** A minimal JSON-RPC client: one pending promise per request id. */
function connect(url) {
  const token = TAPEOP_HUB_TOKEN;
  const socket = new WebSocket(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  const pending = new Map();
  let nextId = 1;
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    const waiter = pending.get(message.id);
    if (!waiter) return; // a notification, or an answer to nobody
    pending.delete(message.id);
    if (message.error) {
      const error = new Error(message.error.message);
      error.data = message.error.data;
      waiter.reject(error);
    } else waiter.resolve(message.result);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        call(method, params = {}) {
          const id = nextId++;
          socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
          return new Promise((res, rej) => pending.set(id, { resolve: res, reject: rej }));
        },
        close: () => socket.close(),
      }),
    );
    socket.once('unexpected-response', (_req, res) =>
      reject(
        new Error(
          `the hub refused the connection (HTTP ${res.statusCode})${res.statusCode === 401 ? ': set TAPEOP_HUB_TOKEN' : ''}`,
        ),
      ),
    );
    socket.once('error', (error) =>
      reject(
        new Error(`cannot reach the hub at ${url}: ${error.message} (is tapeop serve running?)`),
      ),
    );
  });
}

try {
  const hub = await connect(args.values.url);
  try {
    const { note } = await hub.call('notes.add', {
      text,
      kind: args.values.kind,
      ...(args.values.song ? { song: args.values.song } : {}),
    });
    const { entries } = await hub.call('notes.list', { open: true });
    if (args.values.json) {
      console.log(
        JSON.stringify({ added: note, openRequests: entries.map((e) => e.note) }, null, 2),
      );
    } else {
      console.log(`added ${note.kind} ${note.id}: ${note.text}`);
      console.log(
        entries.length === 0
          ? 'no open client requests'
          : `open client requests (${entries.length}):`,
      );
      for (const { note: request } of entries) {
        const about = request.scope.songId ? ` [${request.scope.songId}]` : '';
        console.log(
          `  - ${request.text}${about} (asked by ${request.requestedBy ?? request.author}, ${request.time.slice(0, 10)})`,
        );
      }
    }
  } finally {
    hub.close();
  }
} catch (error) {
  const hint = error.data?.hint ? `\n${error.data.hint}` : '';
  console.error(`error: ${error.message}${hint}`);
  process.exit(1);
}
