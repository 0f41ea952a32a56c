import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryLogger, isTapeopError, isUlid } from '@tapeop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempSession } from '../test-support/temp-session.js';
import { acquireLock } from './journal-lock.js';
import { buildNote } from './note-input.js';
import { openJournal } from './open-journal.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempSession());
});
afterEach(() => cleanup());

const fileOf = () => join(dir, 'notes.jsonl');
const linesOf = async () => (await readFile(fileOf(), 'utf8')).split('\n');

describe('append', () => {
  it('writes one valid Note per line with ids, time and defaults filled in', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const first = await journal.append({ text: 'Started the session' });
    const second = await journal.append({
      kind: 'client-request',
      text: 'Vocal up in the chorus',
      scope: { kind: 'song', songId: 'city-lights' },
      requestedBy: 'Sam Client',
      author: 'Sam Client',
    });
    expect(isUlid(first.id)).toBe(true);
    expect(first).toMatchObject({
      schema: 'Note.1',
      author: 'Robin',
      kind: 'note',
      scope: { kind: 'session' },
    });
    expect(second).toMatchObject({ status: 'open', author: 'Sam Client' });
    const lines = await linesOf();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual(first);
    expect(JSON.parse(lines[1]!)).toEqual(second);
    const view = await journal.read();
    expect(view.history.map((n) => n.id)).toEqual([first.id, second.id]);
    expect(view.issues).toEqual([]);
  });

  it('refuses an invalid entry and writes nothing', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const attempts = [
      { kind: 'note' as const, text: 'x', status: 'open' as const },
      { kind: 'note' as const, text: 'x', scope: { kind: 'song' as const } },
      { kind: 'gossip' as never, text: 'x' },
      { text: 42 as unknown as string },
    ];
    for (const attempt of attempts) {
      const error = await journal.append(attempt).catch((e: unknown) => e);
      expect(isTapeopError(error, 'SCHEMA_INVALID')).toBe(true);
    }
    await expect(stat(fileOf())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('validates what goes on disk: undefined fields vanish, data must be JSON', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const note = await journal.append({ text: 'x', tags: undefined, data: { at: new Date(0) } });
    expect(note.data).toEqual({ at: '1970-01-01T00:00:00.000Z' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(journal.append({ text: 'x', data: cyclic })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(journal.append({ text: 'x'.repeat(1_100_000) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('appends a batch in one write', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const notes = await journal.appendAll([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    expect((await journal.read()).history.map((n) => n.text)).toEqual(['a', 'b', 'c']);
    expect(notes).toHaveLength(3);
    expect(await journal.appendAll([])).toEqual([]);
  });

  it('says which folder is missing', async () => {
    const journal = openJournal(join(dir, 'no-such-session'));
    const error = await journal.append({ text: 'x', author: 'Robin' }).catch((e: unknown) => e);
    expect(isTapeopError(error, 'FILE_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('no-such-session');
  });

  it('says what to do when notes.jsonl is a folder', async () => {
    await mkdir(fileOf());
    const journal = openJournal(dir, { author: 'Robin' });
    await expect(journal.read()).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      hint: expect.stringContaining('folder'),
    });
    await expect(journal.append({ text: 'x' })).rejects.toMatchObject({
      code: 'IO_ERROR',
      hint: expect.stringContaining('folder'),
    });
  });

  it('serialises concurrent appends from one process', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const other = openJournal(dir, { author: 'Hub' });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? journal : other).append({ text: `n${i}` })),
    );
    const view = await journal.read();
    expect(view.history).toHaveLength(60);
    expect(view.issues).toEqual([]);
  });
});

describe('a torn last line (a crash mid-write)', () => {
  it('is reported on read, the earlier entries still read, and the next append starts on a fresh line', async () => {
    const logger = createMemoryLogger();
    const journal = openJournal(dir, { author: 'Robin', logger });
    await journal.append({ text: 'one' });
    await journal.append({ text: 'two' });
    const whole = JSON.stringify({ ...(await journal.append({ text: 'three' })), id: undefined });
    // A crash in the middle of the next append leaves half a line.
    const half = whole.slice(0, Math.floor(whole.length / 2));
    await appendFile(fileOf(), half);
    const before = await readFile(fileOf());

    const view = await journal.read();
    expect(view.history.map((n) => n.text)).toEqual(['one', 'two', 'three']);
    expect(view.issues).toHaveLength(1);
    expect(view.issues[0]).toMatchObject({ kind: 'torn-last-line', line: 4, severity: 'error' });
    expect(view.issues[0]!.message).toContain('notes.jsonl, line 4');
    expect(logger.records.some((r) => r.level === 'warn' && r.message.includes('line 4'))).toBe(
      true,
    );
    // Reading never changes the file.
    expect(await readFile(fileOf())).toEqual(before);

    const four = await journal.append({ text: 'four' });
    const after = await readFile(fileOf());
    expect(after.subarray(0, before.length)).toEqual(before);
    expect(after.toString('utf8', before.length)).toBe(`\n${JSON.stringify(four)}\n`);

    const again = await journal.read();
    expect(again.history.map((n) => n.text)).toEqual(['one', 'two', 'three', 'four']);
    expect(again.issues).toEqual([
      expect.objectContaining({ kind: 'torn-line', line: 4, severity: 'error' }),
    ]);
    expect(logger.records.some((r) => r.message.includes('torn line'))).toBe(true);
  });

  it('keeps a complete last entry that only lacks its newline', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'one' });
    const text = await readFile(fileOf(), 'utf8');
    await writeFile(fileOf(), text.slice(0, -1));
    const view = await journal.read();
    expect(view.history.map((n) => n.text)).toEqual(['one']);
    expect(view.issues).toEqual([
      expect.objectContaining({ kind: 'unterminated-last-line', severity: 'warning', line: 1 }),
    ]);
    await journal.append({ text: 'two' });
    const next = await journal.read();
    expect(next.history.map((n) => n.text)).toEqual(['one', 'two']);
    expect(next.issues).toEqual([]);
  });

  it('waits for an append in progress instead of calling it torn', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'one' });
    // Another writer holds the lock and has written half of its line...
    const lock = await acquireLock(`${fileOf()}.lock`);
    const { line } = buildNote({ text: 'two' }, 'Robin');
    await appendFile(fileOf(), line.slice(0, 40));
    const reading = journal.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // ...then finishes it and lets go.
    await appendFile(fileOf(), line.slice(40));
    await lock.release();
    const view = await reading;
    expect(view.history.map((n) => n.text)).toEqual(['one', 'two']);
    expect(view.issues).toEqual([]);
  });
});

