import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryAdapterManifest } from '../testing/memory-adapter.js';
import { type DocumentType, parseDocument, validateDocument } from './documents.js';

const root = join(import.meta.dirname, '../..');
const fixtureDir = join(root, 'test/fixtures/invalid');
const example = join(root, 'examples/small-album');

const bases: Record<string, () => unknown> = {
  session: () => JSON.parse(readFileSync(join(example, 'session.json'), 'utf8')),
  note: () => JSON.parse(readFileSync(join(example, 'notes.jsonl'), 'utf8').split('\n')[1]!),
  snapshot: () =>
    JSON.parse(readFileSync(join(example, 'snapshots/01M7X042E0V5QP5JMPNNVHAH9N-v1.json'), 'utf8')),
  marker: () => (bases.snapshot!() as { markers: unknown[] }).markers[0],
  manifest: () => structuredClone(memoryAdapterManifest),
};

interface Fixture {
  description: string;
  type: DocumentType;
  base?: string;
  patch?: Array<{ op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }>;
  document?: unknown;
  text?: string;
  expect: Array<{ pointer: string; message: string }>;
}

/** The add/replace/remove subset of JSON Patch (RFC 6902), enough to derive each fixture from a valid base. */
function applyPatch(document: unknown, patch: NonNullable<Fixture['patch']>): unknown {
  for (const { op, path, value } of patch) {
    const keys = path
      .split('/')
      .slice(1)
      .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop()!;
    let parent = document as Record<string, unknown>;
    for (const key of keys) parent = parent[key] as Record<string, unknown>;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op === 'remove') parent.splice(index, 1);
      else if (op === 'add') parent.splice(index, 0, value);
      else parent[index] = value;
    } else if (op === 'remove') {
      delete parent[last];
    } else {
      parent[last] = value;
    }
  }
  return document;
}

const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({
    file,
    ...(JSON.parse(readFileSync(join(fixtureDir, file), 'utf8')) as Fixture),
  }));

describe('invalid documents', () => {
  it('has at least 30 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)('$file: $description', (fixture) => {
    const result =
      fixture.text !== undefined
        ? parseDocument(fixture.type, fixture.text)
        : validateDocument(
            fixture.type,
            fixture.base
              ? applyPatch(bases[fixture.base]!(), fixture.patch ?? [])
              : fixture.document,
          );
    expect(result.ok).toBe(false);
    const problems = result.ok
      ? []
      : result.problems.map(({ pointer, message }) => ({ pointer, message }));
    expect(problems).toEqual(fixture.expect);
  });
});
