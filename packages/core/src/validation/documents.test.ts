import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTapeopError } from '../errors/tapeop-error.js';
import type { Session } from '../generated/types.js';
import {
  assertDocument,
  currentSchemaTag,
  documentTypes,
  parseNote,
  parseSession,
  readDocument,
  validateMarker,
  validateSession,
  validateSnapshot,
} from './documents.js';
import { formatProblem } from './problem.js';
import { createUpgradeRegistry } from './upgrades.js';

const example = join(import.meta.dirname, '../../examples/small-album');
const sessionText = readFileSync(join(example, 'session.json'), 'utf8');
const session = () => JSON.parse(sessionText) as Session;

describe('the example album', () => {
  it('is a valid Session.1', () => {
    const result = parseSession(sessionText);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok && result.value.songs.map((s) => s.id)).toEqual([
      'headlights',
      'city-lights',
      'overpass',
      'last-exit',
    ]);
  });

  it('has valid notes, one per line', () => {
    const lines = readFileSync(join(example, 'notes.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      const result = parseNote(line);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    }
  });

  it('has valid snapshots, and their markers are valid markers', () => {
    for (const file of readdirSync(join(example, 'snapshots'))) {
      const snapshot = JSON.parse(readFileSync(join(example, 'snapshots', file), 'utf8'));
      const result = validateSnapshot(snapshot);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
      for (const marker of snapshot.markers) expect(validateMarker(marker).ok).toBe(true);
    }
  });
});

describe('validation', () => {
  it('reports the problem the way the brief describes it', () => {
    const doc = session();
    doc.songs[3]!.isrc = 'GB-AAA-24-0001X';
    const result = validateSession(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatProblem(result.problems[0]!)).toBe(
      '/songs/3/isrc: "GB-AAA-24-0001X" is not an ISRC (12 characters: 2 letters, 3 letters or digits, 2 digits, 5 digits): designation code "0001X" must be 5 digits',
    );
    expect(result.problems[0]!.value).toBe('GB-AAA-24-0001X');
  });

  it('reports every problem, not only the first', () => {
    const doc = session() as unknown as Record<string, unknown> & Session;
    doc.sampleRate = 12;
    doc.songs[0]!.title = '';
    (doc.album as unknown as Record<string, unknown>).upc = 'x';
    const result = validateSession(doc);
    expect(result.ok ? [] : result.problems.map((p) => p.pointer).sort()).toEqual([
      '/album/upc',
      '/sampleRate',
      '/songs/0/title',
    ]);
  });

  it('does not change the document it validates', () => {
    const doc = session();
    const copy = structuredClone(doc);
    validateSession(doc);
    expect(doc).toEqual(copy);
  });

  it('accepts a UTF-8 byte order mark before the JSON', () => {
    expect(parseSession(`\uFEFF${sessionText}`).ok).toBe(true);
  });

  it.each([
    ['{"a":}', "at line 1, column 6 (byte offset 5): Unexpected token '}'"],
    ['[1,]', "at line 1, column 4 (byte offset 3): Unexpected token ']'"],
    ['{\n  "x": tru}', "at line 2, column 11 (byte offset 12): Unexpected token '}'"],
    ['{"é":}', "at line 1, column 6 (byte offset 6): Unexpected token '}'"],
    ['{"a" 1}', "at line 1, column 6 (byte offset 5): Expected ':' after property name"],
    [
      '{"a":1}x',
      'at line 1, column 8 (byte offset 7): Unexpected non-whitespace character after JSON',
    ],
    ['nul', 'at line 1, column 4 (byte offset 3): Unexpected end of JSON input'],
  ])('says where the JSON syntax of %j breaks', (text, where) => {
    const result = parseSession(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual([`is not valid JSON ${where}`]);
  });

  it('throws one TapeopError naming the file from assertDocument and readDocument', () => {
    const doc = session();
    doc.sampleRate = 1;
    try {
      assertDocument('Session', doc, { source: 'album/session.json' });
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'SCHEMA_INVALID')).toBe(true);
      const e = error as Error & { details: { problems: unknown[]; source: string }; hint: string };
      expect(e.message).toBe(
        'album/session.json: not a valid Session document (1 problem):\n  /sampleRate: 1 is below the minimum 8000',
      );
      expect(e.details.source).toBe('album/session.json');
      expect(e.hint).toMatch(/Fix the fields listed above in album\/session.json/);
    }
    expect(() => readDocument('Session', '{"schema":"Session.9"}')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_TOO_NEW' }),
    );
  });

  it('names the current tag of every document type', () => {
    expect(documentTypes.map(currentSchemaTag)).toEqual([
      'Session.1',
      'Marker.1',
      'Snapshot.1',
      'Note.1',
      'AdapterManifest.1',
      'QcReport.1',
    ]);
  });

  it('reports only warnings-free results for a valid document', () => {
    const result = validateSession(session());
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe('upgrades (OpenTimelineIO style)', () => {
  // A Session.1 that an imaginary future tapeop reads as Session.3, through two steps.
  const upgrades = createUpgradeRegistry();
  upgrades.register('Widget', 1, (doc) => ({ ...doc, label: doc.name, name: undefined }));
  upgrades.register('Widget', 2, (doc) => ({ ...doc, tags: [] }));

  it('chains one function per version step', () => {
    const result = upgrades.upgrade({ schema: 'Widget.1', name: 'knob' }, 'Widget', 3);
    expect(result).toEqual({
      ok: true,
      fromVersion: 1,
      document: { schema: 'Widget.3', label: 'knob', name: undefined, tags: [] },
    });
  });

  it('starts from the document version', () => {
    const result = upgrades.upgrade({ schema: 'Widget.2', label: 'knob' }, 'Widget', 3);
    expect(result).toEqual({
      ok: true,
      fromVersion: 2,
      document: { schema: 'Widget.3', label: 'knob', tags: [] },
    });
  });

  it('passes current documents through untouched', () => {
    const doc = { schema: 'Widget.3', label: 'knob', tags: ['a'] };
    const result = upgrades.upgrade(doc, 'Widget', 3);
    expect(result.ok && result.document).toBe(doc);
  });

  it('never changes the caller’s document', () => {
    const doc = { schema: 'Widget.1', name: 'knob' };
    upgrades.upgrade(doc, 'Widget', 3);
    expect(doc).toEqual({ schema: 'Widget.1', name: 'knob' });
  });

  it('refuses documents from a newer version and missing steps', () => {
    const tooNew = upgrades.upgrade({ schema: 'Widget.4' }, 'Widget', 3);
    expect(tooNew.ok || tooNew.problems[0]!.rule).toBe('schema-too-new');
    const gap = upgrades.upgrade({ schema: 'Widget.0' }, 'Widget', 3);
    expect(gap.ok || gap.problems[0]!.message).toBe(
      '"Widget.0" cannot be read: there is no upgrade from Widget.0 to Widget.1',
    );
  });

  it('refuses registering the same step twice', () => {
    expect(() => upgrades.register('Widget', 1, (d) => d)).toThrow(/already registered/);
  });

  it('is what validateDocument uses, before the schema check', () => {
    const registry = createUpgradeRegistry();
    // A hypothetical Session.0 that called the album "record".
    registry.register('Session', 0, ({ record, ...rest }) => ({ ...rest, album: record }));
    const { album, ...rest } = session();
    const old = { ...rest, schema: 'Session.0', record: album };
    const result = validateSession(old, { upgrades: registry });
    expect(result.ok && result.upgradedFrom).toBe(0);
    expect(result.ok && result.value.album.title).toBe('Night Drive');
    expect(result.ok && result.value.schema).toBe('Session.1');
  });
});
