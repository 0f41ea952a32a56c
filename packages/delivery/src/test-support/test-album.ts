import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CD_BYTES_PER_FRAME } from '@tapeop/core';
import { type DiscLayout, NO_FLAGS } from '../disc/disc-layout.js';
import { writeCdWav } from '../wav/write-wav.js';

/** A scratch folder under the system temp dir, named after this package's work. */
export async function scratchFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-delivery-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The S4 example disc: index 1 of tracks 1-3 at 150, 675 and 1200 frames, lead-out 1575;
 * tracks 2 and 3 have 2-second pauses, track 3 an index 2, track 2 pre-emphasis.
 */
export function testLayout(): DiscLayout {
  return {
    upc: '5012345678900',
    masterId: 'EXR-042 master v3',
    text: { title: 'Night Drive', performer: 'The Example Band', songwriter: 'A. Writer' },
    tracks: [
      {
        number: 1,
        indexes: [
          { number: 0, frame: 0 },
          { number: 1, frame: 150 },
        ],
        isrc: 'GBAAA2400001',
        flags: NO_FLAGS,
        text: { title: 'Headlights', performer: 'The Example Band' },
      },
      {
        number: 2,
        indexes: [
          { number: 0, frame: 525 },
          { number: 1, frame: 675 },
        ],
        isrc: 'GBAAA2400002',
        flags: { ...NO_FLAGS, preEmphasis: true },
        text: { title: 'City Lights', performer: 'The Example Band feat. Guest' },
      },
      {
        number: 3,
        indexes: [
          { number: 0, frame: 1050 },
          { number: 1, frame: 1200 },
          { number: 2, frame: 1350 },
        ],
        flags: { ...NO_FLAGS, copyPermitted: true },
        text: { title: 'Overpass "Live"', performer: 'The Example Band' },
        indexNames: { 2: 'Coda' },
      },
    ],
    leadOutFrame: 1575,
  };
}

/**
 * Programme audio for a layout: digital silence in every pause, and in each track a tone of
 * its own pitch with left and right different, so that any misplaced byte shows.
 */
export function testProgramme(layout: DiscLayout): Buffer {
  const pcm = Buffer.alloc(layout.leadOutFrame * CD_BYTES_PER_FRAME);
  layout.tracks.forEach((track, position) => {
    const start = track.indexes.find((i) => i.number === 1)!.frame;
    const next = layout.tracks[position + 1];
    const end = next ? next.indexes[0]!.frame : layout.leadOutFrame;
    const frequency = 220 * (position + 1);
    for (let sample = start * 588; sample < end * 588; sample++) {
      const t = sample / 44_100;
      pcm.writeInt16LE(Math.round(12_000 * Math.sin(2 * Math.PI * frequency * t)), sample * 4);
      pcm.writeInt16LE(
        Math.round(8_000 * Math.sin(2 * Math.PI * frequency * 1.5 * t)),
        sample * 4 + 2,
      );
    }
  });
  return pcm;
}

/** The programme as a WAV (as a DAW renders the album) plus the raw bytes it holds. */
export async function writeTestMaster(dir: string, layout: DiscLayout, trimBytes = 0) {
  const pcm = testProgramme(layout).subarray(
    0,
    layout.leadOutFrame * CD_BYTES_PER_FRAME - trimBytes,
  );
  const raw = join(dir, 'programme.raw');
  await writeFile(raw, pcm);
  const wav = await writeCdWav(
    join(dir, 'album master.wav'),
    [{ kind: 'file', path: raw, offset: 0, bytes: pcm.length }],
    { fsync: false },
  );
  return { pcm, raw, wav };
}
