import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadPlan, Marker, Session, Song } from '@tapeop/core';
import { buildMarkers, buildTimeline, planLoad, readAudioHeader } from '@tapeop/session';

// A real album on disk for the adapter's tests and benchmarks: 16-bit PCM WAV mixes written
// here, a Session.1 built from their headers, and the load plan and CD markers @tapeop/session
// derives from it.

/** A 16-bit PCM WAV of a quiet sine: what a studio's bounce looks like to a header reader. */
export function wavBytes(
  seconds: number,
  sampleRate = 44_100,
  channels = 2,
  frequency = 440,
): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const dataBytes = frames * channels * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'latin1');
  buf.write('fmt ', 12, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * channels * 2, 28);
  buf.writeUInt16LE(channels * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 3000);
    for (let c = 0; c < channels; c++) buf.writeInt16LE(v, 44 + (i * channels + c) * 2);
  }
  return buf;
}

export interface AlbumFixture {
  dir: string;
  session: Session;
  plan: LoadPlan;
  markers: Marker[];
  cleanup(): Promise<void>;
}

const isrc = (n: number) => `QZES5260${String(n).padStart(4, '0')}`;

/** Writes `count` mixes into a new folder under the system's temp folder and sequences them for CD. */
export async function writeAlbumFixture(
  options: { count?: number; seconds?: (n: number) => number; name?: string } = {},
): Promise<AlbumFixture> {
  const count = options.count ?? 3;
  const dir = await mkdtemp(join(tmpdir(), `tapeop-reaper-live-${options.name ?? 'album'}-`));
  await mkdir(join(dir, 'mixes'));
  const songs: Song[] = [];
  for (let n = 1; n <= count; n++) {
    const file = `mixes/${String(n).padStart(2, '0')} - Song ${n} (Master v1).wav`;
    const seconds = options.seconds?.(n) ?? 5 + (n % 3);
    await writeFile(join(dir, file), wavBytes(seconds, 44_100, 2, 220 + n * 20));
    const header = await readAudioHeader(join(dir, file));
    const stream = header.stream!;
    songs.push({
      id: `song-${n}`,
      title: `Song ${n}`,
      isrc: isrc(n),
      source: {
        path: file,
        container: 'wav',
        codec: 'pcm-int',
        sampleRate: stream.sampleRate,
        bitDepth: stream.validBitsPerSample,
        channels: stream.channels,
        frames: stream.frames,
        durationSec: stream.durationSec,
      },
      ...(n === 2
        ? {
            trim: { headSamples: 4410, tailSamples: 2205 },
            fadeOut: { lengthSec: 0.5, shape: 'equal-power' as const },
          }
        : {}),
    });
  }
  const session: Session = {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    createdAt: '2026-11-24T09:00:00Z',
    updatedAt: '2026-11-24T09:00:00Z',
    album: { title: 'Fixture Album', artist: 'The Fixtures', upc: '5010017088439' },
    sampleRate: 44_100,
    songs,
    sequence: {
      entries: songs.map((s, i) => ({
        songId: s.id,
        gapSec: 2,
        ...(i === count - 1 && count > 1
          ? { indexMarks: [{ number: 2, offsetSec: 1.5, name: 'Coda' }] }
          : {}),
      })),
    },
  } as Session;
  const plan = planLoad(session, dir);
  const markers = buildMarkers(buildTimeline(session, { cd: true }));
  return { dir, session, plan, markers, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
