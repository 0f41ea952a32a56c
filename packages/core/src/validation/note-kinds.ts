import { schemaFiles } from '../generated/schema-files.js';

const note = schemaFiles['note.schema.json'].properties;

/** What a journal entry can record, read from the Note schema so that no list can fall behind it. */
export const NOTE_KINDS = note.kind.enum;

/** Where a client request can stand, read from the Note schema. */
export const REQUEST_STATUSES = note.status.enum;
