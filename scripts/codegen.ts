// Generates @tapeop/core's TypeScript types, embedded schema module and schema reference
// from the JSON Schema files in packages/core/schema.
//
//   npm run codegen          write the generated files
//   npm run codegen:check    exit 1 when a generated file is missing or stale
//
// Options (for tests): --schema-dir <dir> --out-dir <dir> --docs <file>
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface CodegenPaths {
  schemaDir: string;
  outDir: string;
  docsFile: string;
}

export const defaultPaths: CodegenPaths = {
  schemaDir: join(root, 'packages/core/schema'),
  outDir: join(root, 'packages/core/src/generated'),
  docsFile: join(root, 'packages/core/docs/schema-reference.md'),
};

/** Documents are the schemas that carry a `schema` field; the rest are building blocks. */
async function readSchemas(schemaDir: string): Promise<Map<string, JsonObject>> {
  const names = (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json')).sort();
  const schemas = new Map<string, JsonObject>();
  for (const name of names) {
    const text = await readFile(join(schemaDir, name), 'utf8');
    try {
      schemas.set(name, JSON.parse(text) as JsonObject);
    } catch (error) {
      throw new Error(`${join(schemaDir, name)}: not valid JSON (${(error as Error).message})`);
    }
  }
  return schemas;
}

// json-schema-to-typescript turns every `$ref` that has sibling keywords (our property
// descriptions) into a fresh copy of the referenced type (Song1, Song2, ...). The
// descriptions stay in the schema for ajv and the reference docs; the type compiler
// sees bare `$ref`s so each named type is declared once.
function bareRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(bareRefs);
  if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') return { $ref: node.$ref };
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) out[key] = bareRefs(value);
    return out;
  }
  return node;
}

function banner(sources: string[]): string {
  return [
    '// GENERATED FILE: do not edit. Run `npm run codegen` after changing the schema files.',
    `// Source: ${sources.map((s) => `packages/core/schema/${s}`).join(', ')}`,
    '',
  ].join('\n');
}

async function generateTypes(schemas: Map<string, JsonObject>): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'tapeop-codegen-'));
  try {
    const documents: JsonObject = {};
    for (const [name, schema] of schemas) {
      await writeFile(join(scratch, name), JSON.stringify(bareRefs(schema)));
      if (isDocument(schema)) documents[name.replace('.schema.json', '')] = { $ref: name };
    }
    const rootSchema = {
      title: 'TapeopDocuments',
      type: 'object',
      additionalProperties: false,
      properties: documents,
    } as JSONSchema;
    const ts = await compile(rootSchema, 'TapeopDocuments', {
      cwd: scratch,
      bannerComment: '',
      unreachableDefinitions: true,
      strictIndexSignatures: true,
      additionalProperties: false,
      format: true,
      $refOptions: { resolve: { http: false } },
    });
    // The synthetic root only exists to reach every document; it is not a tapeop type.
    const withoutRoot = ts.replace(/export interface TapeopDocuments \{[^}]*\}\n/, '');
    return `${banner([...schemas.keys()])}${withoutRoot.trimStart()}`;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function isDocument(schema: JsonObject): boolean {
  const props = schema.properties as JsonObject | undefined;
  return Boolean(props && typeof props.schema === 'object');
}

function generateSchemaModule(schemas: Map<string, JsonObject>): string {
  const lines = [banner([...schemas.keys()])];
  lines.push('/** The schema files, embedded so that validation needs no file access. */');
  lines.push('export const schemaFiles = {');
  for (const [name, schema] of schemas) {
    lines.push(`  ${JSON.stringify(name)}: ${JSON.stringify(schema)},`);
  }
  lines.push('} as const;', '');
  return lines.join('\n');
}

function generateDocs(schemas: Map<string, JsonObject>): string {
  const out: string[] = [
    '<!-- GENERATED FILE: do not edit. Run `npm run codegen` after changing the schema files. -->',
    '',
    '# tapeop schema reference',
    '',
    'Every persisted document carries its type and version in `schema` (for example `"schema": "Session.1"`).',
    'Generated from `packages/core/schema/*.schema.json`.',
    '',
  ];
  const describeType = (node: JsonObject): string => {
    if (typeof node.$ref === 'string') {
      const target = node.$ref.split('#/$defs/')[1] ?? node.$ref.replace('.schema.json', '');
      return `see \`${target}\``;
    }
    if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
    if (Array.isArray(node.enum)) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
    if (node.type === 'array' && node.items && typeof node.items === 'object') {
      return `array of ${describeType(node.items as JsonObject)}`;
    }
    if (node.format) return `${String(node.type)} (${String(node.format)})`;
    return Array.isArray(node.type) ? node.type.join(' or ') : String(node.type ?? 'any');
  };
  const table = (title: string, node: JsonObject): void => {
    out.push(`### ${title}`, '', String(node.description ?? ''), '');
    const props = node.properties as Record<string, JsonObject> | undefined;
    if (!props) {
      out.push(`Type: ${describeType(node)}`, '');
      return;
    }
    const required = new Set((node.required as string[] | undefined) ?? []);
    out.push('| Field | Type | Required | Description |', '|---|---|---|---|');
    for (const [key, prop] of Object.entries(props)) {
      const text = String(prop.description ?? '').replaceAll('|', '\\|');
      out.push(
        `| \`${key}\` | ${describeType(prop)} | ${required.has(key) ? 'yes' : ''} | ${text} |`,
      );
    }
    out.push('');
  };
  for (const [name, schema] of schemas) {
    out.push(`## ${String(schema.title)} (\`${name}\`)`, '', `\`$id\`: ${String(schema.$id)}`, '');
    if (schema.properties) table(String(schema.title), schema);
    for (const [key, def] of Object.entries((schema.$defs as Record<string, JsonObject>) ?? {})) {
      table(`${String(def.title ?? key)} (\`${key}\`)`, def);
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export async function generate(paths: CodegenPaths): Promise<Map<string, string>> {
  const schemas = await readSchemas(paths.schemaDir);
  const files = new Map<string, string>();
  files.set(join(paths.outDir, 'types.ts'), await generateTypes(schemas));
  files.set(join(paths.outDir, 'schema-files.ts'), generateSchemaModule(schemas));
  files.set(paths.docsFile, generateDocs(schemas));
  return files;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** Returns the generated files that are missing or differ from what the schema produces. */
export async function findStale(paths: CodegenPaths): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, text] of await generate(paths)) {
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current !== text) stale.push(file);
  }
  return stale;
}

function parseArgs(argv: string[]): { check: boolean; paths: CodegenPaths } {
  const paths = { ...defaultPaths };
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => resolve(argv[++i] ?? '');
    if (arg === '--check') check = true;
    else if (arg === '--schema-dir') paths.schemaDir = value();
    else if (arg === '--out-dir') paths.outDir = value();
    else if (arg === '--docs') paths.docsFile = value();
    else throw new Error(`codegen: unknown option ${arg}`);
  }
  return { check, paths };
}

async function main(): Promise<void> {
  const { check, paths } = parseArgs(process.argv.slice(2));
  if (check) {
    const stale = await findStale(paths);
    if (stale.length > 0) {
      console.error('Generated files are stale or missing:');
      for (const file of stale) console.error(`  ${relative(process.cwd(), file)}`);
      console.error('Run `npm run codegen` and commit the result.');
      process.exit(1);
    }
    console.log('Generated files are up to date.');
    return;
  }
  for (const [file, text] of await generate(paths)) {
    await writeAtomically(file, text);
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
