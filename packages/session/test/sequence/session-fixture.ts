import type { DeliveryTarget, IndexMark, Session, Song } from '@tapeop/core';

/** One song of a test album: its mix length and where it goes in the sequence. */
export interface FixtureSong {
  id?: string;
  title?: string;
  /** Length of the mix in samples at `mixRate` (default: `seconds` at the mix rate). */
  frames?: number;
  seconds?: number;
  mixRate?: number;
  gapSec?: number;
  crossfadeSec?: number;
  indexMarks?: IndexMark[];
  trim?: { headSamples: number; tailSamples: number };
  isrc?: string;
  extra?: Partial<Song>;
}

export interface FixtureOptions {
  sampleRate?: number;
  deliveryTargets?: DeliveryTarget[];
  album?: Session['album'];
}

/** A schema-valid session with real-looking mixes, for the sequencing tests and the benchmark. */
export function makeSession(songs: FixtureSong[], options: FixtureOptions = {}): Session {
  const sampleRate = options.sampleRate ?? 44_100;
  const built: Song[] = songs.map((s, i) => {
    const mixRate = s.mixRate ?? sampleRate;
    const id = s.id ?? `song-${i + 1}`;
    const frames = s.frames ?? Math.round((s.seconds ?? 180) * mixRate);
    const song: Song = {
      id,
      title: s.title ?? `Song ${i + 1}`,
      source: {
        path: `mixes/${String(i + 1).padStart(2, '0')} ${s.title ?? `Song ${i + 1}`}.wav`,
        container: 'wav',
        codec: 'pcm-int',
        sampleRate: mixRate,
        bitDepth: 24,
        channels: 2,
        frames,
        durationSec: frames / mixRate,
      },
      ...(s.trim ? { trim: s.trim } : {}),
      ...(s.isrc ? { isrc: s.isrc } : {}),
      ...s.extra,
    };
    return song;
  });
  return {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: options.album ?? { title: 'Night Drive', artist: 'The Example Band' },
    sampleRate,
    ...(options.deliveryTargets ? { deliveryTargets: options.deliveryTargets } : {}),
    songs: built,
    sequence: {
      entries: songs.map((s, i) => ({
        songId: built[i]!.id,
        gapSec: s.gapSec ?? 2,
        ...(s.crossfadeSec !== undefined ? { crossfadeSec: s.crossfadeSec } : {}),
        ...(s.indexMarks ? { indexMarks: s.indexMarks } : {}),
      })),
    },
  };
}

/** A 99-song album at 44.1 kHz with every kind of transition, for the benchmark. */
export function makeLongAlbum(count = 99): Session {
  const songs: FixtureSong[] = [];
  for (let i = 0; i < count; i++) {
    songs.push({
      seconds: 20 + ((i * 7919) % 40) + (i % 3) * 0.123,
      gapSec: i % 5 === 3 ? 0 : 1 + (i % 4) * 0.5,
      ...(i % 5 === 3 ? { crossfadeSec: 1.5 } : {}),
      ...(i % 7 === 0 ? { indexMarks: [{ number: 2, offsetSec: 10.5, name: 'Part II' }] } : {}),
      trim: { headSamples: (i * 131) % 4410, tailSamples: (i * 17) % 2000 },
      isrc: `QZES5260${String(i + 1).padStart(4, '0')}`,
      mixRate: i % 4 === 0 ? 48_000 : 44_100,
    });
  }
  return makeSession(songs);
}
