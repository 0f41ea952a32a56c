import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadPlan, type Marker, type Session, validateSession } from '@tapeop/core';
import { buildMarkers, buildTimeline, planLoad, type Timeline } from '@tapeop/session';
import { writeWav } from './audio-fixtures.js';

/** One song of the test album and what marks it in a render. */
export interface AlbumSong {
  id: string;
  title: string;
  channels: 1 | 2;
  seconds: number;
  /** Head trim in samples: the mix has a loud click here that must never be heard. */
  headSamples: number;
  /** The first played sample: a click of this height, different for every song. */
  click: number;
}

export const ALBUM: AlbumSong[] = [
  { id: 'first-light', title: 'First Light', channels: 2, seconds: 3, headSamples: 0, click: 0.5 },
  { id: 'overpass', title: 'Overpass', channels: 1, seconds: 2.5, headSamples: 1234, click: 0.6 },
  { id: 'last-exit', title: 'Last Exit', channels: 2, seconds: 2, headSamples: 7, click: 0.7 },
];

export interface AlbumFixture {
  dir: string;
  session: Session;
  timeline: Timeline;
  plan: LoadPlan;
  markers: Marker[];
  songs: AlbumSong[];
}

/**
 * A three-song album at 48 kHz, laid out for CD by @tapeop/session: 48 kHz WAVs written sample
 * by sample. Each song's first played sample is a click of its own height followed by a quiet
 * tone, and the trimmed head holds a louder click, so a render shows exactly where each song
 * starts and that its head trim held.
 */
export async function makeAlbum(): Promise<AlbumFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-album-'));
  await mkdir(join(dir, 'mixes'));
  const rate = 48_000;
  const session: Session = {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: { title: 'Night Drive', artist: 'The Example Band', upc: '5010017088439' },
    sampleRate: rate,
    deliveryTargets: [{ kind: 'cd', sampleRate: 44_100, bitDepth: 16 }],
    songs: ALBUM.map((song, i) => ({
      id: song.id,
      title: song.title,
      isrc: `QZES5260000${i + 1}`,
      source: {
        path: `mixes/${String(i + 1).padStart(2, '0')} ${song.title}.wav`,
        container: 'wav',
        codec: 'pcm-int',
        sampleRate: rate,
        bitDepth: 24,
        channels: song.channels,
        frames: Math.round(song.seconds * rate),
        durationSec: song.seconds,
      },
      ...(song.headSamples > 0 ? { trim: { headSamples: song.headSamples, tailSamples: 0 } } : {}),
    })),
    sequence: {
      entries: ALBUM.map((song, i) => ({
        songId: song.id,
        gapSec: i === 0 ? 2 : 1.5,
        ...(i === 2 ? { indexMarks: [{ number: 2, offsetSec: 1, name: 'Coda' }] } : {}),
      })),
    },
  };
  const checked = validateSession(session);
  if (!checked.ok)
    throw new Error(`the test session is not valid: ${JSON.stringify(checked.problems)}`);
  for (const [i, song] of ALBUM.entries()) {
    const frames = Math.round(song.seconds * rate);
    await writeWav(join(dir, session.songs[i]!.source!.path), {
      sampleRate: rate,
      channels: song.channels,
      frames,
      sample: (frame) => {
        if (frame < song.headSamples) return frame === 0 ? 0.95 : 0;
        if (frame === song.headSamples) return song.click;
        const t = frame - song.headSamples;
        return t > 10 && frame < frames - 10 ? 0.02 * Math.sin(t / 7) : 0;
      },
    });
  }
  const timeline = buildTimeline(session);
  const plan = planLoad(session, dir, { timeline });
  const markers = buildMarkers(timeline);
  return { dir, session, timeline, plan, markers, songs: ALBUM };
}
