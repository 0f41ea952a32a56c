import type { ErrorObject } from 'ajv';
import { customFormats, standardFormatMessages } from './formats.js';
import { joinPointer, type Problem, representValue } from './problem.js';

type SchemaNode = {
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  $ref?: string;
};

/** Turns one ajv error into a Problem with a plain-words sentence. */
export function describeAjvError(error: ErrorObject): Problem {
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const value: unknown = error.data;
  const shown = representValue(value);
  const base = { severity: 'error' as const, rule: error.keyword };
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const description = parent.properties?.[missing]?.description;
      return {
        ...base,
        pointer: joinPointer(error.instancePath, missing),
        message: description
          ? `is missing (required: ${lowerFirst(description)})`
          : 'is missing (required)',
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const guess = closest(extra, known);
      const owner = parent.title ? `a ${parent.title}` : 'this object';
      const suggestion = guess
        ? `; did you mean "${guess}"?`
        : `; known fields: ${known.join(', ')}`;
      return {
        ...base,
        pointer: joinPointer(error.instancePath, extra),
        message: `is not a field of ${owner}${suggestion}`,
      };
    }
    case 'type': {
      const types = String(params.type).split(',');
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} should be ${types.map(article).join(' or ')}`,
      };
    }
    case 'const':
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} should be ${JSON.stringify(params.allowedValue)}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v)).join(', ');
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} is not one of: ${allowed}`,
      };
    }
    case 'format': {
      const format = String(params.format);
      const custom = customFormats[format];
      const text = custom
        ? custom.explain(String(value))
        : (standardFormatMessages[format] ?? `is not in the ${format} format`);
      return { ...base, pointer: error.instancePath, value, message: `${shown} ${text}` };
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} is below the ${error.keyword === 'minimum' ? 'minimum' : 'exclusive minimum'} ${String(params.limit)}`,
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} is above the ${error.keyword === 'maximum' ? 'maximum' : 'exclusive maximum'} ${String(params.limit)}`,
      };
    case 'minLength':
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message:
          params.limit === 1
            ? `${shown} should not be empty`
            : `${shown} is shorter than ${String(params.limit)} characters`,
      };
    case 'maxLength':
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} is longer than ${String(params.limit)} characters`,
      };
    case 'pattern': {
      const what = parent.description
        ? `: ${lowerFirst(parent.description)}`
        : ` ${String(params.pattern)}`;
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} does not have the expected form${what}`,
      };
    }
    case 'uniqueItems':
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `has the same item twice (items ${String(params.j)} and ${String(params.i)})`,
      };
    case 'propertyNames':
      return {
        ...base,
        pointer: joinPointer(error.instancePath, String(params.propertyName)),
        message: `"${String(params.propertyName)}" is not a valid namespace (lower-case words separated by dots, e.g. "reaper" or "studio.example")`,
      };
    default:
      return {
        ...base,
        pointer: error.instancePath,
        value,
        message: `${shown} ${error.message ?? 'is not valid'}`,
      };
  }
}

/**
 * ajv reports a failed `propertyNames` twice: once for the pattern inside it (pointing at the
 * object) and once for propertyNames itself. Keep the second, which names the key.
 */
export function describeAjvErrors(errors: readonly ErrorObject[]): Problem[] {
  const namesFailed = new Set(
    errors.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath),
  );
  return errors
    .filter((e) => !(namesFailed.has(e.instancePath) && e.schemaPath.includes('/propertyNames/')))
    .map(describeAjvError);
}

function article(type: string): string {
  if (type === 'null') return 'null';
  if (type === 'array') return 'an array';
  if (type === 'object') return 'an object';
  if (type === 'integer') return 'an integer';
  if (type === 'boolean') return 'true or false';
  return `a ${type}`;
}

function lowerFirst(text: string): string {
  const trimmed = text.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}

/** The known name within edit distance 2 of `name`, for "did you mean" hints. */
function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
