import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { schemaFiles } from '../generated/schema-files.js';
import { customFormats } from './formats.js';

export const SCHEMA_BASE = 'https://tapeop.dev/schema/';

let ajv: Ajv2020 | undefined;

/**
 * One ajv for all documents, built on first use. Strict mode catches mistakes in the schema
 * files themselves; `verbose` keeps the offending value and schema on each error so that the
 * problems can say what was wrong in plain words; `logger: false` because libraries never print.
 */
function instance(): Ajv2020 {
  if (ajv) return ajv;
  const created = new Ajv2020({
    strict: true,
    strictTypes: true,
    allowUnionTypes: true,
    allErrors: true,
    verbose: true,
    logger: false,
  });
  addFormats(created, ['date-time', 'date']);
  for (const [name, format] of Object.entries(customFormats)) {
    created.addFormat(name, { type: 'string', validate: format.validate });
  }
  for (const schema of Object.values(schemaFiles)) created.addSchema(schema as object);
  ajv = created;
  return created;
}

const compiled = new Map<string, ValidateFunction>();

/** The compiled validator of one schema file, e.g. 'session.schema.json'. */
export function validatorFor(schemaFile: string): ValidateFunction {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    const found = instance().getSchema(SCHEMA_BASE + schemaFile);
    if (!found) throw new Error(`no schema ${schemaFile} among the embedded schema files`);
    validate = found;
    compiled.set(schemaFile, validate);
  }
  return validate;
}
