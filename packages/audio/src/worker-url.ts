import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Where the analysis worker is and how to start it. Built, it is dist/analysis-worker.js next
 * to dist/index.js (this file is bundled into index.js, so the relative URL holds). From the
 * TypeScript sources (tests, development) the worker is a .ts file and runs under tsx.
 */
export function analysisWorkerSpec(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(
    fromSource ? './analysis-worker.ts' : './analysis-worker.js',
    import.meta.url,
  );
  if (!fromSource) return { url, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { url, execArgv: ['--import', tsx, '--conditions=@tapeop/source'] };
}
