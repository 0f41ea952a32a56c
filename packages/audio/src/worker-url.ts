import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * How to start the analysis worker. Built, it is dist/analysis-worker.js next to dist/index.js
 * (this file is bundled into index.js, so the relative URL holds). From the TypeScript sources
 * (tests, development) the worker is a .ts file: a small bootstrap registers tsx in the new
 * thread first, since loader flags do not reach worker threads on Node 20.
 */
export function analysisWorkerSpec(): {
  script: URL | string;
  eval: boolean;
  execArgv: string[];
} {
  if (!import.meta.url.endsWith('.ts')) {
    return { script: new URL('./analysis-worker.js', import.meta.url), eval: false, execArgv: [] };
  }
  const worker = new URL('./analysis-worker.ts', import.meta.url).href;
  // tsx's ES module API (its exports map sends require() to the CommonJS build).
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return { script: bootstrap, eval: true, execArgv: ['--conditions=@tapeop/source'] };
}
