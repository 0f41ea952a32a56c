import { parseDb } from '@tapeop/core';

const DB_SUFFIX = /db\s*$/i;

/**
 * A plug-in's displayed value as dB, when it is one ('+1.5 dB', '-inf', or a bare number with
 * the unit 'dB'); otherwise undefined. Lets thresholds in dB apply to gain parameters.
 */
export function readDb(
  formatted: string | undefined,
  unit: string | undefined,
): number | undefined {
  if (formatted === undefined) return undefined;
  const isDb = DB_SUFFIX.test(formatted) || unit?.trim().toLowerCase() === 'db';
  if (!isDb) return undefined;
  try {
    return parseDb(formatted);
  } catch {
    return undefined;
  }
}
