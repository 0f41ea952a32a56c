import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Session, Song } from '@tapeop/core';
import type { Timeline } from '@tapeop/session';
import { writeCdWav } from '../wav/write-wav.js';

export interface TestSong {
  title: string;
  /** Length of the mix in samples at 44.1 kHz. */
  frames: number;
  gapSec: number;
  crossfadeSec?: number;
  isrc?: string;
  performer?: string;
  indexMarks?: Array<{ number: number; offsetSec: number; name?: string }>;
  cdFlags?: { preEmphasis?: boolean; copyPermitted?: boolean };
}

/** Three short songs with a 2 s lead-in, a 1.5 s pause, a gapless join and an index mark. */
export const THREE_SONGS: TestSong[] = [
  { title: 'Headlights', frames: 5 * 44_100 + 123, gapSec: 2, isrc: 'QZES52600001' },
  {
    title: 'City Lights',
    frames: 7 * 44_100 + 1_000,
    gapSec: 1.5,
    isrc: 'QZES52600002',
    performer: 'The Example Band feat. Guest',
    cdFlags: { preEmphasis: true },
  },
  {
    title: 'Overpass',
    frames: 6 * 44_100 + 77,
    gapSec: 0,
    isrc: 'QZES52600003',
    indexMarks: [{ number: 2, offsetSec: 2, name: 'Coda' }],
    cdFlags: { copyPermitted: true },
  },
];

export function testSession(
  songs: TestSong[] = THREE_SONGS,
  album: Partial<Session['album']> = {},
): Session {
  const built: Song[] = songs.map((s, i) => ({
    id: `song-${i + 1}`,
    title: s.title,
    ...(s.isrc ? { isrc: s.isrc } : {}),
    ...(s.performer ? { performer: s.performer } : {}),
    source: {
      path: `mixes/${String(i + 1).padStart(2, '0')} ${s.title}.wav`,
      container: 'wav',
      codec: 'pcm-int',
      sampleRate: 44_100,
      bitDepth: 24,
      channels: 2,
      frames: s.frames,
      durationSec: s.frames / 44_100,
    },
  }));
  return {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: {
      title: 'Night Drive',
      artist: 'The Example Band',
      label: 'Example Records',
      catalogNumber: 'EXR-042',
      upc: '5010017088439',
      releaseDate: '2027-02-12',
      ...album,
    },
    client: { name: 'Sam Client', company: 'Example Records' },
    engineer: { name: 'Robin Engineer', company: 'Example Mastering' },
    sampleRate: 44_100,
    deliveryTargets: [{ kind: 'cd', sampleRate: 44_100, bitDepth: 16 }],
    songs: built,
    sequence: {
      entries: songs.map((s, i) => ({
        songId: `song-${i + 1}`,
        gapSec: s.gapSec,
        ...(s.crossfadeSec ? { crossfadeSec: s.crossfadeSec } : {}),
        ...(s.indexMarks ? { indexMarks: s.indexMarks } : {}),
        ...(s.cdFlags ? { cdFlags: s.cdFlags } : {}),
      })),
    },
  };
}

/** A song's audio: a tone of its own pitch, left and right different, from its first sample. */
function songSample(track: number, j: number): [number, number] {
  const t = j / 44_100;
  const f = 180 * track + 40;
  return [
    Math.round(11_000 * Math.sin(2 * Math.PI * f * t)),
    Math.round(7_000 * Math.sin(2 * Math.PI * f * 1.25 * t)),
  ];
}

/** The album as a DAW renders it, from 00:00:00 (or from track 1's start) to the end of the last song. */
export async function renderAlbum(
  dir: string,
  timeline: Timeline,
  options: {
    leadIn?: 'included' | 'excluded';
    extraSamples?: number;
    name?: string;
    bits?: 16 | 24;
  } = {},
) {
  const from = options.leadIn === 'excluded' ? timeline.songs[0]!.trackStartSamples : 0;
  const length = timeline.endSamples - from + (options.extraSamples ?? 0);
  const pcm = Buffer.alloc(length * 4);
  for (const song of timeline.songs) {
    for (let j = 0; j < song.lengthSamples; j++) {
      const at = song.startSamples + j - from;
      if (at < 0 || at >= length) continue;
      const [l, r] = songSample(song.trackNumber, j);
      pcm.writeInt16LE(Math.max(-32768, Math.min(32767, pcm.readInt16LE(at * 4) + l)), at * 4);
      pcm.writeInt16LE(
        Math.max(-32768, Math.min(32767, pcm.readInt16LE(at * 4 + 2) + r)),
        at * 4 + 2,
      );
    }
  }
  return writeWav(dir, options.name ?? 'album master.wav', pcm, options.bits);
}

/** One file per song, each exactly as the song plays. */
export async function renderSongs(
  dir: string,
  timeline: Timeline,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const song of timeline.songs) {
    const pcm = Buffer.alloc(song.lengthSamples * 4);
    for (let j = 0; j < song.lengthSamples; j++) {
      const [l, r] = songSample(song.trackNumber, j);
      pcm.writeInt16LE(l, j * 4);
      pcm.writeInt16LE(r, j * 4 + 2);
    }
    files[song.songId] = (await writeWav(dir, `song ${song.trackNumber}.wav`, pcm)).path;
  }
  return files;
}

async function writeWav(dir: string, name: string, pcm: Buffer, bits: 16 | 24 = 16) {
  const raw = join(dir, `${name}.raw`);
  await writeFile(raw, pcm);
  if (bits === 24) {
    // A 24-bit file, to check that the format is refused: the header is what matters.
    const wide = Buffer.alloc((pcm.length / 2) * 3);
    for (let i = 0; i < pcm.length / 2; i++)
      wide.writeIntLE(pcm.readInt16LE(i * 2) * 256, i * 3, 3);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + wide.length, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(2, 22);
    header.writeUInt32LE(44_100, 24);
    header.writeUInt32LE(44_100 * 6, 28);
    header.writeUInt16LE(6, 32);
    header.writeUInt16LE(24, 34);
    header.write('data', 36);
    header.writeUInt32LE(wide.length, 40);
    const path = join(dir, name);
    await writeFile(path, Buffer.concat([header, wide]));
    return { path, pcm };
  }
  const wav = await writeCdWav(
    join(dir, name),
    [{ kind: 'file', path: raw, offset: 0, bytes: pcm.length }],
    { fsync: false },
  );
  return { path: wav.path, pcm };
}
