// The benchmark's reference corpus: 12 stereo songs of 4 minutes, music-like synthetic mixes,
// as 24-bit/96 kHz WAV (about 1.6 GB), the same songs as 16-bit/44.1 kHz WAV, and the 24/96
// set as FLAC (encoded with the `flac` tool). Generated once into a cache folder under the
// system temp folder and reused; a `complete.json` marks a finished corpus.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SyntheticAudio } from '../src/testing/synthetic-audio.js';
import { WavWriter } from '../src/write/wav-writer.js';

const VERSION = 1;
export const SONGS = 12;
export const SONG_SECONDS = 240;

export interface Corpus {
  folder: string;
  hiRes: string[];
  cd: string[];
  flac: string[];
}

const run = promisify(execFile);

function writeSong(path: string, song: number, sampleRate: number, bits: number): void {
  const generator = new SyntheticAudio({
    material: song % 4 === 3 ? 'clipped-master' : 'music',
    gain: song % 4 === 3 ? 2.5 : 0.6 + 0.1 * (song % 5),
    sampleRate,
    channels: 2,
    seconds: SONG_SECONDS,
    seed: 1000 + song,
  });
  const writer = new WavWriter(path, { sampleRate, channels: 2, bitsPerSample: bits });
  const block = [new Float32Array(65536), new Float32Array(65536)];
  try {
    while (!generator.done) {
      const n = generator.fill(block);
      writer.write(block.map((c) => c.subarray(0, n)));
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
}

export async function ensureCorpus(log: (line: string) => void): Promise<Corpus> {
  const folder = join(tmpdir(), `tapeop-audio-bench-corpus-v${VERSION}`);
  const name = (i: number, kind: string, ext: string) =>
    join(folder, `${String(i + 1).padStart(2, '0')} Song ${kind}.${ext}`);
  const corpus: Corpus = {
    folder,
    hiRes: Array.from({ length: SONGS }, (_, i) => name(i, '24-96', 'wav')),
    cd: Array.from({ length: SONGS }, (_, i) => name(i, '16-44', 'wav')),
    flac: Array.from({ length: SONGS }, (_, i) => name(i, '24-96', 'flac')),
  };
  const marker = join(folder, 'complete.json');
  if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).version === VERSION) {
    log(`corpus: reusing ${folder}`);
    return corpus;
  }
  mkdirSync(folder, { recursive: true });
  log(
    `corpus: generating ${SONGS} songs of ${SONG_SECONDS / 60} min in ${folder} (once; a few minutes)`,
  );
  const started = performance.now();
  for (let i = 0; i < SONGS; i++) {
    if (!existsSync(corpus.hiRes[i]!)) writeSong(corpus.hiRes[i]!, i, 96000, 24);
    if (!existsSync(corpus.cd[i]!)) writeSong(corpus.cd[i]!, i, 44100, 16);
    log(
      `corpus: song ${i + 1}/${SONGS} written (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  // FLAC with two encoders at a time.
  const queue = corpus.hiRes.map((wav, i) => [wav, corpus.flac[i]!] as const);
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const [wav, flac] = job;
      if (existsSync(flac)) continue;
      await run('flac', ['-s', '-f', '-5', '-o', `${flac}.partial`, wav]);
      await run('mv', [`${flac}.partial`, flac]);
    }
  };
  await Promise.all([worker(), worker()]);
  log(`corpus: FLAC encoded (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  writeFileSync(marker, JSON.stringify({ version: VERSION, songs: SONGS, seconds: SONG_SECONDS }));
  return corpus;
}