describe('a reader', () => {
  it('does not wait long for a writer that keeps the lock: it reports the unfinished line', async () => {
    const journal = openJournal(dir, { author: 'Robin', lock: { timeoutMs: 200 } });
    await journal.append({ text: 'one' });
    const lock = await acquireLock(`${fileOf()}.lock`);
    try {
      await appendFile(fileOf(), '{"schema":"Note.1","id":"01M7');
      const view = await journal.read();
      expect(view.history.map((n) => n.text)).toEqual(['one']);
      expect(view.issues.map((i) => [i.kind, i.line])).toEqual([['torn-last-line', 2]]);
    } finally {
      await lock.release();
    }
  });
});

describe('a corrupt line in the middle (a hand edit)', () => {
  it('is reported with its line number and skipped; reading never rewrites the file', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    for (const text of ['one', 'two', 'three', 'four', 'five']) await journal.append({ text });
    const lines = await linesOf();
    lines[1] = '{"schema":"Note.1", this was edited by hand';
    lines[3] = JSON.stringify({ ...JSON.parse(lines[3]!), kind: 'gossip' });
    await writeFile(fileOf(), lines.join('\n'));
    const before = await stat(fileOf());
    const bytes = await readFile(fileOf());

    const view = await journal.read();
    expect(view.history.map((n) => n.text)).toEqual(['one', 'three', 'five']);
    expect(view.issues.map((i) => [i.kind, i.line])).toEqual([
      ['not-json', 2],
      ['invalid-note', 4],
    ]);
    expect(view.issues[0]!.message).toMatch(/notes\.jsonl, line 2: not valid JSON/);
    expect(view.issues[0]!.excerpt).toContain('edited by hand');
    expect(view.issues[1]!.message).toMatch(/line 4: not a valid Note entry .*kind/);
    expect(view.issues[1]!.problems?.length).toBeGreaterThan(0);
    expect(await readFile(fileOf())).toEqual(bytes);
    expect((await stat(fileOf())).mtimeMs).toBe(before.mtimeMs);

    await journal.append({ text: 'six' });
    const after = await journal.read();
    expect(after.history.map((n) => n.text)).toEqual(['one', 'three', 'five', 'six']);
    expect(after.issues.map((i) => i.line)).toEqual([2, 4]);
  });

  it('gives the byte offset of a bad line after text that is not ASCII', async () => {
    const journal = openJournal(dir, { author: 'Zoë' });
    await journal.append({ text: 'Café — “quoted” ♪' });
    await appendFile(fileOf(), 'garbage\n');
    const expected = (await readFile(fileOf())).indexOf('garbage');
    const view = await journal.read();
    expect(view.issues).toEqual([expect.objectContaining({ line: 2, byteOffset: expected })]);
  });

  it('copes with what editors do: a BOM, CRLF line ends, blank lines', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    for (const text of ['one', 'two', 'three']) await journal.append({ text });
    const lines = (await linesOf()).filter(Boolean);
    await writeFile(fileOf(), `\uFEFF${lines[0]}\r\n\r\n${lines[1]}\r\n   \n${lines[2]}\r\n`);
    const view = await journal.read();
    expect(view.history.map((n) => n.text)).toEqual(['one', 'two', 'three']);
    expect(view.issues).toEqual([]);
    expect(view.lineCount).toBe(5);
  });

  it('reports bytes that are not UTF-8, duplicate ids and references that lead nowhere', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const one = await journal.append({ text: 'one' });
    await appendFile(fileOf(), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]));
    await appendFile(fileOf(), `${JSON.stringify({ ...one, text: 'copy' })}\n`);
    await journal.append({ text: 'fix', amends: '01M7X05X10J04WMK706YF3WSHN' });
    const view = await journal.read();
    expect(view.issues.map((i) => [i.kind, i.line])).toEqual([
      ['not-utf8', 2],
      ['duplicate-id', 3],
      ['dangling-reference', 4],
    ]);
    expect(view.entries.map((e) => e.note.text)).toEqual(['one']);
  });

  it('reads a missing journal as empty', async () => {
    const view = await openJournal(dir).read();
    expect(view.history).toEqual([]);
    expect(view.entries).toEqual([]);
    expect(view.issues).toEqual([]);
  });
});

