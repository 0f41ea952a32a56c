import { isTapeopError } from '@tapeop/core';
import { UsageError } from './usage-error.js';

/** The exit codes of `tapeop`, the same for every command. */
export const exitCodes = {
  ok: 0,
  /** The command failed: a file could not be read, the DAW is unreachable, ... */
  failure: 1,
  /** The command line was wrong: an unknown option, a missing argument, a bad value. */
  usage: 2,
  /** The command ran and found problems: an invalid document, Red Book or QC problems. */
  problemsFound: 3,
} as const;

/** Documents that fail validation are problems found in the material, not a failure of tapeop. */
const PROBLEM_CODES = new Set(['SCHEMA_INVALID', 'RED_BOOK']);

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return exitCodes.usage;
  if (isTapeopError(error) && PROBLEM_CODES.has(error.code)) return exitCodes.problemsFound;
  return exitCodes.failure;
}
