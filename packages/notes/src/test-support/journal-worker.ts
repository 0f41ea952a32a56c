// A separate process that writes to a journal, for the concurrency and crash tests.
//   journal-worker.ts append <sessionDir> <worker> <count>
//   journal-worker.ts crash <sessionDir>   takes the lock, writes half a line, says "holding", waits
//   journal-worker.ts count <sessionDir> - <n>   n locked increments of a counter file
//   journal-worker.ts exit-holding <sessionDir>   takes the lock and exits at once
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock } from '../journal/journal-lock.js';
import { openJournal } from '../journal/open-journal.js';

const [mode, sessionDir, workerText, countText] = process.argv.slice(2);
if (!sessionDir)
  throw new Error('usage: journal-worker.ts append|crash <sessionDir> [worker count]');

if (mode === 'append') {
  const worker = Number(workerText);
  const count = Number(countText);
  const journal = openJournal(sessionDir, { author: `worker-${worker}` });
  for (let seq = 0; seq < count; seq++) {
    // Every 50th entry is long, so lines cross page boundaries and writes take longer.
    const padding = seq % 50 === 0 ? 'x'.repeat(6000) : `${seq}`;
    await journal.append({
      text: `worker ${worker} entry ${seq}`,
      tags: [`worker-${worker}`],
      data: { worker, seq, padding },
    });
  }
} else if (mode === 'crash') {
  const path = join(sessionDir, 'notes.jsonl');
  await acquireLock(`${path}.lock`);
  await appendFile(path, '{"schema":"Note.1","id":"01M7X0');
  process.stdout.write('holding\n');
  setInterval(() => {}, 1000);
} else if (mode === 'count') {
  // A read-modify-write that only comes out right if the lock excludes the other processes.
  const counter = join(sessionDir, 'counter');
  for (let i = 0; i < Number(countText); i++) {
    const lock = await acquireLock(join(sessionDir, 'counter.lock'));
    const value = Number(await readFile(counter, 'utf8').catch(() => '0'));
    await new Promise((resolve) => setImmediate(resolve));
    await writeFile(counter, String(value + 1));
    await lock.release();
  }
} else if (mode === 'exit-holding') {
  await acquireLock(join(sessionDir, 'notes.jsonl.lock'));
  process.exit(0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
