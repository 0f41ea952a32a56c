// Header scan of 500 delivered files (no hashing): target under 1 s on the team's machines.
// Reference in the same run: `soxi -D` reading the same 500 files in one process (sox's own
// header readers), so the ratio says how our reader compares with a native tool's.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scanMixes } from '../src/intake/scan-mixes.js';
import { aiffFile, wavFile } from '../src/intake/test-support/audio-files.js';

const run$ = promisify(execFile);
const FILES = 500;
const RUNS = 7;

async function makeDelivery(folder: string): Promise<string[]> {
  const names: string[] = [];
  const second = 44100;
  const bwf = wavFile({
    bits: 24,
    frames: second / 2,
    bext: { description: 'mix', originator: 'Pro Tools', timeReference: 158760000 },
    ixml: `<BWFXML><PROJECT>Bench</PROJECT>${'<NOTE>x</NOTE>'.repeat(50)}</BWFXML>`,
    info: { INAM: 'Song', IART: 'Band' },
  });
  const plain = wavFile({ bits: 16, frames: second / 2 });
  const aiff = aiffFile({ bits: 24, frames: second / 2 });
  const flacSource = join(folder, 'flac-source.wav');
  const flacFile = join(folder, 'flac-source.flac');
  await writeFile(flacSource, wavFile({ bits: 24, frames: second / 2 }));
  await run$('flac', ['-s', '-f', '-o', flacFile, flacSource]);
  for (let i = 1; i <= FILES; i++) {
    const number = String(i).padStart(3, '0');
    if (i % 10 === 0) {
      const name = `${number} Song ${i} (Master v2).flac`;
      await copyFile(flacFile, join(folder, name));
      names.push(name);
    } else if (i % 10 === 5) {
      const name = `${number} Song ${i}.aif`;
      await writeFile(join(folder, name), aiff);
      names.push(name);
    } else {
      const name = `${number}_Song_${i}_MIX_v${i % 4}_24b44k.wav`;
      await writeFile(join(folder, name), i % 2 ? bwf : plain);
      names.push(name);
    }
  }
  await rm(flacSource);
  await rm(flacFile);
  return names;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function stats(times: number[]): { median: number; min: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
}

export async function run(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'tapeop-session-intake-bench-'));
  try {
    const names = await makeDelivery(folder);
    const soxi = () => run$('soxi', ['-D', ...names], { cwd: folder, maxBuffer: 1 << 20 });
    // Warm the page cache and check both tools read every file.
    const check = await scanMixes(folder, { hash: false });
    const read = check.mixes.filter((m) => m.header?.stream).length;
    const soxiLines = (await soxi()).stdout.trim().split('\n').length;
    if (read !== FILES || soxiLines !== FILES) {
      throw new Error(
        `expected ${FILES} readable files, scanMixes read ${read}, soxi ${soxiLines}`,
      );
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeIt(() => scanMixes(folder, { hash: false })));
      theirs.push(await timeIt(soxi));
    }
    const a = stats(ours);
    const b = stats(theirs);
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(`files: ${FILES} (400 WAV/BWF, 50 AIFF, 50 FLAC), ${RUNS} runs after a warm-up`);
    console.log(
      `scanMixes (headers, names, checks; no hashing): median ${ms(a.median)} (min ${ms(a.min)}, max ${ms(a.max)}); target < 1000 ms: ${a.median < 1000 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `soxi -D over the same files (one process): median ${ms(b.median)} (min ${ms(b.min)}, max ${ms(b.max)})`,
    );
    console.log(
      `ratio scanMixes / soxi: ${(a.median / b.median).toFixed(2)} (median), ${(a.min / b.min).toFixed(2)} (min)`,
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
