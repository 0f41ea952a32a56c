// The mailbox protocol between tapeop and the bridge script; the Lua side is
// bridge/tapeop_bridge.lua, and README.md ("The bridge protocol") describes both.

/** The protocol version both sides speak (`v` in every request). */
export const BRIDGE_PROTOCOL = 1;
/** ExtState section of every mailbox key. */
export const MAILBOX_SECTION = 'tapeop';
/** Request bodies above this many bytes (URL-encoded) go through a file or in parts. */
export const INLINE_REQUEST_LIMIT = 8000;
/** The size of one part when a body travels in parts. */
export const PART_SIZE = 7000;

/** Where a reply over the inline limit should travel. */
export type ReplyMode = 'inline' | 'file' | 'parts';

export const mailboxKeys = {
  head: 'head',
  alive: 'alive',
  bridge: 'bridge',
  instance: 'instance',
  lastError: 'lasterror',
  request: (id: string) => `req.${id}`,
  requestPart: (id: string, part: number) => `req.${id}.${part}`,
  reply: (id: string) => `res.${id}`,
  replyPart: (id: string, part: number) => `res.${id}.${part}`,
  requestFile: (id: string) => `req-${id}.json`,
} as const;

/** The operations the bridge has; nothing else can be asked of it. */
export const bridgeOperations = [
  'info',
  'listTracks',
  'loadSongs',
  'readMarkers',
  'writeMarkers',
  'captureSnapshot',
  'applySnapshot',
  'getNotes',
  'setNotes',
  'saveProject',
  'setRender',
] as const;
export type BridgeOperation = (typeof bridgeOperations)[number];

export interface BridgeRequest {
  v: typeof BRIDGE_PROTOCOL;
  id: string;
  op: BridgeOperation;
  args: Record<string, unknown>;
  reply?: ReplyMode;
}

export interface BridgeErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  trace?: string;
}

export type BridgeReply =
  | { id: string; ok: true; result: unknown; ms?: number }
  | { id: string | null; ok: false; error: BridgeErrorBody };

/** What the bridge publishes about itself in the `bridge` key. */
export interface BridgeAnnouncement {
  version: string;
  protocol: number;
  folder: string;
  instance: string;
}
