import { TapeopError } from '../errors/tapeop-error.js';
import type {
  AdapterManifest,
  Marker,
  Note,
  QcReport,
  Session,
  Snapshot,
} from '../generated/types.js';
import { validatorFor } from './ajv-instance.js';
import { checkMarker } from './checks/marker-checks.js';
import { checkNote } from './checks/note-checks.js';
import { checkSession } from './checks/session-checks.js';
import { checkSnapshot } from './checks/snapshot-checks.js';
import { describeAjvErrors } from './describe-ajv-error.js';
import { formatProblem, type Problem } from './problem.js';
import { defaultUpgrades, type UpgradeRegistry } from './upgrades.js';

/** The persisted document types, their current version and their semantic rules. */
interface DocumentSpec<T> {
  version: number;
  schemaFile: string;
  check: (value: T) => Problem[];
}

export interface DocumentTypes {
  Session: Session;
  Marker: Marker;
  Snapshot: Snapshot;
  Note: Note;
  AdapterManifest: AdapterManifest;
  QcReport: QcReport;
}

export type DocumentType = keyof DocumentTypes;

const specs: { [K in DocumentType]: DocumentSpec<DocumentTypes[K]> } = {
  Session: { version: 1, schemaFile: 'session.schema.json', check: checkSession },
  Marker: { version: 1, schemaFile: 'marker.schema.json', check: (m) => checkMarker(m) },
  Snapshot: { version: 1, schemaFile: 'snapshot.schema.json', check: checkSnapshot },
  Note: { version: 1, schemaFile: 'note.schema.json', check: checkNote },
  AdapterManifest: { version: 1, schemaFile: 'adapter-manifest.schema.json', check: () => [] },
  QcReport: { version: 1, schemaFile: 'qc-report.schema.json', check: () => [] },
};

export const documentTypes = Object.keys(specs) as DocumentType[];

/** The `schema` tag tapeop writes for each document type, e.g. 'Session.1'. */
export function currentSchemaTag(type: DocumentType): string {
  return `${type}.${specs[type].version}`;
}

export type ValidationResult<T> =
  | { ok: true; value: T; warnings: Problem[]; upgradedFrom?: number }
  | { ok: false; problems: Problem[] };

export interface ValidateOptions {
  /** Upgrade functions to use for older versions (the built-in ones by default). */
  upgrades?: UpgradeRegistry;
}

/**
 * Validates a parsed document of `type`: upgrades an older version first, then checks it
 * against the schema, then applies the rules across fields. Returns the typed value or every
 * problem found (never just the first).
 */
export function validateDocument<K extends DocumentType>(
  type: K,
  value: unknown,
  options: ValidateOptions = {},
): ValidationResult<DocumentTypes[K]> {
  const spec = specs[type] as DocumentSpec<DocumentTypes[K]>;
  const upgraded = (options.upgrades ?? defaultUpgrades).upgrade(value, type, spec.version);
  if (!upgraded.ok) return upgraded;
  const validate = validatorFor(spec.schemaFile);
  if (!validate(upgraded.document)) {
    return { ok: false, problems: describeAjvErrors(validate.errors ?? []) };
  }
  const typed = upgraded.document as unknown as DocumentTypes[K];
  const found = spec.check(typed);
  const errors = found.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { ok: false, problems: found };
  return {
    ok: true,
    value: typed,
    warnings: found,
    ...(upgraded.fromVersion === spec.version ? {} : { upgradedFrom: upgraded.fromVersion }),
  };
}

/** Parses JSON text and validates it; a syntax error becomes a problem with its line and column. */
export function parseDocument<K extends DocumentType>(
  type: K,
  text: string,
  options: ValidateOptions = {},
): ValidationResult<DocumentTypes[K]> {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, problems: [jsonSyntaxProblem(text, error as Error)] };
  }
  return validateDocument(type, value, options);
}

function jsonSyntaxProblem(text: string, error: Error): Problem {
  const problem = (message: string): Problem => ({
    pointer: '',
    rule: 'json-syntax',
    severity: 'error',
    message: `is not valid JSON${message}`,
  });
  if (text.trim() === '') return problem(': the text is empty');
  const offset = syntaxErrorOffset(text, error.message);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return problem(
    ` at line ${line}, column ${column} (byte offset ${Buffer.byteLength(before)}): ${syntaxErrorReason(error.message)}`,
  );
}

