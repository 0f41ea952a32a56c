// Journal benchmarks: durable appends, and reading and querying a large journal, each against a
// plain reference run in the same process on the same disk.
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterEntries, type NoteInput, openJournal } from '../src/index.js';

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

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const BLOCKS = 10;

/**
 * The machine is shared, so ours and the reference run in alternating blocks: load that comes
 * and goes hits both alike. Reported: totals, the ratio of the totals, and the spread of the
 * per-block ratios.
 */
async function benchAppends(dir: string) {
  const journal = openJournal(join(dir, 'append'), { author: 'bench' });
  await mkdir(journal.sessionDir);
  const reference = join(dir, 'reference.jsonl');
  const line = `${JSON.stringify({ schema: 'Note.1', ...entry(1), id: '01M7X05X10J04WMK706YF3WSHN', time: new Date().toISOString() })}\n`;
  const perBlock = APPENDS / BLOCKS;
  let plainMs = 0;
  let oursMs = 0;
  const ratios: number[] = [];
  for (let block = 0; block < BLOCKS; block++) {
    const plain = await timed(() => {
      for (let i = 0; i < perBlock; i++) {
        const fd = openSync(reference, 'a');
        appendFileSync(fd, line);
        fsyncSync(fd);
        closeSync(fd);
      }
    });
    const ours = await timed(async () => {
      for (let i = 0; i < perBlock; i++) await journal.append(entry(block * perBlock + i));
    });
    plainMs += plain.ms;
    oursMs += ours.ms;
    ratios.push(ours.ms / plain.ms);
  }
  const batched = await timed(async () => {
    for (let i = 0; i < APPENDS; i += 100) {
      await journal.appendAll(Array.from({ length: 100 }, (_, k) => entry(i + k)));
    }
  });
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(
    `${APPENDS} durable appends (validate, lock, O_APPEND write, fsync, unlock), ${BLOCKS} alternating blocks:`,
  );
  console.log(`  journal.append          ${fmt(oursMs)} (${per(oursMs, APPENDS)})`);
  console.log(
    `  reference               ${fmt(plainMs)} (${per(plainMs, APPENDS)}): open + fs.appendFileSync + fs.fsyncSync + close, synchronous`,
  );
  console.log(
    `  ratio                   ${(oursMs / plainMs).toFixed(2)}× the reference (per block ${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)}, median ${median(ratios).toFixed(2)})`,
  );
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
  const plainRead = () => {
    const text = readFileSync(file, 'utf8');
    let count = 0;
    for (const line of text.split('\n')) if (line && JSON.parse(line)) count += 1;
    return count;
  };
  // A first read: a new journal object each round, so every line is parsed and validated.
  const rounds = 5;
  const plainTimes: number[] = [];
  const readTimes: number[] = [];
  let view: Awaited<ReturnType<typeof journal.read>> | undefined;
  for (let round = 0; round < rounds; round++) {
    plainTimes.push((await timed(plainRead)).ms);
    const read = await timed(() => openJournal(sessionDir).read());
    readTimes.push(read.ms);
    view = read.value;
  }
  const reference = median(plainTimes);
  const ours = median(readTimes);
  console.log(
    `\nreading ${ENTRIES} entries (${(size / 1e6).toFixed(1)} MB), median of ${rounds} alternating rounds:`,
  );
  console.log(
    `  first read              ${fmt(ours)} (${per(ours, ENTRIES)}): parse, validate every line, build the effective view`,
  );
  console.log(
    `  reference               ${fmt(reference)}: readFileSync + JSON.parse of each line`,
  );
  console.log(
    `  ratio                   ${(ours / reference).toFixed(2)}× the reference (rounds: ours ${readTimes.map((t) => t.toFixed(0)).join('/')} ms, reference ${plainTimes.map((t) => t.toFixed(0)).join('/')} ms)`,
  );
  if (view?.history.length !== ENTRIES || view.issues.length > 0) {
    throw new Error(`read ${view?.history.length} entries with ${view?.issues.length} issues`);
  }

  // Reading again with the same journal object (the hub): only appended lines are parsed; the
  // rest is checked with a hash and the view rebuilt.
  await journal.read();
  const again = await timed(() => journal.read());
  const writer = openJournal(sessionDir, { author: 'other process' });
  await writer.appendAll(Array.from({ length: 100 }, (_, k) => entry(k)));
  const afterAppend = await timed(() => journal.read());
  console.log(
    `  read again, unchanged   ${fmt(again.ms)} (${(again.ms / reference).toFixed(2)}× the reference)`,
  );
  console.log(
    `  read again, +100 lines  ${fmt(afterAppend.ms)} (${(afterAppend.ms / reference).toFixed(2)}× the reference)`,
  );

  const queries = [
    ['open client requests', () => journal.openRequests()],
    ['by song', () => journal.query({ songId: 'overpass' })],
    ['kind + version', () => journal.query({ kind: 'change', versionId: 'v2' })],
    ['text search', () => journal.query({ text: 'second chorus vocal' })],
    [
      'time range + author',
      () => journal.query({ since: Date.now() - 3_600_000, author: 'Robin Engineer' }),
    ],
  ] as const;
  console.log(
    `querying ${ENTRIES} entries with the same journal object (each query reads the file again; median of 3):`,
  );
  for (const [name, run] of queries) {
    const times: number[] = [];
    let count = 0;
    for (let round = 0; round < 3; round++) {
      const result = await timed(run);
      times.push(result.ms);
      count = result.value.length;
    }
    const ms = median(times);
    console.log(
      `  ${name.padEnd(22)}  ${fmt(ms)} → ${count} entries (${(ms / reference).toFixed(2)}× the reference read)`,
    );
  }
  // Filtering alone, on a view already read: what a caller holding the view pays per query.
  const filterTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    filterTimes.push(
      (await timed(() => filterEntries(view!, { text: 'second chorus vocal', kind: 'note' }))).ms,
    );
  }
  console.log(`  filterEntries on a read view (text + kind): ${fmt(median(filterTimes))}`);
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
