import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../journal/open-journal.js';
import { albumSession } from '../test-support/album-fixture.js';
import { albumJournal } from '../test-support/album-journal.js';
import { tempSession } from '../test-support/temp-session.js';
import { DAW_NOTES_BEGIN, DAW_NOTES_END, mergeDawNotes, renderDawNotes } from './daw-notes.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempSession());
});
afterEach(() => cleanup());

const options = { timeZone: 'UTC', now: new Date('2026-11-22T12:00:00Z') };

describe('renderDawNotes', () => {
  it('sums up the album, the version, open requests, latest changes and notes in plain text', async () => {
    const journal = await albumJournal(dir);
    const text = await renderDawNotes(albumSession(), journal, { ...options, lineWidth: 200 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Night Drive — The Example Band');
    expect(lines[1]).toBe(
      'Updated 2026-11-22 12:00 (UTC) · current version v1: v1 sent to client, 2026-11-20 17:30',
    );
    expect(text).toContain(
      'OPEN CLIENT REQUESTS (2)\n- City Lights: Vocal a touch louder in the second chorus (Sam Client, v1)\n',
    );
    expect(text).toMatch(
      /LATEST CHANGES \(3 of 3\)\n- \S+ \S+ Headlights · Pro-Q 3 · Band 2 Gain: \+1\.5 dB → \+2\.0 dB\n/,
    );
    expect(text).toContain(
      '- Headlights @ 00:01:40.000: Small click at 1:40, fixed with a 5 ms crossfade',
    );
    expect(text).toContain('- Session: decision: Keep the 2 s gaps between songs');
    expect(text).not.toContain('wrong album');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('keeps a note on one line, without terminal escapes or bells', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    await journal.append({ text: 'first line\nsecond \u001b[31mred\u001b[0m line\u0007' });
    const text = await renderDawNotes(albumSession(), journal, options);
    expect(text).toContain('- Session: first line / second [31mred[0m line\n');
    expect(text.includes('\u001b')).toBe(false);
    expect(text.includes('\u0007')).toBe(false);
  });

  it('keeps to the line width and the counts asked for', async () => {
    const journal = await albumJournal(dir);
    const text = await renderDawNotes(albumSession(), journal, {
      ...options,
      lineWidth: 50,
      maxChanges: 1,
      maxNotes: 1,
    });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(text).toContain('LATEST CHANGES (1 of 3)');
    expect(text).toContain('NOTES (1 of 3)');
    expect(text).toContain('…');
  });

  it('says so when nothing is open', async () => {
    const text = await renderDawNotes(albumSession(), openJournal(dir), options);
    expect(text).toContain('OPEN CLIENT REQUESTS (0)\n- none');
    expect(text).toContain('current version v1');
  });
});

describe('mergeDawNotes', () => {
  const block = 'Night Drive\nOPEN CLIENT REQUESTS (0)\n- none\n';

  it("adds tapeop's part after the engineer's own notes, then replaces only that part", () => {
    const own = 'Use the Neve for the low end.\nCall Sam on Friday.';
    const first = mergeDawNotes(own, block);
    expect(first).toBe(
      `${own}\n\n${DAW_NOTES_BEGIN}\nNight Drive\nOPEN CLIENT REQUESTS (0)\n- none\n${DAW_NOTES_END}\n`,
    );
    const edited = `${first}A line the engineer added later.\n`;
    const second = mergeDawNotes(edited, 'Night Drive\nOPEN CLIENT REQUESTS (1)\n');
    expect(second).toBe(
      `${own}\n\n${DAW_NOTES_BEGIN}\nNight Drive\nOPEN CLIENT REQUESTS (1)\n${DAW_NOTES_END}\nA line the engineer added later.\n`,
    );
    expect(mergeDawNotes(second, 'Night Drive\nOPEN CLIENT REQUESTS (1)\n')).toBe(second);
  });

  it('fills empty notes, keeps CRLF line ends, and never drops a line when the end marker is gone', () => {
    expect(mergeDawNotes('', block)).toBe(`${DAW_NOTES_BEGIN}\n${block}${DAW_NOTES_END}\n`);
    const windows = 'Mine\r\n';
    expect(mergeDawNotes(windows, block)).toBe(
      `Mine\r\n\r\n${DAW_NOTES_BEGIN}\r\nNight Drive\r\nOPEN CLIENT REQUESTS (0)\r\n- none\r\n${DAW_NOTES_END}\r\n`,
    );
    const broken = `${DAW_NOTES_BEGIN}\nold\nmy own line\n`;
    const merged = mergeDawNotes(broken, block);
    expect(merged.startsWith(broken)).toBe(true);
    expect(merged).toContain(`${DAW_NOTES_BEGIN}\n${block}${DAW_NOTES_END}`);
  });
});