/**
 * Where JSON.parse gave up, in UTF-16 units. V8 states the position for most errors but not for
 * an unexpected token (`Unexpected token '}', "{"a":}" is not valid JSON`); then the first
 * prefix of the text that fails for a reason other than running out of text ends just after
 * the offending character (the parser reads left to right, so that prefix is found by bisection).
 */
function syntaxErrorOffset(text: string, message: string): number {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]);
  if (/end of JSON input/.test(message)) return text.length;
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (breaksBeforeEnd(text.slice(0, middle))) high = middle;
    else low = middle + 1;
  }
  return high - 1;
}

function breaksBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (/end of JSON input/.test(message)) return false;
    const stated = /at position (\d+)/.exec(message);
    return stated ? Number(stated[1]) < prefix.length : true;
  }
}

/** V8's message without the position and the quoted excerpt of the text it adds. */
function syntaxErrorReason(message: string): string {
  return message
    .replace(/, [\s\S]*is not valid JSON$/, '')
    .replace(/ (in JSON )?at position \d+[\s\S]*$/, '');
}

/**
 * Validates and returns the typed document, or throws SCHEMA_INVALID (SCHEMA_TOO_NEW for a
 * document from a newer tapeop) whose message lists the problems and names `source`.
 */
export function assertDocument<K extends DocumentType>(
  type: K,
  value: unknown,
  options: ValidateOptions & { source?: string } = {},
): DocumentTypes[K] {
  const result = validateDocument(type, value, options);
  if (result.ok) return result.value;
  throw problemsError(type, result.problems, options.source);
}

/** Like assertDocument, from JSON text. */
export function readDocument<K extends DocumentType>(
  type: K,
  text: string,
  options: ValidateOptions & { source?: string } = {},
): DocumentTypes[K] {
  const result = parseDocument(type, text, options);
  if (result.ok) return result.value;
  throw problemsError(type, result.problems, options.source);
}

function problemsError(type: DocumentType, problems: Problem[], source?: string): TapeopError {
  const tooNew = problems.some((p) => p.rule === 'schema-too-new');
  const where = source ? `${source}: ` : '';
  const shown = problems.slice(0, 10).map((p) => `  ${formatProblem(p)}`);
  if (problems.length > shown.length)
    shown.push(`  ... and ${problems.length - shown.length} more`);
  return new TapeopError(
    tooNew ? 'SCHEMA_TOO_NEW' : 'SCHEMA_INVALID',
    `${where}not a valid ${type} document (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${shown.join('\n')}`,
    {
      details: { type, problems, ...(source ? { source } : {}) },
      hint: tooNew
        ? 'Upgrade tapeop to read this document.'
        : `Fix the fields listed above${source ? ` in ${source}` : ''} and try again.`,
    },
  );
}

export const validateSession = (value: unknown, options?: ValidateOptions) =>
  validateDocument('Session', value, options);
export const parseSession = (text: string, options?: ValidateOptions) =>
  parseDocument('Session', text, options);
export const validateMarker = (value: unknown, options?: ValidateOptions) =>
  validateDocument('Marker', value, options);
export const parseMarker = (text: string, options?: ValidateOptions) =>
  parseDocument('Marker', text, options);
export const validateSnapshot = (value: unknown, options?: ValidateOptions) =>
  validateDocument('Snapshot', value, options);
export const parseSnapshot = (text: string, options?: ValidateOptions) =>
  parseDocument('Snapshot', text, options);
export const validateNote = (value: unknown, options?: ValidateOptions) =>
  validateDocument('Note', value, options);
export const parseNote = (text: string, options?: ValidateOptions) =>
  parseDocument('Note', text, options);
export const validateAdapterManifest = (value: unknown, options?: ValidateOptions) =>
  validateDocument('AdapterManifest', value, options);
export const parseAdapterManifest = (text: string, options?: ValidateOptions) =>
  parseDocument('AdapterManifest', text, options);
export const validateQcReport = (value: unknown, options?: ValidateOptions) =>
  validateDocument('QcReport', value, options);
export const parseQcReport = (text: string, options?: ValidateOptions) =>
  parseDocument('QcReport', text, options);
