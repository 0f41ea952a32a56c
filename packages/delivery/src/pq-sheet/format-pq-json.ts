import type { PqSheet } from './pq-sheet.js';

/** The PQ sheet as JSON, for scripts: `{ header, rows }` with frames and MM:SS:FF times. */
export function formatPqJson(sheet: PqSheet): string {
  return `${JSON.stringify({ schema: 'tapeop.pq-sheet.1', ...sheet }, null, 2)}\n`;
}
