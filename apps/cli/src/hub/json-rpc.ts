import { type TapeopError, toTapeopError } from '@tapeop/core';

/** JSON-RPC 2.0 error codes the hub answers with. */
export const rpcErrors = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** A tapeop error: `data` carries its stable code, hint and details. */
  tapeopError: -32000,
  /** The message is larger than the hub accepts. */
  tooLarge: -32001,
  /** Too many requests of this client at once. */
  busy: -32002,
} as const;

export type RpcId = string | number | null;

export interface RpcRequest {
  jsonrpc: '2.0';
  method: string;
  params?: unknown;
  /** Absent for a notification (no answer). */
  id?: RpcId;
}

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export type RpcResponse =
  | { jsonrpc: '2.0'; id: RpcId; result: unknown }
  | { jsonrpc: '2.0'; id: RpcId; error: RpcErrorObject };

export const success = (id: RpcId, result: unknown): RpcResponse => ({
  jsonrpc: '2.0',
  id,
  result,
});

export const failure = (id: RpcId, code: number, message: string, data?: unknown): RpcResponse => ({
  jsonrpc: '2.0',
  id,
  error: { code, message, ...(data !== undefined ? { data } : {}) },
});

/** Anything a method throws, as a JSON-RPC error; a TapeopError keeps its code and hint. */
export function errorResponse(id: RpcId, thrown: unknown): RpcResponse {
  const error: TapeopError = toTapeopError(thrown);
  if (error.code === 'INTERNAL')
    return failure(id, rpcErrors.internalError, `internal error: ${error.message}`, error.toJSON());
  return failure(id, rpcErrors.tapeopError, error.message, jsonSafe(error.toJSON()));
}

function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message };
      return v;
    }),
  );
}

export type Checked = { ok: true; request: RpcRequest } | { ok: false; response: RpcResponse };

/** Checks the envelope of one request (JSON-RPC 2.0 §4), not its params. */
export function checkRequest(value: unknown): Checked {
  const id: RpcId =
    value && typeof value === 'object' && 'id' in value && isId((value as { id: unknown }).id)
      ? ((value as { id: RpcId }).id ?? null)
      : null;
  const invalid = (message: string): Checked => ({
    ok: false,
    response: failure(id, rpcErrors.invalidRequest, `Invalid request: ${message}`),
  });
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return invalid('a request is a JSON object');
  const request = value as Record<string, unknown>;
  if (request.jsonrpc !== '2.0') return invalid('"jsonrpc" must be "2.0"');
  if (typeof request.method !== 'string' || request.method === '')
    return invalid('"method" must be a non-empty string');
  if ('id' in request && !isId(request.id))
    return invalid('"id" must be a string, a number or null');
  if ('params' in request && (request.params === null || typeof request.params !== 'object'))
    return invalid('"params" must be an object (or left out)');
  return { ok: true, request: request as unknown as RpcRequest };
}

const isId = (value: unknown) =>
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value));
