// Journals the QC of a session's mixes the way `tapeop qc` does: @tapeop/audio measures every
// song's mix and its `qc` notes go into notes.jsonl. The browser tests run it as its own process
// (`node --import tsx e2e/node/write-qc-notes.ts <session folder>`), which also keeps the audio
// package's Node-only types out of the panel's DOM typecheck.

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { analyzeAlbum, buildQcReport, qcReportToNotes } from '@tapeop/audio';
import { parseSession } from '@tapeop/core';
import { openJournal } from '@tapeop/notes';

const sessionDir = process.argv[2];
if (!sessionDir) {
  console.error('usage: write-qc-notes.ts <session folder>');
  process.exit(2);
}
const parsed = parseSession(await readFile(join(sessionDir, 'session.json'), 'utf8'));
if (!parsed.ok) throw new Error(`${sessionDir}/session.json is not a valid session`);
const songIds = Object.fromEntries(
  parsed.value.songs
    .filter((song) => song.source)
    .map((song) => [resolve(sessionDir, song.source!.path), song.id]),
);
const analysis = await analyzeAlbum(Object.keys(songIds), { threads: false });
const report = buildQcReport(analysis, { songIds });
const notes = await openJournal(sessionDir, { author: 'tapeop qc' }).appendAll(
  qcReportToNotes(report, { author: 'tapeop qc' }),
);
console.log(JSON.stringify({ notes: notes.length }));
