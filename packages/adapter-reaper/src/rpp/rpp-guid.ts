import { createHash } from 'node:crypto';

/**
 * A GUID in REAPER's form ({8-4-4-4-12}, upper-case hex) derived from `parts`: writing the same
 * session again gives the same GUIDs, so a rewritten project differs only where the session
 * changed, and snapshots taken from either match tracks by GUID.
 */
export function stableReaperGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
}

/** True for a GUID as REAPER writes one. */
export function isReaperGuid(value: string | undefined): value is string {
  return (
    value !== undefined &&
    /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/.test(value)
  );
}
