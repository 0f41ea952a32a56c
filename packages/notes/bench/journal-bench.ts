// Journal benchmarks: durable appends, and reading and querying a large journal, each against a
// plain reference run in the same process on the same disk.
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NoteInput, openJournal } from '../src/index.js';

const APPENDS = 10_000;
const ENTRIES = 100_000;

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const per = (ms: number, n: number) => `${((ms * 1000) / n).toFixed(1)} µs each`;

const songs = ['headlights', 'city-lights', 'overpass', 'night-drive', 'tunnel', 'home'];
const kinds = ['note', 'change', 'change', 'change', 'client-request', 'decision', 'qc'] as const;

/** A realistic mix of entries: mostly change notes, some requests, notes and QC figures. */
function entry(i: number): NoteInput {
  const kind = kinds[i % kinds.length]!;
  const songId = songs[i % songs.length]!;
  return {
    kind,
    author: i % 3 === 0 ? 'Robin Engineer' : 'tapeop',
    scope: { kind: 'song', songId },
    text:
      kind === 'change'
        ? `${songId} · Pro-Q 3 · Band ${i % 8} Gain: +1.5 dB → +2.0 dB`
        : `Entry ${i}: vocal a touch louder in the second chorus`,
    ...(kind === 'client-request' ? { requestedBy: 'Sam Client' } : {}),
    ...(kind === 'change'
      ? {
          data: {
            change: 'param',
            track: songId,
            fx: 'Pro-Q 3',
            param: i % 64,
            before: 0.55,
            after: 0.5667,
          },
        }
      : {}),
    ...(kind === 'qc'
      ? { data: { integratedLufs: -9.8, truePeakDbtp: -1.1, loudnessRangeLu: 5.2 } }
      : {}),
    tags: i % 5 === 0 ? ['eq'] : undefined,
  };
}

async function benchAppends(dir: string) {
  const journal = openJournal(join(dir, 'append'), { author: 'bench' });
  await mkdir(journal.sessionDir);
  const reference = join(dir, 'reference.jsonl');
  const line = `${JSON.stringify({ schema: 'Note.1', ...entry(1), id: '01M7X05X10J04WMK706YF3WSHN', time: new Date().toISOString() })}\n`;

  const plain = await timed(() => {
    for (let i = 0; i < APPENDS; i++) {
      const fd = openSync(reference, 'a');
      appendFileSync(fd, line);
      fsyncSync(fd);
      closeSync(fd);
    }
  });
  const ours = await timed(async () => {
    for (let i = 0; i < APPENDS; i++) await journal.append(entry(i));
  });
  const batched = await timed(async () => {
    for (let i = 0; i < APPENDS; i += 100) {
      await journal.appendAll(Array.from({ length: 100 }, (_, k) => entry(i + k)));
    }
  });
  console.log(`${APPENDS} durable appends (validate, lock, O_APPEND write, fsync, unlock):`);
  console.log(`  journal.append          ${fmt(ours.ms)} (${per(ours.ms, APPENDS)})`);
  console.log(
    `  reference               ${fmt(plain.ms)} (${per(plain.ms, APPENDS)}): open + fs.appendFileSync + fs.fsyncSync + close`,
  );
  console.log(`  ratio                   ${(ours.ms / plain.ms).toFixed(2)}× the reference`);
  console.log(
    `  appendAll, 100 a batch  ${fmt(batched.ms)} (${per(batched.ms, APPENDS)}; one lock and fsync per batch)`,
  );
}

async function benchReading(dir: string) {
  const sessionDir = join(dir, 'read');
  await mkdir(sessionDir);
  const journal = openJournal(sessionDir, { author: 'bench' });
  for (let i = 0; i < ENTRIES; i += 1000) {
    const batch = Array.from({ length: 1000 }, (_, k) => entry(i + k));
    if (i === 20_000) batch[0] = { kind: 'version', text: 'v1 sent to client', versionId: 'v1' };
    if (i === 70_000) batch[0] = { kind: 'version', text: 'v2 sent to client', versionId: 'v2' };
    await journal.appendAll(batch);
  }
  const file = journal.path;
  const size = readFileSync(file).length;

  // Reference: read the file and JSON.parse every line, nothing else.
  const plain = await timed(() => {
    const text = readFileSync(file, 'utf8');
    let count = 0;
    for (const line of text.split('\n')) if (line) count += JSON.parse(line) ? 1 : 0;
    return count;
  });
  const read = await timed(() => journal.read());
  const plainAgain = await timed(() => {
    const text = readFileSync(file, 'utf8');
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)).length;
  });
  const reference = Math.min(plain.ms, plainAgain.ms);
  console.log(`\nreading ${ENTRIES} entries (${(size / 1e6).toFixed(1)} MB):`);
  console.log(
    `  journal.read            ${fmt(read.ms)} (${per(read.ms, ENTRIES)}): parse, validate every line, build the effective view`,
  );
  console.log(
    `  reference               ${fmt(reference)}: readFileSync + JSON.parse of each line`,
  );
  console.log(`  ratio                   ${(read.ms / reference).toFixed(2)}× the reference`);

  const view = read.value;
  if (view.history.length !== ENTRIES || view.issues.length > 0) {
    throw new Error(`read ${view.history.length} entries with ${view.issues.length} issues`);
  }
  const queries = [
    ['open client requests', () => journal.openRequests()],
    ['by song', () => journal.query({ songId: 'overpass' })],
    ['kind + version', () => journal.query({ kind: 'change', versionId: 'v2' })],
    ['text search', () => journal.query({ text: 'second chorus vocal' })],
    [
      'time range + author',
      () => journal.query({ since: Date.now() - 60_000, author: 'Robin Engineer' }),
    ],
  ] as const;
  console.log(`querying ${ENTRIES} entries (each query reads the file again):`);
  for (const [name, run] of queries) {
    const result = await timed(run);
    console.log(
      `  ${name.padEnd(22)}  ${fmt(result.ms)} → ${result.value.length} entries (${(result.ms / reference).toFixed(2)}× the reference read)`,
    );
  }
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-notes-bench-'));
  try {
    await benchAppends(dir);
    await benchReading(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
