import { appendFile, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempSession } from '../test-support/temp-session.js';
import { JournalReader } from './journal-reader.js';
import { openJournal } from './open-journal.js';
import * as parser from './parse-journal.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempSession());
});
afterEach(() => {
  vi.restoreAllMocks();
  return cleanup();
});

const fileOf = () => join(dir, 'notes.jsonl');

describe('reading a journal again', () => {
  it('parses only what was appended since the last read', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const other = openJournal(dir, { author: 'Hub' });
    await journal.appendAll(Array.from({ length: 50 }, (_, i) => ({ text: `n${i}` })));
    expect((await journal.read()).history).toHaveLength(50);

    const spy = vi.spyOn(parser, 'parseJournal');
    await other.append({ text: 'from another writer' });
    const view = await journal.read();
    expect(view.history).toHaveLength(51);
    expect(view.history.at(-1)!.text).toBe('from another writer');
    // One parse, of the new line only.
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.results[0]!.value.lines).toHaveLength(1);
    expect(spy.mock.calls[0]![2]!.lineCount).toBe(50);
  });

  it('notices a hand edit that keeps the size and the file', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'Kick at 1:00' });
    await journal.append({ text: 'Snare at 2:00' });
    expect((await journal.read()).history.map((n) => n.text)).toEqual([
      'Kick at 1:00',
      'Snare at 2:00',
    ]);
    const before = await stat(fileOf());
    // Edit in place, as an editor that rewrites the same file does: same inode, same size.
    const text = await readFile(fileOf(), 'utf8');
    const handle = await open(fileOf(), 'r+');
    await handle.write(text.replace('Kick at 1:00', 'Kick at 1:05'), 0);
    await handle.close();
    const after = await stat(fileOf());
    expect([after.ino, after.size]).toEqual([before.ino, before.size]);
    expect((await journal.read()).history.map((n) => n.text)).toEqual([
      'Kick at 1:05',
      'Snare at 2:00',
    ]);
  });

  it('notices a file replaced by another, and a file that shrank', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'one' });
    await journal.append({ text: 'two' });
    await journal.read();
    const lines = (await readFile(fileOf(), 'utf8')).split('\n');
    await writeFile(join(dir, 'replacement'), `${lines[1]}\n${lines[0]}\n`);
    await rename(join(dir, 'replacement'), fileOf());
    expect((await journal.read()).history.map((n) => n.text)).toEqual(['two', 'one']);
    await writeFile(fileOf(), `${lines[1]}\n`);
    expect((await journal.read()).history.map((n) => n.text)).toEqual(['two']);
  });

  it('never keeps an unfinished last line', async () => {
    const journal = openJournal(dir, { author: 'Robin', lock: { timeoutMs: 100 } });
    await journal.append({ text: 'one' });
    const second = JSON.stringify({
      ...(await journal.read()).history[0],
      id: '01M7X05X10J04WMK706YF3WSHN',
      text: 'two',
    });
    await appendFile(fileOf(), second.slice(0, 30));
    expect((await journal.read()).issues.map((i) => i.kind)).toEqual(['torn-last-line']);
    await appendFile(fileOf(), `${second.slice(30)}\n`);
    const view = await journal.read();
    expect(view.history.map((n) => n.text)).toEqual(['one', 'two']);
    expect(view.issues).toEqual([]);
  });

  it('hands out frozen notes, since reads share them', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'one', scope: { kind: 'song', songId: 'a' }, tags: ['x'] });
    const [note] = (await journal.read()).history;
    expect(Object.isFrozen(note)).toBe(true);
    expect(Object.isFrozen(note!.scope)).toBe(true);
    expect(() => {
      (note!.tags as string[]).push('y');
    }).toThrow(TypeError);
    expect((await journal.read()).history[0]!.tags).toEqual(['x']);
  });

  it('works on bytes alone', () => {
    const reader = new JournalReader('notes.jsonl');
    const identity = { dev: 1, ino: 2 };
    const empty = reader.parse(Buffer.alloc(0), identity);
    expect(empty).toMatchObject({ lines: [], issues: [], lineCount: 0, endsWithNewline: true });
    const broken = reader.parse(Buffer.from('nope\n{"half'), identity);
    expect(broken.issues.map((i) => [i.kind, i.line])).toEqual([
      ['not-json', 1],
      ['torn-last-line', 2],
    ]);
    const again = reader.parse(Buffer.from('nope\n{"half'), identity);
    expect(again.issues).toEqual(broken.issues);
  });
});
