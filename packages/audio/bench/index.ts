// `npm run bench` in packages/audio: the album analysis against FFmpeg's ebur128 filter and
// against decoding alone, on a generated corpus, in one run. Prints the ratios.
//
//   BENCH_ROUNDS=3 npm run bench     more rounds (the best round of each measure is kept)
//   BENCH_SETS=hires npm run bench   only the 24/96 WAV set
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyzeAlbum } from '../src/index.js';
import { ensureCorpus, SONG_SECONDS, SONGS } from './corpus.js';
import { stageProfile } from './stages.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const sets = (process.env.BENCH_SETS ?? 'hires,cd,flac').split(',');
const log = (line: string) => console.log(line);

/**
 * CPU seconds used so far by this process (all its threads) and by its finished children
 * (FFmpeg): on a shared, loaded machine CPU time is a steadier measure than wall time.
 */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  let children = 0;
  try {
    // /proc/self/stat fields 16 and 17: cutime and cstime, in clock ticks (100 per second).
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // not Linux: children's CPU time unknown
  }
  return (user + system) / 1e6 + children;
}

interface Timing {
  wall: number;
  cpu: number;
}

/** Runs `task` over `items` with `parallel` at a time; returns wall and CPU seconds. */
async function timed(
  parallel: number,
  items: string[],
  task: (item: string) => Promise<void>,
): Promise<Timing> {
  const queue = [...items];
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await task(item);
    }),
  );
  return { wall: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpuStarted };
}

function ffmpeg(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ffmpeg',
      [
        '-nostats',
        '-hide_banner',
        '-i',
        path,
        '-filter_complex',
        'ebur128=peak=true+sample',
        '-f',
        'null',
        '-',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg failed on ${path}: ${stderr.slice(-500)}`)),
    );
  });
}

/** Worker threads running bench/decode-worker.ts (through tsx, as the sources are TypeScript). */
function decodeWorkers(count: number): {
  decode: (path: string) => Promise<void>;
  close: () => Promise<void>;
} {
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const script = new URL('./decode-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(script)}); });`;
  const idle: Worker[] = Array.from(
    { length: count },
    () => new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@tapeop/source'] }),
  );
  const all = [...idle];
  const waiting: Array<() => void> = [];
  const take = async () => {
    while (idle.length === 0) await new Promise<void>((r) => waiting.push(r));
    return idle.pop()!;
  };
  return {
    decode: async (path) => {
      const worker = await take();
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage(path);
      });
      idle.push(worker);
      waiting.shift()?.();
    },
    close: async () => {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

/** Reads every file once so that no measure pays for the disk. */
function warmPageCache(paths: string[]): void {
  const buffer = new Uint8Array(1 << 22);
  for (const path of paths) {
    const fd = openSync(path, 'r');
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    closeSync(fd);
  }
}

const best = (values: Timing[]): Timing => ({
  wall: Math.min(...values.map((v) => v.wall)),
  cpu: Math.min(...values.map((v) => v.cpu)),
});
const s = (t: Timing) => `${t.wall.toFixed(2)} s (CPU ${t.cpu.toFixed(2)} s)`;

async function benchSet(name: string, paths: string[]): Promise<void> {
  log(`\n== ${name}: ${SONGS} songs × ${SONG_SECONDS / 60} min, stereo`);
  warmPageCache(paths);
  // Start the analysis threads once, as a long-running CLI or hub has them: their start-up
  // (here: compiling the TypeScript sources with tsx) is not part of measuring an album. The
  // album also lets V8 move the hot WebAssembly kernels to its optimising tier.
  await analyzeAlbum(paths.slice(0, 2), { concurrency: 2 });
  const decoders = decodeWorkers(2);
  // Start the decode workers before timing them (tsx compiles the sources once per thread).
  await decoders.decode(paths[0]!);
  await decoders.decode(paths[1]!);
  const results = {
    ffmpeg2: [] as Timing[],
    ffmpeg1: [] as Timing[],
    decode2: [] as Timing[],
    decode1: [] as Timing[],
    ours: [] as Timing[],
  };
  const analyse = async (item: string) => {
    void item;
    const album = await analyzeAlbum(paths, { concurrency: 2 });
    const failed = album.files.filter((f) => f.status === 'failed');
    if (failed.length) throw new Error(`analysis failed: ${JSON.stringify(failed[0])}`);
  };
  for (let round = 0; round < rounds; round++) {
    results.ffmpeg2.push(await timed(2, paths, ffmpeg));
    results.decode2.push(await timed(2, paths, decoders.decode));
    results.ours.push(await timed(1, ['album'], analyse));
    results.decode1.push(await timed(1, paths, decoders.decode));
    if (round === 0 && process.env.BENCH_FFMPEG_SERIAL !== '0')
      results.ffmpeg1.push(await timed(1, paths, ffmpeg));
    log(
      `round ${round + 1}: ffmpeg 2 in parallel ${s(results.ffmpeg2.at(-1)!)}, our decode only ${s(results.decode2.at(-1)!)} (2 threads) / ${s(results.decode1.at(-1)!)} (1 thread), our full analysis ${s(results.ours.at(-1)!)} (2 threads)`,
    );
  }
  await decoders.close();
  const ours = best(results.ours);
  const ffmpeg2 = best(results.ffmpeg2);
  const decode2 = best(results.decode2);
  log(
    `ffmpeg ebur128=peak=true+sample, 2 files in parallel: ${s(ffmpeg2)}${results.ffmpeg1.length ? `; one at a time: ${s(best(results.ffmpeg1))}` : ''}`,
  );
  log(
    `our decode only (the same reader as the analysis, on 2 worker threads, 2 files at a time; page cache warm for both): ${s(decode2)}; with 1 thread ${s(best(results.decode1))}`,
  );
  log(
    `our full analysis (I, M, S, LRA, true peak, sample peak, clipping, DC, silence, correlation, PLR; 2 worker threads, 2 files at a time): ${s(ours)}`,
  );
  for (const index of [0, 3]) {
    await stageProfile(paths[index]!); // once to let the kernels reach V8's optimising tier
    log(`CPU per stage, song ${index + 1}: ${await stageProfile(paths[index]!)}`);
  }
  log(`RATIO ffmpeg(2 parallel) / ours = ${(ffmpeg2.wall / ours.wall).toFixed(2)}×  (goal ≥ 3×)`);
  log(
    `RATIO ours / decode-only (2 threads) = ${(ours.wall / decode2.wall).toFixed(2)}×  (goal ≤ 2×)`,
  );
  log(
    `  in CPU time (steadier on a loaded machine): ffmpeg / ours = ${(ffmpeg2.cpu / ours.cpu).toFixed(2)}×, ours / decode-only = ${(ours.cpu / decode2.cpu).toFixed(2)}×`,
  );
}

export async function run(): Promise<void> {
  const corpus = await ensureCorpus(log);
  log(
    `load average at the start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  if (sets.includes('hires')) await benchSet('24-bit / 96 kHz WAV', corpus.hiRes);
  if (sets.includes('cd')) await benchSet('16-bit / 44.1 kHz WAV', corpus.cd);
  if (sets.includes('flac')) await benchSet('24-bit / 96 kHz FLAC', corpus.flac);
  log('\n(best of each measure over the rounds; the machine is shared, so expect noise)');
  log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
}

await run();
