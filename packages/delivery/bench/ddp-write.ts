// Writing an 80-minute DDP (about 846 MB) next to `cp` of the same bytes, in the same run.
//
// The master WAV is generated under os.tmpdir() and flushed to disk first (not timed), so
// every contender reads it from the page cache and no write-back of it lands in a timed run.
// Every contender runs five times, in turn; the best and the median run are shown (on a
// shared machine the best run is the one least disturbed by others). The references are what
// a shell script would run to make the same image:
// - `cp`: coreutils 9 copies inside the kernel (copy_file_range), no checksum;
// - `cp + md5sum`: the copy, then the MD5 every DDP needs for CHECKSUM.MD5;
// - `md5sum`: the MD5 alone, read from the page cache. MD5 cannot be split across cores, so
//   this is as fast as any one-pass writer of a checksummed image can go;
// - the same with `sync FILE` after them, against writeDdp's default, which flushes the files
//   before the folder is renamed into place.

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@tapeop/core';
import { buildTimeline } from '@tapeop/session';
import { verifyDdp, writeCdWav, writeDdp } from '../src/index.js';

const SONGS = 20;
// 20 songs with 2 s pauses, ending just inside 79:57:74 (the default plant limit).
const SONG_SAMPLES = 237 * 44_100 + 35_000;
const ROUNDS = 5;

function session(): Session {
  return {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: { title: 'Benchmark', artist: 'tapeop', upc: '5010017088439' },
    sampleRate: 44_100,
    deliveryTargets: [{ kind: 'cd', sampleRate: 44_100, bitDepth: 16 }],
    songs: Array.from({ length: SONGS }, (_, i) => ({
      id: `song-${i + 1}`,
      title: `Song ${i + 1}`,
      isrc: `QZES5260${String(i + 1).padStart(4, '0')}`,
      source: {
        path: `mixes/${i + 1}.wav`,
        container: 'wav' as const,
        codec: 'pcm-int' as const,
        sampleRate: 44_100,
        bitDepth: 24,
        channels: 2,
        frames: SONG_SAMPLES,
        durationSec: SONG_SAMPLES / 44_100,
      },
    })),
    sequence: {
      entries: Array.from({ length: SONGS }, (_, i) => ({ songId: `song-${i + 1}`, gapSec: 2 })),
    },
  };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function mbps(bytes: number, time: number): string {
  return `${(bytes / 1e6 / time).toFixed(0)} MB/s`;
}

function run(command: string, args: string[], stdio: 'inherit' | 'ignore' = 'inherit'): void {
  const result = spawnSync(command, args, { stdio });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

export async function run80MinuteDdp(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-delivery-bench-'));
  try {
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    if (free < 4e9) {
      console.log(
        `skipped: ${(free / 1e9).toFixed(1)} GB free under ${tmpdir()}, the benchmark needs 4 GB`,
      );
      return;
    }
    const s = session();
    const timeline = buildTimeline(s, { cd: true });
    // 4 MiB of noise-like PCM, repeated: the master's content does not change the I/O.
    const noise = Buffer.alloc(4 * 1024 * 1024);
    let seed = 12345;
    for (let i = 0; i < noise.length; i += 2) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      noise.writeInt16LE((seed >> 8) % 20_000, i);
    }
    await writeFile(join(dir, 'noise.raw'), noise);
    const bytes = timeline.endSamples * 4;
    const segments = [];
    for (let at = 0; at < bytes; at += noise.length) {
      segments.push({
        kind: 'file' as const,
        path: join(dir, 'noise.raw'),
        offset: 0,
        bytes: Math.min(noise.length, bytes - at),
      });
    }
    const master = join(dir, 'album master.wav');
    await writeCdWav(master, segments);
    const imageBytes = timeline.leadOutFrames * 2352;
    console.log(
      `master: ${(bytes / 1e6).toFixed(0)} MB of audio, ${timeline.songs.length} tracks, lead-out at frame ${timeline.leadOutFrames}; DDP image ${(imageBytes / 1e6).toFixed(1)} MB`,
    );

    const copy = join(dir, 'copy.wav');
    const ddp = join(dir, 'DDP');
    const md5sum = (path: string) => run('md5sum', [path], 'ignore');
    const contenders: Array<[string, () => Promise<void>]> = [
      ['md5sum', async () => md5sum(master)],
      ['cp', async () => run('cp', [master, copy])],
      [
        'cp + md5sum',
        async () => {
          run('cp', [master, copy]);
          md5sum(copy);
        },
      ],
      [
        'writeDdp (no fsync)',
        async () =>
          void (await writeDdp(s, { kind: 'album', path: master }, ddp, {
            timeline,
            fsync: false,
          })),
      ],
      [
        'cp + sync',
        async () => {
          run('cp', [master, copy]);
          run('sync', [copy]);
        },
      ],
      [
        'cp + md5sum + sync',
        async () => {
          run('cp', [master, copy]);
          md5sum(copy);
          run('sync', [copy]);
        },
      ],
      [
        'writeDdp (fsync)',
        async () => void (await writeDdp(s, { kind: 'album', path: master }, ddp, { timeline })),
      ],
    ];
    const results = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, contender] of contenders) {
        const start = process.hrtime.bigint();
        await contender();
        results.get(name)!.push(seconds(start));
        await rm(copy, { force: true });
        if (round < ROUNDS - 1 || name !== 'writeDdp (fsync)')
          await rm(ddp, { recursive: true, force: true });
      }
    }
    const best = (name: string) => Math.min(...results.get(name)!);
    const median = (name: string) =>
      [...results.get(name)!].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
    console.log(
      `${ROUNDS} rounds on ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)} at the end); MB/s of the ${(imageBytes / 1e6).toFixed(0)} MB image`,
    );
    for (const [name, times] of results) {
      console.log(
        `${name.padEnd(20)} best ${mbps(imageBytes, best(name)).padStart(10)}   median ${mbps(imageBytes, median(name)).padStart(10)}   (runs: ${times.map((t) => `${t.toFixed(2)} s`).join(', ')})`,
      );
    }
    // Speed of writeDdp over the reference's: above 1, writeDdp is faster.
    const ratio = (a: string, b: string) =>
      console.log(
        `${`${a} / ${b}:`.padEnd(42)} ${(best(b) / best(a)).toFixed(2)} (median ${(median(b) / median(a)).toFixed(2)})`,
      );
    console.log('speed ratios, best (median):');
    ratio('writeDdp (no fsync)', 'cp');
    ratio('writeDdp (no fsync)', 'cp + md5sum');
    ratio('writeDdp (no fsync)', 'md5sum');
    ratio('writeDdp (fsync)', 'cp + sync');
    ratio('writeDdp (fsync)', 'cp + md5sum + sync');
    ratio('writeDdp (fsync)', 'md5sum');

    // Verifying reads every file back and hashes it: compared with md5sum of the image.
    let start = process.hrtime.bigint();
    md5sum(join(dir, 'DDP', 'IMAGE.DAT'));
    const md5sumTime = seconds(start);
    start = process.hrtime.bigint();
    const verification = await verifyDdp(join(dir, 'DDP'));
    const verifyTime = seconds(start);
    if (!verification.ok) throw new Error('the benchmark DDP does not verify');
    console.log(`md5sum IMAGE.DAT     ${mbps(imageBytes, md5sumTime)}`);
    console.log(
      `verifyDdp            ${mbps(imageBytes, verifyTime)} (all files, checksums and Red Book); ratio to md5sum ${(md5sumTime / verifyTime).toFixed(2)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