describe('amend and retract', () => {
  it('adds new entries; the history keeps the originals and the view applies them', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const request = await journal.append({
      kind: 'client-request',
      text: 'Vocal a touch louder',
      scope: { kind: 'song', songId: 'city-lights' },
      requestedBy: 'Sam Client',
    });
    const note = await journal.append({ text: 'Clik at 1:40', tags: ['edit'] });
    const fixed = await journal.amend(note.id, { text: 'Click at 1:40' });
    const done = await journal.amend(request.id, { status: 'done', author: 'Alex Assistant' });
    expect(done).toMatchObject({
      amends: request.id,
      status: 'done',
      text: 'Vocal a touch louder',
    });
    expect(fixed).toMatchObject({ amends: note.id, kind: 'note' });

    const view = await journal.read();
    expect(view.history).toHaveLength(4);
    expect(view.history[0]).toEqual(request);
    const [req, typo] = view.entries;
    expect(req!.note).toMatchObject({ status: 'done', requestedBy: 'Sam Client', id: request.id });
    expect(req!.original.status).toBe('open');
    expect(req!.updatedAt).toBe(done.time);
    expect(typo!.note).toMatchObject({ text: 'Click at 1:40', tags: ['edit'] });
    expect(await journal.openRequests()).toEqual([]);
    expect(await journal.query({ author: 'Alex Assistant' })).toHaveLength(1);

    // Reopened by amending the amendment: the chain leads back to the original.
    await journal.amend(done.id, { status: 'open' });
    expect((await journal.openRequests()).map((e) => e.id)).toEqual([request.id]);
  });

  it('withdraws an entry, or just one amendment', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const a = await journal.append({ text: 'Wrong song' });
    const b = await journal.append({ text: 'Limiter at -1.0 dBTP' });
    const edit = await journal.amend(b.id, { text: 'Limiter at -0.3 dBTP' });
    await journal.retract(a.id, { reason: 'Entered on the wrong session' });
    await journal.retract(edit.id);
    const view = await journal.read();
    expect(view.entries.map((e) => e.note.text)).toEqual(['Limiter at -1.0 dBTP']);
    expect(view.retracted.map((e) => [e.id, e.retraction?.text])).toEqual([
      [a.id, 'Entered on the wrong session'],
    ]);
    expect(view.history).toHaveLength(5);
    expect(await journal.query({ includeRetracted: true })).toHaveLength(2);

    await expect(journal.amend(a.id, { text: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(journal.retract(a.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const retraction = view.history.at(-1)!;
    await expect(journal.retract(retraction.id)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(journal.amend('01M7X05X10J04WMK706YF3WSHN', { text: 'x' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('versions', () => {
  it('attaches later entries to the last milestone', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'before any version' });
    await journal.markVersion({
      id: 'v1',
      name: 'v1 sent to client',
      snapshotId: '01M7X042E0V5QP5JMPNNVHAH9N',
    });
    const request = await journal.append({
      kind: 'client-request',
      text: 'More bass',
      requestedBy: 'Sam',
    });
    await journal.append({ text: 'explicitly about v0', versionId: 'v0' });
    await journal.markVersion({ id: 'v2', name: 'v2 sent to client' });
    await journal.append({ text: 'after v2' });
    const view = await journal.read();
    expect(view.entries.map((e) => [e.note.text, e.versionId])).toEqual([
      ['before any version', undefined],
      ['v1 sent to client', 'v1'],
      ['More bass', 'v1'],
      ['explicitly about v0', 'v0'],
      ['v2 sent to client', 'v2'],
      ['after v2', 'v2'],
    ]);
    expect(view.versions.map((v) => [v.id, v.name, v.snapshotId, v.source])).toEqual([
      ['v1', 'v1 sent to client', '01M7X042E0V5QP5JMPNNVHAH9N', 'journal'],
      ['v2', 'v2 sent to client', undefined, 'journal'],
    ]);
    expect((await journal.query({ versionId: 'v1' })).map((e) => e.id)).toContain(request.id);
  });

  it('forgets a withdrawn milestone', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const v1 = await journal.markVersion({ id: 'v1', name: 'v1 sent to client' });
    await journal.append({ text: 'after' });
    await journal.retract(v1.id, { reason: 'Not sent after all' });
    const view = await journal.read();
    expect(view.versions).toEqual([]);
    expect(view.entries.map((e) => [e.note.text, e.versionId])).toEqual([['after', undefined]]);
  });

  it("merges the session document's milestones, placing those the journal lacks by date", async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'early', time: '2026-11-01T10:00:00Z' });
    await journal.markVersion({ id: 'v1', name: 'v1', time: '2026-11-10T10:00:00Z' });
    await journal.append({ text: 'after v1', time: '2026-11-12T10:00:00Z' });
    await journal.append({ text: 'after v2', time: '2026-11-21T10:00:00Z' });
    const view = await journal.read({
      versions: [
        { id: 'v1', name: 'v1 sent to client', date: '2026-11-10T09:00:00Z' },
        { id: 'v2', name: 'v2 sent to client', date: '2026-11-20T17:00:00Z' },
      ],
    });
    expect(view.entries.map((e) => [e.note.text, e.versionId])).toEqual([
      ['early', undefined],
      ['v1', 'v1'],
      ['after v1', 'v1'],
      ['after v2', 'v2'],
    ]);
    expect(view.versions.map((v) => [v.id, v.name, v.source])).toEqual([
      ['v1', 'v1 sent to client', 'both'],
      ['v2', 'v2 sent to client', 'session'],
    ]);
  });
});

describe('query', () => {
  it('filters by song, kind, status, version, author, time, tags and text', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const song = (songId: string) => ({ kind: 'song' as const, songId });
    await journal.append({
      text: 'Headlights: cut 2 dB at 300 Hz',
      scope: song('headlights'),
      time: '2026-11-02T10:00:00Z',
      tags: ['eq'],
    });
    await journal.markVersion({ id: 'v1', name: 'v1 sent', time: '2026-11-03T10:00:00Z' });
    await journal.append({
      kind: 'client-request',
      text: 'Vocal louder in the café scene',
      scope: song('city-lights'),
      requestedBy: 'Sam',
      author: 'Sam',
      time: '2026-11-04T10:00:00Z',
    });
    await journal.append({
      kind: 'client-request',
      text: 'Less reverb',
      scope: song('headlights'),
      requestedBy: 'Kim',
      author: 'Kim',
      status: 'wontfix',
      time: '2026-11-05T10:00:00Z',
    });
    await journal.append({
      kind: 'decision',
      text: 'Keep the fade',
      scope: song('headlights'),
      time: '2026-11-06T10:00:00Z',
      tags: ['fade', 'eq'],
    });

    const texts = async (filter: Parameters<typeof journal.query>[0]) =>
      (await journal.query(filter)).map((e) => e.note.text);
    expect(await texts({ songId: 'headlights' })).toEqual([
      'Headlights: cut 2 dB at 300 Hz',
      'Less reverb',
      'Keep the fade',
    ]);
    expect(await texts({ kind: ['decision', 'version'] })).toEqual(['v1 sent', 'Keep the fade']);
    expect(await texts({ status: 'open' })).toEqual(['Vocal louder in the café scene']);
    expect(await texts({ versionId: 'v1', kind: 'client-request' })).toHaveLength(2);
    expect(await texts({ author: ['Kim', 'Sam'] })).toHaveLength(2);
    expect(await texts({ requestedBy: 'Kim' })).toEqual(['Less reverb']);
    expect(
      await texts({ since: '2026-11-04T00:00:00Z', until: new Date('2026-11-06T00:00:00Z') }),
    ).toEqual(['Vocal louder in the café scene', 'Less reverb']);
    expect(await texts({ tags: ['eq', 'fade'] })).toEqual(['Keep the fade']);
    expect(await texts({ text: 'CAFE vocal' })).toEqual(['Vocal louder in the café scene']);
    expect(await texts({ text: 'sam' })).toEqual(['Vocal louder in the café scene']);
    expect(await texts({ scopeKind: 'session' })).toEqual(['v1 sent']);
    expect((await journal.openRequests()).map((e) => e.note.text)).toEqual([
      'Vocal louder in the café scene',
    ]);
    await expect(journal.query({ since: 'last tuesday' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
