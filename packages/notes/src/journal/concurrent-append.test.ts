import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateNote } from '@tapeop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorker, tempSession } from '../test-support/temp-session.js';
import { openJournal } from './open-journal.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempSession());
});
afterEach(() => cleanup());

const WORKERS = 4;
const EACH = 1000;

describe('several processes appending at once', () => {
  it(`keeps all ${WORKERS * EACH} entries from ${WORKERS} processes intact and valid`, async () => {
    const workers = Array.from({ length: WORKERS }, (_, w) =>
      startWorker(['append', dir, String(w), String(EACH)]),
    );
    // This process writes too, as the hub would next to two CLI processes.
    const hub = openJournal(dir, { author: 'hub' });
    const hubWrites = Promise.all(
      Array.from({ length: 50 }, (_, i) => hub.append({ text: `hub ${i}` })),
    );
    const results = await Promise.all(workers.map((w) => w.exited));
    await hubWrites;
    for (const result of results) expect(result).toMatchObject({ code: 0, signal: null });

    // Every line, read raw: one valid Note each, nothing interleaved.
    const text = await readFile(join(dir, 'notes.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(WORKERS * EACH + 50);
    for (const line of lines) expect(validateNote(JSON.parse(line)).ok).toBe(true);

    const view = await hub.read();
    expect(view.issues).toEqual([]);
    const ids = new Set(view.history.map((n) => n.id));
    expect(ids.size).toBe(WORKERS * EACH + 50);
    for (let w = 0; w < WORKERS; w++) {
      const mine = view.history.filter((n) => n.author === `worker-${w}`);
      // Each process's entries are all there, in the order it wrote them.
      const data = mine.map((n) => n.data as { seq: number; padding: string });
      expect(data.map((d) => d.seq)).toEqual(Array.from({ length: EACH }, (_, i) => i));
      for (const [i, note] of mine.entries()) {
        const { seq, padding } = data[i]!;
        expect(note.text).toBe(`worker ${w} entry ${seq}`);
        expect(padding).toBe(seq % 50 === 0 ? 'x'.repeat(6000) : `${seq}`);
      }
    }
    // The lock is gone and left nothing behind.
    expect(await readdir(dir)).toEqual(['notes.jsonl']);
  }, 240_000);
});
