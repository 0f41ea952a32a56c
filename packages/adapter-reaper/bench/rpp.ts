import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import type { FxState, Session, Snapshot } from '@tapeop/core';
import { readRpp } from '../src/rpp/read-rpp.js';
import { serializeRpp } from '../src/rpp/serialize-rpp.js';
import { writeRpp } from '../src/rpp/write-rpp.js';

// Offline projects at the size of a long album with its mastering chains: 99 songs, each on its
// own track with 8 plug-ins whose REAPER state is 4 KB of base64 (as captured with
// includeState), CD markers and regions. The reference, in the same run, is the floor of any
// line parser: splitting the same text into lines and whitespace-separated tokens, without
// quotes, blocks or a tree.

const SONGS = 99;
const FX_PER_TRACK = 8;
const ROUNDS = 9;

function album(): { session: Session; snapshot: Snapshot } {
  const songs = Array.from({ length: SONGS }, (_, i) => ({
    id: `song-${i + 1}`,
    title: `Song ${i + 1}`,
    isrc: `QZES5260${String(i + 1).padStart(4, '0')}`,
    source: {
      path: `mixes/${String(i + 1).padStart(2, '0')} Song ${i + 1}.wav`,
      container: 'wav' as const,
      codec: 'pcm-int' as const,
      sampleRate: 44100,
      bitDepth: 24,
      channels: 2,
      frames: 44100 * 30,
      durationSec: 30,
    },
  }));
  const session: Session = {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: { title: 'Long Album', artist: 'Bench', upc: '5010017088439' },
    sampleRate: 44100,
    songs,
    sequence: { entries: songs.map((s) => ({ songId: s.id, gapSec: 2 })) },
  };
  const fx = (slot: number): FxState => {
    const blob = randomBytes(3072).toString('base64');
    const lines = blob.match(/.{1,128}/g)!.map((l) => `  ${l}`);
    const chunk = [
      'BYPASS 0 0 0',
      `<VST "VST3: Plug-in ${slot} (Vendor)" "Plug-in ${slot}.vst3" 0 "" 1234{ABCDEF0123456789ABCDEF0123456789} ""`,
      ...lines,
      '>',
      'FLOATPOS 0 0 0 0',
      `FXID {00000000-0000-4000-8000-${String(slot).padStart(12, '0')}}`,
      'WAK 0 0',
    ].join('\n');
    return {
      name: `Plug-in ${slot}`,
      plugin: { id: `VST3: Plug-in ${slot} (Vendor)`, format: 'VST3' },
      enabled: true,
      params: [],
      state: {
        daw: 'reaper',
        kind: 'reaper-fx-chunk',
        encoding: 'base64',
        data: Buffer.from(chunk).toString('base64'),
      },
    };
  };
  const snapshot: Snapshot = {
    schema: 'Snapshot.1',
    id: '01M7X042E0V5QP5JMPNNVHAH9N',
    capturedAt: '2026-11-24T10:00:00Z',
    source: { daw: 'REAPER', adapter: 'reaper' },
    tracks: songs.map((s, i) => ({
      name: `${String(i + 1).padStart(2, '0')} ${s.title}`,
      index: i,
      songId: s.id,
      volumeDb: -1,
      pan: 0,
      mute: false,
      solo: false,
      phaseInvert: false,
      fx: Array.from({ length: FX_PER_TRACK }, (_, k) => fx(k)),
    })),
  };
  return { session, snapshot };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

export async function run(): Promise<void> {
  const { session, snapshot } = album();
  const options = { sessionDir: '/sessions/long-album', snapshot, savedAt: new Date(0) };
  const { text } = writeRpp(session, options);
  const project = readRpp(text);
  const mb = Buffer.byteLength(text) / 1e6;
  const write: number[] = [];
  const read: number[] = [];
  const serialize: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    write.push(time(() => writeRpp(session, options)));
    read.push(time(() => readRpp(text)));
    serialize.push(time(() => serializeRpp(project.document)));
    floor.push(time(() => text.split('\n').map((line) => line.trim().split(/\s+/))));
  }
  const lines = text.split('\n').length;
  console.log(
    `project: ${SONGS} tracks × ${FX_PER_TRACK} plug-ins with state, ${project.markers.length} markers and regions; ${mb.toFixed(1)} MB, ${lines} lines`,
  );
  for (const [name, runs] of [
    ['writeRpp (session + snapshot → text)', write],
    ['readRpp (text → tree and project)', read],
    ['serializeRpp (unchanged tree → the same text)', serialize],
    ['reference: split into lines and tokens', floor],
  ] as const) {
    const ms = median(runs);
    console.log(
      `${name}: median ${ms.toFixed(1)} ms (min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)}), ${(mb / (ms / 1000)).toFixed(0)} MB/s, ${(ms / median(floor)).toFixed(1)}× the reference`,
    );
  }
  console.log(
    `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores, ${ROUNDS} rounds`,
  );
}
