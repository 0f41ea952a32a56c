import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Vitest global setup: builds the panel into dist/ (what `npm run build` makes and what
 * `tapeop serve` serves by default), so the browser tests always run the current sources.
 */
export default async function buildPanel(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({ root, logLevel: 'warn', configFile: `${root}vite.config.ts` });
}
