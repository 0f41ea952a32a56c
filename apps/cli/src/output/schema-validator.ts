import { schemaFiles } from '@tapeop/core';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from './json-schema.js';

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Validates values against the CLI's schemas (hub params, command results), which refer to
 * core's document schemas by $id. Formats are not checked here: documents are checked by
 * core's own validation, which also applies the rules across fields.
 */
export function schemaValidator(schema: JsonSchema): ValidateFunction {
  ajv ??= (() => {
    const created = new Ajv2020({
      allErrors: true,
      strict: false,
      validateFormats: false,
      logger: false,
    });
    for (const file of Object.values(schemaFiles)) created.addSchema(file as object);
    return created;
  })();
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** One line per problem: `/gapSec: must be >= 0`. */
export function describeSchemaErrors(
  validate: ValidateFunction,
): Array<{ pointer: string; message: string }> {
  return (validate.errors ?? []).map((e) => ({
    pointer: e.instancePath || '/',
    message:
      e.keyword === 'additionalProperties'
        ? `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : e.keyword === 'required'
          ? `"${(e.params as { missingProperty: string }).missingProperty}" is required`
          : (e.message ?? e.keyword),
  }));
}
