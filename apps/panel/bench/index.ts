// npm run bench (in apps/panel): how fast the panel loads from `tapeop serve` and how big it is.
// Builds the panel, makes the demo session, starts the hub on it with the REAPER simulator, and
// opens the panel in Debian's Chromium many times, reading the Navigation Timing API. The machine
// is shared, so the figures come with the machine's load average at the time.

import { readdir, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { launchChromium, panelRoot, startServe, tapeopJson } from '../e2e/harness.ts';

const COLD = 5;
const WARM = 30;

interface Timing {
  responseEnd: number;
  domContentLoaded: number;
  load: number;
  albumShown: number;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

async function bundleSizes(): Promise<Array<{ file: string; bytes: number; gzip: number }>> {
  const dist = join(panelRoot, 'dist');
  const files = ['index.html', ...(await readdir(join(dist, 'assets'))).map((f) => `assets/${f}`)];
  return Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(join(dist, file));
      return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    }),
  );
}

await build({ root: panelRoot, logLevel: 'warn', configFile: join(panelRoot, 'vite.config.ts') });
const sizes = await bundleSizes();

const root = join(tmpdir(), `tapeop-panel-bench-${process.pid}`);
const demo = await tapeopJson<{ session: string }>(['demo', '--out', root], { timeoutMs: 180_000 });
const serve = await startServe([dirname(demo.session), '--daw', 'reaper-sim', '--port', '0']);
const browser = await launchChromium();
const loadBefore = loadavg()[0]!;

// Sent as text: tsx compiles functions with helpers (__name) the page does not have.
const TIMING_SCRIPT = `(async () => {
  const until = (test) => new Promise((done) => { const look = () => (test() ? done() : setTimeout(look, 2)); look(); });
  await until(() => performance.getEntriesByName('tapeop:album-shown').length > 0);
  const nav = performance.getEntriesByType('navigation')[0];
  await until(() => nav.loadEventEnd > 0);
  return {
    responseEnd: nav.responseEnd,
    domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    albumShown: performance.getEntriesByName('tapeop:album-shown')[0].startTime,
  };
})()`;

const timing = (page: import('playwright-core').Page): Promise<Timing> =>
  page.evaluate(TIMING_SCRIPT) as Promise<Timing>;

try {
  const cold: Timing[] = [];
  for (let i = 0; i < COLD; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(serve.info.httpUrl);
    cold.push(await timing(page));
    await context.close();
  }
  const warm: Timing[] = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(serve.info.httpUrl);
  await timing(page);
  for (let i = 0; i < WARM; i++) {
    await page.reload();
    warm.push(await timing(page));
  }
  await context.close();

  const row = (label: string, runs: Timing[], key: keyof Timing) =>
    `  ${label.padEnd(34)} median ${quantile(
      runs.map((r) => r[key]),
      0.5,
    )
      .toFixed(0)
      .padStart(4)} ms   p90 ${quantile(
      runs.map((r) => r[key]),
      0.9,
    )
      .toFixed(0)
      .padStart(4)} ms`;
  console.log('tapeop panel: load from tapeop serve (127.0.0.1), Debian Chromium headless');
  console.log(
    `  machine load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`,
  );
  console.log(`cold (new profile, empty cache), ${COLD} loads:`);
  console.log(row('HTML received (responseEnd)', cold, 'responseEnd'));
  console.log(row('DOMContentLoaded', cold, 'domContentLoaded'));
  console.log(row('load event (the 200 ms target)', cold, 'load'));
  console.log(row('album shown with the hub’s data', cold, 'albumShown'));
  console.log(`warm (reload, cached assets), ${WARM} loads:`);
  console.log(row('HTML received (responseEnd)', warm, 'responseEnd'));
  console.log(row('DOMContentLoaded', warm, 'domContentLoaded'));
  console.log(row('load event (the 200 ms target)', warm, 'load'));
  console.log(row('album shown with the hub’s data', warm, 'albumShown'));
  console.log('bundle (dist/):');
  for (const s of sizes)
    console.log(
      `  ${s.file.padEnd(34)} ${(s.bytes / 1000).toFixed(1).padStart(6)} kB   gzip ${(s.gzip / 1000).toFixed(1).padStart(5)} kB`,
    );
  const total = sizes.reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), {
    bytes: 0,
    gzip: 0,
  });
  console.log(
    `  ${'total'.padEnd(34)} ${(total.bytes / 1000).toFixed(1).padStart(6)} kB   gzip ${(total.gzip / 1000).toFixed(1).padStart(5)} kB`,
  );
  console.log(
    `  (the hub serves the files uncompressed; gzip is what they would weigh over a network)`,
  );
} finally {
  await browser.close();
  await serve.stop();
  await rm(root, { recursive: true, force: true });
}
