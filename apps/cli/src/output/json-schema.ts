/** A JSON Schema (2020-12) object, as the CLI's output schemas are written. */
export type JsonSchema = { [key: string]: unknown };

/** Where the core document schemas live; the CLI's output schemas refer to them by $id. */
export const CORE_SCHEMA = 'https://tapeop.dev/schema/';

export const ref = (file: string, fragment = '') => ({ $ref: `${CORE_SCHEMA}${file}${fragment}` });

/** An object whose listed properties are all required unless named in `optional`. */
export function object(
  properties: Record<string, JsonSchema>,
  options: { optional?: string[]; description?: string; additional?: boolean } = {},
): JsonSchema {
  const optional = new Set(options.optional ?? []);
  return {
    type: 'object',
    ...(options.description ? { description: options.description } : {}),
    additionalProperties: options.additional ?? false,
    required: Object.keys(properties).filter((key) => !optional.has(key)),
    properties,
  };
}

export const string = (description?: string): JsonSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
});
export const number = (description?: string): JsonSchema => ({
  type: 'number',
  ...(description ? { description } : {}),
});
export const integer = (description?: string): JsonSchema => ({
  type: 'integer',
  ...(description ? { description } : {}),
});
export const boolean = (description?: string): JsonSchema => ({
  type: 'boolean',
  ...(description ? { description } : {}),
});
export const array = (items: JsonSchema, description?: string): JsonSchema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
export const oneOfStrings = (values: readonly string[], description?: string): JsonSchema => ({
  type: 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});
