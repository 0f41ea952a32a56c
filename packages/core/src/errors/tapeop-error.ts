/**
 * Every failure tapeop reports has one of these codes. Codes are stable: scripts and the hub's
 * JSON-RPC clients branch on them, so a code is never renamed, only added.
 */
export const errorCodes = [
  'SCHEMA_INVALID',
  'SCHEMA_TOO_NEW',
  'PARSE_ERROR',
  'INVALID_ARGUMENT',
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'IO_ERROR',
  'PATH_OUTSIDE_SESSION',
  'CONFLICT',
  'LOCKED',
  'RED_BOOK',
  'ADAPTER_NOT_FOUND',
  'ADAPTER_BROKEN',
  'DAW_UNREACHABLE',
  'DAW_REJECTED',
  'BRIDGE_NOT_RUNNING',
  'TIMEOUT',
  'UNSUPPORTED',
  'CANCELLED',
  'INTERNAL',
] as const;

export type TapeopErrorCode = (typeof errorCodes)[number];

export interface TapeopErrorOptions {
  /** Structured facts for tools: the file, field, byte offset, problems, ... */
  details?: Record<string, unknown>;
  /** What the person should do next, when the message alone does not say. */
  hint?: string;
  cause?: unknown;
}

/** The one error class of tapeop. `message` is for people; `code` is for programs. */
export class TapeopError extends Error {
  override readonly name = 'TapeopError';
  readonly code: TapeopErrorCode;
  readonly details: Record<string, unknown>;
  readonly hint: string | undefined;

  constructor(code: TapeopErrorCode, message: string, options: TapeopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
    this.hint = options.hint;
  }

  /** The message followed by the hint, as a CLI prints it. */
  get fullMessage(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }

  toJSON(): {
    code: TapeopErrorCode;
    message: string;
    hint?: string;
    details: Record<string, unknown>;
  } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      details: this.details,
    };
  }
}

export function isTapeopError(value: unknown, code?: TapeopErrorCode): value is TapeopError {
  return value instanceof TapeopError && (code === undefined || value.code === code);
}

/** Wraps anything thrown into a TapeopError, keeping the original as `cause`. */
export function toTapeopError(
  value: unknown,
  code: TapeopErrorCode = 'INTERNAL',
  message?: string,
): TapeopError {
  if (value instanceof TapeopError) return value;
  const text = value instanceof Error ? value.message : String(value);
  return new TapeopError(code, message ? `${message}: ${text}` : text, { cause: value });
}
