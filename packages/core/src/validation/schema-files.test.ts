import { describe, expect, it } from 'vitest';
import { schemaFiles } from '../generated/schema-files.js';

type Node = Record<string, unknown>;

/** Every object schema in a file, with a path for the failure message. */
function* objectSchemas(node: unknown, path: string): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* objectSchemas(item, `${path}/${i}`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.type === 'object' && n.properties) yield [path, n];
  for (const [key, value] of Object.entries(n)) yield* objectSchemas(value, `${path}/${key}`);
}

describe('the schema files', () => {
  const files = Object.entries(schemaFiles) as Array<[string, Node]>;

  it.each(files)(
    '%s has a stable $id under https://tapeop.dev/schema/ named after the file',
    (name, schema) => {
      expect(schema.$id).toBe(`https://tapeop.dev/schema/${name}`);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    },
  );

  it.each(files)('%s closes every object and describes every property', (name, schema) => {
    const missing: string[] = [];
    for (const [path, object] of objectSchemas(schema, name)) {
      if (object.additionalProperties !== false)
        missing.push(`${path}: additionalProperties is not false`);
      for (const [key, prop] of Object.entries(object.properties as Record<string, Node>)) {
        if (typeof prop.description !== 'string' || prop.description.length < 3)
          missing.push(`${path}/properties/${key}: no description`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('tags every document with its type and version 1', () => {
    const tags = files.flatMap(([, s]) => {
      const schemaProp = (s.properties as Record<string, Node> | undefined)?.schema;
      return schemaProp ? [schemaProp.const] : [];
    });
    expect(tags.sort()).toEqual([
      'AdapterManifest.1',
      'Marker.1',
      'Note.1',
      'QcReport.1',
      'Session.1',
      'Snapshot.1',
    ]);
  });
});
