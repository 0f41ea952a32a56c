// A journal with what a real revision round leaves in it, for the export tests.
import { writeChangeNotes } from '../change-notes/write-change-notes.js';
import { type Journal, openJournal } from '../journal/open-journal.js';
import { albumSession, snapshotV1, snapshotV2 } from './album-fixture.js';

export const HOSTILE = `<script>alert("x")</script> & "quotes" 'single' </li></ul><img src=x onerror=alert(1)>`;

export async function albumJournal(dir: string): Promise<Journal> {
  const journal = openJournal(dir, { author: 'Robin Engineer' });
  const session = albumSession();
  const song = (songId: string) => ({ kind: 'song' as const, songId });
  await journal.append({
    kind: 'decision',
    text: 'Keep the 2 s gaps between songs',
    time: '2026-11-19T12:00:00Z',
  });
  await journal.append({
    kind: 'qc',
    text: 'Mix QC',
    scope: song('headlights'),
    author: 'tapeop',
    time: '2026-11-19T12:05:00Z',
    data: { integratedLufs: -9.8, truePeakDbtp: -1.1, loudnessRangeLu: 5.2, clipping: [] },
  });
  await journal.append({
    kind: 'qc',
    text: 'Album QC',
    author: 'tapeop',
    time: '2026-11-19T12:06:00Z',
    data: { album: { integratedLufs: -10.1, loudestSong: 'headlights' } },
  });
  await journal.markVersion({
    id: 'v1',
    name: 'v1 sent to client',
    snapshotId: snapshotV1().id,
    time: '2026-11-20T17:30:00Z',
  });
  await journal.append({
    kind: 'client-request',
    text: 'Vocal a touch louder in the second chorus',
    scope: song('city-lights'),
    requestedBy: 'Sam Client',
    author: 'Sam Client',
    time: '2026-11-20T18:00:00Z',
  });
  const lowEnd = await journal.append({
    kind: 'client-request',
    text: 'Less low end on Headlights',
    scope: song('headlights'),
    requestedBy: 'Sam Client',
    author: 'Sam Client',
    time: '2026-11-20T18:01:00Z',
  });
  await journal.append({
    kind: 'client-request',
    text: HOSTILE,
    scope: song('overpass'),
    requestedBy: 'Mallory "<b>"',
    author: 'Mallory',
    time: '2026-11-20T18:02:00Z',
  });
  await writeChangeNotes(journal, [snapshotV1(), snapshotV2()], { session, songLabel: 'title' });
  await journal.amend(lowEnd.id, {
    status: 'done',
    text: 'Less low end on Headlights (cut 0.5 dB at 80 Hz)',
  });
  await journal.append({
    text: 'Small click at 1:40, fixed with a 5 ms crossfade',
    scope: {
      kind: 'position',
      songId: 'headlights',
      positionSamples: 4_410_000,
      sampleRate: 44100,
    },
    tags: ['edit'],
    time: '2026-11-21T10:05:00Z',
  });
  await journal.append({ text: HOSTILE, scope: song('headlights'), time: '2026-11-21T10:06:00Z' });
  const wrong = await journal.append({
    text: 'Note for the wrong album',
    time: '2026-11-21T10:07:00Z',
  });
  await journal.retract(wrong.id, { reason: 'Wrong session' });
  await journal.append({
    kind: 'delivery',
    text: 'DDP image sent to the plant',
    time: '2026-11-22T09:00:00Z',
    data: { path: 'deliver/DDP', md5: '9e107d9d372bb6826bd81d3542a419d6', tracks: 3 },
  });
  return journal;
}
